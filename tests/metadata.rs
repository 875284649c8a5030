//! Document metadata end to end: `tahlil trends`, --group-by, and the selection
//! options every command takes.

mod common;

use std::fs;

use common::tahlil;

/// The one error line a failing command prints, without its newline.
fn error_line(args: &[&str]) -> String {
    common::error_line(args).trim_end().to_owned()
}

fn stdout(args: &[&str]) -> String {
    let out = tahlil().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn trends_of_the_seeds_by_year_as_tsv_and_json() {
    let tsv = stdout(&["trends", "داعش", "--by", "year"]);
    // 2017: 001, 003, 004 (335 + 809 + 435 words); 2018: 000, 002 (338 + 328).
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines[0], "period\tterm\tcount\tdocuments\ttokens\tper_10k");
    assert!(lines[1].starts_with("2017\tداعش\t56\t3\t1579\t"), "{tsv}");
    assert!(lines[2].starts_with("2018\tداعش\t35\t2\t666\t"), "{tsv}");
    assert_eq!(lines.len(), 3);
    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "trends", "داعش", "--by", "year", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json[1]["period"], "2018");
    assert_eq!(json[1]["count"], 35);
    assert_eq!(json[1]["per_10k"], 35.0 * 1e4 / 666.0);
}

#[test]
fn trends_read_a_dated_csv_with_groups_and_draw_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("news.csv");
    fs::write(
        &csv,
        "id,published,paper,text\n\
         a,2017-11-03T08:15:00Z,x,داعش في العراق\n\
         b,2017-11-20,y,القاعدة وداعش\n\
         c,2018-01-02,x,داعش داعش سوريا\n",
    )
    .unwrap();
    let png = dir.path().join("t.png");
    let tsv = stdout(&[
        "trends",
        "داعش",
        csv.to_str().unwrap(),
        "--date-column",
        "published",
        "--group-by",
        "paper",
        "--chart",
        png.to_str().unwrap(),
    ]);
    assert_eq!(
        tsv,
        "period\tgroup\tterm\tcount\tdocuments\ttokens\tper_10k\n\
         2017-11\tx\tداعش\t1\t1\t2\t5000\n\
         2017-12\tx\tداعش\t0\t0\t0\t0\n\
         2018-01\tx\tداعش\t2\t1\t3\t6666.666666666667\n\
         2017-11\ty\tداعش\t1\t1\t2\t5000\n\
         2017-12\ty\tداعش\t0\t0\t0\t0\n\
         2018-01\ty\tداعش\t0\t0\t0\t0\n"
    );
    assert!(fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn metadata_errors_name_the_file_line_value_or_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("d.csv");
    fs::write(&csv, "date,text\n2017-04-22,داعش\nnot-a-date,القاعدة\n").unwrap();
    let p = csv.to_str().unwrap();
    assert_eq!(
        error_line(&["trends", "داعش", p]),
        format!("tahlil: error: {p}:3: the date of \"d:2\" in \"date\": \"not-a-date\" is not an ISO 8601 date (2017-11-03, 2017-11-03T08:15:00Z, 2017-11 or 2017); correct it, or pass --skip-bad-dates to leave such documents out")
    );
    let out = tahlil()
        .args(["trends", "داعش", p, "--skip-bad-dates"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("left out 1 documents whose date does not parse (--skip-bad-dates)"));
    assert_eq!(
        error_line(&["trends", "داعش", "--date-column", "when"]),
        "tahlil: error: seeds/000_8f3d4c0966bd4c89.txt:1: --date-column when: the document \"000_8f3d4c0966bd4c89\" has no field \"when\" (its fields: date, date_basis, source, cites); name the field that holds dates"
    );
    assert_eq!(
        error_line(&["terms", "--where", "paper=x"]),
        "tahlil: error: seeds/000_8f3d4c0966bd4c89.txt:1: --where paper=x: the document \"000_8f3d4c0966bd4c89\" has no field \"paper\" (its fields: date, date_basis, source, cites)"
    );
    assert_eq!(
        error_line(&[
            "vectorize",
            "--where",
            "source=X",
            "--out",
            dir.path().join("v").to_str().unwrap()
        ]),
        "tahlil: error: the corpus is empty: no documents match --where source=X (of 5 read)"
    );
    assert!(!dir.path().join("v").exists());
    assert_eq!(
        error_line(&["trends", "داعش", "--group-by", "paper"]),
        "tahlil: error: seeds/000_8f3d4c0966bd4c89.txt:1: --group-by paper: the document \"000_8f3d4c0966bd4c89\" has no field \"paper\" (its fields: date, date_basis, source, cites)"
    );
    let out = tahlil()
        .args(["trends", "داعش", "--by", "fortnight"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("[possible values: year, quarter, month, week, day]"));
    assert!(error_line(&["trends"]).contains("give the terms to follow"));
}

#[test]
fn selection_applies_to_every_command() {
    let all = stdout(&["stats", "--format", "json"]);
    let since = stdout(&["stats", "--format", "json", "--since", "2018-01"]);
    let a: serde_json::Value = serde_json::from_str(&all).unwrap();
    let s: serde_json::Value = serde_json::from_str(&since).unwrap();
    assert_eq!(a["documents"], 5);
    assert_eq!(s["documents"], 2);
    assert_eq!(s["tokens"], 338 + 328);
    let kwic = stdout(&["kwic", "القاعدة", "--where", "source=218TV"]);
    assert!(kwic
        .lines()
        .skip(1)
        .all(|l| l.starts_with("002_bdcee222e9551d32\t")));
}

#[test]
fn a_side_file_adds_columns_to_documents_tsv() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "داعش في العراق").unwrap();
    fs::write(dir.path().join("b.txt"), "القاعدة في سوريا").unwrap();
    let meta = dir.path().join("meta.csv");
    fs::write(&meta, "id,paper,date\na,x,2017-01\nb,y,2017-02\n").unwrap();
    let out = dir.path().join("v");
    tahlil()
        .args([
            "vectorize",
            dir.path().join("a.txt").to_str().unwrap(),
            dir.path().join("b.txt").to_str().unwrap(),
            "--metadata",
            meta.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(out.join("documents.tsv")).unwrap(),
        "row\tid\ttokens\tpaper\tdate\n0\ta\t2\tx\t2017-01\n1\tb\t2\ty\t2017-02\n"
    );
}

#[test]
fn keyness_by_a_field_equals_keyness_by_a_groups_file() {
    let dir = tempfile::tempdir().unwrap();
    let groups = dir.path().join("groups.tsv");
    // The seeds' `cites` column, as a --groups file.
    let docs = stdout(&["vectorize", "--out", dir.path().join("v").to_str().unwrap()]);
    assert!(docs.is_empty());
    let table = fs::read_to_string(dir.path().join("v/documents.tsv")).unwrap();
    let mut file = String::from("id\tgroup\n");
    for line in table.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        file.push_str(&format!("{}\t{}\n", cells[1], cells[6]));
    }
    fs::write(&groups, file).unwrap();
    let by_field = stdout(&["keyness", "--group-by", "cites"]);
    let by_file = stdout(&["keyness", "--groups", groups.to_str().unwrap()]);
    assert_eq!(by_field, by_file);
    assert!(by_field.lines().nth(1).unwrap().starts_with("none\t"));
    // Periods: each month with documents against the rest.
    let by_month = stdout(&["keyness", "--by", "month", "--top", "1"]);
    let periods: Vec<&str> = by_month
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(periods, ["2017-04", "2018-01"]);
    // One group against another: only their documents are counted.
    let pair = stdout(&[
        "keyness",
        "--group-by",
        "source",
        "--target",
        "218TV",
        "--reference",
        "العراق اليوم",
    ]);
    let first: Vec<&str> = pair.lines().nth(1).unwrap().split('\t').collect();
    assert_eq!(first[0], "218TV vs العراق اليوم");
    assert_eq!(
        error_line(&["keyness", "--group-by", "source", "--target", "X"]),
        "tahlil: error: --target X: no such group of --group-by (groups: 218TV, unnamed, العراق اليوم)"
    );
}

#[test]
fn terms_and_stats_per_group_add_up_to_the_corpus() {
    let terms = stdout(&["terms", "--group-by", "cites", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&terms).unwrap();
    let frequency = |g: usize, term: &str| -> u64 {
        json[g]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["term"] == term)
            .map_or(0, |t| t["frequency"].as_u64().unwrap())
    };
    assert_eq!(json[0]["group"], "none");
    assert_eq!(json[1]["group"], "الغارديان");
    // 91 in the corpus (see the README's terms table).
    assert_eq!(frequency(0, "داعش") + frequency(1, "داعش"), 91);
    assert_eq!(frequency(0, "القاعده") + frequency(1, "القاعده"), 61);
    let stats = stdout(&["stats", "--group-by", "cites"]);
    let value = |group: &str, measure: &str| -> u64 {
        stats
            .lines()
            .find(|l| l.starts_with(&format!("{group}\t{measure}\t")))
            .unwrap()
            .rsplit('\t')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(
        value("none", "documents") + value("الغارديان", "documents"),
        5
    );
    assert_eq!(value("none", "tokens") + value("الغارديان", "tokens"), 2245);
}

#[test]
fn similarity_and_map_by_group() {
    let m = stdout(&["similarity", "--group-by", "date_basis", "--format", "tsv"]);
    let rows: Vec<Vec<&str>> = m.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["id", "inferred", "stated"]);
    let s: f64 = rows[1][2].parse().unwrap();
    assert!(s > 0.0 && s < 1.0);
    assert_eq!(rows[2][1], rows[1][2]);
    let map = stdout(&["map", "--group-by", "cites"]);
    let groups: Vec<&str> = map.lines().map(|l| l.split('\t').nth(4).unwrap()).collect();
    assert_eq!(
        groups,
        ["group", "none", "none", "الغارديان", "none", "الغارديان"]
    );
    // The documents' metadata follows the map's own columns.
    assert!(map.starts_with("id\tx\ty\tcluster\tgroup\tdate\tdate_basis\tsource\tcites\n"));
}

#[test]
fn the_report_adds_time_sections_for_dated_documents_and_group_sections_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    tahlil()
        .args([
            "report",
            "--out",
            out.to_str().unwrap(),
            "--group-by",
            "cites",
            "--by",
            "year",
        ])
        .assert()
        .success();
    for f in [
        "trends.tsv",
        "trends.png",
        "keyness-periods.tsv",
        "keyness-periods.svg",
        "terms-groups.tsv",
        "keyness-groups.tsv",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let trends = fs::read_to_string(out.join("trends.tsv")).unwrap();
    assert!(trends
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("2017\tداعش\t56\t3\t1579\t"));
    let groups = fs::read_to_string(out.join("keyness-groups.tsv")).unwrap();
    assert_eq!(groups, stdout(&["keyness", "--group-by", "cites"]));
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<bdi>keyness</bdi> <bdi>--group-by</bdi> <bdi>cites</bdi>"));
    // Text files with no dates: no time sections.
    fs::write(
        dir.path().join("a.txt"),
        "داعش في العراق\nالقاعدة في سوريا\nداعش وليبيا",
    )
    .unwrap();
    let plain = dir.path().join("p");
    tahlil()
        .args([
            "report",
            "--lines",
            "--out",
            plain.to_str().unwrap(),
            dir.path().join("a.txt").to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(!plain.join("trends.tsv").exists());
}

#[test]
fn review_fixes_at_the_command_line() {
    assert_eq!(
        error_line(&["trends", "داعش", "news.cvs"]),
        "tahlil: error: news.cvs: no such file or directory (an argument that looks like a path is not read as a term)"
    );
    assert!(error_line(&["trends", "في"])
        .contains("the term \"في\" is only words the counted words leave out"));
    assert_eq!(
        error_line(&["keyness", "--by", "year", "--until", "2017"]),
        "tahlil: error: --by: every document is in one group (2017): keyness compares a group with others; group by another field or period"
    );
    // A `date` field that does not parse: the report leaves out its time sections.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("d.csv");
    fs::write(&csv, "date,text\n03/11/2017,داعش في العراق\n2017-11-04,القاعدة في سوريا\n2017-11-05,داعش وليبيا\n").unwrap();
    let out = dir.path().join("r");
    tahlil()
        .args([
            "report",
            "--out",
            out.to_str().unwrap(),
            csv.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(out.join("terms.tsv").exists() && !out.join("trends.tsv").exists());
}
