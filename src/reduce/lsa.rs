//! Latent semantic analysis: a seeded randomized truncated SVD of the sparse
//! TF-IDF matrix (Halko, Martinsson and Tropp 2011, algorithms 4.4 and 5.1, as
//! scikit-learn's `randomized_svd`).
//!
//! The matrix A (documents × terms) is never densified: it is only multiplied
//! by thin dense matrices, A·M through its rows and Aᵀ·M through a column
//! copy, each output row summed in a fixed order so that any thread count
//! gives the same bits.

use ndarray::{s, Array1, Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::error::{ParamError, Result};
use crate::params::Valid;
use crate::vectorize::TfidfMatrix;

/// How many dimensions and how hard to look for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LsaOptions {
    /// Dimensions kept (clamped to the rank the corpus allows).
    pub dims: usize,
    /// Extra random directions sampled beyond `dims` (scikit-learn: 10).
    pub oversample: usize,
    /// Power iterations: more give more accurate trailing dimensions.
    pub power_iterations: usize,
    /// Seed of the random test matrix.
    pub seed: u64,
}

impl Default for LsaOptions {
    fn default() -> Self {
        LsaOptions {
            dims: 100,
            oversample: 10,
            power_iterations: 4,
            seed: 0,
        }
    }
}

impl LsaOptions {
    /// Checks `dims` (see [`crate::params`]).
    pub fn check(&self) -> Result<Valid<LsaOptions>, ParamError> {
        if self.dims == 0 {
            return Err(ParamError::Dims(0));
        }
        Ok(Valid::checked(*self))
    }
}

/// A fitted LSA: document coordinates and the singular values.
#[derive(Debug, Clone)]
pub struct Lsa {
    /// n × dims: row i is document i in the latent space (U·Σ).
    pub documents: Array2<f64>,
    /// The singular values, largest first.
    pub singular_values: Array1<f64>,
}

/// The `options.dims` leading singular directions of `m`. Fewer columns come
/// back when the matrix has lower rank (for example fewer documents than
/// `dims`); each column's sign makes its largest entry positive.
pub fn lsa(m: &TfidfMatrix, options: LsaOptions) -> Result<Lsa> {
    options.check()?;
    let (n, v) = (m.rows(), m.cols());
    let width = (options.dims + options.oversample).min(n).min(v);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(options.seed);
    let omega = Array2::from_shape_simple_fn((v, width), || StandardNormal.sample(&mut rng));
    let csc = m.to_csc();
    let mut q = orthonormalize(sparse_times_dense(m, omega.view()));
    for _ in 0..options.power_iterations {
        // Only Q is re-orthonormalized: Z = AᵀQ has column norms near the
        // singular values, and the two Gram-based passes of `orthonormalize`
        // keep every direction above σ₁·1e-12 of A·Z, far beyond the spread of
        // a TF-IDF spectrum. Normalizing the long Z (terms × width) as well
        // cost a third of the time.
        let z = sparse_times_dense(&csc, q.view());
        q = orthonormalize(sparse_times_dense(m, z.view()));
    }
    // B = Qᵀ A has the singular values of A; its Gram matrix B Bᵀ = Zᵀ Z is
    // small (width × width), and A V = Q U_B Σ.
    let z = sparse_times_dense(&csc, q.view());
    let (values, vectors) = sorted_eigh(gram(&z));
    let keep = values
        .iter()
        .take(options.dims)
        .take_while(|&&l| l > values[0] * 1e-20 && l > 0.0)
        .count();
    let sigma = values.slice(s![..keep]).mapv(f64::sqrt);
    let mut documents = times(&q, &vectors.slice(s![.., ..keep]).to_owned());
    for (mut col, &s) in documents.axis_iter_mut(Axis(1)).zip(&sigma) {
        col *= s;
    }
    flip_signs(&mut documents);
    Ok(Lsa {
        documents,
        singular_values: sigma,
    })
}

/// Columns of the dense factor handled per pass of [`sparse_times_dense`].
const PANEL: usize = 16;

/// Rows of a compressed matrix (CSR: documents; CSC: terms) times a dense
/// matrix, one output row per outer index, in parallel.
///
/// The dense factor is cut into panels of 16 columns, each copied
/// contiguously: a panel of a 150,000-term factor (19 MB) stays in the L3
/// cache while every stored entry reads a 128-byte row of it, where the whole
/// factor (130 MB) would be read from memory, 880 bytes per entry.
pub(crate) fn sparse_times_dense(a: &TfidfMatrix, m: ArrayView2<f64>) -> Array2<f64> {
    let (rows, width) = (m.nrows(), m.ncols());
    let (indptr, indices, data) = (a.indptr(), a.indices(), a.data());
    let indptr = indptr.raw_storage();
    let mut out = Array2::<f64>::zeros((a.outer_dims(), width));
    let m = m.as_standard_layout();
    let dense = m.as_slice().expect("standard layout");
    let mut panel = vec![0.0f64; rows * PANEL];
    for first in (0..width).step_by(PANEL) {
        let cols = PANEL.min(width - first);
        panel
            .par_chunks_mut(PANEL)
            .zip(dense.par_chunks(width.max(1)))
            .for_each(|(to, from)| to[..cols].copy_from_slice(&from[first..first + cols]));
        let panel = &panel;
        out.axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(i, mut row)| {
                let mut sum = [0.0f64; PANEL];
                for p in indptr[i]..indptr[i + 1] {
                    let (j, x) = (indices[p] as usize, data[p]);
                    let src = &panel[j * PANEL..(j + 1) * PANEL];
                    for (s, &y) in sum.iter_mut().zip(src) {
                        *s += x * y;
                    }
                }
                for c in 0..cols {
                    row[first + c] = sum[c];
                }
            });
    }
    out
}

/// Rows per block of the parallel dense products below: a fixed size, so
/// the sums are grouped the same way for any thread count.
const ROW_BLOCK: usize = 2048;

/// Yᵀ Y, as a sum over fixed blocks of rows taken in order.
pub(crate) fn gram(y: &Array2<f64>) -> Array2<f64> {
    let blocks: Vec<Array2<f64>> = y
        .axis_chunks_iter(Axis(0), ROW_BLOCK)
        .into_par_iter()
        .map(|b| b.t().dot(&b))
        .collect();
    let mut g = Array2::zeros((y.ncols(), y.ncols()));
    for b in blocks {
        g += &b;
    }
    g
}

/// Y W, block of rows by block of rows in parallel.
pub(crate) fn times(y: &Array2<f64>, w: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((y.nrows(), w.ncols()));
    out.axis_chunks_iter_mut(Axis(0), ROW_BLOCK)
        .into_par_iter()
        .zip(y.axis_chunks_iter(Axis(0), ROW_BLOCK))
        .for_each(|(mut o, b)| o.assign(&b.dot(w)));
    out
}

/// An orthonormal basis of the columns of `y` (n × w, n ≥ w), by the
/// eigen-decomposition of its Gram matrix, twice over (SVQB): unlike a
/// Cholesky QR it survives rank deficiency, dropping the directions it lacks.
pub(crate) fn orthonormalize(mut y: Array2<f64>) -> Array2<f64> {
    for _ in 0..2 {
        let (values, vectors) = sorted_eigh(gram(&y));
        let top = values.first().copied().unwrap_or(0.0);
        let keep = values
            .iter()
            .take_while(|&&l| l > top * 1e-24 && l > 0.0)
            .count();
        let mut w = vectors.slice(s![.., ..keep]).to_owned();
        for (mut col, &l) in w.axis_iter_mut(Axis(1)).zip(&values) {
            col /= l.sqrt();
        }
        y = times(&y, &w);
    }
    y
}

/// Eigenvalues of a symmetric matrix, largest first, with their vectors as columns.
pub(crate) fn sorted_eigh(g: Array2<f64>) -> (Array1<f64>, Array2<f64>) {
    use linfa_linalg::eigh::EighInto;
    let n = g.nrows();
    if n == 0 {
        return (Array1::zeros(0), Array2::zeros((0, 0)));
    }
    // A symmetric matrix of finite values always decomposes.
    let (values, vectors) = g.eigh_into().expect("symmetric eigen-decomposition");
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let values = order.iter().map(|&i| values[i]).collect();
    let vectors = vectors.select(Axis(1), &order);
    (values, vectors)
}

/// Makes the largest-magnitude entry of every column positive (first such
/// entry on ties), so that the arbitrary sign of a singular vector does not
/// reach the output.
pub(crate) fn flip_signs(x: &mut Array2<f64>) {
    for mut col in x.axis_iter_mut(Axis(1)) {
        let mut best = 0.0f64;
        for &c in col.iter() {
            if c.abs() > best.abs() {
                best = c;
            }
        }
        if best < 0.0 {
            col.mapv_inplace(|c| -c);
        }
    }
}
