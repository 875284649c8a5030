//! NMF against scikit-learn (tests/golden/topics, from tests/reference/make_golden.py).

use std::path::Path;

use ndarray::Array2;
use serde::Deserialize;
use tahlil::input::{Corpus, InputOptions};
use tahlil::pipeline::PipelineOptions;
use tahlil::topics::nmf::{fit, fit_from, nndsvd, NmfParams};
use tahlil::vectorize::{TfidfMatrix, TfidfVectorizer, VectorizerOptions};

#[derive(Deserialize)]
struct Golden {
    k: usize,
    n_iter: usize,
    reconstruction_err: f64,
    w: Vec<Vec<f64>>,
    h: Vec<Vec<f64>>,
    /// scikit-learn's NNDSVD start (its randomized SVD).
    w0: Vec<Vec<f64>>,
    h0: Vec<Vec<f64>>,
    /// scikit-learn's NNDSVD computed from the exact SVD.
    w0_exact_svd: Vec<Vec<f64>>,
    h0_exact_svd: Vec<Vec<f64>>,
}

/// The default TF-IDF of the seeds (or of their lines).
fn matrix(lines: bool) -> TfidfMatrix {
    let corpus = Corpus::seeds(InputOptions {
        lines,
        ..Default::default()
    });
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    v.fit_transform(corpus.documents(), 2).unwrap().1.matrix
}

/// Largest absolute difference between `got` and `want`, entry by entry.
fn worst(got: ndarray::ArrayView2<f64>, want: &[Vec<f64>]) -> f64 {
    assert_eq!(got.dim(), (want.len(), want[0].len()));
    want.iter()
        .enumerate()
        .flat_map(|(i, row)| row.iter().enumerate().map(move |(j, &x)| (i, j, x)))
        .map(|(i, j, x)| (got[[i, j]] - x).abs())
        .fold(0.0, f64::max)
}

fn load(name: &str) -> Golden {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/topics/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn array(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// NNDSVD from the leading singular triplets matches scikit-learn's
/// NNDSVD computed from the exact SVD (ours is randomized too, with more
/// power iterations).
fn check_start(name: &str, lines: bool, tolerance: f64) {
    let g = load(name);
    let p = NmfParams {
        k: g.k,
        ..NmfParams::default()
    };
    let (w, h) = nndsvd(&matrix(lines), &p).unwrap();
    let (dw, dh) = (
        worst(w.view(), &g.w0_exact_svd),
        worst(h.view(), &g.h0_exact_svd),
    );
    eprintln!("{name}: NNDSVD largest difference W {dw:e}, H {dh:e}");
    assert!(
        dw <= tolerance && dh <= tolerance,
        "{name}: W {dw:e}, H {dh:e}"
    );
}

/// Coordinate descent from scikit-learn's own start: same iterations, same
/// factors.
fn check_descent(name: &str, lines: bool, tolerance: f64) {
    let g = load(name);
    let p = NmfParams {
        k: g.k,
        ..NmfParams::default()
    };
    let nmf = fit_from(&matrix(lines), array(&g.w0), array(&g.h0), &p).unwrap();
    compare(name, &nmf, &g, tolerance);
}

fn compare(name: &str, nmf: &tahlil::topics::nmf::Nmf, g: &Golden, tolerance: f64) {
    let (dw, dh) = (worst(nmf.w.view(), &g.w), worst(nmf.h.view(), &g.h));
    let de = (nmf.reconstruction_error - g.reconstruction_err).abs();
    eprintln!(
        "{name}: iterations {} (scikit-learn {}), largest difference W {dw:e}, H {dh:e}, error {de:e}",
        nmf.iterations, g.n_iter
    );
    assert_eq!(nmf.iterations, g.n_iter, "{name}: iterations");
    assert!(
        dw <= tolerance && dh <= tolerance && de <= tolerance,
        "{name}: W {dw:e}, H {dh:e}, error {de:e}"
    );
}

#[test]
fn nmf_of_the_seeds_matches_scikit_learn() {
    // Five documents: the randomized SVD spans the whole row space, so
    // both starts are the exact NNDSVD and the whole fit can be compared.
    let g = load("nmf-seeds-k3");
    let nmf = fit(
        &matrix(false),
        &NmfParams {
            k: 3,
            ..NmfParams::default()
        },
    )
    .unwrap();
    compare("nmf-seeds-k3", &nmf, &g, 1e-9);
    check_start("nmf-seeds-k3", false, 1e-9);
}

#[test]
fn nmf_descent_on_the_lines_matches_scikit_learn() {
    check_descent("nmf-lines-k5", true, 1e-9);
    check_descent("nmf-lines-k10", true, 1e-9);
}

#[test]
fn nndsvd_on_the_lines_matches_the_exact_svd() {
    check_start("nmf-lines-k5", true, 1e-9);
    check_start("nmf-lines-k10", true, 1e-9);
}
