//! tahlil (تحليل, "analysis"): statistical text analytics for Arabic.
//!
//! The modules follow the data: [`input`] reads a corpus (files, directories,
//! JSON lines, CSV/TSV, or the embedded [`seeds`]); [`normalize`] applies NFKC
//! and the Arabic character rules; [`tokenize`] cuts words; [`segment`] takes
//! off the clitics written onto them (و, ب, ل, pronouns); [`filter`] drops
//! short words and stop words and stems; [`pipeline`] composes these stages
//! and forms n-grams; [`vectorize`] counts terms and weighs them exactly as
//! scikit-learn's `TfidfVectorizer`; [`similarity`] compares documents;
//! [`reduce`] finds LSA vectors and 2-D maps; [`cluster`] groups documents;
//! [`terms`] counts and profiles the vocabulary; [`topics`] scores topics;
//! [`io`] writes MatrixMarket, SciPy `.npz` and atomic files; [`synth`]
//! generates benchmark corpora and [`bench`](mod@bench) times the vectorizer stage by stage.
//! Every stage's settings are checked the same way (see [`params`]).
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//! use tahlil::pipeline::PipelineOptions;
//! use tahlil::vectorize::{TfidfVectorizer, VectorizerOptions};
//!
//! let corpus = Corpus::seeds(InputOptions::default());
//! let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default())?;
//! let (model, vectors) = v.fit_transform(corpus.documents(), 2)?;
//! assert_eq!(vectors.matrix.rows(), 5);
//! // Clitics dropped by default: وداعش is counted as داعش.
//! assert_eq!(model.vocabulary.len(), 1243);
//! # Ok::<(), tahlil::Error>(())
//! ```

pub mod bench;
pub mod cluster;
pub mod display;
pub mod error;
pub mod filter;
pub mod input;
pub mod io;
mod memory;
pub mod names;
pub mod normalize;
pub mod parallel;
pub mod params;
pub mod pipeline;
pub mod plot;
pub mod reduce;
pub mod seeds;
pub mod segment;
pub mod similarity;
pub mod synth;
pub mod terms;
pub mod time;
pub mod tokenize;
pub mod topics;
mod utf8;
pub mod vectorize;

pub use error::{Error, ParamError, Result};

/// The README's Rust examples, compiled and run as doctests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

/// Runs `f` on a rayon pool of `threads` threads: the library's tests check
/// that results do not depend on the thread count.
#[cfg(test)]
pub(crate) fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    parallel::with_threads(threads, f).expect("a pool for a test")
}
