//! `tahlil vectorize`: TF-IDF vectors and the files that describe them.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use tahlil::io::{create_dir, fmt_f64, tsv_field, write_atomic, write_matrix_market, write_npz};
use tahlil::vectorize::{TfidfModel, TfidfVectorizer, Vectors};

use super::args::{
    pipeline_options, CorpusArgs, FilterArgs, NormalizeArgs, TermArgs, VectorizerArgs,
};

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
    /// Transform with a saved model.json instead of fitting: same vocabulary, idf and options.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["normalize_opts", "filter_opts", "term_opts", "vectorizer_opts"])]
    model: Option<PathBuf>,
    /// Matrix file format.
    #[arg(long, value_enum, default_value = "mtx")]
    matrix_format: MatrixFormat,
    #[command(flatten)]
    normalize: NormalizeArgs,
    #[command(flatten)]
    filters: FilterArgs,
    #[command(flatten)]
    terms: TermArgs,
    #[command(flatten)]
    vectorizer: VectorizerArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    let corpus = args.corpus.open()?;
    let (model, vectors) = match &args.model {
        Some(path) => {
            let model = load_model(path)?;
            let vectors = model.transform(corpus.documents(), threads)?;
            (model, vectors)
        }
        None => {
            let pipeline = pipeline_options(&args.normalize, &args.filters, Some(&args.terms))?;
            let v = TfidfVectorizer::new(pipeline, args.vectorizer.options())?;
            v.fit_transform(corpus.documents(), threads)?
        }
    };
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
    eprintln!(
        "tahlil vectorize: {} documents, {} terms, {} non-zeros, {:.3} s -> {}",
        rows,
        cols,
        nnz,
        start.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

fn load_model(path: &Path) -> Result<TfidfModel> {
    let shown = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|e| tahlil::Error::io(&shown, e))?;
    let model: TfidfModel = serde_json::from_str(&text).map_err(|e| tahlil::Error::Parse {
        path: shown.clone(),
        line: e.line() as u64,
        message: format!("not a tahlil model.json: {e}"),
    })?;
    model.validate(&shown)?;
    Ok(model)
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
