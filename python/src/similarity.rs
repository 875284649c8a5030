//! Similarity of the rows of a sparse matrix: the full matrix, or each row's
//! nearest neighbours.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tahlil::similarity::{pairwise, Metric, TopKParams};
use tahlil::vectorize::TfidfMatrix;

use crate::errors::{guarded, param};
use crate::options::named;

/// A CSR matrix from numpy's buffers (float64 data, int64 indices and
/// indptr, indices sorted within each row, as scipy's `sort_indices` leaves them).
pub(crate) fn matrix(
    shape: (usize, usize),
    data: &[u8],
    indices: &[u8],
    indptr: &[u8],
    method: &str,
) -> PyResult<TfidfMatrix> {
    let data: Vec<f64> = bytemuck::pod_collect_to_vec(data);
    let indices: Vec<i64> = bytemuck::pod_collect_to_vec(indices);
    let indptr: Vec<i64> = bytemuck::pod_collect_to_vec(indptr);
    let bad = |what: &str| {
        PyValueError::new_err(format!("{method}(): X is not a valid CSR matrix: {what}"))
    };
    let indices: Vec<u32> = indices
        .iter()
        .map(|&j| u32::try_from(j).map_err(|_| bad("a column index is out of range")))
        .collect::<PyResult<_>>()?;
    let indptr: Vec<usize> = indptr
        .iter()
        .map(|&p| usize::try_from(p).map_err(|_| bad("a row pointer is negative")))
        .collect::<PyResult<_>>()?;
    TfidfMatrix::try_new(shape, indptr, indices, data).map_err(|(_, _, _, e)| bad(&e.to_string()))
}

/// The n × n matrix of `metric` between the rows, as float64 bytes (row-major).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn pairwise_matrix<'py>(
    py: Python<'py>,
    shape: (usize, usize),
    data: &[u8],
    indices: &[u8],
    indptr: &[u8],
    metric: &Bound<'py, PyAny>,
    method: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let metric: Metric = named(method, "metric", metric)?;
    let m = matrix(shape, data, indices, indptr, method)?;
    let out = guarded(py, || Ok(pairwise(&m, metric)))?;
    let flat: Vec<f64> = out.iter().copied().collect();
    Ok(PyBytes::new(py, bytemuck::cast_slice(&flat)))
}

/// Each row's `top_k` nearest rows: (doc, neighbour, score) as int64, int64
/// and float64 bytes.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (shape, data, indices, indptr, metric, top_k, min_score, method))]
pub fn neighbours<'py>(
    py: Python<'py>,
    shape: (usize, usize),
    data: &[u8],
    indices: &[u8],
    indptr: &[u8],
    metric: &Bound<'py, PyAny>,
    top_k: usize,
    min_score: Option<f64>,
    method: &str,
) -> PyResult<(
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
)> {
    let metric: Metric = named(method, "metric", metric)?;
    let params = TopKParams {
        metric,
        k: top_k,
        min_score,
    }
    .check()
    .map_err(|e| param(method, &e))?;
    let m = matrix(shape, data, indices, indptr, method)?;
    let found = guarded(py, || Ok(tahlil::similarity::top_k(&m, &params)))?;
    let docs: Vec<i64> = found.iter().map(|n| n.doc as i64).collect();
    let rows: Vec<i64> = found.iter().map(|n| n.neighbour as i64).collect();
    let scores: Vec<f64> = found.iter().map(|n| n.score).collect();
    Ok((
        PyBytes::new(py, bytemuck::cast_slice(&docs)),
        PyBytes::new(py, bytemuck::cast_slice(&rows)),
        PyBytes::new(py, bytemuck::cast_slice(&scores)),
    ))
}
