//! The segmenter's word list: half a million Arabic words with how often each
//! is written, from wordfreq (CC BY-SA 4.0; see `make_lexicon.py` and the README),
//! kept as `lexicon-ar.txt.gz`.
//!
//! Words are keyed as the segmenter sees them: diacritics and tatweel gone,
//! أ إ آ ٱ folded to ا and ک ی ھ to ك ي ه, but ة and ى kept apart from ه and ي.
//! `build.rs` lays the list out as a static hash table embedded in the binary:
//! a word's 64-bit hash picks a bucket (its top 16 bits), and the bucket holds,
//! sorted, one 64-bit entry per word: the hash's other 48 bits and the word's
//! frequency. About eight words share a bucket, so a lookup reads the bucket's
//! start and one cache line of entries. Two words never share a hash (the
//! build checks); a word outside the list matches one with odds of about one in
//! ten trillion.

mod hash {
    include!("hash.rs");
}

use hash::{finish, fnv, word_hash, BUCKET_BITS, FNV_START};

/// The table: bucket starts (u32 LE, `2^BUCKET_BITS + 1`), then entries (u64 LE:
/// 48 bits of hash, then centibels, `-100 log10(share of all words)`, in 16).
static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon-ar.bin"));

/// Frequency of a word the list does not have.
pub(super) const UNSEEN: f64 = 0.0;

/// The word list, with frequencies as shares of all words.
#[derive(Clone)]
pub(super) struct Lexicon {
    starts: &'static [u8],
    entries: &'static [u8],
    /// `10^(-cB/100)` for every centibel value in the list.
    shares: Box<[f64]>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lexicon({} words)", self.len())
    }
}

#[inline]
fn u32_at(bytes: &[u8], i: usize) -> u32 {
    let b: [u8; 4] = bytes[4 * i..4 * i + 4].try_into().unwrap_or_default();
    u32::from_le_bytes(b)
}

#[inline]
fn u64_at(bytes: &[u8], i: usize) -> u64 {
    let b: [u8; 8] = bytes[8 * i..8 * i + 8].try_into().unwrap_or_default();
    u64::from_le_bytes(b)
}

impl Lexicon {
    /// The embedded list.
    pub(super) fn embedded() -> Self {
        let buckets = 1usize << BUCKET_BITS;
        let (starts, entries) = TABLE.split_at(4 * (buckets + 1));
        // build.rs wrote the table: a wrong size is a build bug.
        assert_eq!(
            entries.len(),
            8 * u32_at(starts, buckets) as usize,
            "lexicon-ar.bin: sizes disagree"
        );
        let shares = (0..=1200u16)
            .map(|cb| 10f64.powf(-f64::from(cb) / 100.0))
            .collect();
        Lexicon {
            starts,
            entries,
            shares,
        }
    }

    /// Number of words.
    pub(super) fn len(&self) -> usize {
        self.entries.len() / 8
    }

    /// The share of all written words that are the concatenation of `parts`
    /// ([`UNSEEN`] if none).
    #[inline]
    pub(super) fn share(&self, parts: &[&str]) -> f64 {
        self.share_of(word_hash(parts.iter().map(|p| p.as_bytes())))
    }

    /// The sum, in order, of the shares of each `before[i] + key`.
    pub(super) fn share_sum_before<const N: usize>(&self, before: &[&str; N], key: &str) -> f64 {
        self.share_sum(before.map(|x| word_hash([x.as_bytes(), key.as_bytes()])))
    }

    /// The sum, in order, of the shares of each `key + after[i]`: `key` is
    /// hashed once, and each ending from there.
    pub(super) fn share_sum_after<const N: usize>(&self, key: &str, after: &[&str; N]) -> f64 {
        let h = fnv(FNV_START, key.as_bytes());
        self.share_sum(after.map(|y| finish(fnv(h, y.as_bytes()))))
    }

    /// The sum, in order, of the shares of the words hashed `hashes`. The
    /// lookups are independent, so their buckets are asked for all at once
    /// first: each is a cache miss in a table of MBs, and these sums made
    /// most of the segmenter's misses (perf), one after another.
    fn share_sum<const N: usize>(&self, hashes: [u64; N]) -> f64 {
        let spans = hashes.map(|h| {
            let span = self.bucket(h);
            if let Some(first) = self.entries.get(8 * span.0..) {
                crate::memory::prefetch(first);
            }
            span
        });
        hashes
            .iter()
            .zip(spans)
            .map(|(&h, span)| self.find(h, span))
            .sum()
    }

    /// The share of the word hashed `h`.
    #[inline]
    fn share_of(&self, h: u64) -> f64 {
        self.find(h, self.bucket(h))
    }

    /// Where the entries of `h`'s bucket lie.
    #[inline]
    fn bucket(&self, h: u64) -> (usize, usize) {
        let bucket = (h >> (64 - BUCKET_BITS)) as usize;
        (
            u32_at(self.starts, bucket) as usize,
            u32_at(self.starts, bucket + 1) as usize,
        )
    }

    /// The share of the word hashed `h`, among the entries `start..end` of its bucket.
    #[inline]
    fn find(&self, h: u64, (start, end): (usize, usize)) -> f64 {
        let rest = h << BUCKET_BITS >> 16;
        for i in start..end {
            let e = u64_at(self.entries, i);
            if e >> 16 == rest {
                return self
                    .shares
                    .get(e as u16 as usize)
                    .copied()
                    .unwrap_or(UNSEEN);
            }
            if e >> 16 > rest {
                break;
            }
        }
        UNSEEN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_words_with_and_without_clitics() {
        let l = Lexicon::embedded();
        assert!(l.len() > 500_000, "{}", l.len());
        let share = |w: &str| l.share(&[w]);
        // The host is far more frequent than the word with و attached.
        assert!(share("العراق") > 5.0 * share("والعراق"));
        assert!(share("والعراق") > 0.0);
        // ة and ى are kept apart from ه and ي: the noun is not its ه-spelling.
        assert!(share("مدينة") > 10.0 * share("مدينه"));
        // Every word of the text file is found with its own frequency.
        // The plain list build.rs decoded from lexicon-ar.txt.gz.
        let text = include_str!(concat!(env!("OUT_DIR"), "/lexicon-ar.txt"));
        for line in text.lines().step_by(997) {
            let (word, cb) = line.split_once('\t').unwrap();
            let cb: i32 = cb.parse().unwrap();
            let want = 10f64.powf(-f64::from(cb) / 100.0);
            assert_eq!(share(word), want, "{word}");
        }
        // Keys fold alef with hamza: there is no أ in the list.
        assert_eq!(share("أن"), UNSEEN);
        assert!(share("ان") > 1e-3);
        // Parts are looked up as the word they make.
        assert_eq!(l.share(&["وال", "", "عراق"]), share("والعراق"));
        assert_eq!(share("not arabic"), UNSEEN);
    }
}
