//! The word counter's cache: each distinct space-separated chunk of text and
//! what the pipeline made of it.
//!
//! Counting a large corpus is one lookup here per chunk of text, in a table of
//! hundreds of thousands of chunks: far larger than the fast caches, so the
//! time goes to waiting for memory, and what counts is how many cache lines a
//! lookup touches. A slot is one 64-byte line holding the chunk's hash, its
//! length, its first 32 bytes (16 Arabic letters: nearly every word with its
//! clitics and punctuation), its value and how often it was seen, so a lookup
//! reads one line (two when its neighbour is probed) and nothing else. Only a
//! longer chunk is compared against its full text, kept aside. The counts
//! weigh each chunk's written forms when display forms are chosen
//! ([`crate::display`]), without any work per occurrence beyond the lookup.
//!
//! [`ChunkCache::lookup_batch`] first touches the home slot of every chunk of
//! a document so that their cache misses overlap, then looks each one up.
//! The table is open addressing with linear probing, at most 3/4 full, on
//! huge pages where the system allows.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::vocabulary::{grow_table, home};
use super::TermList;

/// Bytes of a chunk kept in its slot.
const INLINE: usize = 32;

/// What the cache keeps for a chunk: two numbers for the caller's words and
/// one for the written forms of its words.
pub(super) type Value = (u32, u32, u32);

/// One table entry: exactly one cache line.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    hash: u64,
    /// Length of the chunk in bytes; 0 marks an empty slot (chunks are never empty).
    len: u32,
    /// For a chunk longer than [`INLINE`]: its index in `ChunkCache::long`.
    long: u32,
    value: (u32, u32),
    written: u32,
    /// Occurrences of the chunk so far.
    count: u32,
    head: [u8; INLINE],
}

const VACANT: Slot = Slot {
    hash: 0,
    len: 0,
    long: 0,
    value: (0, 0),
    written: 0,
    count: 0,
    head: [0; INLINE],
};

/// Chunk text → a [`Value`] and a count (see [`ChunkCache::lookup_batch`]).
#[derive(Debug)]
pub(super) struct ChunkCache {
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())` (see [`home`]).
    shift: u32,
    len: usize,
    /// The full text of chunks longer than [`INLINE`].
    long: TermList,
    hashes: Vec<u64>,
}

impl Default for ChunkCache {
    fn default() -> Self {
        let slots = 1 << 12;
        ChunkCache {
            slots: crate::memory::filled(slots, VACANT),
            shift: 64 - slots.trailing_zeros(),
            len: 0,
            long: TermList::new(),
            hashes: Vec::new(),
        }
    }
}

impl ChunkCache {
    #[inline]
    fn home(&self, hash: u64) -> usize {
        home(hash, self.shift)
    }

    /// Number of distinct chunks.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.len
    }

    /// Where `chunk` is, or the empty slot where it would go.
    #[inline]
    fn probe(&self, chunk: &str, hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let bytes = chunk.as_bytes();
        let n = bytes.len().min(INLINE);
        let mut i = self.home(hash);
        loop {
            let s = &self.slots[i];
            if s.len == 0
                || (s.hash == hash
                    && s.len as usize == bytes.len()
                    && s.head[..n] == bytes[..n]
                    && (bytes.len() <= INLINE || self.long[s.long as usize] == *chunk))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Looks up the chunks `spans` of `text` in order, calling
    /// `visit(k, known)` for each: `known` is the stored value of chunk `k`,
    /// or `None` on its first sight, when the value `visit` returns is stored.
    /// Each lookup counts one occurrence of the chunk.
    pub(super) fn lookup_batch(
        &mut self,
        text: &str,
        spans: &[(usize, usize)],
        mut visit: impl FnMut(usize, Option<Value>) -> Value,
    ) {
        let mut hashes = std::mem::take(&mut self.hashes);
        hashes.clear();
        hashes.extend(
            spans
                .iter()
                .map(|&(s, e)| FxBuildHasher.hash_one(&text[s..e])),
        );
        // Load every home slot once: the loads are independent, so the
        // processor overlaps their cache misses; the lookups below then mostly
        // find their slot in cache. The xor only keeps the loads alive.
        let mut touched = 0u64;
        for &h in &hashes {
            touched ^= self.slots[self.home(h)].hash;
        }
        std::hint::black_box(touched);
        for (k, (&(s, e), &hash)) in spans.iter().zip(&hashes).enumerate() {
            let chunk = &text[s..e];
            let i = self.probe(chunk, hash);
            let slot = &mut self.slots[i];
            if slot.len != 0 {
                slot.count = slot.count.saturating_add(1);
                visit(k, Some((slot.value.0, slot.value.1, slot.written)));
            } else {
                let value = visit(k, None);
                self.insert(i, chunk, hash, value);
            }
        }
        self.hashes = hashes;
    }

    /// Calls `f` with each chunk's value and number of occurrences.
    pub(super) fn for_each(&self, mut f: impl FnMut(Value, u32)) {
        for s in self.slots.iter().filter(|s| s.len != 0) {
            f((s.value.0, s.value.1, s.written), s.count);
        }
    }

    fn insert(&mut self, i: usize, chunk: &str, hash: u64, value: Value) {
        let bytes = chunk.as_bytes();
        let mut head = [0; INLINE];
        let n = bytes.len().min(INLINE);
        head[..n].copy_from_slice(&bytes[..n]);
        let long = if bytes.len() > INLINE {
            self.long.push(chunk);
            u32::try_from(self.long.len() - 1).expect("more than 4 billion long chunks")
        } else {
            0
        };
        self.slots[i] = Slot {
            hash,
            len: u32::try_from(bytes.len()).expect("a chunk longer than 4 GiB"),
            long,
            value: (value.0, value.1),
            written: value.2,
            count: 1,
            head,
        };
        self.len += 1;
        if self.len * 4 > self.slots.len() * 3 {
            self.grow();
        }
    }

    fn grow(&mut self) {
        self.shift -= 1;
        let shift = self.shift;
        grow_table(
            &mut self.slots,
            VACANT,
            |s| s.len != 0,
            |s| home(s.hash, shift),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks up the space-separated chunks of `text`, giving a new chunk the
    /// value (its first position, its length); returns every chunk's value.
    fn values(cache: &mut ChunkCache, text: &str) -> Vec<Value> {
        let mut spans = Vec::new();
        let mut at = 0;
        for w in text.split(' ') {
            spans.push((at, at + w.len()));
            at += w.len() + 1;
        }
        let mut out = Vec::new();
        cache.lookup_batch(text, &spans, |k, known| {
            let v = known.unwrap_or((
                spans[k].0 as u32,
                (spans[k].1 - spans[k].0) as u32,
                k as u32,
            ));
            out.push(v);
            v
        });
        out
    }

    #[test]
    fn chunks_keep_the_value_of_their_first_sight() {
        let mut c = ChunkCache::default();
        let got = values(&mut c, "داعش، داعش القاعده داعش،");
        assert_eq!(got, [(0, 10, 0), (11, 8, 1), (20, 14, 2), (0, 10, 0)]);
        assert_eq!(c.len(), 3);
        // Known in a later batch too.
        assert_eq!(values(&mut c, "القاعده"), [(20, 14, 2)]);
        // Every lookup was counted.
        let mut counts = Vec::new();
        c.for_each(|v, n| counts.push((v.2, n)));
        counts.sort_unstable();
        assert_eq!(counts, [(0, 2), (1, 1), (2, 2)]);
    }

    #[test]
    fn long_chunks_that_share_their_inline_head_are_told_apart() {
        let mut c = ChunkCache::default();
        // The same first 40 bytes, then different ends.
        let a = "والاستراتيجياتوالاستراتيجيات_العسكريه";
        let b = "والاستراتيجياتوالاستراتيجيات_العسكريين";
        assert!(a.len() > 40);
        assert!(a.len() > INLINE && a.as_bytes()[..INLINE] == b.as_bytes()[..INLINE]);
        let text = format!("{a} {b} {a} {b}");
        let got = values(&mut c, &text);
        assert_eq!(got[0], got[2]);
        assert_eq!(got[1], got[3]);
        assert_ne!(got[0], got[1]);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn survives_growth() {
        let mut c = ChunkCache::default();
        let words: Vec<String> = (0..50_000).map(|n| format!("كلمه{n}")).collect();
        let text = words.join(" ");
        let first = values(&mut c, &text);
        assert_eq!(c.len(), 50_000);
        assert_eq!(values(&mut c, &text), first);
    }
}
