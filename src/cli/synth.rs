//! `tahlil synth`: a seeded synthetic corpus for benchmarks.

use std::path::PathBuf;

use anyhow::Result;
use tahlil::synth::{generate, generate_dated, SynthOptions};
use tahlil::time::Date;

use super::output::with_output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Size to generate: bytes, or with a K, M or G suffix (powers of 1000).
    #[arg(long, value_name = "N", default_value = "100M", value_parser = parse_size)]
    bytes: u64,
    /// Random seed: the same seed gives the same corpus.
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
    /// Number of synthetic word types (the seeds' words are added to them).
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    types: usize,
    /// Write CSV (id,date,text) instead, each document dated on a day drawn from FROM to TO
    /// (e.g. 2015-01-01..2019-12-31): a dated corpus for `tahlil trends`. Name the file *.csv.
    #[arg(long, value_name = "FROM..TO", value_parser = parse_span)]
    dates: Option<(i64, i64)>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// `FROM..TO` as the days of FROM's first day and TO's last.
fn parse_span(s: &str) -> Result<(i64, i64), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("{s:?}: expected FROM..TO, such as 2015-01-01..2019-12-31"))?;
    let date = |x: &str| x.parse::<Date>().map_err(|e| e.to_string());
    let (a, b) = (date(a)?.first_day(), date(b)?.last_day());
    if a > b {
        return Err(format!("{s:?}: FROM is after TO"));
    }
    Ok((a, b))
}

pub(super) fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'K' | 'k')) => (&s[..i], 1_000),
        Some((i, 'M' | 'm')) => (&s[..i], 1_000_000),
        Some((i, 'G' | 'g')) => (&s[..i], 1_000_000_000),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("{s:?}: expected a size such as 100000, 10M or 1G"))
}

pub fn run(args: Args) -> Result<()> {
    let options = SynthOptions {
        bytes: args.bytes,
        seed: args.seed,
        types: args.types,
    };
    with_output(args.out.as_ref(), |w| {
        match args.dates {
            Some(span) => generate_dated(&options, span, w)?,
            None => generate(&options, w)?,
        }
        Ok(())
    })
}
