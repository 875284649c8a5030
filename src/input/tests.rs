use super::*;
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
