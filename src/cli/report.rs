//! `tahlil report`: the whole analysis in one directory, with an index.html to read it.
//!
//! The report runs the subcommands themselves, with their defaults, so every table and
//! chart in it is exactly what that subcommand gives (and its command line is shown
//! under each section, to reproduce or vary it).

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use tahlil::io::{create_dir, write_atomic};
use tahlil::terms::keyness::read_groups;

use super::args::CorpusArgs;
use super::{execute, Cli, QUIET};

/// Writes every table and chart (PNG and SVG) of a default analysis, and DIR/index.html.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output directory (created if missing; files of the same names are replaced).
    #[arg(long, short, value_name = "DIR", default_value = "report")]
    out: PathBuf,
    /// Topics in the LDA model.
    #[arg(long, default_value_t = 4, value_name = "K")]
    topics: usize,
    /// Seed for LSA, clustering and topics.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// One step of the report: a subcommand, the files it writes, and what to say about them.
struct Stage {
    /// Section heading.
    name: &'static str,
    /// What the chart shows and how to read it.
    caption: &'static str,
    /// Chart file stem (PNG and SVG are written).
    chart: &'static str,
    /// The subcommand's arguments after `tahlil`, without the corpus and chart options.
    command: Vec<String>,
    /// The table shown under the chart: file, rows shown.
    table: Option<(&'static str, usize)>,
}

fn stages(args: &Args, documents: usize, top_terms: &[String]) -> Vec<Stage> {
    let seed = args.seed.to_string();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut out = vec![
        Stage {
            name: "Top terms",
            caption: "The most frequent terms of the corpus after normalization and stop-word removal.",
            chart: "terms",
            command: s(&["terms", "--out", "terms.tsv"]),
            table: Some(("terms.tsv", 20)),
        },
        Stage {
            name: "Top terms per document",
            caption: "Each document's heaviest terms by TF-IDF: what sets it apart from the others.",
            chart: "terms-per-document",
            command: s(&["terms", "--per-document", "10", "--out", "terms-per-document.tsv"]),
            table: None,
        },
        Stage {
            name: "Document similarity",
            caption: "Cosine similarity of the TF-IDF vectors, rows and columns in average-linkage order so similar documents sit together; the colours span the pairs' range (a document's similarity to itself is 1).",
            chart: "similarity",
            command: s(&["similarity", "--out", "similarity.csv"]),
            table: None,
        },
        Stage {
            name: "Hierarchical clustering",
            caption: "Ward linkage on the unit-length TF-IDF vectors; K chosen by the best mean silhouette; document labels coloured by cluster.",
            chart: "dendrogram",
            command: {
                let mut c = s(&["cluster", "--method", "hierarchical", "--seed", &seed]);
                // Silhouettes need three documents to choose K; fewer make one cluster.
                if documents < 3 {
                    c.extend(s(&["--k", "1"]));
                }
                c.extend(s(&["--out", "clusters"]));
                c
            },
            table: Some(("clusters/documents.tsv", 50)),
        },
        Stage {
            name: "Document map",
            caption: "Documents placed by PCA of their LSA vectors, coloured by k-means cluster (K by silhouette).",
            chart: "map",
            command: vec!["map".into(), "--seed".into(), seed.clone(), "--out".into(), "map.tsv".into()],
            table: None,
        },
        Stage {
            name: "Keyness per cluster",
            caption: "Terms each hierarchical cluster uses more (right) or less (left) than the rest of the corpus, by signed chi2 (quanteda's textstat_keyness).",
            chart: "keyness",
            command: s(&["keyness", "--groups", "clusters/documents.tsv", "--out", "keyness.tsv"]),
            table: None,
        },
        Stage {
            name: "Collocations",
            caption: "Adjacent word pairs seen at least twice, scored by normalized PMI (NLTK's BigramCollocationFinder); edge width follows the score.",
            chart: "collocations",
            command: s(&["collocations", "--out", "collocations.tsv"]),
            table: Some(("collocations.tsv", 20)),
        },
        Stage {
            name: "Co-occurrence network",
            caption: "The 100 most frequent terms, linked when they occur within 5 words of each other; the 60 strongest links drawn.",
            chart: "cooccurrence",
            command: s(&["cooccurrence", "--out", "cooccurrence.tsv"]),
            table: None,
        },
        Stage {
            name: "Topics",
            caption: "LDA by collapsed Gibbs sampling; each panel a topic's most probable terms, its c_npmi coherence (gensim's) in the title.",
            chart: "topics",
            command: vec!["topics".into(), "--k".into(), args.topics.to_string(), "--seed".into(), seed, "--out".into(), "topics".into()],
            table: Some(("topics/topics.tsv", 40)),
        },
        Stage {
            name: "Rank and frequency",
            caption: "Zipf's law: term frequency against rank on log–log axes, with the least-squares line.",
            chart: "zipf",
            command: s(&["stats", "--out", "stats.tsv"]),
            table: Some(("stats.tsv", 20)),
        },
    ];
    if let Some((first, rest)) = top_terms.split_first() {
        let mut command = vec!["kwic".to_string(), first.clone()];
        if !rest.is_empty() {
            command.push("--also".into());
            command.push(rest.join(","));
        }
        command.extend(["--out".into(), "kwic.tsv".into()]);
        out.push(Stage {
            name: "Dispersion",
            caption: "Where the five most frequent terms occur, documents end to end (NLTK's dispersion_plot).",
            chart: "dispersion",
            command,
            table: None,
        });
    }
    out
}

/// The corpus options, as command-line arguments for each stage: options, then `--` and
/// the inputs (so no file name is taken for an option).
fn corpus_argv(c: &CorpusArgs) -> Result<Vec<OsString>> {
    let mut v: Vec<OsString> = Vec::new();
    if c.lines {
        v.push("--lines".into());
    }
    if c.text_column != "text" {
        v.extend(["--text-column".into(), c.text_column.clone().into()]);
    }
    if let Some(id) = &c.id_column {
        v.extend(["--id-column".into(), id.into()]);
    }
    if c.lossy {
        v.push("--lossy".into());
    }
    if !c.inputs.is_empty() {
        v.push("--".into());
    }
    for p in &c.inputs {
        if p.as_os_str() == "-" {
            bail!("tahlil report reads its input once per stage: save standard input to a file and pass that");
        }
        v.push(p.clone().into_os_string());
    }
    Ok(v)
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    let corpus = corpus_argv(&args.corpus)?;
    // Fail on an unreadable corpus before making any directory; count its documents.
    let mut documents = 0;
    for doc in args.corpus.open()?.documents() {
        doc?;
        documents += 1;
    }
    create_dir(&args.out)?;
    let dir = &args.out;
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(12);
        b.set_style(
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
                .expect("valid template")
                .progress_chars("=> "),
        );
        b.enable_steady_tick(Duration::from_millis(120));
        b
    } else {
        ProgressBar::hidden()
    };
    QUIET.store(true, Ordering::Relaxed);
    let result = run_stages(&args, &corpus, documents, threads, &bar);
    QUIET.store(false, Ordering::Relaxed);
    bar.finish_and_clear();
    let done = result?;
    let index = dir.join("index.html");
    write_atomic(&index, |w| w.write_all(html(&args, &done).as_bytes()))?;
    eprintln!(
        "tahlil report: {} sections, {} charts (PNG and SVG), {:.1} s -> {}",
        done.len(),
        2 * done.len(),
        start.elapsed().as_secs_f64(),
        index.display()
    );
    Ok(())
}

/// A finished stage and the command line that reproduces it.
struct Done {
    stage: Stage,
    shown: Vec<String>,
}

fn run_stages(
    args: &Args,
    corpus: &[OsString],
    documents: usize,
    threads: usize,
    bar: &ProgressBar,
) -> Result<Vec<Done>> {
    let dir = &args.out;
    let mut done = Vec::new();
    let mut pending = stages(args, documents, &[]);
    let total = pending.len() + 2;
    bar.set_length(total as u64);
    // Vectors first: the files most users want.
    bar.set_message("vectorize");
    let mut argv: Vec<OsString> = vec!["tahlil".into(), "vectorize".into()];
    argv.extend(["--out".into(), dir.join("vectors").into_os_string()]);
    argv.extend(corpus.iter().cloned());
    run_one(argv, threads).context("report section \"vectors\"")?;
    bar.inc(1);
    while let Some(stage) = pending.first() {
        bar.set_message(stage.name);
        let mut argv: Vec<OsString> = vec!["tahlil".into()];
        let mut shown = vec!["tahlil".to_string()];
        for (k, a) in stage.command.iter().enumerate() {
            // Output paths (after --out) are inside the report directory.
            let is_path = k > 0 && ["--out", "--groups"].contains(&stage.command[k - 1].as_str());
            argv.push(if is_path {
                dir.join(a).into_os_string()
            } else {
                a.into()
            });
            shown.push(a.clone());
        }
        for ext in ["png", "svg"] {
            argv.push("--chart".into());
            argv.push(dir.join(format!("{}.{ext}", stage.chart)).into_os_string());
            shown.push("--chart".into());
            shown.push(format!("{}.{ext}", stage.chart));
        }
        // The corpus last, so a subcommand's own positional argument (kwic's TERM) comes first.
        argv.extend(corpus.iter().cloned());
        shown.extend(corpus.iter().map(|c| c.to_string_lossy().into_owned()));
        let skip = stage.chart == "keyness" && {
            let groups = read_groups(&dir.join("clusters/documents.tsv"))?;
            groups
                .values()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                < 2
        };
        if !skip {
            run_one(argv, threads).with_context(|| format!("report section {:?}", stage.name))?;
        }
        bar.inc(1);
        if stage.chart == "terms" {
            // The dispersion plot follows the five most frequent terms.
            let top = top_terms(&dir.join("terms.tsv"), 5)?;
            pending = stages(args, documents, &top);
        }
        let stage = pending.remove(0);
        if !skip {
            done.push(Done { stage, shown });
        }
    }
    bar.inc(1);
    Ok(done)
}

/// Parses and runs one subcommand line.
fn run_one(argv: Vec<OsString>, threads: usize) -> Result<()> {
    let cli = Cli::try_parse_from(argv).map_err(|e| anyhow::anyhow!("{}", e.to_string().trim()))?;
    execute(cli.command, threads)
}

/// The first `n` terms of a `tahlil terms` table.
fn top_terms(path: &Path, n: usize) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Ok(text
        .lines()
        .skip(1)
        .take(n)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect())
}

/// `s` quoted for a POSIX shell when it needs to be.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./,=:".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// An HTML table of the first `rows` rows of a TSV file (header included).
fn table(path: &Path, rows: usize) -> String {
    let Ok(text) = std::fs::read_to_string(path) else {
        return String::new();
    };
    let mut lines = text.lines();
    let mut out = String::from("<table>\n");
    if let Some(h) = lines.next() {
        out.push_str("<tr>");
        for c in h.split('\t') {
            let _ = write!(out, "<th>{}</th>", escape(c));
        }
        out.push_str("</tr>\n");
    }
    let mut more = 0;
    for (i, l) in lines.enumerate() {
        if i >= rows {
            more += 1;
            continue;
        }
        out.push_str("<tr>");
        for c in l.split('\t') {
            // Numbers to four decimals, as on a terminal; text with its own direction.
            match c.parse::<f64>() {
                Ok(x) if c.contains('.') => {
                    let _ = write!(out, "<td class=\"num\">{x:.4}</td>");
                }
                Ok(_) => {
                    let _ = write!(out, "<td class=\"num\">{}</td>", escape(c));
                }
                Err(_) => {
                    let _ = write!(out, "<td dir=\"auto\">{}</td>", escape(c));
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    if more > 0 {
        let _ = writeln!(
            out,
            "<p class=\"more\">… {more} more rows in <a href=\"{0}\">{0}</a></p>",
            escape(&rel(path))
        );
    }
    out
}

/// A path inside the report, relative to index.html.
fn rel(path: &Path) -> String {
    let parts: Vec<_> = path.components().rev().take(2).collect();
    let file = parts[0].as_os_str().to_string_lossy().into_owned();
    match parts
        .get(1)
        .map(|p| p.as_os_str().to_string_lossy().into_owned())
    {
        Some(parent) if ["clusters", "topics"].contains(&parent.as_str()) => {
            format!("{parent}/{file}")
        }
        _ => file,
    }
}

fn html(args: &Args, done: &[Done]) -> String {
    let dir = &args.out;
    let source = if args.corpus.inputs.is_empty() {
        "the five embedded seed articles (Arabic news, 2017, on ISIS and al-Qaeda)".to_string()
    } else {
        args.corpus
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tahlil report</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }}
h1 {{ margin-bottom: 0.2em; }}
h2 {{ border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }}
figure {{ margin: 1em 0; }}
figure img {{ max-width: 100%; height: auto; border: 1px solid #eee; }}
figcaption {{ color: #555; font-size: 0.95em; }}
code {{ background: #f5f5f5; padding: 0.1em 0.3em; font-size: 0.85em; word-break: break-all; }}
table {{ border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }}
th, td {{ border-bottom: 1px solid #e5e5e5; padding: 0.25em 0.7em; text-align: start; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.more, .meta {{ color: #666; font-size: 0.9em; }}
nav a {{ margin-right: 1em; }}
</style>
</head>
<body>
<h1>tahlil report</h1>
<p class="meta">Corpus: {source}. Written by tahlil {version}; every section below is one <code>tahlil</code> command, shown with its paths relative to this page, run with its defaults. The TF-IDF vectors are in <a href="vectors/">vectors/</a>.</p>
<nav>"#,
        source = escape(&source),
        version = env!("CARGO_PKG_VERSION"),
    );
    for d in done {
        let _ = write!(
            h,
            "<a href=\"#{}\">{}</a>",
            d.stage.chart,
            escape(d.stage.name)
        );
    }
    h.push_str("</nav>\n");
    for d in done {
        let s = &d.stage;
        let _ = write!(
            h,
            "<section id=\"{id}\">\n<h2>{name}</h2>\n<figure>\n<a href=\"{id}.png\"><img src=\"{id}.svg\" alt=\"{name}\"></a>\n<figcaption>{caption} (<a href=\"{id}.png\">PNG</a>, <a href=\"{id}.svg\">SVG</a>)</figcaption>\n</figure>\n<p class=\"meta\"><code>{cmd}</code></p>\n",
            id = s.chart,
            name = escape(s.name),
            caption = escape(s.caption),
            // Each word isolated, so Arabic arguments do not reorder the words around them.
            cmd = d.shown.iter().map(|w| format!("<bdi>{}</bdi>", escape(&shell_word(w)))).collect::<Vec<_>>().join(" "),
        );
        if let Some((file, rows)) = s.table {
            h.push_str(&table(&dir.join(file), rows));
        }
        h.push_str("</section>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}
