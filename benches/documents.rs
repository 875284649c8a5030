//! Criterion benchmarks of comparing and grouping documents: top-10 cosine
//! neighbours, LSA (100 dimensions) and k-means (K = 20 on those LSA
//! vectors) at 1,000, 10,000 and 100,000 documents of the synthetic corpus
//! (`tahlil synth`, seed 1, about 3 KB per document).
//!
//! Each benchmark checks its own result once before timing it. The largest
//! size takes about 15 minutes in all; `TAHLIL_BENCH_MAX_DOCS=10000` stops
//! at 10,000 documents.
//!
//!     cargo bench --bench documents

use std::time::Duration;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use tahlil::cluster::{embed, ClusterParams, Cut, Method, Space};
use tahlil::input::Document;
use tahlil::pipeline::PipelineOptions;
use tahlil::reduce::{lsa, LsaOptions};
use tahlil::similarity::{top_k, Metric, TopKParams};
use tahlil::synth::{generate, SynthOptions};
use tahlil::vectorize::{TfidfMatrix, TfidfVectorizer, VectorizerOptions};

/// The default TF-IDF of the first `n` documents of the synthetic corpus.
fn matrix(n: usize) -> TfidfMatrix {
    let mut out = Vec::new();
    let o = SynthOptions {
        bytes: n as u64 * 3_200,
        seed: 1,
        types: 200_000,
    };
    generate(&o, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let docs: Vec<Document> = text
        .lines()
        .take(n)
        .enumerate()
        .map(|(i, l)| Document::new(i.to_string(), l.to_owned()))
        .collect();
    assert_eq!(docs.len(), n, "the synthetic corpus ran short");
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    v.fit_transform(docs.into_iter().map(Ok), threads)
        .unwrap()
        .1
        .matrix
}

fn benches(c: &mut Criterion) {
    let max: usize = std::env::var("TAHLIL_BENCH_MAX_DOCS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let top10 = TopKParams {
        metric: Metric::Cosine,
        k: 10,
        min_score: None,
    }
    .check()
    .unwrap();
    let mut g = c.benchmark_group("documents");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(100));
    g.measurement_time(Duration::from_secs(1));
    for n in [1_000usize, 10_000, 100_000]
        .into_iter()
        .filter(|&n| n <= max)
    {
        let m = matrix(n);

        let found = top_k(&m, &top10);
        assert_eq!(found.len(), n * 10);
        assert!(found
            .iter()
            .all(|x| x.doc != x.neighbour && x.score > 0.0 && x.score <= 1.0 + 1e-12));
        g.bench_with_input(BenchmarkId::new("top10_cosine", n), &m, |b, m| {
            b.iter(|| top_k(black_box(m), &top10))
        });

        let options = LsaOptions {
            dims: 100,
            seed: 0,
            ..LsaOptions::default()
        };
        let fit = lsa(&m, options).unwrap();
        assert_eq!(fit.documents.dim(), (n, 100));
        g.bench_with_input(BenchmarkId::new("lsa100", n), &m, |b, m| {
            b.iter(|| lsa(black_box(m), options).unwrap())
        });

        let (x, _) = embed(&m, Space::Lsa(100), 0).unwrap();
        let params = ClusterParams {
            method: Method::KMeans,
            cut: Cut::K(20),
            ..ClusterParams::default()
        }
        .check()
        .unwrap();
        let clusters = params.fit(x.view()).unwrap();
        assert_eq!(clusters.k, 20);
        assert!(clusters.silhouettes.values.iter().all(|s| s.is_finite()));
        g.bench_with_input(BenchmarkId::new("kmeans_k20_lsa100", n), &x, |b, x| {
            b.iter(|| params.fit(black_box(x.view())).unwrap())
        });
    }
    g.finish();
}

criterion_group!(documents, benches);
criterion_main!(documents);
