//! Writing results: atomic files, MatrixMarket, SciPy `.npz`, TSV, and the
//! vector files of `tahlil vectorize` ([`write_vectors`]).
//!
//! Every output file is written to a temporary file in the same directory and
//! renamed into place when complete, so a failure (a full disk, a bad input
//! found half-way) never leaves a truncated file behind; the files of one
//! result (a matrix and its vocabulary) are staged together in an
//! [`OutputSet`] and appear all together or not at all.

mod matrix_market;
mod npz;
mod parquet;
mod set;
mod shards;
mod vectors;

pub use matrix_market::write_matrix_market;
pub use npz::{write_npy, write_npz};
pub use parquet::write_parquet;
pub use set::OutputSet;
pub use shards::{Shard, ShardWriter, MANIFEST_FORMAT};
pub use vectors::{
    stage_matrix, stage_vectors, write_meta_header, write_meta_row, write_vectors, MatrixFormat,
};

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `path` atomically: `write` fills a buffered temporary file, which
/// replaces `path` only if everything succeeded (a set of one file: see
/// [`OutputSet`] for several that belong together).
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let set = OutputSet::new();
    set.write(path, write)?;
    set.commit()
}

/// Creates `dir` (and its parents) if needed.
pub fn create_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io(dir.display(), e))
}

/// A TSV field: tabs and line breaks would break the table, so they become spaces.
pub fn tsv_field(s: &str) -> std::borrow::Cow<'_, str> {
    // memchr3 scans 16 or 32 bytes at a time: this runs once per term of a
    // vocabulary of millions.
    if memchr::memchr3(b'\t', b'\n', b'\r', s.as_bytes()).is_some() {
        s.replace(['\t', '\n', '\r'], " ").into()
    } else {
        s.into()
    }
}

/// Shortest decimal text that reads back as exactly `x`.
pub fn fmt_f64(buf: &mut ryu::Buffer, x: f64) -> &str {
    if x.is_finite() {
        let s = buf.format_finite(x);
        s.strip_suffix(".0").unwrap_or(s)
    } else {
        // Never produced by the library: every value it writes is finite.
        "nan"
    }
}

/// The text of recently formatted numbers, by a small integer key.
///
/// A column's idf depends only on its df, and most of a large vocabulary
/// shares a few df values (most terms occur in one document), so the same
/// few numbers would be formatted millions of times (in vocabulary.tsv and
/// again in model.json). The value is kept with its text, so a key that
/// meets a different value formats it afresh.
#[derive(Default)]
pub(crate) struct NumberCache {
    slots: Vec<Option<(u64, Box<[u8]>)>>,
    /// The text of a number whose key is not cached.
    scratch: Vec<u8>,
}

impl NumberCache {
    /// Keys at or above this are not cached (df can reach millions).
    const KEYS: u64 = 1 << 16;

    /// The text `format` makes of `x`, kept under `key`.
    pub(crate) fn format(
        &mut self,
        key: u64,
        x: f64,
        format: impl FnOnce(f64, &mut Vec<u8>),
    ) -> &[u8] {
        if key >= Self::KEYS {
            self.scratch.clear();
            format(x, &mut self.scratch);
            return &self.scratch;
        }
        let k = key as usize;
        if self.slots.len() <= k {
            self.slots.resize(k + 1, None);
        }
        let slot = &mut self.slots[k];
        if !matches!(slot, Some((bits, _)) if *bits == x.to_bits()) {
            let mut text = Vec::new();
            format(x, &mut text);
            *slot = Some((x.to_bits(), text.into()));
        }
        match slot {
            Some((_, text)) => text,
            None => unreachable!("slot {k} was just filled"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_cache_matches_fresh_formatting() {
        let mut c = NumberCache::default();
        let mut b = ryu::Buffer::new();
        let mut fresh = ryu::Buffer::new();
        for (key, x) in [
            (3, 1.5),
            (3, 1.5),
            (3, 2.0),
            (0, 0.1),
            (1 << 20, 7.25),
            (1 << 20, 8.5),
            (3, 1.5),
        ] {
            let text = c.format(key, x, |x, t| {
                t.extend_from_slice(fmt_f64(&mut b, x).as_bytes())
            });
            assert_eq!(text, fmt_f64(&mut fresh, x).as_bytes(), "key {key}, {x}");
        }
    }

    #[test]
    fn atomic_write_leaves_nothing_on_failure() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("out.tsv");
        write_atomic(&p, |w| w.write_all(b"old")).unwrap();
        let err = write_atomic(&p, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("out.tsv: disk full"), "{err}");
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(
            fs::read_dir(t.path()).unwrap().count(),
            1,
            "temporary file removed"
        );
    }

    #[test]
    fn floats_round_trip() {
        let mut b = ryu::Buffer::new();
        assert_eq!(fmt_f64(&mut b, 1.0), "1");
        assert_eq!(fmt_f64(&mut b, 0.1), "0.1");
        assert_eq!(fmt_f64(&mut b, 1.4054651081081644), "1.4054651081081644");
        assert_eq!(fmt_f64(&mut b, 1e-7).parse::<f64>().unwrap(), 1e-7);
    }
}
