//! `tahlil report`: the whole analysis in one directory, with an index.html to read it.
//!
//! Each section is one analysis run with the library at the subcommand's defaults and
//! written by that subcommand's own writer, so every table and chart in it is exactly
//! what the subcommand gives (its command line is shown under each section, to
//! reproduce or vary it). The corpus is read, counted and weighed once for all of them,
//! and every file is staged until the whole report is written (see `OutputSet`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use tahlil::cluster::{embed, ClusterParams, Cut, Space};
use tahlil::input::{Corpus, GroupBy};
use tahlil::io::{stage_vectors, MatrixFormat, OutputSet};
use tahlil::normalize::NormalizeOptions;
use tahlil::params::Valid;
use tahlil::pipeline::PipelineOptions;
use tahlil::reduce::Projection;
use tahlil::segment::Clitics;
use tahlil::similarity::{pairwise, Metric};
use tahlil::terms::collocations::{Measure as CollocationMeasure, PairCounts};
use tahlil::terms::cooccurrence::{cooccurrence, Score, Span};
use tahlil::terms::frequency::{sort, term_stats, top_per_document, SortBy};
use tahlil::terms::keyness::{group_targets, Measure as KeynessMeasure};
use tahlil::terms::profile::Profile;
use tahlil::terms::trends::{trends, Matcher};
use tahlil::time::By;
use tahlil::topics::{TopicCount, TopicParams};
use tahlil::vectorize::{count_terms, TfidfVectorizer, VectorizerOptions};

use super::args::{describe_space, CorpusArgs, KArg};
use super::chart::ChartArgs;
use super::table::TableArgs;
use super::{
    cluster, collocations, cooccurrence, keyness, kwic, map, similarity, stats, terms, topics,
};

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
    /// Add the group sections: keyness and top terms per value of field COL.
    #[arg(long, value_name = "COL")]
    group_by: Option<String>,
    /// The period of the time sections (trends of the top terms, keyness per period),
    /// which are added when the documents are dated: --date-column, or a field `date`.
    #[arg(long, default_value = "month", value_parser = crate::cli::args::choice::<By>())]
    by: By,
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

/// What the corpus offers beyond its texts.
#[derive(Clone)]
struct Extras {
    /// The documents are dated.
    dated: bool,
    /// The most frequent terms in their display forms, as the trends follow them.
    shown_terms: Vec<String>,
}

fn stages(args: &Args, documents: usize, top_terms: &[String], extras: &Extras) -> Vec<Stage> {
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
    let by = args.by.to_string();
    if extras.dated && !top_terms.is_empty() {
        let mut command = vec!["trends".to_string()];
        command.extend(extras.shown_terms.iter().cloned());
        command.extend(s(&["--by", &by, "--out", "trends.tsv"]));
        out.push(Stage {
            name: "Trends of the top terms",
            caption: "The five most frequent terms per 10,000 words in each period, matched as keyword in context matches them; periods with no documents are drawn at zero.",
            chart: "trends",
            command,
            table: None,
        });
        out.push(Stage {
            name: "Keyness per period",
            caption: "Terms each period uses more (right) or less (left) than the other periods, by signed chi2; one panel per period with documents.",
            chart: "keyness-periods",
            command: s(&["keyness", "--by", &by, "--out", "keyness-periods.tsv"]),
            table: None,
        });
    }
    if let Some(column) = &args.group_by {
        out.push(Stage {
            name: "Top terms per group",
            caption: "Each group's most frequent terms (the groups are the values of the field named in the command).",
            chart: "terms-groups",
            command: s(&["terms", "--group-by", column, "--out", "terms-groups.tsv"]),
            table: None,
        });
        out.push(Stage {
            name: "Keyness per group",
            caption: "Terms each group uses more (right) or less (left) than the rest of the corpus, by signed chi2.",
            chart: "keyness-groups",
            command: s(&["keyness", "--group-by", column, "--out", "keyness-groups.tsv"]),
            table: None,
        });
    }
    out
}

/// The corpus options as command-line arguments, to show with each section:
/// options, then `--` and the inputs (so no file name is taken for an option).
fn corpus_argv(c: &CorpusArgs) -> Result<Vec<String>> {
    let mut v: Vec<String> = Vec::new();
    if c.lines {
        v.push("--lines".into());
    }
    if c.text_column != "text" {
        v.extend(["--text-column".into(), c.text_column.clone()]);
    }
    if let Some(id) = &c.id_column {
        v.extend(["--id-column".into(), id.clone()]);
    }
    if c.lossy {
        v.push("--lossy".into());
    }
    if let Some(m) = &c.metadata {
        v.extend(["--metadata".into(), m.to_string_lossy().into_owned()]);
    }
    if let Some(d) = &c.date_column {
        v.extend(["--date-column".into(), d.clone()]);
    }
    if c.skip_bad_dates {
        v.push("--skip-bad-dates".into());
    }
    for (col, value) in &c.r#where {
        v.extend(["--where".into(), format!("{col}={value}")]);
    }
    if let Some(d) = c.since {
        v.extend(["--since".into(), d.to_string()]);
    }
    if let Some(d) = c.until {
        v.extend(["--until".into(), d.to_string()]);
    }
    if !c.inputs.is_empty() {
        v.push("--".into());
    }
    for p in &c.inputs {
        if p.as_os_str() == "-" {
            bail!("tahlil report reads its input several times: save standard input to a file and pass that");
        }
        v.push(p.to_string_lossy().into_owned());
    }
    Ok(v)
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    let corpus_shown = corpus_argv(&args.corpus)?;
    let topics = TopicParams {
        k: TopicCount::K(args.topics),
        seed: args.seed,
        ..TopicParams::default()
    }
    .check()
    .map_err(tahlil::Error::from)?;
    // Fail on an unreadable corpus before making any directory; count its
    // documents. They are dated if a date column is named, or if they have a
    // field `date`.
    let mut corpus = args.corpus.open()?;
    let mut documents = 0;
    // Without --date-column, a field `date` dates the documents when every
    // document's parses and fits a period of --by; else no time sections.
    let named = corpus.options().date_column.is_some();
    let mut dated = true;
    for doc in corpus.documents() {
        let doc = doc?;
        dated &= match (named, doc.meta.get("date")) {
            (true, _) => doc.meta.date.is_some_and(|d| args.by.period(d).is_ok()),
            (false, Some(v)) => v.parse().is_ok_and(|d| args.by.period(d).is_ok()),
            (false, None) => false,
        };
        documents += 1;
    }
    if dated && !named {
        corpus = args.corpus.open_dated()?;
    }
    let has_date = dated;
    let extras = Extras {
        dated: has_date,
        shown_terms: Vec::new(),
    };
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
    // Every file of the report appears together, or none of them.
    let set = OutputSet::new();
    set.create_dir(&args.out)?;
    let report = Report {
        args: &args,
        corpus: &corpus,
        corpus_shown: &corpus_shown,
        set: &set,
        bar: &bar,
    };
    let done = report.sections(documents, &topics, extras, threads);
    bar.finish_and_clear();
    let done = done?;
    let index = args.out.join("index.html");
    set.write(&index, |w| w.write_all(html(&args, &set, &done).as_bytes()))?;
    set.commit()?;
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

/// What every section shares.
struct Report<'a> {
    args: &'a Args,
    corpus: &'a Corpus,
    corpus_shown: &'a [String],
    set: &'a OutputSet,
    bar: &'a ProgressBar,
}

impl Report<'_> {
    /// `file` inside the report.
    fn at(&self, file: &str) -> PathBuf {
        self.args.out.join(file)
    }

    /// A table written to `file` inside the report.
    fn table(&self, file: &str) -> TableArgs {
        TableArgs::file(self.at(file))
    }

    /// A stage's chart, as PNG and SVG.
    fn charts(&self, stage: &Stage) -> ChartArgs {
        ChartArgs::files(vec![
            self.at(&format!("{}.png", stage.chart)),
            self.at(&format!("{}.svg", stage.chart)),
        ])
    }

    /// The command line that gives the same files: the stage's command, its
    /// charts, then the corpus.
    fn shown(&self, stage: &Stage) -> Vec<String> {
        let mut shown = vec!["tahlil".to_string()];
        shown.extend(stage.command.iter().cloned());
        for ext in ["png", "svg"] {
            shown.push("--chart".into());
            shown.push(format!("{}.{ext}", stage.chart));
        }
        shown.extend(self.corpus_shown.iter().cloned());
        shown
    }

    /// Runs each section with the library, staging its files; returns the
    /// sections written, in order.
    fn sections(
        &self,
        documents: usize,
        topics: &Valid<TopicParams>,
        extras: Extras,
        threads: usize,
    ) -> Result<Vec<Done>> {
        let (args, corpus, set, bar) = (self.args, self.corpus, self.set, self.bar);
        let seed = args.seed;
        // Every section reads the corpus as its command does by default: one
        // pipeline, one count of its terms, one TF-IDF fit, one list of words.
        bar.set_message("vectorize");
        let vectorizer =
            TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default())?;
        let pipeline = vectorizer.pipeline();
        let counts = count_terms(corpus.documents(), pipeline, None, threads)?;
        let (model, vectors) =
            tahlil::parallel::with_threads(threads, || vectorizer.fit_counts(counts.clone()))??;
        stage_vectors(
            set,
            &self.at("vectors"),
            MatrixFormat::Mtx,
            &model,
            &vectors,
        )
        .context("report section \"vectors\"")?;
        let (words, forms) = pipeline.document_words(corpus.documents())?;
        let texts: Vec<Vec<&str>> = words
            .iter()
            .map(|d| d.iter().map(|w| w.as_str()).collect())
            .collect();
        let ids = &vectors.ids;
        let mut stats = term_stats(&counts, &model, &vectors);
        sort(&mut stats, SortBy::Frequency);
        // The dispersion plot follows the five most frequent terms.
        let top: Vec<String> = stats.iter().take(5).map(|s| s.term.clone()).collect();
        let extras = Extras {
            shown_terms: stats.iter().take(5).map(|s| s.display.clone()).collect(),
            ..extras
        };
        bar.set_length(stages(args, documents, &top, &extras).len() as u64 + 2);
        bar.inc(1);
        let mut stats = Some(stats);
        let mut clustering = None;
        let mut done = Vec::new();
        for stage in stages(args, documents, &top, &extras) {
            bar.set_message(stage.name);
            let charts = self.charts(&stage);
            let mut section = || -> Result<bool> {
                match stage.chart {
                    "terms" => {
                        let stats = stats.take().expect("one terms section");
                        terms::write_stats(
                            set,
                            &self.table("terms.tsv"),
                            &charts,
                            stats,
                            SortBy::Frequency,
                        )?;
                    }
                    "terms-per-document" => {
                        let rows = top_per_document(&counts, &model, &vectors, 10);
                        terms::write_per_document(
                            set,
                            &self.table("terms-per-document.tsv"),
                            &charts,
                            rows,
                            ids,
                        )?;
                    }
                    "similarity" => {
                        let m = pairwise(&vectors.matrix, Metric::Cosine);
                        let out = self.at("similarity.csv");
                        similarity::write_matrix(
                            set,
                            Some(&out),
                            similarity::Format::Csv,
                            &charts,
                            &m,
                            ids,
                            Metric::Cosine,
                        )?;
                    }
                    "dendrogram" => {
                        let params = ClusterParams {
                            method: tahlil::cluster::Method::Hierarchical,
                            // Silhouettes need three documents to choose K; fewer make one cluster.
                            cut: if documents < 3 {
                                Cut::K(1)
                            } else {
                                ClusterParams::default().cut
                            },
                            seed,
                            ..ClusterParams::default()
                        }
                        .check()?;
                        let (x, space) = embed(&vectors.matrix, Space::Auto, seed)?;
                        let c = params.fit(x.view())?;
                        let space = describe_space(space, x.ncols());
                        let outcome = cluster::Outcome {
                            params: &params,
                            model: &model,
                            vectors: &vectors,
                            clustering: &c,
                            space: &space,
                        };
                        cluster::write(set, &self.at("clusters"), 10, &charts, &outcome)?;
                        clustering = Some(c);
                    }
                    "map" => {
                        let (xy, labels) =
                            map::place(&vectors, Projection::Pca, 100, KArg::Auto, 10, seed)?;
                        map::write(
                            set,
                            Some(&self.at("map.tsv")),
                            &charts,
                            Projection::Pca,
                            (&xy, &labels),
                            &vectors,
                            None,
                        )?;
                    }
                    "collocations" => {
                        let rows = PairCounts::new(texts.iter().map(|d| d.iter().copied()), 2)?
                            .score(CollocationMeasure::Npmi, 2)
                            .into_iter()
                            .map(|r| r.shown(&forms))
                            .collect();
                        collocations::write_pairs(
                            set,
                            &self.table("collocations.tsv"),
                            &charts,
                            rows,
                            &forms,
                            CollocationMeasure::Npmi,
                            2,
                        )?;
                    }
                    "cooccurrence" => {
                        let span = Span::Window(5);
                        let (_, edges) = cooccurrence(
                            texts.iter().map(|d| d.iter().copied()),
                            100,
                            span,
                            Score::Count,
                        )?;
                        let edges = edges.into_iter().map(|e| e.shown(&forms)).collect();
                        cooccurrence::write_edges(
                            set,
                            &self.table("cooccurrence.tsv"),
                            &charts,
                            edges,
                            span,
                            Score::Count,
                        )?;
                    }
                    "topics" => {
                        let index: HashMap<&str, u32> = counts
                            .terms
                            .iter()
                            .enumerate()
                            .map(|(i, t)| (t, i as u32))
                            .collect();
                        let texts = tahlil::topics::coherence::Texts::from_words(&texts, |w| {
                            index.get(w).copied()
                        });
                        let fitted = tahlil::topics::fit(&counts, &texts, topics)?;
                        topics::write(set, &self.at("topics"), &charts, topics, &fitted, &counts)?;
                    }
                    "zipf" => {
                        stats::write(
                            set,
                            &self.table("stats.tsv"),
                            &charts,
                            Profile::of(&counts),
                            false,
                        )?;
                    }
                    "dispersion" => {
                        let pipeline = tahlil::terms::kwic::context_pipeline(
                            NormalizeOptions::default(),
                            Clitics::Drop,
                        )?;
                        kwic::write(
                            set,
                            &self.table("kwic.tsv"),
                            &charts,
                            &pipeline,
                            corpus,
                            &top,
                            5,
                        )?;
                    }
                    "trends" => {
                        let matcher = Matcher::new(pipeline, &extras.shown_terms)?;
                        let t = trends(corpus.documents(), &matcher, args.by, None, threads)?;
                        super::trends::stage(set, &self.table("trends.tsv"), &charts, &t, args.by)?;
                    }
                    "keyness" | "keyness-periods" | "keyness-groups" => {
                        let comparisons = match stage.chart {
                            "keyness" => {
                                // Each hierarchical cluster against the rest, groups
                                // named as clusters/documents.tsv names them.
                                let labels =
                                    &clustering.as_ref().expect("clusters before keyness").labels;
                                let groups = ids
                                    .iter()
                                    .cloned()
                                    .zip(labels.iter().map(|l| l.to_string()))
                                    .collect();
                                group_targets(ids, &groups)
                            }
                            "keyness-periods" => counts
                                .meta
                                .groups(&GroupBy::Period(args.by))?
                                .each_against_rest(),
                            _ => {
                                let column = args.group_by.clone().expect("a group section");
                                counts
                                    .meta
                                    .groups(&GroupBy::Field(column))?
                                    .each_against_rest()
                            }
                        };
                        if comparisons.len() < 2 {
                            return Ok(false);
                        }
                        keyness::write(
                            set,
                            &self.table(&format!("{}.tsv", stage.chart)),
                            &charts,
                            &counts,
                            comparisons,
                            KeynessMeasure::Chi2,
                            true,
                        )?;
                    }
                    "terms-groups" => {
                        let column = args.group_by.clone().expect("a group section");
                        let groups = counts.meta.groups(&GroupBy::Field(column))?;
                        let per_group =
                            terms::per_group(&counts, &model, &vectors, &groups, SortBy::Frequency);
                        terms::write_groups(
                            set,
                            &self.table("terms-groups.tsv"),
                            &charts,
                            per_group,
                            SortBy::Frequency,
                        )?;
                    }
                    other => unreachable!("a section without code: {other}"),
                }
                Ok(true)
            };
            let written = section().with_context(|| format!("report section {:?}", stage.name))?;
            bar.inc(1);
            if written {
                let shown = self.shown(&stage);
                done.push(Done { stage, shown });
            }
        }
        bar.inc(1);
        Ok(done)
    }
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

/// An HTML table of the first `rows` rows of a TSV file staged in `set`
/// (header included).
fn table(set: &OutputSet, path: &Path, rows: usize) -> String {
    let Some(Ok(text)) = set.staged(path).map(std::fs::read_to_string) else {
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

fn html(args: &Args, set: &OutputSet, done: &[Done]) -> String {
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
            h.push_str(&table(set, &dir.join(file), rows));
        }
        h.push_str("</section>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}
