//! Tables of results: TSV or JSON to a file or standard output, and an
//! aligned, rounded table when standard output is a terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;
use tahlil::io::fmt_f64;

use tahlil::io::OutputSet;

use super::output::stage_output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tab-separated with a header (an aligned table on a terminal).
    Tsv,
    /// JSON.
    Json,
}

/// Rows shown on a terminal when --top is not given.
const TERMINAL_ROWS: usize = 40;

/// Where and how a table is written.
#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// Only the first N rows (on a terminal, 40 unless given).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "tsv")]
    pub format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl TableArgs {
    /// Whether the table goes to a person rather than a file or a pipe.
    pub fn terminal(&self) -> bool {
        self.out.is_none() && std::io::stdout().is_terminal()
    }

    /// How many rows to keep.
    pub fn limit(&self) -> usize {
        self.top.unwrap_or(if self.terminal() {
            TERMINAL_ROWS
        } else {
            usize::MAX
        })
    }

    /// Formats numbers: shortest round-trip for files and pipes, four
    /// decimals for reading.
    pub fn number(&self) -> impl FnMut(f64) -> String {
        let terminal = self.terminal();
        let mut b = ryu::Buffer::new();
        move |x| {
            if terminal {
                format!("{x:.4}")
            } else {
                fmt_f64(&mut b, x).to_string()
            }
        }
    }

    /// Writes `rows` (the first is the header), or `json` with --format json,
    /// to --out (a file staged in `set` with the other files of the result) or
    /// standard output; `footer` goes under the table on a terminal only.
    pub fn stage(
        &self,
        set: &OutputSet,
        rows: &[Vec<String>],
        json: &impl serde::Serialize,
        footer: Option<String>,
    ) -> Result<()> {
        let terminal = self.terminal();
        stage_output(set, self.out.as_ref(), |w| {
            if self.format == Format::Json {
                serde_json::to_writer(&mut *w, json)?;
                writeln!(w)?;
                return Ok(());
            }
            write_table(w, rows, terminal)?;
            if let (true, Some(f)) = (terminal, footer) {
                writeln!(w, "{f}")?;
            }
            Ok(())
        })
    }

    /// A table written to `path` as TSV, as `--out path` gives it.
    pub fn file(path: PathBuf) -> Self {
        TableArgs {
            top: None,
            format: Format::Tsv,
            out: Some(path),
        }
    }
}

/// Writes `rows` (first row: the header) as TSV, or, on a terminal, as a table
/// with aligned columns (numbers to the right).
fn write_table(w: &mut dyn Write, rows: &[Vec<String>], terminal: bool) -> std::io::Result<()> {
    if !terminal {
        for row in rows {
            let fields: Vec<_> = row.iter().map(|f| tahlil::io::tsv_field(f)).collect();
            writeln!(w, "{}", fields.join("\t"))?;
        }
        return Ok(());
    }
    let columns = rows.first().map_or(0, |r| r.len());
    let width = |r: &Vec<String>, c: usize| r[c].chars().count();
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| width(r, c)).max().unwrap_or(0))
        .collect();
    let numeric: Vec<bool> = (0..columns)
        .map(|c| rows.iter().skip(1).all(|r| r[c].parse::<f64>().is_ok()) && rows.len() > 1)
        .collect();
    for row in rows {
        let mut line = String::new();
        for c in 0..columns {
            let pad = " ".repeat(widths[c] - width(row, c));
            if c > 0 {
                line.push_str("  ");
            }
            if numeric[c] {
                line.push_str(&pad);
                line.push_str(&row[c]);
            } else {
                line.push_str(&row[c]);
                if c + 1 < columns {
                    line.push_str(&pad);
                }
            }
        }
        writeln!(w, "{line}")?;
    }
    Ok(())
}
