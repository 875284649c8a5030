//! Token filters: minimum length, stop words, stemming.
//!
//! Applied in that order to each token of the normalized text. Stop words are
//! matched before stemming, on the normalized token.

mod isri;
mod stem;
mod stopwords;

pub use isri::isri_stem;
pub use stem::{light_stem, Stem, Stemmer};
pub use stopwords::{StopWords, BUILTIN as BUILTIN_STOPWORDS};

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use crate::normalize::Normalizer;

/// The compiled filter chain.
#[derive(Debug)]
pub struct Filters {
    min_len: usize,
    stopwords: FxHashSet<Box<str>>,
    stemmer: Stemmer,
}

impl Filters {
    /// Builds the chain; the stop words are normalized with `normalizer`.
    pub fn new(min_len: usize, stopwords: &StopWords, stem: Stem, normalizer: &Normalizer) -> Self {
        Filters {
            min_len,
            stopwords: stopwords.compile(normalizer),
            stemmer: stem.stemmer(),
        }
    }

    /// The word that `token` contributes, or `None` if it is filtered out.
    #[inline]
    pub fn apply<'a>(&self, token: &'a str) -> Option<Cow<'a, str>> {
        // Most tokens are longer than the minimum in bytes already, and a
        // character is at most 4 bytes: count characters only when in doubt.
        if token.len() < self.min_len * 4 && token.chars().count() < self.min_len {
            return None;
        }
        if self.stopwords.contains(token) {
            return None;
        }
        self.stemmer.stem(token)
    }

    /// Whether `word` (normalized) is a stop word.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_order_length_stopword_stem() {
        let n = Normalizer::default();
        let f = Filters::new(2, &StopWords::Builtin, Stem::Light, &n);
        assert_eq!(f.apply("و"), None, "too short");
        assert_eq!(f.apply("في"), None, "stop word");
        assert_eq!(f.apply("التنظيمات").as_deref(), Some("تنظيم"));
        let f = Filters::new(3, &StopWords::None, Stem::None, &n);
        assert_eq!(f.apply("من"), None);
        assert_eq!(f.apply("داعش").as_deref(), Some("داعش"));
    }
}
