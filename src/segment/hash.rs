// The word list's hash, shared by build.rs (which lays the table out) and the
// segmenter (which looks words up in it): both `include!` this file, so the two can
// never disagree.

/// Buckets of the word list's table: the top `BUCKET_BITS` bits of a word's hash.
pub const BUCKET_BITS: u32 = 16;

/// A 64-bit hash of the concatenation of `parts` (FNV reads bytes one at a time, so
/// a word in pieces hashes as the whole word: no copy is needed to look one up),
/// then MurmurHash3's finalizer to spread FNV's weak high bits, which pick the
/// bucket.
pub fn word_hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut h = FNV_START;
    for part in parts {
        h = fnv(h, part);
    }
    finish(h)
}

/// FNV's state before any byte.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV's state `h` after `bytes` more: a state after a word's first part is
/// kept to hash it with each of several endings.
#[inline]
pub fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hash of a word whose bytes left FNV in state `h`.
#[inline]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}
