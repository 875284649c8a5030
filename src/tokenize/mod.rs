//! Tokenization: runs of letters, combining marks and digits.
//!
//! A token is a maximal run of characters that are alphabetic, numeric or
//! combining marks; everything else (spaces, Latin and Arabic punctuation such
//! as `،` `؛` `؟`, symbols) separates tokens and is dropped. On Arabic and Latin
//! text this gives the words of Unicode word segmentation (UAX #29) without
//! its punctuation-joined forms (`3.14`, `don't` are split).
//!
//! Tokens are byte spans of the (normalized) text they were found in; an
//! [`OffsetMap`](crate::normalize::OffsetMap) maps them back to the original.
//!
//! ```
//! use tahlil::tokenize::Tokenizer;
//!
//! let words: Vec<&str> = Tokenizer::new().words("داعش، والقاعدة؟ (2017)").collect();
//! assert_eq!(words, ["داعش", "والقاعدة", "2017"]);
//! ```

use unicode_normalization::char::is_combining_mark;

/// A token: its text and byte span in the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text.
    pub text: &'a str,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
}

/// Characters below this code point are classified by table.
const TABLE_END: usize = 0x3000;

/// Splits text into tokens. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    word_char: &'static [bool],
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new()
    }
}

/// Whether `c` belongs inside a token.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

impl Tokenizer {
    /// A tokenizer. Its character table is built once per process: it
    /// depends on nothing, and building it took a millisecond, which every
    /// small call (one document from Python) paid.
    pub fn new() -> Self {
        static WORD_CHAR: std::sync::OnceLock<Box<[bool]>> = std::sync::OnceLock::new();
        let word_char = WORD_CHAR.get_or_init(|| {
            (0..TABLE_END as u32)
                .map(|u| char::from_u32(u).is_some_and(is_word_char))
                .collect()
        });
        Tokenizer { word_char }
    }

    #[inline]
    fn is_word(&self, c: char) -> bool {
        match self.word_char.get(c as usize) {
            Some(&w) => w,
            None => is_word_char(c),
        }
    }

    /// The tokens of `text`, with their byte spans.
    pub fn tokens<'t, 'a>(&'t self, text: &'a str) -> Tokens<'t, 'a> {
        Tokens {
            tokenizer: self,
            text,
            pos: 0,
        }
    }

    /// Appends the byte spans of `text`'s tokens to `spans`: the tokens of
    /// [`Tokenizer::tokens`], found faster. `bounds` is scratch space; pass
    /// the same one every time.
    ///
    /// Every character writes its offset to `bounds` and moves the end of the
    /// list on only where word and non-word meet, so the loop has no branch
    /// that depends on the text. [`Tokenizer::tokens`] branches at the start
    /// and end of every token, and the processor guesses half of those
    /// branches wrong: that was most of the time it took.
    ///
    /// ```
    /// use tahlil::tokenize::Tokenizer;
    ///
    /// let (mut bounds, mut spans) = (Vec::new(), Vec::new());
    /// Tokenizer::new().spans_into("داعش، 2017", &mut bounds, &mut spans);
    /// assert_eq!(spans, [(0, 8), (11, 15)]);
    /// ```
    pub fn spans_into(&self, text: &str, bounds: &mut Vec<usize>, spans: &mut Vec<(usize, usize)>) {
        let bytes = text.as_bytes();
        let len = bytes.len();
        // At most one boundary per character, plus the end. Grown, never
        // shrunk or cleared: only the first `n` entries are read.
        if bounds.len() < len + 1 {
            bounds.resize(len + 1, 0);
        }
        // One- and two-byte characters: their code point indexes the table.
        let table = &self.word_char[..0x800];
        let (mut n, mut inside, mut i) = (0, false, 0);
        let mut mark = |at: usize, word: bool, n: &mut usize| {
            bounds[*n] = at;
            *n += usize::from(word != inside);
            inside = word;
        };
        while i + 1 < len {
            let b = bytes[i];
            if b >= 0xE0 {
                // Three- and four-byte characters are rare in Arabic and
                // Latin text: decode them.
                let c = crate::utf8::decode_at(text, i);
                mark(i, self.is_word(c), &mut n);
                i += c.len_utf8();
                continue;
            }
            // `i` is on a character boundary of valid UTF-8, so `b` is ASCII
            // or the lead byte of a two-byte character.
            let two = b >= 0xC0;
            let u = (usize::from(b & 0x1F) << 6) | usize::from(bytes[i + 1] & 0x3F);
            let code = if two { u } else { usize::from(b) };
            mark(i, table[code], &mut n);
            i += 1 + usize::from(two);
        }
        if i < len {
            // The last byte, so an ASCII character.
            mark(i, table[usize::from(bytes[i])], &mut n);
        }
        // A token running to the end of the text ends there.
        mark(len, false, &mut n);
        spans.extend(bounds[..n].chunks_exact(2).map(|c| (c[0], c[1])));
    }

    /// The token texts of `text`.
    pub fn words<'t, 'a>(&'t self, text: &'a str) -> impl Iterator<Item = &'a str> + 't
    where
        'a: 't,
    {
        self.tokens(text).map(|t| t.text)
    }
}

/// Iterator over the tokens of a text.
#[derive(Debug, Clone)]
pub struct Tokens<'t, 'a> {
    tokenizer: &'t Tokenizer,
    text: &'a str,
    pos: usize,
}

impl Tokens<'_, '_> {
    /// The offset of the first character at or after `from` whose
    /// word-character status is `want` (or the end of the text).
    #[inline]
    fn skip_while_not(&self, from: usize, want: bool) -> usize {
        let bytes = self.text.as_bytes();
        let table = self.tokenizer.word_char;
        let mut i = from;
        while i < bytes.len() {
            let b = bytes[i];
            // ASCII and two-byte characters (Arabic, accented Latin) are the
            // bulk of the text: classify them without decoding a `char`.
            let (is_word, len) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else if b & 0xE0 == 0xC0 && i + 1 < bytes.len() {
                let u = (usize::from(b & 0x1F) << 6) | usize::from(bytes[i + 1] & 0x3F);
                (table[u], 2)
            } else {
                let c = crate::utf8::decode_at(self.text, i);
                (self.tokenizer.is_word(c), c.len_utf8())
            };
            if is_word == want {
                return i;
            }
            i += len;
        }
        bytes.len()
    }
}

impl<'a> Iterator for Tokens<'_, 'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let start = self.skip_while_not(self.pos, true);
        if start >= self.text.len() {
            self.pos = start;
            return None;
        }
        let end = self.skip_while_not(start, false);
        self.pos = end;
        Some(Token {
            text: &self.text[start..end],
            start,
            end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts the tokens of `text`, text and span.
    pub(crate) fn assert_tokens(text: &str, expected: &[(&str, usize, usize)]) {
        let got: Vec<(&str, usize, usize)> = Tokenizer::new()
            .tokens(text)
            .map(|t| (t.text, t.start, t.end))
            .collect();
        assert_eq!(got, expected, "tokens of {text:?}");
    }

    /// [`Tokenizer::spans_into`] finds exactly the spans of [`Tokenizer::tokens`].
    fn assert_same_spans(t: &Tokenizer, text: &str) {
        let want: Vec<(usize, usize)> = t.tokens(text).map(|t| (t.start, t.end)).collect();
        let (mut bounds, mut got) = (vec![7; 3], vec![(1, 2)]);
        t.spans_into(text, &mut bounds, &mut got);
        assert_eq!(got[0], (1, 2), "spans are appended");
        assert_eq!(&got[1..], &want[..], "spans of {text:?}");
    }

    #[test]
    fn fast_spans_agree_on_every_character_pair() {
        let t = Tokenizer::new();
        // Every character of the Arabic blocks and Latin-1, plus samples of
        // the three- and four-byte ranges, alone and next to a letter, a
        // space and each other's neighbours.
        let chars: Vec<char> = (0..0x800)
            .chain(0xFB50..0xFB60)
            .chain(0xFE70..0xFE80)
            .chain([0x200C, 0x20AC, 0x1F600, 0x10400])
            .filter_map(char::from_u32)
            .collect();
        let mut text = String::new();
        for w in chars.windows(2) {
            for probe in [
                format!("{}", w[0]),
                format!("{}{}", w[0], w[1]),
                format!("ب{}ب {} a{}", w[0], w[1], w[0]),
            ] {
                assert_same_spans(&t, &probe);
            }
            text.push(w[0]);
            text.push(w[1]);
            text.push(' ');
        }
        assert_same_spans(&t, &text);
    }

    #[test]
    fn fast_spans_agree_on_edges() {
        let t = Tokenizer::new();
        for text in [
            "",
            " ",
            "a",
            "ب",
            "ab",
            " a",
            "a ",
            "داعش",
            " داعش ",
            "€",
            "a€",
            "€a",
            "😀ب",
            "ب😀",
            "داعش، والقاعدة؟ (2017)",
            "x\u{0301}",
            "\u{0301}",
        ] {
            assert_same_spans(&t, text);
        }
        // A shorter text after a longer one: stale scratch is never read.
        let (mut bounds, mut spans) = (Vec::new(), Vec::new());
        t.spans_into("واحد اثنان ثلاثه اربعه", &mut bounds, &mut spans);
        spans.clear();
        t.spans_into("كلمه", &mut bounds, &mut spans);
        assert_eq!(spans, [(0, 8)]);
    }

    #[test]
    fn arabic_punctuation_is_dropped() {
        let t = "داعش، القاعدة؛ لماذا؟";
        let a = "داعش".len();
        let b = a + "، ".len();
        let c = b + "القاعدة".len();
        let d = c + "؛ ".len();
        let e = d + "لماذا".len();
        assert_tokens(t, &[("داعش", 0, a), ("القاعدة", b, c), ("لماذا", d, e)]);
    }

    #[test]
    fn diacritics_stay_inside_the_word() {
        let w = "كَتَبَ";
        assert_tokens(w, &[(w, 0, w.len())]);
    }

    #[test]
    fn tatweel_stays_inside_the_word() {
        let w = "الـقاعدة";
        assert_tokens(w, &[(w, 0, w.len())]);
    }

    #[test]
    fn digits_and_latin() {
        assert_tokens(
            "ISIS (2017) ٢٠١٧",
            &[("ISIS", 0, 4), ("2017", 6, 10), ("٢٠١٧", 12, 20)],
        );
    }

    #[test]
    fn punctuation_splits_latin_words() {
        assert_tokens("al-Qaeda's", &[("al", 0, 2), ("Qaeda", 3, 8), ("s", 9, 10)]);
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert_tokens("", &[]);
        assert_tokens(" ،. ؟ «»", &[]);
    }

    #[test]
    fn zwnj_splits_persian_compound() {
        // U+200C is a format character (Cf), not a letter: normalization deletes it first.
        assert_tokens("می\u{200C}خواهم", &[("می", 0, 4), ("خواهم", 7, 17)]);
    }
}
