//! SciPy's sparse `.npz` format, as written by `scipy.sparse.save_npz`.
//!
//! An uncompressed ZIP archive of five `.npy` arrays: `indices`, `indptr`,
//! `format` (`b'csr'`), `shape` and `data`. `scipy.sparse.load_npz` opens it
//! as a `csr_matrix`.

use std::io::{self, Write};

use ndarray::ArrayView2;

use crate::vectorize::TfidfMatrix;

/// Writes `m` as a SciPy CSR `.npz` archive.
pub fn write_npz(m: &TfidfMatrix, w: &mut dyn Write) -> io::Result<()> {
    let indptr = m.indptr();
    let indptr = indptr.raw_storage();
    // int32 as SciPy uses when it fits, int64 otherwise.
    let wide = m.nnz() > i32::MAX as usize || m.cols() > i32::MAX as usize;
    let ints = |values: &mut dyn Iterator<Item = usize>| -> Vec<u8> {
        let mut v = Vec::new();
        if wide {
            values.for_each(|x| v.extend_from_slice(&(x as i64).to_le_bytes()));
        } else {
            values.for_each(|x| v.extend_from_slice(&(x as i32).to_le_bytes()));
        }
        v
    };
    let int_descr = if wide { "<i8" } else { "<i4" };
    // The two large arrays go out as they are in memory where that is already
    // the .npy layout (little-endian, column ids below 2^31): no copy.
    let indices_owned;
    let indices: &[u8] = if cfg!(target_endian = "little") && !wide {
        bytemuck::cast_slice(m.indices())
    } else {
        indices_owned = ints(&mut m.indices().iter().map(|&i| i as usize));
        &indices_owned
    };
    let data_owned;
    let data: &[u8] = if cfg!(target_endian = "little") {
        bytemuck::cast_slice(m.data())
    } else {
        data_owned = m
            .data()
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect::<Vec<u8>>();
        &data_owned
    };
    let indptr = ints(&mut indptr.iter().copied());
    let mut shape = Vec::new();
    shape.extend_from_slice(&(m.rows() as i64).to_le_bytes());
    shape.extend_from_slice(&(m.cols() as i64).to_le_bytes());
    let mut zip = ZipWriter::new(w);
    let n = m.nnz();
    let rows = m.rows() + 1;
    zip.add(
        "indices.npy",
        &[&npy_header(int_descr, &format!("({n},)")), indices],
    )?;
    zip.add(
        "indptr.npy",
        &[&npy_header(int_descr, &format!("({rows},)")), &indptr],
    )?;
    zip.add("format.npy", &[&npy_header("|S3", "()"), b"csr".as_slice()])?;
    zip.add("shape.npy", &[&npy_header("<i8", "(2,)"), &shape])?;
    zip.add("data.npy", &[&npy_header("<f8", &format!("({n},)")), data])?;
    zip.finish()
}

/// Writes `m` as a NumPy `.npy` file (float64, C order): `numpy.load` reads it
/// back as the same matrix.
pub fn write_npy(m: ArrayView2<f64>, w: &mut dyn Write) -> io::Result<()> {
    let (rows, cols) = m.dim();
    w.write_all(&npy_header("<f8", &format!("({rows}, {cols})")))?;
    for x in m.iter() {
        w.write_all(&x.to_le_bytes())?;
    }
    Ok(())
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

    /// Adds an entry whose content is the concatenation of `parts`.
    fn add(&mut self, name: &str, parts: &[&[u8]]) -> io::Result<()> {
        let too_big = || {
            io::Error::other(
                "the matrix is too large for a .npz without ZIP64; use `matrix_format` mtx",
            )
        };
        let total: usize = parts.iter().map(|p| p.len()).sum();
        let size = u32::try_from(total).map_err(|_| too_big())?;
        let offset = u32::try_from(self.offset).map_err(|_| too_big())?;
        let mut hasher = crc32fast::Hasher::new();
        parts.iter().for_each(|p| hasher.update(p));
        let crc = hasher.finalize();
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
        for p in parts {
            self.w.write_all(p)?;
        }

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
        self.offset += local.len() as u64 + total as u64;
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
    fn npy_of_a_matrix_is_header_then_rows() {
        let m = ndarray::array![[1.0, 0.5], [0.25, 2.0]];
        let mut out = Vec::new();
        write_npy(m.view(), &mut out).unwrap();
        assert_eq!(out.len(), 128 + 4 * 8);
        let header = std::str::from_utf8(&out[10..128]).unwrap();
        assert!(header.starts_with("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }"));
        let values: Vec<f64> = out[128..]
            .chunks(8)
            .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
            .collect();
        assert_eq!(values, [1.0, 0.5, 0.25, 2.0]);
    }

    #[test]
    fn npy_header_is_64_byte_aligned() {
        let h = npy_header("<f8", "(12,)");
        assert_eq!(h.len() % 64, 0);
        assert!(h.starts_with(b"\x93NUMPY\x01\x00"));
        assert_eq!(*h.last().unwrap(), b'\n');
    }
}
