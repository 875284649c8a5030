//! `tahlil trends`: terms over time, per period (and per group).

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use tahlil::io::OutputSet;
use tahlil::plot::lines::{Lines, Scale, Series};
use tahlil::terms::trends::{top_trends, trends, Matcher, Trends};
use tahlil::time::By;

use super::args::{CorpusArgs, WordArgs};
use super::chart::ChartArgs;
use super::table::{Format, TableArgs};

/// Writes `period term count documents tokens per_10k` per period and term
/// (`period group term …` with --group-by).
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "tahlil trends [OPTIONS] TERM... [INPUT]...\n       tahlil trends [OPTIONS] --top N [INPUT]...",
    after_help = "TERM... are the leading arguments; INPUT... start at the first that is a file, a directory or -.\n\
A term is matched as kwic matches it: normalized, clitics as --clitics says (داعش also counts وداعش), a phrase as a phrase.\n\
tokens are the words the pipeline keeps in the period's documents (as `tahlil tokens` prints them); per_10k is count / tokens × 10,000.\n\
Every period from the first dated document to the last is listed, with zeros where there is none.\n\
Periods are written 2017, 2017-Q3, 2017-11, 2017-W44 (ISO weeks) and 2017-11-03.\n\n\
Chart (--chart): one line per term (per term and group with --group-by), per 10,000 words, periods on the x axis."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The length of a period.
    #[arg(long, default_value = "month", value_parser = crate::cli::args::choice::<By>())]
    by: By,
    /// One line per group and term: the groups are the values of field COL.
    #[arg(long, value_name = "COL")]
    group_by: Option<String>,
    /// Instead of terms: the N terms whose share changes most across the periods (Pearson's
    /// χ² of the term's counts against the other words', period by period), counted as
    /// `tahlil vectorize` counts words; shown in their display forms.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "tsv")]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    words: WordArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(mut args: Args, threads: usize) -> Result<()> {
    args.chart.check()?;
    // Terms lead; inputs start at the first argument that names one.
    let split = args
        .corpus
        .inputs
        .iter()
        .position(|p| is_input(p))
        .unwrap_or(args.corpus.inputs.len());
    let inputs = args.corpus.inputs.split_off(split);
    let terms: Vec<String> = std::mem::replace(&mut args.corpus.inputs, inputs)
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    // A mistyped path would otherwise be followed as a term, over the seeds.
    if let Some(t) = terms.iter().find(|t| looks_like_a_path(t)) {
        bail!("{t}: no such file or directory (an argument that looks like a path is not read as a term)");
    }
    match (terms.is_empty(), args.top) {
        (true, None) => bail!("give the terms to follow (tahlil trends داعش القاعدة), or --top N for the N terms that change most"),
        (false, Some(_)) => bail!("--top N chooses the terms itself: drop the terms {} (or drop --top); an input that does not exist is read as a term", terms.join(" ")),
        (_, Some(0)) => bail!("--top 0: give at least 1"),
        _ => {}
    }
    let pipeline = args.words.pipeline()?;
    let corpus = args.corpus.open_dated()?;
    let group_by = args.group_by.as_deref();
    let t = match args.top {
        Some(n) => top_trends(corpus.documents(), &pipeline, args.by, group_by, n, threads)?.0,
        None => {
            let matcher = Matcher::new(&pipeline, &terms)?;
            trends(corpus.documents(), &matcher, args.by, group_by, threads)?
        }
    };
    let set = OutputSet::new();
    let table = TableArgs {
        top: None,
        format: args.format,
        out: args.out.clone(),
    };
    stage(&set, &table, &args.chart, &t, args.by)?;
    set.commit()?;
    Ok(())
}

/// The trends as a table (and a chart) staged in `set`.
pub(super) fn stage(
    set: &OutputSet,
    table: &TableArgs,
    chart: &ChartArgs,
    t: &Trends,
    by: By,
) -> Result<()> {
    chart.stage(set, || Ok(lines(t, by)))?;
    let grouped = t.groups.iter().any(Option::is_some);
    let mut header = vec!["period"];
    if grouped {
        header.push("group");
    }
    header.extend(["term", "count", "documents", "tokens", "per_10k"]);
    let mut rows = vec![header.into_iter().map(String::from).collect::<Vec<_>>()];
    let mut number = table.number();
    let all = t.rows();
    for r in &all {
        let mut row = vec![r.period.to_string()];
        if let Some(g) = &r.group {
            row.push(g.clone());
        }
        row.extend([
            r.term.clone(),
            r.count.to_string(),
            r.documents.to_string(),
            r.tokens.to_string(),
            number(r.per_10k),
        ]);
        rows.push(row);
    }
    table.stage(set, &rows, &all, None)
}

/// One line per term (and group), per 10,000 words, over the periods.
pub(super) fn lines(t: &Trends, by: By) -> Lines {
    let mut series = Vec::new();
    for (g, group) in t.groups.iter().enumerate() {
        for (i, term) in t.terms.iter().enumerate() {
            let name = match group {
                Some(group) => format!("{term} — {group}"),
                None => term.clone(),
            };
            let points = t
                .rates(g, i)
                .into_iter()
                .enumerate()
                .map(|(p, y)| (p as f64, y))
                .collect();
            series.push(Series::new(&name, points));
        }
    }
    Lines {
        series,
        x_name: by.to_string(),
        y_name: "per 10,000 words".into(),
        x_scale: Scale::Linear,
        y_scale: Scale::Linear,
        title: format!("Trends by {by}: occurrences per 10,000 words"),
        x_labels: Some(t.periods.iter().map(|p| p.to_string()).collect()),
    }
}

/// Whether `t` looks like a file name rather than a word: it has a `/`, or
/// ends in a short Latin extension (`news.cvs`).
fn looks_like_a_path(t: &str) -> bool {
    t.contains('/')
        || Path::new(t).extension().is_some_and(|e| {
            let e = e.to_string_lossy();
            (1..=5).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Whether `p` names an input: a file, a directory or `-`.
fn is_input(p: &Path) -> bool {
    p.as_os_str() == "-" || p.exists()
}
