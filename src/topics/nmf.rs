//! Non-negative matrix factorization of the TF-IDF matrix, X ≈ W H, as
//! scikit-learn's `NMF(init="nndsvd", solver="cd")` computes it.
//!
//! * Initialisation: NNDSVD (Boutsidis and Gallopoulos 2008) from the
//!   leading K singular triplets of X, entries below 1e-6 set to zero.
//! * Updates: cyclic coordinate descent on the Frobenius loss (Cichocki and
//!   Phan 2009), W then H each iteration, stopped when the sum of projected
//!   gradients falls to `tolerance` times its value after the first
//!   iteration, or after `max_iterations`.
//!
//! Each row of W (and of Hᵀ) is updated by itself from the K × K Gram
//! matrix and the sparse product, so rows run in parallel with the same
//! arithmetic, in the same order, as scikit-learn's sequential loop.

use ndarray::{Array1, Array2, Axis};
use rayon::prelude::*;

use crate::error::{ParamError, Result};
use crate::params::Valid;
use crate::reduce::lsa::{gram, sparse_times_dense};
use crate::reduce::{lsa, LsaOptions};
use crate::vectorize::TfidfMatrix;

/// NMF settings (scikit-learn's defaults).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct NmfParams {
    /// Topics (components).
    pub k: usize,
    /// Iterations of W and H updates at most.
    pub max_iterations: usize,
    /// Stop when the projected gradient has fallen to this fraction of its
    /// first value.
    pub tolerance: f64,
    /// Seed of the randomized SVD behind NNDSVD.
    pub seed: u64,
}

impl Default for NmfParams {
    fn default() -> Self {
        NmfParams {
            k: 10,
            max_iterations: 200,
            tolerance: 1e-4,
            seed: 0,
        }
    }
}

impl NmfParams {
    /// Checks every field that can be checked without the data (see
    /// [`crate::params`]); fitting also checks K against the data.
    pub fn check(&self) -> Result<Valid<NmfParams>, ParamError> {
        if self.k == 0 {
            return Err(ParamError::Topics(0));
        }
        if self.max_iterations == 0 {
            return Err(ParamError::MaxIterations {
                name: "max_iterations",
                value: 0,
            });
        }
        if !(self.tolerance >= 0.0 && self.tolerance.is_finite()) {
            return Err(ParamError::Tolerance(self.tolerance));
        }
        Ok(Valid::checked(*self))
    }

    /// [`check`](Self::check), and K against `x`: NNDSVD needs K singular
    /// vectors, so 1 <= K <= min(documents, terms).
    fn check_for(&self, x: &TfidfMatrix) -> Result<Valid<NmfParams>, ParamError> {
        let limit = x.rows().min(x.cols());
        if self.k == 0 || self.k > limit {
            return Err(ParamError::NmfK { k: self.k, limit });
        }
        self.check()
    }
}

/// A fitted factorization.
#[derive(Debug, Clone, PartialEq)]
pub struct Nmf {
    /// D × K document weights.
    pub w: Array2<f64>,
    /// K × V topic weights (scikit-learn's `components_`).
    pub h: Array2<f64>,
    /// Iterations run.
    pub iterations: usize,
    /// ‖X − WH‖ (Frobenius), scikit-learn's `reconstruction_err_`.
    pub reconstruction_error: f64,
}

impl Nmf {
    /// H with each row scaled to sum to 1: the topics as distributions over
    /// words (a topic the corpus has no room for stays all zero).
    pub fn topic_word(&self) -> Array2<f64> {
        rows_to_distributions(&self.h)
    }

    /// W with each row scaled to sum to 1 (a document with no weight on
    /// any topic stays all zero).
    pub fn doc_topic(&self) -> Array2<f64> {
        rows_to_distributions(&self.w)
    }
}

fn rows_to_distributions(m: &Array2<f64>) -> Array2<f64> {
    let mut out = m.clone();
    for mut row in out.outer_iter_mut() {
        let sum = row.sum();
        if sum > 0.0 {
            row /= sum;
        }
    }
    out
}

/// Factorizes `x` (documents × terms, non-negative), starting from NNDSVD.
pub fn fit(x: &TfidfMatrix, p: &NmfParams) -> Result<Nmf> {
    p.check_for(x)?;
    let (w, h) = nndsvd(x, p)?;
    fit_from(x, w, h, p)
}

/// Factorizes `x` starting from the given W (D × K) and H (K × V), as
/// scikit-learn's `init="custom"`.
pub fn fit_from(x: &TfidfMatrix, mut w: Array2<f64>, h: Array2<f64>, p: &NmfParams) -> Result<Nmf> {
    p.check_for(x)?;
    if w.dim() != (x.rows(), p.k) || h.dim() != (p.k, x.cols()) {
        return Err(crate::Error::Numeric(format!(
            "NMF start: W is {:?} and H {:?}, the corpus needs {:?} and {:?}",
            w.dim(),
            h.dim(),
            (x.rows(), p.k),
            (p.k, x.cols())
        )));
    }
    let csc = x.to_csc();
    let mut ht = h.t().as_standard_layout().into_owned();
    let mut iterations = 0;
    let mut first = 0.0;
    for n in 1..=p.max_iterations {
        iterations = n;
        let xht = sparse_times_dense(x, ht.view());
        let mut violation = update(&mut w, &gram(&ht), &xht);
        let xtw = sparse_times_dense(&csc, w.view());
        violation += update(&mut ht, &gram(&w), &xtw);
        if n == 1 {
            first = violation;
        }
        if first == 0.0 || violation / first <= p.tolerance {
            break;
        }
    }
    let h = ht.t().as_standard_layout().into_owned();
    let reconstruction_error = frobenius_error(x, &w, &h);
    Ok(Nmf {
        w,
        h,
        iterations,
        reconstruction_error,
    })
}

/// One pass of coordinate descent over every entry of `w` (rows × K) for
/// min ‖X − W Hᵀ‖ with `hht` = HᵀH and `xht` = X H; returns the sum of the
/// absolute projected gradients.
fn update(w: &mut Array2<f64>, hht: &Array2<f64>, xht: &Array2<f64>) -> f64 {
    let k = w.ncols();
    let per_row: Vec<f64> = w
        .outer_iter_mut()
        .into_par_iter()
        .zip(xht.outer_iter())
        .map(|(mut row, target)| {
            let mut violation = 0.0;
            for t in 0..k {
                let mut grad = -target[t];
                for r in 0..k {
                    grad += hht[[t, r]] * row[r];
                }
                let projected = if row[t] == 0.0 { grad.min(0.0) } else { grad };
                violation += projected.abs();
                let hess = hht[[t, t]];
                if hess != 0.0 {
                    row[t] = (row[t] - grad / hess).max(0.0);
                }
            }
            violation
        })
        .collect();
    per_row.iter().sum()
}

/// The SVD behind NNDSVD is randomized (Halko et al.); a TF-IDF spectrum
/// falls off slowly, so it samples at least `k + EXTRA` directions and
/// refines them with `POWER` power iterations; on a corpus of up to `EXACT`
/// documents (or terms) it samples them all, so the SVD is exact. (scikit-learn samples k + 10
/// with 7 iterations: on the seeds' 80 lines its NNDSVD is 4e-2 away from
/// the exact one.)
const EXTRA: usize = 30;
const POWER: usize = 20;
const EXACT: usize = 256;

/// NNDSVD: W (D × K) and H (K × V) from the leading singular triplets of
/// `x`, each triplet's dominant non-negative part.
pub fn nndsvd(x: &TfidfMatrix, p: &NmfParams) -> Result<(Array2<f64>, Array2<f64>)> {
    p.check_for(x)?;
    let (n, v, k) = (x.rows(), x.cols(), p.k);
    let csc = x.to_csc();
    let svd = lsa(
        x,
        LsaOptions {
            dims: k,
            oversample: if n.min(v) <= EXACT { EXACT } else { EXTRA },
            power_iterations: POWER,
            seed: p.seed,
        },
    )?;
    let rank = svd.singular_values.len();
    let sigma = &svd.singular_values;
    // U = (UΣ) Σ⁻¹ and V = Xᵀ U Σ⁻¹.
    let mut u = svd.documents;
    for (mut col, &s) in u.axis_iter_mut(Axis(1)).zip(sigma) {
        col /= s;
    }
    let mut vt = sparse_times_dense(&csc, u.view());
    for (mut col, &s) in vt.axis_iter_mut(Axis(1)).zip(sigma) {
        col /= s;
    }
    let (mut w, mut h) = (Array2::<f64>::zeros((n, k)), Array2::<f64>::zeros((k, v)));
    for j in 0..rank {
        let (x_col, y_col) = (u.column(j), vt.column(j));
        if j == 0 {
            let scale = sigma[0].sqrt();
            w.column_mut(0).assign(&x_col.mapv(|a| scale * a.abs()));
            h.row_mut(0).assign(&y_col.mapv(|a| scale * a.abs()));
            continue;
        }
        let (xp, yp) = (x_col.mapv(|a| a.max(0.0)), y_col.mapv(|a| a.max(0.0)));
        let (xn, yn) = (x_col.mapv(|a| (-a).max(0.0)), y_col.mapv(|a| (-a).max(0.0)));
        let norm = |a: &Array1<f64>| a.dot(a).sqrt();
        let (xp_n, yp_n, xn_n, yn_n) = (norm(&xp), norm(&yp), norm(&xn), norm(&yn));
        let (m_p, m_n) = (xp_n * yp_n, xn_n * yn_n);
        let (a, b, an, bn, m) = if m_p > m_n {
            (xp, yp, xp_n, yp_n, m_p)
        } else {
            (xn, yn, xn_n, yn_n, m_n)
        };
        let lambda = (sigma[j] * m).sqrt();
        if m > 0.0 {
            w.column_mut(j).assign(&(a * (lambda / an)));
            h.row_mut(j).assign(&(b * (lambda / bn)));
        }
    }
    w.mapv_inplace(|a| if a < 1e-6 { 0.0 } else { a });
    h.mapv_inplace(|a| if a < 1e-6 { 0.0 } else { a });
    Ok((w, h))
}

/// ‖X − WH‖ = sqrt(‖X‖² − 2 Σ X∘(WH) + tr((WᵀW)(HHᵀ))), with the cross
/// term summed only over the stored entries of X, as scikit-learn does.
fn frobenius_error(x: &TfidfMatrix, w: &Array2<f64>, h: &Array2<f64>) -> f64 {
    let (indptr, indices, data) = (x.indptr(), x.indices(), x.data());
    let indptr = indptr.raw_storage();
    let norm_x: f64 = data.iter().map(|a| a * a).sum();
    let cross: f64 = (0..x.rows())
        .map(|i| {
            (indptr[i]..indptr[i + 1])
                .map(|q| data[q] * w.row(i).dot(&h.column(indices[q] as usize)))
                .sum::<f64>()
        })
        .sum();
    let wtw = gram(w);
    let hht = gram(&h.t().as_standard_layout().into_owned());
    let trace = (&wtw * &hht).sum();
    (norm_x - 2.0 * cross + trace).max(0.0).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::testing::{assert_recovered, planted};
    use crate::vectorize::{TfidfVectorizer, VectorizerOptions};
    use crate::with_threads;

    fn tfidf(k: usize, docs: usize, seed: u64) -> (TfidfMatrix, Vec<Vec<f64>>) {
        let (counts, topics) = planted(k, docs, seed);
        let v = TfidfVectorizer::new(Default::default(), VectorizerOptions::default()).unwrap();
        (v.fit_counts(counts).unwrap().1.matrix, topics)
    }

    #[test]
    fn planted_topics_are_recovered() {
        let (x, planted) = tfidf(4, 120, 7);
        let nmf = fit(
            &x,
            &NmfParams {
                k: 4,
                ..NmfParams::default()
            },
        )
        .unwrap();
        let found = nmf.topic_word();
        assert_recovered(&planted, &found);
        for row in found.outer_iter().chain(nmf.doc_topic().outer_iter()) {
            assert!((row.sum() - 1.0).abs() < 1e-9);
        }
        assert!(nmf.reconstruction_error.is_finite());
    }

    #[test]
    fn same_factors_for_any_thread_count() {
        let (x, _) = tfidf(5, 300, 2);
        let p = NmfParams {
            k: 5,
            ..NmfParams::default()
        };
        let run = |threads| with_threads(threads, || fit(&x, &p).unwrap());
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
    }

    fn error_of(p: NmfParams) -> ParamError {
        let (x, _) = tfidf(2, 6, 1);
        match fit(&x, &p) {
            Err(crate::Error::Param(e)) => e,
            other => panic!("expected a parameter error, got {other:?}"),
        }
    }

    #[test]
    fn zero_topics_is_an_error() {
        let e = error_of(NmfParams {
            k: 0,
            ..NmfParams::default()
        });
        assert_eq!(e, ParamError::NmfK { k: 0, limit: 6 });
    }

    #[test]
    fn more_topics_than_documents_is_an_error() {
        let e = error_of(NmfParams {
            k: 7,
            ..NmfParams::default()
        });
        assert_eq!(e, ParamError::NmfK { k: 7, limit: 6 });
    }

    #[test]
    fn zero_iterations_is_an_error() {
        let e = error_of(NmfParams {
            k: 2,
            max_iterations: 0,
            ..NmfParams::default()
        });
        assert_eq!(
            e,
            ParamError::MaxIterations {
                name: "max_iterations",
                value: 0
            }
        );
    }

    #[test]
    fn negative_tolerance_is_an_error() {
        let e = error_of(NmfParams {
            k: 2,
            tolerance: -1.0,
            ..NmfParams::default()
        });
        assert!(matches!(e, ParamError::Tolerance(t) if t == -1.0));
    }

    #[test]
    fn an_all_zero_document_gets_no_nan() {
        let (mut counts, _) = planted(2, 6, 1);
        // A seventh document with no words.
        counts.indptr.push(*counts.indptr.last().unwrap());
        counts.ids.push("empty".into());
        counts.tokens.push(0);
        let v = TfidfVectorizer::new(Default::default(), VectorizerOptions::default()).unwrap();
        let x = v.fit_counts(counts).unwrap().1.matrix;
        let nmf = fit(
            &x,
            &NmfParams {
                k: 2,
                ..NmfParams::default()
            },
        )
        .unwrap();
        assert!(nmf.doc_topic().iter().all(|v| v.is_finite()));
        assert_eq!(nmf.doc_topic().row(6).sum(), 0.0);
    }
}
