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
//! the words of its chunks in order.
//!
//! An n-gram is then its (n-1)-gram's id and its last word's id, looked up
//! in an integer-keyed table. No n-gram text exists until the merge, which
//! sorts terms by their sequence of word ranks: with words compared as
//! strings and joined by a space (which sorts below every letter, digit and
//! mark), that is exactly the string order of the joined n-grams, so columns
//! come out as scikit-learn sorts them.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::chunks::ChunkCache;

use super::count::{merge_vocabularies, DocCounts, WorkerRows};
use super::vocabulary::Interner;
use super::TermList;
use crate::pipeline::{Pipeline, Scratch};

/// "No id": a filtered-out token, or a term outside the n-gram range.
pub(super) const NONE: u32 = u32::MAX;
/// Longest n-gram this path handles: four 32-bit word ranks fill a `u128` key.
pub(super) const MAX_ORDER: usize = 4;

/// A term: the shorter n-gram it extends (`NONE` for a word) and its last word.
#[derive(Debug, Clone, Copy)]
pub(super) struct TermDef {
    prefix: u32,
    word: u32,
    order: u8,
}

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
    pairs: HashTable<(u64, u32)>,
}

#[inline]
fn hash(key: u64) -> u64 {
    FxBuildHasher.hash_one(key)
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
            grams,
            ids,
            terms,
            chunk_spans,
        } = self;
        ids.clear();
        terms.clear();
        // The chunks between spaces (memchr finds the spaces 16 or 32 bytes at a time).
        chunk_spans.clear();
        let mut start = 0;
        for space in memchr::memchr_iter(b' ', text.as_bytes()) {
            if space > start {
                chunk_spans.push((start, space));
            }
            start = space + 1;
        }
        if start < text.len() {
            chunk_spans.push((start, text.len()));
        }
        let spans = &*chunk_spans;
        chunks.lookup_batch(text, spans, |k, known| {
            // First sight of a chunk: run the pipeline on it once for all.
            let entry = known.unwrap_or_else(|| {
                let (s, e) = spans[k];
                let first = u32::try_from(written.len()).expect("more than 4 billion chunk words");
                let (a, b) = analyse(
                    &text[s..e],
                    pipeline,
                    scratch,
                    words,
                    many,
                    (written, forms, last_form),
                    grams,
                );
                (a, b, first)
            });
            match (entry.0, entry.1) {
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
            entry
        });
        for i in 0..ids.len() {
            let mut t = terms[i];
            if min_n == 1 {
                counts.bump(t);
            }
            for k in 1..max_n.min(ids.len() - i) {
                t = grams.extend(t, ids[i + k], k as u8 + 1);
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
        let mut same = vec![0u64; words];
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

/// The words of `chunk` after the whole pipeline, as a chunk's entry
/// (see `WordGrams::chunks`); a list of several words goes into `many`, and
/// each word with its written form into `written`.
#[allow(clippy::too_many_arguments)]
fn analyse(
    chunk: &str,
    pipeline: &Pipeline,
    scratch: &mut Scratch,
    words: &mut Interner,
    many: &mut Vec<(u32, u32)>,
    (written, forms, last_form): (&mut Vec<(u32, u32)>, &mut TermList, &mut Vec<u32>),
    grams: &mut Grams,
) -> (u32, u32) {
    let first = many.len();
    pipeline.words_once(chunk, scratch, |word, form| {
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

impl Grams {
    #[inline]
    fn unigram(&mut self, word: u32) -> u32 {
        // Words are interned in order, so a new word is always the next id.
        if let Some(&t) = self.word_term.get(word as usize) {
            return t;
        }
        let t = self.defs.len() as u32;
        self.defs.push(TermDef {
            prefix: NONE,
            word,
            order: 1,
        });
        self.word_term.push(t);
        t
    }

    #[inline]
    fn extend(&mut self, prefix: u32, word: u32, order: u8) -> u32 {
        let key = u64::from(prefix) << 32 | u64::from(word);
        let h = hash(key);
        if let Some(&(_, t)) = self.pairs.find(h, |e| e.0 == key) {
            return t;
        }
        let t = u32::try_from(self.defs.len()).expect("more than 4 billion distinct n-grams");
        self.defs.push(TermDef {
            prefix,
            word,
            order,
        });
        self.pairs.insert_unique(h, (key, t), |e| hash(e.0));
        t
    }
}

/// Merges the workers' words and n-grams: sorted terms and, per worker, local
/// term id → column (`NONE` for n-grams shorter than `min_n`).
pub(super) fn merge(outs: &mut [WorkerRows], min_n: usize) -> (TermList, Vec<Vec<u32>>) {
    let (words, word_rank) = merge_vocabularies(outs);
    if outs.iter().all(|o| o.defs.iter().all(|d| d.order == 1)) {
        // Words only: the terms are the sorted words themselves.
        let remaps = outs
            .iter()
            .zip(&word_rank)
            .map(|(o, rank)| o.defs.iter().map(|d| rank[d.word as usize]).collect())
            .collect();
        return (words, remaps);
    }
    // Each worker's terms get their key (word ranks, most significant first)
    // in parallel, written straight into that worker's part of one array; a
    // term's prefix always has a smaller id, so one pass works.
    let sizes: Vec<usize> = outs
        .iter()
        .map(|o| o.defs.iter().filter(|d| d.order as usize >= min_n).count())
        .collect();
    let mut entries = vec![(0u128, 0u32, 0u32); sizes.iter().sum()];
    let mut parts = Vec::with_capacity(outs.len());
    let mut rest = entries.as_mut_slice();
    for &n in &sizes {
        let (part, tail) = rest.split_at_mut(n);
        parts.push(part);
        rest = tail;
    }
    parts
        .into_par_iter()
        .zip(outs.par_iter())
        .zip(&word_rank)
        .enumerate()
        .for_each(|(w, ((part, o), rank))| {
            let mut keys = vec![0u128; o.defs.len()];
            let mut at = 0;
            for (t, d) in o.defs.iter().enumerate() {
                // Rank + 1 so that an empty slot (0) sorts first: "a" before "a b".
                let r = u128::from(rank[d.word as usize]) + 1;
                let slot = r << (32 * (MAX_ORDER - d.order as usize));
                keys[t] = if d.prefix == NONE {
                    slot
                } else {
                    keys[d.prefix as usize] | slot
                };
                if d.order as usize >= min_n {
                    part[at] = (keys[t], w as u32, t as u32);
                    at += 1;
                }
            }
        });
    entries.par_sort_unstable_by_key(|e| e.0);
    let mut remaps: Vec<Vec<u32>> = outs.iter().map(|o| vec![NONE; o.defs.len()]).collect();
    let mut unique: Vec<u128> = Vec::new();
    for &(key, w, t) in &entries {
        if unique.last() != Some(&key) {
            unique.push(key);
        }
        remaps[w as usize][t as usize] = (unique.len() - 1) as u32;
    }
    drop(entries);
    // The n-grams' text, built in parallel blocks that are then joined.
    let words = &words;
    let blocks: Vec<TermList> = unique
        .par_chunks(1 << 16)
        .map(|block| {
            let mut list = TermList::with_capacity(block.len(), block.len() * 24);
            for &key in block {
                let ranks = (0..MAX_ORDER)
                    .map(|p| (key >> (32 * (MAX_ORDER - 1 - p))) as u32)
                    .take_while(|&r| r != 0);
                list.push_joined(ranks.map(|r| &words[r as usize - 1]), ' ');
            }
            list
        })
        .collect();
    (TermList::concat(&blocks), remaps)
}
