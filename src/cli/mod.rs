//! Command-line interface: argument parsing and one module per subcommand.

mod args;
mod bench;
mod chart;
mod cluster;
mod collocations;
mod cooccurrence;
mod flags;
mod keyness;
mod kwic;
mod map;
mod normalize;
mod output;
mod plot;
mod report;
mod similarity;
mod state;
mod stats;
mod synth;
mod table;
mod terms;
mod tokens;
mod topics;
mod trends;
mod vectorize;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Statistical text analytics for Arabic.
///
/// Every command reads a corpus (files, directories of *.txt, .jsonl, .csv/.tsv, or - for
/// standard input); with no INPUT it analyses the five embedded seed articles.
#[derive(Debug, Parser)]
#[command(name = "tahlil", version, about, long_about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Worker threads (default: all cores). Output is identical for any value. `tahlil bench`
    /// takes a list to compare: 1,2,4.
    #[arg(long, global = true, value_name = "N", value_parser = parse_threads)]
    threads: Option<ThreadList>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print each document normalized, one document per line.
    Normalize(normalize::Args),
    /// Print each document's words after normalization and filters, one document per line.
    Tokens(tokens::Args),
    /// Build TF-IDF vectors: matrix, vocabulary, documents and model files.
    Vectorize(vectorize::Args),
    /// Fit in steps that run apart: count shards into states, merge them, finish the model.
    State(state::Args),
    /// Compare documents: a similarity or distance matrix, or each document's nearest neighbours.
    Similarity(similarity::Args),
    /// Term statistics: frequency, document frequency, idf and TF-IDF per term, or per document.
    Terms(terms::Args),
    /// Corpus profile: documents, tokens, types, hapaxes and the fitted Zipf exponent.
    Stats(stats::Args),
    /// Keyness: terms a target document or group over- or under-uses (chi2, G2, PMI, log ratio).
    Keyness(keyness::Args),
    /// Keyword in context: every occurrence of a word or phrase with the words around it.
    Kwic(kwic::Args),
    /// Trends: terms per year, quarter, month, week or day (and per group), or the terms that change most.
    Trends(trends::Args),
    /// Collocations: word pairs or triples scored by PMI, NPMI, LLR, chi2, t, Dice, Jaccard.
    Collocations(collocations::Args),
    /// Co-occurrence of the most frequent words (window or document), as an edge list or matrix.
    Cooccurrence(cooccurrence::Args),
    /// Topic models (LDA by collapsed Gibbs sampling, or NMF): top terms, document topics, coherence.
    Topics(topics::Args),
    /// Group documents: k-means or hierarchical clustering, with silhouettes and cluster terms.
    Cluster(cluster::Args),
    /// Place documents on a 2-D map (PCA of LSA vectors, or classical MDS), with their clusters.
    Map(map::Args),
    /// Run the whole analysis: every table and chart (PNG and SVG) and an index.html.
    Report(report::Args),
    /// Generate a seeded synthetic Arabic corpus (one document per line) for benchmarks.
    Synth(synth::Args),
    /// Benchmark the vectorizer: time, throughput and speed-up of every stage, and peak memory.
    Bench(bench::Args),
    /// Draw a line chart from columns of a TSV/CSV table (benchmark curves, measurements).
    Plot(plot::Args),
}

impl Command {
    /// The subcommand's name, as typed.
    fn name(&self) -> &'static str {
        match self {
            Command::Normalize(_) => "normalize",
            Command::Tokens(_) => "tokens",
            Command::Vectorize(_) => "vectorize",
            Command::State(_) => "state",
            Command::Similarity(_) => "similarity",
            Command::Terms(_) => "terms",
            Command::Stats(_) => "stats",
            Command::Keyness(_) => "keyness",
            Command::Kwic(_) => "kwic",
            Command::Trends(_) => "trends",
            Command::Collocations(_) => "collocations",
            Command::Cooccurrence(_) => "cooccurrence",
            Command::Topics(_) => "topics",
            Command::Cluster(_) => "cluster",
            Command::Map(_) => "map",
            Command::Report(_) => "report",
            Command::Synth(_) => "synth",
            Command::Bench(_) => "bench",
            Command::Plot(_) => "plot",
        }
    }
}

/// `--threads N`, or a list `1,2,4` (for `tahlil bench`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ThreadList(Vec<usize>);

fn parse_threads(s: &str) -> Result<ThreadList, String> {
    s.split(',')
        .map(|x| match x.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!("{s:?}: expected a number of threads of at least 1, such as 4 (tahlil bench also takes a list: 1,2,4)")),
        })
        .collect::<Result<_, _>>()
        .map(ThreadList)
}

/// A subcommand's one-line summary on standard error.
fn status(line: String) {
    eprintln!("{line}");
}

/// Runs one subcommand.
fn execute(command: Command, threads: usize) -> anyhow::Result<()> {
    match command {
        Command::Normalize(a) => normalize::run(a),
        Command::Tokens(a) => tokens::run(a),
        Command::Vectorize(a) => vectorize::run(a, threads),
        Command::State(a) => state::run(a, threads),
        Command::Similarity(a) => similarity::run(a, threads),
        Command::Terms(a) => terms::run(a, threads),
        Command::Stats(a) => stats::run(a, threads),
        Command::Keyness(a) => keyness::run(a, threads),
        Command::Kwic(a) => kwic::run(a),
        Command::Trends(a) => trends::run(a, threads),
        Command::Collocations(a) => collocations::run(a),
        Command::Cooccurrence(a) => cooccurrence::run(a),
        Command::Topics(a) => topics::run(a, threads),
        Command::Cluster(a) => cluster::run(a, threads),
        Command::Map(a) => map::run(a, threads),
        Command::Report(a) => report::run(a, threads),
        Command::Synth(a) => synth::run(a),
        Command::Plot(a) => plot::run(a),
        // Handled in main: it takes a list of thread counts.
        Command::Bench(_) => unreachable!("tahlil bench runs from main"),
    }
}

pub fn main() -> ExitCode {
    // Panics are bugs; still, report them on one line without a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("tahlil: internal error: {msg}{at} (please report this)");
    }));
    let cli = Cli::parse();
    let command = cli.command.name();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let result = match (cli.command, cli.threads.map(|t| t.0)) {
        (Command::Bench(a), list) => {
            let list = list.unwrap_or_else(|| if cores > 1 { vec![1, cores] } else { vec![1] });
            bench::run(a, list)
        }
        (_, Some(list)) if list.len() > 1 => Err(anyhow::anyhow!(
            "--threads {}: give one number (a list of thread counts is for tahlil bench)",
            list.iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(",")
        )),
        (command, list) => {
            let threads = list.map_or(cores, |l| l[0]);
            // Only fails if already built, which cannot happen here.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build_global();
            let result = execute(command, threads);
            args::report_skipped_dates();
            result
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tahlil: error: {}", flags::spell(command, &one_line(&e)));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each said once (a library error that names its
/// cause in its own message also reports it as its source).
fn one_line(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if out.contains(&s) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&s);
    }
    out
}

/// Output piped into `head` and closed early is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<tahlil::Error>().is_some_and(|t| {
                matches!(t, tahlil::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}
