//! Where each normalized character came from in the original text.
//!
//! Normalization deletes characters (diacritics, tatweel, format characters)
//! and NFKC may turn one character into several or several into one, so a
//! byte offset in the normalized text is not an offset in the original.
//! [`OffsetMap`] records, for every normalized character, the original byte
//! span it was produced from, so that a token can be shown in its original,
//! un-normalized form (keyword in context, chart labels).

/// Receives the original span of every character the normalizer writes.
///
/// The unit type `()` is the sink that records nothing: the vectorizer uses it
/// and pays nothing for offsets.
pub trait OffsetSink {
    /// Whether the sink records anything (if not, the normalizer may copy
    /// whole runs of unchanged text without visiting each character).
    const RECORDS: bool = true;
    /// Number of characters recorded so far.
    fn len(&self) -> usize;
    /// Whether nothing has been recorded.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Records that the character written at normalized byte `norm` came from
    /// original bytes `start..end`.
    fn push(&mut self, norm: usize, start: usize, end: usize);
    /// Extends the original span of the last recorded character to `end`, if
    /// that character was recorded at index `first` or later (deleted marks
    /// belong to the letter they were written on).
    fn extend_last(&mut self, first: usize, end: usize);
    /// Forgets everything recorded at index `len` and after.
    fn truncate(&mut self, len: usize);
}

impl OffsetSink for () {
    const RECORDS: bool = false;
    #[inline]
    fn len(&self) -> usize {
        0
    }
    #[inline]
    fn push(&mut self, _: usize, _: usize, _: usize) {}
    #[inline]
    fn extend_last(&mut self, _: usize, _: usize) {}
    #[inline]
    fn truncate(&mut self, _: usize) {}
}

/// Original byte spans of the characters of a normalized string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Byte offset of each character in the normalized text (increasing).
    norm: Vec<usize>,
    /// Original byte span of each character.
    orig: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The original byte span of the normalized byte range `start..end`
    /// (a token's span). Returns `None` for an empty or out-of-range span.
    pub fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let first = self.norm.binary_search(&start).ok()?;
        // The last character that starts before `end`.
        let last = self.norm.partition_point(|&n| n < end).checked_sub(1)?;
        Some((
            self.orig[first].0,
            self.orig[last].1.max(self.orig[first].1),
        ))
    }

    /// Number of normalized characters recorded.
    pub fn len(&self) -> usize {
        self.norm.len()
    }

    /// Whether the normalized text was empty.
    pub fn is_empty(&self) -> bool {
        self.norm.is_empty()
    }
}

impl OffsetSink for OffsetMap {
    fn len(&self) -> usize {
        self.norm.len()
    }
    fn push(&mut self, norm: usize, start: usize, end: usize) {
        self.norm.push(norm);
        self.orig.push((start, end));
    }
    fn extend_last(&mut self, first: usize, end: usize) {
        if self.orig.len() > first {
            if let Some(last) = self.orig.last_mut() {
                last.1 = last.1.max(end);
            }
        }
    }
    fn truncate(&mut self, len: usize) {
        self.norm.truncate(len);
        self.orig.truncate(len);
    }
}
