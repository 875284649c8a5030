//! k-means through linfa-clustering.
//!
//! linfa runs `restarts` k-means++ starts one after another from one seeded
//! generator and keeps the run of lowest inertia; its parallel steps compute
//! each document independently, so the result does not depend on the thread
//! count. Its update step is MacQueen-style "m_k-means" (the old centroid
//! counts as one more member), so an empty cluster keeps its centroid instead
//! of becoming NaN.

use linfa::traits::{Fit, Predict};
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use linfa_nn::distance::Distance;
use ndarray::{Array1, ArrayView, ArrayView2, Axis, Dimension};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use super::ClusterParams;
use crate::error::{Error, Result};

/// Raw cluster of each row (not yet canonical; clusters may be empty when
/// the rows have fewer than `k` distinct values).
pub(super) fn fit(x: ArrayView2<f64>, k: usize, p: &ClusterParams) -> Result<Vec<usize>> {
    // scikit-learn's tolerance is relative to the data: the squared shift of
    // the centroids against tol × the mean variance of a feature. linfa
    // compares the (unsquared) shift with its tolerance, so pass the square
    // root of scikit-learn's threshold. An absolute 1e-4 ran every start to
    // the iteration limit on unit vectors.
    let variance = x.var_axis(Axis(0), 0.0).mean().unwrap_or(0.0);
    let tolerance = (p.tolerance * variance).sqrt().max(f64::MIN_POSITIVE);
    let data = DatasetBase::from(x.to_owned());
    let model = KMeans::params_with(k, Xoshiro256Plus::seed_from_u64(p.seed), SquaredL2)
        .n_runs(p.restarts)
        .max_n_iterations(p.max_iterations)
        .tolerance(tolerance)
        .fit(&data)
        .map_err(|e| Error::Numeric(format!("k-means failed: {e}")))?;
    let labels: Array1<usize> = model.predict(&data);
    Ok(labels.to_vec())
}

/// linfa's Euclidean distance, with the squared distance (all k-means
/// compares) summed over contiguous slices in eight independent lanes: a
/// single running sum waits on each addition in turn, and linfa's own goes
/// through ndarray-stats' checked, generic `sq_l2_dist`. Distances were 90 %
/// of each iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SquaredL2;

impl Distance<f64> for SquaredL2 {
    #[inline]
    fn distance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        self.rdistance(a, b).sqrt()
    }

    #[inline]
    fn rdistance<D: Dimension>(&self, a: ArrayView<f64, D>, b: ArrayView<f64, D>) -> f64 {
        match (a.as_slice(), b.as_slice()) {
            (Some(a), Some(b)) => squared_distance(a, b),
            _ => a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum(),
        }
    }

    #[inline]
    fn rdist_to_dist(&self, rdist: f64) -> f64 {
        rdist.sqrt()
    }

    #[inline]
    fn dist_to_rdist(&self, dist: f64) -> f64 {
        dist * dist
    }
}

/// Σ (a − b)², in eight lanes added in a fixed order.
#[inline]
fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for l in 0..8 {
            let d = x[l] - y[l];
            lanes[l] += d * d;
        }
    }
    let mut tail = 0.0;
    for (x, y) in ra.iter().zip(rb) {
        tail += (x - y) * (x - y);
    }
    let pairs = [
        lanes[0] + lanes[4],
        lanes[1] + lanes[5],
        lanes[2] + lanes[6],
        lanes[3] + lanes[7],
    ];
    (pairs[0] + pairs[2]) + (pairs[1] + pairs[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::squared_distance;

    #[test]
    fn squared_distance_of_every_length_matches_the_definition() {
        for n in 0..40 {
            let a: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
            let b: Vec<f64> = (0..n).map(|i| (i as f64 * 0.11).cos()).collect();
            let want: f64 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
            assert!(
                (squared_distance(&a, &b) - want).abs() <= 1e-12 * want.max(1.0),
                "n = {n}"
            );
        }
    }
}
