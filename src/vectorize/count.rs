//! Streaming, parallel term counting: documents in, a sparse count matrix out.
//!
//! The calling thread reads documents and hands them out in batches; each of
//! `threads` workers runs the pipeline on its documents and counts terms with
//! its own interner, so workers never share a map or take a lock per term.
//! At the end the workers' vocabularies (a few hundred thousand terms, not the
//! millions of tokens) are merged and sorted, and every row is renumbered into
//! the sorted column order. The result is the same whatever the number of
//! threads or the way documents were shared out between them.
//!
//! Memory holds the count matrix and the vocabulary, never the corpus text:
//! only the batches in flight (a few MB per thread) are in memory at once.

use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::ngrams::{self, TermDef, WordGrams, MAX_ORDER};
use super::vocabulary::Interner;
use super::TermList;
use crate::display::{DisplayForms, DisplayVotes};
use crate::error::Result;
use crate::input::Document;
use crate::pipeline::{Analyzer, Pipeline, Scratch};

/// A batch is handed to a worker once it holds this much text...
const BATCH_BYTES: usize = 1 << 20;
/// ...or this many documents.
const BATCH_DOCS: usize = 2048;

/// Term counts of a corpus: documents × terms, CSR with sorted columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CountMatrix {
    /// Document ids, one per row.
    pub ids: Vec<String>,
    /// Number of words (after filters, before n-grams) in each document.
    pub tokens: Vec<u64>,
    /// The column labels, in sorted order (or the order of a fixed vocabulary).
    pub terms: TermList,
    /// Row pointers (length rows + 1).
    pub indptr: Vec<usize>,
    /// Column of each non-zero, increasing within a row.
    pub indices: Vec<u32>,
    /// Count of each non-zero.
    pub counts: Vec<u32>,
    /// How the words of the terms are shown (see [`crate::display`]); empty
    /// when counted with a fixed vocabulary, whose model has them.
    pub display: DisplayForms,
}

impl CountMatrix {
    /// Number of documents (rows).
    pub fn n_docs(&self) -> usize {
        self.ids.len()
    }

    /// Number of non-zeros.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// The display form of column `j`'s term (see [`crate::display`]).
    pub fn display_term(&self, j: usize) -> std::borrow::Cow<'_, str> {
        // Only word terms have display forms: with character n-grams the
        // forms are empty and every term shows as itself.
        self.display.term(&self.terms[j], Analyzer::Word)
    }

    /// Document frequency of each term.
    pub fn document_frequencies(&self) -> Vec<u64> {
        // Each non-zero is one (document, term). One pass in one thread: with
        // millions of terms, per-thread partial arrays cost more to allocate
        // and add than the counting itself.
        let mut df = written_zeros(self.terms.len());
        for &j in &self.indices {
            df[j as usize] += 1;
        }
        df
    }

    /// Total count of each term over the corpus.
    pub fn corpus_frequencies(&self) -> Vec<u64> {
        let mut cf = written_zeros(self.terms.len());
        for (&j, &c) in self.indices.iter().zip(&self.counts) {
            cf[j as usize] += u64::from(c);
        }
        cf
    }
}

/// `n` zeros, written now. `vec![0; n]` gets fresh pages that the kernel maps
/// to its shared zero page, so counting into them faults twice per page
/// (the read, then the copy on write, which flushes every thread's TLB).
// Clippy suggests `vec![0; n]`, which is exactly what this avoids.
#[allow(clippy::slow_vector_initialization)]
fn written_zeros(n: usize) -> Vec<u64> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, 0);
    v
}

struct Batch {
    first: usize,
    texts: Vec<String>,
}

/// What one worker produced: its vocabulary and its rows (in local ids).
#[derive(Default)]
pub(super) struct WorkerRows {
    /// Terms (string path) or words (word n-gram path).
    pub(super) interner: Interner,
    /// Word n-gram path: the worker's term definitions.
    pub(super) defs: Vec<TermDef>,
    docs: Vec<usize>,
    offsets: Vec<usize>,
    pairs: Vec<(u32, u32)>,
    tokens: Vec<u64>,
    /// Word n-gram path: how often its words were written in each form
    /// other than themselves (see `WordGrams::votes`), and the forms.
    written: Vec<(u32, u32, u64)>,
    forms: TermList,
    /// Word n-gram path: how often each word was written as it is matched.
    same: Vec<u64>,
    /// String path: the written forms of its words.
    votes: DisplayVotes,
}

/// Counts the terms of `docs` with `pipeline` on `threads` worker threads.
///
/// With `vocabulary`, only its terms are counted and columns follow its ids
/// (transforming with a fitted model); without, the vocabulary is learnt and
/// columns are the sorted terms.
pub fn count_terms<I>(
    docs: I,
    pipeline: &Pipeline,
    vocabulary: Option<&Interner>,
    threads: usize,
) -> Result<CountMatrix>
where
    I: Iterator<Item = Result<Document>>,
{
    count_terms_timed(
        docs,
        pipeline,
        vocabulary,
        threads,
        &mut CountTimings::default(),
    )
}

/// Wall time of the three phases of [`count_terms`] (for `tahlil bench`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CountTimings {
    /// Reading documents and counting them in the workers (until the last worker ends).
    pub count: Duration,
    /// Merging and sorting the workers' vocabularies.
    pub merge: Duration,
    /// Renumbering and sorting every row into the final CSR arrays.
    pub assemble: Duration,
}

/// [`count_terms`], recording how long each phase took in `timings`.
pub fn count_terms_timed<I>(
    docs: I,
    pipeline: &Pipeline,
    vocabulary: Option<&Interner>,
    threads: usize,
    timings: &mut CountTimings,
) -> Result<CountMatrix>
where
    I: Iterator<Item = Result<Document>>,
{
    let started = Instant::now();
    let threads = threads.max(1);
    let (min_n, max_n) = pipeline.options().ngram_range;
    let mode = match vocabulary {
        Some(v) => Mode::Fixed(v),
        None if pipeline.options().analyzer == Analyzer::Word && max_n <= MAX_ORDER => {
            Mode::Words(min_n, max_n)
        }
        None => Mode::Strings,
    };
    let (tx, rx) = sync_channel::<Batch>(threads * 2);
    let rx = Mutex::new(rx);
    let mut ids = Vec::new();
    let (outs, read_result) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| s.spawn(|| worker(&rx, pipeline, mode)))
            .collect();
        let read_result = (|| -> Result<()> {
            let mut batch = Batch {
                first: 0,
                texts: Vec::new(),
            };
            let mut bytes = 0;
            for doc in docs {
                let doc = doc?;
                bytes += doc.text.len();
                ids.push(doc.id);
                batch.texts.push(doc.text);
                if bytes >= BATCH_BYTES || batch.texts.len() >= BATCH_DOCS {
                    let next = Batch {
                        first: ids.len(),
                        texts: Vec::new(),
                    };
                    // Workers only stop when the channel closes, so send cannot fail.
                    let _ = tx.send(std::mem::replace(&mut batch, next));
                    bytes = 0;
                }
            }
            if !batch.texts.is_empty() {
                let _ = tx.send(batch);
            }
            Ok(())
        })();
        drop(tx);
        let outs: Vec<WorkerRows> = workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        (outs, read_result)
    });
    read_result?;
    let counted = Instant::now();
    let mut outs = outs;
    let display = display_forms(&mut outs);
    let (terms, remaps) = match mode {
        Mode::Fixed(v) => (v.terms().clone(), Vec::new()),
        Mode::Strings => merge_vocabularies(&mut outs),
        Mode::Words(min_n, max_n) => ngrams::merge(&mut outs, (min_n, max_n)),
    };
    let merged = Instant::now();
    let mut matrix = assemble(ids, outs, terms, remaps);
    matrix.display = display;
    *timings = CountTimings {
        count: counted - started,
        merge: merged - counted,
        assemble: merged.elapsed(),
    };
    Ok(matrix)
}

fn worker(rx: &Mutex<Receiver<Batch>>, pipeline: &Pipeline, mode: Mode) -> WorkerRows {
    let mut out = WorkerRows {
        interner: Interner::with_capacity(if matches!(mode, Mode::Fixed(_)) {
            0
        } else {
            1 << 12
        }),
        ..WorkerRows::default()
    };
    out.offsets.push(0);
    let mut scratch = Scratch::default();
    let mut counts = DocCounts::default();
    let mut grams = WordGrams::default();
    // Word n-grams counted as strings (longer than MAX_ORDER words) take their
    // words' written forms from a second pass over each text.
    let vote_words = matches!(mode, Mode::Strings) && pipeline.options().analyzer == Analyzer::Word;
    let mut vote_scratch = Scratch::default();
    loop {
        // A poisoned lock means another worker panicked; that panic is re-raised on join.
        let batch = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => break,
        };
        let Ok(batch) = batch else { break };
        for (k, text) in batch.texts.iter().enumerate() {
            let words = match mode {
                Mode::Words(min_n, max_n) => grams.count(
                    text,
                    pipeline,
                    &mut scratch,
                    (min_n, max_n),
                    &mut out.interner,
                    &mut counts,
                ),
                Mode::Fixed(v) => pipeline.terms(text, &mut scratch, |term| {
                    if let Some(id) = v.get(term) {
                        counts.bump(id);
                    }
                }),
                Mode::Strings => {
                    let interner = &mut out.interner;
                    if vote_words {
                        let votes = &mut out.votes;
                        pipeline.written_words(text, &mut vote_scratch, |word, written| {
                            votes.add(word, written, 1)
                        });
                    }
                    pipeline.terms(text, &mut scratch, |term| {
                        counts.bump(interner.intern(term))
                    })
                }
            };
            // Hundreds of MB over a large corpus: grown on huge pages.
            crate::memory::reserve(&mut out.pairs, counts.pending());
            counts.drain_into(&mut out.pairs);
            out.docs.push(batch.first + k);
            out.offsets.push(out.pairs.len());
            out.tokens.push(words as u64);
        }
    }
    if matches!(mode, Mode::Words(..)) {
        (out.written, out.forms, out.same) = grams.votes(out.interner.len());
    }
    out.defs = grams.into_defs();
    out
}

/// How terms are identified while counting.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// Only the terms of a fitted vocabulary, by its ids.
    Fixed(&'a Interner),
    /// Any term, interned by its text (character n-grams, n-grams over 4 words).
    Strings,
    /// Words and word n-grams (`min_n`, `max_n`) as sequences of word ids.
    Words(usize, usize),
}

/// The display forms of the words the workers saw: every worker's votes,
/// summed by word and form.
fn display_forms(outs: &mut [WorkerRows]) -> DisplayForms {
    let mut votes = DisplayVotes::default();
    for o in outs.iter_mut() {
        votes.merge(std::mem::take(&mut o.votes));
    }
    let words: Vec<&TermList> = outs.iter().map(|o| o.interner.terms()).collect();
    let other = outs.iter().zip(&words).flat_map(|(o, words)| {
        o.written
            .iter()
            .map(move |&(w, f, n)| (&words[w as usize], &o.forms[f as usize], n))
    });
    // A word written otherwise in one worker competes with its plain
    // occurrences in every worker, whichever worker met them: which chunks a
    // worker meets changes from run to run, the sums must not.
    let mut odd: Vec<&str> = other.clone().map(|(word, _, _)| word).collect();
    odd.sort_unstable();
    odd.dedup();
    let same = outs.iter().flat_map(|o| {
        odd.iter().filter_map(|&word| {
            let id = o.interner.get(word)? as usize;
            let n = o.same.get(id).copied().filter(|&n| n > 0)?;
            Some((word, word, n))
        })
    });
    let forms = DisplayForms::choose(other.chain(same).chain(votes.iter()));
    for o in outs.iter_mut() {
        o.written = Vec::new();
        o.forms = TermList::new();
        o.same = Vec::new();
    }
    forms
}

/// One document's counts, as the list of its term ids.
///
/// A document has a few hundred terms while a worker's vocabulary runs to
/// millions with word pairs: sorting the document's own ids stays in cache,
/// where a dense count array indexed by term id misses it on every token.
/// A long document (a whole book, without `--lines`) is folded into sorted
/// `(id, count)` runs every [`DocCounts::FOLD`] tokens, so its memory follows
/// its vocabulary, not its length.
#[derive(Debug, Default)]
pub(super) struct DocCounts {
    ids: Vec<u32>,
    /// Counts folded so far, by increasing id.
    folded: Vec<(u32, u32)>,
    scratch: Vec<(u32, u32)>,
}

impl DocCounts {
    /// Ids kept before they are folded into counts.
    const FOLD: usize = 1 << 16;

    /// One more occurrence of term `id`.
    #[inline]
    pub(super) fn bump(&mut self, id: u32) {
        self.ids.push(id);
        if self.ids.len() >= Self::FOLD {
            self.fold();
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
    fn pending(&self) -> usize {
        self.ids.len() + self.folded.len()
    }

    /// Appends the document's `(id, count)` pairs to `pairs`, by increasing
    /// id, and resets.
    fn drain_into(&mut self, pairs: &mut Vec<(u32, u32)>) {
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
    // Copy the terms' text in parallel blocks, then join them.
    let blocks: Vec<TermList> = firsts
        .par_chunks(1 << 16)
        .map(|block| {
            let bytes = block.iter().map(|e| e.len).sum();
            let mut list = TermList::with_capacity(block.len(), bytes);
            for &e in block {
                list.push(term(e));
            }
            list
        })
        .collect();
    (TermList::concat(&blocks), remaps)
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

/// Merges the workers' vocabularies and rows into one matrix in document order.
fn assemble(
    ids: Vec<String>,
    outs: Vec<WorkerRows>,
    terms: TermList,
    remaps: Vec<Vec<u32>>,
) -> CountMatrix {
    let n = ids.len();
    let mut locate = vec![(0u32, 0u32); n];
    for (w, o) in outs.iter().enumerate() {
        for (r, &d) in o.docs.iter().enumerate() {
            locate[d] = (w as u32, r as u32);
        }
    }
    // Row lengths are known up front, so every block of rows is renumbered
    // and sorted in parallel straight into its place in the final arrays.
    let row = |&(w, r): &(u32, u32)| {
        let o = &outs[w as usize];
        (
            o,
            o.offsets[r as usize]..o.offsets[r as usize + 1],
            r as usize,
        )
    };
    let mut indptr = Vec::with_capacity(n + 1);
    indptr.push(0);
    let mut tokens = Vec::with_capacity(n);
    for l in &locate {
        let (o, span, r) = row(l);
        indptr.push(indptr[indptr.len() - 1] + span.len());
        tokens.push(o.tokens[r]);
    }
    let nnz = indptr[n];
    let mut indices = crate::memory::zeroed::<u32>(nnz);
    let mut counts = crate::memory::zeroed::<u32>(nnz);
    const BLOCK: usize = 4096;
    let mut blocks = Vec::new();
    let (mut rest_i, mut rest_c) = (indices.as_mut_slice(), counts.as_mut_slice());
    for r0 in (0..n).step_by(BLOCK) {
        let r1 = (r0 + BLOCK).min(n);
        let len = indptr[r1] - indptr[r0];
        let (bi, ti) = rest_i.split_at_mut(len);
        let (bc, tc) = rest_c.split_at_mut(len);
        blocks.push((r0, r1, bi, bc));
        (rest_i, rest_c) = (ti, tc);
    }
    blocks.into_par_iter().for_each(|(r0, r1, out_i, out_c)| {
        let mut pairs_buf: Vec<(u32, u32)> = Vec::new();
        let mut at = 0;
        for l in &locate[r0..r1] {
            let (o, span, _) = row(l);
            let pairs = &o.pairs[span];
            pairs_buf.clear();
            match remaps.get(l.0 as usize) {
                Some(remap) => pairs_buf.extend(pairs.iter().map(|&(t, c)| (remap[t as usize], c))),
                None => pairs_buf.extend_from_slice(pairs),
            }
            pairs_buf.sort_unstable_by_key(|p| p.0);
            for &(j, c) in &pairs_buf {
                out_i[at] = j;
                out_c[at] = c;
                at += 1;
            }
        }
    });
    drop(outs);
    CountMatrix {
        ids,
        tokens,
        terms,
        indptr,
        indices,
        counts,
        display: DisplayForms::default(),
    }
}

#[cfg(test)]
mod doc_counts_tests {
    use super::DocCounts;

    /// A document longer than FOLD tokens counts the same as a short one.
    #[test]
    fn folding_long_documents_keeps_the_counts() {
        let ids: Vec<u32> = (0..3 * DocCounts::FOLD as u32 + 17)
            .map(|i| (i * 7919) % 1001)
            .collect();
        let mut want = vec![0u32; 1001];
        ids.iter().for_each(|&i| want[i as usize] += 1);
        let want: Vec<(u32, u32)> = (0..1001)
            .map(|i| (i, want[i as usize]))
            .filter(|p| p.1 > 0)
            .collect();
        let mut c = DocCounts::default();
        ids.iter().for_each(|&i| c.bump(i));
        assert!(c.ids.len() < DocCounts::FOLD, "pending ids are bounded");
        let mut got = Vec::new();
        c.drain_into(&mut got);
        assert_eq!(got, want);
        // Reset: the next document starts from nothing.
        c.bump(5);
        c.bump(5);
        let mut next = Vec::new();
        c.drain_into(&mut next);
        assert_eq!(next, [(5, 2)]);
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

#[cfg(test)]
mod display_tests {
    use super::{display_forms, Interner, TermList, WorkerRows};

    /// A word written as it is matched in one worker's chunks and otherwise in
    /// the other's: both workers' occurrences are weighed, whichever worker met
    /// them (a regression: a worker reported its plain occurrences only for
    /// words it had also seen written otherwise, so the choice changed from
    /// run to run).
    #[test]
    fn plain_occurrences_count_in_every_worker() {
        let mut forms = TermList::new();
        forms.push("هةسا");
        let plain_twice = WorkerRows {
            interner: Interner::from_terms(["داعش", "ههسا"]),
            same: vec![3, 2],
            ..WorkerRows::default()
        };
        let otherwise_once = WorkerRows {
            interner: Interner::from_terms(["ههسا"]),
            written: vec![(0, 0, 1)],
            forms,
            same: vec![0],
            ..WorkerRows::default()
        };
        let mut outs = [plain_twice, otherwise_once];
        assert_eq!(display_forms(&mut outs).word("ههسا"), "ههسا");
        // With one plain occurrence fewer it is a tie, which ة wins (code-point order).
        outs[0].same = vec![3, 1];
        let mut forms = TermList::new();
        forms.push("هةسا");
        outs[1].written = vec![(0, 0, 1)];
        outs[1].forms = forms;
        outs[1].same = vec![0];
        assert_eq!(display_forms(&mut outs).word("ههسا"), "هةسا");
    }
}
