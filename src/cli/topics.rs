//! `tahlil topics`: topic models with their top terms and coherence.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;
use tahlil::io::{create_dir, fmt_f64, tsv_field, write_atomic};
use tahlil::topics::coherence::{c_npmi, u_mass};
use tahlil::topics::lda::{fit, LdaParams};
use tahlil::vectorize::count_terms;

use super::args::{document_words, CorpusArgs, WordArgs};

/// Writes DIR/topics.tsv (`topic rank term probability`), DIR/documents.tsv (`id` and one
/// column per topic) and DIR/topics.json (top terms and coherence of each topic).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output directory (created if missing).
    #[arg(long, short, value_name = "DIR", default_value = "topics")]
    out: PathBuf,
    /// Number of topics.
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Document–topic Dirichlet prior.
    #[arg(long, default_value_t = 0.1)]
    alpha: f64,
    /// Topic–word Dirichlet prior.
    #[arg(long, default_value_t = 0.01)]
    beta: f64,
    /// Gibbs sweeps.
    #[arg(long, default_value_t = 200)]
    iterations: usize,
    /// Sweeps discarded before averaging the estimates.
    #[arg(long, default_value_t = 100)]
    burn_in: usize,
    /// Seed of the sampler: same seed, same topics, for any --threads.
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
}

#[derive(Serialize)]
struct Topic {
    topic: usize,
    c_npmi: f64,
    u_mass: f64,
    terms: Vec<(String, f64)>,
}

#[derive(Serialize)]
struct Summary {
    method: &'static str,
    #[serde(flatten)]
    params: LdaParams,
    coherence_window: usize,
    c_npmi: f64,
    u_mass: f64,
    topics: Vec<Topic>,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let start = Instant::now();
    let params = LdaParams {
        k: args.k,
        alpha: args.alpha,
        beta: args.beta,
        iterations: args.iterations,
        burn_in: args.burn_in,
        seed: args.seed,
    };
    let corpus = args.corpus.open()?;
    let pipeline = args.words.pipeline()?;
    let counts = count_terms(corpus.documents(), &pipeline, None, threads)?;
    if counts.n_docs() == 0 || counts.terms.is_empty() {
        return Err(tahlil::Error::EmptyCorpus(
            "no words to model (empty corpus, or every word filtered out)".into(),
        )
        .into());
    }
    let lda = fit(&counts, &params)?;
    // The texts, for coherence.
    let texts = document_words(&corpus, &pipeline)?;
    let top: Vec<Vec<(usize, f64)>> = lda
        .topic_word
        .outer_iter()
        .map(|row| {
            let mut terms: Vec<(usize, f64)> = row.iter().copied().enumerate().collect();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            terms.truncate(args.top_terms);
            terms
        })
        .collect();
    let words: Vec<Vec<&str>> = top
        .iter()
        .map(|t| t.iter().map(|&(w, _)| &*counts.terms[w]).collect())
        .collect();
    let text_refs: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| t.iter().map(|w| w.as_str()).collect())
        .collect();
    let npmi = c_npmi(&text_refs, &words, args.coherence_window);
    let umass = u_mass(&text_refs, &words);
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len().max(1) as f64;
    let summary = Summary {
        method: "lda",
        params,
        coherence_window: args.coherence_window,
        c_npmi: mean(&npmi),
        u_mass: mean(&umass),
        topics: top
            .iter()
            .enumerate()
            .map(|(t, terms)| Topic {
                topic: t,
                c_npmi: npmi[t],
                u_mass: umass[t],
                terms: terms
                    .iter()
                    .map(|&(w, p)| (counts.terms[w].to_string(), p))
                    .collect(),
            })
            .collect(),
    };
    create_dir(&args.out)?;
    let mut b = ryu::Buffer::new();
    write_atomic(&args.out.join("topics.tsv"), |w| {
        writeln!(w, "topic\trank\tterm\tprobability")?;
        for (t, terms) in top.iter().enumerate() {
            for (r, &(word, p)) in terms.iter().enumerate() {
                writeln!(
                    w,
                    "{t}\t{}\t{}\t{}",
                    r + 1,
                    tsv_field(&counts.terms[word]),
                    fmt_f64(&mut b, p)
                )?;
            }
        }
        Ok(())
    })?;
    write_atomic(&args.out.join("documents.tsv"), |w| {
        write!(w, "id")?;
        for t in 0..args.k {
            write!(w, "\ttopic{t}")?;
        }
        writeln!(w)?;
        for (id, row) in counts.ids.iter().zip(lda.doc_topic.outer_iter()) {
            write!(w, "{}", tsv_field(id))?;
            for &x in row {
                write!(w, "\t{}", fmt_f64(&mut b, x))?;
            }
            writeln!(w)?;
        }
        Ok(())
    })?;
    write_atomic(&args.out.join("topics.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &summary).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    eprintln!(
        "tahlil topics: {} documents, {} topics (LDA, {} sweeps), c_npmi {:.4}, u_mass {:.4}, {:.3} s -> {}",
        counts.n_docs(),
        args.k,
        args.iterations,
        summary.c_npmi,
        summary.u_mass,
        start.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}
