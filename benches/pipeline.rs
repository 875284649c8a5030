//! Criterion benchmarks of the pipeline stages, with byte throughput.
//!
//! Input: 4 MB of `tahlil synth` text (seed 1), one document per line.
//! Each benchmark checks its own result once before timing it.
//!
//!     cargo bench --bench pipeline

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use tahlil::input::Document;
use tahlil::normalize::Normalizer;
use tahlil::pipeline::{Pipeline, PipelineOptions, Scratch};
use tahlil::segment::{Clitics, Segmenter};
use tahlil::synth::{generate, SynthOptions};
use tahlil::tokenize::Tokenizer;
use tahlil::vectorize::{TfidfVectorizer, VectorizerOptions};

fn corpus() -> String {
    let mut out = Vec::new();
    let o = SynthOptions {
        bytes: 4_000_000,
        seed: 1,
        types: 200_000,
    };
    generate(&o, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn docs(text: &str) -> impl Iterator<Item = tahlil::Result<Document>> + '_ {
    text.lines()
        .enumerate()
        .map(|(i, l)| Ok(Document::new(i.to_string(), l.to_owned())))
}

fn benches(c: &mut Criterion) {
    let text = corpus();
    let bytes = text.len() as u64;
    let lines: Vec<&str> = text.lines().collect();

    let normalizer = Normalizer::default();
    let normalized = normalizer.normalize(&text);
    assert!(!normalized.contains('\u{0640}') && normalized.len() < text.len());
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("normalize", |b| {
        let mut out = String::new();
        b.iter(|| {
            for l in &lines {
                normalizer.normalize_into(black_box(l), &mut out);
            }
        })
    });

    let tokenizer = Tokenizer::new();
    let n_tokens = tokenizer.words(&normalized).count();
    assert!(n_tokens > 300_000, "{n_tokens}");
    g.bench_function("tokenize", |b| {
        b.iter(|| tokenizer.words(black_box(&normalized)).count())
    });

    let (mut bounds, mut spans) = (Vec::new(), Vec::new());
    tokenizer.spans_into(&normalized, &mut bounds, &mut spans);
    assert_eq!(spans.len(), n_tokens);
    g.bench_function("tokenize spans", |b| {
        b.iter(|| {
            spans.clear();
            tokenizer.spans_into(black_box(&normalized), &mut bounds, &mut spans);
            spans.len()
        })
    });

    let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
    g.bench_function("normalize+tokenize+filter", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            let mut n = 0;
            for l in &lines {
                n += pipeline.words(black_box(l), &mut scratch, |_| {});
            }
            n
        })
    });

    // The segmenter alone, on every token of the text as written (no chunk cache).
    let segmenting = Pipeline::new(PipelineOptions {
        clitics: Clitics::Drop,
        ..Default::default()
    })
    .unwrap();
    let cleaned = segmenting.cleaner().normalize(&text);
    let tokens: Vec<&str> = tokenizer.words(&cleaned).collect();
    let segmenter = Segmenter::new();
    g.throughput(Throughput::Bytes(cleaned.len() as u64));
    g.bench_function("segment (clitics)", |b| {
        b.iter(|| {
            tokens
                .iter()
                .map(|t| segmenter.segment(black_box(t)).host.len())
                .sum::<usize>()
        })
    });
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalize+tokenize+segment+filter", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            let mut n = 0;
            for l in &lines {
                n += segmenting.words(black_box(l), &mut scratch, |_| {});
            }
            n
        })
    });

    for (name, ngram) in [
        ("vectorize unigrams", (1, 1)),
        ("vectorize ngram 1,2", (1, 2)),
    ] {
        let opts = PipelineOptions {
            ngram_range: ngram,
            ..Default::default()
        };
        let v = TfidfVectorizer::new(opts, VectorizerOptions::default()).unwrap();
        let (model, out) = v.fit_transform(docs(&text), 2).unwrap();
        assert_eq!(out.matrix.rows(), lines.len());
        assert!(model.vocabulary.len() > 10_000);
        g.bench_function(name, |b| {
            b.iter(|| v.fit_transform(docs(black_box(&text)), 2).unwrap())
        });
    }
    g.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
