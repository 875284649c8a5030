//! `tahlil plot`: a line chart of columns of a TSV or CSV table (benchmark curves, or any
//! measurements), drawn like every other tahlil chart.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use tahlil::plot::lines::{Lines, Scale, Series};

use super::chart::ChartArgs;

/// Draws one line per series: y against x, from the columns of a table.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The table has a header row; tab-separated unless the file name ends in .csv. Rows are \
grouped into series by the --series column (one line each, in order of first appearance) \
and drawn in order of x. Example (what benches/compare/run.sh draws):

  tahlil plot benches/results/compare.tsv --x mb --y mb_per_s --series program \\
    --where ngram=1,1 --log-x --log-y --chart throughput.png")]
pub struct Args {
    /// The table (TSV, or CSV by its .csv extension).
    #[arg(value_name = "TABLE")]
    table: PathBuf,
    /// Column of the x values.
    #[arg(long, value_name = "COLUMN")]
    x: String,
    /// Column of the y values.
    #[arg(long, value_name = "COLUMN")]
    y: String,
    /// Column naming the series (default: one series named after --y).
    #[arg(long, value_name = "COLUMN")]
    series: Option<String>,
    /// Keep only rows whose COLUMN equals VALUE (repeat to require several).
    #[arg(long = "where", value_name = "COLUMN=VALUE", value_parser = parse_where)]
    filters: Vec<(String, String)>,
    /// Logarithmic x axis.
    #[arg(long)]
    log_x: bool,
    /// Logarithmic y axis.
    #[arg(long)]
    log_y: bool,
    /// Name of the x axis (default: the column's name).
    #[arg(long, value_name = "TEXT")]
    x_name: Option<String>,
    /// Name of the y axis (default: the column's name).
    #[arg(long, value_name = "TEXT")]
    y_name: Option<String>,
    #[command(flatten)]
    chart: ChartArgs,
}

fn parse_where(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(c, v)| (c.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("{s:?}: expected COLUMN=VALUE, such as ngram=1,1"))
}

pub fn run(args: Args) -> Result<()> {
    args.chart.check()?;
    if !args.chart.wanted() {
        bail!("tahlil plot draws a chart: give --chart FILE.png or --chart FILE.svg");
    }
    let shown = args.table.display().to_string();
    let csv = args
        .table
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if csv { b',' } else { b'\t' })
        .from_path(&args.table)
        .map_err(|e| tahlil::Error::io(&shown, std::io::Error::other(e.to_string())))?;
    let header = reader.headers().with_context(|| shown.clone())?.clone();
    let column = |name: &str| -> Result<usize> {
        header.iter().position(|h| h == name).with_context(|| {
            let names: Vec<&str> = header.iter().collect();
            format!(
                "{shown}: no column {name:?} (the columns are {})",
                names.join(", ")
            )
        })
    };
    let (xi, yi) = (column(&args.x)?, column(&args.y)?);
    let si = args.series.as_deref().map(column).transpose()?;
    let filters = args
        .filters
        .iter()
        .map(|(c, v)| Ok((column(c)?, v.as_str())))
        .collect::<Result<Vec<_>>>()?;
    let mut series: Vec<Series> = Vec::new();
    for (k, record) in reader.records().enumerate() {
        // The header is line 1.
        let line = k + 2;
        let record = record.with_context(|| format!("{shown}:{line}"))?;
        if filters.iter().any(|&(c, v)| record.get(c) != Some(v)) {
            continue;
        }
        let value = |i: usize, name: &str| -> Result<Option<f64>> {
            let cell = record.get(i).unwrap_or("").trim();
            if cell.is_empty() {
                return Ok(None);
            }
            match cell.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ => bail!("{shown}:{line}: column {name}: {cell:?} is not a number"),
            }
        };
        let (Some(x), Some(y)) = (value(xi, &args.x)?, value(yi, &args.y)?) else {
            continue;
        };
        let name = si.map_or(args.y.as_str(), |i| record.get(i).unwrap_or(""));
        match series.iter_mut().find(|s| s.name == name) {
            Some(s) => s.points.push((x, y)),
            None => series.push(Series::new(name, vec![(x, y)])),
        }
    }
    if series.is_empty() {
        bail!(
            "{shown}: no rows with numbers in {} and {} (check --where)",
            args.x,
            args.y
        );
    }
    for s in &mut series {
        s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    let scale = |log: bool| if log { Scale::Log } else { Scale::Linear };
    let chart = Lines {
        series,
        x_name: args.x_name.clone().unwrap_or_else(|| args.x.clone()),
        y_name: args.y_name.clone().unwrap_or_else(|| args.y.clone()),
        x_scale: scale(args.log_x),
        y_scale: scale(args.log_y),
        title: format!("{} against {}", args.y, args.x),
        x_labels: None,
    };
    args.chart.draw(|| Ok(chart))
}
