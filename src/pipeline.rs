//! The text pipeline: normalize → tokenize → segment → filter → terms.
//!
//! [`PipelineOptions`] holds every choice that decides which terms a text
//! yields; it round-trips through serde JSON and is stored in every saved
//! model, so a model always analyses new text the way it analysed its own.
//!
//! Normalization runs in two steps around the tokenizer. The text is first
//! *cleaned* (NFKC; format characters, diacritics and tatweel deleted; Latin
//! lower case): that is how a word is written, and what the clitic
//! [`Segmenter`] reads, since a written ة or ى tells a noun's ending from a
//! pronoun. Each word (or, with clitics, each part of it) is then *folded*
//! (alef forms, alef maksura, teh marbuta, digits, Persian letters) into the
//! form terms are matched on. The folds map letters to letters and digits to digits, so the
//! tokens are those of the whole text normalized at once.
//!
//! ```
//! use tahlil::pipeline::{Pipeline, PipelineOptions};
//!
//! let p = Pipeline::new(PipelineOptions::default()).unwrap();
//! let mut words = Vec::new();
//! p.words("أعلن تنظيم الدولة الإسلامية في العراق", &mut Default::default(), |w| {
//!     words.push(w.to_owned())
//! });
//! // Normalized (أ → ا, ة → ه, إ → ا); the stop word في is gone.
//! assert_eq!(words, ["اعلن", "تنظيم", "الدوله", "الاسلاميه", "العراق"]);
//! ```

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::display::written_form;
use crate::error::{ParamError, Result};
use crate::filter::{Filters, Stem, StopWords};
use crate::normalize::{NormalizeOptions, Normalizer};
use crate::params::Valid;
use crate::segment::{Clitics, Segmenter};
use crate::tokenize::Tokenizer;

/// What the terms of a document are (scikit-learn's `analyzer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Analyzer {
    /// Word n-grams of the filtered words.
    #[default]
    Word,
    /// Character n-grams of the filtered words joined by single spaces.
    Char,
    /// Character n-grams inside each filtered word padded with a space on both sides.
    CharWb,
}

crate::names::named_enum!(Analyzer, "analyzer", { Word => "word", Char => "char", CharWb => "char_wb" });

/// Every option of the text pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineOptions {
    /// Normalization steps.
    pub normalize: NormalizeOptions,
    /// Tokens shorter than this many characters are dropped (scikit-learn's
    /// default token pattern also drops one-character tokens).
    pub min_token_length: usize,
    /// Stop words to remove.
    pub stopwords: StopWords,
    /// Stemmer.
    pub stem: Stem,
    /// What becomes of the clitics written onto words (و ف, ب ل ك س, pronouns).
    /// Options (and model files) written before segmentation existed have no
    /// such field: they were made with the words as written.
    #[serde(default = "Clitics::as_written")]
    pub clitics: Clitics,
    /// Word or character terms.
    pub analyzer: Analyzer,
    /// Smallest and largest n of the n-grams.
    pub ngram_range: (usize, usize),
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            normalize: NormalizeOptions::default(),
            min_token_length: 2,
            stopwords: StopWords::Builtin,
            stem: Stem::None,
            clitics: Clitics::Drop,
            analyzer: Analyzer::Word,
            ngram_range: (1, 1),
        }
    }
}

impl PipelineOptions {
    /// Checks the options, returning the first invalid one (see [`crate::params`]).
    pub fn check(&self) -> Result<Valid<PipelineOptions>, ParamError> {
        let (min, max) = self.ngram_range;
        if min == 0 || min > max {
            return Err(ParamError::NgramRange { min, max });
        }
        if self.min_token_length == 0 {
            return Err(ParamError::MinTokenLengthZero);
        }
        Ok(Valid::checked(self.clone()))
    }
}

/// A word after the pipeline, with its span in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpannedWord {
    /// The normalized, filtered (and possibly stemmed) word.
    pub word: String,
    /// Byte offset of the token's first byte in the original text.
    pub start: usize,
    /// Byte offset one past the token's last byte (trailing diacritics included).
    pub end: usize,
}

/// Reusable buffers for one thread's documents: pass the same one to every
/// call to avoid allocating per document.
#[derive(Debug, Default)]
pub struct Scratch {
    cleaned: String,
    folded: String,
    words: String,
    word_bounds: Vec<(usize, usize)>,
    bounds: Vec<(usize, usize)>,
    /// The tokenizer's scratch space.
    offsets: Vec<usize>,
    term: String,
    /// With clitics segmented: each distinct token's pieces, joined by `\n`.
    /// Most tokens of a text repeat one seen before, and segmenting is the
    /// costliest step of the pipeline.
    segments: FxHashMap<Box<str>, Box<str>>,
}

/// Tokens whose pieces [`Scratch`] keeps before it starts over.
const SEGMENT_CACHE: usize = 1 << 20;

/// A compiled pipeline. `Sync`: share one between threads.
#[derive(Debug)]
pub struct Pipeline {
    options: PipelineOptions,
    /// The normalization steps that keep a word as written.
    cleaner: Normalizer,
    normalizer: Normalizer,
    tokenizer: Tokenizer,
    segmenter: Option<Segmenter>,
    filters: Filters,
}

impl Pipeline {
    /// Checks and compiles `options`.
    pub fn new(options: PipelineOptions) -> Result<Self> {
        options.check()?;
        let normalizer = Normalizer::new(&options.normalize);
        // Latin case is folded here already: a term's display form keeps the
        // letters of the Arabic script as written, and is lower case like the term.
        let cleaner = Normalizer::new(&NormalizeOptions {
            fold_alef: false,
            fold_alef_maksura: false,
            fold_teh_marbuta: false,
            fold_digits: false,
            fold_persian: false,
            ..options.normalize.clone()
        });
        let filters = Filters::new(
            options.min_token_length,
            &options.stopwords,
            options.stem,
            &normalizer,
        );
        let segmenter = (options.clitics != Clitics::None).then(Segmenter::new);
        Ok(Pipeline {
            cleaner,
            normalizer,
            tokenizer: Tokenizer::new(),
            segmenter,
            filters,
            options,
        })
    }

    /// The options the pipeline was built from.
    pub fn options(&self) -> &PipelineOptions {
        &self.options
    }

    /// The normalization steps that keep words as written (every step of the
    /// options but the folds of Arabic letters and digits), applied to the
    /// whole text.
    pub fn cleaner(&self) -> &Normalizer {
        &self.cleaner
    }

    /// The normalizer stage: applied whole to each piece of a cleaned word, it
    /// does the letter folds.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The tokenizer stage.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The filter stage.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// The clitic segmenter, unless clitics are left as they are.
    pub fn segmenter(&self) -> Option<&Segmenter> {
        self.segmenter.as_ref()
    }

    /// Calls `f` with each word of `text` after normalization, segmentation
    /// and filters (no n-grams). Returns the number of words.
    pub fn words(&self, text: &str, scratch: &mut Scratch, mut f: impl FnMut(&str)) -> usize {
        self.written_words(text, scratch, |word, _| f(word))
    }

    /// Every document's words, in order, and the display form of each
    /// distinct word (the written form seen most often): what coherence,
    /// collocations and co-occurrence count in. No document at all is an
    /// error ([`Error::no_documents`](crate::Error::no_documents)).
    pub fn document_words(
        &self,
        docs: impl Iterator<Item = Result<crate::input::Document>>,
    ) -> Result<(Vec<Vec<String>>, crate::display::DisplayForms)> {
        let mut scratch = Scratch::default();
        let mut votes = crate::display::DisplayVotes::default();
        let mut out = Vec::new();
        for doc in docs {
            let mut words = Vec::new();
            self.written_words(&doc?.text, &mut scratch, |w, written| {
                votes.add(w, written, 1);
                words.push(w.to_owned());
            });
            out.push(words);
        }
        if out.is_empty() {
            return Err(crate::Error::no_documents());
        }
        Ok((out, votes.forms()))
    }

    /// [`Pipeline::words`], each with the form it was written in: the token
    /// (or its host, or a clitic) cleaned but not folded, so `الإرهابية` for
    /// the word `الارهابيه`; for a stem, the written letters it was cut from
    /// if it is part of its word, else the stem itself (see [`crate::display`]).
    pub fn written_words(
        &self,
        text: &str,
        scratch: &mut Scratch,
        mut f: impl FnMut(&str, &str),
    ) -> usize {
        let Scratch {
            cleaned,
            folded,
            offsets,
            bounds,
            segments,
            ..
        } = scratch;
        self.cut(text, cleaned, offsets, bounds);
        let mut n = 0;
        let mut word = |piece: &str| n += self.piece_word(piece, folded, &mut f);
        for &(s, e) in bounds.iter() {
            let token = &cleaned[s..e];
            if self.segmenter.is_none() {
                word(token);
                continue;
            }
            if !segments.contains_key(token) {
                let mut joined = String::new();
                self.pieces(token, |piece| {
                    if !joined.is_empty() {
                        joined.push('\n');
                    }
                    joined.push_str(piece);
                });
                if segments.len() >= SEGMENT_CACHE {
                    segments.clear();
                }
                segments.insert(token.into(), joined.into());
            }
            if let Some(pieces) = segments.get(token) {
                pieces.split('\n').for_each(&mut word);
            }
        }
        n
    }

    /// The tokens of `text`, cleaned (normalized but not folded) and not yet
    /// segmented: for a caller that keeps each distinct token's
    /// [`Pipeline::token_words`] itself (the vectorizer, coherence: many distinct
    /// chunks of text, with their punctuation and diacritics, are the same
    /// token).
    pub(crate) fn tokens<'s>(
        &self,
        text: &str,
        scratch: &'s mut Scratch,
    ) -> impl Iterator<Item = &'s str> + 's {
        let Scratch {
            cleaned,
            offsets,
            bounds,
            ..
        } = scratch;
        self.cut(text, cleaned, offsets, bounds);
        let cleaned: &'s str = cleaned;
        bounds.iter().map(move |&(s, e)| &cleaned[s..e])
    }

    /// Cleans `text` into `cleaned` and puts the byte ranges of its tokens
    /// in `bounds` (`offsets`: the tokenizer's scratch space).
    fn cut(
        &self,
        text: &str,
        cleaned: &mut String,
        offsets: &mut Vec<usize>,
        bounds: &mut Vec<(usize, usize)>,
    ) {
        self.cleaner.normalize_into(text, cleaned);
        bounds.clear();
        self.tokenizer.spans_into(cleaned, offsets, bounds);
    }

    /// Calls `f` with the words of one token of [`Pipeline::tokens`] and the
    /// form each was written in (as [`Pipeline::written_words`]), using
    /// `folded` as scratch space. Returns the number of words.
    pub(crate) fn token_words(
        &self,
        token: &str,
        folded: &mut String,
        mut f: impl FnMut(&str, &str),
    ) -> usize {
        let mut n = 0;
        self.pieces(token, |piece| n += self.piece_word(piece, folded, &mut f));
        n
    }

    /// Folds and filters one piece of a token (the token, its host or a
    /// clitic): calls `f` with the word and its written form if the filters
    /// keep it. Returns the number of words (0 or 1).
    #[inline]
    fn piece_word(
        &self,
        piece: &str,
        folded: &mut String,
        f: &mut impl FnMut(&str, &str),
    ) -> usize {
        self.normalizer.normalize_into(piece, folded);
        match self.filters.apply(folded) {
            Some(word) => {
                f(&word, written_form(&word, folded, piece));
                1
            }
            None => 0,
        }
    }

    /// The parts of a written token that become words: the token itself, its
    /// host, or its host and clitics, as the options say.
    #[inline]
    pub fn pieces(&self, token: &str, mut f: impl FnMut(&str)) {
        match (&self.segmenter, self.options.clitics) {
            (Some(s), Clitics::Drop) => f(&s.segment(token).host),
            (Some(s), Clitics::Split) => s.segment(token).split_tokens(f),
            _ => f(token),
        }
    }

    /// The words of `text` (as [`Pipeline::words`]) with the byte span each
    /// came from in the original, un-normalized text: for showing a word as
    /// it was written (keyword in context, chart labels). A word split off a
    /// token, or a clitic, has the whole token's span: `لداعش` for `داعش`.
    pub fn words_with_spans(&self, text: &str) -> Vec<SpannedWord> {
        let (cleaned, offsets) = self.cleaner.normalize_with_offsets(text);
        let mut folded = String::new();
        let mut out = Vec::new();
        for t in self.tokenizer.tokens(&cleaned) {
            let Some((start, end)) = offsets.original_span(t.start, t.end) else {
                continue;
            };
            self.pieces(t.text, |piece| {
                self.normalizer.normalize_into(piece, &mut folded);
                if let Some(word) = self.filters.apply(&folded) {
                    out.push(SpannedWord {
                        word: word.into_owned(),
                        start,
                        end,
                    });
                }
            });
        }
        out
    }

    /// Calls `f` with each term of `text`: word n-grams, or character n-grams,
    /// as the options say, with scikit-learn's exact definitions. Returns the
    /// number of words the terms were built from.
    pub fn terms(&self, text: &str, scratch: &mut Scratch, mut f: impl FnMut(&str)) -> usize {
        let (min_n, max_n) = self.options.ngram_range;
        if self.options.analyzer == Analyzer::Word && max_n == 1 {
            // Unigrams: no need to keep the words.
            return self.words(text, scratch, f);
        }
        let mut words = std::mem::take(&mut scratch.words);
        let mut bounds = std::mem::take(&mut scratch.word_bounds);
        words.clear();
        bounds.clear();
        self.words(text, scratch, |word| {
            if !words.is_empty() {
                words.push(' ');
            }
            let start = words.len();
            words.push_str(word);
            bounds.push((start, words.len()));
        });
        let term = &mut scratch.term;
        match self.options.analyzer {
            Analyzer::Word => word_ngrams(&words, &bounds, min_n, max_n, &mut f),
            Analyzer::Char => char_ngrams(&words, min_n, max_n, &mut f),
            Analyzer::CharWb => char_wb_ngrams(&words, &bounds, min_n, max_n, term, &mut f),
        }
        let n = bounds.len();
        scratch.words = words;
        scratch.word_bounds = bounds;
        n
    }
}

/// scikit-learn's `_word_ngrams`: the words `bounds` of `joined` (which holds
/// them separated by single spaces), so an n-gram is one slice of `joined`.
fn word_ngrams(
    joined: &str,
    bounds: &[(usize, usize)],
    min_n: usize,
    max_n: usize,
    f: &mut impl FnMut(&str),
) {
    for n in min_n..=max_n.min(bounds.len()) {
        for w in bounds.windows(n) {
            f(&joined[w[0].0..w[n - 1].1]);
        }
    }
}

/// scikit-learn's `_char_ngrams` on the words joined by single spaces.
fn char_ngrams(text: &str, min_n: usize, max_n: usize, f: &mut impl FnMut(&str)) {
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let len = starts.len() - 1;
    for n in min_n..=max_n.min(len) {
        for i in 0..=(len - n) {
            f(&text[starts[i]..starts[i + n]]);
        }
    }
}

/// scikit-learn's `_char_wb_ngrams`: n-grams of each word padded with one
/// space on each side; a padded word shorter than n is emitted once, whole,
/// and ends that word's n-grams.
fn char_wb_ngrams(
    joined: &str,
    bounds: &[(usize, usize)],
    min_n: usize,
    max_n: usize,
    padded: &mut String,
    f: &mut impl FnMut(&str),
) {
    let mut starts = Vec::new();
    for &(s, e) in bounds {
        padded.clear();
        padded.push(' ');
        padded.push_str(&joined[s..e]);
        padded.push(' ');
        starts.clear();
        starts.extend(padded.char_indices().map(|(i, _)| i));
        starts.push(padded.len());
        let w_len = starts.len() - 1;
        for n in min_n..=max_n {
            let mut offset = 0;
            f(&padded[starts[0]..starts[n.min(w_len)]]);
            while offset + n < w_len {
                offset += 1;
                f(&padded[starts[offset]..starts[offset + n]]);
            }
            if offset == 0 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(opts: PipelineOptions, text: &str) -> Vec<String> {
        let p = Pipeline::new(opts).unwrap();
        let mut out = Vec::new();
        p.terms(text, &mut Scratch::default(), |t| out.push(t.to_owned()));
        out
    }

    fn bare() -> PipelineOptions {
        PipelineOptions {
            stopwords: StopWords::None,
            min_token_length: 1,
            ..Default::default()
        }
    }

    #[test]
    fn stop_words_go_before_ngrams_are_formed() {
        let opts = PipelineOptions {
            ngram_range: (1, 2),
            ..Default::default()
        };
        // في is a stop word: the bigram joins the words around it, as in scikit-learn.
        assert_eq!(
            terms(opts, "داعش في سوريا"),
            ["داعش", "سوريا", "داعش سوريا"]
        );
    }

    #[test]
    fn word_ngrams_only_bigrams() {
        let opts = PipelineOptions {
            ngram_range: (2, 3),
            ..bare()
        };
        assert_eq!(terms(opts, "ا ب ج"), ["ا ب", "ب ج", "ا ب ج"]);
    }

    #[test]
    fn char_ngrams_as_scikit_learn() {
        // sklearn: CountVectorizer(analyzer='char', ngram_range=(1, 2)).build_analyzer()("ab cd")
        let opts = PipelineOptions {
            analyzer: Analyzer::Char,
            ngram_range: (1, 2),
            ..bare()
        };
        assert_eq!(
            terms(opts, "ab, cd"),
            ["a", "b", " ", "c", "d", "ab", "b ", " c", "cd"]
        );
    }

    #[test]
    fn char_wb_ngrams_as_scikit_learn() {
        // sklearn: CountVectorizer(analyzer='char_wb', ngram_range=(2, 3)).build_analyzer()("ab c")
        // == [' a', 'ab', 'b ', ' ab', 'ab ', ' c', 'c ', ' c ']
        let opts = PipelineOptions {
            analyzer: Analyzer::CharWb,
            ngram_range: (2, 3),
            ..bare()
        };
        assert_eq!(
            terms(opts.clone(), "ab c"),
            [" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "]
        );
        // A padded word shorter than n is emitted once and stops the larger n.
        let opts = PipelineOptions {
            ngram_range: (4, 5),
            ..opts
        };
        assert_eq!(terms(opts, "ab c"), [" ab ", " c "]);
    }

    #[test]
    fn arabic_char_wb() {
        let opts = PipelineOptions {
            analyzer: Analyzer::CharWb,
            ngram_range: (3, 3),
            ..bare()
        };
        assert_eq!(terms(opts, "داعش"), [" دا", "داع", "اعش", "عش "]);
    }

    #[test]
    fn words_keep_their_original_spans() {
        let p = Pipeline::new(PipelineOptions::default()).unwrap();
        let text = "داعش تنظيم الـقاعِدَة، في سوريا";
        let words = p.words_with_spans(text);
        let shown: Vec<(&str, &str)> = words
            .iter()
            .map(|w| (w.word.as_str(), &text[w.start..w.end]))
            .collect();
        assert_eq!(
            shown,
            [
                ("داعش", "داعش"),
                ("تنظيم", "تنظيم"),
                ("القاعده", "الـقاعِدَة"),
                ("سوريا", "سوريا")
            ]
        );
    }

    #[test]
    fn options_round_trip_through_json() {
        let opts = PipelineOptions {
            stopwords: StopWords::List {
                source: "x.txt".into(),
                words: vec!["في".into()],
            },
            stem: Stem::Light,
            clitics: Clitics::Split,
            analyzer: Analyzer::CharWb,
            ngram_range: (2, 4),
            ..Default::default()
        };
        let json = serde_json::to_string(&opts).unwrap();
        assert_eq!(
            serde_json::from_str::<PipelineOptions>(&json).unwrap(),
            opts
        );
    }

    /// What the pipeline computed before it cleaned and folded in two steps:
    /// the whole text normalized at once, then tokenized and filtered.
    fn words_normalized_at_once(p: &Pipeline, text: &str) -> Vec<String> {
        let normalized = p.normalizer().normalize(text);
        p.tokenizer()
            .words(&normalized)
            .filter_map(|t| p.filters().apply(t).map(|w| w.into_owned()))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Cleaning, tokenizing, then folding each word gives the words of the
        /// text normalized whole, with every normalization option on or off.
        #[test]
        fn folding_words_equals_normalizing_the_text(
            text in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F} a-zA-Z0-9\u{0300}-\u{036F}\u{00C0}-\u{024F}]{0,40}",
            mask in 0u16..1024,
        ) {
            let bit = |i: u16| mask & (1 << i) == 0;
            let opts = PipelineOptions {
                normalize: NormalizeOptions {
                    nfkc: bit(0),
                    strip_format: bit(1),
                    strip_diacritics: bit(2),
                    strip_tatweel: bit(3),
                    fold_alef: bit(4),
                    fold_alef_maksura: bit(5),
                    fold_teh_marbuta: bit(6),
                    fold_digits: bit(7),
                    fold_persian: bit(8),
                    lowercase: bit(9),
                },
                // Segmenting reads the letters the folds change (ة is no ه):
                // the words of the text normalized whole are those of no segmentation.
                clitics: Clitics::None,
                ..bare()
            };
            let p = Pipeline::new(opts).unwrap();
            let mut got = Vec::new();
            p.words(&text, &mut Scratch::default(), |w| got.push(w.to_owned()));
            proptest::prop_assert_eq!(got, words_normalized_at_once(&p, &text));
        }
    }

    #[test]
    fn options_without_clitics_are_words_as_written() {
        // Model files written before segmentation existed have no `clitics`:
        // their vocabulary was made of words as written, and must stay so.
        let old: PipelineOptions = serde_json::from_str(r#"{"min_token_length": 2}"#).unwrap();
        assert_eq!(old.clitics, Clitics::None);
        assert_eq!(PipelineOptions::default().clitics, Clitics::Drop);
    }

    #[test]
    fn clitics_drop_keeps_hosts_and_split_marks_clitics() {
        let text = "أعلن وزير الداخلية أن قواته هزمت تنظيم داعش والقاعدة للمرة الثانية";
        let drop = PipelineOptions {
            clitics: Clitics::Drop,
            ..Default::default()
        };
        assert_eq!(
            terms(drop.clone(), text),
            [
                "اعلن",
                "وزير",
                "الداخليه",
                "قوات",
                "هزمت",
                "تنظيم",
                "داعش",
                "القاعده",
                "المره"
            ]
        );
        let split = PipelineOptions {
            clitics: Clitics::Split,
            ..drop
        };
        assert_eq!(
            terms(split, text),
            [
                "اعلن",
                "وزير",
                "الداخليه",
                "قوات",
                "+ه",
                "هزمت",
                "تنظيم",
                "داعش",
                "و+",
                "القاعده",
                "ل+",
                "المره"
            ]
        );
    }

    #[test]
    fn written_words_keep_letters_the_folds_remove() {
        let p = Pipeline::new(PipelineOptions {
            clitics: Clitics::Drop,
            ..bare()
        })
        .unwrap();
        let mut got = Vec::new();
        p.written_words(
            "وأعلنت الحكومةُ للمرّة الأولى",
            &mut Scratch::default(),
            |w, written| got.push((w.to_owned(), written.to_owned())),
        );
        assert_eq!(
            got,
            [
                ("اعلنت".to_owned(), "أعلنت".to_owned()),
                ("الحكومه".to_owned(), "الحكومة".to_owned()),
                ("المره".to_owned(), "المرة".to_owned()),
                ("الاولي".to_owned(), "الأولى".to_owned()),
            ]
        );
    }

    #[test]
    fn spans_of_segmented_words_cover_the_whole_written_word() {
        let p = Pipeline::new(PipelineOptions {
            clitics: Clitics::Drop,
            ..Default::default()
        })
        .unwrap();
        let text = "هاجم لداعشَ وداعش";
        let shown: Vec<(String, &str)> = p
            .words_with_spans(text)
            .into_iter()
            .map(|w| (w.word, &text[w.start..w.end]))
            .collect();
        assert_eq!(
            shown,
            [
                ("هاجم".to_owned(), "هاجم"),
                ("داعش".to_owned(), "لداعشَ"),
                ("داعش".to_owned(), "وداعش")
            ]
        );
    }

    #[test]
    fn check_rejects_each_bad_field() {
        let bad = PipelineOptions {
            ngram_range: (2, 1),
            ..Default::default()
        };
        assert_eq!(bad.check(), Err(ParamError::NgramRange { min: 2, max: 1 }));
        let bad = PipelineOptions {
            ngram_range: (0, 1),
            ..Default::default()
        };
        assert_eq!(bad.check(), Err(ParamError::NgramRange { min: 0, max: 1 }));
        let bad = PipelineOptions {
            min_token_length: 0,
            ..Default::default()
        };
        assert_eq!(bad.check(), Err(ParamError::MinTokenLengthZero));
    }
}
