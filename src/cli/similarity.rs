//! `tahlil similarity`: the documents × documents matrix, or each document's nearest neighbours.

use std::path::PathBuf;

use anyhow::Result;
use ndarray::Array2;
use tahlil::input::GroupBy;
use tahlil::io::OutputSet;
use tahlil::io::{fmt_f64, tsv_field};
use tahlil::plot::heatmap::Heatmap;
use tahlil::similarity::{centroids, pairwise, top_k, Metric, TopKParams};

use super::args::{CorpusArgs, VectorsArgs};
use super::chart::ChartArgs;
use super::output::{stage_output, with_output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum Format {
    /// Comma-separated, header row and first column of document ids.
    Csv,
    /// Tab-separated, header row and first column of document ids.
    Tsv,
    /// {"ids": [...], "metric": "...", "matrix": [[...], ...]}
    Json,
    /// NumPy .npy float64 n × n array (row order: the input order; needs --out).
    Npy,
}

/// Writes the similarity (or distance) of every pair of documents.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): A heatmap in average-linkage dendrogram order, values in the cells."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// cosine, jaccard, dice (similarities) or euclidean, manhattan (distances).
    #[arg(long, default_value = "cosine", value_parser = crate::cli::args::choice::<Metric>())]
    metric: Metric,
    /// Output format of the square matrix.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Instead of the matrix, each document's K nearest neighbours (itself excluded),
    /// as TSV `doc<TAB>neighbour<TAB>score`: memory O(n·K), for large collections.
    #[arg(long, value_name = "K")]
    top_k: Option<usize>,
    /// With --top-k: drop pairs scoring below S (similarities) or above S (distances).
    #[arg(long, value_name = "S", requires = "top_k")]
    min_score: Option<f64>,
    /// Compare groups of documents instead: the groups are the values of field COL, each
    /// the mean of its documents' vectors (its centroid); rows and columns are the groups.
    #[arg(long, value_name = "COL", conflicts_with = "top_k")]
    group_by: Option<String>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    vectors: VectorsArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    if args.format == Format::Npy && args.out.is_none() && args.top_k.is_none() {
        anyhow::bail!("--format npy writes binary data: give --out FILE.npy");
    }
    // Checked before the corpus is read.
    let neighbours = args
        .top_k
        .map(|k| {
            TopKParams {
                metric: args.metric,
                k,
                min_score: args.min_score,
            }
            .check()
        })
        .transpose()
        .map_err(tahlil::Error::from)?;
    if args.top_k.is_some() && args.chart.wanted() {
        anyhow::bail!("--chart draws the whole matrix: drop --top-k to draw it");
    }
    args.chart.check()?;
    let corpus = args.corpus.open()?;
    let (_, v) = args.vectors.compute(&corpus, threads)?;
    let ids = &v.ids;
    let mut b = ryu::Buffer::new();
    if let Some(neighbours) = neighbours {
        let pairs = top_k(&v.matrix, &neighbours);
        return with_output(args.out.as_ref(), |w| {
            writeln!(w, "doc\tneighbour\t{}", args.metric)?;
            for p in &pairs {
                let (a, n) = (tsv_field(&ids[p.doc]), tsv_field(&ids[p.neighbour]));
                writeln!(w, "{a}\t{n}\t{}", fmt_f64(&mut b, p.score))?;
            }
            Ok(())
        });
    }
    let (m, ids) = match &args.group_by {
        Some(column) => {
            let groups = v.meta.groups(&GroupBy::Field(column.clone()))?;
            let c = centroids(&v.matrix, &groups.of, groups.names.len());
            (pairwise(&c, args.metric), groups.names)
        }
        None => (pairwise(&v.matrix, args.metric), ids.clone()),
    };
    let ids = &ids;
    let set = OutputSet::new();
    write_matrix(
        &set,
        args.out.as_ref(),
        args.format,
        &args.chart,
        &m,
        ids,
        args.metric,
    )?;
    Ok(set.commit()?)
}

/// The matrix `m` of `metric` in `format` (and its heatmap) staged in `set`.
pub(super) fn write_matrix(
    set: &OutputSet,
    out: Option<&PathBuf>,
    format: Format,
    chart: &ChartArgs,
    m: &Array2<f64>,
    ids: &[String],
    metric: Metric,
) -> Result<()> {
    let n = ids.len();
    let mut b = ryu::Buffer::new();
    chart.stage(set, || {
        Ok(Heatmap::clustered(m.clone(), ids.to_vec(), metric)?)
    })?;
    stage_output(set, out, |w| {
        match format {
            Format::Csv | Format::Tsv => {
                let sep = if format == Format::Csv { "," } else { "\t" };
                let field = |s: &str| -> String {
                    if format == Format::Csv {
                        csv_field(s)
                    } else {
                        tsv_field(s).into_owned()
                    }
                };
                write!(w, "id")?;
                for id in ids {
                    write!(w, "{sep}{}", field(id))?;
                }
                writeln!(w)?;
                for (i, id) in ids.iter().enumerate() {
                    write!(w, "{}", field(id))?;
                    for k in 0..n {
                        write!(w, "{sep}{}", fmt_f64(&mut b, m[[i, k]]))?;
                    }
                    writeln!(w)?;
                }
            }
            Format::Json => {
                let rows: Vec<Vec<f64>> = m.outer_iter().map(|r| r.to_vec()).collect();
                let doc =
                    serde_json::json!({ "ids": ids, "metric": metric.to_string(), "matrix": rows });
                serde_json::to_writer(&mut *w, &doc)?;
                writeln!(w)?;
            }
            Format::Npy => tahlil::io::write_npy(m.view(), w)?,
        }
        Ok(())
    })
}

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
