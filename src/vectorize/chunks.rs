//! The word counter's cache: each distinct space-separated chunk of text and
//! what the pipeline made of it.
//!
//! Counting a large corpus is one lookup here per chunk of text, among
//! hundreds of thousands of chunks: far more than the fast caches hold, so the
//! time goes to waiting for memory, and what counts is how many cache lines a
//! lookup touches. A chunk's entry is half a 64-byte line holding its length,
//! its first 16 bytes (8 Arabic letters: 93% of the chunks of running text
//! with their clitics and punctuation), its value and how often it was seen;
//! only a longer chunk is compared against the rest of its text, kept aside
//! in one record that is asked for ahead with the entry. Half lines rather than
//! whole ones (with 32 bytes of text and the full hash) halve a worker's
//! table over 100 MB of text (385,000 chunks each of two workers: 12 MB
//! rather than 25), nearer what the last-level cache holds (32 MB on the
//! machine measured): 20 MB less peak memory, and counting as fast or
//! slightly faster (`tahlil vectorize`, 0.95× the wall time, median of 8
//! alternating runs). The counts weigh each chunk's written
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
//! [`ChunkCache::lookup_batch`] asks for the home slot and the entry of the
//! chunks a few places ahead of the one it looks up, with prefetch hints,
//! so that their cache misses overlap each other and the lookups between.
//! (Before, it loaded them in two passes over the document: the loads made
//! the processor wait where a hint does not; a Python `fit_transform` of
//! 100 MB took 0.94 times the wall time, 0.97 run after another process,
//! medians of 6 alternating pairs.) A chunk's hash is made from the 16 bytes
//! its entry keeps (read in one load) and its length, with one
//! multiplication; only a longer chunk's other bytes add more.

/// The chunks of `text` between spaces, as byte ranges, into `out` (emptied
/// first). memchr finds the spaces 16 or 32 bytes at a time. (Finding them
/// eight at a time as the bits of a word took as long: most of the time is
/// the first read of the document's bytes, perf.)
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

/// How many chunks ahead of the one looked up [`ChunkCache::lookup_batch`]
/// asks for a home slot, the entry it names, and a long chunk's rest:
/// each stage reads what the one before asked for several lookups earlier.
const SLOT_AHEAD: usize = 16;
const ENTRY_AHEAD: usize = 8;
const REST_AHEAD: usize = 4;

/// Bytes of a chunk kept in its entry.
const INLINE: usize = 16;

/// What the cache keeps for a chunk: two numbers for the caller's words and
/// one for the written forms of its words.
pub(crate) type Value = (u32, u32, u32);

/// `Entry::meta` of a chunk longer than [`INLINE`]: the flag, and below it
/// where the rest of the chunk is in `ChunkCache::long`, in 4-byte units.
const LONG: u32 = 1 << 31;

/// One chunk: half a cache line, so that two workers' tables of a few
/// hundred thousand chunks stay in the processor's last-level cache.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Entry {
    /// The chunk's length in bytes (at most [`INLINE`]), or [`LONG`] | where
    /// the rest of it is in `ChunkCache::long`.
    meta: u32,
    /// Occurrences of the chunk so far.
    count: u32,
    value: (u32, u32),
    /// The chunk's first [`INLINE`] bytes, zero-padded.
    head: [u8; INLINE],
}

/// An empty slot of the index (an occupied one holds an entry number + 1).
const VACANT: u64 = 0;

/// What a lookup needs of a chunk, made once: its first [`INLINE`] bytes,
/// zero-padded, and its hash, already [`mixed`] (the index's slot and tag
/// are taken from it up to three times a lookup).
#[derive(Debug, Clone, Copy)]
struct Key {
    head: [u8; INLINE],
    hash: u64,
}

/// Odd constants with no pattern (the first digits of pi): no chunk of
/// UTF-8 text has a first 8 bytes equal to the first, which is not UTF-8.
const SEEDS: [u64; 3] = [
    0x243F_6A88_85A3_08D3,
    0x1319_8A2E_0370_7344,
    0xA409_3822_299F_31D0,
];

/// The two halves of the full product of `a` and `b`, xored: every bit of
/// each input moves many bits of the result (wyhash's mixer).
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ (p >> 64) as u64
}

/// Two little-endian words of up to 16 bytes, zero-padded.
#[inline(always)]
fn words(bytes: &[u8]) -> (u64, u64) {
    let mut b = [0u8; 16];
    b[..bytes.len()].copy_from_slice(bytes);
    (
        u64::from_le_bytes(b[..8].try_into().unwrap_or_default()),
        u64::from_le_bytes(b[8..].try_into().unwrap_or_default()),
    )
}

impl Key {
    /// The key of `bytes`.
    #[inline(always)]
    fn of(bytes: &[u8]) -> Key {
        let n = bytes.len().min(INLINE);
        let mut head = [0; INLINE];
        head[..n].copy_from_slice(&bytes[..n]);
        Key::with_head(head, bytes)
    }

    /// The key of `text[s..e]`. The head is one 16-byte load, masked, when
    /// the text goes on that far (all but its last chunk or two): a chunk's
    /// length varies, and a copy of a varying length is a call to `memcpy`.
    #[inline(always)]
    fn in_text(text: &[u8], s: usize, e: usize) -> Key {
        let Some(window) = text.get(s..s + INLINE) else {
            return Key::of(&text[s..e]);
        };
        let len = e - s;
        let word = u128::from_le_bytes(window.try_into().unwrap_or_default());
        let keep = if len >= INLINE {
            u128::MAX
        } else {
            (1u128 << (8 * len)) - 1
        };
        Key::with_head((word & keep).to_le_bytes(), &text[s..e])
    }

    /// The key of `bytes`, whose head is `head`. A chunk of at most
    /// [`INLINE`] bytes is hashed from its head and length alone, with one
    /// multiplication; a longer one, 16 bytes at a time.
    #[inline(always)]
    fn with_head(head: [u8; INLINE], bytes: &[u8]) -> Key {
        let (lo, hi) = words(&head);
        let mut hash = fold(lo ^ SEEDS[0], hi ^ SEEDS[1] ^ bytes.len() as u64);
        if bytes.len() > INLINE {
            for block in bytes[INLINE..].chunks(16) {
                let (a, b) = words(block);
                hash = fold(a ^ hash ^ SEEDS[2], b ^ SEEDS[0]);
            }
        }
        Key {
            head,
            hash: mixed(hash),
        }
    }
}

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
    /// The chunks longer than [`INLINE`], each a record of its length (4
    /// bytes) and its bytes after the head, padded to 4 bytes: one place to
    /// read, which a lookup asks for ahead as it does the entry (see
    /// [`ChunkCache::lookup_batch`]).
    long: Vec<u8>,
    keys: Vec<Key>,
}

impl Default for ChunkCache {
    fn default() -> Self {
        let slots: usize = 1 << 12;
        ChunkCache {
            index: crate::memory::filled(slots, VACANT),
            shift: 64 - slots.trailing_zeros(),
            entries: Vec::new(),
            written: Vec::new(),
            long: Vec::new(),
            keys: Vec::new(),
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

    /// The entry number of `chunk`, or the empty slot where it would go.
    // Always inlined: the counting loop's hot path, and no longer the only caller.
    #[inline(always)]
    fn probe(&self, bytes: &[u8], key: Key) -> Result<usize, usize> {
        let mask = self.index.len() - 1;
        let head = key.head;
        // A short chunk's entry has its exact length; a long one's, LONG and
        // its record's place, which no length of at most INLINE bytes equals.
        let short = bytes.len() <= INLINE;
        let m = key.hash;
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
                        e.meta & LONG != 0 && self.rest(e.meta, bytes.len()) == &bytes[INLINE..]
                    }
                {
                    return Ok(k);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Where the record of the long chunk with `meta` is in `long`.
    #[inline]
    fn record(meta: u32) -> usize {
        (meta & !LONG) as usize * 4
    }

    /// The bytes after the head of the long chunk with `meta`, if its length
    /// is `len` (else none: an empty slice, which no tail of a long chunk is).
    #[inline]
    fn rest(&self, meta: u32, len: usize) -> &[u8] {
        long_rest(&self.long, meta, len)
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
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        let bytes = text.as_bytes();
        keys.extend(spans.iter().map(|&(s, e)| Key::in_text(bytes, s, e)));
        // A software pipeline: while chunk k is looked up, the home slot of
        // chunk k + SLOT_AHEAD is asked for, the entry that slot names for
        // chunk k + ENTRY_AHEAD, and a long chunk's record for k + REST_AHEAD,
        // each read from cache by then. Hints never wait, so the misses hide
        // behind the lookups between them.
        for key in keys.iter().take(SLOT_AHEAD) {
            crate::memory::prefetch(&self.index[self.home(key.hash)..]);
        }
        for key in keys.iter().take(ENTRY_AHEAD) {
            self.prefetch_entry(key);
        }
        for (k, (&(s, e), &key)) in spans.iter().zip(&keys).enumerate() {
            if let Some(ahead) = keys.get(k + SLOT_AHEAD) {
                crate::memory::prefetch(&self.index[self.home(ahead.hash)..]);
            }
            if let Some(ahead) = keys.get(k + ENTRY_AHEAD) {
                self.prefetch_entry(ahead);
            }
            // Only a long chunk has a rest; its length is known without a
            // load (reading the entry here waited for memory, for every chunk).
            if let Some(&(s, e)) = spans.get(k + REST_AHEAD) {
                if e - s > INLINE {
                    self.prefetch_rest(&keys[k + REST_AHEAD]);
                }
            }
            let chunk = &bytes[s..e];
            match self.probe(chunk, key) {
                Ok(n) => {
                    let e = &mut self.entries[n];
                    e.count = e.count.saturating_add(1);
                    visit(k, Some(e.value));
                }
                Err(slot) => {
                    let value = visit(k, None);
                    self.insert(slot, chunk, key, value);
                }
            }
        }
        self.keys = keys;
    }

    /// Hints the entry the home slot of `key` names (see [`ChunkCache::lookup_batch`]).
    #[inline(always)]
    fn prefetch_entry(&self, key: &Key) {
        let s = self.index[self.home(key.hash)];
        if s != VACANT {
            crate::memory::prefetch(&self.entries[(s as u32 - 1) as usize..]);
        }
    }

    /// Hints the rest of the long chunk the home slot of `key` names.
    #[inline(always)]
    fn prefetch_rest(&self, key: &Key) {
        let s = self.index[self.home(key.hash)];
        if s != VACANT {
            let meta = self.entries[(s as u32 - 1) as usize].meta;
            if meta & LONG != 0 {
                crate::memory::prefetch(&self.long[Self::record(meta)..]);
            }
        }
    }

    /// Calls `f` with each chunk's value and number of occurrences.
    pub(super) fn for_each(&self, mut f: impl FnMut(Value, u32)) {
        for (e, &written) in self.entries.iter().zip(&self.written) {
            f((e.value.0, e.value.1, written), e.count);
        }
    }

    fn insert(&mut self, slot: usize, bytes: &[u8], key: Key, value: Value) {
        let meta = if bytes.len() > INLINE {
            push_long(&mut self.long, bytes)
        } else {
            bytes.len() as u32
        };
        let number = u32::try_from(self.entries.len() + 1)
            .ok()
            .filter(|&k| k != u32::MAX)
            .expect("more than 4 billion distinct chunks");
        self.entries.push(Entry {
            meta,
            count: 1,
            value: (value.0, value.1),
            head: key.head,
        });
        self.written.push(value.2);
        self.index[slot] = (key.hash >> 32) << 32 | u64::from(number);
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
        // on the kernel's zero page (see `crate::memory::filled`).
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

/// Keeps what follows the head of `bytes` (longer than [`INLINE`]) in
/// `long`, as one record: its length (4 bytes), then those bytes, padded to
/// 4 bytes. Returns the meta of its entry: [`LONG`] | where the record is,
/// in 4-byte units.
fn push_long(long: &mut Vec<u8>, bytes: &[u8]) -> u32 {
    let at = u32::try_from(long.len() / 4)
        .ok()
        .filter(|&i| i < LONG)
        .expect("more than 8 GB of long chunks");
    let len = u32::try_from(bytes.len()).expect("a chunk shorter than 4 GB");
    long.extend_from_slice(&len.to_le_bytes());
    long.extend_from_slice(&bytes[INLINE..]);
    long.resize(long.len().next_multiple_of(4), 0);
    at | LONG
}

/// The length and the bytes after the head of the long key with `meta`.
#[inline]
fn long_record(long: &[u8], meta: u32) -> (usize, &[u8]) {
    let at = ChunkCache::record(meta);
    let len: [u8; 4] = long[at..at + 4].try_into().unwrap_or_default();
    let len = u32::from_le_bytes(len) as usize;
    (len, &long[at + 4..at + 4 + len - INLINE])
}

/// The bytes after the head of the long key with `meta`, if its length is
/// `len` (else an empty slice, which no long key's rest is).
#[inline]
fn long_rest(long: &[u8], meta: u32, len: usize) -> &[u8] {
    match long_record(long, meta) {
        (n, rest) if n == len => rest,
        _ => &[],
    }
}

/// Token text → [`Value`], for the tokens of new chunks (the word counter's
/// second cache, in `ngrams.rs`): each entry lives in its slot of the table, so a lookup reads one cache line, where [`ChunkCache`] reads its
/// index, then the entry, then the third value. Chunks are looked up far
/// more often and ahead of time, and keep the index for a smaller table and
/// cheaper growth; a token is looked up only when a chunk is new, with
/// nothing to look ahead at, so it waits for every line it reads: with two
/// workers over 100 MB (about 400,000 such lookups each), 13% of a worker's
/// time was spent in these lookups, and a Python `fit_transform` of 100 MB
/// took 0.98 times the wall time with this table (median of 8 alternating
/// pairs).
///
/// Open addressing with linear probing, at most 3/4 full; a token longer than
/// [`INLINE`] bytes keeps the rest aside, in a record as `ChunkCache` does.
#[derive(Debug)]
pub(crate) struct TokenCache {
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`.
    shift: u32,
    len: usize,
    long: Vec<u8>,
}

/// One token: its length (or [`LONG`] | its record), its value and its head.
/// An empty slot has length 0, which no token has.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    meta: u32,
    value: Value,
    head: [u8; INLINE],
}

const EMPTY: Slot = Slot {
    meta: 0,
    value: (0, 0, 0),
    head: [0; INLINE],
};

impl Default for TokenCache {
    fn default() -> Self {
        let n: usize = 1 << 12;
        TokenCache {
            slots: crate::memory::filled(n, EMPTY),
            shift: 64 - n.trailing_zeros(),
            len: 0,
            long: Vec::new(),
        }
    }
}

impl TokenCache {
    /// The value of `token`: the stored one, or on its first sight the one
    /// `make` returns, stored.
    pub(crate) fn get_or_insert_with(
        &mut self,
        token: &str,
        make: impl FnOnce() -> Value,
    ) -> Value {
        debug_assert!(!token.is_empty());
        let bytes = token.as_bytes();
        let key = Key::of(bytes);
        let short = bytes.len() <= INLINE;
        let mask = self.slots.len() - 1;
        let mut i = (key.hash >> self.shift) as usize;
        loop {
            let s = &self.slots[i];
            if s.meta == 0 {
                break;
            }
            if s.head == key.head
                && if short {
                    s.meta as usize == bytes.len()
                } else {
                    s.meta & LONG != 0
                        && long_rest(&self.long, s.meta, bytes.len()) == &bytes[INLINE..]
                }
            {
                return s.value;
            }
            i = (i + 1) & mask;
        }
        let value = make();
        let meta = if short {
            bytes.len() as u32
        } else {
            push_long(&mut self.long, bytes)
        };
        self.slots[i] = Slot {
            meta,
            value,
            head: key.head,
        };
        self.len += 1;
        if self.len * 4 > self.slots.len() * 3 {
            self.grow();
        }
        value
    }

    /// Doubles the table; each token's hash is made again from its bytes
    /// (slots have no room for it, and growing is rare).
    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, crate::memory::filled(n, EMPTY));
        self.shift -= 1;
        let mask = n - 1;
        let mut bytes = Vec::new();
        for s in old.into_iter().filter(|s| s.meta != 0) {
            bytes.clear();
            if s.meta & LONG == 0 {
                bytes.extend_from_slice(&s.head[..s.meta as usize]);
            } else {
                bytes.extend_from_slice(&s.head);
                bytes.extend_from_slice(long_record(&self.long, s.meta).1);
            }
            let mut i = (Key::of(&bytes).hash >> self.shift) as usize;
            while self.slots[i].meta != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_the_non_empty_pieces_between_spaces() {
        // Every space position against every 8-byte boundary, runs of
        // spaces, spaces at both ends, bytes with the space's low bits
        // (0xA0 in UTF-8 Arabic, 0x60 '`', 0x00) and no space at all.
        let mut texts: Vec<String> = vec![
            String::new(),
            " ".into(),
            "   ".into(),
            "داعش".into(),
            " القاعدة  في   العراق ".into(),
            "a`b\0c\u{a0}d`\u{2060}e".into(),
        ];
        for len in 0..40 {
            for at in 0..len {
                let mut t: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                t[at] = b' ';
                texts.push(String::from_utf8(t.clone()).unwrap());
                if at + 1 < len {
                    t[at + 1] = b' ';
                    texts.push(String::from_utf8(t).unwrap());
                }
            }
        }
        texts.push("في سوريا والعراق ".repeat(50));
        let mut out = Vec::new();
        for t in &texts {
            spans(t, &mut out);
            let got: Vec<&str> = out.iter().map(|&(s, e)| &t[s..e]).collect();
            let want: Vec<&str> = t.split(' ').filter(|p| !p.is_empty()).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

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
    fn tokens_keep_the_value_of_their_first_sight_past_growth() {
        let mut c = TokenCache::default();
        let mut made = 0;
        let mut get = |c: &mut TokenCache, key: &str, v: u32| {
            c.get_or_insert_with(key, || {
                made += 1;
                (v, v + 1, v + 2)
            })
        };
        assert_eq!(get(&mut c, "داعش", 1), (1, 2, 3));
        assert_eq!(get(&mut c, "داعش", 9), (1, 2, 3));
        // Long tokens that share their head, and a head alone.
        let long = "والاستراتيجياتالعسكريه";
        let other = "والاستراتيجياتالعسكريين";
        assert!(long.len() > INLINE && long.as_bytes()[..INLINE] == other.as_bytes()[..INLINE]);
        assert_eq!(get(&mut c, long, 4), (4, 5, 6));
        assert_eq!(get(&mut c, other, 5), (5, 6, 7));
        assert_eq!(get(&mut c, &long[..INLINE], 7), (7, 8, 9));
        for n in 0..20_000u32 {
            get(&mut c, &format!("كلمه{n}"), n);
            get(&mut c, &format!("{long}{n}"), n + 1);
        }
        for n in (0..20_000u32).step_by(997) {
            assert_eq!(get(&mut c, &format!("كلمه{n}"), 0), (n, n + 1, n + 2));
            assert_eq!(get(&mut c, &format!("{long}{n}"), 0), (n + 1, n + 2, n + 3));
        }
        assert_eq!(get(&mut c, long, 0), (4, 5, 6));
        assert_eq!(get(&mut c, other, 0), (5, 6, 7));
        assert_eq!(made, 40_004);
    }

    /// The key of a chunk read in place from its text (a 16-byte window,
    /// masked) is the key of the chunk alone, up to the text's last bytes.
    #[test]
    fn a_chunk_has_one_key_wherever_it_lies() {
        let text = "داعش، و القاعده والاستراتيجياتوالاستراتيجيات_العسكريه ab داعش";
        let mut at = Vec::new();
        spans(text, &mut at);
        assert_eq!(at.len(), 6);
        let mut hashes = Vec::new();
        for &(s, e) in &at {
            let (a, b) = (
                Key::in_text(text.as_bytes(), s, e),
                Key::of(&text.as_bytes()[s..e]),
            );
            assert_eq!((a.head, a.hash), (b.head, b.hash), "{}", &text[s..e]);
            hashes.push(a.hash);
        }
        // Six chunks, six hashes (داعش، with its comma is another chunk).
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), 6);
        // Long chunks of one length and head that differ in the middle or at the end.
        let a = Key::of("والاستراتيجياتوالاستراتيجيات_العسكريه".as_bytes());
        let b = Key::of("والاستراتيجياتيالاستراتيجيات_العسكريه".as_bytes());
        let c = Key::of("والاستراتيجياتوالاستراتيجيات_العسكريى".as_bytes());
        assert_eq!((a.head, a.head), (b.head, c.head));
        assert!(a.hash != b.hash && a.hash != c.hash && b.hash != c.hash);
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
