//! Document similarity: full matrices and nearest neighbours.
//!
//! Every metric is computed from sparse row × column products, row by row in
//! parallel: for row i, walk its terms and, through a column index of the
//! matrix, every other document sharing each term. Each row's sums are taken
//! in the same order whatever the thread count, so results are identical for
//! any number of threads.
//!
//! * `cosine`: a·b / (|a| |b|), as scikit-learn's `cosine_similarity` (an
//!   all-zero row has similarity 0 to everything);
//! * `jaccard`, `dice`: on the sets of terms present, |A∩B| / |A∪B| and
//!   2|A∩B| / (|A| + |B|) (two empty sets: 1, as SciPy's distance 0);
//! * `euclidean`, `manhattan`: distances (smaller is nearer), from
//!   |a|² + |b|² − 2 a·b and |a|₁ + |b|₁ − 2 Σ min(a_j, b_j) (weights are
//!   non-negative), clamped at 0, with 0 on the diagonal.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//! use tahlil::pipeline::PipelineOptions;
//! use tahlil::similarity::{pairwise, Metric};
//! use tahlil::vectorize::{TfidfVectorizer, VectorizerOptions};
//!
//! let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
//! let (_, out) = v.fit_transform(Corpus::seeds(InputOptions::default()).documents(), 2).unwrap();
//! let s = pairwise(&out.matrix, Metric::Cosine);
//! assert!((s[[0, 0]] - 1.0).abs() < 1e-12);
//! assert!(s[[0, 1]] > 0.0 && s[[0, 1]] < 1.0);
//! assert_eq!(s[[0, 1]], s[[1, 0]]);
//! ```

use ndarray::Array2;
use rayon::prelude::*;

use crate::vectorize::TfidfMatrix;

/// How two documents are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    /// Cosine similarity of the weighted vectors.
    #[default]
    Cosine,
    /// Jaccard similarity of the term sets.
    Jaccard,
    /// Dice similarity of the term sets.
    Dice,
    /// Euclidean distance.
    Euclidean,
    /// Manhattan (L1) distance.
    Manhattan,
}

impl Metric {
    /// Whether larger values mean more alike (similarities) or less (distances).
    pub fn is_similarity(self) -> bool {
        matches!(self, Metric::Cosine | Metric::Jaccard | Metric::Dice)
    }
}

crate::names::named_enum!(Metric, "metric", {
    Cosine => "cosine",
    Jaccard => "jaccard",
    Dice => "dice",
    Euclidean => "euclidean",
    Manhattan => "manhattan",
});

/// What one row needs: the matrix, its column index and per-row summaries.
struct Prepared<'a> {
    m: &'a TfidfMatrix,
    /// Column-major copy: for each term, the documents holding it.
    csc: TfidfMatrix,
    /// Per row: |a| (cosine, euclidean: squared), |a|₁ (manhattan) or nnz (sets).
    size: Vec<f64>,
    metric: Metric,
}

impl<'a> Prepared<'a> {
    fn new(m: &'a TfidfMatrix, metric: Metric) -> Self {
        let size = m
            .outer_iterator()
            .map(|row| match metric {
                Metric::Cosine => row.data().iter().map(|x| x * x).sum::<f64>().sqrt(),
                Metric::Euclidean => row.data().iter().map(|x| x * x).sum::<f64>(),
                Metric::Manhattan => row.data().iter().map(|x| x.abs()).sum::<f64>(),
                Metric::Jaccard | Metric::Dice => row.nnz() as f64,
            })
            .collect();
        Prepared {
            m,
            csc: m.to_csc(),
            size,
            metric,
        }
    }

    /// Adds row `i`'s raw sums against every document into `s.acc` (zeroed)
    /// and lists the documents touched in `s.touched`.
    fn accumulate(&self, i: usize, s: &mut RowScratch) {
        let (indptr, indices, data) = (self.m.indptr(), self.m.indices(), self.m.data());
        let indptr = indptr.raw_storage();
        let cptr = self.csc.indptr();
        let (cptr, cidx, cval) = (cptr.raw_storage(), self.csc.indices(), self.csc.data());
        let acc = s.acc.as_mut_slice();
        // The innermost loops are the whole cost (one pass per posting of
        // every term of the row): one plain loop per metric, no branch inside.
        for p in indptr[i]..indptr[i + 1] {
            let (j, v) = (indices[p] as usize, data[p]);
            let postings = cptr[j]..cptr[j + 1];
            let (docs, weights) = (&cidx[postings.clone()], &cval[postings]);
            match self.metric {
                Metric::Cosine | Metric::Euclidean => {
                    for (&k, &w) in docs.iter().zip(weights) {
                        acc[k as usize] += v * w;
                    }
                }
                Metric::Manhattan => {
                    for (&k, &w) in docs.iter().zip(weights) {
                        acc[k as usize] += v.min(w);
                    }
                }
                Metric::Jaccard | Metric::Dice => {
                    for &k in docs {
                        acc[k as usize] += 1.0;
                    }
                }
            }
        }
        // Weights are positive, so a document sharing a term has a non-zero
        // sum (a product that underflows to 0 scores as if untouched, which is
        // its value anyway).
        s.touched.clear();
        s.touched.extend((0..acc.len()).filter(|&k| acc[k] != 0.0));
    }

    /// The metric's value for row `i` and document `k`, given their raw sum.
    fn finish(&self, i: usize, k: usize, sum: f64) -> f64 {
        let (a, b) = (self.size[i], self.size[k]);
        match self.metric {
            Metric::Cosine => {
                if a == 0.0 || b == 0.0 {
                    0.0
                } else {
                    sum / a / b
                }
            }
            Metric::Jaccard => {
                let union = a + b - sum;
                if union == 0.0 {
                    1.0
                } else {
                    sum / union
                }
            }
            Metric::Dice => {
                if a + b == 0.0 {
                    1.0
                } else {
                    2.0 * sum / (a + b)
                }
            }
            Metric::Euclidean => {
                if i == k {
                    0.0
                } else {
                    (a + b - 2.0 * sum).max(0.0).sqrt()
                }
            }
            Metric::Manhattan => {
                if i == k {
                    0.0
                } else {
                    (a + b - 2.0 * sum).max(0.0)
                }
            }
        }
    }
}

/// One thread's buffers for one row at a time.
struct RowScratch {
    acc: Vec<f64>,
    touched: Vec<usize>,
    cands: Vec<(f64, usize)>,
}

impl RowScratch {
    fn new(n: usize) -> Self {
        RowScratch {
            acc: vec![0.0; n],
            touched: Vec::new(),
            cands: Vec::new(),
        }
    }

    /// Zeroes the sums of the documents touched by the last row.
    fn reset(&mut self) {
        for &k in &self.touched {
            self.acc[k] = 0.0;
        }
    }
}

/// The full n × n matrix of `metric` between the rows of `m`.
pub fn pairwise(m: &TfidfMatrix, metric: Metric) -> Array2<f64> {
    let n = m.rows();
    let p = Prepared::new(m, metric);
    let rows: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .map_init(
            || RowScratch::new(n),
            |s, i| {
                p.accumulate(i, s);
                let row: Vec<f64> = (0..n).map(|k| p.finish(i, k, s.acc[k])).collect();
                s.reset();
                row
            },
        )
        .collect();
    let mut out = Array2::zeros((n, n));
    for (i, row) in rows.into_iter().enumerate() {
        for (k, x) in row.into_iter().enumerate() {
            out[[i, k]] = x;
        }
    }
    out
}

/// One neighbour of a document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Row of the document.
    pub doc: usize,
    /// Row of the neighbour.
    pub neighbour: usize,
    /// The metric's value.
    pub score: f64,
}

/// The `k` nearest neighbours of every document (itself excluded): largest
/// similarities or smallest distances, ties to the lower row. With
/// `min_score`, weaker pairs are dropped (similarities below it, distances
/// above it). Memory is O(n·k) besides one dense row per thread.
pub fn top_k(m: &TfidfMatrix, metric: Metric, k: usize, min_score: Option<f64>) -> Vec<Neighbour> {
    let n = m.rows();
    let p = Prepared::new(m, metric);
    let better = |a: &(f64, usize), b: &(f64, usize)| {
        let by_score = if metric.is_similarity() {
            b.0.total_cmp(&a.0)
        } else {
            a.0.total_cmp(&b.0)
        };
        by_score.then(a.1.cmp(&b.1))
    };
    let per_row: Vec<Vec<Neighbour>> = (0..n)
        .into_par_iter()
        .map_init(
            || RowScratch::new(n),
            |s, i| {
                p.accumulate(i, s);
                let mut cands = std::mem::take(&mut s.cands);
                let (acc, touched) = (&s.acc, &s.touched);
                cands.clear();
                let others_touched = touched.iter().filter(|&&d| d != i).count();
                if metric.is_similarity() && others_touched >= k {
                    // Documents sharing a term with this one score above 0, the
                    // others exactly 0: the k best are among the touched ones.
                    cands.extend(
                        touched
                            .iter()
                            .filter(|&&d| d != i)
                            .map(|&d| (p.finish(i, d, acc[d]), d)),
                    );
                } else {
                    cands.extend(
                        (0..n)
                            .filter(|&d| d != i)
                            .map(|d| (p.finish(i, d, acc[d]), d)),
                    );
                }
                s.reset();
                if let Some(min) = min_score {
                    cands.retain(|c| {
                        if metric.is_similarity() {
                            c.0 >= min
                        } else {
                            c.0 <= min
                        }
                    });
                }
                let keep = k.min(cands.len());
                if keep > 0 && keep < cands.len() {
                    cands.select_nth_unstable_by(keep - 1, better);
                    cands.truncate(keep);
                }
                cands.sort_by(better);
                let found = cands
                    .iter()
                    .map(|&(score, d)| Neighbour {
                        doc: i,
                        neighbour: d,
                        score,
                    })
                    .collect();
                s.cands = cands;
                found
            },
        )
        .collect();
    per_row.into_iter().flatten().collect()
}
