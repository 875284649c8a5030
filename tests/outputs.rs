//! Nothing half-written: a command whose writing fails part-way (here, a
//! file-size limit the test sets, as a full disk would fail it) leaves no
//! partial set of outputs, and the outputs of an earlier run as they were.

use std::path::Path;
use std::process::Command;

mod common;

use common::{assert_same, files, tahlil};

/// The seed articles as files, one document per paragraph with `--lines`:
/// 80 documents, enough for outputs of a few hundred KB.
fn seeds() -> String {
    format!("{}/seeds", env!("CARGO_MANIFEST_DIR"))
}

/// `tahlil args` with files limited to `kb` KiB: a write past the limit
/// fails with EFBIG ("File too large") instead of killing the process,
/// since SIGXFSZ is ignored.
fn limited(kb: u64, args: &[String]) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -f "$1" && trap "" XFSZ && shift && exec "$@""#)
        .arg("limited")
        .arg(kb.to_string())
        .arg(assert_cmd::cargo::cargo_bin("tahlil"))
        .args(args)
        .output()
        .unwrap()
}

/// Leftover temporary files below `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.contains(".tahlil-"))
        .collect()
}

/// Checks `command` (its arguments with `{out}` for the output directory)
/// under a limit of `kb` KiB: it fails with one line naming a file of the
/// set; a new directory is not left behind; an existing one, written by
/// `earlier`, keeps its files byte for byte. Without the limit it succeeds
/// and changes them, so the limit is what stopped it.
fn all_or_nothing(kb: u64, command: &[&str], earlier: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let args = |a: &[&str]| -> Vec<String> {
        a.iter()
            .map(|s| s.replace("{out}", out.to_str().unwrap()))
            .map(|s| s.replace("{seeds}", &seeds()))
            .collect()
    };
    let check_failed = |o: std::process::Output| {
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(
            o.status.code(),
            Some(1),
            "{command:?} under {kb} KiB: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains("File too large"), "{err}");
        assert!(err.contains(out.to_str().unwrap()), "names the file: {err}");
    };

    // A new output directory: nothing appears.
    check_failed(limited(kb, &args(command)));
    assert!(!out.exists(), "{command:?} left {}", out.display());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);

    // Outputs of an earlier run: kept as they were.
    tahlil().args(args(earlier)).assert().success();
    let before = files(&out);
    assert!(!before.is_empty());
    check_failed(limited(kb, &args(command)));
    assert_same(&before, &files(&out), "before and after the failed run");
    assert_eq!(temporaries(tmp.path()), Vec::<String>::new());

    // Unlimited, the same command replaces them.
    tahlil().args(args(command)).assert().success();
    assert_ne!(before, files(&out));
}

#[test]
fn vectorize_writes_its_four_files_or_none() {
    // documents.tsv (2 KB) fits; the matrix, vocabulary and model (54 KB) do not.
    all_or_nothing(
        20,
        &["vectorize", "--lines", "{seeds}", "--out", "{out}"],
        &["vectorize", "--out", "{out}"],
    );
}

#[test]
fn cluster_writes_its_tables_and_chart_or_none() {
    // Every table (15 KB at most) is staged before the dendrogram (108 KB) fails.
    all_or_nothing(
        50,
        &[
            "cluster",
            "--method",
            "hierarchical",
            "--lines",
            "{seeds}",
            "--out",
            "{out}",
            "--chart",
            "{out}/dendrogram.svg",
        ],
        &[
            "cluster",
            "--method",
            "hierarchical",
            "--k",
            "2",
            "--out",
            "{out}",
            "--chart",
            "{out}/dendrogram.svg",
        ],
    );
}

#[test]
fn topics_writes_its_tables_or_none() {
    // topics.tsv (5 KB) is staged before documents.tsv (18 KB) fails.
    all_or_nothing(
        10,
        &["topics", "--lines", "{seeds}", "--out", "{out}"],
        &["topics", "--k", "3", "--out", "{out}"],
    );
}

#[test]
fn report_writes_every_section_or_none() {
    // Five sections (vectors, terms, similarity, clusters, map: every file
    // under 1,000 KiB) are staged before keyness's chart (1.3 MB) fails.
    all_or_nothing(
        1000,
        &["report", "--lines", "{seeds}", "--out", "{out}"],
        &["report", "--out", "{out}"],
    );
}
