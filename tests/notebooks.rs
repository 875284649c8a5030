//! The notebooks' code, run as tests: `build.rs` writes each `notebooks/*.ipynb`'s code
//! cells, in order, into one test function, so `cargo test` fails when a notebook no
//! longer compiles against the library or one of its closing checks no longer holds.
//! `notebooks/run.sh` executes the notebooks themselves under Jupyter (the Python
//! notebook only there: its code is the Python package's, tested by `python/tests`).

include!(concat!(env!("OUT_DIR"), "/notebooks.rs"));

#[test]
fn every_notebook_is_tested() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.ends_with(".ipynb").then_some(name)
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "01-normalize-and-vectorize.ipynb",
            "02-similarity-and-clusters.ipynb",
            "03-terms-and-topics.ipynb",
            "04-python.ipynb"
        ]
    );
    // Every Rust notebook has its test; the Python one (04) none.
    assert_eq!(NOTEBOOKS.len(), found.len() - 1);
}
