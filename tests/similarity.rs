//! Pairwise similarity against scikit-learn and SciPy, and top-k against the full matrix.

use std::path::Path;

use serde::Deserialize;
use tahlil::input::{Corpus, InputOptions};
use tahlil::params::Valid;
use tahlil::pipeline::PipelineOptions;
use tahlil::similarity::{pairwise, top_k, Metric, TopKParams};
use tahlil::vectorize::{TfidfMatrix, TfidfVectorizer, VectorizerOptions};

#[derive(Deserialize)]
struct Golden {
    metric: String,
    matrix: Vec<Vec<f64>>,
}

/// The default TF-IDF of the seeds' lines, as in tests/reference/make_golden.py.
fn lines_matrix() -> TfidfMatrix {
    let corpus = Corpus::seeds(InputOptions {
        lines: true,
        ..Default::default()
    });
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    v.fit_transform(corpus.documents(), 2).unwrap().1.matrix
}

fn check(name: &str) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/similarity/{name}.json"));
    let g: Golden = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let metric: Metric = g.metric.parse().unwrap();
    let s = pairwise(&lines_matrix(), metric);
    assert_eq!(s.dim(), (g.matrix.len(), g.matrix.len()));
    let mut worst = 0.0f64;
    for (i, row) in g.matrix.iter().enumerate() {
        for (k, &want) in row.iter().enumerate() {
            worst = worst.max((s[[i, k]] - want).abs());
        }
    }
    assert!(worst <= 1e-12, "{name}: largest difference {worst}");
}

#[test]
fn cosine_matches_scikit_learn() {
    check("cosine");
}

#[test]
fn euclidean_matches_scikit_learn() {
    check("euclidean");
}

#[test]
fn manhattan_matches_scikit_learn() {
    check("manhattan");
}

#[test]
fn jaccard_matches_scipy() {
    check("jaccard");
}

#[test]
fn dice_matches_scipy() {
    check("dice");
}

#[test]
fn top_k_agrees_with_the_full_matrix() {
    let m = lines_matrix();
    let n = m.rows();
    for metric in [Metric::Cosine, Metric::Jaccard, Metric::Euclidean] {
        let full = pairwise(&m, metric);
        let got = top_k(&m, &neighbours(metric, 3, None));
        assert_eq!(got.len(), n * 3);
        for i in 0..n {
            let want = ranked(&full, i, metric);
            let mine: Vec<usize> = got
                .iter()
                .filter(|x| x.doc == i)
                .map(|x| x.neighbour)
                .collect();
            let theirs: Vec<usize> = want.iter().take(3).map(|w| w.1).collect();
            assert_eq!(mine, theirs, "{metric} row {i}");
        }
    }
    let strong = top_k(&m, &neighbours(Metric::Cosine, 5, Some(0.2)));
    assert!(strong
        .iter()
        .all(|x| x.score >= 0.2 && x.doc != x.neighbour));
}

/// A matrix where some terms are in most documents (which top-k adds as
/// dense rows) and the rest in a few: each neighbour's score is bit for bit
/// the full matrix's (the same additions in the same order), and neighbours
/// come in the full matrix's order.
#[test]
fn top_k_with_terms_in_most_documents_scores_as_the_full_matrix() {
    let (n, cols) = (300usize, 40usize);
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as f64 / (1u64 << 31) as f64
    };
    let (mut indptr, mut indices, mut data) = (vec![0usize], Vec::new(), Vec::new());
    for _ in 0..n {
        for t in 0..cols {
            // Terms 0..5 in 30% to 90% of the documents, the others in 3%.
            let share = if t < 5 { 0.3 + 0.15 * t as f64 } else { 0.03 };
            if next() < share {
                indices.push(t as u32);
                data.push(0.05 + next());
            }
        }
        indptr.push(indices.len());
    }
    let m = TfidfMatrix::try_new((n, cols), indptr, indices, data).unwrap();
    for metric in [Metric::Cosine, Metric::Euclidean] {
        let full = pairwise(&m, metric);
        let got = top_k(&m, &neighbours(metric, 7, None));
        for i in 0..n {
            let mine: Vec<_> = got.iter().filter(|x| x.doc == i).collect();
            assert_eq!(mine.len(), 7);
            let want = ranked(&full, i, metric);
            for (x, w) in mine.iter().zip(&want) {
                assert_eq!(
                    (x.neighbour, x.score.to_bits()),
                    (w.1, w.0.to_bits()),
                    "{metric} row {i}"
                );
            }
        }
    }
}

#[test]
fn same_result_for_any_thread_count() {
    let m = lines_matrix();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let a = one.install(|| pairwise(&m, Metric::Cosine));
    let b = pairwise(&m, Metric::Cosine);
    assert_eq!(a, b);
    let a = one.install(|| top_k(&m, &neighbours(Metric::Cosine, 4, None)));
    assert_eq!(a, top_k(&m, &neighbours(Metric::Cosine, 4, None)));
}

/// Row `i`'s other documents in `full` as (score, document), best first
/// (ties: the lower document), as `top_k` ranks them.
fn ranked(full: &ndarray::Array2<f64>, i: usize, metric: Metric) -> Vec<(f64, usize)> {
    let mut want: Vec<(f64, usize)> = (0..full.nrows())
        .filter(|&k| k != i)
        .map(|k| (full[[i, k]], k))
        .collect();
    want.sort_by(|a, b| {
        let s = if metric.is_similarity() {
            b.0.total_cmp(&a.0)
        } else {
            a.0.total_cmp(&b.0)
        };
        s.then(a.1.cmp(&b.1))
    });
    want
}

/// Checked settings of `top_k`.
fn neighbours(metric: Metric, k: usize, min_score: Option<f64>) -> Valid<TopKParams> {
    TopKParams {
        metric,
        k,
        min_score,
    }
    .check()
    .unwrap()
}

#[test]
fn zero_neighbours_is_an_error() {
    let p = TopKParams {
        k: 0,
        ..TopKParams::default()
    };
    assert_eq!(p.check(), Err(tahlil::ParamError::TopK(0)));
}

#[test]
fn a_min_score_that_is_not_a_number_is_an_error() {
    let p = TopKParams {
        min_score: Some(f64::NAN),
        ..TopKParams::default()
    };
    assert!(matches!(p.check(), Err(tahlil::ParamError::MinScore(s)) if s.is_nan()));
}
