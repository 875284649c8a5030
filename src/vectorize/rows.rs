//! What a counting worker produces, shared by the two ways of counting
//! (terms by their text, and words and word n-grams by their ids; see
//! `count` and `ngrams`): a worker's vocabulary and rows, one document's
//! counts, and the merge of the workers' vocabularies.

use rayon::prelude::*;

use super::vocabulary::Interner;
use super::TermList;
use crate::display::DisplayVotes;

/// "No id": a filtered-out token, or a term outside the n-gram range.
pub(super) const NONE: u32 = u32::MAX;

/// A term: the shorter n-gram it extends (`NONE` for a word) and its last word.
///
/// Its order (1 for a word) is not kept: it is its prefix's plus one, and the
/// merge, which alone needs it, meets every prefix first. Eight bytes rather
/// than twelve with a byte of order and padding: a worker makes millions of
/// these with word pairs, in memory first touched.
#[derive(Debug, Clone, Copy)]
pub(super) struct TermDef {
    pub(super) prefix: u32,
    pub(super) word: u32,
}

/// What one worker produced: its vocabulary and its rows (in local ids).
#[derive(Default)]
pub(super) struct WorkerRows {
    /// Terms (string path) or words (word n-gram path).
    pub(super) interner: Interner,
    /// Word n-gram path: the worker's term definitions.
    pub(super) defs: Vec<TermDef>,
    /// The documents it counted, by position in the corpus.
    pub(super) docs: Vec<usize>,
    /// Its rows' `(local term id, count)`, each id once within a row, in no
    /// particular order (the matrix is sorted by final column when assembled).
    pub(super) rows: RowStore,
    /// Words in each of its documents.
    pub(super) tokens: Vec<u64>,
    /// Counting totals only: per local term id, the documents it occurs in
    /// and its occurrences (instead of `pairs`).
    pub(super) totals: Vec<(u64, u64)>,
    /// Word n-gram path: how often its words were written in each form
    /// other than themselves (see `WordGrams::votes`), and the forms.
    pub(super) written: Vec<(u32, u32, u64)>,
    pub(super) forms: TermList,
    /// Word n-gram path: how often each word was written as it is matched.
    pub(super) same: Vec<u64>,
    /// String path: the written forms of its words.
    pub(super) votes: DisplayVotes,
}

/// A worker's rows, in segments of at least [`RowStore::SEGMENT`] pairs,
/// each allocated once and never moved.
///
/// One vector grown by doubling copied every pair again at each doubling,
/// into memory fresh from the kernel (which zeroes it first): with two
/// workers over 100 MB that was 7% of a fit's CPU time (perf).
#[derive(Debug, Default)]
pub(super) struct RowStore {
    segments: Vec<Vec<(u32, u32)>>,
    /// Each row's segment and its span there.
    rows: Vec<(u32, u32, u32)>,
}

impl RowStore {
    /// Pairs a new segment holds, unless a row needs more: 8 MB.
    const SEGMENT: usize = 1 << 20;

    /// Adds `counts`' pairs as the next row (and resets `counts`).
    pub(super) fn push(&mut self, counts: &mut DocCounts) {
        let need = counts.pending();
        if self
            .segments
            .last()
            .is_none_or(|s| s.capacity() - s.len() < need)
        {
            self.segments
                .push(Vec::with_capacity(Self::SEGMENT.max(need)));
        }
        let s = self.segments.len() - 1;
        let segment = &mut self.segments[s];
        let start = segment.len();
        // `pending` bounds what `drain_into` appends: the segment never grows.
        counts.drain_into(segment);
        let end = u32::try_from(segment.len()).expect("a segment holds fewer than 2^32 pairs");
        self.rows.push((s as u32, start as u32, end));
    }

    /// Row `r`'s pairs.
    pub(super) fn row(&self, r: usize) -> &[(u32, u32)] {
        let (s, a, b) = self.rows[r];
        &self.segments[s as usize][a as usize..b as usize]
    }

    /// Frees the segments that hold only rows before row `r` (all of them
    /// if `r` is past the last row): those rows are read no more.
    pub(super) fn free_before(&mut self, r: usize) {
        let end = self
            .rows
            .get(r)
            .map_or(self.segments.len(), |&(s, ..)| s as usize);
        for segment in &mut self.segments[..end] {
            *segment = Vec::new();
        }
    }
}

/// One document's counts.
///
/// The first [`DocCounts::DENSE`] term ids, which a worker meets first and
/// so are the frequent ones, are counted in an array indexed by id: a
/// quarter million counters (1 MB) stay in the processor's cache, and
/// counting is an increment, with no sort per document (unigrams on synth
/// 100 MB: sorting each document's ids was a tenth of the workers' time).
/// A worker's vocabulary runs to millions of terms with word pairs, and
/// an array over all of them would miss the cache on every token: the rest
/// are kept as a list of ids and sorted, which stays in cache. A long
/// document (a whole book read as one document) has that list folded into
/// sorted `(id, count)` runs every [`DocCounts::FOLD`] ids, so its memory
/// follows its vocabulary, not its length.
#[derive(Debug, Default)]
pub(super) struct DocCounts {
    /// Count of each id below `DENSE` in this document (zero for the rest),
    /// grown as larger ids come.
    dense: Vec<u32>,
    /// The ids below `DENSE` this document has, in order of first sight.
    seen: Vec<u32>,
    /// The document's other ids, one per occurrence.
    ids: Vec<u32>,
    /// Counts of other ids folded so far, by increasing id.
    folded: Vec<(u32, u32)>,
    scratch: Vec<(u32, u32)>,
}

impl DocCounts {
    /// Ids kept before they are folded into counts.
    const FOLD: usize = 1 << 16;
    /// Ids counted in the dense array.
    const DENSE: u32 = 1 << 18;

    /// One more occurrence of term `id`.
    #[inline]
    pub(super) fn bump(&mut self, id: u32) {
        if id < Self::DENSE {
            let i = id as usize;
            if i >= self.dense.len() {
                // Doubling, as ids come in order of first sight.
                let len = (i + 1).max(2 * self.dense.len()).min(Self::DENSE as usize);
                self.dense.resize(len, 0);
            }
            if self.dense[i] == 0 {
                self.seen.push(id);
            }
            self.dense[i] += 1;
            return;
        }
        self.ids.push(id);
        if self.ids.len() >= Self::FOLD {
            self.fold();
        }
    }

    /// Asks for the counters of `ids` (prefetch hints), to have them in
    /// cache for bumping them soon after: a document's words are known
    /// before any is counted, so the cache misses on the counters of its
    /// rarer words (the array outgrows the processor's fastest caches)
    /// overlap instead of coming one by one. Hints rather than loads: the
    /// processor does not wait for them (Python `fit_transform` of 100 MB:
    /// 0.98 times the wall time, two medians of 6 alternating pairs).
    #[inline]
    pub(super) fn touch(&self, ids: &[u32]) {
        for &id in ids {
            if let Some(c) = self.dense.get(id as usize..) {
                crate::memory::prefetch(c);
            }
        }
    }

    /// Sorts the pending ids and merges their counts into `folded`.
    fn fold(&mut self) {
        self.ids.sort_unstable();
        self.scratch.clear();
        let old = &self.folded;
        let mut i = 0;
        for run in self.ids.chunk_by(|a, b| a == b) {
            let (id, n) = (run[0], run.len() as u32);
            while i < old.len() && old[i].0 < id {
                self.scratch.push(old[i]);
                i += 1;
            }
            if i < old.len() && old[i].0 == id {
                self.scratch.push((id, old[i].1 + n));
                i += 1;
            } else {
                self.scratch.push((id, n));
            }
        }
        self.scratch.extend_from_slice(&old[i..]);
        std::mem::swap(&mut self.folded, &mut self.scratch);
        self.ids.clear();
    }

    /// At most how many pairs [`DocCounts::drain_into`] will append.
    pub(super) fn pending(&self) -> usize {
        self.seen.len() + self.ids.len() + self.folded.len()
    }

    /// Appends the document's `(id, count)` pairs to `pairs`, each id once,
    /// in no particular order, and resets.
    pub(super) fn drain_into(&mut self, pairs: &mut Vec<(u32, u32)>) {
        for &id in &self.seen {
            let count = std::mem::take(&mut self.dense[id as usize]);
            pairs.push((id, count));
        }
        self.seen.clear();
        if self.folded.is_empty() {
            // The usual case, a document shorter than FOLD tokens: no merge.
            self.ids.sort_unstable();
            pairs.extend(
                self.ids
                    .chunk_by(|a, b| a == b)
                    .map(|r| (r[0], r.len() as u32)),
            );
            self.ids.clear();
        } else {
            self.fold();
            pairs.append(&mut self.folded);
        }
    }
}

/// Sorts the union of the workers' vocabularies and maps every worker's
/// local ids to ranks in it. Sorting (term, worker, id) entries and merging
/// equal neighbours needs no hash table.
///
/// An entry carries the term's first 16 bytes and its length. Most words fit
/// in 16 bytes (8 Arabic letters), and for two such terms the prefix and the
/// length alone give their order and tell whether they are equal, so the sort
/// and the merge only read the strings of longer terms; every term is a
/// cache miss away in its worker's list, and each worker knows most words.
pub(super) fn merge_vocabularies(outs: &mut [WorkerRows]) -> (TermList, Vec<Vec<u32>>) {
    let locals: Vec<TermList> = outs
        .iter_mut()
        .map(|o| std::mem::take(&mut o.interner).into_terms())
        .collect();
    let mut entries: Vec<Entry> = Vec::with_capacity(locals.iter().map(TermList::len).sum());
    for (w, terms) in locals.iter().enumerate() {
        for (l, t) in terms.iter().enumerate() {
            entries.push(Entry {
                prefix: prefix_key(t),
                len: t.len(),
                worker: w as u32,
                local: l as u32,
            });
        }
    }
    let term = |e: &Entry| &locals[e.worker as usize][e.local as usize];
    // The 16-byte big-endian prefix orders most pairs without touching the
    // strings; byte order of UTF-8 is code point order (Python's sorted()).
    // Two terms of at most 16 bytes with the same zero-padded prefix differ
    // only by trailing NULs, so the shorter sorts first.
    let order = |a: &Entry, b: &Entry| {
        a.prefix.cmp(&b.prefix).then_with(|| {
            if a.len <= 16 && b.len <= 16 {
                a.len.cmp(&b.len)
            } else {
                term(a).cmp(term(b))
            }
        })
    };
    entries.par_sort_unstable_by(order);
    let mut remaps: Vec<Vec<u32>> = locals.iter().map(|t| vec![0; t.len()]).collect();
    // Entries whose term is new: the sorted vocabulary, in order.
    let mut firsts: Vec<&Entry> = Vec::new();
    for e in &entries {
        let is_new = firsts
            .last()
            .is_none_or(|&p| order(p, e) != std::cmp::Ordering::Equal);
        if is_new {
            firsts.push(e);
        }
        remaps[e.worker as usize][e.local as usize] = (firsts.len() - 1) as u32;
    }
    // The terms' text, copied in place in parallel blocks.
    let blocks: Vec<&[&Entry]> = firsts.chunks(TermList::BLOCK).collect();
    let sizes: Vec<(usize, usize)> = blocks
        .iter()
        .map(|block| (block.len(), block.iter().map(|e| e.len).sum()))
        .collect();
    let text = TermList::from_blocks(&sizes, |b, list| {
        for &e in blocks[b] {
            list.push(term(e));
        }
    });
    (text, remaps)
}

/// A worker's term in [`merge_vocabularies`].
struct Entry {
    prefix: u128,
    len: usize,
    worker: u32,
    local: u32,
}

/// The first 16 bytes of `s`, big-endian, zero-padded: orders like the
/// string, and tells most Arabic words and word pairs apart (8 letters).
fn prefix_key(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

#[cfg(test)]
mod doc_counts_tests {
    use super::DocCounts;

    /// A document's pairs, sorted: `drain_into` gives them in no particular order.
    fn drained(c: &mut DocCounts) -> Vec<(u32, u32)> {
        let mut got = Vec::new();
        c.drain_into(&mut got);
        got.sort_unstable();
        got
    }

    /// A document longer than FOLD tokens counts the same as a short one,
    /// with ids on both sides of DENSE (counted in the array, and listed).
    #[test]
    fn folding_long_documents_keeps_the_counts() {
        let base = DocCounts::DENSE - 500;
        let ids: Vec<u32> = (0..3 * DocCounts::FOLD as u32 + 17)
            .map(|i| base + (i * 7919) % 1001)
            .collect();
        let mut want = vec![0u32; 1001];
        ids.iter().for_each(|&i| want[(i - base) as usize] += 1);
        let want: Vec<(u32, u32)> = (0..1001)
            .map(|i| (base + i, want[i as usize]))
            .filter(|p| p.1 > 0)
            .collect();
        let mut c = DocCounts::default();
        ids.iter().for_each(|&i| c.bump(i));
        assert!(c.ids.len() < DocCounts::FOLD, "pending ids are bounded");
        assert!(c.pending() >= want.len());
        assert_eq!(drained(&mut c), want);
        // Reset: the next document starts from nothing, on both sides.
        for id in [5, 5, DocCounts::DENSE + 3, 5] {
            c.bump(id);
        }
        assert_eq!(drained(&mut c), [(5, 3), (DocCounts::DENSE + 3, 1)]);
        assert_eq!(drained(&mut c), []);
    }
}

#[cfg(test)]
mod merge_tests {
    use super::{merge_vocabularies, Interner, WorkerRows};

    /// Short terms are told apart by prefix and length alone; terms that
    /// share their first 16 bytes are compared whole.
    #[test]
    fn merged_vocabulary_is_sorted_and_deduplicated() {
        let long_a = "الاستراتيجيات العسكريه";
        let long_b = "الاستراتيجيات العسكريين";
        let workers = [
            vec!["داعش", "ab\0", long_b, "القاعده"],
            vec!["ab", long_a, "داعش", "a"],
            vec![long_b, "ab", "zz", long_a],
        ];
        let mut outs: Vec<WorkerRows> = workers
            .iter()
            .map(|terms| WorkerRows {
                interner: Interner::from_terms(terms),
                ..WorkerRows::default()
            })
            .collect();
        let (terms, remaps) = merge_vocabularies(&mut outs);
        let mut want: Vec<&str> = workers.iter().flatten().copied().collect();
        want.sort_unstable();
        want.dedup();
        assert_eq!(terms, want);
        for (w, local) in workers.iter().enumerate() {
            for (l, t) in local.iter().enumerate() {
                assert_eq!(&terms[remaps[w][l] as usize], *t);
            }
        }
    }
}
