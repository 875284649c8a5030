//! MatrixMarket coordinate format, as read by `scipy.io.mmread` and R's `Matrix::readMM`.

use std::io::{self, Write};

use rayon::prelude::*;

use super::fmt_f64;
use crate::vectorize::TfidfMatrix;

/// Writes `m` as `%%MatrixMarket matrix coordinate real general`, 1-based,
/// row by row. Values are written in their shortest exact decimal form, so
/// reading the file back gives the same `f64`s.
pub fn write_matrix_market(m: &TfidfMatrix, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "%%MatrixMarket matrix coordinate real general")?;
    writeln!(
        w,
        "% rows: documents (documents.tsv), columns: terms (vocabulary.tsv); written by tahlil"
    )?;
    writeln!(w, "{} {} {}", m.rows(), m.cols(), m.nnz())?;
    let indptr = m.indptr();
    let indptr = indptr.raw_storage();
    let (indices, data) = (m.indices(), m.data());
    // Formatting dominates: format blocks of rows in parallel, write them in order.
    let rows: Vec<usize> = (0..m.rows()).collect();
    for block in rows.chunks(1 << 16) {
        let parts: Vec<Vec<u8>> = block
            .par_chunks(1024)
            .map(|rows| {
                let mut out = Vec::new();
                let (mut fb, mut ib) = (ryu::Buffer::new(), itoa::Buffer::new());
                for &r in rows {
                    let row = ib.format(r + 1).to_owned();
                    for k in indptr[r]..indptr[r + 1] {
                        out.extend_from_slice(row.as_bytes());
                        out.push(b' ');
                        out.extend_from_slice(ib.format(indices[k] as usize + 1).as_bytes());
                        out.push(b' ');
                        out.extend_from_slice(fmt_f64(&mut fb, data[k]).as_bytes());
                        out.push(b'\n');
                    }
                }
                out
            })
            .collect();
        for p in parts {
            w.write_all(&p)?;
        }
    }
    Ok(())
}
