//! End-to-end tests of the `tahlil` program, expected output inline.

use std::fs;
use std::path::Path;

mod common;

use common::{assert_same_files, error_line, tahlil};

fn stdout(args: &[&str], stdin: &str) -> String {
    let out = tahlil().args(args).write_stdin(stdin).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn normalize_from_stdin() {
    assert_eq!(
        stdout(&["normalize", "-"], "أعلنَ تنظيمُ الدولــة\nفي عام ٢٠١٧ ISIS"),
        "اعلن تنظيم الدوله في عام 2017 isis\n"
    );
    assert_eq!(
        stdout(
            &["normalize", "--lines", "--no-fold-alef", "-"],
            "أعلنَ\n\nإرهاب"
        ),
        "أعلن\nإرهاب\n"
    );
}

#[test]
fn tokens_from_stdin() {
    let text = "أعلن تنظيم الدولة في العراق، والقاعدة؟ و 2017";
    // والقاعدة is و + القاعدة: its clitic is dropped by default.
    assert_eq!(
        stdout(&["tokens", "-"], text),
        "اعلن تنظيم الدوله العراق القاعده 2017\n"
    );
    assert_eq!(
        stdout(&["tokens", "--clitics", "none", "-"], text),
        "اعلن تنظيم الدوله العراق والقاعده 2017\n"
    );
    assert_eq!(
        stdout(&["tokens", "--stem", "light", "-"], text),
        "اعلن تنظيم دول عراق قاعد 2017\n"
    );
    assert_eq!(
        stdout(
            &[
                "tokens",
                "--stopwords",
                "none",
                "--min-token-length",
                "1",
                "-"
            ],
            text
        ),
        "اعلن تنظيم الدوله في العراق القاعده و 2017\n"
    );
}

/// Every number of seeds/README.md's table, recomputed.
#[test]
fn seeds_readme_counts_are_true() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/README.md")).unwrap();
    let count = |args: &[&str]| -> Vec<(usize, usize)> {
        stdout(args, "")
            .lines()
            .map(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                let types: std::collections::HashSet<&str> = words.iter().copied().collect();
                (words.len(), types.len())
            })
            .collect()
    };
    // Tokens as written: no segmentation, no filter.
    let as_written = [
        "tokens",
        "--clitics",
        "none",
        "--stopwords",
        "none",
        "--min-token-length",
        "1",
    ];
    let raw = count(&as_written);
    let filtered = count(&["tokens"]);
    let mut rows = 0;
    for line in readme.lines().filter(|l| l.starts_with("| 0")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let id = cells[1];
        let i = tahlil::seeds::SEEDS.iter().position(|s| s.0 == id).unwrap();
        let text = tahlil::seeds::SEEDS[i].1;
        let n = |k: usize| cells[k].parse::<usize>().unwrap();
        assert_eq!(n(3), text.len(), "{id} bytes");
        assert_eq!(
            n(4),
            text.lines().filter(|l| !l.trim().is_empty()).count(),
            "{id} lines"
        );
        assert_eq!((n(5), n(6)), raw[i], "{id} tokens/types");
        assert_eq!((n(7), n(8)), filtered[i], "{id} words/word types");
        rows += 1;
    }
    assert_eq!(rows, 5);
    let total = readme
        .lines()
        .find(|l| l.starts_with("| **corpus**"))
        .unwrap();
    let cells: Vec<usize> = total
        .split('|')
        .skip(3)
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let all_types = |args: &[&str]| {
        let s = stdout(args, "");
        s.split_whitespace()
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    assert_eq!(
        cells,
        [
            tahlil::seeds::SEEDS
                .iter()
                .map(|s| s.1.len())
                .sum::<usize>(),
            80,
            raw.iter().map(|r| r.0).sum(),
            all_types(&as_written),
            filtered.iter().map(|r| r.0).sum(),
            all_types(&["tokens"]),
        ]
    );
}

#[test]
fn vectorize_seeds_writes_four_files() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("v");
    let a = tahlil()
        .args(["vectorize", "--out"])
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.starts_with("tahlil vectorize: 5 documents, 1243 terms, 1563 non-zeros, "),
        "{err}"
    );
    let mtx = fs::read_to_string(out.join("matrix.mtx")).unwrap();
    let mut lines = mtx.lines();
    assert_eq!(
        lines.next(),
        Some("%%MatrixMarket matrix coordinate real general")
    );
    assert_eq!(lines.nth(1), Some("5 1243 1563"));
    assert_eq!(mtx.lines().count(), 3 + 1563);
    let docs = fs::read_to_string(out.join("documents.tsv")).unwrap();
    assert_eq!(
        docs,
        "row\tid\ttokens\tdate\tdate_basis\tsource\tcites\n\
         0\t000_8f3d4c0966bd4c89\t338\t2018-01-25\tinferred\tunnamed\tnone\n\
         1\t001_4f56bcbfe1360681\t335\t2017-04-22\tinferred\tالعراق اليوم\tnone\n\
         2\t002_bdcee222e9551d32\t328\t2018-01-19\tinferred\t218TV\tالغارديان\n\
         3\t003_d15ce51793b59504\t809\t2017-04-22\tstated\tunnamed\tnone\n\
         4\t004_13d98289a079afbf\t435\t2017-04-26\tinferred\tunnamed\tالغارديان\n"
    );
    let vocab = fs::read_to_string(out.join("vocabulary.tsv")).unwrap();
    assert_eq!(vocab.lines().next(), Some("term\tdisplay\tdf\tidf"));
    assert_eq!(vocab.lines().count(), 1244);
    // داعش is in every document: smooth idf = ln(6/6) + 1 = 1.
    assert!(vocab.contains("\nداعش\tداعش\t5\t1\n"), "داعش row");
    // Matched folded, shown as written.
    assert!(vocab.contains("\nالقاعده\tالقاعدة\t4\t"), "القاعده row");
    let model: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("model.json")).unwrap()).unwrap();
    assert_eq!(model["format"], "tahlil-tfidf-model");
    // The default segmentation is recorded, so `--model` applies the same.
    assert_eq!(model["pipeline"]["clitics"], "drop");
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let t = tempfile::tempdir().unwrap();
    // With clitics segmented too: segmentation and display forms are per
    // chunk of text, whichever worker meets it first.
    for clitics in ["none", "drop", "split"] {
        for threads in ["1", "2", "5"] {
            let out = t.path().join(format!("{clitics}-{threads}"));
            tahlil()
                .args([
                    "vectorize",
                    "--lines",
                    "--ngram-range",
                    "1,2",
                    "--clitics",
                    clitics,
                    "--threads",
                    threads,
                    "--out",
                ])
                .arg(&out)
                .assert()
                .success();
        }
        let dir = |threads: &str| t.path().join(format!("{clitics}-{threads}"));
        assert_same_files(&dir("1"), &dir("2"));
        assert_same_files(&dir("1"), &dir("5"));
    }
    // Segmenting changes the vocabulary, and display forms are kept.
    let vocab = |clitics: &str| {
        fs::read_to_string(t.path().join(format!("{clitics}-1/vocabulary.tsv"))).unwrap()
    };
    assert!(vocab("none").contains("\nوداعش\t"));
    assert!(!vocab("drop").contains("\nوداعش\t"));
    assert!(vocab("split").contains("\nو+ داعش\tو+ داعش\t"));
    assert!(vocab("drop").contains("\nالقاعده\tالقاعدة\t"));
}

#[test]
fn saved_model_transforms_into_the_same_columns() {
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    tahlil()
        .args(["vectorize", "--sublinear-tf", "--stem", "light", "--out"])
        .arg(&a)
        .assert()
        .success();
    tahlil()
        .args(["vectorize", "--model"])
        .arg(a.join("model.json"))
        .arg("--out")
        .arg(&b)
        .assert()
        .success();
    assert_same_files(&a, &b);
    // Options that the model fixes cannot be given again.
    tahlil()
        .args(["vectorize", "--stem", "none", "--out"])
        .arg(&b)
        .arg("--model")
        .arg(a.join("model.json"))
        .assert()
        .failure()
        .code(2);
}

/// The seeds in three shards, counted apart, merged in another grouping and
/// finished: model.json is the one `vectorize` fits on all five, and each
/// shard transformed with it gives the whole matrix's rows.
#[test]
fn state_count_merge_finish_is_one_fit() {
    let t = tempfile::tempdir().unwrap();
    let p = |name: &str| t.path().join(name);
    let seeds = tahlil::seeds::SEEDS;
    let shards: [&[(&str, &str)]; 3] = [&seeds[..2], &seeds[2..3], &seeds[3..]];
    let options = ["--ngram-range", "1,2", "--clitics", "split"];
    for (k, shard) in shards.iter().enumerate() {
        let mut csv = String::from("id,text\n");
        for (id, text) in shard.iter() {
            csv.push_str(&format!("{id},\"{}\"\n", text.replace('"', "\"\"")));
        }
        fs::write(p(&format!("s{k}.csv")), csv).unwrap();
        tahlil()
            .args(["state", "count"])
            .arg(p(&format!("s{k}.csv")))
            .args(options)
            .arg("-o")
            .arg(p(&format!("s{k}.state")))
            .assert()
            .success();
    }
    tahlil()
        .args(["state", "merge"])
        .args([p("s2.state"), p("s0.state")])
        .arg("-o")
        .arg(p("s20.state"))
        .assert()
        .success();
    let fit = ["--min-df", "2", "--sublinear-tf"];
    tahlil()
        .args(["state", "finish"])
        .args([p("s1.state"), p("s20.state")])
        .args(fit)
        .arg("-o")
        .arg(p("model.json"))
        .assert()
        .success();
    tahlil()
        .args(["vectorize"])
        .args(options)
        .args(fit)
        .arg("--out")
        .arg(p("whole"))
        .assert()
        .success();
    assert_eq!(
        fs::read(p("model.json")).unwrap(),
        fs::read(p("whole/model.json")).unwrap()
    );
    // The rows of the shards, in order, are the whole matrix's.
    let mut rows = Vec::new();
    for k in 0..3 {
        let out = p(&format!("v{k}"));
        tahlil()
            .args(["vectorize", "--model"])
            .arg(p("model.json"))
            .arg(p(&format!("s{k}.csv")))
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let mtx = fs::read_to_string(out.join("matrix.mtx")).unwrap();
        let offset = [0, 2, 3][k];
        for line in mtx.lines().filter(|l| !l.starts_with('%')).skip(1) {
            let mut f = line.split(' ');
            let r: usize = f.next().unwrap().parse().unwrap();
            rows.push(format!(
                "{} {}",
                r + offset,
                f.collect::<Vec<_>>().join(" ")
            ));
        }
    }
    let whole = fs::read_to_string(p("whole/matrix.mtx")).unwrap();
    let want: Vec<&str> = whole
        .lines()
        .filter(|l| !l.starts_with('%'))
        .skip(1)
        .collect();
    assert_eq!(rows, want);
    // Errors name the file and say what to do; nothing is written.
    assert_eq!(
        error_line(&[
            "state",
            "merge",
            "tests/data/does-not-exist.state",
            "-o",
            "x.state"
        ]),
        "tahlil: error: tests/data/does-not-exist.state: No such file or directory (os error 2)\n"
    );
    tahlil()
        .args(["state", "count", "-o"])
        .arg(p("plain.state"))
        .assert()
        .success();
    let e = tahlil()
        .args(["state", "merge"])
        .args([p("plain.state"), p("s0.state")])
        .arg("-o")
        .arg(p("bad.state"))
        .assert()
        .failure()
        .code(1);
    let e = String::from_utf8(e.get_output().stderr.clone()).unwrap();
    assert!(e.contains("different pipeline options"), "{e}");
    assert!(e.contains("--ngram-range ([1,1] and [1,2])"), "{e}");
    assert!(!p("bad.state").exists());
}

/// Every `(row, col, value)` record of the Parquet files `paths`, in order.
fn parquet_records(paths: &[std::path::PathBuf]) -> Vec<(i64, i32, u64)> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let mut out = Vec::new();
    for path in paths {
        let reader = SerializedFileReader::new(fs::File::open(path).unwrap()).unwrap();
        for row in reader.get_row_iter(None).unwrap() {
            let row = row.unwrap();
            let f: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
            match (f[0], f[1], f[2]) {
                (&Field::Long(r), &Field::Int(c), &Field::Double(v)) => {
                    out.push((r, c, v.to_bits()))
                }
                other => panic!("{other:?}"),
            }
        }
    }
    out
}

/// `--shard-docs`: the matrix in row shards with a manifest, fitted or with a
/// saved model, equal to the whole matrix; the other files as without shards.
#[test]
fn vectorize_writes_row_shards_and_a_manifest() {
    let t = tempfile::tempdir().unwrap();
    let p = |name: &str| t.path().join(name);
    let run = |args: &[&str], out: &str| {
        // The model fixes the options.
        let options: &[&str] = if args.contains(&"--model") {
            &[]
        } else {
            &["--ngram-range", "1,2"]
        };
        tahlil()
            .arg("vectorize")
            .args(options)
            .args(args)
            .arg("--out")
            .arg(p(out))
            .assert()
            .success();
    };
    run(&["--matrix-format", "parquet"], "whole");
    run(
        &["--matrix-format", "parquet", "--shard-docs", "2"],
        "fitted",
    );
    let model = p("whole/model.json");
    let model = model.to_str().unwrap();
    run(
        &[
            "--matrix-format",
            "parquet",
            "--shard-docs",
            "3",
            "--model",
            model,
        ],
        "model",
    );
    run(&["--matrix-format", "npz", "--shard-docs", "2"], "npz");
    let whole = parquet_records(&[p("whole/matrix.parquet")]);
    assert!(whole.len() > 2000 && whole[0].0 == 0 && whole.last().unwrap().0 == 4);
    for (dir, files) in [("fitted", 3), ("model", 2)] {
        let manifest: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(p(dir).join("manifest.json")).unwrap())
                .unwrap();
        assert_eq!(manifest["format"], "tahlil-shards");
        assert_eq!(manifest["rows"], 5);
        assert_eq!(manifest["nnz"], whole.len());
        let shards = manifest["shards"].as_array().unwrap();
        assert_eq!(shards.len(), files);
        let paths: Vec<_> = shards
            .iter()
            .map(|s| p(dir).join(s["file"].as_str().unwrap()))
            .collect();
        assert_eq!(parquet_records(&paths), whole, "{dir}");
        for f in ["vocabulary.tsv", "documents.tsv", "model.json"] {
            assert_eq!(
                fs::read(p(dir).join(f)).unwrap(),
                fs::read(p("whole").join(f)).unwrap(),
                "{dir}/{f}"
            );
        }
    }
    // Shards never mix with an earlier run's.
    let e = tahlil()
        .args(["vectorize", "--shard-docs", "2", "--out"])
        .arg(p("fitted"))
        .assert()
        .failure();
    let e = String::from_utf8(e.get_output().stderr.clone()).unwrap();
    assert!(e.contains("already holds a matrix"), "{e}");
    let manifest = fs::read_to_string(p("npz/manifest.json")).unwrap();
    assert!(
        manifest.contains(r#""file": "part-00002.npz""#),
        "{manifest}"
    );
    assert!(manifest.contains(r#""first_row": 4"#), "{manifest}");
    assert_eq!(
        error_line(&["vectorize", "--shard-docs", "0", "--out", "x"]),
        "tahlil: error: --shard-docs 0: a shard holds at least one document; give a number such as 100000\n"
    );
    // A bad document halfway: no shard, no manifest, nothing at all.
    fs::write(p("good.txt"), "داعش في العراق\n").unwrap();
    fs::write(p("bad.txt"), b"\xff\xfe").unwrap();
    tahlil()
        .args([
            "vectorize",
            "--lines",
            "--shard-docs",
            "1",
            "--model",
            model,
        ])
        .args([p("good.txt"), p("bad.txt")])
        .arg("--out")
        .arg(p("failed"))
        .assert()
        .failure();
    assert!(!p("failed").exists());
}

#[test]
fn npz_is_a_zip_of_npy_arrays() {
    let t = tempfile::tempdir().unwrap();
    tahlil()
        .args(["vectorize", "--matrix-format", "npz", "--out"])
        .arg(t.path())
        .assert()
        .success();
    let bytes = fs::read(t.path().join("matrix.npz")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    for name in [
        "indices.npy",
        "indptr.npy",
        "format.npy",
        "shape.npy",
        "data.npy",
    ] {
        assert!(
            bytes.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name}"
        );
    }
}

#[test]
fn jsonl_and_csv_inputs() {
    let t = tempfile::tempdir().unwrap();
    let j = t.path().join("c.jsonl");
    fs::write(
        &j,
        "{\"id\":\"a\",\"text\":\"داعش والقاعدة\"}\n{\"id\":\"b\",\"text\":\"القاعدة\"}\n",
    )
    .unwrap();
    assert_eq!(
        stdout(&["tokens", j.to_str().unwrap()], ""),
        "داعش القاعده\nالقاعده\n"
    );
    let c = t.path().join("c.csv");
    fs::write(&c, "doc,body\nx,\"داعش، سوريا\"\n").unwrap();
    assert_eq!(
        stdout(
            &[
                "tokens",
                "--text-column",
                "body",
                "--id-column",
                "doc",
                c.to_str().unwrap()
            ],
            ""
        ),
        "داعش سوريا\n"
    );
}

#[test]
fn invalid_utf8_names_file_and_byte_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let input = t.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.txt"), "داعش").unwrap();
    fs::write(input.join("b.txt"), b"ok\n\xC3(").unwrap();
    let out = t.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("matrix.mtx"), "previous").unwrap();
    let err = error_line(&[
        "vectorize",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("b.txt: invalid UTF-8 at byte 3 (line 2); pass --lossy"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("matrix.mtx")).unwrap(),
        "previous"
    );
    assert_eq!(
        fs::read_dir(&out).unwrap().count(),
        1,
        "no other file written"
    );
    // --lossy goes through.
    tahlil()
        .args([
            "vectorize",
            "--lossy",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(input.join("a.txt")).unwrap(),
        "داعش",
        "inputs untouched"
    );
}

#[test]
fn clear_errors() {
    let err = error_line(&["tokens", "/no/such/file.txt"]);
    assert!(err.contains("/no/such/file.txt: No such file"), "{err}");
    let err = error_line(&[
        "vectorize",
        "--min-df",
        "3",
        "--max-df",
        "2",
        "--out",
        "/tmp/x",
    ]);
    assert!(err.contains("--min-df (3) is above --max-df (2)"), "{err}");
    let err = error_line(&["vectorize", "--max-df", "1.5", "--out", "/tmp/x"]);
    assert!(
        err.contains("--max-df 1.5: a fraction must lie in [0, 1]"),
        "{err}"
    );
    let err = error_line(&["vectorize", "--min-df", "6", "--out", "/tmp/x"]);
    assert!(err.contains("above --max-df"), "{err}");
    let err = error_line(&[
        "vectorize",
        "--min-df",
        "5",
        "--max-df",
        "5",
        "--analyzer",
        "word",
        "--out",
        "/tmp/x",
        "--stopwords",
        "builtin",
        "--min-token-length",
        "30",
    ]);
    assert!(
        err.contains("vocabulary is empty") && err.contains("--min-token-length"),
        "{err}"
    );
    let err = error_line(&["tokens", "--stopwords", "/no/stop.txt"]);
    assert!(
        err.contains("/no/stop.txt") && err.contains("none, builtin or a file"),
        "{err}"
    );
    let err = error_line(&["vectorize", "--ngram-range", "2,1", "--out", "/tmp/x"]);
    assert!(err.contains("--ngram-range 2,1"), "{err}");
    let t = tempfile::tempdir().unwrap();
    let empty = t.path().join("empty.txt");
    fs::write(&empty, "\n\n").unwrap();
    let err = error_line(&[
        "vectorize",
        "--lines",
        empty.to_str().unwrap(),
        "--out",
        t.path().join("o").to_str().unwrap(),
    ]);
    assert!(err.contains("corpus is empty"), "{err}");
    let bad_model = t.path().join("m.json");
    fs::write(&bad_model, "{\"format\": 1}").unwrap();
    let err = error_line(&[
        "vectorize",
        "--model",
        bad_model.to_str().unwrap(),
        "--out",
        t.path().join("o").to_str().unwrap(),
    ]);
    assert!(err.contains("m.json:1: not a tahlil model.json"), "{err}");
    // Unknown option values are clap's usage errors (exit 2).
    tahlil()
        .args(["vectorize", "--norm", "l3", "--out", "/tmp/x"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn synth_is_seeded() {
    let a = stdout(
        &["synth", "--bytes", "20K", "--seed", "3", "--types", "500"],
        "",
    );
    let b = stdout(
        &[
            "synth",
            "--bytes",
            "20K",
            "--seed",
            "3",
            "--types",
            "500",
            "--threads",
            "1",
        ],
        "",
    );
    assert_eq!(a, b);
    assert!(a.len() >= 20_000 && a.lines().count() > 3);
}

#[test]
fn similarity_matrix_and_neighbours_on_the_seeds() {
    let csv = stdout(&["similarity"], "");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines[0].starts_with("id,000_8f3d4c0966bd4c89,001_4f56bcbfe1360681,"));
    // Symmetric, and each document is its own nearest.
    let m: Vec<Vec<f64>> = lines[1..]
        .iter()
        .map(|l| l.split(',').skip(1).map(|x| x.parse().unwrap()).collect())
        .collect();
    for (i, row) in m.iter().enumerate() {
        assert!((row[i] - 1.0).abs() < 1e-12);
        for (k, x) in row.iter().enumerate() {
            assert_eq!(*x, m[k][i]);
        }
    }
    let top = stdout(&["similarity", "--top-k", "1"], "");
    assert_eq!(
        top.lines().take(3).collect::<Vec<_>>(),
        [
            "doc\tneighbour\tcosine",
            "000_8f3d4c0966bd4c89\t002_bdcee222e9551d32\t0.3195160677463126",
            "001_4f56bcbfe1360681\t003_d15ce51793b59504\t0.34138225030019465",
        ]
    );
    let err = error_line(&["similarity", "--format", "npy"]);
    assert!(err.contains("give --out FILE.npy"), "{err}");
    let t = tempfile::tempdir().unwrap();
    let npy = t.path().join("s.npy");
    tahlil()
        .args([
            "similarity",
            "--metric",
            "jaccard",
            "--format",
            "npy",
            "--out",
        ])
        .arg(&npy)
        .assert()
        .success();
    let bytes = std::fs::read(&npy).unwrap();
    assert!(bytes.starts_with(b"\x93NUMPY"));
    assert_eq!(bytes.len(), 128 + 25 * 8);
}

#[test]
fn cluster_the_seeds_with_both_methods() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    let o = out.to_str().unwrap();
    tahlil()
        .args(["cluster", "--k", "2", "-o", o])
        .assert()
        .success();
    let docs = fs::read_to_string(out.join("documents.tsv")).unwrap();
    let rows: Vec<&str> = docs.lines().collect();
    // The seeds' metadata follows the clustering's own columns.
    assert_eq!(
        rows[0],
        "id\tcluster\tsilhouette\tdate\tdate_basis\tsource\tcites"
    );
    assert_eq!(rows.len(), 6);
    // Cluster numbers are canonical: the first document is in cluster 0.
    assert!(rows[1].starts_with("000_8f3d4c0966bd4c89\t0\t"));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("clusters.json")).unwrap()).unwrap();
    assert_eq!(json["k"], 2);
    assert_eq!(json["clusters"].as_array().unwrap().len(), 2);
    let sizes: u64 = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert_eq!(sizes, 5);
    assert_eq!(json["clusters"][0]["terms"].as_array().unwrap().len(), 10);
    assert!(!out.join("linkage.tsv").exists());

    tahlil()
        .args(["cluster", "--method", "hierarchical", "--k", "2", "-o", o])
        .assert()
        .success();
    let linkage = fs::read_to_string(out.join("linkage.tsv")).unwrap();
    assert_eq!(linkage.lines().next(), Some("a\tb\tdistance\tsize"));
    assert_eq!(linkage.lines().count(), 5, "four merges of five documents");
    assert!(linkage.lines().last().unwrap().ends_with("\t5"));
    let leaves = fs::read_to_string(out.join("leaves.tsv")).unwrap();
    assert_eq!(leaves.lines().count(), 6);
}

#[test]
fn cluster_k_auto_reports_every_k_tried() {
    let tmp = tempfile::tempdir().unwrap();
    let o = tmp.path().join("c");
    tahlil()
        .args([
            "cluster",
            "--lines",
            "--k-max",
            "6",
            "-o",
            o.to_str().unwrap(),
        ])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(o.join("clusters.json")).unwrap()).unwrap();
    let tried: Vec<u64> = json["k_tried"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["k"].as_u64().unwrap())
        .collect();
    assert_eq!(tried, vec![2, 3, 4, 5, 6]);
    let best = json["k_tried"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["silhouette"].as_f64().unwrap())
        .fold(f64::MIN, f64::max);
    assert_eq!(json["silhouette"].as_f64().unwrap(), best);
}

#[test]
fn cluster_and_map_are_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    for method in ["kmeans", "hierarchical"] {
        let run = |threads: &str| {
            let dir = tmp.path().join(format!("{method}-{threads}"));
            tahlil()
                .args([
                    "--threads",
                    threads,
                    "cluster",
                    "--lines",
                    "--method",
                    method,
                    "--dims",
                    "12",
                    "--seed",
                    "3",
                ])
                .args(["-o", dir.to_str().unwrap()])
                .assert()
                .success();
            dir
        };
        assert_same_files(&run("1"), &run("2"));
    }
    for method in ["pca", "mds"] {
        let a = stdout(
            &["--threads", "1", "map", "--lines", "--method", method],
            "",
        );
        let b = stdout(
            &["--threads", "2", "map", "--lines", "--method", method],
            "",
        );
        assert_eq!(a, b);
        assert_eq!(a.lines().count(), 81);
        assert!(a.starts_with("id\tx\ty\tcluster\tdate\tdate_basis\tsource\tcites\n"));
    }
}

#[test]
fn cluster_errors_are_one_line() {
    let e = error_line(&["cluster", "--k", "9", "-o", "never-written"]);
    assert!(
        e.contains("--k 9: need 1 <= K <= the number of documents (5)"),
        "{e}"
    );
    let e = error_line(&[
        "cluster",
        "--method",
        "hierarchical",
        "--metric",
        "cosine",
        "-o",
        "never-written",
    ]);
    // Ward is the default linkage: the message says what else to choose.
    assert!(
        e.contains("--linkage ward needs --metric euclidean")
            && e.contains("choose --linkage average, complete or single"),
        "{e}"
    );
    let e = error_line(&["cluster", "--k", "0", "-o", "never-written"]);
    assert!(
        e.trim_end().ends_with("--k 0: need at least 1 cluster"),
        "{e}"
    );
    let e = error_line(&["cluster", "--distance", "0.5", "-o", "never-written"]);
    assert!(e.contains("--method hierarchical"), "{e}");
    let e = error_line(&["cluster", "--dims", "0", "-o", "never-written"]);
    assert!(e.contains("--dims 0"), "{e}");
    assert!(!Path::new("never-written").exists());
    let tmp = tempfile::tempdir().unwrap();
    let two = tmp.path().join("two.txt");
    fs::write(&two, "داعش والقاعدة\nالقاعدة في اليمن\n").unwrap();
    let e = error_line(&[
        "cluster",
        "--lines",
        two.to_str().unwrap(),
        "-o",
        "never-written",
    ]);
    assert!(e.contains("--k auto needs at least 3 documents"), "{e}");
    tahlil()
        .args(["cluster", "--k", "abc"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn terms_and_stats_on_the_seeds() {
    assert_eq!(
        stdout(&["terms", "--top", "2"], ""),
        "term\tdisplay\tfrequency\tdf\tidf\tmean_tfidf\tmax_tfidf\n\
         داعش\tداعش\t91\t5\t1\t0.33662243357180643\t0.42806240137034113\n\
         القاعده\tالقاعدة\t61\t4\t1.1823215567939547\t0.25079563985142755\t0.36666824243088453\n"
    );
    let per_doc = stdout(&["terms", "--per-document", "1"], "");
    assert_eq!(per_doc.lines().count(), 6);
    assert_eq!(
        per_doc.lines().nth(1),
        Some("000_8f3d4c0966bd4c89\t1\tالقاعده\tالقاعدة\t0.36666824243088453\t15")
    );
    let stats = stdout(&["stats"], "");
    // The same counts as seeds/README.md.
    assert!(
        stats.starts_with("measure\tvalue\ndocuments\t5\ntokens\t2245\ntypes\t1243\n"),
        "{stats}"
    );
    assert!(stats.contains("hapaxes\t887\n"));
    let ranks = stdout(&["stats", "--ranks"], "");
    assert!(ranks.starts_with("rank\tterm\tfrequency\n1\tداعش\t91\n2\tالقاعده\t61\n"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["stats", "--format", "json"], "")).unwrap();
    assert_eq!(json["types"], 1243);
    assert_eq!(json["ranks"].as_array().unwrap().len(), 1243);
}

#[test]
fn keyness_of_a_document_and_of_groups() {
    let out = stdout(&["keyness", "--top", "2", "--measure", "g2"], "");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "term\tdisplay\ttarget\treference\tchi2\tg2\tpmi\tlog_ratio"
    );
    assert_eq!(rows.len(), 3);
    let g2: Vec<f64> = rows[1..]
        .iter()
        .map(|r| r.split('\t').nth(5).unwrap().parse().unwrap())
        .collect();
    assert!(g2[0] >= g2[1] && g2[1] > 0.0);
    let tmp = tempfile::tempdir().unwrap();
    let groups = tmp.path().join("groups.tsv");
    fs::write(
        &groups,
        "id\tgroup\n000_8f3d4c0966bd4c89\tA\n001_4f56bcbfe1360681\tA\n002_bdcee222e9551d32\tB\n",
    )
    .unwrap();
    let out = stdout(
        &[
            "keyness",
            "--groups",
            groups.to_str().unwrap(),
            "--top",
            "1",
        ],
        "",
    );
    let groups_seen: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(groups_seen, ["A", "B"]);
    let e = error_line(&[
        "keyness",
        "--groups",
        groups.to_str().unwrap(),
        "--target",
        "C",
    ]);
    assert!(e.contains("no such group") && e.contains("A, B"), "{e}");
    let e = error_line(&["keyness", "--target", "nope"]);
    assert!(e.contains("no document with id nope"), "{e}");
}

#[test]
fn collocations_pairs_and_trigrams() {
    let out = stdout(&["collocations", "--measure", "llr", "--top", "2"], "");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], "w1\tw2\tdisplay\tcount\tcount_w1\tcount_w2\tllr");
    assert_eq!(rows.len(), 3);
    let out = stdout(
        &[
            "collocations",
            "--size",
            "3",
            "--measure",
            "llr",
            "--top",
            "1",
        ],
        "",
    );
    assert_eq!(
        out.lines()
            .nth(1)
            .map(|l| l.split('\t').take(5).collect::<Vec<_>>()),
        Some(vec![
            "يدفع",
            "التهديد",
            "الوجودي",
            "يدفع التهديد الوجودي",
            "6"
        ])
    );
    let e = error_line(&["collocations", "--size", "3", "--measure", "dice"]);
    assert!(e.contains("pairs only"), "{e}");
    let e = error_line(&["collocations", "--window", "1"]);
    assert!(e.contains("--window 1"), "{e}");
    tahlil()
        .args(["collocations", "--size", "4"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn collocation_triples_are_contiguous() {
    let e = error_line(&["collocations", "--size", "3", "--window", "5"]);
    assert_eq!(
        e,
        "tahlil: error: --window 5: triples are contiguous (NLTK's window of 3); leave --window at its default\n"
    );
}

#[test]
fn kwic_matches_normalized_forms_and_shows_the_original() {
    let out = stdout(&["kwic", "تنظيم داعش", "--window", "2", "--top", "2"], "");
    assert_eq!(
        out,
        "id\tstart\tend\tleft\tkeyword\tright\n\
         000_8f3d4c0966bd4c89\t13\t32\tلايزال\tتنظيم داعش\tيطل برأسه\n\
         001_4f56bcbfe1360681\t51\t70\tاليوم: سيخرج\tتنظيم داعش\tمن العراق\n"
    );
    // Written with teh marbuta folded and a diacritic: the same hits, shown as written.
    let a = stdout(&["kwic", "القاعدة"], "");
    let b = stdout(&["kwic", "القاعدَه"], "");
    assert_eq!(a, b);
    // Each hit is the word as written: bare, or with the clitics the default drops.
    let mut keywords: Vec<&str> = a
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(4))
        .collect();
    assert_eq!(keywords.len(), 61);
    keywords.sort_unstable();
    keywords.dedup();
    assert_eq!(keywords, ["القاعدة", "بالقاعدة", "للقاعدة", "والقاعدة"]);
    let e = error_line(&["kwic", "،"]);
    assert!(e.contains("no words after normalization"), "{e}");
}

#[test]
fn kwic_with_clitics_finds_hosts_and_shows_words_as_written() {
    let text = "هاجم داعش المدينة ثم انسحب عناصر لداعش وداعش إلى الصحراء\n";
    let out = stdout(&["kwic", "داعش", "--clitics", "drop", "-"], text);
    let keywords: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(4).unwrap())
        .collect();
    assert_eq!(keywords, ["داعش", "لداعش", "وداعش"]);
    // Without segmentation only the bare word matches.
    let out = stdout(&["kwic", "داعش", "--clitics", "none", "-"], text);
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn cooccurrence_edges_and_matrix() {
    let out = stdout(&["cooccurrence", "--window", "5", "--top", "1"], "");
    assert_eq!(
        out,
        "a\tb\tdisplay_a\tdisplay_b\tcount\tscore\nالقاعده\tداعش\tالقاعدة\tداعش\t42\t42\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m.tsv");
    let out = stdout(
        &[
            "cooccurrence",
            "--document",
            "--measure",
            "npmi",
            "--terms",
            "10",
            "--matrix",
            m.to_str().unwrap(),
        ],
        "",
    );
    let scores: Vec<f64> = out
        .lines()
        .skip(1)
        .map(|l| l.rsplit('\t').next().unwrap().parse().unwrap())
        .collect();
    assert!(!scores.is_empty() && scores.iter().all(|s| (-1.0..=1.0).contains(s)));
    let matrix = fs::read_to_string(&m).unwrap();
    assert_eq!(matrix.lines().count(), 11);
    assert!(matrix.lines().all(|l| l.split('\t').count() == 11));
    let e = error_line(&["cooccurrence", "--window", "0"]);
    assert!(e.contains("--window 0"), "{e}");
}

/// Runs `tahlil topics ARGS` on 1 and on 2 threads, checks the outputs are the same
/// bytes, and returns the first output directory.
fn topics_on_1_and_2_threads(tmp: &Path, args: &[&str]) -> std::path::PathBuf {
    let run = |threads: &str, dir: &str| {
        let out = tmp.join(dir);
        tahlil()
            .args(["--threads", threads, "topics"])
            .args(args)
            .args(["-o", out.to_str().unwrap()])
            .assert()
            .success();
        out
    };
    let (a, b) = (run("1", "a"), run("2", "b"));
    assert_same_files(&a, &b);
    a
}

#[test]
fn topics_writes_terms_documents_and_coherence() {
    let tmp = tempfile::tempdir().unwrap();
    let topics_args = [
        "--lines",
        "--k",
        "4",
        "--iterations",
        "50",
        "--burn-in",
        "20",
        "--seed",
        "5",
    ];
    let a = topics_on_1_and_2_threads(tmp.path(), &topics_args);
    let topics = fs::read_to_string(a.join("topics.tsv")).unwrap();
    assert_eq!(
        topics.lines().next(),
        Some("topic\trank\tterm\tdisplay\tprobability")
    );
    assert_eq!(topics.lines().count(), 1 + 4 * 10);
    let docs = fs::read_to_string(a.join("documents.tsv")).unwrap();
    assert_eq!(docs.lines().count(), 81);
    for line in docs.lines().skip(1) {
        let sum: f64 = line
            .split('\t')
            .skip(1)
            .take(4)
            .map(|x| x.parse::<f64>().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-9);
    }
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(a.join("topics.json")).unwrap()).unwrap();
    assert_eq!(json["topics"].as_array().unwrap().len(), 4);
    assert!(
        json["c_npmi"].as_f64().unwrap().is_finite()
            && json["u_mass"].as_f64().unwrap().is_finite()
    );
    let e = error_line(&["topics", "--burn-in", "300", "-o", "never-written"]);
    assert!(
        e.contains("--burn-in 300 must be below --iterations 200"),
        "{e}"
    );
}

/// `--optimize-interval`: topics.json lists the α learned per topic (and with
/// `--optimize-beta` the β), the same bytes on 1 and 2 threads; `--optimize-beta`
/// with `--optimize-interval 0` is refused, naming both flags, and so is an
/// `--optimize-burn-in` that leaves no sweep to learn in.
#[test]
fn topics_learn_their_priors_with_optimize_interval() {
    let tmp = tempfile::tempdir().unwrap();
    let a = topics_on_1_and_2_threads(
        tmp.path(),
        &[
            "--lines",
            "--k",
            "4",
            "--iterations",
            "60",
            "--burn-in",
            "20",
            // The default interval, 10.
            "--optimize-beta",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(a.join("topics.json")).unwrap()).unwrap();
    assert_eq!(json["optimize_interval"], 10);
    let alpha: Vec<f64> = json["learned_alpha"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_f64().unwrap())
        .collect();
    assert_eq!(alpha.len(), 4);
    assert!(alpha.iter().all(|&a| a > 0.0) && alpha.iter().any(|&a| a != 0.1));
    let beta = json["learned_beta"].as_f64().unwrap();
    assert!(beta > 0.0 && beta != 0.01, "{beta}");
    let e = error_line(&[
        "topics",
        "--optimize-beta",
        "--optimize-interval",
        "0",
        "-o",
        "never-written",
    ]);
    assert!(
        e.contains("--optimize-beta needs --optimize-interval above 0"),
        "{e}"
    );
    assert_eq!(json["optimize_burn_in"], 0);
    let e = error_line(&[
        "topics",
        "--optimize-interval",
        "10",
        "--optimize-burn-in",
        "60",
        "--iterations",
        "60",
        "-o",
        "never-written",
    ]);
    assert!(
        e.contains("--optimize-burn-in 60 must be below --iterations 60"),
        "{e}"
    );
}

#[test]
fn topics_nmf_with_k_auto_keeps_the_most_coherent_k() {
    let tmp = tempfile::tempdir().unwrap();
    let a = topics_on_1_and_2_threads(
        tmp.path(),
        &["--method", "nmf", "--k", "auto", "--k-max", "4"],
    );
    let sweep = fs::read_to_string(a.join("sweep.tsv")).unwrap();
    let rows: Vec<(usize, f64)> = sweep
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].parse().unwrap(), f[1].parse().unwrap())
        })
        .collect();
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 3, 4]);
    let best = rows
        .iter()
        .fold(rows[0], |b, &r| if r.1 > b.1 { r } else { b });
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(a.join("topics.json")).unwrap()).unwrap();
    assert_eq!(json["method"], "nmf");
    assert_eq!(json["k"], best.0);
    assert_eq!(json["k_tried"].as_array().unwrap().len(), 3);
    assert!(json["reconstruction_error"].as_f64().unwrap() > 0.0);
    let topics = fs::read_to_string(a.join("topics.tsv")).unwrap();
    assert_eq!(
        topics.lines().next(),
        Some("topic\trank\tterm\tdisplay\tweight")
    );
    let e = error_line(&[
        "topics",
        "--method",
        "nmf",
        "--k",
        "6",
        "-o",
        "never-written",
    ]);
    assert!(
        e.contains("--k 6: NMF needs 1 <= K <= min(documents, terms) = 5"),
        "{e}"
    );
}

#[test]
fn topics_holdout_reports_perplexity_and_marks_the_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("h");
    tahlil()
        .args(["topics", "--lines", "--k", "3", "--holdout", "0.25"])
        .args([
            "--iterations",
            "40",
            "--burn-in",
            "20",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let docs = fs::read_to_string(out.join("documents.tsv")).unwrap();
    assert_eq!(
        docs.lines().next(),
        Some("id\ttopic0\ttopic1\ttopic2\theldout\tdate\tdate_basis\tsource\tcites")
    );
    let held = docs
        .lines()
        .skip(1)
        .filter(|l| l.split('\t').nth(4) == Some("1"))
        .count();
    assert_eq!(held, 20);
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("topics.json")).unwrap()).unwrap();
    assert_eq!(json["heldout_documents"], 20);
    let p = json["heldout_perplexity"].as_f64().unwrap();
    assert!(p.is_finite() && p > 1.0, "{p}");
    let e = error_line(&[
        "topics",
        "--method",
        "nmf",
        "--holdout",
        "0.2",
        "-o",
        "never-written",
    ]);
    assert!(e.contains("--holdout"), "{e}");
    let e = error_line(&["topics", "--holdout", "1", "-o", "never-written"]);
    assert!(e.contains("--holdout 1: the fraction"), "{e}");
}

#[test]
fn regression_io_error_cause_said_once() {
    // The cause used to be printed twice: "…: No such file … (os error 2): No such file …".
    let err = error_line(&["terms", "/nonexistent/corpus.txt"]);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}
