//! `tahlil cooccurrence`: how often the most frequent terms occur together.

use std::path::PathBuf;

use anyhow::Result;
use tahlil::io::{fmt_f64, tsv_field, OutputSet};
use tahlil::terms::cooccurrence::{cooccurrence, score_matrix, Edge, Score, Span};

use tahlil::plot::network::Network;

use super::args::{CorpusArgs, WordArgs};
use super::chart::ChartArgs;
use super::output::stage_output;
use super::table::TableArgs;

/// Writes the edge list `a b count score` among the --terms most frequent words (score: the
/// --measure).
/// Pairs drawn by --chart.
const CHART_EDGES: usize = 60;

#[derive(Debug, clap::Args)]
#[command(after_help = "Chart (--chart): A network of the 60 strongest pairs, force-directed.")]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Words at most W positions apart co-occur (1: adjacent).
    #[arg(
        long,
        default_value_t = 5,
        value_name = "W",
        conflicts_with = "document"
    )]
    window: usize,
    /// Co-occurrence within the same document instead of a window.
    #[arg(long)]
    document: bool,
    /// How many of the most frequent words take part.
    #[arg(long, default_value_t = 100, value_name = "N")]
    terms: usize,
    /// Score: count, ppmi or npmi.
    #[arg(long, default_value = "count", value_parser = crate::cli::args::choice::<Score>())]
    measure: Score,
    /// Also write the N × N matrix of scores as TSV to FILE (0 where words never meet).
    #[arg(long, value_name = "FILE")]
    matrix: Option<PathBuf>,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    words: WordArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args) -> Result<()> {
    args.chart.check()?;
    let corpus = args.corpus.open()?;
    let pipeline = args.words.pipeline()?;
    let (docs, forms) = pipeline.document_words(corpus.documents())?;
    let span = if args.document {
        Span::Document
    } else {
        Span::Window(args.window)
    };
    let (terms, edges) = cooccurrence(
        docs.iter().map(|d| d.iter().map(|w| w.as_str())),
        args.terms,
        span,
        args.measure,
    )
    .map_err(tahlil::Error::from)?;
    let edges: Vec<_> = edges.into_iter().map(|e| e.shown(&forms)).collect();
    // The matrix, the table and the chart appear together or not at all.
    let set = OutputSet::new();
    if let Some(path) = &args.matrix {
        let m = score_matrix(&terms, &edges);
        let mut b = ryu::Buffer::new();
        stage_output(&set, Some(path), |w| {
            let header: Vec<_> = terms.iter().map(|t| tsv_field(t)).collect();
            writeln!(w, "term\t{}", header.join("\t"))?;
            for (t, row) in terms.iter().zip(m.outer_iter()) {
                write!(w, "{}", tsv_field(t))?;
                for &x in row {
                    write!(w, "\t{}", fmt_f64(&mut b, x))?;
                }
                writeln!(w)?;
            }
            Ok(())
        })?;
    }
    write_edges(&set, &args.table, &args.chart, edges, span, args.measure)?;
    Ok(set.commit()?)
}

/// The edges (strongest first) as a table and a network chart, staged in `set`.
pub(super) fn write_edges(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    mut edges: Vec<Edge>,
    span: Span,
    measure: Score,
) -> Result<()> {
    chart.stage(set, || {
        let span = match span {
            Span::Document => "in the same document".to_string(),
            Span::Window(w) => format!("within {w} words"),
        };
        Ok(Network::from_pairs(
            edges
                .iter()
                .map(|e| (e.display_a.clone(), e.display_b.clone(), e.score)),
            CHART_EDGES,
            &measure.to_string(),
            &format!("Co-occurrence of frequent terms ({span})"),
        ))
    })?;
    edges.truncate(table_args.limit());
    let mut f = table_args.number();
    let mut table = vec![["a", "b", "display_a", "display_b", "count", "score"]
        .map(String::from)
        .to_vec()];
    table.extend(edges.iter().map(|e| {
        vec![
            e.a.clone(),
            e.b.clone(),
            e.display_a.clone(),
            e.display_b.clone(),
            e.count.to_string(),
            f(e.score),
        ]
    }));
    table_args.stage(set, &table, &edges, None)
}
