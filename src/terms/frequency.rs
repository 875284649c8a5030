//! Per-term frequencies and weights, and each document's heaviest terms.

use crate::vectorize::{CountMatrix, TfidfModel, Vectors};

/// One term's statistics.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TermStats {
    /// The term.
    pub term: String,
    /// How it is shown: its words as most often written (see [`crate::display`]).
    pub display: String,
    /// Occurrences in the corpus.
    pub frequency: u64,
    /// Documents holding it.
    pub df: u64,
    /// Its inverse document frequency (1 without idf weighting).
    pub idf: f64,
    /// Mean TF-IDF weight over all documents (absent counts as 0), as the
    /// column means of scikit-learn's matrix.
    pub mean_tfidf: f64,
    /// Largest TF-IDF weight in any document.
    pub max_tfidf: f64,
}

/// For each column of `model`, the column of `counts` holding the same term.
/// Both vocabularies are sorted (the model's is a pruned copy of the counts').
fn count_columns(counts: &CountMatrix, model: &TfidfModel) -> Vec<usize> {
    let mut c = 0;
    model
        .vocabulary
        .iter()
        .map(|term| {
            while counts.terms[c] != *term {
                c += 1;
            }
            c
        })
        .collect()
}

/// Statistics of every term of `model`, in vocabulary order. `counts` are the
/// counts `model` and `vectors` were fitted on (before pruning).
pub fn term_stats(counts: &CountMatrix, model: &TfidfModel, vectors: &Vectors) -> Vec<TermStats> {
    let cf = counts.corpus_frequencies();
    let columns = count_columns(counts, model);
    let v = model.vocabulary.len();
    let (mut sum, mut max) = (vec![0.0f64; v], vec![0.0f64; v]);
    for row in vectors.matrix.outer_iterator() {
        for (j, &w) in row.iter() {
            sum[j] += w;
            max[j] = max[j].max(w);
        }
    }
    let n = vectors.matrix.rows().max(1) as f64;
    (0..v)
        .map(|j| TermStats {
            term: model.vocabulary[j].to_owned(),
            display: model.display_term(j).into_owned(),
            frequency: cf[columns[j]],
            df: model.df[j],
            idf: model.idf.as_ref().map_or(1.0, |idf| idf[j]),
            mean_tfidf: sum[j] / n,
            max_tfidf: max[j],
        })
        .collect()
}

/// Statistics of the terms of a group of documents (`rows` of `counts` and
/// `vectors`): frequency, document frequency, mean and largest TF-IDF
/// within the group; idf is the whole corpus's, as the weights are. Terms
/// the group does not use are left out.
pub fn group_term_stats(
    counts: &CountMatrix,
    model: &TfidfModel,
    vectors: &Vectors,
    rows: &[usize],
) -> Vec<TermStats> {
    let (c, v) = (counts.select_rows(rows), vectors.select_rows(rows));
    let mut df = vec![0u64; model.vocabulary.len()];
    for &j in v.matrix.indices() {
        df[j as usize] += 1;
    }
    let mut stats = term_stats(&c, model, &v);
    for (s, &d) in stats.iter_mut().zip(&df) {
        s.df = d;
    }
    stats.retain(|s| s.frequency > 0);
    stats
}

/// How [`sort`] orders terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Corpus frequency, most frequent first.
    #[default]
    Frequency,
    /// Document frequency, largest first.
    Df,
    /// idf, largest (rarest) first.
    Idf,
    /// Mean TF-IDF, largest first.
    Mean,
    /// Largest TF-IDF, largest first.
    Max,
    /// The term, in code-point order.
    Term,
}

crate::names::named_enum!(SortBy, "sort order", {
    Frequency => "frequency",
    Df => "df",
    Idf => "idf",
    Mean => "mean",
    Max => "max",
    Term => "term",
});

/// Sorts `stats` by `by`; ties keep code-point order of the terms.
pub fn sort(stats: &mut [TermStats], by: SortBy) {
    stats.sort_by(|a, b| {
        let key = match by {
            SortBy::Frequency => b.frequency.cmp(&a.frequency),
            SortBy::Df => b.df.cmp(&a.df),
            SortBy::Idf => b.idf.total_cmp(&a.idf),
            SortBy::Mean => b.mean_tfidf.total_cmp(&a.mean_tfidf),
            SortBy::Max => b.max_tfidf.total_cmp(&a.max_tfidf),
            SortBy::Term => std::cmp::Ordering::Equal,
        };
        key.then_with(|| a.term.cmp(&b.term))
    });
}

/// One of a document's heaviest terms.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DocumentTerm {
    /// Row of the document.
    pub doc: usize,
    /// 1 for the heaviest.
    pub rank: usize,
    /// The term.
    pub term: String,
    /// How it is shown (see [`crate::display`]).
    pub display: String,
    /// Its TF-IDF weight in the document.
    pub tfidf: f64,
    /// Its count in the document.
    pub count: u32,
}

/// Each document's `top` heaviest terms by TF-IDF (ties to the term first in
/// code-point order), in document order.
pub fn top_per_document(
    counts: &CountMatrix,
    model: &TfidfModel,
    vectors: &Vectors,
    top: usize,
) -> Vec<DocumentTerm> {
    let columns = count_columns(counts, model);
    let mut out = Vec::new();
    for (doc, row) in vectors.matrix.outer_iterator().enumerate() {
        let mut terms: Vec<(usize, f64)> = row.iter().map(|(j, &w)| (j, w)).collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (lo, hi) = (counts.indptr[doc], counts.indptr[doc + 1]);
        let (cols, cnts) = (&counts.indices[lo..hi], &counts.counts[lo..hi]);
        for (rank, &(j, tfidf)) in terms.iter().take(top).enumerate() {
            let c = cols
                .binary_search(&(columns[j] as u32))
                .map_or(0, |p| cnts[p]);
            out.push(DocumentTerm {
                doc,
                rank: rank + 1,
                term: model.vocabulary[j].to_owned(),
                display: model.display_term(j).into_owned(),
                tfidf,
                count: c,
            });
        }
    }
    out
}
