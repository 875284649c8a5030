//! `tahlil bench`: the vectorizer timed stage by stage, at several thread counts.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;
use tahlil::bench::chart::StageChart;
use tahlil::bench::{run as bench, BenchOptions, BenchReport};
use tahlil::input::{Corpus, InputOptions};
use tahlil::io::{MatrixFormat, OutputSet};
use tahlil::synth::{generate, SynthOptions};

use super::args::{pipeline_options, FilterArgs, NormalizeArgs, TermArgs, VectorizerArgs};
use super::chart::ChartArgs;
use super::output::stage_output;
use super::synth::parse_size;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// An aligned table for reading.
    Text,
    /// Every run's time and the summary, as JSON.
    Json,
}

/// Times the vectorizer's stages: read, normalize, tokenize, segment (clitics), fold+filter,
/// count, vocabulary+idf, csr, write, and the fused `vectorize` run as the command runs it.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each stage runs alone on the whole corpus, on the previous stage's output held in memory; \
`vectorize` is the fused path of `tahlil vectorize` (read, count, fit, write), and its peak \
memory is measured on its own. The fused path normalizes, tokenizes and segments each \
distinct space-separated chunk of text once and reuses the result, so the stages can add up to more \
than `vectorize`. Thread counts alternate within each round of runs, and every \
figure is the median over the runs. Speed-up is against the smallest thread count given.

Thread counts come from the global --threads, which takes a list here: --threads 1,2,4 \
(default: 1 and all cores).

Chart (--chart): one bar panel of median stage times per thread count (common scale) and, \
with two or more thread counts, the speed-up of the fused run and the parallel stages \
against threads beside the ideal line.")]
pub struct Args {
    /// Corpus files or directories (as for vectorize); none: a synthetic corpus of --bytes.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Each non-empty line of an INPUT text file is a document.
    #[arg(long)]
    lines: bool,
    /// Size of the synthetic corpus (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "N", default_value = "10M", value_parser = parse_size)]
    bytes: u64,
    /// Seed of the synthetic corpus.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Timed runs of each stage at each thread count.
    #[arg(long, value_name = "R", default_value_t = 5)]
    runs: usize,
    /// Matrix format written by the write stage.
    #[arg(long, default_value = "mtx", value_parser = crate::cli::args::choice::<MatrixFormat>())]
    matrix_format: MatrixFormat,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the results to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Scratch directory for the synthetic corpus and the written files (default: the
    /// system's temporary directory).
    #[arg(long, value_name = "DIR")]
    scratch: Option<PathBuf>,
    #[command(flatten)]
    normalize: NormalizeArgs,
    #[command(flatten)]
    filters: FilterArgs,
    #[command(flatten)]
    terms: TermArgs,
    #[command(flatten)]
    vectorizer: VectorizerArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args, threads: Vec<usize>) -> Result<()> {
    args.chart.check()?;
    let options = BenchOptions {
        pipeline: pipeline_options(&args.normalize, &args.filters, Some(&args.terms))?,
        vectorizer: args.vectorizer.options(),
        matrix_format: args.matrix_format,
        threads,
        runs: args.runs,
    };
    options.check()?;
    let scratch = match &args.scratch {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir(),
    };
    let work = tempfile::Builder::new()
        .prefix("tahlil-bench-")
        .tempdir_in(&scratch)
        .map_err(|e| tahlil::Error::io(scratch.display(), e))?;
    let (corpus, source) = if args.inputs.is_empty() {
        let path = work.path().join("corpus.txt");
        let synth = SynthOptions {
            bytes: args.bytes,
            seed: args.seed,
            ..SynthOptions::default()
        };
        tahlil::io::write_atomic(&path, |w| generate(&synth, w))?;
        let options = InputOptions {
            lines: true,
            ..InputOptions::default()
        };
        let source = format!(
            "synthetic: tahlil synth --bytes {} --seed {}, one document per line",
            args.bytes, args.seed
        );
        (Corpus::open(&[path], options)?, source)
    } else {
        let options = InputOptions {
            lines: args.lines,
            ..InputOptions::default()
        };
        let names: Vec<String> = args
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        (Corpus::open(&args.inputs, options)?, names.join(" "))
    };
    let shown = std::io::stderr().is_terminal();
    let report = bench(&corpus, &options, work.path(), |what| {
        if shown {
            eprint!("\r\x1b[Ktahlil bench: {what}");
        }
    })?;
    if shown {
        eprint!("\r\x1b[K");
    }
    // The report and the chart appear together or not at all.
    let set = OutputSet::new();
    args.chart.stage(&set, || Ok(StageChart::new(&report)))?;
    stage_output(&set, args.out.as_ref(), |w| match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, &report)?;
            writeln!(w)?;
            Ok(())
        }
        Format::Text => write_text(w, &report, &source),
    })?;
    Ok(set.commit()?)
}

/// 1234567 → "1,234,567".
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate with a k/M suffix: 812.3, 45.2k, 12.1M.
fn rate(x: f64) -> String {
    if x >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if x >= 1e4 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.1}")
    }
}

fn megabytes(bytes: Option<u64>) -> String {
    bytes.map_or("not measured on this system".into(), |b| {
        format!("{:.0} MB", b as f64 / 1e6)
    })
}

fn write_text(w: &mut dyn Write, r: &BenchReport, source: &str) -> Result<()> {
    let c = &r.corpus;
    writeln!(
        w,
        "corpus: {:.1} MB, {} documents, {} tokens, {} terms, {} non-zeros ({source})",
        c.bytes as f64 / 1e6,
        grouped(c.documents),
        grouped(c.tokens),
        grouped(c.terms),
        grouped(c.nnz)
    )?;
    writeln!(
        w,
        "machine: {} cores, {}, {}; {} runs per stage and thread count, medians\n",
        r.machine.cores, r.machine.cpu, r.machine.os, r.runs
    )?;
    writeln!(
        w,
        "{:<16} {:>7} {:>10} {:>9} {:>10} {:>10} {:>8}",
        "stage", "threads", "median ms", "MB/s", "docs/s", "tokens/s", "speed-up"
    )?;
    for s in &r.stages {
        writeln!(
            w,
            "{:<16} {:>7} {:>10.1} {:>9} {:>10} {:>10} {:>7.2}×",
            s.stage,
            s.threads,
            s.median * 1e3,
            rate(s.mb_per_s),
            rate(s.docs_per_s),
            rate(s.tokens_per_s),
            s.speedup
        )?;
    }
    let peaks: Vec<String> = r
        .stages
        .iter()
        .filter(|s| s.stage == "vectorize")
        .map(|s| {
            format!(
                "{} with {} thread{}",
                megabytes(s.peak_rss),
                s.threads,
                if s.threads == 1 { "" } else { "s" }
            )
        })
        .collect();
    writeln!(
        w,
        "\npeak memory (RSS): vectorize {}; whole benchmark {}",
        peaks.join(", "),
        megabytes(r.process_peak_rss)
    )?;
    Ok(())
}
