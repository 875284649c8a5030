//! Helpers shared by the tests that run the `tahlil` program.
// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The program under test.
pub fn tahlil() -> Command {
    Command::cargo_bin("tahlil").unwrap()
}

/// Runs a failing command; returns its single stderr line.
pub fn error_line(args: &[&str]) -> String {
    let out = tahlil().args(args).assert().failure().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("tahlil: error: "), "{err}");
    err
}

/// Every file below `dir` as (path relative to `dir`, bytes), sorted by path.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((name, fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Both directories hold the same files, byte for byte (names the first that differs).
pub fn assert_same_files(a: &Path, b: &Path) {
    assert_same(
        &files(a),
        &files(b),
        &format!("{} and {}", a.display(), b.display()),
    );
}

/// The same file names and bytes in both lists; `what` says where they come from.
pub fn assert_same(fa: &[(String, Vec<u8>)], fb: &[(String, Vec<u8>)], what: &str) {
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(fa), names(fb), "{what}: different files");
    for ((name, x), (_, y)) in fa.iter().zip(fb) {
        assert!(x == y, "{name} differs between {what}");
    }
}
