//! `tahlil keyness`: terms over- and under-used by a target against the rest.

use std::path::PathBuf;

use anyhow::{bail, Result};
use tahlil::input::GroupBy;
use tahlil::io::OutputSet;
use tahlil::plot::keyness::{KeynessBars, KeynessPanel};
use tahlil::terms::keyness::{group_targets, keyness, read_groups, sort, Keyness, Measure};
use tahlil::time::By;
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
    #[arg(long, value_name = "FILE", conflicts_with_all = ["group_by", "by"])]
    groups: Option<PathBuf>,
    /// Groups from the documents' metadata: the values of field COL. Each group against the
    /// rest, or --target VALUE against --reference.
    #[arg(long, value_name = "COL", conflicts_with = "by")]
    group_by: Option<String>,
    /// Groups by date: each year, quarter, month, week or day (of --date-column) against the
    /// rest, or --target PERIOD (2017-04) against --reference; the chart has a panel per period.
    #[arg(long, value_name = "PERIOD", value_parser = crate::cli::args::choice::<By>())]
    by: Option<By>,
    /// With --group-by or --by and --target: the group to compare with, or `rest` (every
    /// other document).
    #[arg(long, value_name = "VALUE|rest", default_value = "rest")]
    reference: String,
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
    if args.reference != "rest"
        && (args.target.is_none() || (args.group_by.is_none() && args.by.is_none()))
    {
        bail!("--reference {}: compares --target VALUE with another group of --group-by or --by; give both", args.reference);
    }
    let corpus = if args.by.is_some() {
        args.corpus.open_dated()?
    } else {
        args.corpus.open()?
    };
    let mut counts = args.pipeline.count(&corpus, threads)?;
    let grouping = match (&args.group_by, args.by) {
        (Some(column), _) => Some(GroupBy::Field(column.clone())),
        (None, Some(by)) => Some(GroupBy::Period(by)),
        _ => None,
    };
    let (comparisons, with_groups) = match grouping {
        Some(grouping) => {
            let groups = counts.meta.groups(&grouping)?;
            let flag = if args.by.is_some() {
                "--by"
            } else {
                "--group-by"
            };
            let index = |name: &str, what: &str| -> Result<usize> {
                groups.names.iter().position(|n| n == name).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{what} {name}: no such group of {flag} (groups: {})",
                        groups.names.join(", ")
                    )
                })
            };
            if groups.names.len() < 2 {
                bail!(
                "{flag}: every document is in one group ({}): keyness compares a group with others; group by another field or period",
                groups.names.join(", ")
            );
            }
            if args.target.as_deref() == Some(args.reference.as_str()) {
                bail!(
                    "--target and --reference are both {}: compare two different groups",
                    args.reference
                );
            }
            let comparisons: Vec<(String, Vec<bool>)> = match &args.target {
                None => groups.each_against_rest(),
                Some(t) => {
                    let target = index(t, "--target")?;
                    if args.reference == "rest" {
                        vec![(t.clone(), groups.of.iter().map(|&x| x == target).collect())]
                    } else {
                        let reference = index(&args.reference, "--reference")?;
                        // Only the two groups' documents are counted.
                        let rows: Vec<usize> = (0..groups.of.len())
                            .filter(|&d| groups.of[d] == target || groups.of[d] == reference)
                            .collect();
                        counts = counts.select_rows(&rows);
                        let mask = rows.iter().map(|&d| groups.of[d] == target).collect();
                        vec![(format!("{t} vs {}", args.reference), mask)]
                    }
                }
            };
            (comparisons, true)
        }
        None => {
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
            (comparisons, args.groups.is_some())
        }
    };
    let set = OutputSet::new();
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
