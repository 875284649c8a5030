//! Checked parameters: one way to check settings, for every analysis.
//!
//! Every stage takes its settings as a plain struct of public fields with a
//! `Default`: [`PipelineOptions`](crate::pipeline::PipelineOptions),
//! [`VectorizerOptions`](crate::vectorize::VectorizerOptions),
//! [`LdaParams`](crate::topics::lda::LdaParams),
//! [`NmfParams`](crate::topics::nmf::NmfParams),
//! [`TopicParams`](crate::topics::TopicParams) (the model and its K sweep),
//! [`TopKParams`](crate::similarity::TopKParams),
//! [`ClusterParams`](crate::cluster::ClusterParams),
//! [`LsaOptions`](crate::reduce::LsaOptions),
//! [`ChartOptions`](crate::plot::ChartOptions) and
//! [`BenchOptions`](crate::bench::BenchOptions). Each has a `check()` that
//! tests every field that can be tested without the data and returns the
//! same settings as [`Valid`]: linfa's `Params` → `check()` → valid params.
//! Each bad field has its own [`ParamError`](crate::ParamError) variant
//! carrying the value and naming the field as the library spells it.
//!
//! A front (the command line, the Python package) calls `check()` before it
//! reads any input, so a bad value fails at once; what fits or draws takes
//! [`Valid`] settings, or checks the plain ones itself with the same
//! `check()`, so nothing runs on unchecked settings. Checks that need the
//! data (a K above the number of documents) are made where the data is.
//!
//! ```
//! use tahlil::topics::lda::LdaParams;
//! use tahlil::ParamError;
//!
//! let p = LdaParams { k: 5, ..LdaParams::default() };
//! let valid = p.check()?;
//! assert_eq!(valid.k, 5); // a Valid reads as the settings it holds
//!
//! let bad = LdaParams { burn_in: 300, iterations: 200, ..LdaParams::default() };
//! assert_eq!(bad.check(), Err(ParamError::BurnIn { burn_in: 300, iterations: 200 }));
//! # Ok::<(), ParamError>(())
//! ```

use std::ops::Deref;

/// Settings that passed their `check()`. Only the library makes one, so
/// holding a `Valid<P>` is proof of the check; it derefs to the settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Valid<P>(P);

impl<P> Valid<P> {
    /// Wraps settings its caller has just checked.
    pub(crate) fn checked(params: P) -> Self {
        Valid(params)
    }

    /// The settings, to change and check again.
    pub fn into_inner(self) -> P {
        self.0
    }
}

impl<P> Deref for Valid<P> {
    type Target = P;

    fn deref(&self) -> &P {
        &self.0
    }
}
