//! The analyses over texts or over a matrix, each a library call: terms,
//! stats, keyness, collocations, co-occurrence, kwic, topics, clustering and
//! the document map. Tables come back as columns (a dict of lists) for the
//! Python side to make DataFrames of; arrays as float64 bytes.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use tahlil::cluster::{
    embed, ClusterParams, Cut, Distance, Linkage, Method as ClusterMethod, Space,
};
use tahlil::input::{Document, Meta, Origin};
use tahlil::reduce::{map_2d as project, LsaOptions, Projection};
use tahlil::segment::Clitics;
use tahlil::terms::collocations::{Measure as Association, PairCounts, TripleCounts};
use tahlil::terms::cooccurrence::{cooccurrence as co_occurrence, Score, Span};
use tahlil::terms::frequency::{sort, term_stats, top_per_document, SortBy};
use tahlil::terms::keyness::{
    keyness as score_keyness, sort as sort_keyness, Measure as KeyMeasure,
};
use tahlil::terms::kwic::{context_pipeline, kwic as find, occurrences as find_all, phrase};
use tahlil::terms::profile::Profile;
use tahlil::terms::trends::{top_trends, trends as trends_of, Matcher};
use tahlil::time::{By, Date};
use tahlil::topics::{Method as TopicMethod, TopicCount, TopicParams};
use tahlil::vectorize::count_terms;

use crate::errors::{guarded, param};
use crate::options::{named, normalize_options, pipeline_options};
use crate::similarity::matrix;
use crate::vectorizer::vectorizer;

/// The texts under their ids, as the library reads documents.
fn documents<'a>(
    texts: &'a [String],
    ids: &'a [String],
) -> impl Iterator<Item = tahlil::Result<Document>> + Clone + 'a {
    ids.iter()
        .zip(texts)
        .map(|(id, text)| Ok(Document::new(id.clone(), text.clone())))
}

/// A table as named columns, in order.
struct Columns<'py>(Bound<'py, PyDict>);

impl<'py> Columns<'py> {
    fn new(py: Python<'py>) -> Self {
        Columns(PyDict::new(py))
    }

    fn put<T: for<'a> IntoPyObject<'py>>(self, name: &str, values: Vec<T>) -> PyResult<Self> {
        self.0.set_item(name, values)?;
        Ok(self)
    }
}

fn f64_bytes<'py>(py: Python<'py>, values: &[f64]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, bytemuck::cast_slice(values))
}

/// Term statistics (frequency, df, idf, mean and largest TF-IDF) sorted by
/// `sort`, or with `per_document` each document's N heaviest terms.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (texts, ids, settings, sort_by, per_document, n_jobs, method))]
pub fn terms<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Vec<String>,
    settings: &Bound<'py, PyDict>,
    sort_by: &Bound<'py, PyAny>,
    per_document: Option<usize>,
    n_jobs: usize,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let by: SortBy = named(method, "sort", sort_by)?;
    let v = vectorizer(settings, method)?;
    let (counts, model, vectors) = guarded(py, || {
        let counts = count_terms(documents(&texts, &ids), v.pipeline(), None, n_jobs)?;
        let (model, vectors) = v.fit_counts(counts.clone())?;
        Ok((counts, model, vectors))
    })?;
    if let Some(n) = per_document {
        let rows = top_per_document(&counts, &model, &vectors, n);
        return Ok(Columns::new(py)
            .put("id", rows.iter().map(|r| ids[r.doc].clone()).collect())?
            .put("rank", rows.iter().map(|r| r.rank).collect())?
            .put("term", rows.iter().map(|r| r.term.clone()).collect())?
            .put("display", rows.iter().map(|r| r.display.clone()).collect())?
            .put("tfidf", rows.iter().map(|r| r.tfidf).collect())?
            .put("count", rows.iter().map(|r| r.count).collect())?
            .0);
    }
    let mut stats = term_stats(&counts, &model, &vectors);
    sort(&mut stats, by);
    Ok(Columns::new(py)
        .put("term", stats.iter().map(|s| s.term.clone()).collect())?
        .put("display", stats.iter().map(|s| s.display.clone()).collect())?
        .put("frequency", stats.iter().map(|s| s.frequency).collect())?
        .put("df", stats.iter().map(|s| s.df).collect())?
        .put("idf", stats.iter().map(|s| s.idf).collect())?
        .put("mean_tfidf", stats.iter().map(|s| s.mean_tfidf).collect())?
        .put("max_tfidf", stats.iter().map(|s| s.max_tfidf).collect())?
        .0)
}

/// The corpus profile as (measure, value) pairs.
type Measures = Vec<(&'static str, f64)>;

/// The corpus profile, and the rank–frequency table's columns.
#[pyfunction]
pub fn stats<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Vec<String>,
    options: Option<&Bound<'py, PyDict>>,
    n_jobs: usize,
    method: &str,
) -> PyResult<(Measures, Bound<'py, PyDict>)> {
    let pipeline = pipeline_options(method, options)?;
    let p = guarded(py, || {
        let pipeline = tahlil::pipeline::Pipeline::new(pipeline)?;
        let counts = count_terms(documents(&texts, &ids), &pipeline, None, n_jobs)?;
        Ok(Profile::of(&counts))
    })?;
    let profile = vec![
        ("documents", p.documents as f64),
        ("tokens", p.tokens as f64),
        ("types", p.types as f64),
        ("type_token_ratio", p.type_token_ratio),
        ("hapaxes", p.hapaxes as f64),
        ("mean_document_length", p.mean_document_length),
        ("zipf_exponent", p.zipf.exponent),
        ("zipf_constant", p.zipf.constant),
        ("zipf_r_squared", p.zipf.r_squared),
    ];
    let ranks = Columns::new(py)
        .put("rank", (1..=p.ranks.len()).collect())?
        .put("term", p.ranks.iter().map(|r| r.0.clone()).collect())?
        .put("frequency", p.ranks.iter().map(|r| r.1).collect())?
        .0;
    Ok((profile, ranks))
}

/// Keyness of each (label, target mask) comparison against the rest of the
/// corpus, strongest first by `measure`; a `group` column when `grouped`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn keyness<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Vec<String>,
    comparisons: Vec<(String, Vec<bool>)>,
    measure: &Bound<'py, PyAny>,
    grouped: bool,
    options: Option<&Bound<'py, PyDict>>,
    n_jobs: usize,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let measure: KeyMeasure = named(method, "measure", measure)?;
    let pipeline = pipeline_options(method, options)?;
    let results = guarded(py, || {
        let pipeline = tahlil::pipeline::Pipeline::new(pipeline)?;
        let counts = count_terms(documents(&texts, &ids), &pipeline, None, n_jobs)?;
        comparisons
            .iter()
            .map(|(label, mask)| {
                let mut rows = score_keyness(&counts, mask)?;
                sort_keyness(&mut rows, measure);
                Ok((label, rows))
            })
            .collect::<tahlil::Result<Vec<_>>>()
    })?;
    let all = || {
        results
            .iter()
            .flat_map(|(l, rows)| rows.iter().map(move |k| (*l, k)))
    };
    let mut columns = Columns::new(py);
    if grouped {
        columns = columns.put("group", all().map(|(l, _)| l.clone()).collect())?;
    }
    Ok(columns
        .put("term", all().map(|(_, k)| k.term.clone()).collect())?
        .put("display", all().map(|(_, k)| k.display.clone()).collect())?
        .put("target", all().map(|(_, k)| k.target).collect())?
        .put("reference", all().map(|(_, k)| k.reference).collect())?
        .put("chi2", all().map(|(_, k)| k.chi2).collect())?
        .put("g2", all().map(|(_, k)| k.g2).collect())?
        .put("pmi", all().map(|(_, k)| k.pmi).collect())?
        .put("log_ratio", all().map(|(_, k)| k.log_ratio).collect())?
        .0)
}

/// Word pairs within `window` (or contiguous triples with `size` 3) scored by
/// `measure`, strongest first, those seen fewer than `min_freq` times left out.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn collocations<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    size: usize,
    window: usize,
    measure: &Bound<'py, PyAny>,
    min_freq: u64,
    options: Option<&Bound<'py, PyDict>>,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let measure: Association = named(method, "measure", measure)?;
    tahlil::terms::collocations::check(size, window, measure).map_err(|e| param(method, &e))?;
    let pipeline = pipeline_options(method, options)?;
    let ids: Vec<String> = (0..texts.len()).map(|i| i.to_string()).collect();
    let name = measure.to_string();
    let (docs, forms) = guarded(py, || {
        tahlil::pipeline::Pipeline::new(pipeline)?.document_words(documents(&texts, &ids))
    })?;
    let words = || docs.iter().map(|d| d.iter().map(|w| w.as_str()));
    if size == 2 {
        let rows: Vec<_> = PairCounts::new(words(), window)
            .map_err(|e| param(method, &e))?
            .score(measure, min_freq)
            .into_iter()
            .map(|r| r.shown(&forms))
            .collect();
        return Ok(Columns::new(py)
            .put("w1", rows.iter().map(|r| r.w1.clone()).collect())?
            .put("w2", rows.iter().map(|r| r.w2.clone()).collect())?
            .put("display", rows.iter().map(|r| r.display.clone()).collect())?
            .put("count", rows.iter().map(|r| r.count).collect())?
            .put("count_w1", rows.iter().map(|r| r.count_w1).collect())?
            .put("count_w2", rows.iter().map(|r| r.count_w2).collect())?
            .put(&name, rows.iter().map(|r| r.score).collect())?
            .0);
    }
    let rows: Vec<_> = TripleCounts::new(words())
        .score(measure, min_freq)
        .map_err(|e| param(method, &e))?
        .into_iter()
        .map(|r| r.shown(&forms))
        .collect();
    let mut columns = Columns::new(py);
    for (i, w) in ["w1", "w2", "w3"].into_iter().enumerate() {
        columns = columns.put(w, rows.iter().map(|r| r.words[i].clone()).collect())?;
    }
    columns = columns
        .put("display", rows.iter().map(|r| r.display.clone()).collect())?
        .put("count", rows.iter().map(|r| r.count).collect())?;
    for (i, w) in ["count_w1", "count_w2", "count_w3"].into_iter().enumerate() {
        columns = columns.put(w, rows.iter().map(|r| r.word_counts[i]).collect())?;
    }
    Ok(columns
        .put(&name, rows.iter().map(|r| r.score).collect())?
        .0)
}

/// How often the `top` most frequent terms occur together within `window`
/// words (or in one document), scored by `measure`, strongest first.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn cooccurrence<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    top: usize,
    window: Option<usize>,
    measure: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let score: Score = named(method, "measure", measure)?;
    let pipeline = pipeline_options(method, options)?;
    let span = window.map_or(Span::Document, Span::Window);
    let ids: Vec<String> = (0..texts.len()).map(|i| i.to_string()).collect();
    let (docs, forms) = guarded(py, || {
        tahlil::pipeline::Pipeline::new(pipeline)?.document_words(documents(&texts, &ids))
    })?;
    let (_, edges) = co_occurrence(
        docs.iter().map(|d| d.iter().map(|w| w.as_str())),
        top,
        span,
        score,
    )
    .map_err(|e| param(method, &e))?;
    let edges: Vec<_> = edges.into_iter().map(|e| e.shown(&forms)).collect();
    Ok(Columns::new(py)
        .put("a", edges.iter().map(|e| e.a.clone()).collect())?
        .put("b", edges.iter().map(|e| e.b.clone()).collect())?
        .put(
            "display_a",
            edges.iter().map(|e| e.display_a.clone()).collect(),
        )?
        .put(
            "display_b",
            edges.iter().map(|e| e.display_b.clone()).collect(),
        )?
        .put("count", edges.iter().map(|e| e.count).collect())?
        .put("score", edges.iter().map(|e| e.score).collect())?
        .0)
}

/// The pipeline kwic matches with: the normalization rules and `clitics`
/// (every other keyword is a TypeError).
fn kwic_pipeline(
    py: Python<'_>,
    method: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<tahlil::pipeline::Pipeline> {
    let rules = PyDict::new(py);
    let mut clitics = Clitics::Drop;
    for (key, value) in options.into_iter().flat_map(|d| d.iter()) {
        let key: String = key.extract()?;
        if key == "clitics" {
            clitics = named(method, "clitics", &value)?;
        } else {
            rules.set_item(key, value)?;
        }
    }
    let normalize = normalize_options(method, Some(&rules))?;
    context_pipeline(normalize, clitics).map_err(crate::errors::to_py)
}

/// Each occurrence of `term` (a word or phrase, matched after normalization)
/// with `window` words of context: (id, start, end, left, keyword, right).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn kwic<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Vec<String>,
    term: &str,
    window: usize,
    options: Option<&Bound<'py, PyDict>>,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let pipeline = kwic_pipeline(py, method, options)?;
    let words = phrase(&pipeline, term).map_err(|e| param(method, &e))?;
    let hits = guarded(py, || {
        Ok(texts
            .iter()
            .zip(&ids)
            .flat_map(|(text, id)| {
                find(&pipeline, text, &words, window)
                    .into_iter()
                    .map(move |h| (id, h))
            })
            .collect::<Vec<_>>())
    })?;
    Ok(Columns::new(py)
        .put("id", hits.iter().map(|(id, _)| (*id).clone()).collect())?
        .put("start", hits.iter().map(|(_, h)| h.start).collect())?
        .put("end", hits.iter().map(|(_, h)| h.end).collect())?
        .put("left", hits.iter().map(|(_, h)| h.left.clone()).collect())?
        .put(
            "keyword",
            hits.iter().map(|(_, h)| h.keyword.clone()).collect(),
        )?
        .put("right", hits.iter().map(|(_, h)| h.right.clone()).collect())?
        .0)
}

/// Terms per period (and per group): `terms` matched as kwic matches them,
/// or, with `top`, the `top` terms whose share changes most. Columns
/// `period [group] term count documents tokens per_10k`.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn trends<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Vec<String>,
    dates: Vec<String>,
    groups: Option<Vec<String>>,
    terms: Option<Vec<String>>,
    top: Option<usize>,
    by: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
    n_jobs: usize,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let by: By = named(method, "by", by)?;
    let pipeline = pipeline_options(method, options)?;
    // Each document dated (a bad date names its row), its group as a field.
    let names: std::sync::Arc<[String]> = if groups.is_some() {
        vec!["group".to_string()].into()
    } else {
        Vec::new().into()
    };
    let file: std::sync::Arc<str> = format!("{method} dates").into();
    let mut docs = Vec::with_capacity(texts.len());
    for (row, ((text, id), date)) in texts.into_iter().zip(ids).zip(&dates).enumerate() {
        let date: Date = date.parse().map_err(|e: tahlil::time::DateError| {
            PyValueError::new_err(format!("{method}(): dates[{row}]: {e}"))
        })?;
        let values = groups
            .as_ref()
            .map_or_else(Vec::new, |g| vec![g[row].clone()]);
        let origin = Origin {
            file: file.clone(),
            line: row as u64,
        };
        let mut meta = Meta::new(names.clone(), values, origin);
        meta.date = Some(date);
        docs.push(Document { id, text, meta });
    }
    let group_by = groups.as_ref().map(|_| "group");
    let t = guarded(py, || {
        let pipeline = tahlil::pipeline::Pipeline::new(pipeline)?;
        let docs = docs.into_iter().map(Ok);
        match (terms, top) {
            (_, Some(n)) => Ok(top_trends(docs, &pipeline, by, group_by, n, n_jobs)?.0),
            (terms, None) => {
                let matcher = Matcher::new(&pipeline, &terms.unwrap_or_default())?;
                trends_of(docs, &matcher, by, group_by, n_jobs)
            }
        }
    })?;
    let rows = t.rows();
    let mut columns = Columns::new(py).put(
        "period",
        rows.iter().map(|r| r.period.to_string()).collect(),
    )?;
    if group_by.is_some() {
        columns = columns.put("group", rows.iter().map(|r| r.group.clone()).collect())?;
    }
    Ok(columns
        .put("term", rows.iter().map(|r| r.term.clone()).collect())?
        .put("count", rows.iter().map(|r| r.count).collect())?
        .put("documents", rows.iter().map(|r| r.documents).collect())?
        .put("tokens", rows.iter().map(|r| r.tokens).collect())?
        .put("per_10k", rows.iter().map(|r| r.per_10k).collect())?
        .0)
}

/// Where each of `terms` occurs across the corpus, for the dispersion plot:
/// per term the word offsets, each document's (id, first word) and the total.
#[allow(clippy::type_complexity)]
pub fn occurrences(
    py: Python<'_>,
    texts: &[String],
    ids: &[String],
    terms: &[String],
    options: Option<&Bound<'_, PyDict>>,
    method: &str,
) -> PyResult<(Vec<Vec<usize>>, Vec<(String, usize)>, usize)> {
    let pipeline = kwic_pipeline(py, method, options)?;
    let phrases: Vec<Vec<String>> = terms
        .iter()
        .map(|t| phrase(&pipeline, t))
        .collect::<Result<_, _>>()
        .map_err(|e| param(method, &e))?;
    let o = guarded(py, || find_all(&pipeline, documents(texts, ids), &phrases))?;
    Ok((o.hits, o.documents, o.total))
}

/// A topic model: (k, method, topic-word bytes, document-topic bytes,
/// vocabulary, display forms, top terms per topic, c_npmi, u_mass,
/// perplexity, held-out mask, the K tried).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (texts, ids, method_name, k, k_min, k_max, alpha, beta, iterations, burn_in, optimize_interval, optimize_burn_in, optimize_beta, tolerance, holdout, seed, top_terms, coherence_window, options, n_jobs, method))]
pub fn topics<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Vec<String>,
    method_name: &Bound<'py, PyAny>,
    k: Option<usize>,
    k_min: usize,
    k_max: usize,
    alpha: f64,
    beta: f64,
    iterations: usize,
    burn_in: usize,
    optimize_interval: usize,
    optimize_burn_in: usize,
    optimize_beta: bool,
    tolerance: f64,
    holdout: Option<f64>,
    seed: u64,
    top_terms: usize,
    coherence_window: usize,
    options: Option<&Bound<'py, PyDict>>,
    n_jobs: usize,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let model_kind: TopicMethod = named(method, "method", method_name)?;
    let params = TopicParams {
        method: model_kind,
        k: match k {
            Some(k) => TopicCount::K(k),
            None => TopicCount::Auto {
                min: k_min,
                max: k_max,
            },
        },
        alpha,
        beta,
        iterations,
        burn_in,
        optimize_interval,
        optimize_burn_in,
        optimize_beta,
        tolerance,
        holdout,
        seed,
        top_terms,
        coherence_window,
    }
    .check()
    .map_err(|e| param(method, &e))?;
    let pipeline = pipeline_options(method, options)?;
    let (fitted, counts) = guarded(py, || {
        let pipeline = tahlil::pipeline::Pipeline::new(pipeline)?;
        let counts = count_terms(documents(&texts, &ids), &pipeline, None, n_jobs)?;
        let fitted = tahlil::parallel::with_threads(n_jobs, || {
            let words = tahlil::topics::coherence::Texts::read(
                documents(&texts, &ids),
                &pipeline,
                &counts.terms,
            )?;
            tahlil::topics::fit(&counts, &words, &params)
        })??;
        Ok((fitted, counts))
    })?;
    let d = PyDict::new(py);
    d.set_item("k", fitted.k())?;
    d.set_item("method", fitted.method.to_string())?;
    let tw: Vec<f64> = fitted.topic_word.iter().copied().collect();
    let dt: Vec<f64> = fitted.doc_topic.iter().copied().collect();
    d.set_item("topic_word", f64_bytes(py, &tw))?;
    d.set_item("doc_topic", f64_bytes(py, &dt))?;
    let n_terms = counts.terms.len();
    d.set_item(
        "terms",
        (0..n_terms)
            .map(|j| &counts.terms[j])
            .collect::<Vec<&str>>(),
    )?;
    d.set_item(
        "display",
        (0..n_terms)
            .map(|j| counts.display_term(j).into_owned())
            .collect::<Vec<_>>(),
    )?;
    let rows: Vec<(usize, usize, usize, f64)> = fitted
        .top_terms
        .iter()
        .enumerate()
        .flat_map(|(t, ts)| {
            ts.iter()
                .enumerate()
                .map(move |(r, &(j, w))| (t, r + 1, j, w))
        })
        .collect();
    let top = Columns::new(py)
        .put("topic", rows.iter().map(|r| r.0).collect())?
        .put("rank", rows.iter().map(|r| r.1).collect())?
        .put(
            "term",
            rows.iter().map(|r| counts.terms[r.2].to_owned()).collect(),
        )?
        .put(
            "display",
            rows.iter()
                .map(|r| counts.display_term(r.2).into_owned())
                .collect(),
        )?
        .put("weight", rows.iter().map(|r| r.3).collect())?
        .0;
    d.set_item("top_terms", top)?;
    d.set_item("c_npmi", fitted.c_npmi.clone())?;
    d.set_item("u_mass", fitted.u_mass.clone())?;
    d.set_item("perplexity", fitted.perplexity)?;
    d.set_item("heldout", fitted.heldout.clone())?;
    d.set_item("alpha", fitted.priors.as_ref().map(|p| p.0.clone()))?;
    d.set_item("beta", fitted.priors.as_ref().map(|p| p.1))?;
    d.set_item(
        "reconstruction_error",
        fitted.nmf.map(|f| f.reconstruction_error),
    )?;
    let tried = Columns::new(py)
        .put("k", fitted.tried.iter().map(|t| t.k).collect())?
        .put("c_npmi", fitted.tried.iter().map(|t| t.c_npmi).collect())?
        .put("u_mass", fitted.tried.iter().map(|t| t.u_mass).collect())?
        .put(
            "perplexity",
            fitted.tried.iter().map(|t| t.perplexity).collect(),
        )?
        .0;
    d.set_item("tried", tried)?;
    Ok(d)
}

/// The settings of a clustering (a dict of the Python keywords).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct ClusterSettings<'py> {
    method: Bound<'py, PyAny>,
    k: Option<usize>,
    k_max: usize,
    cut_distance: Option<f64>,
    linkage: Bound<'py, PyAny>,
    metric: Bound<'py, PyAny>,
    dims: Option<usize>,
    restarts: usize,
    max_iterations: u64,
    tolerance: f64,
    seed: u64,
}

/// A clustering of the rows of a CSR matrix: labels, silhouettes, the
/// linkage matrix (SciPy's layout, flattened) when hierarchical, the central
/// document of each cluster and the K tried.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn cluster<'py>(
    py: Python<'py>,
    shape: (usize, usize),
    data: &[u8],
    indices: &[u8],
    indptr: &[u8],
    s: ClusterSettings<'py>,
    n_jobs: usize,
    method: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let params = ClusterParams {
        method: named::<ClusterMethod>(method, "method", &s.method)?,
        cut: match (s.cut_distance, s.k) {
            (Some(t), _) => Cut::Distance(t),
            (None, None) => Cut::Auto { max: s.k_max },
            (None, Some(k)) => Cut::K(k),
        },
        linkage: named::<Linkage>(method, "linkage", &s.linkage)?,
        distance: named::<Distance>(method, "metric", &s.metric)?,
        restarts: s.restarts,
        max_iterations: s.max_iterations,
        tolerance: s.tolerance,
        seed: s.seed,
    }
    .check()
    .map_err(|e| param(method, &e))?;
    let space = match s.dims {
        None => Space::Auto,
        Some(0) => Space::Rows,
        Some(d) => Space::Lsa(d),
    };
    let m = matrix(shape, data, indices, indptr, method)?;
    let seed = s.seed;
    let (c, space) = guarded(py, || {
        tahlil::parallel::with_threads(n_jobs, || {
            let (x, space) = embed(&m, space, seed)?;
            Ok((params.fit(x.view())?, space))
        })?
    })?;
    let d = PyDict::new(py);
    d.set_item("k", c.k)?;
    d.set_item("labels", c.labels.clone())?;
    d.set_item("silhouettes", c.silhouettes.values.clone())?;
    d.set_item("central", c.central.clone())?;
    d.set_item("tried", c.tried.clone())?;
    d.set_item("metric", c.distance.to_string())?;
    d.set_item(
        "space",
        match space {
            Space::Lsa(d) => format!("lsa {d}"),
            _ => "rows".to_string(),
        },
    )?;
    let linkage = c.tree.as_ref().map(|t| {
        let z: Vec<f64> = t
            .merges
            .iter()
            .flat_map(|m| [m.a as f64, m.b as f64, m.distance, m.size as f64])
            .collect();
        f64_bytes(py, &z)
    });
    d.set_item("linkage", linkage)?;
    Ok(d)
}

/// The rows of a CSR matrix placed on a 2-D map (n × 2, row-major bytes):
/// PCA of their LSA vectors, or classical MDS of their cosine distances.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn map_2d<'py>(
    py: Python<'py>,
    shape: (usize, usize),
    data: &[u8],
    indices: &[u8],
    indptr: &[u8],
    projection: &Bound<'py, PyAny>,
    dims: usize,
    seed: u64,
    n_jobs: usize,
    method: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let projection: Projection = named(method, "method", projection)?;
    let lsa = LsaOptions {
        dims,
        seed,
        ..LsaOptions::default()
    };
    lsa.check().map_err(|e| param(method, &e))?;
    let m = matrix(shape, data, indices, indptr, method)?;
    let xy = guarded(py, || {
        tahlil::parallel::with_threads(n_jobs, || project(&m, projection, lsa))?
    })?;
    let flat: Vec<f64> = xy.iter().copied().collect();
    Ok(f64_bytes(py, &flat))
}
