//! `tahlil terms`: per-term frequencies and weights, or each document's top terms.

use anyhow::Result;
use tahlil::input::{GroupBy, Groups};
use tahlil::io::OutputSet;
use tahlil::terms::frequency::{
    group_term_stats, sort, term_stats, top_per_document, DocumentTerm, SortBy, TermStats,
};
use tahlil::vectorize::{CountMatrix, TfidfModel, Vectors};

use tahlil::plot::bars::{Bars, Panel};

use super::args::{CorpusArgs, CountsArgs};
use super::chart::ChartArgs;
use super::table::TableArgs;

/// Terms per bar panel.
const CHART_TERMS: usize = 20;
/// Documents drawn by `--per-document N --chart`.
const CHART_DOCUMENTS: usize = 16;

/// Writes `term display frequency df idf mean_tfidf max_tfidf` per term.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): Bars of the top 20 terms by --sort; with --per-document, one panel per document (the first 16)."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Order: frequency, df, idf, mean (TF-IDF), max (TF-IDF) — largest first — or term.
    #[arg(long, default_value = "frequency", value_parser = crate::cli::args::choice::<SortBy>())]
    sort: SortBy,
    /// Instead: each document's N heaviest terms by TF-IDF (`id rank term display tfidf count`).
    #[arg(long, value_name = "N")]
    per_document: Option<usize>,
    /// Top terms per group of documents, the groups being the values of field COL: a `group`
    /// column first, frequency, df and TF-IDF within the group (idf is the corpus's); --top N
    /// keeps N per group. The chart has a panel per group (the first 16).
    #[arg(long, value_name = "COL", conflicts_with = "per_document")]
    group_by: Option<String>,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    counts: CountsArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    args.chart.check()?;
    let corpus = args.corpus.open()?;
    let (counts, model, vectors) = args.counts.fit(&corpus, threads)?;
    let set = OutputSet::new();
    if let Some(n) = args.per_document {
        let rows = top_per_document(&counts, &model, &vectors, n);
        write_per_document(&set, &args.table, &args.chart, rows, &vectors.ids)?;
    } else if let Some(column) = &args.group_by {
        let groups = counts.meta.groups(&GroupBy::Field(column.clone()))?;
        let per_group = per_group(&counts, &model, &vectors, &groups, args.sort);
        write_groups(&set, &args.table, &args.chart, per_group, args.sort)?;
    } else {
        let mut stats = term_stats(&counts, &model, &vectors);
        sort(&mut stats, args.sort);
        write_stats(&set, &args.table, &args.chart, stats, args.sort)?;
    }
    Ok(set.commit()?)
}

/// Each document's top terms as a table (and a chart) staged in `set`.
pub(super) fn write_per_document(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    mut rows: Vec<DocumentTerm>,
    ids: &[String],
) -> Result<()> {
    let mut f = table_args.number();
    chart.stage(set, || {
        let docs = ids.len().min(CHART_DOCUMENTS);
        let mut panels: Vec<Panel> = ids[..docs]
            .iter()
            .map(|id| Panel::new(id, Vec::new()))
            .collect();
        for r in rows
            .iter()
            .filter(|r| r.doc < docs && r.rank <= CHART_TERMS)
        {
            panels[r.doc].items.push((r.display.clone(), r.tfidf));
        }
        let more = if ids.len() > docs {
            format!(" (first {docs} of {})", ids.len())
        } else {
            String::new()
        };
        Ok(Bars::grid(
            panels,
            "TF-IDF",
            &format!("Top terms per document{more}"),
        ))
    })?;
    rows.truncate(table_args.limit());
    let mut table = vec![["id", "rank", "term", "display", "tfidf", "count"]
        .map(String::from)
        .to_vec()];
    table.extend(rows.iter().map(|r| {
        vec![
            ids[r.doc].clone(),
            r.rank.to_string(),
            r.term.clone(),
            r.display.clone(),
            f(r.tfidf),
            r.count.to_string(),
        ]
    }));
    let json: Vec<_> = rows
        .iter()
        .map(|r| serde_json::json!({"id": ids[r.doc], "rank": r.rank, "term": r.term, "display": r.display, "tfidf": r.tfidf, "count": r.count}))
        .collect();
    table_args.stage(set, &table, &json, None)
}

/// What a bar of the terms chart measures, for `sort_by`.
fn chart_measure(sort_by: SortBy) -> (fn(&TermStats) -> f64, &'static str) {
    match sort_by {
        SortBy::Df => (|s: &TermStats| s.df as f64, "document frequency"),
        SortBy::Idf => (|s: &TermStats| s.idf, "idf"),
        SortBy::Mean => (|s: &TermStats| s.mean_tfidf, "mean TF-IDF"),
        SortBy::Max => (|s: &TermStats| s.max_tfidf, "max TF-IDF"),
        _ => (|s: &TermStats| s.frequency as f64, "frequency"),
    }
}

/// The top 20 terms of `stats` (sorted by `sort_by`) as chart bars.
fn chart_items(stats: &[TermStats], sort_by: SortBy) -> Vec<(String, f64)> {
    let by = chart_measure(sort_by).0;
    let mut top = stats.to_vec();
    if sort_by == SortBy::Term {
        sort(&mut top, SortBy::Frequency);
    }
    top.iter()
        .take(CHART_TERMS)
        .map(|s| (s.display.clone(), by(s)))
        .collect()
}

/// A term's row of the terms table.
fn stats_row(s: &TermStats, f: &mut impl FnMut(f64) -> String) -> Vec<String> {
    vec![
        s.term.clone(),
        s.display.clone(),
        s.frequency.to_string(),
        s.df.to_string(),
        f(s.idf),
        f(s.mean_tfidf),
        f(s.max_tfidf),
    ]
}

const STATS_HEADER: [&str; 7] = [
    "term",
    "display",
    "frequency",
    "df",
    "idf",
    "mean_tfidf",
    "max_tfidf",
];

/// Each group's term statistics, sorted by `sort_by`.
pub(super) fn per_group(
    counts: &CountMatrix,
    model: &TfidfModel,
    vectors: &Vectors,
    groups: &Groups,
    sort_by: SortBy,
) -> Vec<(String, Vec<TermStats>)> {
    groups
        .names
        .iter()
        .zip(groups.members())
        .map(|(name, rows)| {
            let mut stats = group_term_stats(counts, model, vectors, &rows);
            sort(&mut stats, sort_by);
            (name.clone(), stats)
        })
        .collect()
}

/// Each group's terms (sorted by `sort_by`) as one table with a `group`
/// column, and a chart with a panel per group, staged in `set`.
pub(super) fn write_groups(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    mut groups: Vec<(String, Vec<TermStats>)>,
    sort_by: SortBy,
) -> Result<()> {
    chart.stage(set, || {
        let panels = groups
            .iter()
            .take(CHART_DOCUMENTS)
            .map(|(name, stats)| Panel::new(name, chart_items(stats, sort_by)))
            .collect();
        Ok(Bars {
            panels,
            measure: chart_measure(sort_by).1.into(),
            colour_panels: true,
            title: "Top terms per group".into(),
        })
    })?;
    let mut f = table_args.number();
    let mut header = vec!["group".to_string()];
    header.extend(STATS_HEADER.map(String::from));
    let mut table = vec![header];
    for (name, stats) in &mut groups {
        stats.truncate(table_args.limit());
        for s in stats.iter() {
            let mut row = vec![name.clone()];
            row.extend(stats_row(s, &mut f));
            table.push(row);
        }
    }
    let json: Vec<_> = groups
        .iter()
        .map(|(name, stats)| serde_json::json!({"group": name, "terms": stats}))
        .collect();
    table_args.stage(set, &table, &json, None)
}

/// The terms (sorted by `sort_by`) as a table (and a chart) staged in `set`.
pub(super) fn write_stats(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    mut stats: Vec<TermStats>,
    sort_by: SortBy,
) -> Result<()> {
    let mut f = table_args.number();
    chart.stage(set, || {
        let items = chart_items(&stats, sort_by);
        Ok(Bars::single(
            Panel::new("", items),
            chart_measure(sort_by).1,
        ))
    })?;
    let total = stats.len();
    stats.truncate(table_args.limit());
    let mut table = vec![STATS_HEADER.map(String::from).to_vec()];
    table.extend(stats.iter().map(|s| stats_row(s, &mut f)));
    let more = total - stats.len();
    let footer =
        (more > 0).then(|| format!("… {more} more terms (--top N, or --out FILE for all)"));
    table_args.stage(set, &table, &stats, footer)
}
