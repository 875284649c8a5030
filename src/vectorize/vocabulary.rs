//! Term interning: a string → id map that stores each term once.
//!
//! Counting terms that are not words (character n-grams, long word n-grams)
//! is one lookup per term in a table too large for the fast caches, so the
//! time goes to waiting for memory. A slot therefore holds the term's hash,
//! length and first 16 bytes: most Arabic words (up to 8 letters) are
//! recognised in the slot itself, without following a pointer to the string.
//! (Words are counted through the chunk cache of `chunks.rs`, which keeps
//! more of each chunk in a slot of a whole cache line.)
//!
//! The table is open addressing with linear probing, at most 3/4 full.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::TermList;

/// Marks an empty slot.
const EMPTY: u32 = u32::MAX;

/// A table entry. Keeping the hash makes growing the table free of string
/// hashing, and the inline head avoids a pointer chase per token.
#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    head: u128,
    len: u32,
    id: u32,
}

const VACANT: Slot = Slot {
    hash: 0,
    head: 0,
    len: 0,
    id: EMPTY,
};

/// A term's hash and inline head, computed once per lookup.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    hash: u64,
    head: u128,
}

impl Key {
    /// The key of `term`.
    #[inline]
    pub fn of(term: &str) -> Key {
        let mut b = [0u8; 16];
        let n = term.len().min(16);
        b[..n].copy_from_slice(&term.as_bytes()[..n]);
        Key {
            hash: FxBuildHasher.hash_one(term),
            head: u128::from_le_bytes(b),
        }
    }
}

/// The home slot of `hash` in a table of `2^(64 - shift)` slots: the top
/// bits of a Fibonacci-mixed hash, so every bit of the hash counts.
#[inline]
pub(crate) fn home(hash: u64, shift: u32) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

/// Doubles an open-addressing table with linear probing: every occupied
/// slot moves to its home in the new table (`home`, computed from what the
/// slot stores, so no key is hashed again) or the first free slot after it.
pub(super) fn grow_table<S: Clone>(
    slots: &mut Vec<S>,
    vacant: S,
    occupied: impl Fn(&S) -> bool,
    home: impl Fn(&S) -> usize,
) {
    let new_len = slots.len() * 2;
    let old = std::mem::replace(slots, crate::memory::filled(new_len, vacant));
    let mask = new_len - 1;
    for s in old.into_iter().filter(&occupied) {
        let mut i = home(&s);
        while occupied(&slots[i]) {
            i = (i + 1) & mask;
        }
        slots[i] = s;
    }
}

/// Terms and their ids (ids are indices into [`Interner::terms`], in order of
/// first appearance).
#[derive(Debug, Clone)]
pub struct Interner {
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: the home slot is the top bits of a
    /// Fibonacci-mixed hash, so every bit of the hash counts.
    shift: u32,
    terms: TermList,
}

impl Default for Interner {
    fn default() -> Self {
        Interner::with_capacity(0)
    }
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty interner with room for `n` terms before it grows.
    pub fn with_capacity(n: usize) -> Self {
        let slots = (n * 4 / 3 + 1).next_power_of_two().max(16);
        Interner {
            slots: crate::memory::filled(slots, VACANT),
            shift: 64 - slots.trailing_zeros(),
            terms: TermList::with_capacity(n, n * 8),
        }
    }

    /// An interner holding `terms`, with ids in their order.
    pub fn from_terms<I: IntoIterator<Item = S>, S: AsRef<str>>(terms: I) -> Self {
        let mut i = Interner::new();
        for t in terms {
            i.intern(t.as_ref());
        }
        i
    }

    #[inline]
    fn home(&self, hash: u64) -> usize {
        home(hash, self.shift)
    }

    /// Where `term` is, or the empty slot where it would go.
    #[inline]
    fn probe(&self, term: &str, key: Key) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key.hash);
        loop {
            let s = &self.slots[i];
            if s.id == EMPTY
                || (s.hash == key.hash
                    && s.head == key.head
                    && s.len as usize == term.len()
                    && (term.len() <= 16 || self.terms[s.id as usize] == *term))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The id of `term`, adding it if new.
    #[inline]
    pub fn intern(&mut self, term: &str) -> u32 {
        self.intern_key(term, Key::of(term))
    }

    /// [`Interner::intern`] with the key already computed.
    #[inline]
    pub fn intern_key(&mut self, term: &str, key: Key) -> u32 {
        let i = self.probe(term, key);
        if self.slots[i].id != EMPTY {
            return self.slots[i].id;
        }
        let id = u32::try_from(self.terms.len()).expect("more than 4 billion distinct terms");
        let len = u32::try_from(term.len()).expect("a term longer than 4 GiB");
        self.terms.push(term);
        self.slots[i] = Slot {
            hash: key.hash,
            head: key.head,
            len,
            id,
        };
        if self.terms.len() * 4 > self.slots.len() * 3 {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        self.shift -= 1;
        let shift = self.shift;
        grow_table(
            &mut self.slots,
            VACANT,
            |s| s.id != EMPTY,
            |s| home(s.hash, shift),
        );
    }

    /// The id of `term`, if known.
    #[inline]
    pub fn get(&self, term: &str) -> Option<u32> {
        let s = self.slots[self.probe(term, Key::of(term))];
        (s.id != EMPTY).then_some(s.id)
    }

    /// The terms, indexed by id.
    pub fn terms(&self) -> &TermList {
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
    pub fn into_terms(self) -> TermList {
        self.terms
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

    #[test]
    fn long_terms_and_shared_heads_are_told_apart() {
        let mut i = Interner::new();
        // Same first 16 bytes (8 Arabic letters), different ends.
        let a = "الاستراتيجيات العسكريه";
        let b = "الاستراتيجيات العسكريين";
        assert_eq!(i.intern(a), 0);
        assert_eq!(i.intern(b), 1);
        assert_eq!(i.get(a), Some(0));
        assert_eq!(i.get(b), Some(1));
        assert_eq!(i.get("الاستراتيجيات"), None);
    }

    #[test]
    fn survives_growth() {
        let words: Vec<String> = (0..50_000).map(|n| format!("كلمه{n}")).collect();
        let mut one = Interner::with_capacity(4);
        let ids: Vec<u32> = words.iter().map(|w| one.intern(w)).collect();
        assert_eq!(ids, (0..50_000).collect::<Vec<u32>>());
        for (w, &id) in words.iter().zip(&ids) {
            assert_eq!(one.get(w), Some(id));
            assert_eq!(one.intern(w), id);
        }
        assert_eq!(one.len(), 50_000);
    }
}
