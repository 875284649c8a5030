//! Words and word n-grams counted as sequences of word ids.
//!
//! The string path (intern every term's text) pays for hashing and storing
//! each n-gram's characters; with word pairs that is most of the run time.
//! Here a worker cuts the original text at spaces and keeps each distinct
//! chunk once in a [`ChunkCache`], with the words the whole pipeline makes of
//! it (normalized, tokenized, segmented, filtered, stemmed): a chunk seen before costs
//! one hash lookup, and text is normalized and tokenized once per distinct
//! chunk, not once per occurrence. This is exact because a space is a hard
//! boundary for every stage: normalization keeps it and never composes,
//! reorders or deletes across it (it is an NFKC starter that nothing
//! composes with), and the tokenizer splits at it, so the words of a text are
//! the words of its chunks in order. A new chunk is cleaned and cut into
//! tokens; the rest of the pipeline (segmenting, folding, filtering,
//! interning) then runs once per distinct token, kept in a second cache:
//! text has two or three distinct chunks per distinct token (the same word
//! with other punctuation or diacritics), and counting got 6 to 14% faster.
//!
//! An n-gram is then its (n-1)-gram's id and its last word's id, looked up
//! in an integer-keyed table ([`PairTable`]). The table outgrows the
//! processor's caches, so a document's word pairs have their slots loaded
//! before any is looked up, and their cache misses overlap (word pairs on
//! hadith 100 MB: 0.89× the wall time). No n-gram text exists until the merge, which
//! sorts terms by their sequence of word ranks: with words compared as
//! strings and joined by a space (which sorts below every letter, digit and
//! mark), that is exactly the string order of the joined n-grams, so columns
//! come out as scikit-learn sorts them.

use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::chunks::{ChunkCache, TokenCache, Value};

use super::rows::{DocCounts, TermDef, WorkerRows, NONE};
use super::vocabulary::Interner;
use super::TermList;
use crate::pipeline::{Pipeline, Scratch};

/// Longest n-gram this path handles: four 32-bit word ranks fill a `u128` key.
pub(super) const MAX_ORDER: usize = 4;

/// A chunk's words: marks the start of a list in `WordGrams::many` (the
/// other half of the entry is its length).
const MANY: u32 = 1 << 31;

/// One worker's state.
#[derive(Debug, Default)]
pub(super) struct WordGrams {
    /// Each space-separated chunk of the original text seen so far → its
    /// words: `(NONE, 0)` if it has none (punctuation, stop words), its one
    /// `(word id, unigram term id)`, or `(MANY | start, len)`: the chunk's
    /// `len` words are `many[start..start + len]`.
    chunks: ChunkCache,
    many: Vec<(u32, u32)>,
    /// Each distinct chunk's words as `(word id, written form)`, from the
    /// chunk's third value on ([`SAME`]: written as matched), to weigh display
    /// forms by the chunks' counts once counting is done.
    written: Vec<(u32, u32)>,
    /// The written forms that differ from their word. A word's form is
    /// stored again unless it is the form last stored for that word (most
    /// words are written one way): repeats are cheaper than a hash table, and
    /// the final choice adds them up by their text.
    forms: TermList,
    /// Each word's last form in `forms` ([`SAME`] if none).
    last_form: Vec<u32>,
    /// Each distinct token (cleaned, before segmentation) → its words, as a
    /// chunk's entry: chunks outnumber tokens two or three to one (the same
    /// word with other punctuation or diacritics), and segmenting, folding
    /// and interning a token is most of what a new chunk costs.
    tokens: TokenCache,
    /// Scratch space: a piece of a token folded, and a chunk's tokens' entries.
    folded: String,
    token_entries: Vec<Value>,
    grams: Grams,
    ids: Vec<u32>,
    terms: Vec<u32>,
    chunk_spans: Vec<(usize, usize)>,
}

/// The worker's terms: words and the n-grams built on them.
#[derive(Debug, Default)]
struct Grams {
    /// Term id → definition.
    defs: Vec<TermDef>,
    /// Word id → id of the unigram term.
    word_term: Vec<u32>,
    /// `(prefix term << 32 | word)` → term id.
    pairs: PairTable,
}

/// `(prefix term << 32 | word)` → term id: open addressing with linear
/// probing, at most 3/4 full. Unlike a general hash table it can load a
/// key's home slot ahead of the lookup ([`PairTable::touch`]): a document's
/// word pairs are known before any is looked up, so their cache misses (the
/// table is far larger than the processor's caches) overlap instead of
/// coming one by one.
///
/// A slot is three `u32`s, the key's halves and the id ([`NONE`]: empty):
/// 12 bytes where a `(u64, u32)` pads to 16. With word pairs the table is
/// the largest thing a worker makes (2^22 slots each on 100 MB of synth), and
/// every byte of it is a page the kernel first zeroes.
#[derive(Debug)]
struct PairTable {
    slots: Vec<[u32; 3]>,
    /// `64 - log2(slots.len())`: a key's home is the top bits of its mixed hash.
    shift: u32,
    len: usize,
}

impl Default for PairTable {
    fn default() -> Self {
        let n = 1 << 12;
        PairTable {
            slots: crate::memory::filled(n, EMPTY_PAIR),
            shift: 64 - n.trailing_zeros(),
            len: 0,
        }
    }
}

/// An empty slot of a [`PairTable`].
const EMPTY_PAIR: [u32; 3] = [0, 0, NONE];

impl PairTable {
    #[inline]
    fn home(&self, key: u64) -> usize {
        super::vocabulary::home(FxBuildHasher.hash_one(key), self.shift)
    }

    /// Loads `key`'s home slot, to have it in cache for a lookup soon after.
    #[inline]
    fn touch(&self, key: u64) -> u32 {
        self.slots[self.home(key)][2]
    }

    /// The id of `key`, or `make()` stored as its id on its first sight.
    #[inline]
    fn get_or_insert(&mut self, key: u64, make: impl FnOnce() -> u32) -> u32 {
        let mask = self.slots.len() - 1;
        let (hi, lo) = ((key >> 32) as u32, key as u32);
        let mut i = self.home(key);
        loop {
            let [h, l, v] = self.slots[i];
            if v == NONE {
                let t = make();
                self.slots[i] = [hi, lo, t];
                self.len += 1;
                if self.len * 4 > self.slots.len() * 3 {
                    self.grow();
                }
                return t;
            }
            if (h, l) == (hi, lo) {
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table, every entry moved to its new home or the first free slot after.
    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, crate::memory::filled(n, EMPTY_PAIR));
        self.shift -= 1;
        let mask = n - 1;
        for slot in old.into_iter().filter(|e| e[2] != NONE) {
            let mut i = self.home(u64::from(slot[0]) << 32 | u64::from(slot[1]));
            while self.slots[i][2] != NONE {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

/// The key of the n-gram of `prefix` (a term id) and `word`.
#[inline]
fn pair_key(prefix: u32, word: u32) -> u64 {
    u64::from(prefix) << 32 | u64::from(word)
}

impl WordGrams {
    /// Counts the n-grams (`min_n..=max_n`) of `text`'s words into `counts`,
    /// interning words in `words`. Returns the number of words.
    pub(super) fn count(
        &mut self,
        text: &str,
        pipeline: &Pipeline,
        scratch: &mut Scratch,
        (min_n, max_n): (usize, usize),
        words: &mut Interner,
        counts: &mut DocCounts,
    ) -> usize {
        let WordGrams {
            chunks,
            many,
            written,
            forms,
            last_form,
            tokens,
            folded,
            token_entries,
            grams,
            ids,
            terms,
            chunk_spans,
        } = self;
        ids.clear();
        terms.clear();
        super::chunks::spans(text, chunk_spans);
        let spans = &*chunk_spans;
        chunks.lookup_batch(text, spans, |k, known| {
            // First sight of a chunk: its tokens' words, each token run
            // through the pipeline once for all.
            let mut first = 0;
            let entry = known.unwrap_or_else(|| {
                let (s, e) = spans[k];
                token_entries.clear();
                for token in pipeline.tokens(&text[s..e], scratch) {
                    token_entries.push(tokens.get_or_insert_with(token, || {
                        analyse(
                            token,
                            pipeline,
                            folded,
                            words,
                            many,
                            (written, forms, last_form),
                            grams,
                        )
                    }));
                }
                let (a, len, f) = joined(token_entries, many, written);
                first = f;
                (a, len)
            });
            match entry {
                (NONE, _) => {}
                (a, len) if a & MANY != 0 => {
                    let start = (a & !MANY) as usize;
                    for &(w, t) in &many[start..start + len as usize] {
                        ids.push(w);
                        terms.push(t);
                    }
                }
                (w, t) => {
                    ids.push(w);
                    terms.push(t);
                }
            }
            (entry.0, entry.1, first)
        });
        if max_n > 1 {
            // Every word pair's home slot first (see `PairTable`); the xor
            // only keeps the loads alive.
            let touched = (1..ids.len())
                .map(|i| grams.pairs.touch(pair_key(terms[i - 1], ids[i])))
                .fold(0, |a, b| a ^ b);
            std::hint::black_box(touched);
        }
        if min_n == 1 {
            counts.touch(terms);
        }
        for i in 0..ids.len() {
            let mut t = terms[i];
            if min_n == 1 {
                counts.bump(t);
            }
            for k in 1..max_n.min(ids.len() - i) {
                t = grams.extend(t, ids[i + k]);
                if k + 1 >= min_n {
                    counts.bump(t);
                }
            }
        }
        ids.len()
    }

    /// How often each word was written in each form, from the chunks' counts:
    /// `(word id, form, count)` for the forms other than the word itself (each
    /// pair once), the forms, and how often each word was written as it is
    /// matched (by word id).
    pub(super) fn votes(&mut self, words: usize) -> (Vec<(u32, u32, u64)>, TermList, Vec<u64>) {
        // Occurrences written as matched, by word: dense, as most are.
        let mut same = crate::memory::filled(words, 0u64);
        let mut other: Vec<(u32, u32, u64)> = Vec::new();
        let written = &self.written;
        self.chunks.for_each(|(a, len, first), count| {
            let n = match a {
                NONE => 0,
                a if a & MANY != 0 => len as usize,
                _ => 1,
            };
            let first = first as usize;
            for &(w, f) in &written[first..first + n] {
                if f == SAME {
                    same[w as usize] += u64::from(count);
                } else {
                    other.push((w, f, u64::from(count)));
                }
            }
        });
        // Repeats of a (word, form) summed here, in the worker's thread, so
        // the final choice (one thread) sorts few pairs.
        other.sort_unstable_by_key(|&(w, f, _)| (w, f));
        let mut out = Vec::with_capacity(other.len());
        for form in other.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            out.push((form[0].0, form[0].1, form.iter().map(|e| e.2).sum()));
        }
        self.last_form = Vec::new();
        (out, std::mem::take(&mut self.forms), same)
    }

    /// Frees what only counting needed.
    pub(super) fn into_defs(self) -> Vec<TermDef> {
        self.grams.defs
    }
}

/// A written form that is its word.
const SAME: u32 = u32::MAX;

/// The words of `token` (of [`Pipeline::tokens`]) after the rest of the
/// pipeline, as a chunk's entry (see `WordGrams::chunks`) with its first
/// written form: a list of several words goes into `many`, and each word
/// with its written form into `written`.
#[allow(clippy::too_many_arguments)]
fn analyse(
    token: &str,
    pipeline: &Pipeline,
    folded: &mut String,
    words: &mut Interner,
    many: &mut Vec<(u32, u32)>,
    (written, forms, last_form): (&mut Vec<(u32, u32)>, &mut TermList, &mut Vec<u32>),
    grams: &mut Grams,
) -> Value {
    let first = many.len();
    let first_written = u32::try_from(written.len()).expect("more than 4 billion chunk words");
    pipeline.token_words(token, folded, |word, form| {
        let w = words.intern(word);
        assert!(w < MANY, "more than 2 billion distinct words");
        many.push((w, grams.unigram(w)));
        if last_form.len() <= w as usize {
            last_form.resize(w as usize + 1, SAME);
        }
        let last = last_form[w as usize];
        let f = if form == word {
            SAME
        } else if last != SAME && &forms[last as usize] == form {
            last
        } else {
            forms.push(form);
            let f = u32::try_from(forms.len() - 1).expect("more than 4 billion written forms");
            last_form[w as usize] = f;
            f
        };
        written.push((w, f));
    });
    let (a, len) = entry(many, first);
    (a, len, first_written)
}

/// The entry of the words `many[first..]`: none, one (popped off `many`),
/// or the list.
fn entry(many: &mut Vec<(u32, u32)>, first: usize) -> (u32, u32) {
    match many.len() - first {
        0 => (NONE, 0),
        1 => many.pop().unwrap_or((NONE, 0)),
        n => {
            let start = u32::try_from(first)
                .ok()
                .filter(|&f| f < MANY)
                .expect("more than 2 billion words in multi-word chunks");
            (MANY | start, n as u32)
        }
    }
}

/// The entry of a chunk made of tokens with the entries `parts` (from
/// [`analyse`]): a chunk of one token is that token's entry (its written
/// forms are shared, as they are only ever read); otherwise their words and
/// written forms are copied, end to end, into a list of the chunk's own.
fn joined(parts: &[Value], many: &mut Vec<(u32, u32)>, written: &mut Vec<(u32, u32)>) -> Value {
    if let [one] = parts {
        return *one;
    }
    let first = many.len();
    let first_written = u32::try_from(written.len()).expect("more than 4 billion chunk words");
    for &(a, len, f) in parts {
        let n = match a {
            NONE => 0,
            a if a & MANY != 0 => {
                let start = (a & !MANY) as usize;
                many.extend_from_within(start..start + len as usize);
                len as usize
            }
            _ => {
                many.push((a, len));
                1
            }
        };
        written.extend_from_within(f as usize..f as usize + n);
    }
    let (a, len) = entry(many, first);
    (a, len, first_written)
}

impl Grams {
    #[inline]
    fn unigram(&mut self, word: u32) -> u32 {
        // Words are interned in order, so a new word is always the next id.
        if let Some(&t) = self.word_term.get(word as usize) {
            return t;
        }
        let t = self.defs.len() as u32;
        self.defs.push(TermDef { prefix: NONE, word });
        self.word_term.push(t);
        t
    }

    #[inline]
    fn extend(&mut self, prefix: u32, word: u32) -> u32 {
        let defs = &mut self.defs;
        self.pairs.get_or_insert(pair_key(prefix, word), || {
            let t = u32::try_from(defs.len())
                .ok()
                .filter(|&t| t != NONE)
                .expect("more than 4 billion distinct n-grams");
            defs.push(TermDef { prefix, word });
            t
        })
    }
}

/// Merges the workers' n-grams, given their words merged into `words`
/// (sorted; `word_rank`: per worker, local word id → rank, from
/// [`merge_vocabularies`](super::rows::merge_vocabularies)): sorted terms
/// and, per worker, local term id →
/// column (`NONE` for n-grams shorter than `min_n`).
pub(super) fn merge(
    outs: &[WorkerRows],
    words: TermList,
    word_rank: &[Vec<u32>],
    (min_n, max_n): (usize, usize),
) -> (TermList, Vec<Vec<u32>>) {
    if outs.iter().all(|o| o.defs.iter().all(|d| d.prefix == NONE)) {
        // Words only: the terms are the sorted words themselves.
        let remaps = outs
            .iter()
            .zip(word_rank)
            .map(|(o, rank)| o.defs.iter().map(|d| rank[d.word as usize]).collect())
            .collect();
        return (words, remaps);
    }
    // A term's key holds its words' ranks + 1 (so that an empty slot, 0, sorts
    // first: "a" before "a b") in `bits` each, the first word most
    // significant. Word pairs over a few hundred thousand words fit in a
    // `u64`: half the bytes to write and sort of a `u128`.
    let layout = Layout {
        bits: u32::BITS - (words.len() as u32).leading_zeros(),
        max_n,
    };
    // A run entry is the key with the worker's term id in its low bits where
    // both fit one integer (word pairs on 100 MB: 36 + 22 bits), else the pair.
    let key_bits = layout.bits * max_n as u32;
    let longest = outs.iter().map(|o| o.defs.len()).max().unwrap_or(0);
    let id_bits = u32::try_from(longest).map_or(u32::BITS, |n| u32::BITS - n.leading_zeros());
    let args = (outs, &words, word_rank, min_n, layout, id_bits);
    if key_bits + id_bits <= 64 {
        merge_keyed::<Packed<u64>>(args)
    } else if key_bits <= 64 {
        merge_keyed::<(u64, u32)>(args)
    } else if key_bits + id_bits <= 128 {
        merge_keyed::<Packed<u128>>(args)
    } else {
        merge_keyed::<(u128, u32)>(args)
    }
}

/// What [`merge_keyed`] is given: the workers' terms, the merged words, each
/// worker's word ranks, `min_n`, the key layout and the bits of a term id.
type MergeArgs<'a> = (
    &'a [WorkerRows],
    &'a TermList,
    &'a [Vec<u32>],
    usize,
    Layout,
    u32,
);

/// Where each word of an n-gram sits in its key.
#[derive(Clone, Copy)]
struct Layout {
    /// Bits per word: enough for the largest rank + 1.
    bits: u32,
    /// Longest n-gram: its last word takes the lowest bits.
    max_n: usize,
}

impl Layout {
    /// Shift of the word at `position` (0 = first).
    fn shift(self, position: usize) -> u32 {
        self.bits * (self.max_n - 1 - position) as u32
    }
}

/// An n-gram's sort key: an unsigned integer wide enough for its words.
trait Key: Copy + Ord + Send + Sync {
    fn slot(value: u32, shift: u32) -> Self;
    fn or(self, other: Self) -> Self;
    fn field(self, shift: u32, bits: u32) -> u32;
    fn shl(self, n: u32) -> Self;
    fn shr(self, n: u32) -> Self;
}

macro_rules! key {
    ($t:ty) => {
        impl Key for $t {
            #[inline]
            fn slot(value: u32, shift: u32) -> Self {
                <$t>::from(value) << shift
            }
            #[inline]
            fn or(self, other: Self) -> Self {
                self | other
            }
            #[inline]
            fn field(self, shift: u32, bits: u32) -> u32 {
                ((self >> shift) & ((1 << bits) - 1)) as u32
            }
            #[inline]
            fn shl(self, n: u32) -> Self {
                self << n
            }
            #[inline]
            fn shr(self, n: u32) -> Self {
                self >> n
            }
        }
    };
}
key!(u64);
key!(u128);

/// A worker's term in a run to merge: its key and its id in the worker.
/// Entries sort by key (a worker's keys are distinct).
trait RunEntry: Copy + Ord + Send + Sync {
    type K: Key;
    fn new(key: Self::K, id: u32, id_bits: u32) -> Self;
    fn key(self, id_bits: u32) -> Self::K;
    fn id(self, id_bits: u32) -> u32;
}

impl<K: Key> RunEntry for (K, u32) {
    type K = K;
    #[inline]
    fn new(key: K, id: u32, _: u32) -> Self {
        (key, id)
    }
    #[inline]
    fn key(self, _: u32) -> K {
        self.0
    }
    #[inline]
    fn id(self, _: u32) -> u32 {
        self.1
    }
}

/// A key shifted up over the id, which takes the low `id_bits` bits: one
/// integer, half the bytes to write and sort of a `(key, id)` pair (millions
/// of them per worker with word pairs).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Packed<K>(K);

impl<K: Key> RunEntry for Packed<K> {
    type K = K;
    #[inline]
    fn new(key: K, id: u32, id_bits: u32) -> Self {
        Packed(key.shl(id_bits).or(K::slot(id, 0)))
    }
    #[inline]
    fn key(self, id_bits: u32) -> K {
        self.0.shr(id_bits)
    }
    #[inline]
    fn id(self, id_bits: u32) -> u32 {
        self.0.field(0, id_bits)
    }
}

/// [`merge`] with keys of type `K`. Each worker's terms get their keys and are
/// sorted in that worker's own task (a worker's terms are distinct, so the
/// order is total), then the sorted runs are merged, numbering the distinct
/// keys: a sort of every term at once would compare the many terms only one
/// worker has across the whole array.
fn merge_keyed<E: RunEntry>(
    (outs, words, word_rank, min_n, layout, id_bits): MergeArgs<'_>,
) -> (TermList, Vec<Vec<u32>>) {
    let runs: Vec<Vec<E>> = outs
        .par_iter()
        .zip(word_rank)
        .map(|(o, rank)| {
            // A term's prefix always has a smaller id, so one pass builds
            // every key, and every order (its prefix's plus one).
            let mut keys: Vec<E::K> = Vec::with_capacity(o.defs.len());
            let mut orders: Vec<u8> = Vec::with_capacity(o.defs.len());
            // Room for every term; the pages of what n-grams under `min_n`
            // leave unused are never touched.
            let mut run = Vec::with_capacity(o.defs.len());
            for (t, d) in o.defs.iter().enumerate() {
                let (prefix, order) = match d.prefix {
                    NONE => (None, 1),
                    p => (Some(keys[p as usize]), orders[p as usize] + 1),
                };
                let slot = E::K::slot(rank[d.word as usize] + 1, layout.shift(order as usize - 1));
                let key = prefix.map_or(slot, |k| k.or(slot));
                keys.push(key);
                orders.push(order);
                if order as usize >= min_n {
                    run.push(E::new(key, t as u32, id_bits));
                }
            }
            drop(keys);
            drop(orders);
            // In parallel too: a thread whose worker's run is sorted first
            // helps with the other's.
            run.par_sort_unstable();
            run
        })
        .collect();
    // The merge is cut at keys of the longest run into parts merged side by
    // side (with word pairs it was a tenth of the run, on one thread). Each
    // part numbers its distinct keys from 0 into `cols`, beside the runs'
    // entries; the parts' offsets then make them columns. Where the cuts
    // fall changes nothing but the speed.
    let wanted = 4 * rayon::current_num_threads();
    let longest = runs
        .iter()
        .max_by_key(|r| r.len())
        .map_or(&[][..], |r| &r[..]);
    let mut cuts: Vec<E::K> = (1..wanted)
        .filter_map(|p| {
            longest
                .get(p * longest.len() / wanted)
                .map(|e| e.key(id_bits))
        })
        .collect();
    cuts.dedup();
    // bounds[r][p]..bounds[r][p + 1]: part p of run r.
    let bounds: Vec<Vec<usize>> = runs
        .iter()
        .map(|run| {
            let mut b = Vec::with_capacity(cuts.len() + 2);
            b.push(0);
            b.extend(
                cuts.iter()
                    .map(|&c| run.partition_point(|e| e.key(id_bits) < c)),
            );
            b.push(run.len());
            b
        })
        .collect();
    let parts = cuts.len() + 1;
    let mut cols: Vec<Vec<u32>> = runs.iter().map(|r| vec![0; r.len()]).collect();
    let mut part_cols: Vec<Vec<&mut [u32]>> = (0..parts).map(|_| Vec::new()).collect();
    for (c, b) in cols.iter_mut().zip(&bounds) {
        let mut rest = c.as_mut_slice();
        for (p, pc) in part_cols.iter_mut().enumerate() {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(b[p + 1] - b[p]);
            pc.push(head);
            rest = tail;
        }
    }
    let uniques: Vec<Vec<E::K>> = part_cols
        .into_par_iter()
        .enumerate()
        .map(|(p, mut cols)| {
            let runs: Vec<&[E]> = runs
                .iter()
                .zip(&bounds)
                .map(|(run, b)| &run[b[p]..b[p + 1]])
                .collect();
            merge_part(&runs, &mut cols, id_bits)
        })
        .collect();
    let mut offsets = Vec::with_capacity(parts);
    let mut terms = 0usize;
    for u in &uniques {
        offsets.push(u32::try_from(terms).expect("more than 4 billion terms"));
        terms += u.len();
    }
    u32::try_from(terms).expect("more than 4 billion terms");
    let remaps: Vec<Vec<u32>> = outs
        .par_iter()
        .zip(&runs)
        .zip(&cols)
        .zip(&bounds)
        .map(|(((o, run), cols), b)| {
            let mut remap = vec![NONE; o.defs.len()];
            for (p, &offset) in offsets.iter().enumerate() {
                for (&e, &c) in run[b[p]..b[p + 1]].iter().zip(&cols[b[p]..b[p + 1]]) {
                    remap[e.id(id_bits) as usize] = offset + c;
                }
            }
            remap
        })
        .collect();
    drop(cols);
    drop(runs);
    // The n-grams' text, written in place in parallel blocks: each block's
    // size first, exactly, from the words' lengths.
    let ranks = |key: E::K| {
        (0..layout.max_n)
            .map(move |p| key.field(layout.shift(p), layout.bits))
            .take_while(|&r| r != 0)
    };
    let word_len: Vec<u32> = (0..words.len()).map(|r| words[r].len() as u32).collect();
    // The parts' keys in order are the terms in order.
    let blocks: Vec<&[E::K]> = uniques
        .iter()
        .flat_map(|u| u.chunks(TermList::BLOCK))
        .collect();
    let sizes: Vec<(usize, usize)> = blocks
        .par_iter()
        .map(|block| {
            let bytes = block
                .iter()
                .map(|&key| {
                    ranks(key)
                        .map(|r| word_len[r as usize - 1] as usize + 1)
                        .sum::<usize>()
                        - 1
                })
                .sum();
            (block.len(), bytes)
        })
        .collect();
    let text = TermList::from_blocks(&sizes, |b, list| {
        for &key in blocks[b] {
            list.push_joined(ranks(key).map(|r| &words[r as usize - 1]), ' ');
        }
    });
    (text, remaps)
}

/// Merges sorted `runs` of distinct keys: the keys they hold, each once, in
/// order, and in `cols` (one slice per run) each entry's place among them.
fn merge_part<E: RunEntry>(runs: &[&[E]], cols: &mut [&mut [u32]], id_bits: u32) -> Vec<E::K> {
    let mut unique: Vec<E::K> = Vec::with_capacity(runs.iter().map(|r| r.len()).max().unwrap_or(0));
    let mut heads = vec![0usize; runs.len()];
    // With one run per thread, finding the smallest head by a scan beats a heap.
    loop {
        let mut least: Option<E::K> = None;
        for (run, &h) in runs.iter().zip(&heads) {
            if let Some(key) = run.get(h).map(|e| e.key(id_bits)) {
                if least.is_none_or(|l| key < l) {
                    least = Some(key);
                }
            }
        }
        let Some(key) = least else { break };
        // At most the total, which the caller checks fits a u32 before a
        // column is used.
        let column = unique.len() as u32;
        unique.push(key);
        for ((run, h), cols) in runs.iter().zip(&mut heads).zip(cols.iter_mut()) {
            if let Some(k) = run.get(*h).map(|e| e.key(id_bits)) {
                if k == key {
                    cols[*h] = column;
                    *h += 1;
                }
            }
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_run_entry_merges_alike() {
        // Two workers' words and pairs, by ids of their own, some shared.
        let words: TermList = ["a", "b", "c"].into_iter().collect();
        let def = |prefix, word| TermDef { prefix, word };
        // Worker 0's words are b, a; worker 1's c, b.
        let defs = [
            vec![def(NONE, 0), def(NONE, 1), def(0, 1), def(1, 0)],
            vec![def(NONE, 0), def(NONE, 1), def(1, 0), def(0, 1)],
        ];
        let outs: Vec<WorkerRows> = defs
            .into_iter()
            .map(|defs| WorkerRows {
                defs,
                ..WorkerRows::default()
            })
            .collect();
        let ranks = [vec![1, 0], vec![2, 1]];
        let layout = Layout { bits: 2, max_n: 2 };
        let args = (&outs[..], &words, &ranks[..], 1, layout, 3);
        let want = merge_keyed::<(u64, u32)>(args);
        assert_eq!(want.0, ["a", "a b", "b", "b a", "b c", "c", "c b"]);
        assert_eq!(want.1, [vec![2, 0, 3, 1], vec![5, 2, 4, 6]]);
        assert_eq!(merge_keyed::<Packed<u64>>(args), want);
        assert_eq!(merge_keyed::<Packed<u128>>(args), want);
        assert_eq!(merge_keyed::<(u128, u32)>(args), want);
    }

    #[test]
    fn pair_table_keeps_every_first_id_through_growth() {
        let mut table = PairTable::default();
        let mut next = 0u32;
        let mut id = |table: &mut PairTable, key: u64| {
            table.get_or_insert(key, || {
                next += 1;
                next - 1
            })
        };
        // Key 0 (term 0 followed by word 0) is a key like any other.
        assert_eq!(id(&mut table, pair_key(0, 0)), 0);
        let keys: Vec<u64> = (1..=50_000u32).map(|n| pair_key(n % 97, n)).collect();
        let first: Vec<u32> = keys.iter().map(|&k| id(&mut table, k)).collect();
        assert_eq!(first, (1..=50_000).collect::<Vec<u32>>());
        assert!(table.slots.len() > 4096, "grown: {}", table.slots.len());
        for (&k, &t) in keys.iter().zip(&first).step_by(7) {
            assert_eq!(id(&mut table, k), t);
            table.touch(k);
        }
        assert_eq!(id(&mut table, pair_key(0, 0)), 0);
        // Both halves of the key count: these differ from each other in one.
        let (a, b) = (pair_key(0xFFFF_FFFE, 7), pair_key(7, 0xFFFF_FFFE));
        assert_eq!((id(&mut table, a), id(&mut table, b)), (50_001, 50_002));
        assert_eq!((id(&mut table, b), id(&mut table, a)), (50_002, 50_001));
        assert_eq!(table.len, 50_003);
    }
}
