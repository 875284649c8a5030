//! Every chart type drawn from the seeds, in PNG and SVG, through the `tahlil` program:
//! the PNG decodes to the requested size and has ink, the SVG parses, has the size, the
//! embedded font and the expected labels (in logical order, isolated).

use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{assert_same, assert_same_files, error_line, files, tahlil};

const ID0: &str = "000_8f3d4c0966bd4c89";
const DAESH: &str = "داعش";

/// Decodes a PNG: (width, height, RGB bytes).
fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// The text of every `<text>` element, FSI/PDI isolates and edge whitespace removed.
fn svg_texts(path: &Path) -> (roxmltree::Document<'static>, Vec<String>) {
    let text: &'static str = Box::leak(fs::read_to_string(path).unwrap().into_boxed_str());
    let doc =
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let t = n.text().unwrap_or("").trim();
            assert!(
                t.starts_with('\u{2068}') && t.ends_with('\u{2069}'),
                "label not isolated: {t:?}"
            );
            t.trim_start_matches('\u{2068}')
                .trim_end_matches('\u{2069}')
                .to_string()
        })
        .collect();
    (doc, texts)
}

/// Runs `args` with `--chart x.png --chart x.svg --width W --height H` and checks both.
fn check_chart(name: &str, args: &[&str], labels: &[&str]) -> (PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().unwrap().keep();
    let (png, svg) = (
        dir.join(format!("{name}.png")),
        dir.join(format!("{name}.svg")),
    );
    let (w, h) = (1000u32, 760u32);
    tahlil()
        .current_dir(&dir)
        .args(args)
        .args([
            "--chart",
            png.to_str().unwrap(),
            "--chart",
            svg.to_str().unwrap(),
        ])
        .args(["--width", &w.to_string(), "--height", &h.to_string()])
        .assert()
        .success();
    let (pw, ph, rgb) = decode_png(&png);
    assert_eq!((pw, ph), (w, h), "{name}: PNG size");
    let inked = rgb.chunks(3).filter(|p| p.iter().any(|&c| c < 200)).count();
    let share = inked as f64 / f64::from(w * h);
    assert!(share > 0.01, "{name}: PNG nearly blank ({share:.4} inked)");
    let mut colours: Vec<&[u8]> = rgb.chunks(3).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 20, "{name}: {} colours only", colours.len());
    let (doc, texts) = svg_texts(&svg);
    let root = doc.root_element();
    assert_eq!(
        root.attribute("width"),
        Some(w.to_string().as_str()),
        "{name}"
    );
    assert_eq!(
        root.attribute("height"),
        Some(h.to_string().as_str()),
        "{name}"
    );
    let style: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        style.contains("@font-face") && style.contains("data:font/woff2;base64,"),
        "{name}: font not embedded"
    );
    for label in labels {
        assert!(
            texts.iter().any(|t| t.contains(label)),
            "{name}: no label containing {label:?} in {texts:?}"
        );
    }
    (dir, texts)
}

#[test]
fn heatmap_of_the_seed_similarities() {
    let (_, texts) = check_chart(
        "similarity",
        &["similarity", "--out", "s.csv"],
        &[ID0, "cosine similarity", "1.00"],
    );
    // Five documents: each one's similarity to itself, printed on the diagonal.
    assert_eq!(
        texts.iter().filter(|t| *t == "1.00").count(),
        5,
        "{texts:?}"
    );
}

#[test]
fn term_bars_with_arabic_labels_in_logical_order() {
    let (_, texts) = check_chart(
        "terms",
        &["terms", "--out", "t.tsv"],
        &[DAESH, "frequency", "Top terms by frequency"],
    );
    // The label is the word itself, not its presentation forms or a reversed string.
    assert!(texts.iter().any(|t| t == DAESH), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains('\u{FEB6}')));
}

#[test]
fn per_document_bars() {
    check_chart(
        "per-document",
        &["terms", "--per-document", "10", "--out", "t.tsv"],
        &[ID0, "004_13d98289a079afbf", "TF-IDF"],
    );
}

#[test]
fn keyness_two_sided_bars() {
    check_chart(
        "keyness",
        &["keyness", "--out", "k.tsv"],
        &[&format!("target: {ID0}"), "reference: the rest", "chi2"],
    );
}

#[test]
fn dendrogram_of_hierarchical_clusters() {
    check_chart(
        "dendrogram",
        &["cluster", "--method", "hierarchical", "--out", "c"],
        &[ID0, "euclidean distance (ward linkage)"],
    );
}

#[test]
fn k_means_cluster_terms() {
    check_chart(
        "kmeans",
        &["cluster", "--k", "2", "--out", "c"],
        &["cluster 0", "cluster 1", "mean TF-IDF"],
    );
}

#[test]
fn document_map() {
    check_chart(
        "map",
        &["map", "--k", "2", "--out", "m.tsv"],
        &[ID0, "cluster 0 (", "PC 1", "PC 2"],
    );
}

#[test]
fn topic_small_multiples_show_coherence() {
    check_chart(
        "topics",
        &[
            "topics",
            "--k",
            "3",
            "--iterations",
            "50",
            "--burn-in",
            "10",
            "--out",
            "t",
        ],
        &["topic 0 · c_npmi", "topic 2 · c_npmi", "probability"],
    );
}

#[test]
fn cooccurrence_network() {
    check_chart(
        "cooccurrence",
        &["cooccurrence", "--out", "c.tsv"],
        // Nodes are labelled with display forms: القاعدة, not the folded القاعده.
        &[DAESH, "القاعدة", "edge width: count"],
    );
}

#[test]
fn collocation_network_and_trigram_bars() {
    check_chart(
        "collocations",
        &["collocations", "--out", "c.tsv"],
        &["edge width: npmi", "Collocations by npmi"],
    );
    check_chart(
        "trigrams",
        &[
            "collocations",
            "--size",
            "3",
            "--measure",
            "pmi",
            "--out",
            "c.tsv",
        ],
        &["Three-word collocations by pmi"],
    );
}

#[test]
fn zipf_plot_with_fit() {
    check_chart(
        "zipf",
        &["stats", "--out", "s.tsv"],
        &["Zipf fit f = C / rˢ", "rank", "frequency", DAESH],
    );
}

#[test]
fn dispersion_plot() {
    check_chart(
        "dispersion",
        &["kwic", DAESH, "--also", "القاعدة,ليبيا", "--out", "k.tsv"],
        &[DAESH, "القاعدة", "ليبيا", "003_d15ce51793b59504"],
    );
}

#[test]
fn charts_are_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    for threads in ["1", "2"] {
        for ext in ["png", "svg"] {
            tahlil()
                .current_dir(dir.path())
                .args(["--threads", threads, "topics", "--k", "3", "--out", "t"])
                .args(["--chart", &format!("t{threads}.{ext}")])
                .assert()
                .success();
        }
    }
    for ext in ["png", "svg"] {
        let a = fs::read(dir.path().join(format!("t1.{ext}"))).unwrap();
        let b = fs::read(dir.path().join(format!("t2.{ext}"))).unwrap();
        assert!(a == b, "{ext} differs between 1 and 2 threads");
    }
}

#[test]
fn chart_errors_are_one_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    let err = error_line(&["terms", "--chart", pdf.to_str().unwrap()]);
    assert!(
        err.contains("x.pdf: the chart format comes from the file name: end it in .png or .svg"),
        "{err}"
    );
    let png = dir.path().join("x.png");
    let err = error_line(&["terms", "--chart", png.to_str().unwrap(), "--width", "50"]);
    assert!(
        err.contains("--width 50: a chart side must be between 200 and 16000 pixels"),
        "{err}"
    );
    let err = error_line(&[
        "similarity",
        "--top-k",
        "2",
        "--chart",
        png.to_str().unwrap(),
    ]);
    assert!(err.contains("--chart draws the whole matrix"), "{err}");
    let missing = dir.path().join("no/such/dir/x.png");
    let err = error_line(&["terms", "--chart", missing.to_str().unwrap()]);
    assert!(
        err.contains("no/such/dir/x.png: the directory") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!err.contains(".tahlil-"), "no temporary file name: {err}");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn report_writes_every_chart_table_and_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    tahlil()
        .args(["report", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let charts = [
        "terms",
        "terms-per-document",
        "similarity",
        "dendrogram",
        "map",
        "keyness",
        "collocations",
        "cooccurrence",
        "topics",
        "zipf",
        "dispersion",
    ];
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    for c in charts {
        let (w, h, _) = decode_png(&out.join(format!("{c}.png")));
        assert!(w >= 200 && h >= 200, "{c}");
        svg_texts(&out.join(format!("{c}.svg")));
        assert!(
            index.contains(&format!("<img src=\"{c}.svg\"")),
            "{c} not in index.html"
        );
    }
    for table in [
        "terms.tsv",
        "similarity.csv",
        "clusters/documents.tsv",
        "keyness.tsv",
        "collocations.tsv",
        "topics/topics.tsv",
        "stats.tsv",
        "vectors/vocabulary.tsv",
    ] {
        assert!(out.join(table).is_file(), "{table}");
    }
    // Key tables in the page, Arabic cells with their own direction.
    assert!(index.contains(&format!("<td dir=\"auto\">{DAESH}</td>")));
    let cluster = "tahlil cluster --method hierarchical --seed 0 --out clusters --chart dendrogram.png --chart dendrogram.svg";
    let words: Vec<String> = cluster
        .split(' ')
        .map(|w| format!("<bdi>{w}</bdi>"))
        .collect();
    assert!(
        index.contains(&words.join(" ")),
        "the command of each section is shown"
    );
    // A second run gives the same bytes.
    let again = dir.path().join("again");
    tahlil()
        .args(["--threads", "1", "report", "--out", again.to_str().unwrap()])
        .assert()
        .success();
    // Every file: charts, tables, vectors and index.html.
    assert_same_files(&out, &again);
}

#[test]
fn committed_plots_are_the_seed_report() {
    // plots/ is what the README's main command writes: regenerate it with
    // `cargo run --release -- report --out plots` when a chart changes.
    let dir = tempfile::tempdir().unwrap();
    tahlil()
        .args(["report", "--out", dir.path().to_str().unwrap()])
        .assert()
        .success();
    let plots = Path::new(env!("CARGO_MANIFEST_DIR")).join("plots");
    let mut committed = files(&plots);
    // plots/bench/ holds the benchmark charts (benches/compare/run.sh), not the report.
    committed.retain(|(name, _)| name != "README.md" && !name.starts_with("bench/"));
    assert_same(
        &committed,
        &files(dir.path()),
        "plots/ and the report of the seeds (regenerate plots/ with `cargo run --release -- report --out plots`)",
    );
}

#[test]
fn small_corpora_still_get_a_report_and_empty_charts_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two.txt");
    fs::write(&two, "داعش القاعدة سوريا\nالعراق داعش ليبيا\n").unwrap();
    let out = dir.path().join("r");
    tahlil()
        .args([
            "report",
            "--lines",
            "--out",
            out.to_str().unwrap(),
            two.to_str().unwrap(),
        ])
        .assert()
        .success();
    // One cluster (two documents cannot choose K by silhouette), so no keyness section.
    assert!(out.join("dendrogram.svg").is_file() && !out.join("keyness.svg").exists());
    let (_, texts) = svg_texts(&out.join("collocations.svg"));
    assert!(
        texts.iter().any(|t| t.starts_with("no pairs to draw")),
        "{texts:?}"
    );
}
