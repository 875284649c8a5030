//! [`TermList`]: a vocabulary stored as one string buffer.
//!
//! With word pairs a vocabulary runs to millions of terms. As a `Vec<String>`
//! each term is a separate allocation with a 24-byte header: millions of
//! `malloc` calls to build it, twice its text in memory, and a pointer chase
//! per lookup. Here the terms lie end to end in one `String`, with the end of
//! each in a second vector, so building, copying and writing it are a few
//! large sequential copies.
//!
//! ```
//! use tahlil::vectorize::TermList;
//!
//! let terms: TermList = ["القاعده", "داعش"].into_iter().collect();
//! assert_eq!(terms.len(), 2);
//! assert_eq!(&terms[1], "داعش");
//! assert_eq!(terms, ["القاعده", "داعش"]);
//! // Saved as a plain JSON list of strings.
//! assert_eq!(serde_json::to_string(&terms).unwrap(), r#"["القاعده","داعش"]"#);
//! ```

use std::fmt;
use std::ops::Index;

use rayon::prelude::*;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A list of strings stored end to end (see the notes at the top of
/// `src/vectorize/term_list.rs`).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct TermList {
    text: String,
    /// `ends[j]` is where term `j` ends in `text`; it starts where `j - 1` ends.
    ends: Vec<usize>,
}

impl TermList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty list with room for `terms` terms of `bytes` bytes in all.
    pub fn with_capacity(terms: usize, bytes: usize) -> Self {
        TermList {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(terms),
        }
    }

    /// Appends `term`.
    #[inline]
    pub fn push(&mut self, term: &str) {
        self.text.push_str(term);
        self.ends.push(self.text.len());
    }

    /// Appends a term built from `parts` joined by `sep`, with no temporary string.
    pub fn push_joined<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>, sep: char) {
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                self.text.push(sep);
            }
            self.text.push_str(p);
        }
        self.ends.push(self.text.len());
    }

    /// Appends every term of `other`.
    pub fn extend_from(&mut self, other: &TermList) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|&e| base + e));
    }

    /// The terms of `lists`, one list after the other: joins lists built in
    /// parallel, each copied once into its place by a thread of its own.
    pub fn concat(lists: &[TermList]) -> TermList {
        let bytes = lists.iter().map(TermList::text_len).sum();
        let terms = lists.iter().map(TermList::len).sum();
        let mut text = vec![0u8; bytes];
        let mut ends = vec![0usize; terms];
        let mut parts = Vec::with_capacity(lists.len());
        let (mut text_rest, mut ends_rest) = (text.as_mut_slice(), ends.as_mut_slice());
        let mut base = 0;
        for list in lists {
            let (t, t_rest) = text_rest.split_at_mut(list.text.len());
            let (e, e_rest) = ends_rest.split_at_mut(list.len());
            parts.push((list, t, e, base));
            (text_rest, ends_rest) = (t_rest, e_rest);
            base += list.text.len();
        }
        parts.into_par_iter().for_each(|(list, t, e, base)| {
            t.copy_from_slice(list.text.as_bytes());
            for (end, &own) in e.iter_mut().zip(&list.ends) {
                *end = base + own;
            }
        });
        // SAFETY: `text` is the bytes of whole `str`s laid end to end, and
        // UTF-8 strings joined are UTF-8; checking 100s of MB again would
        // cost as much as the copy.
        let text = unsafe { String::from_utf8_unchecked(text) };
        TermList { text, ends }
    }

    /// Number of terms.
    #[inline]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no terms.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Total length of the terms in bytes.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Term `j`, if there is one.
    #[inline]
    pub fn get(&self, j: usize) -> Option<&str> {
        let end = *self.ends.get(j)?;
        let start = if j == 0 { 0 } else { self.ends[j - 1] };
        Some(&self.text[start..end])
    }

    /// The terms in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            list: self,
            front: 0,
            back: self.len(),
        }
    }

    /// The terms as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

impl Index<usize> for TermList {
    type Output = str;

    #[inline]
    fn index(&self, j: usize) -> &str {
        match self.get(j) {
            Some(t) => t,
            None => panic!("term {j} out of range for a list of {}", self.len()),
        }
    }
}

/// Iterator over the terms of a [`TermList`].
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    list: &'a TermList,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.list.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.list.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a TermList {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for TermList {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut list = TermList::new();
        list.extend(iter);
        list
    }
}

impl<S: AsRef<str>> Extend<S> for TermList {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        for t in iter {
            self.push(t.as_ref());
        }
    }
}

impl fmt::Debug for TermList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for TermList {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for TermList {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for TermList {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

impl Serialize for TermList {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for TermList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = TermList;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of strings")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TermList, A::Error> {
                let mut list = TermList::new();
                // Borrowed when the input allows it, so no string per term.
                while let Some(t) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    list.push(&t);
                }
                Ok(list)
            }
        }
        d.deserialize_seq(ListVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_iter_and_equality_agree() {
        let mut l = TermList::new();
        l.push("داعش");
        l.push("");
        l.push_joined(["تنظيم", "القاعده"], ' ');
        assert_eq!(l.len(), 3);
        assert_eq!(&l[2], "تنظيم القاعده");
        assert_eq!(l.get(3), None);
        assert_eq!(l, ["داعش", "", "تنظيم القاعده"]);
        assert_eq!(l.iter().next_back(), Some("تنظيم القاعده"));
        assert_eq!(l.iter().len(), 3);
        assert_eq!(l.text_len(), l.iter().map(str::len).sum::<usize>());
    }

    #[test]
    fn extend_from_shifts_the_ends() {
        let mut a: TermList = ["a", "bb"].into_iter().collect();
        let b: TermList = ["ccc", "د"].into_iter().collect();
        a.extend_from(&b);
        assert_eq!(a, ["a", "bb", "ccc", "د"]);
        let parts = [b.clone(), TermList::new(), ["ه"].into_iter().collect()];
        assert_eq!(TermList::concat(&parts), ["ccc", "د", "ه"]);
        assert!(TermList::concat(&[]).is_empty());
    }

    #[test]
    fn json_round_trip_including_escapes() {
        let l: TermList = ["قال \"هو\"", "a\tb", "سطر\nجديد"].into_iter().collect();
        let json = serde_json::to_string(&l).unwrap();
        let back: TermList = serde_json::from_str(&json).unwrap();
        assert_eq!(back, l);
        assert!(serde_json::from_str::<TermList>("[1]").is_err());
    }
}
