//! The word counter's cache: each distinct space-separated chunk of text and
//! what the pipeline made of it.
//!
//! Counting a large corpus is one lookup here per chunk of text, among
//! hundreds of thousands of chunks: far more than the fast caches hold, so the
//! time goes to waiting for memory, and what counts is how many cache lines a
//! lookup touches. A chunk's entry is half a 64-byte line holding its length,
//! its first 16 bytes (8 Arabic letters: 93% of the chunks of running text
//! with their clitics and punctuation), its value and how often it was seen;
//! only a longer chunk is compared against its full text, kept aside. Half
//! lines rather than whole ones (with 32 bytes of text and the full hash)
//! halve a worker's table over 100 MB of text (385,000 chunks each of two
//! workers: 12 MB rather than 25), nearer what the last-level cache holds
//! (32 MB on the machine measured): 20 MB less peak memory, and counting as
//! fast or slightly faster (`tahlil vectorize`, 0.95× the wall time, median
//! of 8 alternating runs). The counts weigh each chunk's written
//! forms when display forms are chosen ([`crate::display`]), without any work
//! per occurrence beyond the lookup; what else that needs is kept apart, as
//! lookups never read it.
//!
//! Entries are stored densely, in order of first sight; the hash table is an
//! index of 8-byte slots (the entry's number and 32 bits of its hash, which
//! stand in for the hash an entry no longer keeps), open addressing with
//! linear probing, at most 3/4 full. Compared with a table of whole entries,
//! a lookup reads one more line (its slot, from a table a quarter the size),
//! but the memory a worker takes is far less, and growing moves 8-byte slots
//! rather than entries: with two workers over 100 MB, fresh pages (which the
//! kernel must zero) were a quarter of a worker's time.
//!
//! [`ChunkCache::lookup_batch`] first touches the home slot and the entry of
//! every chunk of a document so that their cache misses overlap, then looks
//! each one up.

use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

use super::TermList;

/// The chunks of `text` between spaces, as byte ranges, into `out` (emptied
/// first). memchr finds the spaces 16 or 32 bytes at a time.
pub(crate) fn spans(text: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start = 0;
    for space in memchr::memchr_iter(b' ', text.as_bytes()) {
        if space > start {
            out.push((start, space));
        }
        start = space + 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
}

/// Bytes of a chunk kept in its entry.
const INLINE: usize = 16;

/// What the cache keeps for a chunk: two numbers for the caller's words and
/// one for the written forms of its words.
pub(crate) type Value = (u32, u32, u32);

/// `Entry::meta` of a chunk longer than [`INLINE`]: the flag, and the
/// chunk's index in `ChunkCache::long` below it.
const LONG: u32 = 1 << 31;

/// One chunk: half a cache line, so that two workers' tables of a few
/// hundred thousand chunks stay in the processor's last-level cache.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Entry {
    /// The chunk's length in bytes (at most [`INLINE`]), or [`LONG`] | its
    /// index in `ChunkCache::long`.
    meta: u32,
    /// Occurrences of the chunk so far.
    count: u32,
    value: (u32, u32),
    /// The chunk's first [`INLINE`] bytes, zero-padded.
    head: [u8; INLINE],
}

/// An empty slot of the index (an occupied one holds an entry number + 1).
const VACANT: u64 = 0;

/// The hash mixed so that its top bits are good table positions (Fibonacci
/// hashing: every bit of the hash counts).
#[inline]
fn mixed(hash: u64) -> u64 {
    hash.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Chunk text → a [`Value`] and a count (see [`ChunkCache::lookup_batch`]).
#[derive(Debug)]
pub(crate) struct ChunkCache {
    /// Each slot: the top 32 bits of the entry's mixed hash, then its number + 1.
    index: Vec<u64>,
    /// `64 - log2(index.len())`: a slot's home is the top bits of the mixed hash.
    shift: u32,
    entries: Vec<Entry>,
    /// Each entry's third value: read once counting is done, not by lookups.
    written: Vec<u32>,
    /// The full text of chunks longer than [`INLINE`].
    long: TermList,
    hashes: Vec<u64>,
}

impl Default for ChunkCache {
    fn default() -> Self {
        let slots: usize = 1 << 12;
        ChunkCache {
            index: crate::memory::filled(slots, VACANT),
            shift: 64 - slots.trailing_zeros(),
            entries: Vec::new(),
            written: Vec::new(),
            long: TermList::new(),
            hashes: Vec::new(),
        }
    }
}

impl ChunkCache {
    #[inline]
    fn home(&self, mixed: u64) -> usize {
        (mixed >> self.shift) as usize
    }

    /// Number of distinct chunks.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }

    /// The first [`INLINE`] bytes of `bytes`, zero-padded.
    #[inline]
    fn head(bytes: &[u8]) -> [u8; INLINE] {
        let mut head = [0; INLINE];
        let n = bytes.len().min(INLINE);
        head[..n].copy_from_slice(&bytes[..n]);
        head
    }

    /// The entry number of `chunk`, or the empty slot where it would go.
    // Always inlined: the counting loop's hot path, and no longer the only caller.
    #[inline(always)]
    fn probe(&self, chunk: &str, hash: u64) -> Result<usize, usize> {
        let mask = self.index.len() - 1;
        let bytes = chunk.as_bytes();
        let head = Self::head(bytes);
        // A short chunk's entry has its exact length; a long one's, LONG and
        // an index, which no length of at most INLINE bytes equals.
        let short = bytes.len() <= INLINE;
        let m = mixed(hash);
        let tag = m >> 32;
        let mut i = self.home(m);
        loop {
            let s = self.index[i];
            if s == VACANT {
                return Err(i);
            }
            if s >> 32 == tag {
                let k = (s as u32 - 1) as usize;
                let e = &self.entries[k];
                if e.head == head
                    && if short {
                        e.meta as usize == bytes.len()
                    } else {
                        e.meta & LONG != 0 && self.long[(e.meta & !LONG) as usize] == *chunk
                    }
                {
                    return Ok(k);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Looks up the chunks `spans` of `text` in order, calling
    /// `visit(k, known)` for each: `known` is the first two numbers of the
    /// stored value of chunk `k`, or `None` on its first sight, when the value
    /// `visit` returns is stored (it is ignored otherwise: the third number is
    /// only read by [`ChunkCache::for_each`], so lookups never load it).
    /// Each lookup counts one occurrence of the chunk.
    pub(crate) fn lookup_batch(
        &mut self,
        text: &str,
        spans: &[(usize, usize)],
        mut visit: impl FnMut(usize, Option<(u32, u32)>) -> Value,
    ) {
        let mut hashes = std::mem::take(&mut self.hashes);
        hashes.clear();
        hashes.extend(
            spans
                .iter()
                .map(|&(s, e)| FxBuildHasher.hash_one(&text[s..e])),
        );
        // Load every home slot, then the entries they name: the loads of each
        // pass are independent, so the processor overlaps their cache misses;
        // the lookups below then mostly find both in cache. The xor only keeps
        // the loads alive.
        let mut touched = 0u64;
        for &h in &hashes {
            touched ^= self.index[self.home(mixed(h))];
        }
        for &h in &hashes {
            let s = self.index[self.home(mixed(h))];
            if s != VACANT {
                touched ^= u64::from(self.entries[(s as u32 - 1) as usize].meta);
            }
        }
        std::hint::black_box(touched);
        for (k, (&(s, e), &hash)) in spans.iter().zip(&hashes).enumerate() {
            let chunk = &text[s..e];
            match self.probe(chunk, hash) {
                Ok(n) => {
                    let e = &mut self.entries[n];
                    e.count = e.count.saturating_add(1);
                    visit(k, Some(e.value));
                }
                Err(slot) => {
                    let value = visit(k, None);
                    self.insert(slot, chunk, hash, value);
                }
            }
        }
        self.hashes = hashes;
    }

    /// The value of `key` alone: the stored one, or on its first sight the
    /// one `make` returns, stored. Counts one occurrence.
    pub(crate) fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> Value) -> Value {
        let hash = FxBuildHasher.hash_one(key);
        match self.probe(key, hash) {
            Ok(n) => {
                let e = &mut self.entries[n];
                e.count = e.count.saturating_add(1);
                (e.value.0, e.value.1, self.written[n])
            }
            Err(slot) => {
                let value = make();
                self.insert(slot, key, hash, value);
                value
            }
        }
    }

    /// Calls `f` with each chunk's value and number of occurrences.
    pub(super) fn for_each(&self, mut f: impl FnMut(Value, u32)) {
        for (e, &written) in self.entries.iter().zip(&self.written) {
            f((e.value.0, e.value.1, written), e.count);
        }
    }

    fn insert(&mut self, slot: usize, chunk: &str, hash: u64, value: Value) {
        let bytes = chunk.as_bytes();
        let meta = if bytes.len() > INLINE {
            self.long.push(chunk);
            u32::try_from(self.long.len() - 1)
                .ok()
                .filter(|&i| i < LONG)
                .expect("more than 2 billion long chunks")
                | LONG
        } else {
            bytes.len() as u32
        };
        let number = u32::try_from(self.entries.len() + 1)
            .ok()
            .filter(|&k| k != u32::MAX)
            .expect("more than 4 billion distinct chunks");
        // Read at random: on huge pages where the system allows, as the index.
        crate::memory::reserve(&mut self.entries, 1);
        self.entries.push(Entry {
            meta,
            count: 1,
            value: (value.0, value.1),
            head: Self::head(bytes),
        });
        self.written.push(value.2);
        self.index[slot] = (mixed(hash) >> 32) << 32 | u64::from(number);
        if self.entries.len() * 4 > self.index.len() * 3 {
            self.grow();
        }
    }

    /// Doubles the index: each slot moves to its home in the new one (from
    /// the hash bits it keeps: no entry is read) or the first free slot after.
    fn grow(&mut self) {
        let new_len = self.index.len() * 2;
        assert!(
            new_len <= 1 << 32,
            "the chunk index outgrew 32 bits of hash"
        );
        // Lookups read slots before inserts write them: written now, not left
        // on the kernel's zero page (see `crate::memory::zeroed`).
        let old = std::mem::replace(&mut self.index, crate::memory::filled(new_len, VACANT));
        self.shift -= 1;
        let mask = new_len - 1;
        // The slot's top 32 bits are the mixed hash's: its home is their top bits.
        let down = self.shift - 32;
        for s in old.into_iter().filter(|&s| s != VACANT) {
            let mut i = ((s >> 32) >> down) as usize;
            while self.index[i] != VACANT {
                i = (i + 1) & mask;
            }
            self.index[i] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Looks up the space-separated chunks of `text`, giving a new chunk the
    /// value (its first position, its length, its index); returns every
    /// chunk's first two numbers.
    fn values(cache: &mut ChunkCache, text: &str) -> Vec<(u32, u32)> {
        let mut spans = Vec::new();
        let mut at = 0;
        for w in text.split(' ') {
            spans.push((at, at + w.len()));
            at += w.len() + 1;
        }
        let mut out = Vec::new();
        cache.lookup_batch(text, &spans, |k, known| {
            let v = known.unwrap_or((spans[k].0 as u32, (spans[k].1 - spans[k].0) as u32));
            out.push(v);
            (v.0, v.1, k as u32)
        });
        out
    }

    #[test]
    fn chunks_keep_the_value_of_their_first_sight() {
        let mut c = ChunkCache::default();
        let got = values(&mut c, "داعش، داعش القاعده داعش،");
        assert_eq!(got, [(0, 10), (11, 8), (20, 14), (0, 10)]);
        assert_eq!(c.len(), 3);
        // Known in a later batch too.
        assert_eq!(values(&mut c, "القاعده"), [(20, 14)]);
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
    fn single_lookups_make_a_value_once_and_count_every_sight() {
        let mut c = ChunkCache::default();
        let mut made = 0;
        let mut get = |c: &mut ChunkCache, key: &str, v: u32| {
            c.get_or_insert_with(key, || {
                made += 1;
                (v, v + 1, v + 2)
            })
        };
        assert_eq!(get(&mut c, "داعش", 1), (1, 2, 3));
        // Known: the first value, whatever the second call would have made.
        assert_eq!(get(&mut c, "داعش", 9), (1, 2, 3));
        // A key longer than the inline head, and one that is its prefix.
        let long = "والاستراتيجياتالعسكريه";
        assert!(long.len() > INLINE);
        assert_eq!(get(&mut c, long, 4), (4, 5, 6));
        assert_eq!(get(&mut c, &long[..INLINE], 7), (7, 8, 9));
        assert_eq!(get(&mut c, long, 0), (4, 5, 6));
        // Past several growths of the index, every key keeps its value.
        for n in 0..20_000u32 {
            get(&mut c, &format!("كلمه{n}"), n);
        }
        for n in (0..20_000u32).step_by(997) {
            assert_eq!(get(&mut c, &format!("كلمه{n}"), 0), (n, n + 1, n + 2));
        }
        assert_eq!(made, 20_003);
        let mut counts = Vec::new();
        c.for_each(|v, n| counts.push((v.0, n)));
        assert_eq!(counts[..3], [(1, 2), (4, 2), (7, 1)]);
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
