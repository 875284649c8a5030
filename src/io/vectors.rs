//! The files `tahlil vectorize` writes: matrix, vocabulary, documents and model.

use std::path::Path;

use super::{create_dir, fmt_f64, tsv_field, write_atomic, write_matrix_market, write_npz};
use crate::error::Result;
use crate::vectorize::{TfidfModel, Vectors};

/// How the matrix file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatrixFormat {
    /// MatrixMarket coordinate text (`matrix.mtx`).
    #[default]
    Mtx,
    /// SciPy sparse CSR archive (`matrix.npz`).
    Npz,
}

crate::names::named_enum!(MatrixFormat, "matrix format", { Mtx => "mtx", Npz => "npz" });

/// Writes DIR/matrix.mtx (or .npz), DIR/vocabulary.tsv, DIR/documents.tsv and
/// DIR/model.json, each atomically; creates DIR if needed.
pub fn write_vectors(
    dir: &Path,
    format: MatrixFormat,
    model: &TfidfModel,
    v: &Vectors,
) -> Result<()> {
    create_dir(dir)?;
    // Four independent files: write them side by side (with word pairs they
    // hold hundreds of MB, and each write is mostly formatting and copying).
    let matrix = || match format {
        MatrixFormat::Mtx => write_atomic(&dir.join("matrix.mtx"), |w| {
            write_matrix_market(&v.matrix, w)
        }),
        MatrixFormat::Npz => write_atomic(&dir.join("matrix.npz"), |w| write_npz(&v.matrix, w)),
    };
    let vocabulary = || {
        write_atomic(&dir.join("vocabulary.tsv"), |w| {
            let (mut fb, mut ib) = (ryu::Buffer::new(), itoa::Buffer::new());
            w.write_all(b"term\tdf\tidf\n")?;
            for (j, term) in model.vocabulary.iter().enumerate() {
                // Without idf every column is weighted 1.
                let idf = model.idf.as_ref().map_or(1.0, |i| i[j]);
                w.write_all(tsv_field(term).as_bytes())?;
                w.write_all(b"\t")?;
                w.write_all(ib.format(model.df[j]).as_bytes())?;
                w.write_all(b"\t")?;
                w.write_all(fmt_f64(&mut fb, idf).as_bytes())?;
                w.write_all(b"\n")?;
            }
            Ok(())
        })
    };
    let documents = || {
        write_atomic(&dir.join("documents.tsv"), |w| {
            writeln!(w, "row\tid\ttokens")?;
            for (r, (id, tokens)) in v.ids.iter().zip(&v.tokens).enumerate() {
                writeln!(w, "{r}\t{}\t{tokens}", tsv_field(id))?;
            }
            Ok(())
        })
    };
    // Compact and streamed: with word pairs the vocabulary runs to millions of terms.
    let model_json = || {
        write_atomic(&dir.join("model.json"), |w| {
            serde_json::to_writer(&mut *w, model).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        })
    };
    let ((a, b), (c, d)) = rayon::join(
        || rayon::join(matrix, vocabulary),
        || rayon::join(documents, model_json),
    );
    a?;
    b?;
    c?;
    d
}
