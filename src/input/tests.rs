use super::*;
use crate::time::Date;
use std::io::Write;

fn docs(inputs: &[&Path], options: InputOptions) -> Result<Vec<Document>> {
    Corpus::open(inputs, options)?.documents().collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

#[test]
fn no_input_means_the_seeds() {
    let d = docs(&[], InputOptions::default()).unwrap();
    let ids: Vec<_> = d.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        crate::seeds::SEEDS.iter().map(|s| s.0).collect::<Vec<_>>()
    );
}

#[test]
fn directory_is_every_txt_below_it_sorted() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "b.txt", "باء".as_bytes());
    write(t.path(), "a/z.txt", "زاي".as_bytes());
    write(t.path(), "a.md", b"ignored");
    let d = docs(&[t.path()], InputOptions::default()).unwrap();
    let got: Vec<_> = d.iter().map(|d| (d.id.as_str(), d.text.as_str())).collect();
    assert_eq!(got, [("a/z", "زاي"), ("b", "باء")]);
}

#[test]
fn lines_mode_skips_blank_lines_and_numbers_from_one() {
    let t = tempfile::tempdir().unwrap();
    let f = write(t.path(), "c.txt", "الأول\r\n\n  \nالثاني\n".as_bytes());
    let opts = InputOptions {
        lines: true,
        ..Default::default()
    };
    let d = docs(&[&f], opts).unwrap();
    let got: Vec<_> = d.iter().map(|d| (d.id.as_str(), d.text.as_str())).collect();
    assert_eq!(got, [("c:1", "الأول"), ("c:4", "الثاني")]);
}

#[test]
fn jsonl_text_and_id_fields() {
    let t = tempfile::tempdir().unwrap();
    let f = write(
        t.path(),
        "d.jsonl",
        "{\"id\": \"x\", \"text\": \"نص\"}\n\n{\"text\": \"آخر\", \"id\": 7}\n{\"text\": \"ثالث\"}\n".as_bytes(),
    );
    let d = docs(&[&f], InputOptions::default()).unwrap();
    let got: Vec<_> = d.iter().map(|d| (d.id.as_str(), d.text.as_str())).collect();
    assert_eq!(got, [("x", "نص"), ("7", "آخر"), ("d:4", "ثالث")]);
}

#[test]
fn jsonl_error_names_file_and_line() {
    let t = tempfile::tempdir().unwrap();
    let f = write(
        t.path(),
        "e.jsonl",
        b"{\"text\": \"a\"}\n{\"txt\": \"b\"}\n",
    );
    let err = docs(&[&f], InputOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("e.jsonl:2: "), "{err}");
    assert!(err.contains("text"), "{err}");
}

#[test]
fn csv_and_tsv_columns() {
    let t = tempfile::tempdir().unwrap();
    let f = write(
        t.path(),
        "f.csv",
        "\u{FEFF}key,body\nk1,\"نص، مع فاصلة\"\nk2,ثان\n".as_bytes(),
    );
    let opts = InputOptions {
        text_column: Some("body".into()),
        id_column: Some("key".into()),
        ..Default::default()
    };
    let d = docs(&[&f], opts).unwrap();
    let got: Vec<_> = d.iter().map(|d| (d.id.as_str(), d.text.as_str())).collect();
    assert_eq!(got, [("k1", "نص، مع فاصلة"), ("k2", "ثان")]);

    let g = write(t.path(), "g.tsv", "text\tother\nأ\t1\nب\t2\n".as_bytes());
    let d = docs(&[&g], InputOptions::default()).unwrap();
    let got: Vec<_> = d.iter().map(|d| (d.id.as_str(), d.text.as_str())).collect();
    assert_eq!(got, [("g:1", "أ"), ("g:2", "ب")]);
}

#[test]
fn csv_missing_column_lists_the_columns() {
    let t = tempfile::tempdir().unwrap();
    let f = write(t.path(), "h.csv", b"a,b\n1,2\n");
    let err = docs(&[&f], InputOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("h.csv:1: no column \"text\""), "{err}");
    assert!(
        err.contains("pass `text_column` with one of: a, b"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_file_line_and_byte() {
    let t = tempfile::tempdir().unwrap();
    let f = write(t.path(), "bad.txt", b"ok\nal\xffx\n");
    let err = docs(&[&f], InputOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.txt: invalid UTF-8 at byte 5 (line 2)"),
        "{err}"
    );
    let opts = InputOptions {
        lines: true,
        ..Default::default()
    };
    let err = docs(&[&f], opts).unwrap_err().to_string();
    assert!(
        err.contains("bad.txt: invalid UTF-8 at byte 5 (line 2)"),
        "{err}"
    );
    let lossy = InputOptions {
        lossy: true,
        ..Default::default()
    };
    assert_eq!(docs(&[&f], lossy).unwrap()[0].text, "ok\nal\u{FFFD}x\n");
}

#[test]
fn missing_path_and_empty_directory_are_errors() {
    let t = tempfile::tempdir().unwrap();
    let missing = t.path().join("nope.txt");
    let err = Corpus::open(&[&missing], InputOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("nope.txt"), "{err}");
    let err = Corpus::open(&[t.path()], InputOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("holds no *.txt file"), "{err}");
}

/// Lines longer than the reader's buffer are gathered across refills; the
/// last line may lack its newline; offsets count the bytes of every line.
#[test]
fn lines_spanning_buffer_refills_keep_numbers_and_offsets() {
    let text = "\u{FEFF}داعش في سوريا\r\n\nتنظيم\nal\u{FFFD}"
        .as_bytes()
        .to_vec();
    let mut bad = text.clone();
    let at = bad.len() - 3; // the replacement character's first byte
    bad[at] = 0xFF;
    let read = |bytes: Vec<u8>, cap: usize| {
        let reader = std::io::BufReader::with_capacity(cap, std::io::Cursor::new(bytes));
        let mut lines = formats::Lines::new(Box::new(reader), "t.txt".into());
        std::iter::from_fn(|| lines.next_line(false)).collect::<Vec<_>>()
    };
    for cap in [1, 3, 7, 1 << 20] {
        let got: Vec<(u64, String)> = read(text.clone(), cap)
            .into_iter()
            .map(|l| l.unwrap())
            .collect();
        let want = [
            (1, "داعش في سوريا"),
            (2, ""),
            (3, "تنظيم"),
            (4, "al\u{FFFD}"),
        ];
        let want: Vec<(u64, String)> = want.iter().map(|&(n, s)| (n, s.to_owned())).collect();
        assert_eq!(got, want, "buffer of {cap} bytes");
        let err = read(bad.clone(), cap)
            .pop()
            .unwrap()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("t.txt: invalid UTF-8 at byte {at} (line 4)")),
            "buffer of {cap} bytes: {err}"
        );
    }
}

fn fields(d: &Document) -> Vec<(String, String)> {
    d.meta
        .fields()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|&(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn csv_and_jsonl_keep_every_other_field_as_metadata() {
    let t = tempfile::tempdir().unwrap();
    let csv = write(
        t.path(),
        "news.csv",
        "id,source,text,date\na,الغارديان,داعش,2017-04-22\nb,218TV,القاعدة,2018-01\n".as_bytes(),
    );
    let d = docs(&[&csv], InputOptions::default()).unwrap();
    assert_eq!(
        fields(&d[0]),
        pairs(&[("source", "الغارديان"), ("date", "2017-04-22")])
    );
    assert_eq!(d[1].meta.origin.to_string(), format!("{}:3", csv.display()));
    let jsonl = write(
        t.path(),
        "news.jsonl",
        "{\"text\": \"داعش\", \"id\": 7, \"source\": \"218TV\", \"views\": 12, \"tags\": null}\n"
            .as_bytes(),
    );
    let d = docs(&[&jsonl], InputOptions::default()).unwrap();
    assert_eq!(d[0].id, "7");
    let mut got = fields(&d[0]);
    got.sort();
    assert_eq!(
        got,
        pairs(&[("source", "218TV"), ("tags", ""), ("views", "12")])
    );
}

#[test]
fn a_side_file_gives_text_files_their_metadata() {
    let t = tempfile::tempdir().unwrap();
    let a = write(t.path(), "a.txt", "داعش\nالقاعدة\n".as_bytes());
    let meta = write(
        t.path(),
        "meta.tsv",
        "id\tsource\na\tالغارديان\n".as_bytes(),
    );
    let options = |lines| InputOptions {
        lines,
        metadata: Some(meta.clone()),
        ..InputOptions::default()
    };
    let d = docs(&[&a], options(false)).unwrap();
    assert_eq!(fields(&d[0]), pairs(&[("source", "الغارديان")]));
    // A line of a file takes its file's row.
    let d = docs(&[&a], options(true)).unwrap();
    assert_eq!(d[1].id, "a:2");
    assert_eq!(d[1].meta.get("source"), Some("الغارديان"));
    // A document with no row is an error naming it and the side file.
    let b = write(t.path(), "b.txt", "ليبيا".as_bytes());
    let e = docs(&[&a, &b], options(false)).unwrap_err().to_string();
    assert!(
        e.contains("meta.tsv:0: no row for the document \"b\""),
        "{e}"
    );
    let twice = write(t.path(), "twice.csv", b"id,x\na,1\na,2\n");
    let e = MetadataFile::read(&twice).unwrap_err().to_string();
    assert!(
        e.ends_with("twice.csv:3: the id \"a\" has a row already: give each document one row"),
        "{e}"
    );
}

fn dated(select: Selection) -> InputOptions {
    InputOptions {
        date_column: Some("date".into()),
        select,
        ..InputOptions::default()
    }
}

#[test]
fn the_seeds_are_dated_and_selected_by_field_and_date() {
    let ids = |options| -> Vec<String> {
        docs(&[], options)
            .unwrap()
            .into_iter()
            .map(|d| d.id[..3].to_owned())
            .collect()
    };
    let date = |s: &str| Some(s.parse::<Date>().unwrap());
    assert_eq!(
        ids(dated(Selection {
            since: date("2017-04-23"),
            ..Selection::default()
        })),
        ["000", "002", "004"]
    );
    // `until` a month keeps the whole month.
    assert_eq!(
        ids(dated(Selection {
            until: date("2017-04"),
            ..Selection::default()
        })),
        ["001", "003", "004"]
    );
    assert_eq!(
        ids(dated(Selection {
            r#where: vec![("cites".into(), "الغارديان".into())],
            until: date("2017"),
            ..Selection::default()
        })),
        ["004"]
    );
}

#[test]
fn selection_errors_say_what_is_missing() {
    let err = |options| docs(&[], options).unwrap_err().to_string();
    let e = err(dated(Selection {
        r#where: vec![("source".into(), "X".into())],
        ..Selection::default()
    }));
    assert_eq!(
        e,
        "the corpus is empty: no documents match `where` source=X (of 5 read)"
    );
    let e = err(dated(Selection {
        r#where: vec![("paper".into(), "X".into())],
        ..Selection::default()
    }));
    assert_eq!(
        e,
        "seeds/000_8f3d4c0966bd4c89.txt:1: `where` paper=X: the document \"000_8f3d4c0966bd4c89\" has no field \"paper\" (its fields: date, date_basis, source, cites)"
    );
    let e = err(InputOptions {
        date_column: Some("when".into()),
        ..InputOptions::default()
    });
    assert!(e.contains("`date_column` when: the document \"000_8f3d4c0966bd4c89\" has no field \"when\" (its fields: date, date_basis, source, cites)"), "{e}");
    let e = Corpus::open::<&Path>(
        &[],
        InputOptions {
            select: Selection {
                since: Some("2017".parse().unwrap()),
                ..Selection::default()
            },
            ..InputOptions::default()
        },
    )
    .unwrap_err();
    assert!(e
        .to_string()
        .contains("name the field that holds them with `date_column`"));
}

#[test]
fn a_bad_date_names_file_line_and_value_or_is_skipped_and_counted() {
    let t = tempfile::tempdir().unwrap();
    let csv = write(
        t.path(),
        "d.csv",
        "text,date\nداعش,2017-04-22\nالقاعدة,22/04/2017\nليبيا,2017-13\nسوريا,2018\n".as_bytes(),
    );
    let e = docs(&[&csv], dated(Selection::default()))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        format!(
            "{}:3: the date of \"d:2\" in \"date\": \"22/04/2017\" is not an ISO 8601 date (2017-11-03, 2017-11-03T08:15:00Z, 2017-11 or 2017); correct it, or pass `skip_bad_dates` to leave such documents out",
            csv.display()
        )
    );
    let corpus = Corpus::open(
        &[&csv],
        InputOptions {
            skip_bad_dates: true,
            ..dated(Selection::default())
        },
    )
    .unwrap();
    let d: Vec<Document> = corpus.documents().collect::<Result<_>>().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(corpus.skipped_dates(), 2);
    assert_eq!(d[1].meta.date.unwrap().to_string(), "2018");
}

#[test]
fn review_fixes_coarse_dates_skipped_dates_user_ids_and_missing_groups() {
    let t = tempfile::tempdir().unwrap();
    // A document dated 2017 lies within `since` 2017 but not within `since` 2017-07.
    let csv = write(
        t.path(),
        "c.csv",
        "id,date,text\ny,2017,داعش\nd,2017-08-01,القاعدة\n".as_bytes(),
    );
    let since = |s: &str| {
        docs(
            &[&csv],
            dated(Selection {
                since: Some(s.parse().unwrap()),
                ..Selection::default()
            }),
        )
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect::<Vec<_>>()
    };
    assert_eq!(since("2017"), ["y", "d"]);
    assert_eq!(since("2017-07"), ["d"]);
    // Every date bad and skipped: the message says so.
    let bad = write(t.path(), "b.csv", "date,text\n22/04/2017,داعش\n".as_bytes());
    let e = docs(
        &[&bad],
        InputOptions {
            skip_bad_dates: true,
            ..dated(Selection::default())
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("`skip_bad_dates` left out all 1 documents: no date parses (the first, at"),
        "{e}"
    );
    // A user's id with a colon does not fall back to another row.
    let jsonl = write(
        t.path(),
        "n.jsonl",
        "{\"id\": \"afp:2017\", \"text\": \"داعش\"}\n".as_bytes(),
    );
    let meta = write(t.path(), "m.csv", b"id,paper\nafp,x\n");
    let e = docs(
        &[&jsonl],
        InputOptions {
            metadata: Some(meta),
            ..InputOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("no row for the document \"afp:2017\""), "{e}");
    // Grouping by a field some documents lack is an error naming the first.
    let mixed = write(
        t.path(),
        "g.jsonl",
        "{\"text\": \"داعش\", \"source\": \"x\"}\n{\"text\": \"القاعدة\"}\n".as_bytes(),
    );
    let mut table = MetaTable::default();
    for d in docs(&[&mixed], InputOptions::default()).unwrap() {
        table.push(&d.meta);
    }
    let e = table
        .groups(&GroupBy::Field("source".into()))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "`group_by` source: the document in row 1 has no field \"source\"; give every document a value"
    );
}
