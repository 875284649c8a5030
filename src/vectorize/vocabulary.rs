//! Term interning: a string → id map that stores each term once.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Terms and their ids (ids are indices into [`Interner::terms`]).
///
/// One hash per lookup and one copy of each term: the table holds only ids,
/// the strings live in `terms`.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    table: HashTable<Slot>,
    terms: Vec<Box<str>>,
}

/// A table entry. Keeping the hash makes growing the table free of string
/// hashing; keeping the first 16 bytes inline lets most Arabic words (up to 8
/// letters) be recognised without following the pointer to the string, which
/// on a large vocabulary is a cache miss per token.
#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    head: u128,
    len: u32,
    id: u32,
}

impl Slot {
    #[inline]
    fn matches(&self, hash: u64, head: u128, term: &str, terms: &[Box<str>]) -> bool {
        self.hash == hash
            && self.head == head
            && self.len as usize == term.len()
            && (term.len() <= 16 || *terms[self.id as usize] == *term)
    }
}

/// The first 16 bytes of `term`, zero-padded.
#[inline]
fn head(term: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = term.len().min(16);
    b[..n].copy_from_slice(&term.as_bytes()[..n]);
    u128::from_le_bytes(b)
}

#[inline]
fn hash(term: &str) -> u64 {
    FxBuildHasher.hash_one(term)
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// An interner holding `terms`, with ids in their order.
    pub fn from_terms<I: IntoIterator<Item = S>, S: Into<Box<str>>>(terms: I) -> Self {
        let mut i = Interner::new();
        for t in terms {
            let t = t.into();
            i.intern(&t);
        }
        i
    }

    /// The id of `term`, adding it if new.
    #[inline]
    pub fn intern(&mut self, term: &str) -> u32 {
        let (h, hd) = (hash(term), head(term));
        let terms = &self.terms;
        if let Some(slot) = self.table.find(h, |e| e.matches(h, hd, term, terms)) {
            return slot.id;
        }
        let id = u32::try_from(self.terms.len()).expect("more than 4 billion distinct terms");
        let len = u32::try_from(term.len()).expect("a term longer than 4 GiB");
        self.terms.push(term.into());
        let slot = Slot {
            hash: h,
            head: hd,
            len,
            id,
        };
        self.table.insert_unique(h, slot, |e| e.hash);
        id
    }

    /// The id of `term`, if known.
    #[inline]
    pub fn get(&self, term: &str) -> Option<u32> {
        let (h, hd) = (hash(term), head(term));
        self.table
            .find(h, |e| e.matches(h, hd, term, &self.terms))
            .map(|e| e.id)
    }

    /// The terms, indexed by id.
    pub fn terms(&self) -> &[Box<str>] {
        &self.terms
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms, giving up the table.
    pub fn into_terms(self) -> Vec<Box<str>> {
        self.terms
    }

    /// An empty interner with room for `n` terms.
    pub fn with_capacity(n: usize) -> Self {
        Interner {
            table: HashTable::with_capacity(n),
            terms: Vec::with_capacity(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_dense() {
        let mut i = Interner::new();
        assert_eq!(i.intern("داعش"), 0);
        assert_eq!(i.intern("القاعده"), 1);
        assert_eq!(i.intern("داعش"), 0);
        assert_eq!(i.get("القاعده"), Some(1));
        assert_eq!(i.get("سوريا"), None);
        assert_eq!(i.len(), 2);
    }
}
