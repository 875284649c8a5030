//! Vectorizer options, with scikit-learn's names and semantics.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ParamError;
use crate::params::Valid;

/// A document-frequency bound: a document count, or a proportion of the
/// documents (scikit-learn: an `int` or a `float` for `min_df`/`max_df`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocFreq {
    /// A number of documents.
    Count(u64),
    /// A fraction of the documents, in `[0, 1]`.
    Fraction(f64),
}

impl DocFreq {
    /// The bound as a (possibly fractional) document count for `n_docs` documents,
    /// computed as scikit-learn does (`max_df * n_doc`).
    pub fn resolve(self, n_docs: usize) -> f64 {
        match self {
            DocFreq::Count(c) => c as f64,
            DocFreq::Fraction(f) => f * n_docs as f64,
        }
    }
}

impl FromStr for DocFreq {
    type Err = String;
    /// `3` is a count, `0.5` or `1.0` a fraction (as in Python, the literal decides).
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.contains(['.', 'e', 'E']) {
            s.parse::<f64>()
                .map(DocFreq::Fraction)
                .map_err(|_| format!("{s:?} is neither a document count nor a fraction"))
        } else {
            s.parse::<u64>()
                .map(DocFreq::Count)
                .map_err(|_| format!("{s:?} is neither a document count nor a fraction"))
        }
    }
}

impl fmt::Display for DocFreq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocFreq::Count(c) => write!(f, "{c}"),
            DocFreq::Fraction(x) => write!(f, "{x:?}"),
        }
    }
}

/// Row normalization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    /// Unit Euclidean length.
    #[default]
    L2,
    /// Unit sum of absolute values.
    L1,
    /// Rows left as they are.
    None,
}

crate::names::named_enum!(Norm, "norm", { L2 => "l2", L1 => "l1", None => "none" });

/// Options of the TF-IDF weighting and vocabulary pruning, as scikit-learn's
/// `TfidfVectorizer` (defaults equal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VectorizerOptions {
    /// Drop terms in fewer documents than this.
    pub min_df: DocFreq,
    /// Drop terms in more documents than this.
    pub max_df: DocFreq,
    /// Keep only this many terms, the most frequent in the corpus.
    pub max_features: Option<usize>,
    /// Every non-zero count becomes 1.
    pub binary: bool,
    /// Multiply by inverse document frequency.
    pub use_idf: bool,
    /// `idf = ln((1 + n) / (1 + df)) + 1` instead of `ln(n / df) + 1`.
    pub smooth_idf: bool,
    /// `tf = 1 + ln(tf)`.
    pub sublinear_tf: bool,
    /// Row normalization.
    pub norm: Norm,
}

impl Default for VectorizerOptions {
    fn default() -> Self {
        VectorizerOptions {
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            max_features: None,
            binary: false,
            use_idf: true,
            smooth_idf: true,
            sublinear_tf: false,
            norm: Norm::L2,
        }
    }
}

impl VectorizerOptions {
    /// Checks every option that can be checked without the corpus (see
    /// [`crate::params`]).
    pub fn check(&self) -> Result<Valid<VectorizerOptions>, ParamError> {
        for (name, df) in [("min_df", self.min_df), ("max_df", self.max_df)] {
            if let DocFreq::Fraction(f) = df {
                if !(0.0..=1.0).contains(&f) {
                    return Err(ParamError::DfFraction { name, value: f });
                }
            }
        }
        if self.max_features == Some(0) {
            return Err(ParamError::MaxFeaturesZero);
        }
        // Two bounds of the same kind can be compared now; mixed kinds need n.
        let comparable = match (self.min_df, self.max_df) {
            (DocFreq::Count(a), DocFreq::Count(b)) => Some((a as f64, b as f64)),
            (DocFreq::Fraction(a), DocFreq::Fraction(b)) => Some((a, b)),
            _ => None,
        };
        if let Some((min_df, max_df)) = comparable {
            if max_df < min_df {
                return Err(ParamError::MinDfAboveMaxDf { min_df, max_df });
            }
        }
        Ok(Valid::checked(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_freq_literal_decides_kind() {
        assert_eq!("3".parse(), Ok(DocFreq::Count(3)));
        assert_eq!("1.0".parse(), Ok(DocFreq::Fraction(1.0)));
        assert_eq!("0.5".parse(), Ok(DocFreq::Fraction(0.5)));
        assert!("x".parse::<DocFreq>().is_err());
        assert!("-1".parse::<DocFreq>().is_err());
    }

    #[test]
    fn check_df_fraction_out_of_range() {
        let o = VectorizerOptions {
            max_df: DocFreq::Fraction(1.5),
            ..Default::default()
        };
        assert_eq!(
            o.check(),
            Err(ParamError::DfFraction {
                name: "max_df",
                value: 1.5
            })
        );
    }

    #[test]
    fn check_min_df_above_max_df() {
        let o = VectorizerOptions {
            min_df: DocFreq::Count(5),
            max_df: DocFreq::Count(2),
            ..Default::default()
        };
        assert_eq!(
            o.check(),
            Err(ParamError::MinDfAboveMaxDf {
                min_df: 5.0,
                max_df: 2.0
            })
        );
    }

    #[test]
    fn check_max_features_zero() {
        let o = VectorizerOptions {
            max_features: Some(0),
            ..Default::default()
        };
        assert_eq!(o.check(), Err(ParamError::MaxFeaturesZero));
    }

    #[test]
    fn options_round_trip_through_json() {
        let o = VectorizerOptions {
            min_df: DocFreq::Count(2),
            max_df: DocFreq::Fraction(0.9),
            max_features: Some(100),
            sublinear_tf: true,
            norm: Norm::L1,
            ..Default::default()
        };
        let json = serde_json::to_string(&o).unwrap();
        assert_eq!(serde_json::from_str::<VectorizerOptions>(&json).unwrap(), o);
    }
}
