//! The segmenter's word list: half a million Arabic words with how often each
//! is written, from wordfreq (CC BY-SA 4.0; see `make_lexicon.py` and the README).
//!
//! Words are keyed as the segmenter sees them: diacritics and tatweel gone,
//! أ إ آ ٱ folded to ا and ک ی ھ to ك ي ه, but ة and ى kept apart from ه and ي.
//! The list is an FST built from `lexicon-ar.txt` by `build.rs` and searched in
//! place in the binary: nothing is loaded or built when the program starts.

use fst::Map;

/// The FST: word → frequency in centibels (`-100 log10(share of all words)`).
static FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-ar.fst"));

/// Frequency of a word the list does not have.
pub(super) const UNSEEN: f64 = 0.0;

/// The word list, with frequencies as shares of all words.
#[derive(Clone)]
pub(super) struct Lexicon {
    map: Map<&'static [u8]>,
    /// `10^(-cB/100)` for every centibel value in the list.
    shares: Box<[f64]>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lexicon({} words)", self.len())
    }
}

impl Lexicon {
    /// The embedded list.
    pub(super) fn embedded() -> Self {
        // build.rs wrote these bytes with fst itself: a failure is a build bug.
        let map = Map::new(FST).expect("build.rs writes a valid FST");
        let shares = (0..=1200u32)
            .map(|cb| 10f64.powf(-f64::from(cb) / 100.0))
            .collect();
        Lexicon { map, shares }
    }

    /// Number of words.
    pub(super) fn len(&self) -> usize {
        self.map.len()
    }

    /// The share of all written words that are `key` ([`UNSEEN`] if none).
    #[inline]
    pub(super) fn share(&self, key: &[u8]) -> f64 {
        match self.map.get(key) {
            Some(cb) => self.shares.get(cb as usize).copied().unwrap_or(UNSEEN),
            None => UNSEEN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_words_with_and_without_clitics() {
        let l = Lexicon::embedded();
        assert!(l.len() > 500_000, "{}", l.len());
        let share = |w: &str| l.share(w.as_bytes());
        // The host is far more frequent than the word with و attached.
        assert!(share("العراق") > 5.0 * share("والعراق"));
        assert!(share("والعراق") > 0.0);
        // ة and ى are kept apart from ه and ي: the noun is not its ه-spelling.
        assert!(share("مدينة") > 10.0 * share("مدينه"));
        // Keys fold alef with hamza: there is no أ in the list.
        assert_eq!(share("أن"), UNSEEN);
        assert!(share("ان") > 1e-3);
        assert_eq!(share("not arabic"), UNSEEN);
    }
}
