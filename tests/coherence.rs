//! Topic coherence against gensim's CoherenceModel (golden files from
//! tests/reference/make_golden.py): c_npmi with windows of 10 and u_mass, on
//! the seeds' words as 5 documents and as 80 lines.

use std::path::Path;

use serde::Deserialize;
use tahlil::input::{Corpus, InputOptions};
use tahlil::pipeline::{Pipeline, PipelineOptions, Scratch};
use tahlil::topics::coherence::{c_npmi, u_mass};

#[derive(Deserialize)]
struct Golden {
    window: usize,
    topics: Vec<Vec<String>>,
    c_npmi: Vec<f64>,
    u_mass: Vec<f64>,
}

fn check(input: &str, lines: bool) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/coherence/{input}.json"));
    let g: Golden = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
    let mut scratch = Scratch::default();
    let texts: Vec<Vec<String>> = Corpus::seeds(InputOptions {
        lines,
        ..Default::default()
    })
    .documents()
    .map(|d| {
        let mut words = Vec::new();
        pipeline.words(&d.unwrap().text, &mut scratch, |w| {
            words.push(w.to_string())
        });
        words
    })
    .collect();
    let texts: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| t.iter().map(|w| w.as_str()).collect())
        .collect();
    let topics: Vec<Vec<&str>> = g
        .topics
        .iter()
        .map(|t| t.iter().map(|w| w.as_str()).collect())
        .collect();
    let npmi = c_npmi(&texts, &topics, g.window);
    let umass = u_mass(&texts, &topics);
    let diff = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    };
    eprintln!(
        "{input}: c_npmi {:e}, u_mass {:e}",
        diff(&npmi, &g.c_npmi),
        diff(&umass, &g.u_mass)
    );
    assert!(diff(&npmi, &g.c_npmi) <= 1e-9, "{npmi:?} vs {:?}", g.c_npmi);
    assert!(
        diff(&umass, &g.u_mass) <= 1e-9,
        "{umass:?} vs {:?}",
        g.u_mass
    );
}

#[test]
fn seeds_documents_match_gensim() {
    check("seeds", false);
}

#[test]
fn seed_lines_match_gensim() {
    check("lines", true);
}
