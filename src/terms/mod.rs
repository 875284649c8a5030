//! Term statistics: how often each term occurs, where, and how the corpus's
//! vocabulary is distributed.
//!
//! * [`frequency`]: per term, corpus frequency, document frequency, idf and
//!   the mean and largest TF-IDF weight; each document's heaviest terms;
//! * [`profile`]: documents, tokens, types, type–token ratio, hapaxes and the
//!   rank–frequency (Zipf) table with its fitted exponent;
//! * [`trends`]: terms per period of time (and per group), and the terms
//!   whose share changes most.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//! use tahlil::pipeline::{Pipeline, PipelineOptions};
//! use tahlil::terms::profile::Profile;
//! use tahlil::vectorize::count_terms;
//!
//! let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
//! let counts = count_terms(Corpus::seeds(InputOptions::default()).documents(), &pipeline, None, 2).unwrap();
//! let p = Profile::of(&counts);
//! assert_eq!((p.documents, p.tokens, p.types), (5, 2245, 1243));
//! assert!(p.zipf.exponent > 0.0);
//! ```

pub mod collocations;
pub mod cooccurrence;
pub mod frequency;
pub mod keyness;
pub mod kwic;
pub mod profile;
pub mod trends;
