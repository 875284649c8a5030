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

use crate::error::ParamError;
use crate::params::Valid;
use crate::vectorize::TfidfMatrix;

/// The centroid of each group of rows of `m`: the mean of its rows (group
/// `g` holds the rows `r` with `of[r] == g`; `n_groups` groups). Comparing
/// centroids compares groups of documents (sources, periods) as wholes.
pub fn centroids(m: &TfidfMatrix, of: &[usize], n_groups: usize) -> TfidfMatrix {
    let mut sums: Vec<std::collections::BTreeMap<usize, f64>> = vec![Default::default(); n_groups];
    let mut sizes = vec![0usize; n_groups];
    // Rows are added in order, so each sum is the same whatever else runs.
    for (r, row) in m.outer_iterator().enumerate() {
        sizes[of[r]] += 1;
        for (j, &w) in row.iter() {
            *sums[of[r]].entry(j).or_insert(0.0) += w;
        }
    }
    let (mut indptr, mut indices, mut data) = (vec![0], Vec::new(), Vec::new());
    for (sum, &n) in sums.iter().zip(&sizes) {
        for (&j, &w) in sum {
            indices.push(j as u32);
            data.push(w / n.max(1) as f64);
        }
        indptr.push(indices.len());
    }
    TfidfMatrix::try_new((n_groups, m.cols()), indptr, indices, data)
        .unwrap_or_else(|(.., e)| panic!("sorted columns by construction: {e}"))
}

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

    /// A value of this metric as a distance: [`distance_of`] a similarity,
    /// a distance itself (never below 0).
    pub fn as_distance(self, value: f64) -> f64 {
        if self.is_similarity() {
            distance_of(value)
        } else {
            value.max(0.0)
        }
    }
}

/// The distance a similarity stands for, `1 − s`, kept in `[0, 2]`: rounding
/// can take two unit vectors' cosine a hair past 1 (or −1).
pub fn distance_of(similarity: f64) -> f64 {
    (1.0 - similarity).clamp(0.0, 2.0)
}

/// The n × n matrix of `metric` between the rows of `m`, as distances
/// ([`Metric::as_distance`]), 0 on the diagonal.
pub fn pairwise_distances(m: &TfidfMatrix, metric: Metric) -> Array2<f64> {
    let mut d = pairwise(m, metric).mapv(|v| metric.as_distance(v));
    d.diag_mut().fill(0.0);
    d
}

/// The pairs `i < j` of an n × n matrix of `metric` values, as distances,
/// in SciPy's condensed order (row by row above the diagonal).
pub fn condensed_distances(m: &Array2<f64>, metric: Metric) -> Vec<f64> {
    let n = m.nrows();
    let mut condensed = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            condensed.push(metric.as_distance(m[[i, j]]));
        }
    }
    condensed
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
    /// Cosine: 1 / |a| (0 for an all-zero row), so a score is two products,
    /// not two divisions (a tenth of the top-k time).
    inv: Vec<f64>,
    /// For each stored entry (row i, term t): the position of document i in
    /// term t's posting list, so `top_k` enters the list just past i
    /// without a binary search (which missed the cache on every step).
    rank: Vec<u32>,
    /// With ranks: for term t, where each segment of [`SEGMENT`] documents
    /// begins in its postings (`segments + 1` positions per term).
    seg_start: Vec<usize>,
    segments: usize,
    /// With ranks, for products (cosine, euclidean): the terms held by at
    /// least [`DENSE_SHARE`] of the documents, as dense rows of `n` weights
    /// (0 where absent), one after another; `dense_of[t]` is term t's row
    /// ([`SPARSE`] for the others). See [`Prepared::add_after`].
    dense: Vec<f64>,
    dense_of: Vec<u32>,
    metric: Metric,
}

/// A term kept as postings only.
const SPARSE: u32 = u32::MAX;

/// The share of documents from which a term's weights are added to a row's
/// sums as one dense row rather than posting by posting: a scattered posting
/// costs a few cycles, an element of a vectorized `sums += v · row` a
/// fraction of one, so dense wins well before half the documents hold the
/// term. Real text has a few such terms (in the hadith corpus the words of
/// the chains of narrators: حدثنا, عن, قال...), and they are most of the
/// postings visited, as visits grow with the square of a term's documents.
/// Measured on 100 MB of it (`tahlil similarity --top-k 10`, 59,753
/// documents): 8.9 s with no dense terms; 9.4, 7.0, 6.3 and 6.5 s with
/// shares of 1/20, 1/8, 1/4 and 2/5.
const DENSE_SHARE: f64 = 0.25;

/// `acc[k] += v · w[k]`: a multiplication, then an addition, each rounded
/// (never fused, which would change the sums' last bits), four to a vector
/// instruction where the processor has AVX2.
fn axpy(acc: &mut [f64], v: f64, w: &[f64]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2 (checked just above).
            unsafe { axpy_avx2(acc, v, w) };
            return;
        }
    }
    for (a, &x) in acc.iter_mut().zip(w) {
        *a += v * x;
    }
}

/// [`axpy`] compiled for AVX2 (without FMA: the same roundings as plain code).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn axpy_avx2(acc: &mut [f64], v: f64, w: &[f64]) {
    for (a, &x) in acc.iter_mut().zip(w) {
        *a += v * x;
    }
}

/// At most this many bytes of dense rows.
const DENSE_BYTES: usize = 256 << 20;

/// Documents per segment of `top_k`'s sums: 32,768 sums (256 KB) stay in a
/// core's L2 cache, where the scattered additions are several times cheaper
/// than in L3 (100,000 documents need 800 KB).
const SEGMENT: usize = 1 << 15;

impl<'a> Prepared<'a> {
    fn new(m: &'a TfidfMatrix, metric: Metric) -> Self {
        let size: Vec<f64> = m
            .outer_iterator()
            .map(|row| match metric {
                Metric::Cosine => row.data().iter().map(|x| x * x).sum::<f64>().sqrt(),
                Metric::Euclidean => row.data().iter().map(|x| x * x).sum::<f64>(),
                Metric::Manhattan => row.data().iter().map(|x| x.abs()).sum::<f64>(),
                Metric::Jaccard | Metric::Dice => row.nnz() as f64,
            })
            .collect();
        let inv = size
            .iter()
            .map(|&a| if a > 0.0 { 1.0 / a } else { 0.0 })
            .collect();
        Prepared {
            m,
            csc: m.to_csc(),
            size,
            inv,
            rank: Vec::new(),
            seg_start: Vec::new(),
            segments: 0,
            dense: Vec::new(),
            dense_of: Vec::new(),
            metric,
        }
    }

    /// Fills [`Prepared::rank`]: rows are visited in order, so each term's
    /// counter is the row's position in that term's (row-sorted) postings.
    fn with_ranks(mut self) -> Self {
        let mut seen = vec![0u32; self.m.cols()];
        self.rank = self
            .m
            .indices()
            .iter()
            .map(|&t| {
                let r = seen[t as usize];
                seen[t as usize] += 1;
                r
            })
            .collect();
        let n = self.m.rows();
        self.segments = n.div_ceil(SEGMENT).max(1);
        let cptr = self.csc.indptr();
        let cptr = cptr.raw_storage();
        let cidx = self.csc.indices();
        self.seg_start = (0..self.m.cols())
            .flat_map(|t| {
                let postings = &cidx[cptr[t]..cptr[t + 1]];
                (0..=self.segments).map(move |s| {
                    cptr[t] + postings.partition_point(|&d| (d as usize) < s * SEGMENT)
                })
            })
            .collect();
        if matches!(self.metric, Metric::Cosine | Metric::Euclidean) && n > 0 {
            let mut by_df: Vec<usize> = (0..self.m.cols())
                .filter(|&t| (cptr[t + 1] - cptr[t]) as f64 >= DENSE_SHARE * n as f64)
                .collect();
            // The most frequent first, as many as the memory allows.
            by_df.sort_by_key(|&t| (std::cmp::Reverse(cptr[t + 1] - cptr[t]), t));
            by_df.truncate(DENSE_BYTES / (8 * n));
            self.dense_of = vec![SPARSE; self.m.cols()];
            self.dense = vec![0.0; by_df.len() * n];
            let cval = self.csc.data();
            for (r, &t) in by_df.iter().enumerate() {
                self.dense_of[t] = r as u32;
                let row = &mut self.dense[r * n..(r + 1) * n];
                for q in cptr[t]..cptr[t + 1] {
                    row[cidx[q] as usize] = cval[q];
                }
            }
        }
        self
    }

    /// Adds row `i`'s raw sums against every document into `s.acc` (zeroed)
    /// and lists the documents touched in `s.touched`.
    fn accumulate(&self, i: usize, s: &mut RowScratch) {
        let (indptr, indices, data) = (self.m.indptr(), self.m.indices(), self.m.data());
        let indptr = indptr.raw_storage();
        let cptr = self.csc.indptr();
        let (cptr, cidx, cval) = (cptr.raw_storage(), self.csc.indices(), self.csc.data());
        let acc = s.acc.as_mut_slice();
        for p in indptr[i]..indptr[i + 1] {
            let (j, v) = (indices[p] as usize, data[p]);
            let postings = cptr[j]..cptr[j + 1];
            let (docs, weights) = (&cidx[postings.clone()], &cval[postings]);
            self.scatter(v, docs, weights, acc, 0);
        }
        // Weights are positive, so a document sharing a term has a non-zero
        // sum (a product that underflows to 0 scores as if untouched, which is
        // its value anyway).
        s.touched.clear();
        s.touched.extend((0..acc.len()).filter(|&k| acc[k] != 0.0));
    }

    /// Like [`Prepared::accumulate`], for the documents after row `i` in
    /// segment `seg` only: `acc[d - seg·SEGMENT]` gets document d's sum (the
    /// caller reads and clears them in one pass). Needs [`Prepared::with_ranks`].
    fn add_after(&self, i: usize, seg: usize, acc: &mut [f64]) {
        let (indptr, indices, data) = (self.m.indptr(), self.m.indices(), self.m.data());
        let indptr = indptr.raw_storage();
        let cptr = self.csc.indptr();
        let (cptr, cidx, cval) = (cptr.raw_storage(), self.csc.indices(), self.csc.data());
        let base = seg * SEGMENT;
        let width = self.segments + 1;
        let n = self.m.rows();
        // The documents after row i in this segment, for dense terms.
        let (first, end) = ((i + 1).max(base), n.min(base + SEGMENT));
        for p in indptr[i]..indptr[i + 1] {
            let (j, v) = (indices[p] as usize, data[p]);
            if let Some(&r) = self.dense_of.get(j).filter(|&&r| r != SPARSE) {
                // Every document's weight, 0 where absent: adding v · 0 leaves
                // a sum as it was (weights are positive, sums never -0), so
                // each sum gets the same additions in the same order.
                let row = &self.dense[r as usize * n..(r as usize + 1) * n];
                axpy(&mut acc[first - base..end - base], v, &row[first..end]);
                continue;
            }
            let bounds = &self.seg_start[j * width..(j + 1) * width];
            let start = (cptr[j] + self.rank[p] as usize + 1).max(bounds[seg]);
            let postings = start..bounds[seg + 1].max(start);
            let (docs, weights) = (&cidx[postings.clone()], &cval[postings]);
            self.scatter(v, docs, weights, acc, base);
        }
    }

    /// Adds one term's contribution, row weight `v` against each posting
    /// (`docs`, `weights`), into `acc[doc - base]`. These loops are the whole
    /// cost (one pass per posting of every term of a row): one plain loop per
    /// metric, no branch inside.
    #[inline(always)]
    fn scatter(&self, v: f64, docs: &[u32], weights: &[f64], acc: &mut [f64], base: usize) {
        match self.metric {
            Metric::Cosine | Metric::Euclidean => {
                for (&k, &w) in docs.iter().zip(weights) {
                    acc[k as usize - base] += v * w;
                }
            }
            Metric::Manhattan => {
                for (&k, &w) in docs.iter().zip(weights) {
                    acc[k as usize - base] += v.min(w);
                }
            }
            Metric::Jaccard | Metric::Dice => {
                for &k in docs {
                    acc[k as usize - base] += 1.0;
                }
            }
        }
    }

    /// The metric's value for row `i` and document `k`, given their raw sum.
    fn finish(&self, i: usize, k: usize, sum: f64) -> f64 {
        let (a, b) = (self.size[i], self.size[k]);
        match self.metric {
            Metric::Cosine => {
                // Lower row's factor first: the same bits from either side.
                let (lo, hi) = if i < k { (i, k) } else { (k, i) };
                sum * self.inv[lo] * self.inv[hi]
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
}

impl RowScratch {
    fn new(n: usize) -> Self {
        RowScratch {
            acc: vec![0.0; n],
            touched: Vec::new(),
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

/// Settings of [`top_k`]: each document's `k` nearest neighbours by `metric`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopKParams {
    /// How documents are compared.
    pub metric: Metric,
    /// Neighbours kept per document.
    pub k: usize,
    /// Drop weaker pairs: similarities below it, distances above it.
    pub min_score: Option<f64>,
}

impl Default for TopKParams {
    fn default() -> Self {
        TopKParams {
            metric: Metric::Cosine,
            k: 10,
            min_score: None,
        }
    }
}

impl TopKParams {
    /// Checks `k` and `min_score` (see [`crate::params`]).
    pub fn check(&self) -> Result<Valid<TopKParams>, ParamError> {
        if self.k == 0 {
            return Err(ParamError::TopK(self.k));
        }
        if let Some(s) = self.min_score.filter(|s| s.is_nan()) {
            return Err(ParamError::MinScore(s));
        }
        Ok(Valid::checked(*self))
    }
}

/// The `k` nearest neighbours of every document (itself excluded): largest
/// similarities or smallest distances, ties to the lower row. With
/// `min_score`, weaker pairs are dropped (similarities below it, distances
/// above it). Memory is O(n·k) per thread besides one dense row.
///
/// Every metric is symmetric and each pair's sum is taken over the shared
/// terms in column order from either side, so each pair is scored once, from
/// its lower row, and offered to both rows' lists: half the posting visits of
/// scoring every row in full. Workers take rows from a shared counter and
/// keep their own lists; the lists are merged under a total order (score,
/// then row), so the result does not depend on which worker saw which pair.
pub fn top_k(m: &TfidfMatrix, params: &Valid<TopKParams>) -> Vec<Neighbour> {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let TopKParams {
        metric,
        k,
        min_score,
    } = **params;
    let n = m.rows();
    if n == 0 {
        return Vec::new();
    }
    let p = Prepared::new(m, metric).with_ranks();
    let sim = metric.is_similarity();
    let passes = |c: f64| match min_score {
        None => true,
        Some(min) if sim => c >= min,
        Some(min) => c <= min,
    };
    let next = AtomicUsize::new(0);
    // Rows are handed out in small blocks: early rows have the most pairs.
    const BLOCK: usize = 16;
    let workers = rayon::current_num_threads().clamp(1, n.div_ceil(BLOCK));
    let tables: Vec<Lists> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut acc = vec![0.0f64; n.min(SEGMENT)];
                    let mut scores = vec![0.0f64; n.min(SEGMENT)];
                    let mut lists = Lists::new(n, k, sim);
                    loop {
                        let first = next.fetch_add(BLOCK, Ordering::Relaxed);
                        if first >= n {
                            break;
                        }
                        for i in first..(first + BLOCK).min(n) {
                            for seg in (i + 1) / SEGMENT..p.segments {
                                let base = seg * SEGMENT;
                                p.add_after(i, seg, &mut acc);
                                let from = (i + 1).max(base) - base;
                                let to = n.min(base + SEGMENT) - base;
                                let (acc, scores) = (&mut acc[from..to], &mut scores[from..to]);
                                let first = base + from;
                                if metric == Metric::Cosine {
                                    // Scores first, in a loop the compiler
                                    // vectorizes (and that clears the sums);
                                    // then only the few that beat a list's
                                    // bar are offered. A document sharing no
                                    // term (sum 0) scores NaN here, which no
                                    // comparison lets through: it is scored
                                    // by formula below where needed. The
                                    // product is finish's, in its order (i < d).
                                    let inv_i = p.inv[i];
                                    for ((score, sum), &inv_d) in
                                        scores.iter_mut().zip(acc.iter_mut()).zip(&p.inv[first..])
                                    {
                                        let x = std::mem::take(sum);
                                        *score = if x == 0.0 {
                                            f64::NAN
                                        } else {
                                            x * inv_i * inv_d
                                        };
                                    }
                                    for (o, &score) in scores.iter().enumerate() {
                                        let d = first + o;
                                        // Ties with a bar go on: the document order decides.
                                        if (score >= lists.bar[i] || score >= lists.bar[d])
                                            && passes(score)
                                        {
                                            lists.offer(i, score, d as u32);
                                            lists.offer(d, score, i as u32);
                                        }
                                    }
                                    continue;
                                }
                                // One pass reads, scores and clears the sums.
                                for (o, sum) in acc.iter_mut().enumerate() {
                                    // Similarities: a document sharing no term
                                    // scores by formula (0, or 1 for two empty
                                    // sets), added below where needed.
                                    if sim && *sum == 0.0 {
                                        continue;
                                    }
                                    let d = first + o;
                                    let score = p.finish(i, d, std::mem::take(sum));
                                    if passes(score) {
                                        lists.offer(i, score, d as u32);
                                        lists.offer(d, score, i as u32);
                                    }
                                }
                            }
                        }
                    }
                    lists
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("top-k worker panicked"))
            .collect()
    });
    let better = |a: &(f64, u32), b: &(f64, u32)| {
        let by_score = if sim {
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
                let mut cands: Vec<(f64, u32)> = tables.iter().flat_map(|t| t.row(i)).collect();
                if sim && cands.len() < k {
                    // Few documents share a term with this one: the rest score
                    // by formula with a zero sum, in row order.
                    p.accumulate(i, s);
                    for d in 0..n {
                        if d != i && s.acc[d] == 0.0 {
                            let score = p.finish(i, d, 0.0);
                            if passes(score) {
                                cands.push((score, d as u32));
                            }
                        }
                    }
                    s.reset();
                }
                cands.sort_by(better);
                cands.truncate(k);
                cands
                    .into_iter()
                    .map(|(score, d)| Neighbour {
                        doc: i,
                        neighbour: d as usize,
                        score,
                    })
                    .collect()
            },
        )
        .collect();
    per_row.into_iter().flatten().collect()
}

/// One worker's bounded lists of best candidates, one per row, stored flat.
struct Lists {
    k: usize,
    sim: bool,
    scores: Vec<f64>,
    docs: Vec<u32>,
    len: Vec<u32>,
    /// Position of the weakest kept candidate of each full list.
    worst: Vec<u32>,
    /// Score of that candidate (±∞ until the list is full): most offers are
    /// turned away by one comparison with it.
    bar: Vec<f64>,
}

impl Lists {
    fn new(n: usize, k: usize, sim: bool) -> Self {
        Lists {
            k,
            sim,
            scores: vec![0.0; n * k],
            docs: vec![0; n * k],
            len: vec![0; n],
            worst: vec![0; n],
            bar: vec![
                if sim {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                };
                n
            ],
        }
    }

    /// Whether (a, da) ranks above (b, db).
    #[inline]
    fn above(&self, a: f64, da: u32, b: f64, db: u32) -> bool {
        let order = if self.sim {
            b.total_cmp(&a)
        } else {
            a.total_cmp(&b)
        };
        order.then(da.cmp(&db)).is_lt()
    }

    /// Offers a candidate: one comparison turns most away, inline; the rest
    /// go through [`Lists::insert`].
    #[inline(always)]
    fn offer(&mut self, row: usize, score: f64, doc: u32) {
        let bar = self.bar[row];
        if (self.sim && score < bar) || (!self.sim && score > bar) {
            return;
        }
        self.insert(row, score, doc);
    }

    #[inline(never)]
    fn insert(&mut self, row: usize, score: f64, doc: u32) {
        let base = row * self.k;
        let len = self.len[row] as usize;
        if len < self.k {
            self.scores[base + len] = score;
            self.docs[base + len] = doc;
            self.len[row] += 1;
            if len + 1 == self.k {
                self.update_worst(row);
            }
            return;
        }
        let w = base + self.worst[row] as usize;
        if self.above(score, doc, self.scores[w], self.docs[w]) {
            self.scores[w] = score;
            self.docs[w] = doc;
            self.update_worst(row);
        }
    }

    fn update_worst(&mut self, row: usize) {
        let base = row * self.k;
        let mut w = 0;
        for c in 1..self.k {
            let (a, b) = (base + c, base + w);
            if self.above(self.scores[b], self.docs[b], self.scores[a], self.docs[a]) {
                w = c;
            }
        }
        self.worst[row] = w as u32;
        self.bar[row] = self.scores[base + w];
    }

    fn row(&self, row: usize) -> impl Iterator<Item = (f64, u32)> + '_ {
        let base = row * self.k;
        let len = self.len[row] as usize;
        (base..base + len).map(|c| (self.scores[c], self.docs[c]))
    }
}

#[cfg(test)]
mod centroid_tests {
    use super::*;

    #[test]
    fn a_centroid_is_the_mean_of_its_rows_and_compares_as_one() {
        // Rows 0 and 2 in group 0, row 1 in group 1.
        let m = TfidfMatrix::try_new(
            (3, 3),
            vec![0, 2, 3, 4],
            vec![0, 1, 2, 1],
            vec![0.6, 0.8, 1.0, 1.0],
        )
        .unwrap();
        let c = centroids(&m, &[0, 1, 0], 2);
        let dense = c.to_dense();
        assert_eq!(dense.row(0).to_vec(), [0.3, 0.9, 0.0]);
        assert_eq!(dense.row(1).to_vec(), [0.0, 0.0, 1.0]);
        // cos((0.3, 0.9, 0), (0, 0, 1)) = 0; with itself 1.
        let s = pairwise(&c, Metric::Cosine);
        assert_eq!(s[[0, 1]], 0.0);
        assert!((s[[0, 0]] - 1.0).abs() < 1e-15);
    }
}
