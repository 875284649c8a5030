//! Display forms of terms: a term's words as they are most often written
//! (see [`crate::display`]), here beside the terms because what a term is
//! depends on the analyzer.

use std::borrow::Cow;

use super::TermList;
use crate::display::DisplayForms;
use crate::pipeline::Analyzer;

impl DisplayForms {
    /// The display form of `term`: each word's for word n-grams, the term itself
    /// for character n-grams.
    pub fn term<'a>(&'a self, term: &'a str, analyzer: Analyzer) -> Cow<'a, str> {
        if analyzer != Analyzer::Word || self.is_empty() {
            return Cow::Borrowed(term);
        }
        if !term.contains(' ') {
            return Cow::Borrowed(self.word(term));
        }
        // Most n-grams are shown as they are matched: no new string for them
        // (this runs for each of the millions of terms of a vocabulary written out).
        if !term.split(' ').any(|w| self.shows_otherwise(w)) {
            return Cow::Borrowed(term);
        }
        let mut out = String::with_capacity(term.len() + 8);
        for (i, w) in term.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.word(w));
        }
        Cow::Owned(out)
    }

    /// The display form of every term of `terms`, in order.
    pub fn terms(&self, terms: &TermList, analyzer: Analyzer) -> TermList {
        let mut out = TermList::with_capacity(terms.len(), terms.text_len());
        for t in terms.iter() {
            out.push(&self.term(t, analyzer));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::DisplayVotes;

    #[test]
    fn ngrams_show_each_word_and_char_ngrams_themselves() {
        let mut v = DisplayVotes::default();
        v.add("الدوله", "الدولة", 1);
        v.add("الاسلاميه", "الإسلامية", 1);
        let f = v.forms();
        assert_eq!(f.term("الدوله الاسلاميه", Analyzer::Word), "الدولة الإسلامية");
        assert_eq!(f.term("تنظيم الدوله", Analyzer::Word), "تنظيم الدولة");
        assert_eq!(f.term("الدوله", Analyzer::Char), "الدوله");
        assert_eq!(f.term(" الدو", Analyzer::CharWb), " الدو");
        let terms: TermList = ["الدوله", "داعش"].into_iter().collect();
        assert_eq!(f.terms(&terms, Analyzer::Word), ["الدولة", "داعش"]);
    }
}
