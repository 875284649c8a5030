//! Vectors the library made, handed to numpy without a copy.
//!
//! A matrix of 100 MB of text has millions of non-zeros: copying its arrays
//! into Python objects doubled the memory they took at the end of a fit, and
//! the copies went to fresh pages the kernel had to zero first. An [`Array`]
//! owns the vector and shows numpy where it is (`__array_interface__`); the
//! numpy array made from it keeps it as its base, so the vector lives as long
//! as any array over it.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A vector and the numpy type of its elements.
enum Storage {
    F64(Vec<f64>),
    /// Read as int32: only ever made of values below 2^31.
    U32(Vec<u32>),
    I32(Vec<i32>),
    I64(Vec<i64>),
}

/// One vector, as numpy reads it: `numpy.asarray(array)`.
#[pyclass(frozen, module = "tahlil._tahlil")]
pub(crate) struct Array(Storage);

impl Array {
    pub(crate) fn f64(v: Vec<f64>) -> Self {
        Array(Storage::F64(v))
    }

    /// `v`, read as int32: every value must be below 2^31.
    pub(crate) fn u32_as_i32(v: Vec<u32>) -> Self {
        debug_assert!(v.iter().all(|&x| x < 1 << 31));
        Array(Storage::U32(v))
    }

    pub(crate) fn i32(v: Vec<i32>) -> Self {
        Array(Storage::I32(v))
    }

    pub(crate) fn i64(v: Vec<i64>) -> Self {
        Array(Storage::I64(v))
    }

    /// Address, length and numpy type string (in the machine's byte order).
    fn parts(&self) -> (usize, usize, String) {
        fn at<T>(v: &[T]) -> (usize, usize) {
            (v.as_ptr() as usize, v.len())
        }
        let ((ptr, len), kind) = match &self.0 {
            Storage::F64(v) => (at(v), "f8"),
            Storage::U32(v) => (at(v), "i4"),
            Storage::I32(v) => (at(v), "i4"),
            Storage::I64(v) => (at(v), "i8"),
        };
        let order = if cfg!(target_endian = "big") {
            '>'
        } else {
            '<'
        };
        (ptr, len, format!("{order}{kind}"))
    }
}

#[pymethods]
impl Array {
    /// numpy's array interface (version 3): a one-dimensional, writable,
    /// C-contiguous array over the vector.
    #[getter]
    fn __array_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let (ptr, len, typestr) = self.parts();
        let d = PyDict::new(py);
        d.set_item("shape", (len,))?;
        d.set_item("typestr", typestr)?;
        d.set_item("data", (ptr, false))?;
        d.set_item("version", 3)?;
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.parts().1
    }

    fn __repr__(&self) -> String {
        let (_, len, typestr) = self.parts();
        format!("<tahlil array of {len} {typestr}>")
    }
}
