//! `tahlil vectorize`: TF-IDF vectors and the files that describe them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use tahlil::io::{create_dir, fmt_f64, tsv_field, write_atomic, write_matrix_market, write_npz};
use tahlil::vectorize::{TfidfModel, Vectors};

use super::args::{CorpusArgs, VectorsArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MatrixFormat {
    /// MatrixMarket coordinate text (scipy.io.mmread, R Matrix::readMM).
    Mtx,
    /// SciPy sparse CSR archive (scipy.sparse.load_npz).
    Npz,
}

/// Writes DIR/matrix.mtx (or .npz), DIR/vocabulary.tsv, DIR/documents.tsv and DIR/model.json.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output directory (created if missing).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// Matrix file format.
    #[arg(long, value_enum, default_value = "mtx")]
    matrix_format: MatrixFormat,
    #[command(flatten)]
    vectors: VectorsArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    let corpus = args.corpus.open()?;
    let (model, vectors) = args.vectors.compute(&corpus, threads)?;
    write_outputs(&args.out, args.matrix_format, &model, &vectors)?;
    let (rows, cols, nnz) = (
        vectors.matrix.rows(),
        vectors.matrix.cols(),
        vectors.matrix.nnz(),
    );
    // The process ends here: freeing millions of terms one by one would only
    // delay the exit (a tenth of the run time with word pairs).
    std::mem::forget(model);
    std::mem::forget(vectors);
    super::status(format!(
        "tahlil vectorize: {} documents, {} terms, {} non-zeros, {:.3} s -> {}",
        rows,
        cols,
        nnz,
        start.elapsed().as_secs_f64(),
        args.out.display()
    ));
    Ok(())
}

fn write_outputs(dir: &Path, format: MatrixFormat, model: &TfidfModel, v: &Vectors) -> Result<()> {
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
    d?;
    Ok(())
}
