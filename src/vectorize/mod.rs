//! Count and TF-IDF vectors with scikit-learn's exact semantics.
//!
//! [`TfidfVectorizer::fit_transform`] counts terms (in parallel, streaming),
//! prunes the vocabulary (`min_df`, `max_df`, `max_features`), weights the
//! counts (`binary`, `sublinear_tf`, `use_idf`, `smooth_idf`) and normalizes
//! the rows (`norm`), exactly as scikit-learn's `TfidfVectorizer` does:
//!
//! * smooth idf = ln((1 + n) / (1 + df)) + 1, plain idf = ln(n / df) + 1;
//! * sublinear tf = 1 + ln(tf);
//! * columns are the terms in sorted (code point) order;
//! * `max_features` keeps the terms with the largest corpus frequency (with
//!   `binary`, the document frequency), ties going to the earlier term.
//!
//! The fitted [`TfidfModel`] (pipeline options, vocabulary, idf) saves as
//! JSON and transforms new documents into the same columns.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//! use tahlil::pipeline::PipelineOptions;
//! use tahlil::vectorize::{TfidfVectorizer, VectorizerOptions};
//!
//! let corpus = Corpus::seeds(InputOptions::default());
//! let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
//! let (model, out) = v.fit_transform(corpus.documents(), 2).unwrap();
//! assert_eq!(out.matrix.rows(), 5);
//! assert_eq!(out.matrix.cols(), model.vocabulary.len());
//! // Every row has unit Euclidean length.
//! for row in out.matrix.outer_iterator() {
//!     let norm: f64 = row.data().iter().map(|x| x * x).sum::<f64>().sqrt();
//!     assert!((norm - 1.0).abs() < 1e-12);
//! }
//! ```

pub(crate) mod chunks;
mod count;
mod display;
mod ngrams;
mod options;
mod rows;
mod state;
mod term_list;
mod vocabulary;
pub(crate) use vocabulary::home;

pub use count::{count_terms, CountMatrix};
// Phase timings, for `crate::bench` only.
pub(crate) use count::{count_terms_timed, CountTimings};
pub use options::{DocFreq, Norm, VectorizerOptions};
pub use state::{CountState, STATE_VERSION};
pub use term_list::TermList;
pub use vocabulary::Interner;

use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::display::DisplayForms;
use crate::error::{Error, ParamError, Result};
use crate::input::{Document, MetaTable};
use crate::pipeline::{Pipeline, PipelineOptions};

/// A documents × terms matrix of `f64`, CSR, columns sorted within each row.
pub type TfidfMatrix = sprs::CsMatI<f64, u32, usize>;

/// The format tag written in every saved model.
pub const MODEL_FORMAT: &str = "tahlil-tfidf-model";
/// Version of the saved model layout.
pub const MODEL_VERSION: u32 = 1;

/// A fitted vectorizer: everything needed to transform new text into the
/// same columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TfidfModel {
    /// Always [`MODEL_FORMAT`].
    pub format: String,
    /// Always [`MODEL_VERSION`] when written by this version.
    pub version: u32,
    /// How text becomes terms.
    pub pipeline: PipelineOptions,
    /// How counts become weights.
    pub vectorizer: VectorizerOptions,
    /// Number of documents the model was fitted on.
    pub n_documents: u64,
    /// The columns: terms in sorted order.
    pub vocabulary: TermList,
    /// Document frequency of each term in the fitting corpus.
    pub df: Vec<u64>,
    /// Inverse document frequency of each term (`None` without `use_idf`).
    pub idf: Option<Vec<f64>>,
    /// How the words of the terms are shown: each word written otherwise than
    /// it is matched, with its most frequent written form in the fitting
    /// corpus (see [`crate::display`]). Absent from models saved before
    /// display forms, which show terms as they are matched.
    #[serde(default)]
    pub display: DisplayForms,
}

/// Vectors of a set of documents.
#[derive(Debug, Clone)]
pub struct Vectors {
    /// Document ids, one per row.
    pub ids: Vec<String>,
    /// Words per document (after filters, before n-grams).
    pub tokens: Vec<u64>,
    /// The weighted, normalized matrix.
    pub matrix: TfidfMatrix,
    /// The documents' metadata, one row per document.
    pub meta: MetaTable,
}

impl Vectors {
    /// The documents `rows`, in that order: a group's vectors.
    pub fn select_rows(&self, rows: &[usize]) -> Vectors {
        let m = &self.matrix;
        let (mut indptr, mut indices, mut data) = (vec![0], Vec::new(), Vec::new());
        for &r in rows {
            let row = m.outer_view(r).expect("a row of the matrix");
            indices.extend_from_slice(row.indices());
            data.extend_from_slice(row.data());
            indptr.push(indices.len());
        }
        let matrix = TfidfMatrix::try_new((rows.len(), m.cols()), indptr, indices, data)
            .unwrap_or_else(|(.., e)| panic!("rows of a valid matrix: {e}"));
        Vectors {
            ids: rows.iter().map(|&r| self.ids[r].clone()).collect(),
            tokens: rows.iter().map(|&r| self.tokens[r]).collect(),
            matrix,
            meta: self.meta.select(rows),
        }
    }
}

/// Wall time of the two phases of [`TfidfVectorizer::fit_counts`] (for `tahlil bench`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct FitTimings {
    /// Document frequencies, pruning and idf.
    pub vocabulary: Duration,
    /// Weighting and normalizing the rows into the TF-IDF matrix.
    pub weigh: Duration,
}

/// Fits TF-IDF models.
#[derive(Debug)]
pub struct TfidfVectorizer {
    pipeline: Pipeline,
    options: VectorizerOptions,
}

impl TfidfVectorizer {
    /// Checks the options and compiles the pipeline.
    pub fn new(pipeline: PipelineOptions, options: VectorizerOptions) -> Result<Self> {
        options.check()?;
        Ok(TfidfVectorizer {
            pipeline: Pipeline::new(pipeline)?,
            options,
        })
    }

    /// The compiled pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// How counts become weights.
    pub fn options(&self) -> &VectorizerOptions {
        &self.options
    }

    /// Learns the vocabulary and idf of `docs` and returns their vectors,
    /// on `threads` threads (see [`crate::parallel`]).
    pub fn fit_transform<I>(&self, docs: I, threads: usize) -> Result<(TfidfModel, Vectors)>
    where
        I: Iterator<Item = Result<Document>>,
    {
        let (counted, _) = count::count_merged(docs, &self.pipeline, None, threads)?;
        crate::parallel::with_threads(threads, || {
            fit_counted(self.pipeline.options().clone(), &self.options, counted)
        })?
    }

    /// Fits on an already counted corpus.
    pub fn fit_counts(&self, counts: CountMatrix) -> Result<(TfidfModel, Vectors)> {
        self.fit_counts_timed(counts, &mut FitTimings::default())
    }

    /// [`TfidfVectorizer::fit_counts`], recording how long each phase took in `timings`.
    pub(crate) fn fit_counts_timed(
        &self,
        counts: CountMatrix,
        timings: &mut FitTimings,
    ) -> Result<(TfidfModel, Vectors)> {
        fit_counts_timed(
            self.pipeline.options().clone(),
            &self.options,
            counts,
            timings,
        )
    }
}

/// Fits a model with `options` on counts made by a pipeline with
/// `pipeline` options (which the model records; they do not change its numbers).
pub(crate) fn fit_counts_with(
    pipeline: PipelineOptions,
    options: &VectorizerOptions,
    counts: CountMatrix,
) -> Result<(TfidfModel, Vectors)> {
    fit_counts_timed(pipeline, options, counts, &mut FitTimings::default())
}

fn fit_counts_timed(
    pipeline: PipelineOptions,
    o: &VectorizerOptions,
    counts: CountMatrix,
    timings: &mut FitTimings,
) -> Result<(TfidfModel, Vectors)> {
    let started = Instant::now();
    let n = counts.n_docs();
    if n == 0 {
        return Err(Error::no_documents());
    }
    let df = counts.document_frequencies();
    // Only with `max_features`, and before the terms move into the model
    // (a matrix of counts sizes its sums by its terms).
    let mut cf = None;
    if o.max_features.is_some_and(|limit| limit < df.len()) && !o.binary {
        cf = Some(counts.corpus_frequencies());
    }
    let mut counts = counts;
    let terms = std::mem::take(&mut counts.terms);
    let display = std::mem::take(&mut counts.display);
    let (model, column) = fit_model(pipeline, o, n, terms, df, display, || {
        cf.unwrap_or_default()
    })?;
    let fitted = Instant::now();
    let vectors = model.weigh(counts, column.as_deref())?;
    *timings = FitTimings {
        vocabulary: fitted - started,
        weigh: fitted.elapsed(),
    };
    Ok((model, vectors))
}

/// [`fit_counts_timed`] on a corpus whose rows are not yet assembled, as
/// [`TfidfVectorizer::fit_transform`] fits: the document frequencies come
/// from the workers' rows, and when no term is pruned (the default) each
/// row is weighed as it is assembled. A matrix of counts in between was
/// written to fresh memory and read twice more (document frequencies, then
/// weights): without it a Python `fit_transform` of 100 MB took 0.92 times
/// the wall time and CPU time (medians of 8 alternating pairs).
fn fit_counted(
    pipeline: PipelineOptions,
    o: &VectorizerOptions,
    mut counted: count::Counted,
) -> Result<(TfidfModel, Vectors)> {
    let n = counted.n_docs();
    if n == 0 {
        return Err(Error::no_documents());
    }
    let df = counted.document_frequencies();
    let terms = std::mem::take(&mut counted.terms);
    let display = std::mem::take(&mut counted.display);
    let (model, column) = fit_model(pipeline, o, n, terms, df, display, || {
        counted.corpus_frequencies()
    })?;
    if column.is_some() {
        let vectors = model.weigh(counted.assemble(), column.as_deref())?;
        return Ok((model, vectors));
    }
    let n_cols = model.vocabulary.len();
    // Each row's columns are checked where they are written, in parallel.
    let invalid = std::sync::atomic::AtomicBool::new(false);
    let a = counted.assemble_with(|columns, counts, out| {
        if !row_is_valid(columns, n_cols) {
            invalid.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        model.weigh_row(columns, counts, out)
    });
    let matrix = checked_matrix(
        (n, n_cols),
        a.indptr,
        a.indices,
        a.values,
        !invalid.into_inner(),
    );
    let vectors = Vectors {
        ids: a.ids,
        tokens: a.tokens,
        matrix,
        meta: a.meta,
    };
    Ok((model, vectors))
}

/// The model `o` makes of `n` documents' `terms` (sorted, with document
/// frequencies `df`; `cf` gives their corpus frequencies, called only if
/// `max_features` needs them), and the map from `terms` to its columns if
/// any was pruned (see [`prune`]).
fn fit_model(
    pipeline: PipelineOptions,
    o: &VectorizerOptions,
    n: usize,
    terms: TermList,
    df: Vec<u64>,
    display: DisplayForms,
    cf: impl FnOnce() -> Vec<u64>,
) -> Result<(TfidfModel, Option<Vec<u32>>)> {
    let (vocabulary, kept_df, column) = prune(o, n as u64, terms, df, cf)?;
    let idf = idf(o, n as u64, &kept_df);
    let model = TfidfModel {
        format: MODEL_FORMAT.into(),
        version: MODEL_VERSION,
        pipeline,
        vectorizer: o.clone(),
        n_documents: n as u64,
        vocabulary,
        df: kept_df,
        idf,
        display,
    };
    Ok((model, column))
}

/// The columns `o` keeps of `terms` (sorted, with document frequencies `df`
/// over `n` documents; `cf` gives their corpus frequencies, computed only
/// if `max_features` needs them): the vocabulary, its document
/// frequencies, and the map from `terms` to columns (`u32::MAX`: pruned;
/// `None`: nothing was).
fn prune(
    o: &VectorizerOptions,
    n: u64,
    terms: TermList,
    df: Vec<u64>,
    cf: impl FnOnce() -> Vec<u64>,
) -> Result<(TermList, Vec<u64>, Option<Vec<u32>>)> {
    if terms.is_empty() {
        return Err(Error::EmptyVocabulary(format!(
            "the {n} documents have no terms after normalization and filters; \
             try `stopwords` none or a lower `min_token_length`"
        )));
    }
    let n_docs = usize::try_from(n).unwrap_or(usize::MAX);
    let (high, low) = (o.max_df.resolve(n_docs), o.min_df.resolve(n_docs));
    if high < low {
        return Err(ParamError::MinDfAboveMaxDf {
            min_df: low,
            max_df: high,
        }
        .into());
    }
    let kept_df = |d: u64| (d as f64) <= high && (d as f64) >= low;
    // Asked on every thread: a mask of millions of terms built on one
    // thread was all that ran, to find in the usual case that all are kept.
    if o.max_features.is_none() && df.par_iter().all(|&d| kept_df(d)) {
        // Nothing pruned (the default): the terms move into the model whole,
        // and no column map is looked up per non-zero.
        return Ok((terms, df, None));
    }
    let mut keep: Vec<bool> = df.iter().map(|&d| kept_df(d)).collect();
    if let Some(limit) = o.max_features {
        let mut kept: Vec<usize> = (0..keep.len()).filter(|&j| keep[j]).collect();
        if kept.len() > limit {
            // scikit-learn ranks by column sums after `binary` is applied.
            let tf = if o.binary { df.clone() } else { cf() };
            kept.sort_by(|&a, &b| tf[b].cmp(&tf[a]).then(a.cmp(&b)));
            keep.iter_mut().for_each(|k| *k = false);
            for &j in &kept[..limit] {
                keep[j] = true;
            }
        }
    }
    let kept = keep.iter().filter(|&&k| k).count();
    if kept == 0 {
        return Err(Error::EmptyVocabulary(format!(
            "after pruning no terms remain (`min_df` {} = {low} documents, `max_df` {} = {high} documents, of {n}); \
             lower `min_df` or raise `max_df`",
            o.min_df, o.max_df
        )));
    }
    if kept == keep.len() {
        // `max_features` at or above the terms kept: nothing pruned either.
        return Ok((terms, df, None));
    }
    let mut column = vec![u32::MAX; keep.len()];
    let mut vocabulary = TermList::with_capacity(kept, terms.text_len());
    let mut kept_df = Vec::with_capacity(kept);
    for (j, term) in terms.iter().enumerate() {
        if keep[j] {
            column[j] = vocabulary.len() as u32;
            vocabulary.push(term);
            kept_df.push(df[j]);
        }
    }
    Ok((vocabulary, kept_df, Some(column)))
}

/// scikit-learn's idf of terms with document frequencies `df` over `n`
/// documents (`None` without `use_idf`).
fn idf(o: &VectorizerOptions, n: u64, df: &[u64]) -> Option<Vec<f64>> {
    o.use_idf.then(|| {
        let s = u64::from(o.smooth_idf);
        let idf = |d: u64| ((n + s) as f64 / (d + s) as f64).ln() + 1.0;
        // Millions of terms with word pairs, nearly all with a df of a few
        // documents: each df's idf is computed once (the same expression,
        // so the same bits) and looked up.
        let small: Vec<f64> = (0..=df.par_iter().copied().max().unwrap_or(0).min(1 << 16))
            .map(idf)
            .collect();
        // On every thread: one thread writing tens of MB was all that ran.
        df.par_iter()
            .map(|&d| small.get(d as usize).copied().unwrap_or_else(|| idf(d)))
            .collect()
    })
}

impl TfidfModel {
    /// The display form of column `j`'s term (see [`crate::display`]).
    pub fn display_term(&self, j: usize) -> std::borrow::Cow<'_, str> {
        self.display
            .term(&self.vocabulary[j], self.pipeline.analyzer)
    }

    /// Reads a model.json that [`crate::io::write_vectors`] wrote, and checks
    /// it ([`TfidfModel::validate`]).
    pub fn load(path: &std::path::Path) -> Result<TfidfModel> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&shown, e))?;
        let model: TfidfModel = serde_json::from_str(&text).map_err(|e| Error::Parse {
            path: shown.clone(),
            line: e.line() as u64,
            message: format!("not a tahlil model.json: {e}"),
        })?;
        model.validate(&shown)?;
        Ok(model)
    }

    /// Writes the model as model.json: compact, streamed (with word pairs the
    /// vocabulary runs to millions of terms).
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        // The bytes of serde_json's derived form, but the three lists,
        // millions long with word pairs, are formatted in blocks on every
        // thread of the caller's pool rather than element by element on one.
        // A field added to the struct must be added here too: the test
        // model_json_is_serde_jsons_bytes_on_any_pool fails until it is.
        fn json<T: Serialize + ?Sized>(w: &mut dyn std::io::Write, x: &T) -> std::io::Result<()> {
            serde_json::to_writer(w, x).map_err(std::io::Error::other)
        }
        /// A JSON list of `n` items, formatted in blocks: `block()` makes
        /// each block's formatter, which may keep what it learns (a cache).
        fn list<F: FnMut(&mut Vec<u8>, usize)>(
            w: &mut dyn std::io::Write,
            n: usize,
            block: impl Fn() -> F + Sync,
        ) -> std::io::Result<()> {
            w.write_all(b"[")?;
            crate::parallel::write_in_blocks(w, n, 1 << 15, |items| {
                let mut item = block();
                let mut out = Vec::with_capacity(items.len() * 24);
                for j in items {
                    if j > 0 {
                        out.push(b',');
                    }
                    item(&mut out, j);
                }
                out
            })?;
            w.write_all(b"]")
        }
        fn put<T: Serialize + ?Sized>(out: &mut Vec<u8>, x: &T) {
            // Writing into a Vec fails only on a value JSON cannot hold, which
            // a string, an integer or a float (a non-finite one is null) is not.
            serde_json::to_writer(out, x).expect("a string or a number is JSON");
        }
        w.write_all(b"{\"format\":")?;
        json(w, &self.format)?;
        w.write_all(b",\"version\":")?;
        json(w, &self.version)?;
        w.write_all(b",\"pipeline\":")?;
        json(w, &self.pipeline)?;
        w.write_all(b",\"vectorizer\":")?;
        json(w, &self.vectorizer)?;
        w.write_all(b",\"n_documents\":")?;
        json(w, &self.n_documents)?;
        w.write_all(b",\"vocabulary\":")?;
        list(w, self.vocabulary.len(), || {
            |out: &mut Vec<u8>, j| {
                // Terms are words: a string with nothing to escape is itself
                // in quotes, as serde_json writes it, without its byte-by-byte
                // escaping.
                let term = &self.vocabulary[j];
                if term.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
                    put(out, term)
                } else {
                    out.push(b'"');
                    out.extend_from_slice(term.as_bytes());
                    out.push(b'"');
                }
            }
        })?;
        w.write_all(b",\"df\":")?;
        list(w, self.df.len(), || {
            |out: &mut Vec<u8>, j| put(out, &self.df[j])
        })?;
        w.write_all(b",\"idf\":")?;
        match &self.idf {
            // An idf depends only on its df: formatted once per df and block.
            Some(idf) => list(w, idf.len(), || {
                let mut cache = crate::io::NumberCache::default();
                move |out: &mut Vec<u8>, j| {
                    out.extend_from_slice(cache.format(self.df[j], idf[j], |x, text| put(text, &x)))
                }
            })?,
            None => w.write_all(b"null")?,
        }
        w.write_all(b",\"display\":")?;
        json(w, &self.display)?;
        w.write_all(b"}\n")
    }

    /// Checks that a loaded model is one this version can use.
    pub fn validate(&self, path: &str) -> Result<()> {
        let bad = |message: String| Error::Parse {
            path: path.to_owned(),
            line: 0,
            message,
        };
        if self.format != MODEL_FORMAT || self.version != MODEL_VERSION {
            return Err(bad(format!(
                "not a tahlil model of version {MODEL_VERSION} (format {:?}, version {}); fit a new model on the corpus",
                self.format, self.version
            )));
        }
        let n = self.vocabulary.len();
        if self.df.len() != n || self.idf.as_ref().is_some_and(|i| i.len() != n) {
            return Err(bad("vocabulary, df and idf have different lengths".into()));
        }
        if self
            .vocabulary
            .iter()
            .zip(self.vocabulary.iter().skip(1))
            .any(|(a, b)| a >= b)
        {
            return Err(bad("the vocabulary is not sorted and unique".into()));
        }
        if self
            .idf
            .as_ref()
            .is_some_and(|i| i.iter().any(|x| !x.is_finite()))
        {
            return Err(bad("an idf value is not finite".into()));
        }
        self.pipeline.check()?;
        self.vectorizer.check()?;
        Ok(())
    }

    /// Transforms `docs` into this model's columns (terms it does not know
    /// are ignored), on `threads` threads (see [`crate::parallel`]).
    pub fn transform<I>(&self, docs: I, threads: usize) -> Result<Vectors>
    where
        I: Iterator<Item = Result<Document>>,
    {
        self.transformer()?.transform(docs, threads)
    }

    /// This model ready to transform many batches of documents: the pipeline
    /// compiled and the vocabulary hashed once, not once per batch.
    pub fn transformer(&self) -> Result<Transformer<'_>> {
        Ok(Transformer {
            model: self,
            pipeline: Pipeline::new(self.pipeline.clone())?,
            vocabulary: Interner::from_terms(&self.vocabulary),
        })
    }

    /// Weighs one row: `out[k]` from the count of column `columns[k]`, then
    /// the row normalized.
    fn weigh_row(&self, columns: &[u32], counts: impl Iterator<Item = u32>, out: &mut [f64]) {
        let o = &self.vectorizer;
        for ((x, &j), c) in out.iter_mut().zip(columns).zip(counts) {
            let mut tf = if o.binary { 1.0 } else { f64::from(c) };
            if o.sublinear_tf {
                tf = tf.ln() + 1.0;
            }
            if let Some(idf) = &self.idf {
                tf *= idf[j as usize];
            }
            *x = tf;
        }
        normalize_row(out, o.norm);
    }

    /// Turns counts into weighted, normalized rows. `column` maps the counts'
    /// columns to the model's (`u32::MAX`: dropped); `None` means identical.
    fn weigh(&self, counts: CountMatrix, column: Option<&[u32]>) -> Result<Vectors> {
        crate::parallel::note_pool();
        let CountMatrix {
            ids,
            tokens,
            meta,
            mut indptr,
            mut indices,
            mut counts,
            ..
        } = counts;
        if let Some(map) = column {
            // Drop the pruned columns and renumber the rest (the map is
            // increasing, so rows stay sorted).
            let mut k_out = 0;
            let mut start = 0;
            for r in 0..ids.len() {
                let end = indptr[r + 1];
                for k in start..end {
                    let j = map[indices[k] as usize];
                    if j != u32::MAX {
                        indices[k_out] = j;
                        counts[k_out] = counts[k];
                        k_out += 1;
                    }
                }
                start = end;
                indptr[r + 1] = k_out;
            }
            indices.truncate(k_out);
            counts.truncate(k_out);
        }
        // Rows are independent: weigh blocks of rows in parallel, each into
        // its own stretch of `data` (the result does not depend on the thread count).
        let mut data = vec![0.0; indices.len()];
        let mut blocks = Vec::new();
        let mut rest = data.as_mut_slice();
        for r0 in (0..ids.len()).step_by(2048) {
            let r1 = (r0 + 2048).min(ids.len());
            let (block, tail) = rest.split_at_mut(indptr[r1] - indptr[r0]);
            blocks.push((r0, r1, block));
            rest = tail;
        }
        let n_cols = self.vocabulary.len();
        // Each block also checks its rows' structure, reading what it reads
        // anyway (see `checked_matrix`).
        let valid = blocks.into_par_iter().all(|(r0, r1, out)| {
            let base = indptr[r0];
            let mut valid = true;
            for r in r0..r1 {
                let (s, e) = (indptr[r], indptr[r + 1]);
                let row = &indices[s..e];
                valid &= row_is_valid(row, n_cols);
                self.weigh_row(
                    row,
                    counts[s..e].iter().copied(),
                    &mut out[s - base..e - base],
                );
            }
            valid
        });
        drop(counts);
        // Rows come out of the counter with sorted, in-range columns, and the
        // column map is increasing: the structure is valid by construction.
        let matrix = checked_matrix((ids.len(), n_cols), indptr, indices, data, valid);
        Ok(Vectors {
            ids,
            tokens,
            matrix,
            meta,
        })
    }
}

/// A model ready to transform batch after batch (see [`TfidfModel::transformer`]):
/// a corpus transformed in batches, with each batch's rows written out before
/// the next is read, never holds the whole matrix.
#[derive(Debug)]
pub struct Transformer<'a> {
    model: &'a TfidfModel,
    pipeline: Pipeline,
    vocabulary: Interner,
}

impl Transformer<'_> {
    /// The vectors of `docs` in the model's columns, as [`TfidfModel::transform`].
    pub fn transform<I>(&self, docs: I, threads: usize) -> Result<Vectors>
    where
        I: Iterator<Item = Result<Document>>,
    {
        // Counted as a fit counts (each distinct chunk of text analysed once,
        // not every token), then the terms the model does not know dropped:
        // the same counts as counting only the model's terms, several times
        // faster. Both term lists are sorted, so the map is increasing.
        let counts = count_terms(docs, &self.pipeline, None, threads)?;
        let column: Vec<u32> = counts
            .terms
            .iter()
            .map(|t| self.vocabulary.get(t).unwrap_or(u32::MAX))
            .collect();
        crate::parallel::with_threads(threads, || self.model.weigh(counts, Some(&column)))?
    }
}

/// Whether a row's columns increase and are below `n_cols`: what a CSR
/// row must be, checked by the weighing threads on the rows they write.
#[inline]
fn row_is_valid(row: &[u32], n_cols: usize) -> bool {
    row.windows(2).all(|w| w[0] < w[1]) && row.last().is_none_or(|&j| (j as usize) < n_cols)
}

/// The matrix of CSR arrays whose every row passed [`row_is_valid`]
/// (`rows_valid`), the rest of the structure checked here, rather than a
/// pass of sprs's own over every index afterwards (one thread, 5 to 8 ms on
/// 100 MB). The weighing made the arrays valid by construction: a failed
/// check is a bug.
fn checked_matrix(
    shape: (usize, usize),
    indptr: Vec<usize>,
    indices: Vec<u32>,
    data: Vec<f64>,
    rows_valid: bool,
) -> TfidfMatrix {
    let rows = shape.0;
    assert!(
        rows_valid
            && indptr.len() == rows + 1
            && indptr[0] == 0
            && indptr.windows(2).all(|w| w[0] <= w[1])
            && indptr[rows] == indices.len()
            && data.len() == indices.len(),
        "invalid CSR structure"
    );
    // SAFETY: checked just above, as `check_compressed_structure` would:
    // indptr starts at 0, never decreases and ends at nnz; every row's
    // columns increase and are below the number of columns (`rows_valid`);
    // data has one value per index.
    unsafe {
        TfidfMatrix::new_unchecked(sprs::CompressedStorage::CSR, shape, indptr, indices, data)
    }
}

/// scikit-learn's in-place row normalization (an all-zero row stays zero).
fn normalize_row(row: &mut [f64], norm: Norm) {
    let total = match norm {
        Norm::None => return,
        Norm::L2 => row.iter().map(|x| x * x).sum::<f64>().sqrt(),
        Norm::L1 => row.iter().map(|x| x.abs()).sum::<f64>(),
    };
    if total == 0.0 {
        return;
    }
    for x in row {
        *x /= total;
    }
}

#[cfg(test)]
mod tests;
