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
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}
