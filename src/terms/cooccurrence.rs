//! Co-occurrence of the most frequent terms: within a window of words, or
//! within the same document.
//!
//! Counts are symmetric and a word never co-occurs with itself. Scores:
//!
//! * window: the matrix C counts each unordered pair in both cells; with
//!   T = Σ C, p(a, b) = C(a, b)/T and p(a) = Σ_b C(a, b)/T (as in word-vector
//!   PMI matrices);
//! * document: p(a, b) = (documents holding both)/D and p(a) = df(a)/D.
//!
//! `ppmi` = max(0, log₂(p(a, b)/(p(a)p(b)))); `npmi` = ln(p(a, b)/(p(a)p(b))) /
//! −ln p(a, b) (1 when p(a, b) = 1).

use crate::display::DisplayForms;
use crate::error::ParamError;
use rustc_hash::{FxHashMap, FxHashSet};

/// How co-occurrence is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Words at most this many positions apart (1: adjacent).
    Window(usize),
    /// Anywhere in the same document (once per document).
    Document,
}

/// The score attached to each pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Score {
    /// The count itself.
    #[default]
    Count,
    /// Positive PMI (log₂).
    Ppmi,
    /// Normalized PMI.
    Npmi,
}

crate::names::named_enum!(Score, "co-occurrence measure", {
    Count => "count",
    Ppmi => "ppmi",
    Npmi => "npmi",
});

/// One pair of terms.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Edge {
    /// The term first in code-point order.
    pub a: String,
    /// The other term.
    pub b: String,
    /// How `a` is shown (see [`Edge::shown`]; `a` until then).
    pub display_a: String,
    /// How `b` is shown.
    pub display_b: String,
    /// Co-occurrences (window) or documents holding both (document).
    pub count: u64,
    /// The score.
    pub score: f64,
}

impl Edge {
    /// The edge with its terms shown in their display forms.
    pub fn shown(mut self, forms: &DisplayForms) -> Self {
        self.display_a = forms.word(&self.a).to_owned();
        self.display_b = forms.word(&self.b).to_owned();
        self
    }
}

/// The `terms` × `terms` matrix of the edges' scores, symmetric, 0 where two
/// terms never meet (and on the diagonal). Edges between terms not in
/// `terms` are left out.
pub fn score_matrix(terms: &[String], edges: &[Edge]) -> ndarray::Array2<f64> {
    let index: FxHashMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let mut m = ndarray::Array2::zeros((terms.len(), terms.len()));
    for e in edges {
        if let (Some(&a), Some(&b)) = (index.get(e.a.as_str()), index.get(e.b.as_str())) {
            m[[a, b]] = e.score;
            m[[b, a]] = e.score;
        }
    }
    m
}

/// The co-occurrences among the `top` most frequent words of `documents`
/// (ties in code-point order), edges sorted by score, then count, then terms.
/// Also returns the terms kept, most frequent first.
pub fn cooccurrence<'a, D, W>(
    documents: D,
    top: usize,
    span: Span,
    score: Score,
) -> Result<(Vec<String>, Vec<Edge>), ParamError>
where
    D: IntoIterator<Item = W> + Clone,
    W: IntoIterator<Item = &'a str>,
{
    if span == Span::Window(0) {
        return Err(ParamError::CooccurrenceWindow(0));
    }
    let mut freq: FxHashMap<&'a str, u64> = FxHashMap::default();
    for doc in documents.clone() {
        for w in doc {
            *freq.entry(w).or_insert(0) += 1;
        }
    }
    let mut ranked: Vec<(&str, u64)> = freq.into_iter().collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    ranked.truncate(top);
    let mut terms: Vec<&str> = ranked.iter().map(|r| r.0).collect();
    let id: FxHashMap<&str, u32> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    let k = terms.len();
    let mut pairs: FxHashMap<(u32, u32), u64> = FxHashMap::default();
    let mut marginal = vec![0u64; k];
    let mut documents_seen = 0u64;
    for doc in documents {
        documents_seen += 1;
        let ids: Vec<Option<u32>> = doc.into_iter().map(|w| id.get(w).copied()).collect();
        match span {
            Span::Window(w) => {
                for (i, a) in ids.iter().enumerate() {
                    let Some(a) = *a else { continue };
                    for b in ids[i + 1..ids.len().min(i + 1 + w)].iter().flatten() {
                        if a != *b {
                            *pairs.entry((a.min(*b), a.max(*b))).or_insert(0) += 1;
                        }
                    }
                }
            }
            Span::Document => {
                let mut present: Vec<u32> = ids
                    .iter()
                    .flatten()
                    .copied()
                    .collect::<FxHashSet<_>>()
                    .into_iter()
                    .collect();
                present.sort_unstable();
                for &a in &present {
                    marginal[a as usize] += 1;
                }
                for (i, &a) in present.iter().enumerate() {
                    for &b in &present[i + 1..] {
                        *pairs.entry((a, b)).or_insert(0) += 1;
                    }
                }
            }
        }
    }
    let total = match span {
        Span::Window(_) => {
            for (&(a, b), &c) in &pairs {
                marginal[a as usize] += c;
                marginal[b as usize] += c;
            }
            2 * pairs.values().sum::<u64>()
        }
        Span::Document => documents_seen,
    } as f64;
    let mut edges: Vec<Edge> = pairs
        .into_iter()
        .map(|((a, b), count)| {
            let p_ab = count as f64
                * if matches!(span, Span::Window(_)) {
                    2.0
                } else {
                    1.0
                }
                / total;
            let p_a = marginal[a as usize] as f64 / total;
            let p_b = marginal[b as usize] as f64 / total;
            let pmi = (p_ab / (p_a * p_b)).ln();
            let s = match score {
                Score::Count => count as f64,
                Score::Ppmi => (pmi / std::f64::consts::LN_2).max(0.0),
                Score::Npmi if p_ab >= 1.0 => 1.0,
                Score::Npmi => pmi / -p_ab.ln(),
            };
            let (ta, tb) = (terms[a as usize], terms[b as usize]);
            let (ta, tb) = if ta <= tb { (ta, tb) } else { (tb, ta) };
            Edge {
                a: ta.to_string(),
                b: tb.to_string(),
                display_a: ta.to_string(),
                display_b: tb.to_string(),
                count,
                score: s,
            }
        })
        .collect();
    edges.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(y.count.cmp(&x.count))
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    Ok((terms.drain(..).map(String::from).collect(), edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<Vec<&'static str>> {
        // x×4, y×3, z×2, w×1.
        vec![
            vec!["x", "y", "x", "z"],
            vec!["y", "x", "w"],
            vec!["z", "y", "x"],
        ]
    }

    fn run(span: Span, score: Score) -> Vec<(String, String, u64, f64)> {
        let d = docs();
        let (_, edges) = cooccurrence(d.iter().map(|d| d.iter().copied()), 3, span, score).unwrap();
        edges
            .into_iter()
            .map(|e| (e.a, e.b, e.count, e.score))
            .collect()
    }

    #[test]
    fn score_matrix_is_symmetric_with_zeros_where_terms_never_meet() {
        let (terms, edges) = cooccurrence(
            docs().into_iter().map(|d| d.into_iter()),
            3,
            Span::Window(1),
            Score::Count,
        )
        .unwrap();
        let m = score_matrix(&terms, &edges);
        assert_eq!(m.dim(), (3, 3));
        assert_eq!(m, m.t());
        for e in &edges {
            let at = |t: &str| terms.iter().position(|x| x == t).unwrap();
            assert_eq!(m[[at(&e.a), at(&e.b)]], e.score);
        }
        assert_eq!(m.diag().sum(), 0.0);
        let pairs = edges.len() * 2;
        assert_eq!(m.iter().filter(|&&x| x != 0.0).count(), pairs);
    }

    #[test]
    fn window_counts_by_hand() {
        // Adjacent pairs among x, y, z (w is not in the top 3): doc 1: x-y, y-x, x-z;
        // doc 2: y-x; doc 3: z-y, y-x. So x-y 4, x-z 1, y-z 1.
        let got = run(Span::Window(1), Score::Count);
        let pairs: Vec<(&str, &str, u64)> = got
            .iter()
            .map(|e| (e.0.as_str(), e.1.as_str(), e.2))
            .collect();
        assert_eq!(pairs, [("x", "y", 4), ("x", "z", 1), ("y", "z", 1)]);
    }

    #[test]
    fn window_ppmi_and_npmi_by_hand() {
        // T = 2·6 = 12; marginals x 5, y 5, z 2.
        let got = run(Span::Window(1), Score::Npmi);
        let xy = got.iter().find(|e| e.0 == "x" && e.1 == "y").unwrap();
        let (p_ab, p_a, p_b): (f64, f64, f64) = (8.0 / 12.0, 5.0 / 12.0, 5.0 / 12.0);
        let want = (p_ab / (p_a * p_b)).ln() / -p_ab.ln();
        assert!((xy.3 - want).abs() < 1e-15);
        let got = run(Span::Window(1), Score::Ppmi);
        let xz = got.iter().find(|e| e.0 == "x" && e.1 == "z").unwrap();
        let pmi = ((2.0f64 / 12.0) / ((5.0 / 12.0) * (2.0 / 12.0))).log2();
        assert!((xz.3 - pmi.max(0.0)).abs() < 1e-15);
    }

    #[test]
    fn document_counts_by_hand() {
        // x, y in all 3 documents; z in 2; x-y 3, x-z 2, y-z 2.
        let got = run(Span::Document, Score::Count);
        let pairs: Vec<(&str, &str, u64)> = got
            .iter()
            .map(|e| (e.0.as_str(), e.1.as_str(), e.2))
            .collect();
        assert_eq!(pairs, [("x", "y", 3), ("x", "z", 2), ("y", "z", 2)]);
        // p(x, y) = 1: NPMI defined as 1.
        let npmi = run(Span::Document, Score::Npmi);
        assert_eq!(npmi[0].3, 1.0);
        assert!(npmi.iter().all(|e| e.3.is_finite()));
    }

    #[test]
    fn a_window_of_zero_is_an_error() {
        let docs = [vec!["داعش", "القاعده"]];
        let r = cooccurrence(
            docs.iter().map(|d| d.iter().copied()),
            3,
            Span::Window(0),
            Score::Count,
        );
        assert_eq!(r.err(), Some(ParamError::CooccurrenceWindow(0)));
    }
}
