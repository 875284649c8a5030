//! `tahlil._tahlil`: the Python bindings, a thin layer over the `tahlil` crate.
//!
//! Each function maps Python's arguments to the library's settings once
//! ([`options`]), runs the library with the GIL released, and maps its errors
//! to Python exceptions that name parameters as Python spells them
//! ([`errors`]). A panic never crosses into Python: it is caught and raised
//! as a `RuntimeError` that says it is a bug.

mod errors;
mod options;
mod similarity;
mod vectorizer;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use errors::guarded;

/// `text` normalized: NFKC, format characters, diacritics and tatweel
/// deleted, alef forms, alef maksura, teh marbuta, digits and Persian letters
/// folded, Latin lower-cased. Each rule is a keyword (`fold_alef=False` keeps
/// أ إ آ distinct from ا).
#[pyfunction]
#[pyo3(signature = (text, **rules))]
fn normalize(py: Python<'_>, text: &str, rules: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
    let options = options::normalize_options("normalize", rules)?;
    guarded(py, || {
        Ok(tahlil::normalize::Normalizer::new(&options).normalize(text))
    })
}

/// The words of `text` as every analysis sees them: normalized, split, with
/// clitics handled (`clitics='drop'`), short words and stop words dropped,
/// optionally stemmed.
#[pyfunction]
#[pyo3(signature = (text, **options))]
fn tokenize(
    py: Python<'_>,
    text: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<String>> {
    let options = options::pipeline_options("tokenize", options)?;
    guarded(py, || {
        let pipeline = tahlil::pipeline::Pipeline::new(options)?;
        let mut scratch = tahlil::pipeline::Scratch::default();
        let mut words = Vec::new();
        pipeline.words(text, &mut scratch, |w| words.push(w.to_owned()));
        Ok(words)
    })
}

/// The five embedded seed articles as `(id, text)` pairs.
#[pyfunction]
fn seeds() -> Vec<(&'static str, &'static str)> {
    tahlil::seeds::SEEDS.to_vec()
}

#[pymodule]
fn _tahlil(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    m.add_function(wrap_pyfunction!(seeds, m)?)?;
    m.add_function(wrap_pyfunction!(vectorizer::fit_transform, m)?)?;
    m.add_function(wrap_pyfunction!(vectorizer::transform, m)?)?;
    m.add_class::<vectorizer::Model>()?;
    m.add_function(wrap_pyfunction!(similarity::pairwise_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(similarity::neighbours, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
