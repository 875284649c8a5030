//! Display forms: each term shown as its words are most often written.
//!
//! Terms are matched on their folded spelling: ة → ه, the alef forms → ا,
//! ى → ي, so that القاعدة and القاعده are one term. A reader takes the folded
//! spelling for a misspelling, so every table and chart shows a term's
//! *display form* instead: of the forms its words were written in (cleaned of
//! diacritics, tatweel, format characters and NFKC forms, but with the letter
//! folds undone), the most frequent. Ties go to the form first in code-point
//! order, which puts a hamza (أ U+0623) before bare alef (ا U+0627), ة before ه
//! and ى before ي: where a corpus is split, the careful spelling wins.
//!
//! A word n-gram shows each of its words' display forms; a character n-gram
//! shows itself (see `DisplayForms::term`, with the terms in
//! [`crate::vectorize`]). A stem shows the written letters it was cut from when it is
//! part of its word (light10's stems), and itself otherwise (ISRI's roots).
//!
//! ```
//! use tahlil::display::DisplayVotes;
//! use tahlil::pipeline::Analyzer;
//!
//! let mut votes = DisplayVotes::default();
//! votes.add("القاعده", "القاعدة", 5);
//! votes.add("القاعده", "القاعده", 1);
//! votes.add("الاسلاميه", "الإسلامية", 2);
//! votes.add("الاسلاميه", "الاسلامية", 2);
//! let forms = votes.forms();
//! assert_eq!(forms.word("القاعده"), "القاعدة");
//! // A tie: the spelling with hamza sorts first.
//! assert_eq!(forms.word("الاسلاميه"), "الإسلامية");
//! assert_eq!(forms.term("القاعده الاسلاميه", Analyzer::Word), "القاعدة الإسلامية");
//! // A word nobody voted for shows as it is.
//! assert_eq!(forms.word("داعش"), "داعش");
//! ```

use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How often each word was written in each form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisplayVotes {
    votes: FxHashMap<Box<str>, FxHashMap<Box<str>, u64>>,
}

impl DisplayVotes {
    /// `word` (as matched) was written `written`, `n` more times.
    pub fn add(&mut self, word: &str, written: &str, n: u64) {
        if n == 0 {
            return;
        }
        let forms = match self.votes.get_mut(word) {
            Some(forms) => forms,
            None => self.votes.entry(word.into()).or_default(),
        };
        match forms.get_mut(written) {
            Some(count) => *count += n,
            None => {
                forms.insert(written.into(), n);
            }
        }
    }

    /// Adds every vote of `other`.
    pub fn merge(&mut self, other: DisplayVotes) {
        if self.votes.is_empty() {
            *self = other;
            return;
        }
        for (word, forms) in other.votes {
            let mine = self.votes.entry(word).or_default();
            for (written, n) in forms {
                *mine.entry(written).or_default() += n;
            }
        }
    }

    /// Number of words with votes.
    pub fn len(&self) -> usize {
        self.votes.len()
    }

    /// Whether no word has a vote.
    pub fn is_empty(&self) -> bool {
        self.votes.is_empty()
    }

    /// Each word's display form: its most frequent written form, ties to the
    /// first in code-point order. Words whose display form is the word itself
    /// are not stored.
    pub fn forms(&self) -> DisplayForms {
        DisplayForms::choose(self.iter())
    }

    /// Every `(word, written form, count)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, u64)> {
        self.votes
            .iter()
            .flat_map(|(w, forms)| forms.iter().map(move |(f, &n)| (&**w, &**f, n)))
    }
}

/// Each word's display form (see the [module docs](self)). Saved (in a
/// model) as a JSON object from each word shown otherwise than it is matched
/// to its display form, in code-point order of the words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisplayForms {
    /// Only the words shown otherwise than they are matched.
    map: FxHashMap<Box<str>, Box<str>>,
}

impl Serialize for DisplayForms {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut words: Vec<(&str, &str)> = self.map.iter().map(|(w, d)| (&**w, &**d)).collect();
        words.sort_unstable();
        let mut m = s.serialize_map(Some(words.len()))?;
        for (w, d) in words {
            m.serialize_entry(w, d)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for DisplayForms {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, String>::deserialize(d)?;
        Ok(DisplayForms {
            map: map
                .into_iter()
                .filter(|(w, f)| w != f)
                .map(|(w, f)| (w.into(), f.into()))
                .collect(),
        })
    }
}

impl DisplayForms {
    /// The display forms chosen by `votes`, `(word, written form, count)` in
    /// any order and with repeats, which are added: sorted, then summed, so
    /// no string is copied but the chosen forms.
    pub fn choose<'a>(votes: impl Iterator<Item = (&'a str, &'a str, u64)>) -> DisplayForms {
        let mut votes: Vec<(&str, &str, u64)> = votes.collect();
        votes.par_sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        DisplayForms::from_chosen(votes.chunk_by(|a, b| a.0 == b.0).filter_map(|word| {
            let form = winner(word[0].0, word.iter().map(|v| (v.1, v.2)))?;
            Some((word[0].0, form))
        }))
    }

    /// The display forms `(word, form)` already chosen (by [`winner`]).
    pub(crate) fn from_chosen<'a>(
        chosen: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> DisplayForms {
        let map = chosen.map(|(w, f)| (w.into(), f.into())).collect();
        DisplayForms { map }
    }

    /// The display form of `word`: itself when it has none.
    pub fn word<'a>(&'a self, word: &'a str) -> &'a str {
        self.map.get(word).map_or(word, |d| d)
    }

    /// Whether `word` is shown otherwise than it is matched.
    pub fn shows_otherwise(&self, word: &str) -> bool {
        self.map.contains_key(word)
    }

    /// Number of words shown otherwise than they are matched.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether every word is shown as it is matched.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// [`DisplayForms`] frozen for millions of lookups: the display column of a
/// vocabulary of word pairs looks up two words per term.
///
/// The map's own lookup follows a pointer to the key and another to the
/// form, each a cache miss in a map of tens of thousands of words. Here a
/// bit filter small enough to stay in cache answers most words not shown
/// otherwise (most words) with no miss at all; a slot holds a tag of the
/// word's hash and where the word lies in one buffer, its form right
/// after it. The forms are kept as `escape` makes them (a TSV field's,
/// say), so they are escaped once, not at every use.
pub(crate) struct DisplayLookup {
    slots: Vec<LookupSlot>,
    /// `64 - log2(slots.len())` (see `vectorize::home`).
    shift: u32,
    /// Each word followed by its escaped form.
    text: String,
    /// One bit per value of a hash's low `FILTER_BITS` bits, set for the
    /// words in the table: most words looked up are not shown otherwise,
    /// and this tells most of them so from a few hundred KB that stay in
    /// cache, without a miss on the table.
    filter: Vec<u64>,
}

/// Bits of a hash that pick its bit in `DisplayLookup::filter` (2^20 bits:
/// 128 KB; with 50,000 words shown otherwise, 5% of the others pass).
const FILTER_BITS: u32 = 20;

#[derive(Clone, Copy, Default)]
struct LookupSlot {
    /// Low bits of the word's hash, never 0; 0 marks an empty slot.
    tag: u32,
    /// Where the word starts in `text`; its form follows it.
    at: u32,
    word_len: u32,
    form_len: u32,
}

impl DisplayLookup {
    pub(crate) fn new(
        forms: &DisplayForms,
        escape: impl Fn(&str) -> std::borrow::Cow<'_, str>,
    ) -> DisplayLookup {
        let n = (2 * forms.map.len()).next_power_of_two().max(16);
        let shift = 64 - n.trailing_zeros();
        let mut slots = vec![LookupSlot::default(); n];
        let mut text = String::new();
        let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
        for (word, form) in &forms.map {
            let h = Self::hash(word);
            let bit = Self::bit(h);
            filter[bit / 64] |= 1 << (bit % 64);
            let mut i = crate::vectorize::home(h, shift);
            while slots[i].tag != 0 {
                i = (i + 1) & (n - 1);
            }
            let form = escape(form);
            let fits = |n: usize| u32::try_from(n).expect("4 GB of display forms");
            slots[i] = LookupSlot {
                tag: Self::tag(h),
                at: fits(text.len()),
                word_len: fits(word.len()),
                form_len: fits(form.len()),
            };
            text.push_str(word);
            text.push_str(&form);
        }
        DisplayLookup {
            slots,
            shift,
            text,
            filter,
        }
    }

    #[inline]
    fn hash(word: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(word)
    }

    /// The hash's bit in the filter: its low bits.
    #[inline]
    fn bit(h: u64) -> usize {
        (h & ((1 << FILTER_BITS) - 1)) as usize
    }

    #[inline]
    fn tag(h: u64) -> u32 {
        h as u32 | 1
    }

    /// `word`'s escaped display form, if it is shown otherwise than it is matched.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<&str> {
        let h = Self::hash(word);
        let bit = Self::bit(h);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let tag = Self::tag(h);
        let mask = self.slots.len() - 1;
        let mut i = crate::vectorize::home(h, self.shift);
        loop {
            let s = self.slots[i];
            if s.tag == 0 {
                return None;
            }
            if s.tag == tag && s.word_len as usize == word.len() {
                let at = s.at as usize;
                let form = at + word.len();
                if &self.text[at..form] == word {
                    return Some(&self.text[form..form + s.form_len as usize]);
                }
            }
            i = (i + 1) & mask;
        }
    }
}

/// The form `word` is shown in, from the votes for its written forms, given
/// in code-point order of the forms with repeats next to each other (they are
/// added up): the form with the most votes, the first of them on a tie;
/// `None` when that is the word itself.
pub(crate) fn winner<'a>(
    word: &str,
    votes: impl IntoIterator<Item = (&'a str, u64)>,
) -> Option<&'a str> {
    let mut best: Option<(&str, u64)> = None;
    let mut run: Option<(&str, u64)> = None;
    // A later form wins only with more votes: the strict comparison.
    let mut close = |run: (&'a str, u64)| {
        if best.is_none_or(|(_, m)| run.1 > m) {
            best = Some(run);
        }
    };
    for (form, n) in votes {
        match &mut run {
            Some((f, m)) if *f == form => *m += n,
            _ => {
                if let Some(r) = run.take() {
                    close(r);
                }
                run = Some((form, n));
            }
        }
    }
    if let Some(r) = run {
        close(r);
    }
    best.map(|(form, _)| form).filter(|&form| form != word)
}

/// The written form a word contributes: `written` (a piece of a cleaned word)
/// when `word` is that piece folded; the written letters of a stem that is
/// part of the folded piece; else the word itself.
pub(crate) fn written_form<'a>(word: &'a str, folded: &str, written: &'a str) -> &'a str {
    if word == folded {
        return written;
    }
    // The folds map one character to one character: positions carry over.
    if let Some(at) = folded.find(word) {
        if folded.chars().count() == written.chars().count() {
            let skip = folded[..at].chars().count();
            let start = char_offset(written, skip);
            let end = start + char_offset(&written[start..], word.chars().count());
            return &written[start..end];
        }
    }
    word
}

/// The byte offset of character `n` of `s` (its length if it has fewer).
fn char_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_agrees_with_the_map_and_escapes_its_forms_once() {
        // 20,000 words shown otherwise (a table of 65,536 slots, long probe
        // runs at its load), and as many words that are not.
        let shown: Vec<(String, String)> = (0..20_000)
            .map(|i| (format!("كلمه{i}"), format!("كلمة{i}")))
            .chain([("tab".to_string(), "t\tb".to_string())])
            .collect();
        let forms = DisplayForms::from_chosen(shown.iter().map(|(w, f)| (&**w, &**f)));
        let lookup = DisplayLookup::new(&forms, |f| f.replace('\t', " ").into());
        for (w, f) in &shown {
            assert_eq!(lookup.get(w), Some(&*f.replace('\t', " ")), "{w}");
        }
        for i in 0..20_000 {
            assert_eq!(lookup.get(&format!("كلمة{i}")), None);
        }
        // A word whose prefix or extension is shown otherwise is not.
        assert_eq!(lookup.get("كلمه"), None);
        assert_eq!(lookup.get("كلمه10 "), None);
        assert_eq!(lookup.get(""), None);
        let empty = DisplayLookup::new(&DisplayForms::default(), |f| f.into());
        assert_eq!(empty.get("مصر"), None);
    }

    #[test]
    fn winner_adds_repeats_and_keeps_the_first_of_a_tie() {
        // Forms in code-point order (أ U+0623 before ا U+0627), repeats adjacent.
        let votes = [("أحمد", 1), ("أحمد", 1), ("احمد", 3)];
        assert_eq!(winner("احمد", votes), None);
        // 2 + 2 against 3, then 2 + 1 against 3: a tie goes to the first form.
        let votes = [("أحمد", 2), ("أحمد", 2), ("احمد", 3)];
        assert_eq!(winner("احمد", votes), Some("أحمد"));
        let votes = [("أحمد", 2), ("أحمد", 1), ("احمد", 3)];
        assert_eq!(winner("احمد", votes), Some("أحمد"));
        assert_eq!(winner("احمد", []), None);
    }

    #[test]
    fn most_votes_win_and_ties_go_to_code_point_order() {
        let mut v = DisplayVotes::default();
        v.add("الاولي", "الأولى", 3);
        v.add("الاولي", "الاولى", 4);
        v.add("مصر", "مصر", 9);
        v.add("سوريه", "سورية", 2);
        v.add("سوريه", "سوريه", 2);
        let f = v.forms();
        assert_eq!(f.word("الاولي"), "الاولى");
        // Ties: ة (U+0629) sorts before ه (U+0647).
        assert_eq!(f.word("سوريه"), "سورية");
        // Shown as matched: not stored.
        assert_eq!(f.word("مصر"), "مصر");
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn merging_adds_votes() {
        let (mut a, mut b) = (DisplayVotes::default(), DisplayVotes::default());
        a.add("القاعده", "القاعده", 2);
        b.add("القاعده", "القاعدة", 1);
        b.add("القاعده", "القاعدة", 2);
        a.merge(b);
        assert_eq!(a.forms().word("القاعده"), "القاعدة");
    }

    #[test]
    fn forms_round_trip_through_json_in_word_order() {
        let mut v = DisplayVotes::default();
        v.add("سوريه", "سورية", 1);
        v.add("القاعده", "القاعدة", 1);
        v.add("داعش", "داعش", 1);
        let f = v.forms();
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"{"القاعده":"القاعدة","سوريه":"سورية"}"#);
        assert_eq!(serde_json::from_str::<DisplayForms>(&json).unwrap(), f);
    }

    #[test]
    fn written_forms_of_words_and_stems() {
        assert_eq!(written_form("القاعده", "القاعده", "القاعدة"), "القاعدة");
        // light10's stem of الإسلامية is part of it: the same letters as written.
        assert_eq!(written_form("اسلام", "الاسلاميه", "الإسلامية"), "إسلام");
        // An ISRI root is not: shown as it is.
        assert_eq!(written_form("سلم", "الاسلاميه", "الإسلامية"), "سلم");
        assert_eq!(written_form("و+", "و+", "و+"), "و+");
    }
}
