//! Silhouette coefficients, as scikit-learn's `silhouette_samples`.
//!
//! For document i in cluster C: a = mean distance to the other members of C,
//! b = the smallest mean distance to the members of another cluster, and
//! s = (b − a) / max(a, b); 0 for a document alone in its cluster, and 0 when
//! a = b = 0 (scikit-learn's `nan_to_num`). With a single cluster every
//! coefficient is 0 (scikit-learn refuses; we document it instead).

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

use super::Distance;

/// Every document's silhouette, and every document's mean distance to the
/// other members of its own cluster (`a`, used to find the most central one).
#[derive(Debug, Clone, PartialEq)]
pub struct Silhouettes {
    /// s(i) for each document, in [-1, 1].
    pub values: Vec<f64>,
    /// a(i): mean distance to the rest of its cluster (0 when alone).
    pub intra: Vec<f64>,
}

impl Silhouettes {
    /// The mean coefficient (scikit-learn's `silhouette_score`); 0 for no documents.
    pub fn mean(&self) -> f64 {
        if self.values.is_empty() {
            0.0
        } else {
            self.values.iter().sum::<f64>() / self.values.len() as f64
        }
    }
}

/// Silhouettes of the rows of `x` under `labels` (values in `0..k`).
///
/// Cosine distance (1 − cos; an all-zero row is at distance 1 from
/// everything, as scikit-learn) is computed from per-cluster sums of the unit
/// rows, exactly and in O(n·k·d); Euclidean distance pair by pair, O(n²·d).
pub fn silhouette(
    x: ArrayView2<f64>,
    labels: &[usize],
    k: usize,
    distance: Distance,
) -> Silhouettes {
    let n = x.nrows();
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    // mean[i][c]: mean distance from i to the members of c other than i.
    let means: Vec<Vec<f64>> = match distance {
        Distance::Cosine => {
            let unit = unit_rows(x);
            let mut sums = Array2::<f64>::zeros((k, x.ncols()));
            for (row, &l) in unit.outer_iter().zip(labels) {
                let mut s = sums.row_mut(l);
                s += &row;
            }
            (0..n)
                .into_par_iter()
                .map(|i| {
                    let u = unit.row(i);
                    let self_dot = u.dot(&u);
                    (0..k)
                        .map(|c| {
                            let own = labels[i] == c;
                            let others = sizes[c] - usize::from(own);
                            if others == 0 {
                                return 0.0;
                            }
                            let dots = u.dot(&sums.row(c)) - if own { self_dot } else { 0.0 };
                            (1.0 - dots / others as f64).max(0.0)
                        })
                        .collect()
                })
                .collect()
        }
        Distance::Euclidean => (0..n)
            .into_par_iter()
            .map(|i| {
                let mut total = vec![0.0; k];
                let xi = x.row(i);
                for j in 0..n {
                    if j != i {
                        total[labels[j]] += euclidean(xi, x.row(j));
                    }
                }
                (0..k)
                    .map(|c| {
                        let others = sizes[c] - usize::from(labels[i] == c);
                        if others == 0 {
                            0.0
                        } else {
                            total[c] / others as f64
                        }
                    })
                    .collect()
            })
            .collect(),
    };
    let mut values = Vec::with_capacity(n);
    let mut intra = Vec::with_capacity(n);
    for (i, m) in means.iter().enumerate() {
        let own = labels[i];
        let a = m[own];
        intra.push(a);
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| m[c])
            .fold(f64::INFINITY, f64::min);
        let s = if sizes[own] <= 1 || !b.is_finite() || a.max(b) == 0.0 {
            0.0
        } else {
            (b - a) / a.max(b)
        };
        values.push(s);
    }
    Silhouettes { values, intra }
}

/// Rows scaled to unit length; all-zero rows stay zero.
pub(crate) fn unit_rows(x: ArrayView2<f64>) -> Array2<f64> {
    let mut u = x.to_owned();
    for mut row in u.axis_iter_mut(Axis(0)) {
        let norm = row.dot(&row).sqrt();
        if norm > 0.0 {
            row /= norm;
        }
    }
    u
}

/// ‖a − b‖₂, summed in order as SciPy's `euclidean`.
pub(crate) fn euclidean(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}
