//! Library errors → Python exceptions, parameters named as Python spells them.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use tahlil::error::spell_params;

/// Where a Python keyword differs from the library's parameter name.
const KEYWORDS: &[(&str, &str)] = &[("stopwords", "stop_words")];

/// A library message with its backticked parameter names in Python's spelling.
fn spelled(message: &str) -> String {
    spell_params(message, |name| {
        Some(
            KEYWORDS
                .iter()
                .find(|&&(n, _)| n == name)
                .map_or(name, |&(_, k)| k)
                .to_owned(),
        )
    })
}

/// An invalid value: a `ValueError` from `function`.
pub fn param(function: &str, e: &tahlil::ParamError) -> PyErr {
    PyValueError::new_err(format!("{function}(): {}", spelled(&e.to_string())))
}

/// The exception for a library error: a missing file is `FileNotFoundError`,
/// another I/O failure `OSError`, anything the input or the settings are to
/// blame for `ValueError`.
pub fn to_py(e: tahlil::Error) -> PyErr {
    let message = spelled(&e.to_string());
    match &e {
        tahlil::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(message)
        }
        tahlil::Error::Io { .. } | tahlil::Error::Threads { .. } => PyOSError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

/// Runs `work` with the GIL released; a library error becomes its Python
/// exception, and a panic (a bug) a `RuntimeError` saying so, never a crash
/// of the interpreter.
pub fn guarded<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> tahlil::Result<T> + Send,
) -> PyResult<T> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(work))) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(to_py(e)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            Err(PyRuntimeError::new_err(format!(
                "tahlil: internal error (a bug in tahlil; please report it with the input that caused it): {what}"
            )))
        }
    }
}
