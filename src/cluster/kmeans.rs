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
use ndarray::{Array1, ArrayView2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

use super::ClusterParams;
use crate::error::{Error, Result};

/// Raw cluster of each row (not yet canonical; clusters may be empty when
/// the rows have fewer than `k` distinct values).
pub(super) fn fit(x: ArrayView2<f64>, k: usize, p: &ClusterParams) -> Result<Vec<usize>> {
    let data = DatasetBase::from(x.to_owned());
    let model = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(p.seed))
        .n_runs(p.restarts)
        .max_n_iterations(p.max_iterations)
        .tolerance(p.tolerance)
        .fit(&data)
        .map_err(|e| Error::Numeric(format!("k-means failed: {e}")))?;
    let labels: Array1<usize> = model.predict(&data);
    Ok(labels.to_vec())
}
