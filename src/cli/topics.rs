//! `tahlil topics`: topic models (LDA or NMF) with their top terms and coherence.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;
use tahlil::io::{fmt_f64, tsv_field, write_meta_header, write_meta_row, OutputSet};
use tahlil::topics::{self, Method, TopicCount, TopicModel, TopicParams, Tried};
use tahlil::vectorize::{count_terms, CountMatrix};

use tahlil::plot::bars::{Bars, Panel};

use super::args::{parse_k, CorpusArgs, KArg, WordArgs};
use super::chart::ChartArgs;

/// Terms per topic panel of --chart.
const CHART_TERMS: usize = 10;

/// Writes DIR/topics.tsv (`topic rank term display probability|weight`), DIR/documents.tsv (`id`, one
/// column per topic, and `heldout` with --holdout), DIR/topics.json (settings, top terms and
/// coherence of each topic) and, with --k auto, DIR/sweep.tsv (coherence for every K tried).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): Small multiples: each topic's top terms, its coherence in the panel title."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output directory (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "topics")]
    out: PathBuf,
    /// lda (collapsed Gibbs sampling on term counts) or nmf (NNDSVD + coordinate descent on
    /// TF-IDF, as scikit-learn's NMF).
    #[arg(long, default_value = "lda", value_parser = super::args::choice::<Method>())]
    method: Method,
    /// Number of topics, or `auto`: fit every K from --k-min to --k-max and keep the best mean
    /// c_npmi coherence (ties: the smaller K).
    #[arg(long, default_value = "10", value_parser = parse_k)]
    k: KArg,
    /// With --k auto: the smallest K tried.
    #[arg(long, default_value_t = 2, value_name = "K")]
    k_min: usize,
    /// With --k auto: the largest K tried.
    #[arg(long, default_value_t = 10, value_name = "K")]
    k_max: usize,
    /// LDA: document–topic Dirichlet prior.
    #[arg(long, default_value_t = 0.1)]
    alpha: f64,
    /// LDA: topic–word Dirichlet prior.
    #[arg(long, default_value_t = 0.01)]
    beta: f64,
    /// LDA: Gibbs sweeps. NMF: most coordinate-descent iterations.
    #[arg(long, default_value_t = 200)]
    iterations: usize,
    /// LDA: sweeps discarded before averaging the estimates.
    #[arg(long, default_value_t = 100)]
    burn_in: usize,
    /// LDA: learn an asymmetric document–topic prior α from the counts every N sweeps after
    /// --optimize-burn-in (Minka's fixed point, as MALLET's --optimize-interval and tomotopy's
    /// optim_interval, whose default this is); topics.json lists it as learned_alpha. 0 keeps α
    /// fixed and symmetric.
    #[arg(long, default_value_t = 10, value_name = "N")]
    optimize_interval: usize,
    /// LDA: with --optimize-interval, sweeps before the priors are first learned (MALLET's
    /// --optimize-burn-in, tomotopy's burn_in).
    #[arg(long, default_value_t = 0, value_name = "N")]
    optimize_burn_in: usize,
    /// LDA: with --optimize-interval, learn the topic–word prior β too (learned_beta).
    #[arg(long)]
    optimize_beta: bool,
    /// NMF: stop when the projected gradient falls to this fraction of its first value.
    #[arg(long, default_value_t = 1e-4)]
    tolerance: f64,
    /// LDA: hold out this fraction of the documents (seeded choice), fit on the rest and report
    /// the held-out perplexity (document completion).
    #[arg(long, value_name = "FRACTION")]
    holdout: Option<f64>,
    /// Seed of the sampler (LDA) or of the randomized SVD (NMF): same seed, same topics, for any
    /// --threads.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Terms listed per topic (and scored for coherence).
    #[arg(long, default_value_t = 10, value_name = "N")]
    top_terms: usize,
    /// Sliding window of the NPMI coherence (gensim's c_npmi: 10).
    #[arg(long, default_value_t = 10, value_name = "W")]
    coherence_window: usize,
    #[command(flatten)]
    words: WordArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

#[derive(Serialize)]
struct Topic {
    topic: usize,
    c_npmi: f64,
    u_mass: f64,
    /// (term, display form, weight).
    terms: Vec<(String, String, f64)>,
}

#[derive(Serialize)]
struct Summary<'a> {
    method: String,
    k: usize,
    #[serde(flatten)]
    details: &'a serde_json::Map<String, serde_json::Value>,
    coherence_window: usize,
    c_npmi: f64,
    u_mass: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    heldout_documents: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    heldout_perplexity: Option<f64>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    k_tried: &'a [Tried],
    topics: Vec<Topic>,
}

/// A parameter struct as a JSON object (its fields), for topics.json.
fn to_json(v: impl Serialize) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => unreachable!("parameters serialize to an object"),
    }
}

impl Args {
    /// The library's settings, as given.
    fn params(&self) -> TopicParams {
        TopicParams {
            method: self.method,
            k: match self.k {
                KArg::Fixed(k) => TopicCount::K(k),
                KArg::Auto => TopicCount::Auto {
                    min: self.k_min,
                    max: self.k_max,
                },
            },
            alpha: self.alpha,
            beta: self.beta,
            iterations: self.iterations,
            burn_in: self.burn_in,
            optimize_interval: self.optimize_interval,
            optimize_burn_in: self.optimize_burn_in,
            optimize_beta: self.optimize_beta,
            tolerance: self.tolerance,
            holdout: self.holdout,
            seed: self.seed,
            top_terms: self.top_terms,
            coherence_window: self.coherence_window,
        }
    }
}

/// The method's settings and figures, as topics.json lists them.
fn details(params: &TopicParams, model: &TopicModel) -> serde_json::Map<String, serde_json::Value> {
    let k = model.k();
    let mut details = match model.method {
        Method::Nmf => to_json(params.nmf(k)),
        Method::Lda => to_json(params.lda(k)),
    };
    details.remove("k");
    if let Some(f) = model.nmf {
        details.insert("iterations".into(), f.iterations.into());
        details.insert("reconstruction_error".into(), f.reconstruction_error.into());
    }
    if model.heldout.is_some() {
        details.insert("holdout".into(), params.holdout.into());
    }
    if let Some((alpha, beta)) = &model.priors {
        if params.optimize_interval > 0 {
            details.insert("learned_alpha".into(), alpha.clone().into());
        }
        if params.optimize_beta {
            details.insert("learned_beta".into(), (*beta).into());
        }
    }
    details
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    args.chart.check()?;
    let start = Instant::now();
    let params = args.params().check().map_err(tahlil::Error::from)?;
    let corpus = args.corpus.open()?;
    let pipeline = args.words.pipeline()?;
    let counts = count_terms(corpus.documents(), &pipeline, None, threads)?;
    // The texts, for coherence.
    let texts = topics::coherence::Texts::read(corpus.documents(), &pipeline, &counts.terms)?;
    let fitted = topics::fit(&counts, &texts, &params)?;
    // The tables and the chart appear together or not at all.
    let set = OutputSet::new();
    write(&set, &args.out, &args.chart, &params, &fitted, &counts)?;
    set.commit()?;
    let k = fitted.k();
    let c_npmi = fitted.mean_c_npmi();
    let u_mass = fitted.mean_u_mass();
    let method = fitted.method.to_string().to_uppercase();
    let perplexity = fitted
        .perplexity
        .map(|p| format!(", held-out perplexity {p:.2}"))
        .unwrap_or_default();
    super::status(format!(
        "tahlil topics: {}, {} ({}{}), c_npmi {:.4}, u_mass {:.4}{perplexity}, {:.3} s -> {}",
        super::output::count(counts.n_docs(), "document"),
        super::output::count(k, "topic"),
        method,
        if fitted.tried.is_empty() {
            String::new()
        } else {
            format!(
                ", best of K = {}..={}",
                args.k_min,
                fitted.tried.last().map_or(0, |t| t.k)
            )
        },
        c_npmi,
        u_mass,
        start.elapsed().as_secs_f64(),
        args.out.display()
    ));
    Ok(())
}

/// DIR/topics.tsv, documents.tsv, topics.json (and sweep.tsv after a sweep)
/// of a model fitted to `counts`, with its chart, staged in `set`.
pub(super) fn write(
    set: &OutputSet,
    dir: &Path,
    chart: &ChartArgs,
    params: &TopicParams,
    fitted: &TopicModel,
    counts: &CountMatrix,
) -> Result<()> {
    let k = fitted.k();
    let nmf = fitted.method == Method::Nmf;
    let details = details(params, fitted);
    let summary = Summary {
        method: fitted.method.to_string(),
        k,
        details: &details,
        coherence_window: params.coherence_window,
        c_npmi: fitted.mean_c_npmi(),
        u_mass: fitted.mean_u_mass(),
        heldout_documents: fitted
            .heldout
            .as_ref()
            .map(|m| m.iter().filter(|&&h| h).count()),
        heldout_perplexity: fitted.perplexity,
        k_tried: &fitted.tried,
        topics: fitted
            .top_terms
            .iter()
            .enumerate()
            .map(|(t, terms)| Topic {
                topic: t,
                c_npmi: fitted.c_npmi[t],
                u_mass: fitted.u_mass[t],
                terms: terms
                    .iter()
                    .map(|&(w, p)| {
                        (
                            counts.terms[w].to_string(),
                            counts.display_term(w).into_owned(),
                            p,
                        )
                    })
                    .collect(),
            })
            .collect(),
    };
    set.create_dir(dir)?;
    chart.stage(set, || {
        let panels = summary
            .topics
            .iter()
            .map(|t| {
                let title = format!("topic {} · c_npmi {:.3}", t.topic, t.c_npmi);
                let items = t
                    .terms
                    .iter()
                    .take(CHART_TERMS)
                    .map(|(_, display, p)| (display.clone(), *p))
                    .collect();
                Panel::new(&title, items)
            })
            .collect();
        let (value, method) = if nmf {
            ("weight", "NMF")
        } else {
            ("probability", "LDA")
        };
        Ok(Bars::grid(
            panels,
            value,
            &format!(
                "{method} topics (K = {k}), mean c_npmi {:.3}",
                summary.c_npmi
            ),
        ))
    })?;
    let mut b = ryu::Buffer::new();
    set.write(&dir.join("topics.tsv"), |w| {
        let value = if nmf { "weight" } else { "probability" };
        writeln!(w, "topic\trank\tterm\tdisplay\t{value}")?;
        for (t, terms) in fitted.top_terms.iter().enumerate() {
            for (r, &(word, p)) in terms.iter().enumerate() {
                writeln!(
                    w,
                    "{t}\t{}\t{}\t{}\t{}",
                    r + 1,
                    tsv_field(&counts.terms[word]),
                    tsv_field(&counts.display_term(word)),
                    fmt_f64(&mut b, p)
                )?;
            }
        }
        Ok(())
    })?;
    let mask = fitted.heldout.as_ref();
    set.write(&dir.join("documents.tsv"), |w| {
        write!(w, "id")?;
        for t in 0..k {
            write!(w, "\ttopic{t}")?;
        }
        write!(w, "{}", if mask.is_some() { "\theldout" } else { "" })?;
        write_meta_header(w, &counts.meta)?;
        for (d, (id, row)) in counts
            .ids
            .iter()
            .zip(fitted.doc_topic.outer_iter())
            .enumerate()
        {
            write!(w, "{}", tsv_field(id))?;
            for &x in row {
                write!(w, "\t{}", fmt_f64(&mut b, x))?;
            }
            if let Some(m) = mask {
                write!(w, "\t{}", u8::from(m[d]))?;
            }
            write_meta_row(w, &counts.meta, d)?;
        }
        Ok(())
    })?;
    if !summary.k_tried.is_empty() {
        set.write(&dir.join("sweep.tsv"), |w| {
            let holdout = params.holdout.is_some();
            writeln!(
                w,
                "k\tc_npmi\tu_mass{}",
                if holdout { "\tperplexity" } else { "" }
            )?;
            for t in summary.k_tried {
                write!(w, "{}\t{}", t.k, fmt_f64(&mut b, t.c_npmi))?;
                write!(w, "\t{}", fmt_f64(&mut b, t.u_mass))?;
                if holdout {
                    match t.perplexity {
                        Some(p) => write!(w, "\t{}", fmt_f64(&mut b, p))?,
                        None => write!(w, "\t")?,
                    }
                }
                writeln!(w)?;
            }
            Ok(())
        })?;
    }
    set.write(&dir.join("topics.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &summary).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    Ok(())
}
