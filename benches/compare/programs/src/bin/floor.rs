//! The floor: the least work any vectorizer does. Reads the corpus, splits every line
//! on whitespace and counts the words in one hash map, on one thread; no normalization,
//! no per-document rows, nothing written.
//!
//!     floor CORPUS
//!
//! Prints lines, words and distinct words; the caller times the process.

use rustc_hash::FxHashMap;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: floor CORPUS");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("floor: {path}: {e}");
        std::process::exit(1)
    });
    // The same check every real reader makes: the corpus is UTF-8.
    let text = std::str::from_utf8(&bytes).unwrap_or_else(|e| {
        eprintln!("floor: {path}: {e}");
        std::process::exit(1)
    });
    let mut counts: FxHashMap<&str, u64> = FxHashMap::default();
    let (mut lines, mut words) = (0u64, 0u64);
    for line in text.lines() {
        lines += 1;
        for w in line.split_ascii_whitespace() {
            *counts.entry(w).or_insert(0) += 1;
            words += 1;
        }
    }
    println!("{lines} lines, {words} words, {} distinct", counts.len());
}
