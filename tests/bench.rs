//! `tahlil bench`: every stage timed at every thread count, checked results, errors.

use std::fs;

mod common;

use common::{error_line, tahlil};

#[test]
fn bench_times_every_stage_at_every_thread_count_and_draws_them() {
    let dir = tempfile::tempdir().unwrap();
    let (png, svg, json) = (
        dir.path().join("bench.png"),
        dir.path().join("bench.svg"),
        dir.path().join("bench.json"),
    );
    tahlil()
        .args([
            "--threads",
            "1,2",
            "bench",
            "--bytes",
            "300K",
            "--runs",
            "2",
            "--format",
            "json",
        ])
        .args(["--scratch", dir.path().to_str().unwrap()])
        .args(["--out", json.to_str().unwrap()])
        .args([
            "--chart",
            png.to_str().unwrap(),
            "--chart",
            svg.to_str().unwrap(),
        ])
        .assert()
        .success();
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    // The synthetic corpus stops after the document that reaches 300 kB.
    let bytes = r["corpus"]["bytes"].as_u64().unwrap();
    assert!((300_000..320_000).contains(&bytes), "{bytes}");
    assert_eq!(r["runs"], 2);
    assert_eq!(r["threads"], serde_json::json!([1, 2]));
    let stages = r["stages"].as_array().unwrap();
    let names: Vec<&str> = stages
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    let one = [
        "read",
        "normalize",
        "tokenize",
        "segment",
        "fold+filter",
        "count",
        "vocabulary+idf",
        "csr",
        "write",
        "vectorize",
    ];
    assert_eq!(names, [one, one].concat());
    for s in stages {
        let times: Vec<f64> = s["seconds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_f64().unwrap())
            .collect();
        assert_eq!(times.len(), 2);
        let median = (times[0] + times[1]) / 2.0;
        assert!(
            (s["median"].as_f64().unwrap() - median).abs() < 1e-12,
            "{s}"
        );
        let mbps = s["mb_per_s"].as_f64().unwrap();
        assert!(
            (mbps - bytes as f64 / 1e6 / median.max(1e-9)).abs() < 1e-6 * mbps,
            "{s}"
        );
        if s["threads"] == 1 {
            assert_eq!(s["speedup"], 1.0);
        }
        // Peak memory belongs to the fused run only.
        assert_eq!(s["peak_rss"].is_null(), s["stage"] != "vectorize", "{s}");
    }
    // The scratch directory is left as it was: the corpus and outputs are removed.
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let svg = fs::read_to_string(&svg).unwrap();
    for label in [
        "fold+filter",
        "1 thread",
        "2 threads",
        "speed-up over 1 thread",
        "ideal",
    ] {
        assert!(svg.contains(label), "{label} missing from the SVG");
    }
}

#[test]
fn bench_reads_a_corpus_and_prints_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.txt");
    fs::write(&corpus, "داعش القاعدة سوريا\nالعراق داعش ليبيا\n").unwrap();
    let out = tahlil()
        .args([
            "--threads",
            "1",
            "bench",
            "--runs",
            "1",
            "--lines",
            corpus.to_str().unwrap(),
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("corpus: 0.0 MB, 2 documents, 6 tokens, 5 terms, 6 non-zeros"),
        "{first}"
    );
    assert!(text.contains("\nvectorize              1 "), "{text}");
}

#[test]
fn bench_errors_are_one_line() {
    let e = error_line(&["bench", "--runs", "0"]);
    assert_eq!(
        e.trim_end(),
        "tahlil: error: --runs 0: the benchmark needs at least 1 run of each stage"
    );
    let e = error_line(&["bench", "no-such-file.txt"]);
    assert!(e.starts_with("tahlil: error: no-such-file.txt"), "{e}");
    let e = error_line(&["--threads", "1,2", "vectorize", "--out", "x"]);
    assert_eq!(
        e.trim_end(),
        "tahlil: error: --threads 1,2: give one number (a list of thread counts is for tahlil bench)"
    );
}

#[test]
fn plot_draws_one_line_per_series_from_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.tsv");
    fs::write(
        &table,
        "program\tngram\tmb\tmb_per_s\n\
         tahlil\t1,1\t1\t13.7\n\
         tahlil\t1,1\t100\t75.2\n\
         tahlil\t1,1\t10\t60.1\n\
         scikit-learn\t1,1\t1\t0.4\n\
         scikit-learn\t1,1\t10\t4.1\n\
         scikit-learn\t1,2\t10\t2.0\n",
    )
    .unwrap();
    let svg = dir.path().join("p.svg");
    tahlil()
        .args([
            "plot",
            table.to_str().unwrap(),
            "--x",
            "mb",
            "--y",
            "mb_per_s",
        ])
        .args([
            "--series",
            "program",
            "--where",
            "ngram=1,1",
            "--log-x",
            "--log-y",
        ])
        .args([
            "--x-name",
            "corpus size, MB",
            "--chart",
            svg.to_str().unwrap(),
        ])
        .assert()
        .success();
    let svg = fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // Two series in the legend (the 1,2 row is filtered out), axis names, log ticks.
    for label in [
        "tahlil",
        "scikit-learn",
        "corpus size, MB",
        "mb_per_s",
        "100",
        "10",
    ] {
        let shown = format!("\u{2068}{label}\u{2069}");
        assert!(
            doc.descendants()
                .any(|n| n.text().map(str::trim) == Some(shown.as_str())),
            "{label} is not drawn"
        );
    }
    // Five points, each a filled circle and its white ring (plus two legend markers).
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(circles, 5 * 2 + 2);
}

#[test]
fn plot_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.tsv");
    fs::write(&table, "x\ty\n1\t2\n2\tabc\n").unwrap();
    let t = table.to_str().unwrap();
    let png = dir.path().join("p.png");
    let p = png.to_str().unwrap();
    let e = error_line(&["plot", t, "--x", "x", "--y", "y", "--chart", p]);
    assert_eq!(
        e.trim_end(),
        format!("tahlil: error: {t}:3: column y: \"abc\" is not a number")
    );
    let e = error_line(&["plot", t, "--x", "x", "--y", "z", "--chart", p]);
    assert_eq!(
        e.trim_end(),
        format!("tahlil: error: {t}: no column \"z\" (the columns are x, y)")
    );
    let e = error_line(&["plot", t, "--x", "x", "--y", "y"]);
    assert!(e.contains("give --chart FILE.png"), "{e}");
    assert!(!png.exists());
}
