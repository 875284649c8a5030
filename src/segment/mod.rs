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
    None,
    /// Each word replaced by its host: و+الدولة → الدولة. The default: what a
    /// reader counts as one word.
    #[default]
    Drop,
    /// The host and each clitic as a token of its own, marked with `+` on the
    /// side where it was attached: `و+ الدولة`, `نشرت +ها`.
    Split,
}

impl Clitics {
    /// [`Clitics::None`]: what options written before segmentation existed meant.
    pub fn as_written() -> Clitics {
        Clitics::None
    }
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
/// و ف.
const CONJUNCTIONS: [(u16, f64); 2] = [(WAW, 0.05), (FEH, 0.005)];
/// ب ل ك and the future particle س.
const PREPOSITIONS: [(u16, f64); 4] = [(BEH, 0.03), (LAM, 0.03), (KAF, 0.001), (SEEN, 0.003)];
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
/// spelling of إلى. Sorted by bytes, for a binary search.
const WHOLE_WORDS: [&str; 34] = [
    "بعد",
    "بعض",
    "بل",
    "بلى",
    "بين",
    "سوف",
    "سوى",
    "فقط",
    "فوق",
    "فيما",
    "كاد",
    "كادت",
    "كان",
    "كانت",
    "كانوا",
    "كذا",
    "كذلك",
    "كلا",
    "كلما",
    "كما",
    "كي",
    "كيف",
    "لدى",
    "لعل",
    "لكن",
    "لكي",
    "لم",
    "لما",
    "لن",
    "لو",
    "لولا",
    "ليس",
    "ليست",
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
    /// The host as the word list spells it, in three parts (no copy is made:
    /// the list hashes the parts in turn).
    fn parts(&self) -> [&str; 3] {
        let prefix = if self.article { "ا" } else { "" };
        match self.ending {
            Ending::AsWritten => [prefix, self.stem, ""],
            Ending::PluralAlef => [prefix, self.stem, "ا"],
            Ending::TehMarbuta => [prefix, without_last(self.stem), "ة"],
            Ending::AlefMaksura => [prefix, without_last(self.stem), "ى"],
            Ending::Hamza => [prefix, without_last(self.stem), "ء"],
        }
    }

    /// Letters in the host (every letter read is two bytes).
    fn letters(&self) -> usize {
        self.stem.len() / 2 + usize::from(self.article || self.ending == Ending::PluralAlef)
    }

    /// Whether the host is ال + a word of at least two letters (الي, written
    /// for إلى, is no noun with the article).
    fn starts_with_article(&self) -> bool {
        self.letters() >= 4
            && if self.article {
                first_code(self.stem) == LAM
            } else {
                has_article(self.stem)
            }
    }

    /// The written host: the stem with the article's alef and the ending restored.
    fn written(&self) -> Cow<'_, str> {
        match self.parts() {
            ["", stem, ""] => Cow::Borrowed(stem),
            [a, b, c] => Cow::Owned([a, b, c].concat()),
        }
    }
}

/// `s` without its last letter (two bytes).
fn without_last(s: &str) -> &str {
    s.get(..s.len().saturating_sub(2)).unwrap_or(s)
}

/// Whether `c` is an Arabic letter the segmenter reads (every one is two bytes in UTF-8).
#[cfg(test)]
fn is_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}' | 'ک' | 'ی' | 'ھ')
}

/// A letter's UTF-8 bytes as one number (every letter read is two bytes).
#[inline]
fn code(bytes: [u8; 2]) -> u16 {
    u16::from_be_bytes(bytes)
}

/// Whether `word` is made of the letters the segmenter reads (see
/// `is_letter`), and whether any of them is folded in the word list's
/// spelling (see [`key_char`]). Reads bytes: decoding characters cost more than
/// the rest of the check.
#[inline]
fn scan_letters(word: &str) -> Option<bool> {
    let b = word.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    let mut folds = false;
    for pair in b.chunks_exact(2) {
        match code([pair[0], pair[1]]) {
            // ء..غ and ف..ي: U+0621–U+063A, U+0641–U+064A, of which أ آ إ fold.
            0xD8A3 | 0xD8A2 | 0xD8A5 => folds = true,
            0xD8A1..=0xD8BA | 0xD981..=0xD98A => {}
            // ٱ U+0671, ک U+06A9, ھ U+06BE, ی U+06CC: all fold.
            0xD9B1 | 0xDAA9 | 0xDABE | 0xDB8C => folds = true,
            _ => return None,
        }
    }
    Some(folds)
}

/// The first letter of `s` as a [`code`] (0 if none).
#[inline]
fn first_code(s: &str) -> u16 {
    match s.as_bytes() {
        [a, b, ..] => code([*a, *b]),
        _ => 0,
    }
}

/// The last letter of `s` as a [`code`] (0 if none).
#[inline]
fn last_code(s: &str) -> u16 {
    match s.as_bytes() {
        [.., a, b] => code([*a, *b]),
        _ => 0,
    }
}

/// [`code`]s of the letters compared often.
const WAW: u16 = 0xD988;
const FEH: u16 = 0xD981;
const BEH: u16 = 0xD8A8;
const LAM: u16 = 0xD984;
const KAF: u16 = 0xD983;
const SEEN: u16 = 0xD8B3;
const YEH: u16 = 0xD98A;
const TEH: u16 = 0xD8AA;
const NOON: u16 = 0xD986;
const ALEF: u16 = 0xD8A7;

/// The word list's spelling of a written letter: alef forms and Persian letters folded.
fn key_char(c: char) -> Option<char> {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ک' => Some('ك'),
        'ی' => Some('ي'),
        'ھ' => Some('ه'),
        _ => None,
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
        // Every letter read is two bytes, in the key as in the word.
        let letters = word.len() / 2;
        if !(3..=MAX_LETTERS).contains(&letters) {
            return whole;
        }
        let Some(folds) = scan_letters(word) else {
            return whole;
        };
        // The word list's spelling: a copy only for words with a letter to fold.
        let key: Cow<str> = if folds {
            Cow::Owned(word.chars().map(|c| key_char(c).unwrap_or(c)).collect())
        } else {
            Cow::Borrowed(word)
        };
        let key = &*key;
        // Every one of them has at most five letters and begins with a clitic's letter.
        if key.len() <= 10
            && matches!(first_code(key), BEH | FEH | KAF | LAM | SEEN | WAW)
            && WHOLE_WORDS.binary_search(&key).is_ok()
        {
            return whole;
        }
        let (conj, prep) = self.conjunction(key);
        let prep = prep.unwrap_or_else(|| self.preposition(key));
        let enc = prep
            .enc
            .unwrap_or_else(|| self.enclitic(prep.layer.rest, prep.actual, false).0);
        let prep = prep.layer;
        if conj == 0 && prep.letters == 0 && enc.letters == 0 {
            return whole;
        }
        let pro_bytes = 2 * (conj + prep.letters);
        let enc_bytes = 2 * enc.letters;
        let host = Host {
            article: prep.rest.article,
            stem: &word[pro_bytes..word.len() - enc_bytes],
            ending: enc.rest.ending,
        };
        let host = match host.written() {
            Cow::Borrowed(_) => Cow::Borrowed(host.stem),
            Cow::Owned(s) => Cow::Owned(s),
        };
        Segmentation {
            proclitics: &word[..pro_bytes],
            host,
            enclitic: &word[word.len() - enc_bytes..],
        }
    }

    /// The share of all words that the concatenation of `parts` is.
    fn share(&self, parts: &[&str]) -> f64 {
        self.lexicon.share(parts)
    }

    /// log(expected / actual): how well a clitic reading explains the word.
    fn explains(expected: f64, actual: f64) -> f64 {
        (expected / actual.max(FLOOR)).ln()
    }

    /// −λ log(evidence against / actual + ε): the penalty for forms that show
    /// the word is a host itself. At most `−λ log ε` (see [`Choice::offer`]).
    fn penalty(against: f64, actual: f64) -> f64 {
        -LAMBDA * (against / actual.max(FLOOR) + EPSILON).ln()
    }

    /// How many letters of conjunction `key` begins with (0 or 1) and, when it
    /// is 1, the layers below it as they were found on the way.
    fn conjunction<'k>(&self, key: &'k str) -> (usize, Option<Prep<'k>>) {
        let mut evidence = None;
        let mut choice = Choice::new(SPLIT_CONJUNCTION);
        let first = first_code(key);
        for (c, rate) in CONJUNCTIONS {
            if first != c {
                continue;
            }
            let rest = &key[2..];
            if rest.len() < 4 {
                continue;
            }
            let mut prep = self.preposition(rest);
            let share = if prep.layer.letters > 0 {
                prep.layer
                    .share
                    .max(key_share(&mut prep.actual, || self.share(&[rest])))
            } else {
                let (enc, explained) = self.enclitic(prep.layer.rest, prep.actual, true);
                prep.enc = Some(enc);
                prep.actual = Some(explained.1);
                explained.0
            };
            if share == UNSEEN {
                continue;
            }
            let mut s = Self::explains(
                share * rate,
                key_share(&mut evidence, || self.share(&[key])),
            );
            if prep.layer.rest.starts_with_article() {
                s += ARTICLE_BONUS;
            }
            choice.offer(
                s,
                || {
                    let actual = key_share(&mut evidence, || self.share(&[key]));
                    Self::penalty(self.against_before(key, &BEFORE_CONJUNCTION), actual)
                },
                || prep,
            );
        }
        match choice.best() {
            Some(prep) => (1, Some(prep)),
            None => (0, None),
        }
    }

    /// The preposition (or future particle) `key` begins with, if any.
    fn preposition<'k>(&self, key: &'k str) -> Prep<'k> {
        let mut actual = None;
        let whole = Layer {
            letters: 0,
            rest: Host {
                article: false,
                stem: key,
                ending: Ending::AsWritten,
            },
            share: UNSEEN,
        };
        let mut against = None;
        let mut choice = Choice::new(SPLIT_PREPOSITION);
        let first = first_code(key);
        for (p, rate) in PREPOSITIONS {
            if first != p {
                continue;
            }
            let stem = &key[2..];
            // ل + ال is written لل: read the article back if that host exists.
            let article = p == LAM && first_code(stem) == LAM && self.share(&["ا", stem]) > UNSEEN;
            let rest = Host {
                article,
                stem,
                ending: Ending::AsWritten,
            };
            let letters = rest.letters();
            if letters < 2 {
                continue;
            }
            if p == SEEN
                && (letters < 3
                    || !matches!(first_code(stem), YEH | TEH | NOON | ALEF)
                    || has_article(stem))
            {
                continue;
            }
            let (enc, (share, _)) = self.enclitic(rest, None, true);
            if share == UNSEEN {
                continue;
            }
            let actual = key_share(&mut actual, || self.share(&[key]));
            let mut s = Self::explains(share * rate, actual);
            if rest.starts_with_article() {
                s += ARTICLE_BONUS;
            }
            choice.offer(
                s,
                || {
                    let against = *against.get_or_insert_with(|| {
                        if first == LAM {
                            // ل + a word beginning with ل is ل + ال: no evidence either way.
                            self.against_before(key, &["ب", "ك", "ال"])
                        } else {
                            self.against_before(key, &BEFORE_PREPOSITION)
                        }
                    });
                    Self::penalty(against, actual)
                },
                || {
                    let layer = Layer {
                        letters: 1,
                        rest,
                        share: share * rate,
                    };
                    (layer, enc)
                },
            );
        }
        match choice.best() {
            Some((layer, enc)) => Prep {
                layer,
                enc: Some(enc),
                actual,
            },
            None => Prep {
                layer: Layer {
                    share: actual.unwrap_or(UNSEEN),
                    ..whole
                },
                enc: None,
                actual,
            },
        }
    }

    /// The enclitic `rest` ends with, if any, and the host it leaves. With
    /// `explain`, also the frequency that best explains `rest` (its own, or
    /// its host's times the enclitic's rate) and its own; `actual` is its own
    /// if known.
    fn enclitic<'k>(
        &self,
        rest: Host<'k>,
        mut actual: Option<f64>,
        explain: bool,
    ) -> (Layer<'k>, (f64, f64)) {
        let whole = Layer {
            letters: 0,
            rest,
            share: UNSEEN,
        };
        let mut choice = Choice::new(SPLIT_ENCLITIC);
        // The article and an enclitic never go together.
        // Every enclitic ends in ه ا م ن ك or ي (U+0647, U+0627, U+0645, U+0646, U+0643, U+064A).
        let last = last_code(rest.stem);
        if !rest.article && matches!(last, 0xD987 | ALEF | 0xD985 | NOON | KAF | YEH) {
            let key = rest.stem;
            let mut against = None;
            for (e, rate) in ENCLITICS {
                if last_code(e) != last {
                    continue;
                }
                let Some(stem) = strip_suffix(key, e) else {
                    continue;
                };
                // Two letters or more, each two bytes.
                if stem.len() < 4 || has_article(stem) {
                    continue;
                }
                for ending in endings(stem) {
                    let host = Host {
                        article: false,
                        stem,
                        ending,
                    };
                    let share = self.share(&host.parts());
                    if share == UNSEEN {
                        continue;
                    }
                    let actual = key_share(&mut actual, || self.share(&[key]));
                    choice.offer(
                        Self::explains(share * rate, actual),
                        || {
                            let against = *against.get_or_insert_with(|| {
                                self.against_after(key) + self.share(&["ال", key])
                            });
                            Self::penalty(against, actual)
                        },
                        || Layer {
                            letters: e.len() / 2,
                            rest: host,
                            share: share * rate,
                        },
                    );
                }
            }
        }
        let actual = if explain {
            key_share(&mut actual, || self.share(&rest.parts()))
        } else {
            actual.unwrap_or(UNSEEN)
        };
        match choice.best() {
            Some(layer) => (layer, (layer.share.max(actual), actual)),
            None => (
                Layer {
                    share: actual,
                    ..whole
                },
                (actual, actual),
            ),
        }
    }

    fn against_before<const N: usize>(&self, key: &str, before: &[&str; N]) -> f64 {
        self.lexicon.share_sum_before(before, key)
    }

    fn against_after(&self, key: &str) -> f64 {
        self.lexicon.share_sum_after(key, &AFTER_ENCLITIC)
    }
}

/// One layer's best reading so far, against the score a reading must beat.
struct Choice<T> {
    threshold: f64,
    best: Option<(f64, T)>,
}

impl<T> Choice<T> {
    fn new(threshold: f64) -> Self {
        Choice {
            threshold,
            best: None,
        }
    }

    /// Offers a reading that explains the word with score `explains` (bonus
    /// included). Its `penalty`, the evidence that the word is a host itself,
    /// is worked out only if the reading could still win: the penalty adds at
    /// most `−λ log ε`, and looking the evidence up costs several lookups.
    fn offer(&mut self, explains: f64, penalty: impl FnOnce() -> f64, reading: impl FnOnce() -> T) {
        let floor = self
            .best
            .as_ref()
            .map_or(self.threshold, |b| b.0.max(self.threshold));
        if explains - LAMBDA * EPSILON.ln() <= floor {
            return;
        }
        let score = explains + penalty();
        if score > floor {
            self.best = Some((score, reading()));
        }
    }

    /// The reading with the highest score above the threshold (the first on ties).
    fn best(self) -> Option<T> {
        self.best.map(|(_, t)| t)
    }
}

/// A word's frequency, looked up the first time it is needed.
fn key_share(cache: &mut Option<f64>, look_up: impl FnOnce() -> f64) -> f64 {
    *cache.get_or_insert_with(look_up)
}

/// The preposition layer of a word, with what was found below it on the way.
#[derive(Debug, Clone, Copy)]
struct Prep<'k> {
    layer: Layer<'k>,
    /// The enclitic layer of `layer.rest`, if it was worked out.
    enc: Option<Layer<'k>>,
    /// The word's own frequency, if it was looked up.
    actual: Option<f64>,
}

/// Whether `s` begins with the article ال. (This and [`strip_suffix`] compare
/// bytes in place: the library's versions call `memcmp`, which cost more than
/// the comparison for two-letter strings, dozens of times per word.)
#[inline]
fn has_article(s: &str) -> bool {
    matches!(s.as_bytes(), [0xD8, 0xA7, 0xD9, 0x84, ..])
}

/// `s` without the suffix `suffix`, if it ends with it.
#[inline]
fn strip_suffix<'s>(s: &'s str, suffix: &str) -> Option<&'s str> {
    let (b, x) = (s.as_bytes(), suffix.as_bytes());
    let n = b.len().checked_sub(x.len())?;
    (b[n..].iter().zip(x).all(|(a, c)| a == c) && s.is_char_boundary(n)).then(|| &s[..n])
}

/// The endings a host written `stem` may have had before an enclitic.
fn endings(stem: &str) -> impl Iterator<Item = Ending> {
    let last = last_code(stem);
    [
        Some(Ending::AsWritten),
        (last == TEH).then_some(Ending::TehMarbuta),
        (last == ALEF).then_some(Ending::AlefMaksura),
        // ئ U+0626, ؤ U+0624.
        matches!(last, 0xD8A6 | 0xD8A4).then_some(Ending::Hamza),
        (last == WAW).then_some(Ending::PluralAlef),
    ]
    .into_iter()
    .flatten()
}

#[cfg(test)]
mod tests;
