//! `tahlil vectorize`: TF-IDF vectors and the files that describe them.

use std::path::PathBuf;
use std::time::Instant;

use std::io::IsTerminal;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use tahlil::io::{write_vectors, MatrixFormat, ShardWriter};
use tahlil::vectorize::{TfidfModel, Vectors};

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
    /// Matrix::readMM), npz (SciPy sparse CSR archive: scipy.sparse.load_npz) or parquet
    /// (one row, col, value record per non-zero: pandas, DuckDB, Spark).
    #[arg(long, default_value = "mtx", value_parser = super::args::choice::<MatrixFormat>())]
    matrix_format: MatrixFormat,
    /// Write the matrix in row shards of N documents (DIR/part-00000.parquet, … and
    /// DIR/manifest.json) instead of one file. With --model only one shard's rows are
    /// in memory at a time (fit a model first with `tahlil state`, or on a sample).
    #[arg(long, value_name = "N")]
    shard_docs: Option<usize>,
    #[command(flatten)]
    vectors: VectorsArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    if let Some(n) = args.shard_docs {
        return sharded(&args, n, threads, start);
    }
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

/// `--shard-docs N`: the matrix written shard by shard.
fn sharded(args: &Args, n: usize, threads: usize, start: Instant) -> Result<()> {
    if n == 0 {
        anyhow::bail!(
            "--shard-docs 0: a shard holds at least one document; give a number such as 100000"
        );
    }
    let corpus = args.corpus.open()?;
    let mut shards = ShardWriter::new(&args.out, args.matrix_format)?;
    let model = match &args.vectors.model {
        // A saved model: read documents N at a time, each batch's rows written
        // before the next is read.
        Some(path) => {
            let model = TfidfModel::load(path)?;
            let transformer = model.transformer()?;
            let mut docs = corpus.documents();
            // A spinner on a terminal: a large corpus takes minutes.
            let bar = if std::io::stderr().is_terminal() {
                let b = ProgressBar::new_spinner();
                b.set_style(
                    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                        .expect("valid template"),
                );
                b.enable_steady_tick(std::time::Duration::from_millis(120));
                b
            } else {
                ProgressBar::hidden()
            };
            loop {
                let batch: Vec<_> = docs.by_ref().take(n).collect::<tahlil::Result<_>>()?;
                if batch.is_empty() {
                    break;
                }
                shards.write(transformer.transform(batch.into_iter().map(Ok), threads)?)?;
                bar.set_message(format!("{} documents in shards", shards.rows()));
            }
            bar.finish_and_clear();
            if shards.rows() == 0 {
                return Err(tahlil::Error::no_documents().into());
            }
            model
        }
        // Fitting needs every document's counts before any weight: the whole
        // matrix is made, then written in shards.
        None => {
            let (model, vectors) = args.vectors.compute(&corpus, threads)?;
            let Vectors {
                ids,
                tokens,
                matrix,
                meta,
            } = vectors;
            for r0 in (0..ids.len()).step_by(n) {
                let r1 = (r0 + n).min(ids.len());
                shards.write(Vectors {
                    ids: ids[r0..r1].to_vec(),
                    tokens: tokens[r0..r1].to_vec(),
                    matrix: rows_of(&matrix, r0, r1),
                    meta: meta.slice(r0, r1),
                })?;
            }
            model
        }
    };
    let rows = shards.rows();
    let written = shards.finish(&model)?;
    super::status(format!(
        "tahlil vectorize: {}, {}, {} shards, {:.3} s -> {}",
        super::output::count(rows as usize, "document"),
        super::output::count(model.vocabulary.len(), "term"),
        written.len(),
        start.elapsed().as_secs_f64(),
        args.out.display()
    ));
    Ok(())
}

/// Rows `r0..r1` of `m` as a matrix of their own, row pointers from 0
/// (`slice_outer(..).to_owned()` keeps the original offsets, which the npz
/// writer would write as they are).
fn rows_of(
    m: &tahlil::vectorize::TfidfMatrix,
    r0: usize,
    r1: usize,
) -> tahlil::vectorize::TfidfMatrix {
    let indptr = m.indptr();
    let indptr = indptr.raw_storage();
    let (s, e) = (indptr[r0], indptr[r1]);
    tahlil::vectorize::TfidfMatrix::new(
        (r1 - r0, m.cols()),
        indptr[r0..=r1].iter().map(|p| p - s).collect(),
        m.indices()[s..e].to_vec(),
        m.data()[s..e].to_vec(),
    )
}
