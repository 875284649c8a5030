//! `tahlil topics`: topic models (LDA or NMF) with their top terms and coherence.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Result};
use ndarray::Array2;
use serde::Serialize;
use tahlil::io::{create_dir, fmt_f64, tsv_field, write_atomic};
use tahlil::topics::coherence::{c_npmi, u_mass};
use tahlil::topics::{lda, nmf};
use tahlil::vectorize::{
    count_terms, CountMatrix, TfidfMatrix, TfidfVectorizer, VectorizerOptions,
};

use tahlil::plot::bars::{Bars, Panel};

use super::args::{document_words, parse_k, CorpusArgs, KArg, WordArgs};
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
    #[arg(long, default_value = "lda", value_parser = ["lda", "nmf"])]
    method: String,
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

/// One fitted model, whatever the method.
struct Fitted {
    /// K × V, rows summing to 1.
    topic_word: Array2<f64>,
    /// D × K (all documents, held-out ones from their fold-in).
    doc_topic: Array2<f64>,
    /// The method's settings and figures, for topics.json.
    details: serde_json::Map<String, serde_json::Value>,
    perplexity: Option<f64>,
    /// Top terms of each topic as (term id, weight).
    top: Vec<Vec<(usize, f64)>>,
    c_npmi: Vec<f64>,
    u_mass: Vec<f64>,
}

#[derive(Serialize)]
struct Tried {
    k: usize,
    c_npmi: f64,
    u_mass: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    perplexity: Option<f64>,
}

#[derive(Serialize)]
struct Summary<'a> {
    method: &'a str,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    k_tried: Vec<Tried>,
    topics: Vec<Topic>,
}

/// A parameter struct as a JSON object (its fields), for topics.json.
fn to_json(v: impl Serialize) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => unreachable!("parameters serialize to an object"),
    }
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len().max(1) as f64
}

/// The data every fit shares.
struct Data<'a> {
    counts: &'a CountMatrix,
    /// NMF: the TF-IDF of `counts`.
    tfidf: Option<TfidfMatrix>,
    /// LDA with --holdout: (kept, held out, held-out mask).
    split: Option<(CountMatrix, CountMatrix, Vec<bool>)>,
    texts: Vec<Vec<&'a str>>,
}

impl Args {
    /// The LDA settings for `k` topics.
    fn lda_params(&self, k: usize) -> lda::LdaParams {
        lda::LdaParams {
            k,
            alpha: self.alpha,
            beta: self.beta,
            iterations: self.iterations,
            burn_in: self.burn_in,
            seed: self.seed,
        }
    }

    fn fit(&self, k: usize, data: &Data) -> Result<Fitted> {
        let (topic_word, doc_topic, mut details, perplexity) = if self.method == "nmf" {
            let p = nmf::NmfParams {
                k,
                max_iterations: self.iterations,
                tolerance: self.tolerance,
                seed: self.seed,
            };
            let x = data.tfidf.as_ref().expect("TF-IDF built for NMF");
            let model = nmf::fit(x, &p)?;
            let mut details = to_json(p);
            details.remove("k");
            details.insert("iterations".into(), model.iterations.into());
            details.insert(
                "reconstruction_error".into(),
                model.reconstruction_error.into(),
            );
            (model.topic_word(), model.doc_topic(), details, None)
        } else {
            let p = self.lda_params(k);
            let mut details = to_json(p);
            details.remove("k");
            match &data.split {
                None => {
                    let model = lda::fit(data.counts, &p)?;
                    (model.topic_word, model.doc_topic, details, None)
                }
                Some((kept, held, mask)) => {
                    let model = lda::fit(kept, &p)?;
                    let (perplexity, folded) = lda::perplexity(&model, held, &p);
                    // Back in corpus order: kept rows from the fit, held-out rows folded in.
                    let mut theta = Array2::zeros((data.counts.n_docs(), k));
                    let (mut a, mut b) = (0, 0);
                    for (d, &h) in mask.iter().enumerate() {
                        let row = if h {
                            folded.row(b)
                        } else {
                            model.doc_topic.row(a)
                        };
                        theta.row_mut(d).assign(&row);
                        (a, b) = if h { (a, b + 1) } else { (a + 1, b) };
                    }
                    details.insert("holdout".into(), self.holdout.into());
                    (model.topic_word, theta, details, perplexity)
                }
            }
        };
        details.retain(|_, v| !v.is_null());
        let top: Vec<Vec<(usize, f64)>> = topic_word
            .outer_iter()
            .map(|row| {
                let mut terms: Vec<(usize, f64)> = row.iter().copied().enumerate().collect();
                terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                terms.truncate(self.top_terms);
                terms
            })
            .collect();
        let words: Vec<Vec<&str>> = top
            .iter()
            .map(|t| t.iter().map(|&(w, _)| &data.counts.terms[w]).collect())
            .collect();
        let c_npmi = c_npmi(&data.texts, &words, self.coherence_window);
        let u_mass = u_mass(&data.texts, &words);
        Ok(Fitted {
            topic_word,
            doc_topic,
            details,
            perplexity,
            top,
            c_npmi,
            u_mass,
        })
    }
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    args.chart.check()?;
    let start = Instant::now();
    let nmf = args.method == "nmf";
    if nmf && args.holdout.is_some() {
        bail!("--holdout scores LDA's held-out likelihood; NMF has none (drop --holdout or use --method lda)");
    }
    if !nmf {
        // Any K: K is checked when each model is fitted.
        args.lda_params(1).check().map_err(tahlil::Error::from)?;
    }
    let corpus = args.corpus.open()?;
    let pipeline = args.words.pipeline()?;
    let counts = count_terms(corpus.documents(), &pipeline, None, threads)?;
    if counts.n_docs() == 0 || counts.terms.is_empty() {
        return Err(tahlil::Error::EmptyCorpus(
            "no words to model (empty corpus, or every word filtered out)".into(),
        )
        .into());
    }
    // The texts, for coherence.
    let (owned, _) = document_words(&corpus, &pipeline)?;
    let tfidf = if nmf {
        let v = TfidfVectorizer::new(pipeline.options().clone(), VectorizerOptions::default())?;
        Some(v.fit_counts(counts.clone())?.1.matrix)
    } else {
        None
    };
    let split = match args.holdout {
        Some(f) => Some(lda::hold_out(&counts, f, args.seed)?),
        None => None,
    };
    let data = Data {
        counts: &counts,
        tfidf,
        split,
        texts: owned
            .iter()
            .map(|t| t.iter().map(|w| w.as_str()).collect())
            .collect(),
    };
    let (fitted, tried) = match args.k {
        KArg::Fixed(k) => (args.fit(k, &data)?, Vec::new()),
        KArg::Auto => {
            // NNDSVD needs K <= min(documents, terms).
            let limit = if nmf {
                counts.n_docs().min(counts.terms.len())
            } else {
                usize::MAX
            };
            let k_max = args.k_max.min(limit);
            if args.k_min < 1 || args.k_min > k_max {
                bail!(
                    "--k auto tries K from --k-min {} to --k-max {}{}: need 1 <= k-min <= k-max",
                    args.k_min,
                    args.k_max,
                    if k_max < args.k_max {
                        format!(" (NMF: at most {k_max} here, min(documents, terms))")
                    } else {
                        String::new()
                    }
                );
            }
            let mut best: Option<Fitted> = None;
            let mut tried = Vec::new();
            for k in args.k_min..=k_max {
                let f = args.fit(k, &data)?;
                tried.push(Tried {
                    k,
                    c_npmi: mean(&f.c_npmi),
                    u_mass: mean(&f.u_mass),
                    perplexity: f.perplexity,
                });
                if best
                    .as_ref()
                    .is_none_or(|b| mean(&f.c_npmi) > mean(&b.c_npmi))
                {
                    best = Some(f);
                }
            }
            (best.expect("at least one K tried"), tried)
        }
    };
    let k = fitted.topic_word.nrows();
    let summary = Summary {
        method: if nmf { "nmf" } else { "lda" },
        k,
        details: &fitted.details,
        coherence_window: args.coherence_window,
        c_npmi: mean(&fitted.c_npmi),
        u_mass: mean(&fitted.u_mass),
        heldout_documents: data.split.as_ref().map(|s| s.1.n_docs()),
        heldout_perplexity: fitted.perplexity,
        k_tried: tried,
        topics: fitted
            .top
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
    create_dir(&args.out)?;
    args.chart.draw(|| {
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
    write_atomic(&args.out.join("topics.tsv"), |w| {
        let value = if nmf { "weight" } else { "probability" };
        writeln!(w, "topic\trank\tterm\tdisplay\t{value}")?;
        for (t, terms) in fitted.top.iter().enumerate() {
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
    let mask = data.split.as_ref().map(|s| &s.2);
    write_atomic(&args.out.join("documents.tsv"), |w| {
        write!(w, "id")?;
        for t in 0..k {
            write!(w, "\ttopic{t}")?;
        }
        writeln!(w, "{}", if mask.is_some() { "\theldout" } else { "" })?;
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
            writeln!(w)?;
        }
        Ok(())
    })?;
    if !summary.k_tried.is_empty() {
        write_atomic(&args.out.join("sweep.tsv"), |w| {
            let holdout = args.holdout.is_some();
            writeln!(
                w,
                "k\tc_npmi\tu_mass{}",
                if holdout { "\tperplexity" } else { "" }
            )?;
            for t in &summary.k_tried {
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
    write_atomic(&args.out.join("topics.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &summary).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    let perplexity = fitted
        .perplexity
        .map(|p| format!(", held-out perplexity {p:.2}"))
        .unwrap_or_default();
    super::status(format!(
        "tahlil topics: {}, {} ({}{}), c_npmi {:.4}, u_mass {:.4}{perplexity}, {:.3} s -> {}",
        super::output::count(counts.n_docs(), "document"),
        super::output::count(k, "topic"),
        summary.method.to_uppercase(),
        if summary.k_tried.is_empty() {
            String::new()
        } else {
            format!(
                ", best of K = {}..={}",
                args.k_min,
                summary.k_tried.last().map_or(0, |t| t.k)
            )
        },
        summary.c_npmi,
        summary.u_mass,
        start.elapsed().as_secs_f64(),
        args.out.display()
    ));
    Ok(())
}
