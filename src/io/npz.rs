//! SciPy's sparse `.npz` format, as written by `scipy.sparse.save_npz`.
//!
//! An uncompressed ZIP archive of five `.npy` arrays: `indices`, `indptr`,
//! `format` (`b'csr'`), `shape` and `data`. `scipy.sparse.load_npz` opens it
//! as a `csr_matrix`.

use std::io::{self, Write};

use crate::vectorize::TfidfMatrix;

/// Writes `m` as a SciPy CSR `.npz` archive.
pub fn write_npz(m: &TfidfMatrix, w: &mut dyn Write) -> io::Result<()> {
    let indptr = m.indptr();
    let indptr = indptr.raw_storage();
    // int32 as SciPy uses when it fits, int64 otherwise.
    let wide = m.nnz() > i32::MAX as usize || m.cols() > i32::MAX as usize;
    let int_array = |values: &mut dyn Iterator<Item = usize>, n: usize| -> Vec<u8> {
        if wide {
            let mut v = npy_header("<i8", &format!("({n},)"));
            values.for_each(|x| v.extend_from_slice(&(x as i64).to_le_bytes()));
            v
        } else {
            let mut v = npy_header("<i4", &format!("({n},)"));
            values.for_each(|x| v.extend_from_slice(&(x as i32).to_le_bytes()));
            v
        }
    };
    let indices = int_array(&mut m.indices().iter().map(|&i| i as usize), m.nnz());
    let indptr = int_array(&mut indptr.iter().copied(), indptr.len());
    let mut format = npy_header("|S3", "()");
    format.extend_from_slice(b"csr");
    let mut shape = npy_header("<i8", "(2,)");
    shape.extend_from_slice(&(m.rows() as i64).to_le_bytes());
    shape.extend_from_slice(&(m.cols() as i64).to_le_bytes());
    let mut data = npy_header("<f8", &format!("({},)", m.nnz()));
    for x in m.data() {
        data.extend_from_slice(&x.to_le_bytes());
    }
    let mut zip = ZipWriter::new(w);
    zip.add("indices.npy", &indices)?;
    zip.add("indptr.npy", &indptr)?;
    zip.add("format.npy", &format)?;
    zip.add("shape.npy", &shape)?;
    zip.add("data.npy", &data)?;
    zip.finish()
}

/// NPY format 1.0 header, padded so the data starts on a 64-byte boundary.
fn npy_header(descr: &str, shape: &str) -> Vec<u8> {
    let mut dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    let unpadded = 10 + dict.len() + 1;
    dict.push_str(&" ".repeat((64 - unpadded % 64) % 64));
    dict.push('\n');
    let mut v = b"\x93NUMPY\x01\x00".to_vec();
    v.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    v.extend_from_slice(dict.as_bytes());
    v
}

/// A minimal ZIP writer: stored (uncompressed) entries, no ZIP64 (each
/// archive must stay under 4 GiB, checked).
struct ZipWriter<'a> {
    w: &'a mut dyn Write,
    offset: u64,
    central: Vec<u8>,
    entries: u16,
}

impl<'a> ZipWriter<'a> {
    fn new(w: &'a mut dyn Write) -> Self {
        ZipWriter {
            w,
            offset: 0,
            central: Vec::new(),
            entries: 0,
        }
    }

    fn add(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let too_big = || {
            io::Error::other(
                "the matrix is too large for a .npz without ZIP64; use --matrix-format mtx",
            )
        };
        let size = u32::try_from(bytes.len()).map_err(|_| too_big())?;
        let offset = u32::try_from(self.offset).map_err(|_| too_big())?;
        let crc = crc32fast::hash(bytes);
        // DOS date 1980-01-01 00:00: fixed, so the archive is byte-identical run to run.
        let (time, date) = (0u16, (1 << 5) | 1u16);
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 0, 0, time, date] {
            local.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            local.extend_from_slice(&v.to_le_bytes());
        }
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes());
        local.extend_from_slice(name.as_bytes());
        self.w.write_all(&local)?;
        self.w.write_all(bytes)?;

        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 0, 0, time, date] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            c.extend_from_slice(&v.to_le_bytes());
        }
        c.extend_from_slice(&0u32.to_le_bytes());
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        self.offset += local.len() as u64 + bytes.len() as u64;
        self.entries += 1;
        Ok(())
    }

    fn finish(self) -> io::Result<()> {
        let offset = u32::try_from(self.offset)
            .map_err(|_| io::Error::other("the matrix is too large for a .npz without ZIP64"))?;
        self.w.write_all(&self.central)?;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.entries, self.entries] {
            end.extend_from_slice(&v.to_le_bytes());
        }
        end.extend_from_slice(&(self.central.len() as u32).to_le_bytes());
        end.extend_from_slice(&offset.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.w.write_all(&end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npy_header_is_64_byte_aligned() {
        let h = npy_header("<f8", "(12,)");
        assert_eq!(h.len() % 64, 0);
        assert!(h.starts_with(b"\x93NUMPY\x01\x00"));
        assert_eq!(*h.last().unwrap(), b'\n');
    }
}
