//! The fit in steps (`tahlil::vectorize::CountState`) for Python: count a
//! shard anywhere, merge the states, finish the model.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use tahlil::vectorize::CountState;

use crate::errors::guarded;
use crate::vectorizer::{over_texts, vectorizer, Model};

/// The counts of a shard of documents: per term its documents and
/// occurrences, and how its words were written. Merge states with `merge`;
/// a vectorizer's `fit_state` makes the model they add up to. Pickles as its
/// compact bytes (`to_bytes`, `CountState.from_bytes`).
#[pyclass(module = "tahlil._tahlil", name = "CountState", frozen, eq)]
#[derive(PartialEq)]
pub struct State(pub CountState);

#[pymethods]
impl State {
    /// A state from the bytes `to_bytes` (or `tahlil state count`) wrote.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<State> {
        guarded(py, || {
            CountState::from_bytes(data, "CountState.from_bytes()").map(State)
        })
    }

    /// The state as compact bytes (what `tahlil state count` writes to a file).
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = guarded(py, || Ok(self.0.to_bytes()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// This state and `other` added up (a new state; neither is changed).
    /// Both must have been counted with the same settings.
    fn merge(&self, py: Python<'_>, other: &State) -> PyResult<State> {
        guarded(py, || {
            let mut merged = self.0.clone();
            merged.merge(other.0.clone())?;
            Ok(State(merged))
        })
    }

    /// Number of documents counted.
    #[getter]
    fn n_documents(&self) -> u64 {
        self.0.n_documents()
    }

    /// Number of words (after filters, before n-grams) counted.
    #[getter]
    fn n_tokens(&self) -> u64 {
        self.0.n_tokens()
    }

    /// Number of distinct terms counted.
    #[getter]
    fn n_terms(&self) -> usize {
        self.0.terms().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "CountState(n_documents={}, n_tokens={}, n_terms={})",
            self.0.n_documents(),
            self.0.n_tokens(),
            self.0.terms().len()
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let from_bytes = py.get_type::<State>().getattr("from_bytes")?;
        Ok((from_bytes, (self.to_bytes(py)?,)))
    }
}

/// Counts `texts` with the text settings of `settings` (a vectorizer's
/// keywords) on `n_jobs` threads.
#[pyfunction]
pub fn count_state(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    settings: &Bound<'_, PyDict>,
    n_jobs: usize,
    method: &str,
) -> PyResult<State> {
    let v = vectorizer(settings, method)?;
    let state = over_texts(py, texts, method, |docs| {
        CountState::count(docs, v.pipeline(), n_jobs)
    })?;
    Ok(State(state))
}

/// The model `state` fits with `settings`, which must be those it was counted with.
#[pyfunction]
pub fn finish_state(
    py: Python<'_>,
    state: &State,
    settings: &Bound<'_, PyDict>,
    method: &str,
) -> PyResult<Model> {
    let v = vectorizer(settings, method)?;
    guarded(py, || {
        state.0.counted_with(v.pipeline().options())?;
        state.0.finish(v.options()).map(Model)
    })
    .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("{method}(): {}", e.value(py))))
}
