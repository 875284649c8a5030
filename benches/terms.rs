//! Criterion benchmarks of term statistics and topics on the synthetic
//! corpus (`tahlil synth`, seed 1):
//!
//! * `collocations/bigrams_pmi/100MB`: words of the 100 MB corpus
//!   (normalization and default filters), bigram counts and the PMI of the
//!   pairs seen at least twice, as `tahlil collocations` computes them;
//! * `lda/k20_200_sweeps/10000`: LDA with K = 20, 200 Gibbs sweeps (100 of
//!   burn-in) on the term counts of the first 10,000 documents.
//!
//! Each benchmark checks its own result once before timing it. Ten samples
//! of each take about five minutes in all.
//!
//!     cargo bench --bench terms

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tahlil::input::Document;
use tahlil::pipeline::{Pipeline, PipelineOptions, Scratch};
use tahlil::synth::{generate, SynthOptions};
use tahlil::terms::collocations::{Measure, PairCounts};
use tahlil::topics::lda::{fit, LdaParams};
use tahlil::vectorize::count_terms;

/// The synthetic corpus of about `bytes` bytes, one document per line.
fn corpus(bytes: u64) -> String {
    let mut out = Vec::new();
    let o = SynthOptions {
        bytes,
        seed: 1,
        types: 200_000,
    };
    generate(&o, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// What `tahlil collocations --measure pmi` computes: every document's
/// words, then the scored pairs.
fn bigrams(text: &str, pipeline: &Pipeline) -> Vec<tahlil::terms::collocations::Collocation> {
    let mut scratch = Scratch::default();
    let docs: Vec<Vec<String>> = text
        .lines()
        .map(|line| {
            let mut words = Vec::new();
            pipeline.words(line, &mut scratch, |w| words.push(w.to_owned()));
            words
        })
        .collect();
    let words = docs.iter().map(|d| d.iter().map(|w| w.as_str()));
    PairCounts::new(words, 2).unwrap().score(Measure::Pmi, 2)
}

fn benches(c: &mut Criterion) {
    let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
    let mut g = c.benchmark_group("collocations");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(100));
    g.measurement_time(Duration::from_secs(1));
    let text = corpus(100_000_000);
    let pairs = bigrams(&text, &pipeline);
    // Every pair is counted; scores are finite and sorted best first.
    assert!(pairs.len() > 100_000, "{} pairs", pairs.len());
    assert!(pairs.windows(2).all(|w| w[0].score >= w[1].score));
    g.bench_function("bigrams_pmi/100MB", |b| {
        b.iter(|| bigrams(black_box(&text), &pipeline))
    });
    drop(text);
    g.finish();

    let mut g = c.benchmark_group("lda");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(100));
    g.measurement_time(Duration::from_secs(1));
    let text = corpus(10_000 * 3_200);
    let docs = text
        .lines()
        .take(10_000)
        .enumerate()
        .map(|(i, l)| Ok(Document::new(i.to_string(), l.to_owned())));
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let counts = count_terms(docs, &pipeline, None, threads).unwrap();
    assert_eq!(counts.n_docs(), 10_000, "the synthetic corpus ran short");
    let params = LdaParams {
        k: 20,
        iterations: 200,
        burn_in: 100,
        ..LdaParams::default()
    };
    let model = fit(&counts, &params).unwrap();
    for row in model
        .topic_word
        .outer_iter()
        .chain(model.doc_topic.outer_iter())
    {
        assert!((row.sum() - 1.0).abs() < 1e-6);
    }
    g.bench_function("k20_200_sweeps/10000", |b| {
        b.iter(|| fit(black_box(&counts), &params).unwrap())
    });
    g.finish();
}

criterion_group!(terms, benches);
criterion_main!(terms);
