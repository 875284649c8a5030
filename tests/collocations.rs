//! Collocation scores against NLTK (golden files from
//! tests/reference/make_golden.py): every measure, windows 2 and 3, on a
//! small fixture and on the seeds' words.

use std::path::Path;

use serde::Deserialize;
use tahlil::input::{Corpus, InputOptions};
use tahlil::pipeline::{Pipeline, PipelineOptions, Scratch};
use tahlil::terms::collocations::{Measure, PairCounts, TripleCounts};

#[derive(Deserialize)]
struct Golden {
    window: usize,
    min_freq: u64,
    n: u64,
    scores: std::collections::BTreeMap<String, Vec<(String, String, f64)>>,
}

fn check(file: &str, docs: &[Vec<String>]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/collocations")
        .join(file);
    let g: Golden = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let counts =
        PairCounts::new(docs.iter().map(|d| d.iter().map(|w| w.as_str())), g.window).unwrap();
    assert_eq!(counts.n, g.n);
    assert_eq!(g.scores.len(), Measure::ALL.len());
    let mut worst = 0.0f64;
    for measure in Measure::ALL {
        let want = &g.scores[&measure.to_string()];
        let got = counts.score(measure, g.min_freq);
        assert_eq!(got.len(), want.len(), "{file} {measure}");
        for (x, (w1, w2, s)) in got.iter().zip(want) {
            assert_eq!((&x.w1, &x.w2), (w1, w2), "{file} {measure}: order");
            let diff = (x.score - s).abs() / s.abs().max(1.0);
            worst = worst.max(diff);
            assert!(
                diff <= 1e-9,
                "{file} {measure} {w1} {w2}: {} vs {s}",
                x.score
            );
        }
    }
    eprintln!("{file}: largest relative difference {worst:e}");
}

fn fixture() -> Vec<Vec<String>> {
    [vec!["a", "b", "a", "b", "c"], vec!["b", "a", "c"]]
        .iter()
        .map(|d| d.iter().map(|w| w.to_string()).collect())
        .collect()
}

fn seed_words() -> Vec<Vec<String>> {
    let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
    let mut scratch = Scratch::default();
    Corpus::seeds(InputOptions::default())
        .documents()
        .map(|d| {
            let mut words = Vec::new();
            pipeline.words(&d.unwrap().text, &mut scratch, |w| {
                words.push(w.to_string())
            });
            words
        })
        .collect()
}

#[test]
fn fixture_matches_nltk() {
    check("fixture-window2.json", &fixture());
    check("fixture-window3.json", &fixture());
}

#[test]
fn seeds_match_nltk() {
    let docs = seed_words();
    check("seeds-window2.json", &docs);
    check("seeds-window3.json", &docs);
}

#[derive(Deserialize)]
struct Golden3 {
    min_freq: u64,
    n: u64,
    scores: std::collections::BTreeMap<String, Vec<(String, String, String, f64)>>,
}

fn check3(file: &str, docs: &[Vec<String>]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/collocations")
        .join(file);
    let g: Golden3 = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let counts = TripleCounts::new(docs.iter().map(|d| d.iter().map(|w| w.as_str())));
    assert_eq!(counts.n, g.n);
    let mut worst = 0.0f64;
    for measure in Measure::ALL {
        let Ok(got) = counts.score(measure, g.min_freq) else {
            assert_eq!(measure, Measure::Dice);
            continue;
        };
        let want = &g.scores[&measure.to_string()];
        assert_eq!(got.len(), want.len(), "{file} {measure}");
        for (x, (w1, w2, w3, s)) in got.iter().zip(want) {
            assert_eq!(
                &x.words,
                &[w1.clone(), w2.clone(), w3.clone()],
                "{file} {measure}: order"
            );
            let diff = (x.score - s).abs() / s.abs().max(1.0);
            worst = worst.max(diff);
            assert!(
                diff <= 1e-9,
                "{file} {measure} {w1} {w2} {w3}: {} vs {s}",
                x.score
            );
        }
    }
    eprintln!("{file}: largest relative difference {worst:e}");
}

#[test]
fn trigrams_match_nltk() {
    let fixture: Vec<Vec<String>> = [
        vec!["a", "b", "c", "a", "b", "c", "a", "c"],
        vec!["b", "c", "a", "b"],
    ]
    .iter()
    .map(|d| d.iter().map(|w| w.to_string()).collect())
    .collect();
    check3("fixture-trigrams.json", &fixture);
    check3("seeds-trigrams.json", &seed_words());
}
