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

    /// Terms per block of a list built in parallel ([`TermList::from_blocks`]).
    pub(crate) const BLOCK: usize = 1 << 16;

    /// The terms of `lists`, one list after the other: joins lists built in
    /// parallel, each copied once into its place by a thread of its own.
    pub fn concat(lists: &[TermList]) -> TermList {
        let sizes: Vec<(usize, usize)> = lists.iter().map(|l| (l.len(), l.text_len())).collect();
        TermList::from_blocks(&sizes, |b, block| block.push_list(&lists[b]))
    }

    /// A list made of blocks filled side by side, each in its place: block
    /// `b` holds `sizes[b]` = (terms, bytes), which `fill(b, block)` pushes.
    /// Building a large list this way (the sorted vocabulary of millions of
    /// word pairs) writes its text once, where lists built apart and then
    /// joined would write it twice, in memory the kernel must first hand
    /// over page by page.
    ///
    /// # Panics
    ///
    /// If a block is not filled with exactly its size.
    pub(crate) fn from_blocks(
        sizes: &[(usize, usize)],
        fill: impl Fn(usize, &mut BlockWriter<'_>) + Sync,
    ) -> TermList {
        let terms = sizes.iter().map(|s| s.0).sum();
        let bytes = sizes.iter().map(|s| s.1).sum();
        let mut text = vec![0u8; bytes];
        let mut ends = vec![0usize; terms];
        let mut blocks = Vec::with_capacity(sizes.len());
        let (mut text_rest, mut ends_rest) = (text.as_mut_slice(), ends.as_mut_slice());
        let mut base = 0;
        for &(n, len) in sizes {
            let (t, t_rest) = std::mem::take(&mut text_rest).split_at_mut(len);
            let (e, e_rest) = std::mem::take(&mut ends_rest).split_at_mut(n);
            blocks.push(BlockWriter {
                text: t,
                at: 0,
                ends: e,
                count: 0,
                base,
            });
            (text_rest, ends_rest) = (t_rest, e_rest);
            base += len;
        }
        blocks
            .into_par_iter()
            .enumerate()
            .for_each(|(b, mut block)| {
                fill(b, &mut block);
                assert!(
                    block.at == block.text.len() && block.count == block.ends.len(),
                    "block {b} filled with {} terms of {} bytes, not {:?}",
                    block.count,
                    block.at,
                    sizes[b]
                );
            });
        // SAFETY: a `BlockWriter` writes only whole `str`s and `char`s, end to
        // end, and every block was filled to its end (checked above): the
        // text is UTF-8 strings joined, which is UTF-8. Checking 100s of MB
        // again would cost as much as writing them.
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

    /// The text of the terms in `range`, end to end (a block's bytes at
    /// once: its size, or a byte looked for in all of its terms).
    pub(crate) fn span(&self, range: std::ops::Range<usize>) -> &str {
        if range.is_empty() {
            return "";
        }
        let start = if range.start == 0 {
            0
        } else {
            self.ends[range.start - 1]
        };
        &self.text[start..self.ends[range.end - 1]]
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

/// One block of a [`TermList::from_blocks`]: its terms are pushed in order.
pub(crate) struct BlockWriter<'a> {
    text: &'a mut [u8],
    /// Bytes written.
    at: usize,
    ends: &'a mut [usize],
    /// Terms written.
    count: usize,
    /// Where the block's text starts in the list's.
    base: usize,
}

impl BlockWriter<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        self.text[self.at..self.at + bytes.len()].copy_from_slice(bytes);
        self.at += bytes.len();
    }

    #[inline]
    fn end_term(&mut self) {
        self.ends[self.count] = self.base + self.at;
        self.count += 1;
    }

    /// Appends a term.
    #[inline]
    pub(crate) fn push(&mut self, term: &str) {
        self.put(term.as_bytes());
        self.end_term();
    }

    /// Appends a term made of `parts` joined by `sep`.
    #[inline]
    pub(crate) fn push_joined<'b>(&mut self, parts: impl IntoIterator<Item = &'b str>, sep: char) {
        let mut buf = [0u8; 4];
        let sep = sep.encode_utf8(&mut buf).as_bytes();
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                self.put(sep);
            }
            self.put(p.as_bytes());
        }
        self.end_term();
    }

    /// Appends every term of `list`, its text in one copy.
    fn push_list(&mut self, list: &TermList) {
        let start = self.base + self.at;
        self.put(list.text.as_bytes());
        for (end, &own) in self.ends[self.count..].iter_mut().zip(&list.ends) {
            *end = start + own;
        }
        self.count += list.len();
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
    fn span_is_the_terms_end_to_end() {
        let terms: TermList = ["القاعده", "داعش", "", "سوريه"].into_iter().collect();
        assert_eq!(terms.span(0..2), "القاعدهداعش");
        assert_eq!(terms.span(1..4), "داعشسوريه");
        assert_eq!(terms.span(2..3), "");
        assert_eq!(terms.span(3..3), "");
        assert_eq!(terms.span(0..4).len(), terms.text_len());
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
    fn from_blocks_writes_each_block_in_its_place() {
        let blocks = [
            vec![["تنظيم", "القاعده"]],
            vec![],
            vec![["a", "b"], ["داعش", "c"]],
        ];
        let sizes: Vec<(usize, usize)> = blocks
            .iter()
            .map(|b| (b.len(), b.iter().map(|t| t[0].len() + 1 + t[1].len()).sum()))
            .collect();
        let list = TermList::from_blocks(&sizes, |b, w| {
            for t in &blocks[b] {
                w.push_joined(t.iter().copied(), ' ');
            }
        });
        assert_eq!(list, ["تنظيم القاعده", "a b", "داعش c"]);
    }

    #[test]
    #[should_panic(expected = "block 0 filled with 1 terms of 1 bytes, not (1, 2)")]
    fn from_blocks_refuses_a_block_left_short() {
        TermList::from_blocks(&[(1, 2)], |_, w| w.push("a"));
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
