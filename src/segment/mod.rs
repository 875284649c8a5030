//! Clitic segmentation: a word split into its host and the clitics written onto it.
//!
//! Arabic writes conjunctions (و ف), prepositions (ب ل ك), the future particle (س)
//! and object or possessive pronouns (ه ها هم هما هن كم كما كن ك ي نا ني) as part of
//! the word: وداعش is و + داعش, نشرتها is نشرت + ها. Counted as they are written,
//! وداعش and داعش are two terms. [`Segmenter`] finds the host of a word, as the
//! Universal Dependencies and Penn Arabic Treebank schemes do: the article ال stays
//! on its word, and what the spelling hid is restored (للسلطة is ل + السلطة,
//! سلسلته is سلسلة + ه).
//!
//! ```
//! use tahlil::segment::Segmenter;
//!
//! let s = Segmenter::new();
//! assert_eq!(s.segment("والعراق").host, "العراق");
//! assert_eq!(s.segment("للسلطة").host, "السلطة");
//! assert_eq!(s.segment("سلسلته").host, "سلسلة");
//! // Words that only begin or end with a clitic's letters stay whole.
//! assert_eq!(s.segment("وزير").host, "وزير");
//! assert_eq!(s.segment("لبنان").host, "لبنان");
//! ```
//!
//! # How it decides
//! The candidates are the readings that Arabic morphology allows: at most one
//! conjunction, then at most one of ب ل ك س (س only before an imperfect verb,
//! ل + ال written لل), a host of at least two letters, and at most one enclitic
//! pronoun, which never follows the article. A word list of half a million
//! words with their frequencies ([wordfreq](https://github.com/rspeer/wordfreq),
//! whose words keep their clitics) weighs them, one layer at a time from the
//! outside in (conjunction, preposition, pronoun), with two kinds of evidence:
//!
//! - **how well the clitic explains the word**: the host's frequency times how
//!   often that clitic attaches, against the word's own frequency. والعراق is
//!   about as frequent as العراق × the rate of و; وزير is a thousand times more
//!   frequent than زير could make it.
//! - **whether the word is itself a host**: the frequency of forms that could not
//!   exist if the word carried that clitic. الوزير and لوزير exist, so وزير is a
//!   word; مصرية and المصري exist, so the ي of مصري is not "my".
//!
//! A host beginning with ال makes a proclitic reading more likely (few words
//! begin with بال, لل or وال by themselves), and a short list of words that look
//! like clitic + word (كان, كذلك, بين, لكن, فقط, والي...) is never split.
//!
//! The segmenter reads words as written (after NFKC and the deletion of
//! diacritics and tatweel, before the letter folds): a written ة or ى is no
//! pronoun's ه or ي. It leaves alone any word that is not made of Arabic letters
//! only. Measured against the Universal Dependencies Arabic-PUD treebank, see the
//! README.

mod lexicon;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use lexicon::{Lexicon, UNSEEN};

/// What the pipeline does with the clitics of each word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Clitics {
    /// Words as they are written.
    #[default]
    None,
    /// Each word replaced by its host: و+الدولة → الدولة.
    Drop,
    /// The host and each clitic as a token of its own, marked with `+` on the
    /// side where it was attached: `و+ الدولة`, `نشرت +ها`.
    Split,
}

crate::names::named_enum!(Clitics, "clitics mode", { None => "none", Drop => "drop", Split => "split" });

/// A word's segmentation: every part as it is written in the word, but the host,
/// whose hidden letters are restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segmentation<'w> {
    /// The proclitics in order (`وب` in وبالتالي), possibly empty.
    pub proclitics: &'w str,
    /// The host: the word without its clitics, with the article's alef restored
    /// after ل (للسلطة → السلطة) and a word's ending restored before an enclitic
    /// (ت → ة, ا → ى, ئ ؤ → ء, و → وا).
    pub host: Cow<'w, str>,
    /// The enclitic pronoun, possibly empty.
    pub enclitic: &'w str,
}

impl Segmentation<'_> {
    /// Whether the word carried any clitic.
    pub fn has_clitics(&self) -> bool {
        !self.proclitics.is_empty() || !self.enclitic.is_empty()
    }

    /// Calls `f` with each token of the `split` scheme: each proclitic followed by
    /// `+`, the host, the enclitic preceded by `+`.
    pub fn split_tokens(&self, mut f: impl FnMut(&str)) {
        let mut buf = String::new();
        for c in self.proclitics.chars() {
            buf.clear();
            buf.push(c);
            buf.push('+');
            f(&buf);
        }
        f(&self.host);
        if !self.enclitic.is_empty() {
            buf.clear();
            buf.push('+');
            buf.push_str(self.enclitic);
            f(&buf);
        }
    }
}

/// How often each clitic attaches to a word that can take it: the share of the
/// host's occurrences written with it, as measured on the word list (medians and
/// means over frequent hosts, rounded down for the rare clitics that mostly
/// appear by coincidence: nisba adjectives end in ي, names in نا or ك).
const CONJUNCTIONS: [(char, f64); 2] = [('و', 0.05), ('ف', 0.005)];
const PREPOSITIONS: [(char, f64); 4] = [('ب', 0.03), ('ل', 0.03), ('ك', 0.001), ('س', 0.003)];
const ENCLITICS: [(&str, f64); 12] = [
    ("ه", 0.03),
    ("ها", 0.02),
    ("هم", 0.008),
    ("هما", 0.0005),
    ("هن", 0.0003),
    ("كم", 0.0015),
    ("كما", 0.0002),
    ("كن", 0.0002),
    ("ك", 0.005),
    ("ي", 0.0002),
    ("نا", 0.004),
    ("ني", 0.001),
];

/// Forms `X + word` that prove a word is not conjunction + host (no clitic goes
/// before و or ف, and the article goes after them).
const BEFORE_CONJUNCTION: [&str; 6] = ["و", "ف", "ب", "ل", "ك", "ال"];
/// Forms `X + word` that prove a word is not preposition + host.
const BEFORE_PREPOSITION: [&str; 4] = ["ب", "ل", "ك", "ال"];
/// Forms `word + Y` that prove a word does not end in an enclitic (nothing
/// follows an enclitic; a nisba adjective takes ة, ين, ون).
const AFTER_ENCLITIC: [&str; 15] = [
    "ة", "ات", "ين", "ون", "ان", "ه", "ها", "هم", "ي", "نا", "كم", "ية", "يه", "يا", "ى",
];

/// Words that look like clitic + word but are one word: particles, and والي
/// (a governor), which the word list cannot tell from و + الي, the informal
/// spelling of إلى.
const WHOLE_WORDS: [&str; 34] = [
    "كان",
    "كانت",
    "كانوا",
    "كاد",
    "كادت",
    "كلا",
    "كذلك",
    "كذا",
    "كيف",
    "كلما",
    "كما",
    "كي",
    "بين",
    "بعد",
    "بعض",
    "بل",
    "بلى",
    "لكن",
    "لدى",
    "لعل",
    "ليس",
    "ليست",
    "لم",
    "لن",
    "لو",
    "لولا",
    "لما",
    "لكي",
    "فقط",
    "فوق",
    "فيما",
    "سوف",
    "سوى",
    "والي",
];

/// Weight of the evidence that the word is itself a host.
const LAMBDA: f64 = 0.5;
/// Smallest score at which each layer's clitic is split off.
const SPLIT_CONJUNCTION: f64 = 0.0;
const SPLIT_PREPOSITION: f64 = -2.0;
const SPLIT_ENCLITIC: f64 = -1.0;
/// Added to a proclitic reading whose host begins with the article.
const ARTICLE_BONUS: f64 = 3.0;
/// Smoothing of the host evidence ratio.
const EPSILON: f64 = 1e-3;
/// Frequency given to a word the list has never seen, in ratios.
const FLOOR: f64 = 1e-10;
/// Longer words (in letters) are left whole: no Arabic word with clitics is this long.
const MAX_LETTERS: usize = 40;

/// Finds the host and clitics of Arabic words. Cheap to clone and share between
/// threads: the word list is static.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lexicon: Lexicon,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

/// A lookup key built on the stack: the word list's spelling of a candidate.
struct Key {
    buf: [u8; 4 * MAX_LETTERS + 16],
    len: usize,
}

impl Key {
    fn of(parts: &[&str]) -> Key {
        let mut k = Key {
            buf: [0; 4 * MAX_LETTERS + 16],
            len: 0,
        };
        for p in parts {
            let b = p.as_bytes();
            k.buf[k.len..k.len + b.len()].copy_from_slice(b);
            k.len += b.len();
        }
        k
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// A candidate host: a part of the word's key, with what the spelling hid.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Host<'k> {
    /// The alef of ل + ال, restored in front.
    article: bool,
    /// The letters of the word that stay.
    stem: &'k str,
    /// The ending written differently before an enclitic, restored.
    ending: Ending,
}

/// How a host's last letter is restored before an enclitic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    AsWritten,
    /// ت → ة: سلسلته is سلسلة + ه.
    TehMarbuta,
    /// ا → ى: مستواه is مستوى + ه.
    AlefMaksura,
    /// ئ ؤ → ء: أبناؤهم is أبناء + هم.
    Hamza,
    /// و → وا: the silent alef of a plural verb, كتبوه is كتبوا + ه.
    PluralAlef,
}

impl Host<'_> {
    fn key(&self) -> Key {
        let prefix = if self.article { "ا" } else { "" };
        match self.ending {
            Ending::AsWritten => Key::of(&[prefix, self.stem]),
            Ending::PluralAlef => Key::of(&[prefix, self.stem, "ا"]),
            Ending::TehMarbuta | Ending::AlefMaksura | Ending::Hamza => {
                let last = match self.ending {
                    Ending::TehMarbuta => "ة",
                    Ending::AlefMaksura => "ى",
                    _ => "ء",
                };
                Key::of(&[prefix, without_last(self.stem), last])
            }
        }
    }

    /// Whether the host is ال + a word of at least two letters (الي, written
    /// for إلى, is no noun with the article).
    fn starts_with_article(&self) -> bool {
        let letters = self.stem.chars().count() + usize::from(self.article);
        letters >= 4
            && if self.article {
                self.stem.starts_with('ل')
            } else {
                self.stem.starts_with("ال")
            }
    }
}

/// `s` without its last character.
fn without_last(s: &str) -> &str {
    s.char_indices().next_back().map_or(s, |(i, _)| &s[..i])
}

/// Whether `c` is an Arabic letter the segmenter reads (every one is two bytes in UTF-8).
fn is_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}' | 'ک' | 'ی' | 'ھ')
}

/// The word list's spelling of a written word: alef forms and Persian letters folded.
fn key_char(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ک' => 'ك',
        'ی' => 'ي',
        'ھ' => 'ه',
        c => c,
    }
}

/// The outcome of one layer: how many letters it takes off and how frequent the rest is.
#[derive(Debug, Clone, Copy)]
struct Layer<'k> {
    /// The clitic's length in letters (0: none).
    letters: usize,
    /// What remains.
    rest: Host<'k>,
    /// The expected frequency of the word under this reading.
    share: f64,
}

impl Segmenter {
    /// A segmenter over the embedded word list.
    pub fn new() -> Self {
        Segmenter {
            lexicon: Lexicon::embedded(),
        }
    }

    /// Segments one written word (NFKC, no diacritics or tatweel; letters not folded).
    pub fn segment<'w>(&self, word: &'w str) -> Segmentation<'w> {
        let whole = Segmentation {
            proclitics: "",
            host: Cow::Borrowed(word),
            enclitic: "",
        };
        let letters = word.chars().count();
        if !(3..=MAX_LETTERS).contains(&letters) || !word.chars().all(is_letter) {
            return whole;
        }
        let key: String = word.chars().map(key_char).collect();
        if WHOLE_WORDS.contains(&key.as_str()) {
            return whole;
        }
        let conj = self.conjunction(&key);
        let after_conj = &key[2 * conj..];
        let prep = self.preposition(after_conj);
        let rest = prep.rest;
        let enc = self.enclitic(rest);
        if conj == 0 && prep.letters == 0 && enc.letters == 0 {
            return whole;
        }
        // Every letter read is two bytes, in the key as in the word.
        let pro_bytes = 2 * (conj + prep.letters);
        let enc_bytes = 2 * enc.letters;
        let host = Host {
            article: rest.article,
            stem: &word[pro_bytes..word.len() - enc_bytes],
            ending: enc.rest.ending,
        };
        let proclitics = &word[..pro_bytes];
        let host = match (host.article, host.ending) {
            (false, Ending::AsWritten) => Cow::Borrowed(host.stem),
            _ => {
                let mut s = String::with_capacity(host.stem.len() + 4);
                if host.article {
                    s.push('ا');
                }
                match host.ending {
                    Ending::AsWritten => s.push_str(host.stem),
                    Ending::PluralAlef => {
                        s.push_str(host.stem);
                        s.push('ا');
                    }
                    Ending::TehMarbuta => {
                        s.push_str(without_last(host.stem));
                        s.push('ة');
                    }
                    Ending::AlefMaksura => {
                        s.push_str(without_last(host.stem));
                        s.push('ى');
                    }
                    Ending::Hamza => {
                        s.push_str(without_last(host.stem));
                        s.push('ء');
                    }
                }
                Cow::Owned(s)
            }
        };
        Segmentation {
            proclitics,
            host,
            enclitic: &word[word.len() - enc_bytes..],
        }
    }

    fn share(&self, parts: &[&str]) -> f64 {
        self.lexicon.share(Key::of(parts).bytes())
    }

    /// log(expected / actual) − λ log(evidence against / actual + ε).
    fn score(expected: f64, actual: f64, against: f64) -> f64 {
        let actual = actual.max(FLOOR);
        (expected / actual).ln() - LAMBDA * (against / actual + EPSILON).ln()
    }

    /// The frequency that best explains `rest` as a host: as itself, or as a
    /// smaller host with an enclitic.
    fn explain(&self, rest: &str) -> f64 {
        let enc = self.enclitic(Host {
            article: false,
            stem: rest,
            ending: Ending::AsWritten,
        });
        enc.share.max(self.share(&[rest]))
    }

    /// How many letters of conjunction `key` begins with (0 or 1).
    fn conjunction(&self, key: &str) -> usize {
        let mut evidence = None;
        let mut best: Option<f64> = None;
        for (c, rate) in CONJUNCTIONS {
            let Some(rest) = key.strip_prefix(c) else {
                continue;
            };
            if rest.chars().count() < 2 {
                continue;
            }
            let prep = self.preposition(rest);
            let share = if prep.letters > 0 {
                prep.share
            } else {
                self.explain(rest)
            }
            .max(self.share(&[rest]));
            if share == UNSEEN {
                continue;
            }
            let host_has_article = if prep.letters > 0 {
                prep.rest
            } else {
                Host {
                    article: false,
                    stem: rest,
                    ending: Ending::AsWritten,
                }
            }
            .starts_with_article();
            let (actual, against) = *evidence.get_or_insert_with(|| {
                (
                    self.share(&[key]),
                    self.against_before(key, &BEFORE_CONJUNCTION),
                )
            });
            let mut s = Self::score(share * rate, actual, against);
            if host_has_article {
                s += ARTICLE_BONUS;
            }
            if best.is_none_or(|b| s > b) {
                best = Some(s);
            }
        }
        usize::from(best.is_some_and(|s| s > SPLIT_CONJUNCTION))
    }

    /// The preposition (or future particle) `key` begins with, if any.
    fn preposition<'k>(&self, key: &'k str) -> Layer<'k> {
        let whole = Layer {
            letters: 0,
            rest: Host {
                article: false,
                stem: key,
                ending: Ending::AsWritten,
            },
            share: self.share(&[key]),
        };
        let mut evidence = None;
        let mut best: Option<(f64, Layer)> = None;
        for (p, rate) in PREPOSITIONS {
            let Some(stem) = key.strip_prefix(p) else {
                continue;
            };
            // ل + ال is written لل: read the article back if that host exists.
            let article = p == 'ل' && stem.starts_with('ل') && {
                let with = Key::of(&["ا", stem]);
                self.lexicon.share(with.bytes()) > UNSEEN
                    || self.explain(std::str::from_utf8(with.bytes()).unwrap_or("")) > UNSEEN
            };
            let letters = stem.chars().count() + usize::from(article);
            if letters < 2 {
                continue;
            }
            if p == 'س'
                && (letters < 3
                    || !stem.starts_with(['ي', 'ت', 'ن', 'ا'])
                    || stem.starts_with("ال"))
            {
                continue;
            }
            let rest = Host {
                article,
                stem,
                ending: Ending::AsWritten,
            };
            let share = self.explain(std::str::from_utf8(rest.key().bytes()).unwrap_or(""));
            if share == UNSEEN {
                continue;
            }
            let (actual, against) = *evidence.get_or_insert_with(|| {
                let before: &[&str] = if key.starts_with('ل') {
                    // ل + a word beginning with ل is ل + ال: no evidence either way.
                    &["ب", "ك", "ال"]
                } else {
                    &BEFORE_PREPOSITION
                };
                (whole.share, self.against_before(key, before))
            });
            let mut s = Self::score(share * rate, actual, against);
            if rest.starts_with_article() {
                s += ARTICLE_BONUS;
            }
            if best.as_ref().is_none_or(|(b, _)| s > *b) {
                best = Some((
                    s,
                    Layer {
                        letters: 1,
                        rest,
                        share: share * rate,
                    },
                ));
            }
        }
        match best {
            Some((s, layer)) if s > SPLIT_PREPOSITION => layer,
            _ => whole,
        }
    }

    /// The enclitic `rest` ends with, if any, and the host it leaves.
    fn enclitic<'k>(&self, rest: Host<'k>) -> Layer<'k> {
        let key = rest.key();
        let key = std::str::from_utf8(key.bytes()).unwrap_or("");
        let actual = self.lexicon.share(key.as_bytes());
        let whole = Layer {
            letters: 0,
            rest,
            share: actual,
        };
        let mut against = None;
        let mut best: Option<(f64, Layer)> = None;
        for (e, rate) in ENCLITICS {
            let Some(stem_key) = key.strip_suffix(e) else {
                continue;
            };
            if stem_key.chars().count() < 2 || stem_key.starts_with("ال") {
                continue;
            }
            let letters = e.chars().count();
            // The stem in `rest`'s own terms (the article's alef is not in `rest.stem`).
            let stem = &rest.stem[..rest.stem.len() - e.len()];
            for ending in endings(stem_key) {
                let host = Host {
                    article: rest.article,
                    stem,
                    ending,
                };
                let share = self.lexicon.share(host.key().bytes());
                if share == UNSEEN {
                    continue;
                }
                let against = *against
                    .get_or_insert_with(|| self.against_after(key) + self.share(&["ال", key]));
                let s = Self::score(share * rate, actual, against);
                if best.as_ref().is_none_or(|(b, _)| s > *b) {
                    best = Some((
                        s,
                        Layer {
                            letters,
                            rest: host,
                            share: share * rate,
                        },
                    ));
                }
            }
        }
        match best {
            Some((s, layer)) if s > SPLIT_ENCLITIC => layer,
            _ => whole,
        }
    }

    fn against_before(&self, key: &str, before: &[&str]) -> f64 {
        before.iter().map(|x| self.share(&[x, key])).sum()
    }

    fn against_after(&self, key: &str) -> f64 {
        AFTER_ENCLITIC.iter().map(|y| self.share(&[key, y])).sum()
    }
}

/// The endings a host written `stem` may have had before an enclitic.
fn endings(stem: &str) -> impl Iterator<Item = Ending> {
    let last = stem.chars().next_back();
    [
        Some(Ending::AsWritten),
        (last == Some('ت')).then_some(Ending::TehMarbuta),
        (last == Some('ا')).then_some(Ending::AlefMaksura),
        matches!(last, Some('ئ' | 'ؤ')).then_some(Ending::Hamza),
        (last == Some('و')).then_some(Ending::PluralAlef),
    ]
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests;
