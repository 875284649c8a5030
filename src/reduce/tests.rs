use ndarray::{array, Array2};
use sprs::TriMatI;

use super::*;
use crate::vectorize::TfidfMatrix;

/// A 30 × 12 sparse matrix with a fixed pattern.
fn sample() -> TfidfMatrix {
    let mut t = TriMatI::<f64, u32>::new((30, 12));
    let mut state = 12345u64;
    for i in 0..30 {
        for j in 0..12 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if (state >> 60) < 6 {
                t.add_triplet(i, j, ((state >> 33) % 1000) as f64 / 1000.0 + 0.01);
            }
        }
    }
    t.to_csr()
}

#[test]
fn lsa_at_full_rank_reproduces_document_inner_products() {
    let m = sample();
    let fit = lsa(
        &m,
        LsaOptions {
            dims: 12,
            ..LsaOptions::default()
        },
    )
    .unwrap();
    let dense = m.to_dense();
    let want = dense.dot(&dense.t());
    let got = fit.documents.dot(&fit.documents.t());
    let diff = (&want - &got).iter().fold(0.0f64, |a, d| a.max(d.abs()));
    assert!(diff < 1e-10, "max difference {diff}");
}

#[test]
fn lsa_singular_values_match_a_dense_svd() {
    use linfa_linalg::svd::SVD;
    let m = sample();
    let fit = lsa(
        &m,
        LsaOptions {
            dims: 4,
            ..LsaOptions::default()
        },
    )
    .unwrap();
    let (_, s, _) = m.to_dense().svd(false, false).unwrap();
    let mut s = s.to_vec();
    s.sort_by(|a, b| b.total_cmp(a));
    for (got, want) in fit.singular_values.iter().zip(&s[..4]) {
        assert!((got - want).abs() < 1e-9 * want, "{got} vs {want}");
    }
    // Column c of U·Σ has squared length σ_c².
    for (c, want) in s[..4].iter().enumerate() {
        let col = fit.documents.column(c);
        assert!((col.dot(&col).sqrt() - want).abs() < 1e-9 * want);
    }
}

#[test]
fn lsa_is_identical_for_any_thread_count() {
    let m = sample();
    let run = |threads: usize| {
        crate::with_threads(threads, || {
            lsa(
                &m,
                LsaOptions {
                    dims: 5,
                    ..LsaOptions::default()
                },
            )
            .unwrap()
            .documents
        })
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn lsa_rejects_zero_dims() {
    let e = lsa(
        &sample(),
        LsaOptions {
            dims: 0,
            ..LsaOptions::default()
        },
    );
    assert!(matches!(
        e,
        Err(crate::Error::Param(crate::ParamError::Dims(0)))
    ));
}

#[test]
fn lsa_of_an_all_zero_matrix_has_no_dimensions() {
    let m = TriMatI::<f64, u32>::new((4, 3)).to_csr();
    let fit = lsa(&m, LsaOptions::default()).unwrap();
    assert_eq!(fit.documents.dim(), (4, 0));
}

fn distances(x: &Array2<f64>) -> Array2<f64> {
    let n = x.nrows();
    Array2::from_shape_fn((n, n), |(i, j)| {
        (&x.row(i) - &x.row(j)).mapv(|d| d * d).sum().sqrt()
    })
}

#[test]
fn mds_recovers_planar_distances() {
    // Small (exact decomposition) and large (subspace iteration) cases.
    for n in [10usize, 150] {
        let x = Array2::from_shape_fn((n, 2), |(i, c)| {
            let t = i as f64 * 0.37;
            if c == 0 {
                3.0 * t.cos() + 0.1 * i as f64
            } else {
                t.sin()
            }
        });
        let d = distances(&x);
        let y = classical_mds(d.view(), 2);
        let diff = (&distances(&y) - &d)
            .iter()
            .fold(0.0f64, |a, e| a.max(e.abs()));
        assert!(diff < 1e-8, "n = {n}: max difference {diff}");
    }
}

#[test]
fn pca_of_points_on_a_line_has_one_component() {
    let x = array![
        [0.0, 0.0, 1.0],
        [1.0, 2.0, 1.0],
        [2.0, 4.0, 1.0],
        [3.0, 6.0, 1.0]
    ];
    let y = pca(x.view(), 2);
    let step = 5f64.sqrt();
    for i in 0..4 {
        assert!(
            (y[[i, 0]].abs() - (i as f64 - 1.5).abs() * step).abs() < 1e-9,
            "{y}"
        );
        assert_eq!(y[[i, 0]].signum(), -y[[3 - i, 0]].signum());
        assert!(y[[i, 1]].abs() < 1e-9);
    }
}

#[test]
fn mds_refuses_more_documents_than_its_limit_before_any_work() {
    let n = super::MDS_MAX_DOCUMENTS + 1;
    let m = crate::vectorize::TfidfMatrix::new((n, 1), vec![0; n + 1], vec![], vec![]);
    let e = super::cosine_mds(&m, 2).unwrap_err();
    assert!(
        matches!(e, crate::Error::TooManyDocuments { documents, .. } if documents == n),
        "{e}"
    );
    assert!(e.to_string().ends_with("use `method` pca"), "{e}");
}
