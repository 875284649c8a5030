//! `tahlil._tahlil`: the Python bindings, a thin layer over the `tahlil` crate.
//!
//! Each function maps Python's arguments to the library's settings once
//! ([`options`]), runs the library with the GIL released, and maps its errors
//! to Python exceptions that name parameters as Python spells them
//! ([`errors`]). A panic never crosses into Python: it is caught and raised
//! as a `RuntimeError` that says it is a bug.

mod analyses;
mod array;
mod charts;
mod errors;
mod options;
mod similarity;
mod state;
mod utf8;
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
    m.add_class::<array::Array>()?;
    m.add_class::<state::State>()?;
    m.add_function(wrap_pyfunction!(state::count_state, m)?)?;
    m.add_function(wrap_pyfunction!(state::finish_state, m)?)?;
    m.add_function(wrap_pyfunction!(similarity::pairwise_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(similarity::neighbours, m)?)?;
    for f in [
        wrap_pyfunction!(analyses::terms, m)?,
        wrap_pyfunction!(analyses::stats, m)?,
        wrap_pyfunction!(analyses::keyness, m)?,
        wrap_pyfunction!(analyses::collocations, m)?,
        wrap_pyfunction!(analyses::cooccurrence, m)?,
        wrap_pyfunction!(analyses::kwic, m)?,
        wrap_pyfunction!(analyses::trends, m)?,
        wrap_pyfunction!(analyses::topics, m)?,
        wrap_pyfunction!(analyses::cluster, m)?,
        wrap_pyfunction!(analyses::map_2d, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add_class::<charts::Chart>()?;
    // The chart builders live in a submodule, as `tahlil.plot` shows them.
    let plot = PyModule::new(m.py(), "plot")?;
    for f in [
        wrap_pyfunction!(charts::heatmap, &plot)?,
        wrap_pyfunction!(charts::dendrogram, &plot)?,
        wrap_pyfunction!(charts::bars, &plot)?,
        wrap_pyfunction!(charts::keyness, &plot)?,
        wrap_pyfunction!(charts::scatter, &plot)?,
        wrap_pyfunction!(charts::network, &plot)?,
        wrap_pyfunction!(charts::zipf, &plot)?,
        wrap_pyfunction!(charts::dispersion, &plot)?,
        wrap_pyfunction!(charts::lines, &plot)?,
    ] {
        plot.add_function(f)?;
    }
    m.add_submodule(&plot)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
