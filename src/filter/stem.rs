//! Stemmers: a light stemmer and the ISRI root stemmer written here, and
//! Snowball's Arabic stemmer.
//!
//! The light stemmer is Larkey, Ballesteros and Connell's *light10* (SIGIR
//! 2002), the algorithm of Lucene's `ArabicStemmer`: strip at most one of the
//! prefixes ال وال بال كال فال لل و, then each of the suffixes ها ان ات ون ين
//! يه ية ه ة ي in turn, never leaving fewer than 2 letters (و needs a word of
//! at least 4 letters). It runs on normalized text, so ة has usually become ه.
//!
//! ```
//! use tahlil::filter::Stem;
//!
//! let s = Stem::Light.stemmer();
//! assert_eq!(s.stem("والمسلمون").as_deref(), Some("مسلم"));
//! assert_eq!(s.stem("التنظيمات").as_deref(), Some("تنظيم"));
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Which stemmer to apply to each word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Stem {
    /// Words are left as they are.
    #[default]
    None,
    /// The light10 stemmer (prefix and suffix stripping).
    Light,
    /// Snowball's Arabic stemmer (rust-stemmers); words it empties are dropped.
    Snowball,
    /// The ISRI root stemmer, as NLTK's `ISRIStemmer`.
    Isri,
}

crate::names::named_enum!(Stem, "stemmer", { None => "none", Light => "light", Snowball => "snowball", Isri => "isri" });

impl Stem {
    /// A stemmer object for this choice.
    pub fn stemmer(self) -> Stemmer {
        match self {
            Stem::None => Stemmer::None,
            Stem::Light => Stemmer::Light,
            Stem::Snowball => Stemmer::Snowball(rust_stemmers::Stemmer::create(
                rust_stemmers::Algorithm::Arabic,
            )),
            Stem::Isri => Stemmer::Isri,
        }
    }
}

/// A ready-to-use stemmer.
pub enum Stemmer {
    /// Identity.
    None,
    /// light10.
    Light,
    /// Snowball Arabic.
    Snowball(rust_stemmers::Stemmer),
    /// ISRI.
    Isri,
}

impl fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stemmer::None => "Stemmer::None",
            Stemmer::Light => "Stemmer::Light",
            Stemmer::Snowball(_) => "Stemmer::Snowball",
            Stemmer::Isri => "Stemmer::Isri",
        })
    }
}

impl Stemmer {
    /// The stem of `word`, or `None` if stemming leaves nothing.
    pub fn stem<'a>(&self, word: &'a str) -> Option<Cow<'a, str>> {
        let stem = match self {
            Stemmer::None => Cow::Borrowed(word),
            Stemmer::Light => Cow::Borrowed(light_stem(word)),
            Stemmer::Snowball(s) => s.stem(word),
            Stemmer::Isri => Cow::Owned(super::isri_stem(word)),
        };
        (!stem.is_empty()).then_some(stem)
    }
}

const PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
const SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// light10: the stem is always a substring of `word`.
pub fn light_stem(word: &str) -> &str {
    let mut len = word.chars().count();
    let mut w = word;
    for p in PREFIXES {
        let plen = p.chars().count();
        // و alone needs 3 letters after it; the others need 2.
        let min = if plen == 1 { 4 } else { plen + 2 };
        if len >= min {
            if let Some(rest) = w.strip_prefix(p) {
                w = rest;
                len -= plen;
                break;
            }
        }
    }
    for s in SUFFIXES {
        let slen = s.chars().count();
        if len >= slen + 2 {
            if let Some(rest) = w.strip_suffix(s) {
                w = rest;
                len -= slen;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light10_table() {
        let cases = [
            ("الكتاب", "كتاب"),
            ("والكتاب", "كتاب"),
            ("بالكتاب", "كتاب"),
            ("للتنظيم", "تنظيم"),
            ("وسوريا", "سوريا"),
            ("ولد", "ولد"), // و needs 4 letters
            ("المسلمون", "مسلم"),
            ("التنظيمات", "تنظيم"),
            ("قياداته", "قيادات"), // ه, then nothing else fits
            ("الدوله", "دول"),
            ("ال", "ال"), // too short to strip
            ("داعش", "داعش"),
            ("isis", "isis"),
        ];
        for (w, s) in cases {
            assert_eq!(light_stem(w), s, "{w}");
        }
    }

    #[test]
    fn snowball_stems_arabic_and_drops_nothing_real() {
        let s = Stem::Snowball.stemmer();
        let stem = s.stem("والمسلمون").unwrap();
        assert!(stem.chars().count() < "والمسلمون".chars().count(), "{stem}");
        assert_eq!(s.stem("").as_deref(), None);
    }

    #[test]
    fn parse() {
        assert_eq!("light".parse::<Stem>(), Ok(Stem::Light));
        assert!("porter"
            .parse::<Stem>()
            .unwrap_err()
            .contains("none, light, snowball or isri"));
    }
}
