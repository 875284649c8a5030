//! The vectorizers' core: fit and transform over Python iterables of str,
//! the matrix handed back as CSR buffers and the model as a Python object.

use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyString};
use tahlil::filter::{Stem, StopWords};
use tahlil::input::Document;
use tahlil::normalize::rules::RULES;
use tahlil::pipeline::Analyzer;
use tahlil::vectorize::{DocFreq, Norm, TfidfModel, TfidfVectorizer, VectorizerOptions, Vectors};

use crate::array::Array;
use crate::errors::{guarded, param, to_py};
use crate::options::{named, pipeline_options, type_name};

/// A fitted model: the vocabulary, idf and every option, as tahlil's model.json.
#[pyclass(module = "tahlil._tahlil", name = "Model", frozen)]
pub struct Model(pub TfidfModel);

#[pymethods]
impl Model {
    /// The model from tahlil's model.json text (as `tahlil vectorize` writes it).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Model> {
        guarded(py, || {
            let model: TfidfModel =
                serde_json::from_str(text).map_err(|e| tahlil::Error::Parse {
                    path: "model.json".into(),
                    line: e.line() as u64,
                    message: e.to_string(),
                })?;
            model.validate("model.json")?;
            Ok(Model(model))
        })
    }

    /// The model as tahlil's model.json text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guarded(py, || {
            let mut out = Vec::new();
            self.0
                .write_json(&mut out)
                .map_err(|e| tahlil::Error::io("model.json", e))?;
            Ok(String::from_utf8(out).expect("JSON is UTF-8"))
        })
    }

    /// The terms, in column order.
    fn terms(&self) -> Vec<&str> {
        self.0.vocabulary.iter().collect()
    }

    /// Each term as its words are most often written, in column order.
    fn display_terms(&self) -> Vec<String> {
        (0..self.0.vocabulary.len())
            .map(|j| self.0.display_term(j).into_owned())
            .collect()
    }

    /// The keyword settings of the vectorizer that made this model, in
    /// scikit-learn's and tahlil's Python names (`TfidfVectorizer(**settings)`).
    fn settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let (p, o) = (&self.0.pipeline, &self.0.vectorizer);
        let d = PyDict::new(py);
        d.set_item("analyzer", p.analyzer.to_string())?;
        d.set_item("ngram_range", p.ngram_range)?;
        for (key, df) in [("min_df", o.min_df), ("max_df", o.max_df)] {
            match df {
                DocFreq::Count(n) => d.set_item(key, n)?,
                DocFreq::Fraction(f) => d.set_item(key, f)?,
            }
        }
        d.set_item("max_features", o.max_features)?;
        d.set_item("binary", o.binary)?;
        d.set_item("norm", (o.norm != Norm::None).then(|| o.norm.to_string()))?;
        d.set_item("use_idf", o.use_idf)?;
        d.set_item("smooth_idf", o.smooth_idf)?;
        d.set_item("sublinear_tf", o.sublinear_tf)?;
        match &p.stopwords {
            StopWords::None => d.set_item("stop_words", py.None())?,
            StopWords::Builtin => d.set_item("stop_words", "arabic")?,
            StopWords::List { words, .. } => d.set_item("stop_words", words.clone())?,
        }
        d.set_item("min_token_length", p.min_token_length)?;
        d.set_item("stem", (p.stem != Stem::None).then(|| p.stem.to_string()))?;
        d.set_item("clitics", p.clitics.to_string())?;
        // The rules are the fields of NormalizeOptions, by name.
        let rules = serde_json::to_value(&p.normalize).expect("options serialize");
        for rule in RULES {
            d.set_item(rule.option, rules[rule.option].as_bool())?;
        }
        Ok(d)
    }

    /// The idf of each column, or None without `use_idf`: a vector numpy
    /// reads in place (a list of 180,000 Python floats took 15 ms to make).
    fn idf(&self) -> Option<Array> {
        self.0.idf.clone().map(Array::f64)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = py.get_type::<Model>().getattr("from_json")?;
        Ok((from_json, (self.to_json(py)?,)))
    }
}

/// `min_df` / `max_df`: an int is a document count, a float a fraction.
fn doc_freq(method: &str, key: &str, value: &Bound<'_, PyAny>) -> PyResult<DocFreq> {
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{method}(): {key} must be an int or a float, not bool"
        )));
    }
    if let Ok(n) = value.extract::<i64>() {
        return u64::try_from(n).map(DocFreq::Count).map_err(|_| {
            PyValueError::new_err(format!(
                "{method}(): {key} {n}: a document count must be >= 0"
            ))
        });
    }
    value.extract::<f64>().map(DocFreq::Fraction).map_err(|_| {
        PyTypeError::new_err(format!(
            "{method}(): {key} must be an int or a float, not {}",
            type_name(value)
        ))
    })
}

fn flag(method: &str, key: &str, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    value.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{method}(): {key} must be True or False, not {}",
            type_name(value)
        ))
    })
}

/// The vectorizer the keyword settings describe (scikit-learn's names).
pub(crate) fn vectorizer(settings: &Bound<'_, PyDict>, method: &str) -> PyResult<TfidfVectorizer> {
    let words = PyDict::new(settings.py());
    let mut o = VectorizerOptions::default();
    let mut analyzer = Analyzer::Word;
    let mut ngram_range = (1, 1);
    for (key, value) in settings.iter() {
        let key: String = key.extract()?;
        match key.as_str() {
            "min_df" => o.min_df = doc_freq(method, &key, &value)?,
            "max_df" => o.max_df = doc_freq(method, &key, &value)?,
            "max_features" if value.is_none() => o.max_features = None,
            "max_features" => {
                o.max_features = Some(value.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "{method}(): max_features must be an int or None, not {}",
                        type_name(&value)
                    ))
                })?)
            }
            "binary" => o.binary = flag(method, &key, &value)?,
            "use_idf" => o.use_idf = flag(method, &key, &value)?,
            "smooth_idf" => o.smooth_idf = flag(method, &key, &value)?,
            "sublinear_tf" => o.sublinear_tf = flag(method, &key, &value)?,
            "norm" if value.is_none() => o.norm = Norm::None,
            "norm" => o.norm = named::<Norm>(method, &key, &value)?,
            "analyzer" => analyzer = named::<Analyzer>(method, &key, &value)?,
            "ngram_range" => {
                ngram_range = value.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "{method}(): ngram_range must be a tuple (min_n, max_n) of ints, not {}",
                        type_name(&value)
                    ))
                })?
            }
            _ => words.set_item(&key, value)?,
        }
    }
    let mut pipeline = pipeline_options(method, Some(&words))?;
    pipeline.analyzer = analyzer;
    pipeline.ngram_range = ngram_range;
    pipeline.check().map_err(|e| param(method, &e))?;
    o.check().map_err(|e| param(method, &e))?;
    TfidfVectorizer::new(pipeline, o).map_err(to_py)
}

/// Python's texts as documents, each taken with the GIL held for just that
/// item (the library's workers run meanwhile), never all held at once. An
/// item that is not a str stops the reading; its error is kept for Python.
pub(crate) struct Texts {
    iter: Py<PyIterator>,
    row: usize,
    method: String,
    error: Arc<Mutex<Option<PyErr>>>,
    /// Scratch for [`crate::utf8::utf8`].
    units: Vec<u32>,
}

impl Iterator for Texts {
    type Item = tahlil::Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        Python::attach(|py| {
            let item = self.iter.bind(py).clone().next()?;
            let row = self.row;
            self.row += 1;
            let text = item.and_then(|o| {
                let s = o.cast::<PyString>().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "{}(): document {row} is {}, not str",
                        self.method,
                        type_name(&o)
                    ))
                })?;
                // Not through `PyUnicode_AsUTF8`: that caches the UTF-8 inside
                // the caller's str, which would keep a second copy of the whole
                // corpus alive for as long as the caller keeps the texts.
                crate::utf8::utf8(s, &mut self.units)
            });
            Some(match text {
                Ok(text) => Ok(Document::new(row.to_string(), text)),
                Err(e) => {
                    *self.error.lock().expect("no panic while held") = Some(e);
                    Err(tahlil::Error::EmptyCorpus(
                        "stopped: a document could not be read".into(),
                    ))
                }
            })
        })
    }
}

/// Runs `work` over `texts` with the GIL released; the error of a document
/// Python could not give wins over the library's.
pub(crate) fn over_texts<T: Send>(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    method: &str,
    work: impl FnOnce(Texts) -> tahlil::Result<T> + Send,
) -> PyResult<T> {
    let error = Arc::new(Mutex::new(None));
    let docs = Texts {
        iter: texts.try_iter()?.unbind(),
        row: 0,
        method: method.to_owned(),
        error: error.clone(),
        units: Vec::new(),
    };
    let result = guarded(py, || work(docs));
    if let Some(e) = error.lock().expect("no panic while held").take() {
        return Err(e);
    }
    result
}

/// Fits `settings` (the vectorizer's keywords) on `texts`: the model and the
/// matrix's CSR buffers.
#[pyfunction]
pub fn fit_transform<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    settings: &Bound<'py, PyDict>,
    n_jobs: usize,
    method: &str,
) -> PyResult<(Model, Csr)> {
    let v = vectorizer(settings, method)?;
    let (model, vectors) = over_texts(py, texts, method, |docs| v.fit_transform(docs, n_jobs))?;
    Ok((Model(model), csr(vectors)))
}

/// `texts` in the columns of `model`: the matrix's CSR buffers.
#[pyfunction]
pub fn transform<'py>(
    py: Python<'py>,
    model: &Model,
    texts: &Bound<'py, PyAny>,
    n_jobs: usize,
    method: &str,
) -> PyResult<Csr> {
    let vectors = over_texts(py, texts, method, |docs| model.0.transform(docs, n_jobs))?;
    Ok(csr(vectors))
}

/// The CSR arrays of `v` for scipy.sparse.csr_matrix, handed over without a
/// copy: (shape, data, indices, indptr).
type Csr = ((usize, usize), Array, Array, Array);

fn csr(v: Vectors) -> Csr {
    let shape = (v.matrix.rows(), v.matrix.cols());
    let nnz = v.matrix.nnz();
    let (indptr, indices, data) = v.matrix.into_raw_storage();
    // scipy takes int32 indices while they fit, as its own constructors do.
    let (indices, indptr) = if nnz < i32::MAX as usize && shape.1 < i32::MAX as usize {
        let indptr = indptr.into_iter().map(|p| p as i32).collect();
        (Array::u32_as_i32(indices), Array::i32(indptr))
    } else {
        let indices = indices.into_iter().map(i64::from).collect();
        let indptr = indptr.into_iter().map(|p| p as i64).collect();
        (Array::i64(indices), Array::i64(indptr))
    };
    (shape, Array::f64(data), indices, indptr)
}
