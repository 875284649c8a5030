//! A fit that merges: count shards anywhere, add the counts up, finish the model.
//!
//! A [`CountState`] is what counting a shard of documents leaves: per term,
//! the documents it occurs in and its occurrences, the number of documents
//! and words, and the votes for how words are written ([`crate::display`]).
//! That is all a fit needs, and it adds up: [`CountState::merge`] is
//! associative and commutative, so shards counted on any machines, in any
//! order, merged as a tree or one by one, give the same state as one count
//! over the whole corpus. [`CountState::finish`] then prunes the vocabulary
//! (`min_df`, `max_df`, `max_features`), computes the idf and chooses the
//! display forms exactly as [`TfidfVectorizer::fit_transform`] does, and
//! [`TfidfModel::transform`] turns any shard into its rows of the matrix.
//!
//! A state's size follows its shard's vocabulary, not its text; it saves as
//! a compact binary file ([`CountState::to_bytes`]: versioned and checked
//! with a CRC-32 on load).
//!
//! ```
//! use tahlil::input::{Corpus, Document, InputOptions};
//! use tahlil::pipeline::{Pipeline, PipelineOptions};
//! use tahlil::vectorize::{CountState, TfidfVectorizer, VectorizerOptions};
//!
//! let docs: Vec<Document> = Corpus::seeds(InputOptions::default())
//!     .documents()
//!     .collect::<Result<_, _>>()
//!     .unwrap();
//! let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
//! // Two shards, counted apart, saved and read back, then merged.
//! let count = |shard: &[Document]| {
//!     let state = CountState::count(shard.iter().cloned().map(Ok), &pipeline, 1).unwrap();
//!     CountState::from_bytes(&state.to_bytes(), "shard").unwrap()
//! };
//! let mut state = count(&docs[3..]);
//! state.merge(count(&docs[..3])).unwrap();
//! let model = state.finish(&VectorizerOptions::default()).unwrap();
//! // The model of one fit over the whole corpus.
//! let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
//! let (whole, _) = v.fit_transform(docs.into_iter().map(Ok), 2).unwrap();
//! assert_eq!(model, whole);
//! ```

use std::path::Path;

use super::count::{count_totals, Totals};
use super::{idf, prune, TermList, TfidfModel, VectorizerOptions, MODEL_FORMAT, MODEL_VERSION};
use crate::display::DisplayVotes;
use crate::error::{Error, Result};
use crate::input::Document;
use crate::pipeline::{Pipeline, PipelineOptions};

/// The first bytes of a saved state.
const MAGIC: &[u8; 8] = b"TAHLILCS";
/// Version of the saved layout.
pub const STATE_VERSION: u32 = 1;

/// The counts of a shard of documents, to be merged with other shards' and
/// finished into a model (see the notes at the top of `src/vectorize/state.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct CountState {
    pipeline: PipelineOptions,
    n_documents: u64,
    n_tokens: u64,
    /// Sorted and unique.
    terms: TermList,
    df: Vec<u64>,
    cf: Vec<u64>,
    votes: DisplayVotes,
}

impl CountState {
    /// The state of no documents at all, counted with `pipeline`.
    pub fn empty(pipeline: PipelineOptions) -> CountState {
        CountState {
            pipeline,
            n_documents: 0,
            n_tokens: 0,
            terms: TermList::new(),
            df: Vec::new(),
            cf: Vec::new(),
            votes: DisplayVotes::default(),
        }
    }

    /// Counts `docs` with `pipeline` on `threads` threads. Memory follows the
    /// vocabulary: no document's row is kept. No documents is an empty state.
    pub fn count<I>(docs: I, pipeline: &Pipeline, threads: usize) -> Result<CountState>
    where
        I: Iterator<Item = Result<Document>>,
    {
        let Totals {
            n_documents,
            n_tokens,
            terms,
            df,
            cf,
            votes,
        } = count_totals(docs, pipeline, threads)?;
        Ok(CountState {
            pipeline: pipeline.options().clone(),
            n_documents,
            n_tokens,
            terms,
            df,
            cf,
            votes,
        })
    }

    /// The pipeline options the documents were counted with.
    pub fn pipeline(&self) -> &PipelineOptions {
        &self.pipeline
    }

    /// Number of documents counted.
    pub fn n_documents(&self) -> u64 {
        self.n_documents
    }

    /// Number of words (after filters, before n-grams) counted.
    pub fn n_tokens(&self) -> u64 {
        self.n_tokens
    }

    /// The terms seen, sorted.
    pub fn terms(&self) -> &TermList {
        &self.terms
    }

    /// Documents each term occurs in.
    pub fn document_frequencies(&self) -> &[u64] {
        &self.df
    }

    /// Occurrences of each term.
    pub fn corpus_frequencies(&self) -> &[u64] {
        &self.cf
    }

    /// Adds `other`'s counts to these. Both must have been counted with the
    /// same pipeline options; the order of merges does not matter.
    pub fn merge(&mut self, other: CountState) -> Result<()> {
        self.counted_with(&other.pipeline)?;
        let mut terms = TermList::with_capacity(
            self.terms.len().max(other.terms.len()),
            self.terms.text_len().max(other.terms.text_len()),
        );
        let mut df = Vec::with_capacity(self.df.len().max(other.df.len()));
        let mut cf = Vec::with_capacity(df.capacity());
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.terms, &other.terms);
        while i < a.len() || j < b.len() {
            let order = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    terms.push(&a[i]);
                    df.push(self.df[i]);
                    cf.push(self.cf[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    terms.push(&b[j]);
                    df.push(other.df[j]);
                    cf.push(other.cf[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    terms.push(&a[i]);
                    df.push(self.df[i] + other.df[j]);
                    cf.push(self.cf[i] + other.cf[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
        self.terms = terms;
        self.df = df;
        self.cf = cf;
        self.n_documents += other.n_documents;
        self.n_tokens += other.n_tokens;
        self.votes.merge(other.votes);
        Ok(())
    }

    /// Whether these documents were counted with `pipeline`: an error
    /// naming the options that differ if not.
    pub fn counted_with(&self, pipeline: &PipelineOptions) -> Result<()> {
        // A stop list is the same list wherever its file was read from
        // (`./stop.txt` on one machine, `/data/stop.txt` on another).
        let unsourced = |p: &PipelineOptions| {
            let mut p = p.clone();
            if let crate::filter::StopWords::List { source, .. } = &mut p.stopwords {
                source.clear();
            }
            p
        };
        if unsourced(pipeline) == unsourced(&self.pipeline) {
            return Ok(());
        }
        Err(Error::StateMismatch(differing(&self.pipeline, pipeline)))
    }

    /// The model these counts fit with `options`: the one
    /// [`TfidfVectorizer::fit_transform`](super::TfidfVectorizer::fit_transform)
    /// fits on the same documents.
    pub fn finish(&self, options: &VectorizerOptions) -> Result<TfidfModel> {
        options.check()?;
        if self.n_documents == 0 {
            return Err(Error::no_documents());
        }
        let (vocabulary, df, _) = prune(
            options,
            self.n_documents,
            self.terms.clone(),
            self.df.clone(),
            || self.cf.clone(),
        )?;
        let idf = idf(options, self.n_documents, &df);
        Ok(TfidfModel {
            format: MODEL_FORMAT.into(),
            version: MODEL_VERSION,
            pipeline: self.pipeline.clone(),
            vectorizer: options.clone(),
            n_documents: self.n_documents,
            vocabulary,
            df,
            idf,
            display: self.votes.forms(),
        })
    }

    /// The state as bytes: a magic number, the version, the pipeline options (JSON),
    /// the totals, the terms (each as the bytes it shares with the term before
    /// and the rest) with their frequencies, the votes (word front-coded in
    /// the same way, form, count), then a CRC-32 of everything before it.
    /// The version and the CRC are 4 bytes little-endian; every other
    /// integer is LEB128.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.terms.text_len() + 4 * self.terms.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&STATE_VERSION.to_le_bytes());
        let options = serde_json::to_vec(&self.pipeline).expect("options serialize");
        put_bytes(&mut out, &options);
        put(&mut out, self.n_documents);
        put(&mut out, self.n_tokens);
        put(&mut out, self.terms.len() as u64);
        let mut previous = "";
        for ((term, &df), &cf) in self.terms.iter().zip(&self.df).zip(&self.cf) {
            put_prefixed(&mut out, previous, term);
            put(&mut out, df);
            put(&mut out, cf);
            previous = term;
        }
        let mut votes: Vec<(&str, &str, u64)> = self.votes.iter().collect();
        votes.sort_unstable();
        put(&mut out, votes.len() as u64);
        let mut previous = "";
        for (word, form, n) in votes {
            // The word front-coded as the terms are, and the form against its
            // word (most often the word itself: nothing left to write).
            put_prefixed(&mut out, previous, word);
            put_prefixed(&mut out, word, form);
            put(&mut out, n);
            previous = word;
        }
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Reads a state that [`CountState::to_bytes`] wrote; `source` names it
    /// in errors (a file name). A file of another kind or version, or one
    /// damaged (cut short, or any byte changed), is an error that says so.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<CountState> {
        let bad = |message: String| Error::Parse {
            path: source.to_owned(),
            line: 0,
            message,
        };
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad(
                "not a tahlil count state (written by `tahlil state count`)".into(),
            ));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        if version != STATE_VERSION {
            return Err(bad(format!(
                "a count state of version {version}, which this tahlil (version {STATE_VERSION}) cannot read; count the shard again"
            )));
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        if crc32fast::hash(body) != u32::from_le_bytes(crc.try_into().expect("4 bytes")) {
            return Err(bad(
                "the count state is damaged (its checksum does not match): copy or count it again"
                    .into(),
            ));
        }
        let mut r = Reader {
            bytes: body,
            at: 12,
        };
        let damaged = |what: &str, at: usize| {
            bad(format!(
                "the count state is damaged at byte {at}: {what}; copy or count it again"
            ))
        };
        let options = r
            .bytes()
            .ok_or_else(|| damaged("options cut short", r.at))?;
        let pipeline: PipelineOptions = serde_json::from_slice(options)
            .map_err(|e| damaged(&format!("pipeline options: {e}"), r.at))?;
        pipeline.check()?;
        let n_documents = r.int().ok_or_else(|| damaged("totals cut short", r.at))?;
        let n_tokens = r.int().ok_or_else(|| damaged("totals cut short", r.at))?;
        let n_terms = r.int().ok_or_else(|| damaged("totals cut short", r.at))?;
        // Each term takes at least 4 bytes: never trust a count to reserve.
        let n_terms = usize::try_from(n_terms)
            .ok()
            .filter(|&n| n <= body.len() / 4)
            .ok_or_else(|| damaged("more terms than bytes", r.at))?;
        let mut terms = TermList::with_capacity(n_terms, 0);
        let mut df = Vec::with_capacity(n_terms);
        let mut cf = Vec::with_capacity(n_terms);
        let mut term: Vec<u8> = Vec::new();
        for _ in 0..n_terms {
            let at = r.at;
            term = r
                .prefixed(&term)
                .map_err(|what| damaged(&format!("a term {what}"), at))?;
            let t = std::str::from_utf8(&term).map_err(|_| damaged("a term is not UTF-8", at))?;
            if !terms.is_empty() && &terms[terms.len() - 1] >= t {
                return Err(damaged("terms out of order", at));
            }
            terms.push(t);
            let d = r.int().ok_or_else(|| damaged("frequency cut short", at))?;
            let c = r.int().ok_or_else(|| damaged("frequency cut short", at))?;
            // Each term was seen in 1..=n documents, at least once in each.
            if d == 0 || d > n_documents || c < d {
                return Err(damaged("a term's frequencies do not add up", at));
            }
            df.push(d);
            cf.push(c);
        }
        let n_votes = r.int().ok_or_else(|| damaged("votes cut short", r.at))?;
        let mut votes = DisplayVotes::default();
        let mut word: Vec<u8> = Vec::new();
        for _ in 0..n_votes {
            let at = r.at;
            word = r
                .prefixed(&word)
                .map_err(|what| damaged(&format!("a word {what}"), at))?;
            let form = r
                .prefixed(&word)
                .map_err(|what| damaged(&format!("a form {what}"), at))?;
            let n = r.int().ok_or_else(|| damaged("vote cut short", at))?;
            match (std::str::from_utf8(&word), std::str::from_utf8(&form)) {
                (Ok(w), Ok(f)) => votes.add(w, f, n),
                _ => return Err(damaged("a vote is not UTF-8", at)),
            }
        }
        if r.at != body.len() {
            return Err(damaged("bytes after the end", r.at));
        }
        Ok(CountState {
            pipeline,
            n_documents,
            n_tokens,
            terms,
            df,
            cf,
            votes,
        })
    }

    /// Writes the state to `path`, atomically (a reader never sees half a file).
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes();
        crate::io::write_atomic(path, |w| w.write_all(&bytes))
    }

    /// Reads a state that [`CountState::save`] wrote.
    pub fn load(path: &Path) -> Result<CountState> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::io(&shown, e))?;
        CountState::from_bytes(&bytes, &shown)
    }
}

/// Which pipeline options differ between two states, for the error.
fn differing(a: &PipelineOptions, b: &PipelineOptions) -> String {
    let (a, b) = (
        serde_json::to_value(a).unwrap_or_default(),
        serde_json::to_value(b).unwrap_or_default(),
    );
    let mut names = Vec::new();
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (key, value) in a {
            if b.get(key) != Some(value) {
                names.push(format!(
                    "`{key}` ({value} and {})",
                    b.get(key).unwrap_or(&serde_json::Value::Null)
                ));
            }
        }
    }
    format!(
        "the count states were counted with different pipeline options: {}; count every shard with the same options",
        names.join(", ")
    )
}

/// `s` as the number of its first bytes it shares with `base`, then the rest.
fn put_prefixed(out: &mut Vec<u8>, base: &str, s: &str) {
    let shared = base
        .bytes()
        .zip(s.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    put(out, shared as u64);
    put_bytes(out, &s.as_bytes()[shared..]);
}

/// `v` as LEB128: seven bits a byte, low first, the top bit set on all but the last.
fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads what [`put`] and [`put_bytes`] wrote; `None` when cut short or malformed.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn int(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            v |= u64::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// What [`put_prefixed`] wrote against `base`; the error says what is wrong.
    fn prefixed(&mut self, base: &[u8]) -> std::result::Result<Vec<u8>, &'static str> {
        let shared = self.int().ok_or("is cut short")?;
        let rest = self.bytes().ok_or("is cut short")?;
        let shared = usize::try_from(shared)
            .ok()
            .filter(|&n| n <= base.len())
            .ok_or("shares more bytes than the one before it has")?;
        let mut out = Vec::with_capacity(shared + rest.len());
        out.extend_from_slice(&base[..shared]);
        out.extend_from_slice(rest);
        Ok(out)
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.int()?).ok()?;
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;
    use crate::filter::Stem;
    use crate::pipeline::Analyzer;
    use crate::segment::Clitics;
    use crate::vectorize::{DocFreq, Norm, TfidfVectorizer, Vectors};

    /// The lines of a generated corpus of about `bytes` bytes, as documents.
    fn corpus(bytes: u64, seed: u64) -> Vec<Document> {
        let mut text = Vec::new();
        let o = crate::synth::SynthOptions {
            bytes,
            seed,
            types: 3000,
        };
        crate::synth::generate(&o, &mut text).unwrap();
        String::from_utf8(text)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| Document::new(format!("d{i}"), l.to_owned()))
            .collect()
    }

    fn stream(docs: &[Document]) -> impl Iterator<Item = Result<Document>> + '_ {
        docs.iter().cloned().map(Ok)
    }

    /// The matrix's exact bytes: structure and the bits of every value.
    fn bits(v: &Vectors) -> (Vec<usize>, Vec<u32>, Vec<u64>) {
        let m = &v.matrix;
        (
            m.indptr().raw_storage().to_vec(),
            m.indices().to_vec(),
            m.data().iter().map(|x| x.to_bits()).collect(),
        )
    }

    /// Cuts `docs` at random into shards (some empty), counts each on 1 or
    /// 2 threads, sends it through bytes, merges them in a random order and
    /// tree; then checks the finished model and the shards' transformed rows
    /// against one fit over the whole corpus.
    fn check(
        docs: &[Document],
        p: &PipelineOptions,
        o: &VectorizerOptions,
        rng: &mut Xoshiro256PlusPlus,
    ) {
        let v = TfidfVectorizer::new(p.clone(), o.clone()).unwrap();
        let (whole, vectors) = v.fit_transform(stream(docs), 2).unwrap();
        let shards = rng.gen_range(1..=6);
        let mut cuts: Vec<usize> = (0..shards - 1)
            .map(|_| rng.gen_range(0..=docs.len()))
            .collect();
        cuts.push(0);
        cuts.push(docs.len());
        cuts.sort_unstable();
        let mut states: Vec<CountState> = cuts
            .windows(2)
            .map(|w| {
                let s = CountState::count(
                    stream(&docs[w[0]..w[1]]),
                    v.pipeline(),
                    rng.gen_range(1..=2),
                )
                .unwrap();
                CountState::from_bytes(&s.to_bytes(), "shard").unwrap()
            })
            .collect();
        // Merge random pairs until one state is left: any tree, any order.
        while states.len() > 1 {
            let a = states.swap_remove(rng.gen_range(0..states.len()));
            let k = rng.gen_range(0..states.len());
            let mut b = std::mem::replace(&mut states[k], CountState::empty(p.clone()));
            b.merge(a).unwrap();
            states[k] = b;
        }
        let state = states.pop().unwrap();
        assert_eq!(state.n_documents(), docs.len() as u64);
        assert_eq!(state.n_tokens(), vectors.tokens.iter().sum::<u64>());
        let model = state.finish(o).unwrap();
        assert_eq!(model, whole, "{p:?} {o:?} in {shards} shards");
        // Each shard transformed with the model, rows put back in order.
        let mut rows = Vec::new();
        for w in cuts.windows(2).filter(|w| w[0] < w[1]) {
            rows.push(model.transform(stream(&docs[w[0]..w[1]]), 2).unwrap());
        }
        let mut indptr = vec![0];
        let (mut indices, mut data) = (Vec::new(), Vec::new());
        for r in &rows {
            let (p, i, d) = bits(r);
            let base = *indptr.last().unwrap();
            indptr.extend(p[1..].iter().map(|x| x + base));
            indices.extend(i);
            data.extend(d);
        }
        assert_eq!((indptr, indices, data), bits(&vectors), "{p:?} {o:?}");
    }

    #[test]
    fn shards_merged_in_any_order_fit_the_whole_corpus_exactly() {
        let docs = corpus(60_000, 7);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(20);
        let pipelines = [
            PipelineOptions::default(),
            PipelineOptions {
                ngram_range: (1, 2),
                ..Default::default()
            },
            PipelineOptions {
                ngram_range: (2, 3),
                clitics: Clitics::Split,
                ..Default::default()
            },
            // Longer than word ids hold: terms counted as text.
            PipelineOptions {
                ngram_range: (1, 5),
                clitics: Clitics::None,
                ..Default::default()
            },
            PipelineOptions {
                analyzer: Analyzer::Char,
                ngram_range: (2, 4),
                ..Default::default()
            },
            PipelineOptions {
                analyzer: Analyzer::CharWb,
                ngram_range: (2, 3),
                ..Default::default()
            },
            PipelineOptions {
                stem: Stem::Light,
                ..Default::default()
            },
            PipelineOptions {
                stem: Stem::Isri,
                ngram_range: (1, 2),
                ..Default::default()
            },
        ];
        let vectorizers = [
            VectorizerOptions::default(),
            VectorizerOptions {
                min_df: DocFreq::Count(2),
                max_df: DocFreq::Fraction(0.5),
                sublinear_tf: true,
                ..Default::default()
            },
            VectorizerOptions {
                min_df: DocFreq::Fraction(0.05),
                max_df: DocFreq::Count(40),
                norm: Norm::L1,
                smooth_idf: false,
                ..Default::default()
            },
            // Ties at the cut: the earlier term wins, as in one fit.
            VectorizerOptions {
                max_features: Some(37),
                binary: true,
                norm: Norm::None,
                ..Default::default()
            },
            VectorizerOptions {
                max_features: Some(101),
                use_idf: false,
                ..Default::default()
            },
        ];
        for p in &pipelines {
            for o in &vectorizers {
                check(&docs, p, o, &mut rng);
            }
        }
    }

    #[test]
    fn merging_states_of_different_options_names_them() {
        let docs = corpus(5_000, 1);
        let count = |p: PipelineOptions| {
            CountState::count(stream(&docs), &Pipeline::new(p).unwrap(), 1).unwrap()
        };
        let mut a = count(PipelineOptions::default());
        let b = count(PipelineOptions {
            ngram_range: (1, 2),
            ..Default::default()
        });
        let e = a.merge(b).unwrap_err().to_string();
        assert!(e.contains("`ngram_range` ([1,1] and [1,2])"), "{e}");
    }

    #[test]
    fn a_state_of_no_documents_merges_but_does_not_finish() {
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let empty = CountState::count(std::iter::empty(), &pipeline, 2).unwrap();
        assert_eq!(empty, CountState::empty(PipelineOptions::default()));
        let e = empty.finish(&VectorizerOptions::default()).unwrap_err();
        assert!(matches!(e, Error::EmptyCorpus(_)), "{e}");
        let docs = corpus(5_000, 2);
        let mut full = CountState::count(stream(&docs), &pipeline, 2).unwrap();
        let before = full.clone();
        full.merge(empty).unwrap();
        assert_eq!(full, before);
    }

    #[test]
    fn damaged_or_foreign_bytes_are_clear_errors() {
        let docs = corpus(5_000, 3);
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let bytes = CountState::count(stream(&docs), &pipeline, 1)
            .unwrap()
            .to_bytes();
        let err = |b: &[u8]| {
            CountState::from_bytes(b, "s.state")
                .unwrap_err()
                .to_string()
        };
        assert!(err(b"{\"format\": \"tahlil-tfidf-model\"}")
            .contains("s.state:0: not a tahlil count state"));
        assert!(err(&bytes[..bytes.len() / 2]).contains("damaged"));
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 3] ^= 1;
        assert!(err(&flipped).contains("checksum does not match"));
        let mut newer = bytes.clone();
        newer[8] = 9;
        assert!(err(&newer).contains("version 9"));
        // Every cut is an error, never a panic.
        for n in 0..bytes.len() {
            assert!(CountState::from_bytes(&bytes[..n], "s").is_err());
        }
    }

    #[test]
    fn frequencies_that_do_not_add_up_are_refused() {
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let good = CountState::count(stream(&corpus(3_000, 5)), &pipeline, 1).unwrap();
        for (df, cf) in [(0, 1), (good.n_documents + 1, 99), (2, 1)] {
            let mut bad = good.clone();
            bad.df[0] = df;
            bad.cf[0] = cf;
            let e = CountState::from_bytes(&bad.to_bytes(), "s")
                .unwrap_err()
                .to_string();
            assert!(e.contains("frequencies do not add up"), "{e}");
        }
    }

    #[test]
    fn a_stop_list_is_the_same_wherever_it_was_read_from() {
        let list = |source: &str| PipelineOptions {
            stopwords: crate::filter::StopWords::List {
                source: source.into(),
                words: vec!["في".into(), "من".into()],
            },
            ..Default::default()
        };
        let docs = corpus(3_000, 6);
        let count = |p: PipelineOptions| {
            CountState::count(stream(&docs), &Pipeline::new(p).unwrap(), 1).unwrap()
        };
        let mut a = count(list("./stop.txt"));
        a.merge(count(list("/data/stop.txt"))).unwrap();
        a.counted_with(&list("stop_words")).unwrap();
    }

    #[test]
    fn the_saved_form_grows_with_the_vocabulary_not_the_text() {
        let docs = corpus(100_000, 4);
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let size = |docs: &[Document]| {
            let state = CountState::count(stream(docs), &pipeline, 2).unwrap();
            (state.to_bytes().len(), state.terms().len())
        };
        let (once, terms) = size(&docs);
        // The same documents four times: four times the text, the same terms.
        let four: Vec<Document> = (0..4).flat_map(|_| docs.iter().cloned()).collect();
        let (four_times, same_terms) = size(&four);
        assert_eq!(terms, same_terms);
        // Only the frequencies grow, by a byte at most where they pass 127.
        assert!(
            four_times < once + once / 10,
            "{once} then {four_times} bytes"
        );
        // Front-coded terms, forms coded against their words, LEB128
        // numbers: each term's text once and its form's (about 21 bytes a
        // term here, whose text averages 11).
        assert!(once < 24 * terms, "{once} bytes for {terms} terms");
    }
}
