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
    /// `(hash, id)`: keeping the hash makes growing the table free of string
    /// hashing, and a lookup compares strings only when the full hash matches.
    table: HashTable<(u64, u32)>,
    terms: Vec<Box<str>>,
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
        let h = hash(term);
        let terms = &self.terms;
        if let Some(&(_, id)) = self
            .table
            .find(h, |&(eh, id)| eh == h && &*terms[id as usize] == term)
        {
            return id;
        }
        let id = u32::try_from(self.terms.len()).expect("more than 4 billion distinct terms");
        self.terms.push(term.into());
        self.table.insert_unique(h, (h, id), |&(eh, _)| eh);
        id
    }

    /// The id of `term`, if known.
    #[inline]
    pub fn get(&self, term: &str) -> Option<u32> {
        let h = hash(term);
        let terms = &self.terms;
        self.table
            .find(h, |&(eh, id)| eh == h && &*terms[id as usize] == term)
            .map(|&(_, id)| id)
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
