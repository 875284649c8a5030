//! `tahlil vectorize`: TF-IDF vectors and the files that describe them.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use tahlil::io::{write_vectors, MatrixFormat};

use super::args::{CorpusArgs, VectorsArgs};

/// Writes DIR/matrix.mtx (or .npz), DIR/vocabulary.tsv, DIR/documents.tsv and DIR/model.json.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output directory (created if missing).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// Matrix file format: mtx (MatrixMarket coordinate text: scipy.io.mmread, R
    /// Matrix::readMM) or npz (SciPy sparse CSR archive: scipy.sparse.load_npz).
    #[arg(long, default_value = "mtx", value_parser = super::args::choice::<MatrixFormat>())]
    matrix_format: MatrixFormat,
    #[command(flatten)]
    vectors: VectorsArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    let corpus = args.corpus.open()?;
    let (model, vectors) = args.vectors.compute(&corpus, threads)?;
    write_vectors(&args.out, args.matrix_format, &model, &vectors)?;
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
        "tahlil vectorize: {}, {}, {}, {:.3} s -> {}",
        super::output::count(rows, "document"),
        super::output::count(cols, "term"),
        super::output::count(nnz, "non-zero"),
        start.elapsed().as_secs_f64(),
        args.out.display()
    ));
    Ok(())
}
