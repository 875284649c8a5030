//! Charts from Python: each function builds one of the library's charts and
//! hands back a [`Chart`], which renders it as SVG or PNG on demand (Jupyter
//! shows it inline) and saves it to a file, atomically, in the format the
//! name says. The drawing is the library's, so a chart from Python is the
//! command line's chart, Arabic shaped the same way.

use std::path::PathBuf;

use ndarray::Array2;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use tahlil::cluster::hierarchical::{Merge, Tree};
use tahlil::plot::bars::{Bars, Panel};
use tahlil::plot::dendrogram::Dendrogram;
use tahlil::plot::dispersion::Dispersion;
use tahlil::plot::heatmap::Heatmap;
use tahlil::plot::keyness::{KeynessBars, KeynessPanel};
use tahlil::plot::lines::{Lines, Scale, Series};
use tahlil::plot::network::Network;
use tahlil::plot::scatter::Scatter;
use tahlil::plot::zipf::Zipf;
use tahlil::plot::{render_png, render_svg, ChartOptions, Format};
use tahlil::similarity::Metric;
use tahlil::terms::profile::fit_zipf;

use crate::errors::{guarded, param, to_py};
use crate::options::named;

type Render = dyn Fn(Format, &ChartOptions) -> tahlil::Result<Vec<u8>> + Send + Sync;

/// A chart, drawn when asked for: `svg()`, `png()`, `save(path)`, and inline
/// in Jupyter.
#[pyclass(module = "tahlil._tahlil", name = "Chart", frozen)]
pub struct Chart {
    kind: &'static str,
    options: ChartOptions,
    render: Box<Render>,
}

impl Chart {
    fn new<C: tahlil::plot::Chart + Send + Sync + 'static>(
        kind: &'static str,
        chart: C,
        options: ChartOptions,
        method: &str,
    ) -> PyResult<Chart> {
        let options = options.check().map_err(|e| param(method, &e))?.into_inner();
        Ok(Chart {
            kind,
            options,
            render: Box::new(move |format, options| match format {
                Format::Png => render_png(&chart, options),
                Format::Svg => render_svg(&chart, options).map(String::into_bytes),
            }),
        })
    }

    fn draw(&self, py: Python<'_>, format: Format) -> PyResult<Vec<u8>> {
        guarded(py, || (self.render)(format, &self.options))
    }
}

#[pymethods]
impl Chart {
    /// The chart as an SVG document (the font embedded).
    fn svg(&self, py: Python<'_>) -> PyResult<String> {
        Ok(String::from_utf8(self.draw(py, Format::Svg)?).expect("SVG is UTF-8"))
    }

    /// The chart as a PNG file's bytes.
    fn png<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.draw(py, Format::Png)?))
    }

    fn _repr_svg_(&self, py: Python<'_>) -> PyResult<String> {
        self.svg(py)
    }

    fn _repr_png_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.png(py)
    }

    /// Writes the chart to `path` as PNG or SVG (from the extension), whole or not at all.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let format = Format::from_path(&path).map_err(to_py)?;
        let bytes = self.draw(py, format)?;
        guarded(py, || {
            tahlil::io::write_atomic(&path, |w| w.write_all(&bytes))
        })
    }

    /// What is drawn: heatmap, dendrogram, bars, keyness, scatter, network,
    /// zipf, dispersion or lines.
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn __repr__(&self) -> String {
        let mut s = format!("<tahlil.Chart {}", self.kind);
        if let Some(t) = &self.options.title {
            s.push_str(&format!(" {t:?}"));
        }
        if let (Some(w), Some(h)) = (self.options.width, self.options.height) {
            s.push_str(&format!(" {w}×{h}"));
        }
        s + ">"
    }
}

/// Width, height and title as the chart's options.
fn options(width: Option<u32>, height: Option<u32>, title: Option<String>) -> ChartOptions {
    ChartOptions {
        width,
        height,
        title,
    }
}

/// A square matrix from row-major float64 bytes.
fn square(flat: &[u8], n: usize, method: &str) -> PyResult<Array2<f64>> {
    let values: Vec<f64> = bytemuck::pod_collect_to_vec(flat);
    if values.len() != n * n {
        return Err(PyValueError::new_err(format!(
            "{method}(): the matrix must be square, one row and column per label ({n})"
        )));
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(PyValueError::new_err(format!(
            "{method}(): the matrix holds NaN or infinite values"
        )));
    }
    Ok(Array2::from_shape_vec((n, n), values).expect("n × n values"))
}

#[pyfunction]
#[pyo3(signature = (matrix, labels, metric, order, measure, width, height, title))]
#[allow(clippy::too_many_arguments)]
pub fn heatmap(
    py: Python<'_>,
    matrix: &[u8],
    labels: Vec<String>,
    metric: &Bound<'_, PyAny>,
    order: bool,
    measure: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
) -> PyResult<Chart> {
    let method = "plot.heatmap";
    let metric: Metric = named(method, "metric", metric)?;
    let m = square(matrix, labels.len(), method)?;
    let mut chart = if order {
        guarded(py, || Heatmap::clustered(m, labels, metric))?
    } else {
        Heatmap::new(m, labels, None, &Heatmap::measure(metric))
    };
    if let Some(measure) = measure {
        chart.measure = measure;
    }
    Chart::new("heatmap", chart, options(width, height, title), method)
}

/// SciPy's linkage matrix (row-major float64 bytes, n − 1 rows of 4) as a tree.
fn tree(z: &[u8], n: usize, method: &str) -> PyResult<Tree> {
    let values: Vec<f64> = bytemuck::pod_collect_to_vec(z);
    let bad = |what: &str| {
        PyValueError::new_err(format!(
            "{method}(): Z is not a linkage matrix of {n} documents: {what}"
        ))
    };
    if n < 2 || values.len() != 4 * (n - 1) {
        return Err(bad("it must have n − 1 rows of 4 columns, n ≥ 2"));
    }
    let merges = values
        .chunks_exact(4)
        .enumerate()
        .map(|(step, r)| {
            let label = |v: f64| {
                (v >= 0.0 && v.fract() == 0.0 && v < (n + step) as f64)
                    .then_some(v as usize)
                    .ok_or_else(|| bad(&format!("row {step} joins cluster {v}, not yet formed")))
            };
            let (a, b) = (label(r[0])?, label(r[1])?);
            if !(r[2].is_finite() && r[2] >= 0.0) || r[3] < 2.0 || r[3].fract() != 0.0 {
                return Err(bad(&format!("row {step} has a bad distance or size")));
            }
            Ok(Merge {
                a: a.min(b),
                b: a.max(b),
                distance: r[2],
                size: r[3] as usize,
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Tree { n, merges })
}

#[pyfunction]
#[pyo3(signature = (z, labels, clusters, axis, width, height, title))]
#[allow(clippy::too_many_arguments)]
pub fn dendrogram(
    z: &[u8],
    labels: Vec<String>,
    clusters: Option<Vec<usize>>,
    axis: String,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
) -> PyResult<Chart> {
    let method = "plot.dendrogram";
    let tree = tree(z, labels.len(), method)?;
    if clusters.as_ref().is_some_and(|c| c.len() != labels.len()) {
        return Err(PyValueError::new_err(format!(
            "{method}(): one cluster label per document ({}) is needed",
            labels.len()
        )));
    }
    let chart = Dendrogram {
        tree,
        labels,
        clusters,
        axis,
    };
    Chart::new("dendrogram", chart, options(width, height, title), method)
}

fn finite(method: &str, what: &str, values: impl IntoIterator<Item = f64>) -> PyResult<()> {
    if values.into_iter().all(f64::is_finite) {
        Ok(())
    } else {
        Err(PyValueError::new_err(format!(
            "{method}(): {what} hold NaN or infinite values"
        )))
    }
}

#[pyfunction]
#[pyo3(signature = (panels, measure, heading, colour_panels, width, height, title))]
#[allow(clippy::too_many_arguments)]
pub fn bars(
    panels: Vec<(String, Vec<(String, f64)>)>,
    measure: String,
    heading: Option<String>,
    colour_panels: bool,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
) -> PyResult<Chart> {
    let method = "plot.bars";
    finite(
        method,
        "the values",
        panels.iter().flat_map(|p| p.1.iter().map(|i| i.1)),
    )?;
    let panels: Vec<Panel> = panels
        .into_iter()
        .map(|(t, items)| Panel::new(&t, items))
        .collect();
    let mut chart = if panels.len() == 1 {
        Bars::single(panels.into_iter().next().expect("one"), &measure)
    } else {
        Bars::grid(panels, &measure, "")
    };
    if let Some(heading) = heading {
        chart.title = heading;
    }
    chart.colour_panels = colour_panels;
    Chart::new("bars", chart, options(width, height, title), method)
}

#[pyfunction]
#[pyo3(signature = (panels, measure, n, width, height, title))]
pub fn keyness(
    panels: Vec<(String, Vec<(String, f64)>)>,
    measure: String,
    n: usize,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
) -> PyResult<Chart> {
    let chart = KeynessBars {
        panels: panels
            .into_iter()
            .map(|(target, scored)| KeynessPanel::top(&target, scored, n))
            .collect(),
        measure,
    };
    Chart::new(
        "keyness",
        chart,
        options(width, height, title),
        "plot.keyness",
    )
}

#[pyfunction]
#[pyo3(signature = (points, labels, groups, axes, heading, width, height, title))]
#[allow(clippy::too_many_arguments)]
pub fn scatter(
    points: Vec<(f64, f64)>,
    labels: Vec<String>,
    groups: Vec<usize>,
    axes: (String, String),
    heading: String,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
) -> PyResult<Chart> {
    let method = "plot.scatter";
    finite(method, "the points", points.iter().flat_map(|p| [p.0, p.1]))?;
    let chart = Scatter {
        points,
        labels,
        groups,
        group_names: None,
        axes,
        title: heading,
    };
    Chart::new("scatter", chart, options(width, height, title), method)
}

#[pyfunction]
#[pyo3(signature = (pairs, max_edges, measure, heading, width, height, title))]
#[allow(clippy::too_many_arguments)]
pub fn network(
    pairs: Vec<(String, String, f64)>,
    max_edges: usize,
    measure: String,
    heading: String,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
) -> PyResult<Chart> {
    let method = "plot.network";
    finite(method, "the scores", pairs.iter().map(|p| p.2))?;
    let chart = Network::from_pairs(pairs, max_edges, &measure, &heading);
    Chart::new("network", chart, options(width, height, title), method)
}

#[pyfunction]
#[pyo3(signature = (ranks, width, height, title))]
pub fn zipf(
    ranks: Vec<(String, u64)>,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
) -> PyResult<Chart> {
    let fit = fit_zipf(ranks.iter().map(|r| r.1));
    Chart::new(
        "zipf",
        Zipf { ranks, fit },
        options(width, height, title),
        "plot.zipf",
    )
}

#[pyfunction]
#[pyo3(signature = (texts, ids, terms, width, height, title, **options_))]
#[allow(clippy::too_many_arguments)]
pub fn dispersion(
    py: Python<'_>,
    texts: Vec<String>,
    ids: Vec<String>,
    terms: Vec<String>,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
    options_: Option<&Bound<'_, PyDict>>,
) -> PyResult<Chart> {
    let method = "plot.dispersion";
    let (hits, documents, total) =
        crate::analyses::occurrences(py, &texts, &ids, &terms, options_, method)?;
    let chart = Dispersion {
        terms,
        hits,
        documents,
        total,
    };
    Chart::new("dispersion", chart, options(width, height, title), method)
}

fn scale(method: &str, key: &str, name: &str) -> PyResult<Scale> {
    match name {
        "linear" => Ok(Scale::Linear),
        "log" => Ok(Scale::Log),
        other => Err(PyValueError::new_err(format!(
            "{method}(): {key} {other:?}: use 'linear' or 'log'"
        ))),
    }
}

#[pyfunction]
#[pyo3(signature = (series, x_name, y_name, x_scale, y_scale, heading, width, height, title, x_labels=None))]
#[allow(clippy::too_many_arguments)]
pub fn lines(
    series: Vec<(String, Vec<(f64, f64)>)>,
    x_name: String,
    y_name: String,
    x_scale: &str,
    y_scale: &str,
    heading: String,
    width: Option<u32>,
    height: Option<u32>,
    title: Option<String>,
    x_labels: Option<Vec<String>>,
) -> PyResult<Chart> {
    let method = if x_labels.is_some() {
        "plot.trends"
    } else {
        "plot.lines"
    };
    let (x_scale, y_scale) = (
        scale(method, "x_scale", x_scale)?,
        scale(method, "y_scale", y_scale)?,
    );
    finite(
        method,
        "the points",
        series
            .iter()
            .flat_map(|s| s.1.iter().flat_map(|p| [p.0, p.1])),
    )?;
    for (axis, sc, pick) in [("x", x_scale, 0), ("y", y_scale, 1)] {
        let positive = series.iter().flat_map(|s| s.1.iter()).all(|p| {
            if pick == 0 {
                p.0 > 0.0
            } else {
                p.1 > 0.0
            }
        });
        if sc == Scale::Log && !positive {
            return Err(PyValueError::new_err(format!(
                "{method}(): {axis}_scale 'log' needs every {axis} above 0"
            )));
        }
    }
    let chart = Lines {
        series: series
            .into_iter()
            .map(|(name, points)| Series::new(&name, points))
            .collect(),
        x_name,
        y_name,
        x_scale,
        y_scale,
        title: heading,
        x_labels,
    };
    Chart::new("lines", chart, options(width, height, title), method)
}
