//! Dimensionality reduction: LSA vectors for clustering, 2-D maps for charts.
//!
//! * [`lsa`](fn@lsa): truncated SVD of the sparse TF-IDF matrix, randomized and seeded;
//! * [`pca`]: principal components of dense vectors;
//! * [`classical_mds`]: classical (Torgerson) multidimensional scaling of a
//!   distance matrix;
//! * [`map_2d`]: documents on a 2-D map, by either.
//!
//! Every result has its column signs fixed (largest entry positive), so the
//! same input gives the same coordinates.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//! use tahlil::pipeline::PipelineOptions;
//! use tahlil::reduce::{lsa, LsaOptions};
//! use tahlil::vectorize::{TfidfVectorizer, VectorizerOptions};
//!
//! let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
//! let (_, out) = v.fit_transform(Corpus::seeds(InputOptions::default()).documents(), 2).unwrap();
//! let fit = lsa(&out.matrix, LsaOptions { dims: 3, ..LsaOptions::default() }).unwrap();
//! assert_eq!(fit.documents.dim(), (5, 3));
//! assert!(fit.singular_values[0] >= fit.singular_values[1]);
//! ```

pub mod lsa;

use ndarray::{Array2, ArrayView2, Axis};

use crate::error::{Error, Result};
use crate::similarity::{pairwise_distances, Metric};
use crate::vectorize::TfidfMatrix;

pub use lsa::{lsa, Lsa, LsaOptions};

use lsa::{flip_signs, orthonormalize, sorted_eigh};

/// How documents are placed on a 2-D map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Projection {
    /// Principal components of the documents' LSA vectors (any corpus size).
    #[default]
    Pca,
    /// Classical MDS of the cosine distances between TF-IDF rows (up to
    /// [`MDS_MAX_DOCUMENTS`] documents).
    Mds,
}

crate::names::named_enum!(Projection, "projection", { Pca => "pca", Mds => "mds" });

/// Each row of `m` placed in two dimensions by `projection`; PCA reduces
/// `lsa` vectors (of `lsa.dims` dimensions, fewer if the corpus has lower rank).
pub fn map_2d(
    m: &TfidfMatrix,
    projection: Projection,
    lsa_options: LsaOptions,
) -> Result<Array2<f64>> {
    Ok(match projection {
        Projection::Pca => pca(lsa(m, lsa_options)?.documents.view(), 2),
        Projection::Mds => cosine_mds(m, 2)?,
    })
}

/// The first `dims` principal components of the rows of `x` (centred, not
/// scaled): X_c V, with V the leading eigenvectors of X_cᵀ X_c, or from the
/// Gram matrix X_c X_cᵀ when there are fewer rows than columns. Exact (a
/// dense eigen-decomposition), so meant for LSA vectors of up to a few hundred
/// dimensions; coordinates the data cannot fill stay 0.
///
/// (linfa-reduction's `Pca` was the first choice; its LOBPCG solver returns
/// the same component twice on rank-deficient data, such as a handful of
/// documents, so the decomposition is done here.)
pub fn pca(x: ArrayView2<f64>, dims: usize) -> Array2<f64> {
    let (n, d) = x.dim();
    let mut out = Array2::zeros((n, dims));
    if n == 0 {
        return out;
    }
    let centred = &x - &x.mean_axis(Axis(0)).expect("n > 0");
    let (values, coords) = if d <= n {
        let (values, vectors) = sorted_eigh(centred.t().dot(&centred));
        (values.clone(), centred.dot(&vectors))
    } else {
        let (values, vectors) = sorted_eigh(centred.dot(&centred.t()));
        let mut coords = vectors;
        for (mut col, &l) in coords.axis_iter_mut(Axis(1)).zip(&values) {
            col *= l.max(0.0).sqrt();
        }
        (values, coords)
    };
    let top = values.first().copied().unwrap_or(0.0);
    for c in 0..dims.min(values.len()) {
        if values[c] > top * 1e-20 && values[c] > 0.0 {
            out.column_mut(c).assign(&coords.column(c));
        }
    }
    flip_signs(&mut out);
    out
}

/// Most documents [`cosine_mds`] takes: it holds the n × n distance matrix twice.
pub const MDS_MAX_DOCUMENTS: usize = 5_000;

/// Classical MDS of the cosine distances between the rows of `m` (at most
/// [`MDS_MAX_DOCUMENTS`]; above it, PCA of LSA vectors draws any number).
pub fn cosine_mds(m: &TfidfMatrix, dims: usize) -> Result<Array2<f64>> {
    let n = m.rows();
    if n > MDS_MAX_DOCUMENTS {
        return Err(Error::TooManyDocuments {
            method: "classical MDS",
            documents: n,
            limit: MDS_MAX_DOCUMENTS,
            instead: "use `method` pca",
        });
    }
    let d = pairwise_distances(m, Metric::Cosine);
    Ok(classical_mds(d.view(), dims))
}

/// Classical MDS: coordinates in `dims` dimensions whose Euclidean distances
/// best match `distances` (n × n, symmetric), from the leading eigenvectors of
/// the double-centred matrix B = −½ J D² J, scaled by the square roots of
/// their eigenvalues. Dimensions with a non-positive eigenvalue stay at 0.
///
/// The eigenvectors come from subspace iteration with a Rayleigh–Ritz step
/// (exact decomposition for small n), O(n²) memory.
pub fn classical_mds(distances: ArrayView2<f64>, dims: usize) -> Array2<f64> {
    let n = distances.nrows();
    let mut b = distances.mapv(|d| d * d);
    let row_means = b.mean_axis(Axis(1)).expect("square");
    let grand = row_means.mean().unwrap_or(0.0);
    for i in 0..n {
        for j in 0..n {
            b[[i, j]] = -0.5 * (b[[i, j]] - row_means[i] - row_means[j] + grand);
        }
    }
    let width = (dims + 8).min(n);
    let (values, vectors) = if n <= 64 {
        sorted_eigh(b)
    } else {
        leading_eigenpairs(&b, width)
    };
    let mut out = Array2::zeros((n, dims));
    for c in 0..dims.min(values.len()) {
        if values[c] > 1e-12 * values[0].abs().max(f64::MIN_POSITIVE) && values[c] > 0.0 {
            let scale = values[c].sqrt();
            out.column_mut(c)
                .assign(&vectors.column(c).mapv(|v| v * scale));
        }
    }
    flip_signs(&mut out);
    out
}

/// The `width` eigenpairs of largest magnitude of the symmetric `b`, by
/// subspace iteration from a fixed start, then sorted largest first.
fn leading_eigenpairs(b: &Array2<f64>, width: usize) -> (ndarray::Array1<f64>, Array2<f64>) {
    let n = b.nrows();
    // A deterministic, well-spread start: columns of a fixed pseudo-random sign pattern.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let start = Array2::from_shape_simple_fn((n, width), || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if state & 1 == 0 {
            1.0
        } else {
            -1.0
        }
    });
    let mut q = orthonormalize(start);
    let mut last = ndarray::Array1::<f64>::zeros(0);
    for _ in 0..300 {
        q = orthonormalize(b.dot(&q));
        let (values, _) = sorted_eigh(q.t().dot(&b.dot(&q)));
        let settled = values.len() == last.len()
            && values
                .iter()
                .zip(&last)
                .all(|(a, b)| (a - b).abs() <= 1e-12 * a.abs().max(1.0));
        last = values;
        if settled {
            break;
        }
    }
    let bq = b.dot(&q);
    let (values, small) = sorted_eigh(q.t().dot(&bq));
    (values, q.dot(&small))
}

#[cfg(test)]
mod tests;
