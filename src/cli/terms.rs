//! `tahlil terms`: per-term frequencies and weights, or each document's top terms.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;
use clap::builder::TypedValueParser;
use tahlil::io::fmt_f64;
use tahlil::terms::frequency::{sort, term_stats, top_per_document, SortBy};

use super::args::{write_table, CorpusArgs, CountsArgs};
use super::output::with_output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tab-separated with a header (an aligned table on a terminal).
    Tsv,
    /// A JSON array of objects.
    Json,
}

/// Rows shown on a terminal when --top is not given.
const TERMINAL_ROWS: usize = 40;

/// Writes `term frequency df idf mean_tfidf max_tfidf` per term.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Order: frequency, df, idf, mean (TF-IDF), max (TF-IDF) — largest first — or term.
    #[arg(long, default_value = "frequency", value_parser = clap::builder::PossibleValuesParser::new(["frequency", "df", "idf", "mean", "max", "term"]).map(|s| s.parse::<SortBy>().expect("listed value")))]
    sort: SortBy,
    /// Only the first N terms (on a terminal, 40 unless given).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Instead: each document's N heaviest terms by TF-IDF (`id rank term tfidf count`).
    #[arg(long, value_name = "N")]
    per_document: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "tsv")]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    counts: CountsArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let corpus = args.corpus.open()?;
    let (counts, model, vectors) = args.counts.fit(&corpus, threads)?;
    let terminal = args.out.is_none() && std::io::stdout().is_terminal();
    let mut b = ryu::Buffer::new();
    // Full precision for files and pipes; four decimals for reading.
    let mut f = |x: f64| {
        if terminal {
            format!("{x:.4}")
        } else {
            fmt_f64(&mut b, x).to_string()
        }
    };
    if let Some(n) = args.per_document {
        let rows = top_per_document(&counts, &model, &vectors, n);
        return with_output(args.out.as_ref(), |w| {
            if args.format == Format::Json {
                let objects: Vec<_> = rows
                    .iter()
                    .map(|r| serde_json::json!({"id": vectors.ids[r.doc], "rank": r.rank, "term": r.term, "tfidf": r.tfidf, "count": r.count}))
                    .collect();
                serde_json::to_writer(&mut *w, &objects)?;
                writeln!(w)?;
                return Ok(());
            }
            let mut table = vec![vec![
                "id".into(),
                "rank".into(),
                "term".into(),
                "tfidf".into(),
                "count".into(),
            ]];
            table.extend(rows.iter().map(|r| {
                vec![
                    vectors.ids[r.doc].clone(),
                    r.rank.to_string(),
                    r.term.clone(),
                    f(r.tfidf),
                    r.count.to_string(),
                ]
            }));
            write_table(w, &table, terminal)?;
            Ok(())
        });
    }
    let mut stats = term_stats(&counts, &model, &vectors);
    sort(&mut stats, args.sort);
    let total = stats.len();
    let shown = args
        .top
        .unwrap_or(if terminal { TERMINAL_ROWS } else { total })
        .min(total);
    stats.truncate(shown);
    with_output(args.out.as_ref(), |w| {
        if args.format == Format::Json {
            serde_json::to_writer(&mut *w, &stats)?;
            writeln!(w)?;
            return Ok(());
        }
        let mut table = vec![
            ["term", "frequency", "df", "idf", "mean_tfidf", "max_tfidf"]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        ];
        table.extend(stats.iter().map(|s| {
            vec![
                s.term.clone(),
                s.frequency.to_string(),
                s.df.to_string(),
                f(s.idf),
                f(s.mean_tfidf),
                f(s.max_tfidf),
            ]
        }));
        write_table(w, &table, terminal)?;
        if terminal && shown < total {
            writeln!(
                w,
                "… {} more terms (--top N, or --out FILE for all)",
                total - shown
            )?;
        }
        Ok(())
    })
}
