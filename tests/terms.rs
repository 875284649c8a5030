//! Term statistics against scikit-learn's matrix (the TF-IDF golden file of
//! the default options) and counts by hand.

use std::path::Path;

use serde::Deserialize;
use tahlil::input::{Corpus, InputOptions};
use tahlil::pipeline::{PipelineOptions, Scratch};
use tahlil::terms::frequency::{sort, term_stats, top_per_document, SortBy};
use tahlil::vectorize::{count_terms, TfidfVectorizer, VectorizerOptions};

#[derive(Deserialize)]
struct Golden {
    vocabulary: Vec<String>,
    indptr: Vec<usize>,
    indices: Vec<usize>,
    data: Vec<f64>,
}

#[test]
fn mean_and_max_tfidf_match_scikit_learns_matrix() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tfidf/defaults.json");
    let g: Golden = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rows = g.indptr.len() - 1;
    let mut mean = vec![0.0; g.vocabulary.len()];
    let mut max = vec![0.0f64; g.vocabulary.len()];
    let mut df = vec![0u64; g.vocabulary.len()];
    for (&j, &x) in g.indices.iter().zip(&g.data) {
        mean[j] += x / rows as f64;
        max[j] = max[j].max(x);
        df[j] += 1;
    }
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    let corpus = Corpus::seeds(InputOptions::default());
    let counts = count_terms(corpus.documents(), v.pipeline(), None, 2).unwrap();
    let (model, vectors) = v.fit_counts(counts.clone()).unwrap();
    let stats = term_stats(&counts, &model, &vectors);
    assert_eq!(stats.len(), g.vocabulary.len());
    for (j, s) in stats.iter().enumerate() {
        assert_eq!(s.term, g.vocabulary[j]);
        assert_eq!(s.df, df[j]);
        assert!((s.mean_tfidf - mean[j]).abs() < 1e-12, "{}", s.term);
        assert!((s.max_tfidf - max[j]).abs() < 1e-12, "{}", s.term);
    }
    // Frequencies against a plain count of the words `tahlil tokens` would print.
    let pipeline = v.pipeline();
    let mut by_hand = std::collections::HashMap::new();
    let mut scratch = Scratch::default();
    for doc in Corpus::seeds(InputOptions::default()).documents() {
        pipeline.words(&doc.unwrap().text, &mut scratch, |w| {
            *by_hand.entry(w.to_string()).or_insert(0u64) += 1;
        });
    }
    for s in &stats {
        assert_eq!(Some(&s.frequency), by_hand.get(&s.term), "{}", s.term);
    }
    let mut sorted = stats.clone();
    sort(&mut sorted, SortBy::Frequency);
    assert_eq!((sorted[0].term.as_str(), sorted[0].frequency), ("داعش", 91));
    assert!(sorted.windows(2).all(|w| w[0].frequency >= w[1].frequency));

    let top = top_per_document(&counts, &model, &vectors, 3);
    assert_eq!(top.len(), 15);
    for t in &top {
        // The count is the word's occurrences in that document.
        assert!(t.count >= 1);
        assert!(t.tfidf > 0.0);
    }
    assert!(top
        .windows(2)
        .all(|w| w[0].doc != w[1].doc || w[0].tfidf >= w[1].tfidf));
}
