//! `tahlil keyness`: terms over- and under-used by a target against the rest.

use std::path::PathBuf;

use anyhow::{bail, Result};
use tahlil::io::OutputSet;
use tahlil::plot::keyness::{KeynessBars, KeynessPanel};
use tahlil::terms::keyness::{group_targets, keyness, read_groups, sort, Keyness, Measure};
use tahlil::vectorize::CountMatrix;

use super::args::{CorpusArgs, PipelineArgs};
use super::chart::ChartArgs;
use super::table::TableArgs;

/// Key terms drawn on each side of a keyness chart.
const CHART_TERMS: usize = 15;

/// Writes `term display target reference chi2 g2 pmi log_ratio` per term, most over-used first
/// (--top N: the first N of each group).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): Two-sided bars: the 15 terms most key to the target and to the reference."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Target documents by id, comma-separated (default: the first document); or, with
    /// --groups, the target group's name (default: every group in turn).
    #[arg(long, value_name = "ID[,ID...]")]
    target: Option<String>,
    /// TSV file of `id<TAB>group` lines (a header line `id<TAB>…` is skipped; documents not
    /// listed are in no group and always in the reference).
    #[arg(long, value_name = "FILE")]
    groups: Option<PathBuf>,
    /// Sort by: chi2, g2, pmi or log-ratio (largest first).
    #[arg(long, default_value = "chi2", value_parser = crate::cli::args::choice::<Measure>())]
    measure: Measure,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    pipeline: PipelineArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    args.chart.check()?;
    let corpus = args.corpus.open()?;
    let counts = args.pipeline.count(&corpus, threads)?;
    let ids = &counts.ids;
    // (label, target mask) for each comparison.
    let comparisons: Vec<(String, Vec<bool>)> = if let Some(path) = &args.groups {
        let mut targets = group_targets(ids, &read_groups(path)?);
        if let Some(t) = &args.target {
            if !targets.iter().any(|(name, _)| name == t) {
                bail!(
                    "--target {t}: no such group in {} (groups: {})",
                    path.display(),
                    targets
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            targets.retain(|(name, _)| name == t);
        }
        targets
    } else {
        let wanted: Vec<&str> = match &args.target {
            Some(t) => t.split(',').collect(),
            None => vec![ids[0].as_str()],
        };
        for w in &wanted {
            if !ids.iter().any(|id| id == w) {
                bail!("--target: no document with id {w} (ids are the first column of `tahlil vectorize`'s documents.tsv)");
            }
        }
        let mask = ids.iter().map(|id| wanted.contains(&id.as_str())).collect();
        vec![(wanted.join(","), mask)]
    };
    let set = OutputSet::new();
    let with_groups = args.groups.is_some();
    write(
        &set,
        &args.table,
        &args.chart,
        &counts,
        comparisons,
        args.measure,
        with_groups,
    )?;
    Ok(set.commit()?)
}

/// Keyness of each (label, target mask) comparison against the rest, as one
/// table (with a `group` column when `with_groups`) and a chart, staged in `set`.
pub(super) fn write(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    counts: &CountMatrix,
    comparisons: Vec<(String, Vec<bool>)>,
    measure: Measure,
    with_groups: bool,
) -> Result<()> {
    let mut panels = Vec::new();
    let results: Vec<(String, Vec<Keyness>)> = comparisons
        .into_iter()
        .map(|(label, mask)| -> Result<(String, Vec<Keyness>)> {
            let mut rows = keyness(counts, &mask).map_err(tahlil::Error::from)?;
            if chart.wanted() {
                let scored = rows.iter().map(|k| (k.display.clone(), measure.of(k)));
                let target = if with_groups {
                    format!("group {label}")
                } else {
                    label.clone()
                };
                panels.push(KeynessPanel::top(&target, scored, CHART_TERMS));
            }
            sort(&mut rows, measure);
            rows.truncate(table_args.limit());
            Ok((label, rows))
        })
        .collect::<Result<_>>()?;
    chart.stage(set, || {
        Ok(KeynessBars {
            panels,
            measure: measure.to_string(),
        })
    })?;
    let with_group = with_groups;
    let mut f = table_args.number();
    let mut header = vec![
        "term",
        "display",
        "target",
        "reference",
        "chi2",
        "g2",
        "pmi",
        "log_ratio",
    ];
    if with_group {
        header.insert(0, "group");
    }
    let mut table = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for (label, rows) in &results {
        for k in rows {
            let mut row = vec![
                k.term.clone(),
                k.display.clone(),
                k.target.to_string(),
                k.reference.to_string(),
                f(k.chi2),
                f(k.g2),
                f(k.pmi),
                f(k.log_ratio),
            ];
            if with_group {
                row.insert(0, label.clone());
            }
            table.push(row);
        }
    }
    let json: Vec<_> = results
        .iter()
        .map(|(label, rows)| serde_json::json!({"target": label, "terms": rows}))
        .collect();
    table_args.stage(set, &table, &json, None)
}
