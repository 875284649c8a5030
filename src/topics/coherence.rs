//! Topic coherence, exactly as gensim's `CoherenceModel` computes `c_npmi`
//! and `u_mass` for topics given as word lists.
//!
//! * `c_npmi`: every ordered pair (w′, w*) of a topic's words, probabilities
//!   from boolean sliding windows of `window` words (a text shorter than the
//!   window is one window; words outside the topics keep their places), and
//!   NPMI = ln((P(w′, w*) + ε) / (P(w′) P(w*))) / −ln(P(w′, w*) + ε);
//! * `u_mass`: each word against every word before it in the topic,
//!   probabilities from documents, ln((P(w′, w*) + ε) / P(w*)).
//!
//! A topic's coherence is the mean over its pairs; ε = 10⁻¹², gensim's
//! `EPSILON`, so a pair that never co-occurs scores finitely. Where gensim
//! would divide by zero (a topic word that occurs nowhere), the pair scores
//! −1 (NPMI's floor) for `c_npmi` and 0 for `u_mass` (gensim's own choice
//! there), so the result is never NaN or infinite.
//!
//! gensim slides its windows incrementally: when a window moves on, the word
//! that left is marked absent even if it occurs again inside the window.
//! That is reproduced here, so that scores agree with gensim's to 1e-12.
//!
//! Both read the documents as [`Texts`]: each a sequence of word ids, the
//! words outside the vocabulary kept in their places. [`Texts::read`] reads
//! a corpus that way on every core, and [`Texts::c_npmi`] and
//! [`Texts::u_mass`] score topics given as ids; [`c_npmi`] and [`u_mass`] do
//! the same for word lists.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::Result;
use crate::input::Document;
use crate::pipeline::{Pipeline, Scratch};
use crate::vectorize::chunks::{ChunkCache, TokenCache};
use crate::vectorize::TermList;

/// gensim's `EPSILON`.
pub const EPSILON: f64 = 1e-12;

/// Documents as coherence reads them: each a sequence of word ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Texts {
    /// Where each document's ids start in `ids` (one more: the end).
    starts: Vec<usize>,
    ids: Vec<u32>,
}

impl Default for Texts {
    fn default() -> Self {
        Texts {
            starts: vec![0],
            ids: Vec::new(),
        }
    }
}

/// Bytes of text read before a batch is cut into words on every core: big
/// enough that handing it to the threads costs little next to the work,
/// small enough that little text is held at once.
const BATCH_BYTES: usize = 8 << 20;

impl Texts {
    /// The id of a word outside the vocabulary: it keeps its place in the
    /// windows, and is in no topic.
    pub const OUTSIDE: u32 = u32::MAX;

    /// Word lists, each word as `id` numbers it (`None`: outside).
    pub fn from_words<S: AsRef<str>>(texts: &[Vec<S>], id: impl Fn(&str) -> Option<u32>) -> Texts {
        let mut out = Texts::default();
        for text in texts {
            out.ids.extend(
                text.iter()
                    .map(|w| id(w.as_ref()).unwrap_or(Texts::OUTSIDE)),
            );
            out.starts.push(out.ids.len());
        }
        out
    }

    /// Documents given as id sequences.
    pub fn from_ids<T: AsRef<[u32]>>(texts: impl IntoIterator<Item = T>) -> Texts {
        let mut out = Texts::default();
        for text in texts {
            out.ids.extend_from_slice(text.as_ref());
            out.starts.push(out.ids.len());
        }
        out
    }

    /// Every document's words as `pipeline` gives them (after normalization,
    /// segmentation and filters, as counted), each as its index in `terms`.
    /// The words are cut on every thread of the caller's rayon pool, batch
    /// by batch, in order. No document at all is an error
    /// ([`Error::no_documents`](crate::Error::no_documents)).
    pub fn read(
        docs: impl Iterator<Item = Result<Document>>,
        pipeline: &Pipeline,
        terms: &TermList,
    ) -> Result<Texts> {
        Texts::read_in(docs, pipeline, terms, BATCH_BYTES)
    }

    /// [`Texts::read`] in batches of `batch_bytes`.
    fn read_in(
        docs: impl Iterator<Item = Result<Document>>,
        pipeline: &Pipeline,
        terms: &TermList,
        batch_bytes: usize,
    ) -> Result<Texts> {
        let index: FxHashMap<&str, u32> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t, i as u32))
            .collect();
        let mut readers: Vec<Reader> = (0..rayon::current_num_threads())
            .map(|_| Reader::default())
            .collect();
        let mut out = Texts::default();
        let mut batch: Vec<String> = Vec::new();
        let mut bytes = 0;
        let mut docs = docs.peekable();
        while let Some(doc) = docs.next() {
            let text = doc?.text;
            bytes += text.len();
            batch.push(text);
            if bytes < batch_bytes && docs.peek().is_some() {
                continue;
            }
            // Contiguous shares of about equal bytes, one per thread.
            let share = bytes.div_ceil(readers.len()).max(1);
            let mut parts: Vec<&[String]> = Vec::new();
            let (mut from, mut seen) = (0, 0);
            for (i, t) in batch.iter().enumerate() {
                seen += t.len();
                if seen >= share * (parts.len() + 1) {
                    parts.push(&batch[from..=i]);
                    from = i + 1;
                }
            }
            parts.push(&batch[from..]);
            let done: Vec<(Vec<usize>, Vec<u32>)> = readers
                .par_iter_mut()
                .zip(parts)
                .map(|(reader, texts)| {
                    let (mut lengths, mut ids) = (Vec::with_capacity(texts.len()), Vec::new());
                    for text in texts {
                        let before = ids.len();
                        reader.words(text, pipeline, &index, &mut ids);
                        lengths.push(ids.len() - before);
                    }
                    (lengths, ids)
                })
                .collect();
            for (lengths, ids) in done {
                for n in lengths {
                    out.starts.push(out.starts[out.starts.len() - 1] + n);
                }
                out.ids.extend(ids);
            }
            batch.clear();
            bytes = 0;
        }
        if out.is_empty() {
            return Err(crate::Error::no_documents());
        }
        Ok(out)
    }

    /// Documents.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// No document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Document `d`'s ids.
    pub fn get(&self, d: usize) -> &[u32] {
        &self.ids[self.starts[d]..self.starts[d + 1]]
    }

    /// The documents' ids, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        (0..self.len()).map(|d| self.get(d))
    }

    /// `c_npmi` of each topic (word ids), with windows of `window` words
    /// (gensim's default for c_npmi: 10).
    pub fn c_npmi(&self, topics: &[Vec<u32>], window: usize) -> Vec<f64> {
        let window = window.max(1);
        let (local, topics, r) = topic_words(topics);
        let counts = self.count(r, |counts, doc, present, seen| {
            let doc: Vec<u32> = doc.iter().map(|&w| local_id(&local, w, r)).collect();
            if doc.len() < window {
                if !doc.is_empty() {
                    present.iter_mut().for_each(|p| *p = false);
                    doc.iter().for_each(|&w| present[w as usize] = true);
                    counts.add(present, &doc, seen);
                }
                counts.n += 1;
                return;
            }
            for start in 0..=doc.len() - window {
                if start == 0 {
                    present.iter_mut().for_each(|p| *p = false);
                    doc[..window]
                        .iter()
                        .for_each(|&w| present[w as usize] = true);
                } else {
                    // gensim's incremental slide (see the module docs).
                    present[doc[start - 1] as usize] = false;
                    present[doc[start + window - 1] as usize] = true;
                }
                counts.add(present, &doc[start..start + window], seen);
                counts.n += 1;
            }
        });
        let n = counts.n as f64;
        topics
            .iter()
            .map(|t| {
                let mut scores = Vec::new();
                for (i, &a) in t.iter().enumerate() {
                    for (j, &b) in t.iter().enumerate() {
                        if i == j {
                            continue;
                        }
                        let (ca, cb) = (counts.single(a), counts.single(b));
                        if ca == 0.0 || cb == 0.0 {
                            scores.push(-1.0);
                            continue;
                        }
                        let p_ab = counts.pair(a, b) / n;
                        let pmi = ((p_ab + EPSILON) / ((ca / n) * (cb / n))).ln();
                        scores.push(pmi / -(p_ab + EPSILON).ln());
                    }
                }
                mean(&scores)
            })
            .collect()
    }

    /// `u_mass` of each topic (word ids), the texts taken as documents.
    pub fn u_mass(&self, topics: &[Vec<u32>]) -> Vec<f64> {
        let (local, topics, r) = topic_words(topics);
        let counts = self.count(r, |counts, doc, present, seen| {
            let doc: Vec<u32> = doc.iter().map(|&w| local_id(&local, w, r)).collect();
            present.iter_mut().for_each(|p| *p = false);
            doc.iter().for_each(|&w| present[w as usize] = true);
            counts.add(present, &doc, seen);
            counts.n += 1;
        });
        let n = counts.n as f64;
        topics
            .iter()
            .map(|t| {
                let mut scores = Vec::new();
                for i in 1..t.len() {
                    for &b in &t[..i] {
                        let cb = counts.single(b);
                        if cb == 0.0 {
                            scores.push(0.0);
                            continue;
                        }
                        let p_ab = counts.pair(t[i], b) / n;
                        scores.push(((p_ab + EPSILON) / (cb / n)).ln());
                    }
                }
                mean(&scores)
            })
            .collect()
    }

    /// Counts of `r` topic words, each document given to `visit` on some
    /// thread of the caller's pool; the counts are integers, so their sum is
    /// the same whatever the order.
    fn count(
        &self,
        r: usize,
        visit: impl Fn(&mut Counts, &[u32], &mut [bool], &mut Vec<u32>) + Sync,
    ) -> Counts {
        (0..self.len())
            .into_par_iter()
            .with_min_len(256)
            .fold(
                // Present-word flags, with a last slot for words outside the
                // topics; and scratch for the ids present in a window.
                || (Counts::new(r), vec![false; r + 1], Vec::new()),
                |(mut counts, mut present, mut seen), d| {
                    visit(&mut counts, self.get(d), &mut present, &mut seen);
                    (counts, present, seen)
                },
            )
            .map(|(counts, _, _)| counts)
            .reduce(|| Counts::new(r), Counts::merge)
    }
}

/// One thread's reading of [`Texts::read`]: as the vectorizer counts, each
/// distinct space-separated chunk of text is cut into tokens once, and each
/// distinct token goes through the rest of the pipeline once; both are
/// lookups after that (most chunks of running text repeat, and most new
/// chunks are tokens seen before with other punctuation).
#[derive(Default)]
struct Reader {
    scratch: Scratch,
    chunks: ChunkCache,
    tokens: TokenCache,
    /// Each distinct chunk's and token's word ids, one after another.
    words: Vec<u32>,
    spans: Vec<(usize, usize)>,
    folded: String,
    parts: Vec<(u32, u32)>,
}

impl Reader {
    /// Appends the ids of `text`'s words to `out`.
    fn words(
        &mut self,
        text: &str,
        pipeline: &Pipeline,
        index: &FxHashMap<&str, u32>,
        out: &mut Vec<u32>,
    ) {
        let Reader {
            scratch,
            chunks,
            tokens,
            words,
            spans,
            folded,
            parts,
        } = self;
        crate::vectorize::chunks::spans(text, spans);
        chunks.lookup_batch(text, spans, |k, known| {
            let (first, n) = known.unwrap_or_else(|| {
                let (s, e) = spans[k];
                parts.clear();
                for token in pipeline.tokens(&text[s..e], scratch) {
                    let (first, n, _) = tokens.get_or_insert_with(token, || {
                        let first = words.len();
                        pipeline.token_words(token, folded, |w, _| {
                            words.push(index.get(w).copied().unwrap_or(Texts::OUTSIDE))
                        });
                        (start(first), (words.len() - first) as u32, 0)
                    });
                    parts.push((first, n));
                }
                // A chunk of one token has that token's words.
                if let [one] = parts[..] {
                    return one;
                }
                let first = words.len();
                for &(f, n) in parts.iter() {
                    words.extend_from_within(f as usize..(f + n) as usize);
                }
                (start(first), (words.len() - first) as u32)
            });
            out.extend_from_slice(&words[first as usize..(first + n) as usize]);
            (first, n, 0)
        });
    }
}

/// Where a list of words starts in `Reader::words`.
fn start(first: usize) -> u32 {
    u32::try_from(first).expect("more than 4 billion chunk words")
}

/// The topic words as ids 0..r: each vocabulary id's (r for the others),
/// the topics in them, and r.
fn topic_words(topics: &[Vec<u32>]) -> (Vec<u32>, Vec<Vec<u32>>, usize) {
    let size = topics
        .iter()
        .flatten()
        .filter(|&&w| w != Texts::OUTSIDE)
        .map(|&w| w as usize + 1)
        .max()
        .unwrap_or(0);
    let mut local = vec![u32::MAX; size];
    let mut r = 0u32;
    let topics = topics
        .iter()
        .map(|t| {
            t.iter()
                .map(|&w| {
                    if w == Texts::OUTSIDE {
                        // A word no text has: an id of its own, never counted.
                        r += 1;
                        return r - 1;
                    }
                    let slot = &mut local[w as usize];
                    if *slot == u32::MAX {
                        *slot = r;
                        r += 1;
                    }
                    *slot
                })
                .collect()
        })
        .collect();
    (local, topics, r as usize)
}

/// Word `w`'s topic-word id, or `r` for a word in no topic.
fn local_id(local: &[u32], w: u32, r: usize) -> u32 {
    match local.get(w as usize) {
        Some(&l) if l != u32::MAX => l,
        _ => r as u32,
    }
}

/// Occurrence counts of the topic words: per word, and per unordered pair.
struct Counts {
    single: Vec<u64>,
    pair: FxHashMap<(u32, u32), u64>,
    n: u64,
}

impl Counts {
    fn new(r: usize) -> Self {
        Counts {
            single: vec![0; r],
            pair: FxHashMap::default(),
            n: 0,
        }
    }

    fn single(&self, a: u32) -> f64 {
        self.single[a as usize] as f64
    }

    fn pair(&self, a: u32, b: u32) -> f64 {
        self.pair.get(&(a.min(b), a.max(b))).copied().unwrap_or(0) as f64
    }

    /// Counts the topic words flagged in `present` once each, and their
    /// pairs; `window` holds every word that can be flagged (a flag is only
    /// ever set for a word inside the window), so only it is looked at.
    fn add(&mut self, present: &[bool], window: &[u32], seen: &mut Vec<u32>) {
        let r = self.single.len() as u32;
        seen.clear();
        seen.extend(window.iter().filter(|&&w| w < r && present[w as usize]));
        if seen.is_empty() {
            return;
        }
        seen.sort_unstable();
        seen.dedup();
        for (i, &a) in seen.iter().enumerate() {
            self.single[a as usize] += 1;
            for &b in &seen[i + 1..] {
                *self.pair.entry((a, b)).or_insert(0) += 1;
            }
        }
    }

    fn merge(mut self, other: Counts) -> Counts {
        for (a, b) in self.single.iter_mut().zip(&other.single) {
            *a += b;
        }
        for (key, c) in other.pair {
            *self.pair.entry(key).or_insert(0) += c;
        }
        self.n += other.n;
        self
    }
}

/// Topic words as ids (one id per distinct word across topics).
fn vocabulary<'a>(topics: &[Vec<&'a str>]) -> (FxHashMap<&'a str, u32>, Vec<Vec<u32>>) {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let topics = topics
        .iter()
        .map(|t| {
            t.iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect()
        })
        .collect();
    (ids, topics)
}

/// `c_npmi` of each topic over `texts`, with windows of `window` words
/// (gensim's default for c_npmi: 10).
pub fn c_npmi(texts: &[Vec<&str>], topics: &[Vec<&str>], window: usize) -> Vec<f64> {
    let (ids, topics) = vocabulary(topics);
    Texts::from_words(texts, |w| ids.get(w).copied()).c_npmi(&topics, window)
}

/// `u_mass` of each topic over `texts` taken as documents.
pub fn u_mass(texts: &[Vec<&str>], topics: &[Vec<&str>]) -> Vec<f64> {
    let (ids, topics) = vocabulary(topics);
    Texts::from_words(texts, |w| ids.get(w).copied()).u_mass(&topics)
}

/// The mean (0 for no pairs: a topic of one word).
fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u_mass_by_hand() {
        // Documents {a,b}, {a}, {b,c}: D = 3; topic [a, b, c]:
        // (b|a): ln((1/3 + ε)/(2/3)); (c|a): ln(ε/(2/3)); (c|b): ln((1/3 + ε)/(2/3)).
        let texts = vec![vec!["a", "b"], vec!["a"], vec!["b", "c"]];
        let got = u_mass(&texts, &[vec!["a", "b", "c"]])[0];
        let third = 1.0 / 3.0;
        let want =
            (((third + EPSILON) / (2.0 * third)).ln() * 2.0 + (EPSILON / (2.0 * third)).ln()) / 3.0;
        assert!((got - want).abs() < 1e-12);
    }

    #[test]
    fn c_npmi_by_hand_with_whole_documents_as_windows() {
        // Texts shorter than the window are one window each: as u_mass's documents.
        let texts = vec![vec!["a", "b"], vec!["a"], vec!["b", "c"]];
        let got = c_npmi(&texts, &[vec!["a", "b"]], 10)[0];
        let (p_ab, p_a, p_b) = (1.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0);
        let npmi = ((p_ab + EPSILON) / (p_a * p_b)).ln() / -(p_ab + EPSILON).ln();
        assert!((got - npmi).abs() < 1e-12);
    }

    #[test]
    fn gensim_slide_quirk_is_reproduced() {
        // "a a x" with windows of 2: [a a], then [a x], where gensim marks the
        // leaving a absent although another a is still inside. So a occurs in
        // one window, x in one, never together: P(a, x) = 0 over 2 windows.
        let texts = vec![vec!["a", "a", "x"]];
        let got = c_npmi(&texts, &[vec!["a", "x"]], 2)[0];
        let want = (EPSILON / (0.5 * 0.5)).ln() / -EPSILON.ln();
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }

    #[test]
    fn read_gives_the_pipeline_words_as_term_ids_in_any_batches_and_threads() {
        use crate::input::{Corpus, InputOptions};
        use crate::pipeline::PipelineOptions;
        use crate::vectorize::count_terms;

        let corpus = Corpus::seeds(InputOptions {
            lines: true,
            ..Default::default()
        });
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let counts = count_terms(corpus.documents(), &pipeline, None, 1).unwrap();
        // Every other term left out: words outside the vocabulary keep their places.
        let terms: TermList = counts.terms.iter().step_by(2).collect();
        let index: FxHashMap<&str, u32> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t, i as u32))
            .collect();
        let (words, _) = pipeline.document_words(corpus.documents()).unwrap();
        let want = Texts::from_words(&words, |w| index.get(w).copied());
        assert!(want.ids.contains(&Texts::OUTSIDE) && want.len() > 50);
        for threads in [1, 2, 3] {
            for batch in [1, 1000, BATCH_BYTES] {
                let got = crate::parallel::with_threads(threads, || {
                    Texts::read_in(corpus.documents(), &pipeline, &terms, batch)
                })
                .unwrap()
                .unwrap();
                assert!(got == want, "{threads} threads, batches of {batch} bytes");
            }
        }
    }

    #[test]
    fn ids_score_as_words() {
        let words = vec![
            vec!["a", "b", "x", "c", "a", "b", "y", "y", "c", "a", "d", "b"],
            vec!["c", "d"],
            vec![],
            vec![
                "b", "a", "a", "x", "x", "x", "x", "x", "x", "x", "x", "x", "b",
            ],
        ];
        let topics = vec![vec!["a", "b", "c"], vec!["d", "a", "zzz"]];
        let id = |w: &str| {
            ["x", "a", "b", "c", "d"]
                .iter()
                .position(|v| *v == w)
                .map(|i| i as u32 * 7)
        };
        let texts = Texts::from_words(&words, id);
        let ids: Vec<Vec<u32>> = topics
            .iter()
            .map(|t| t.iter().map(|w| id(w).unwrap_or(Texts::OUTSIDE)).collect())
            .collect();
        for window in [2, 3, 10] {
            assert_eq!(texts.c_npmi(&ids, window), c_npmi(&words, &topics, window));
        }
        assert_eq!(texts.u_mass(&ids), u_mass(&words, &topics));
    }

    #[test]
    fn unknown_words_and_empty_texts_never_give_nan() {
        let texts = vec![vec![], vec!["a", "b"]];
        let npmi = c_npmi(&texts, &[vec!["a", "zzz"], vec!["a"]], 10);
        let umass = u_mass(&texts, &[vec!["zzz", "a"], vec![]]);
        assert!(
            npmi.iter().chain(&umass).all(|x| x.is_finite()),
            "{npmi:?} {umass:?}"
        );
        assert_eq!(npmi[0], -1.0);
    }
}
