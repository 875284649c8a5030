//! tahlil's TF-IDF against scikit-learn's, value by value.
//!
//! The golden files in tests/golden/tfidf/ were written by
//! tests/reference/make_golden.py: scikit-learn's TfidfVectorizer fed the
//! words `tahlil tokens` prints for the seeds. Here tahlil's own vectorizer
//! runs with the same options; the vocabulary and sparsity pattern must match
//! exactly and every value to 1e-12.

use std::path::Path;

use serde::Deserialize;
use tahlil::input::{Corpus, InputOptions};
use tahlil::pipeline::PipelineOptions;
use tahlil::vectorize::{TfidfVectorizer, VectorizerOptions};

#[derive(Deserialize)]
struct Golden {
    case: String,
    input: String,
    pipeline: PipelineOptions,
    vectorizer: VectorizerOptions,
    shape: (usize, usize),
    vocabulary: Vec<String>,
    idf: Option<Vec<f64>>,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    data: Vec<f64>,
}

fn check(name: &str) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/tfidf/{name}.json"));
    let g: Golden = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(g.case, name);
    let corpus = Corpus::seeds(InputOptions {
        lines: g.input == "lines",
        ..Default::default()
    });
    let v = TfidfVectorizer::new(g.pipeline, g.vectorizer).unwrap();
    let (model, out) = v.fit_transform(corpus.documents(), 2).unwrap();
    let m = &out.matrix;
    assert_eq!((m.rows(), m.cols()), g.shape, "{name}: shape");
    assert_eq!(model.vocabulary, g.vocabulary, "{name}: vocabulary");
    match (&model.idf, &g.idf) {
        (Some(a), Some(b)) => {
            for (j, (x, y)) in a.iter().zip(b).enumerate() {
                assert!(
                    (x - y).abs() <= 1e-12,
                    "{name}: idf of {:?}: {x} vs {y}",
                    g.vocabulary[j]
                );
            }
        }
        (None, None) => {}
        _ => panic!("{name}: idf present on one side only"),
    }
    assert_eq!(m.indptr().raw_storage(), &g.indptr[..], "{name}: indptr");
    assert_eq!(m.indices(), &g.indices[..], "{name}: indices");
    let worst = m
        .data()
        .iter()
        .zip(&g.data)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    assert!(worst <= 1e-12, "{name}: largest difference {worst}");
}

macro_rules! golden {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name)); })*
    };
}

golden!(
    defaults,
    sublinear_tf,
    no_smooth_idf,
    l1,
    no_norm,
    no_idf,
    binary,
    pruned_lines,
    pruned_fraction_lines,
    ngram_1_2,
    ngram_1_2_binary_lines,
    char_wb_2_4,
    char_1_3,
    clitics_none,
    clitics_split_ngram_1_2,
    light_stem_no_stopwords,
);
