//! linfa-preprocessing's `TfIdfVectorizer` on `tahlil tokens` output (one document per
//! line, words already normalized and filtered), for timing beside `tahlil vectorize`.
//!
//!     linfa_tfidf TOKENS_FILE NGRAM_MAX
//!
//! linfa has no fit_transform: `fit` learns the vocabulary, `transform` weighs the same
//! documents (as its examples do). Its own lowercasing and NFKD are off: the text is
//! normalized already. Prints documents, terms and non-zeros; the caller times the process.

use linfa_preprocessing::tf_idf_vectorization::TfIdfVectorizer;
use ndarray::Array1;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: linfa_tfidf TOKENS_FILE NGRAM_MAX");
        std::process::exit(2);
    }
    let max_n: usize = args[2].parse().expect("NGRAM_MAX is a number");
    let text = std::fs::read_to_string(&args[1]).unwrap_or_else(|e| {
        eprintln!("linfa_tfidf: {}: {e}", args[1]);
        std::process::exit(1)
    });
    let docs: Array1<String> = text.lines().map(str::to_owned).collect();
    drop(text);
    let fitted = TfIdfVectorizer::default()
        .convert_to_lowercase(false)
        .normalize(false)
        .n_gram_range(1, max_n)
        .fit(&docs)
        .expect("linfa fit");
    let x = fitted.transform(&docs).expect("linfa transform");
    println!(
        "{} documents, {} terms, {} non-zeros",
        x.rows(),
        fitted.nentries(),
        x.nnz()
    );
}
