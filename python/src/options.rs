//! Python's keyword arguments → the library's settings, mapped once.
//!
//! Keywords keep the library's names (`min_token_length`, `fold_alef`), but
//! for `stop_words` (scikit-learn's spelling of the library's `stopwords`),
//! whose values follow scikit-learn too: `'arabic'` (the built-in list),
//! `None`, or a list of words.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use tahlil::filter::{Stem, StopWords};
use tahlil::names::Named;
use tahlil::normalize::{rules::RULES, NormalizeOptions};
use tahlil::pipeline::PipelineOptions;
use tahlil::segment::Clitics;

/// Whether `key` is one of the normalization rules (`NormalizeOptions`' fields).
fn is_rule(key: &str) -> bool {
    RULES.iter().any(|r| r.option == key)
}

/// A keyword no function of this name takes, worded as Python words it.
fn unexpected(function: &str, key: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "{function}() got an unexpected keyword argument '{key}'"
    ))
}

/// Sets the rule `key` of `options` to `value`, which must be a bool.
fn set_rule(
    function: &str,
    options: &mut NormalizeOptions,
    key: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let on: bool = value.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{function}(): {key} must be True or False, not {}",
            type_name(value)
        ))
    })?;
    // The rules are the fields of NormalizeOptions, by name (a test in the
    // library keeps the two lists equal).
    let mut fields = serde_json::to_value(&*options).expect("options serialize");
    fields[key] = on.into();
    *options = serde_json::from_value(fields).expect("a rule is a field");
    Ok(())
}

pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// The normalization rules given as keywords (every other keyword is a TypeError).
pub fn normalize_options(
    function: &str,
    rules: Option<&Bound<'_, PyDict>>,
) -> PyResult<NormalizeOptions> {
    let mut options = NormalizeOptions::default();
    for (key, value) in rules.into_iter().flat_map(|d| d.iter()) {
        let key: String = key.extract()?;
        if !is_rule(&key) {
            return Err(unexpected(function, &key));
        }
        set_rule(function, &mut options, &key, &value)?;
    }
    Ok(options)
}

/// A named value (`clitics='drop'`): a str among the library's names.
pub fn named<T: Named>(function: &str, key: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    let name: String = value.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{function}(): {key} must be a str ({}), not {}",
            T::NAMES.join(", "),
            type_name(value)
        ))
    })?;
    name.parse::<T>()
        .map_err(|e| PyValueError::new_err(format!("{function}(): {key}: {e}")))
}

/// `stop_words`: 'arabic', None, or an iterable of words.
fn stop_words(function: &str, value: &Bound<'_, PyAny>) -> PyResult<StopWords> {
    if value.is_none() {
        return Ok(StopWords::None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return match s.extract::<String>()?.as_str() {
            "arabic" => Ok(StopWords::Builtin),
            other => Err(PyValueError::new_err(format!(
                "{function}(): stop_words {other:?}: use 'arabic' (the built-in list), None, or a list of words"
            ))),
        };
    }
    let words: Vec<String> = value
        .try_iter()
        .and_then(|it| it.map(|w| w?.extract::<String>()).collect())
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "{function}(): stop_words must be 'arabic', None or a list of str, not {}",
                type_name(value)
            ))
        })?;
    Ok(StopWords::List {
        source: "stop_words".into(),
        words,
    })
}

/// Everything that makes words: the normalization rules, `clitics`,
/// `stop_words`, `min_token_length` and `stem`.
pub fn pipeline_options(
    function: &str,
    given: Option<&Bound<'_, PyDict>>,
) -> PyResult<PipelineOptions> {
    let mut options = PipelineOptions::default();
    for (key, value) in given.into_iter().flat_map(|d| d.iter()) {
        let key: String = key.extract()?;
        match key.as_str() {
            "clitics" => options.clitics = named::<Clitics>(function, &key, &value)?,
            "stem" if value.is_none() => options.stem = Stem::None,
            "stem" => options.stem = named::<Stem>(function, &key, &value)?,
            "stop_words" => options.stopwords = stop_words(function, &value)?,
            "min_token_length" => {
                options.min_token_length = value.extract().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "{function}(): min_token_length must be an int, not {}",
                        type_name(&value)
                    ))
                })?
            }
            k if is_rule(k) => set_rule(function, &mut options.normalize, k, &value)?,
            k => return Err(unexpected(function, k)),
        }
    }
    options
        .check()
        .map_err(|e| crate::errors::param(function, &e))?;
    Ok(options)
}
