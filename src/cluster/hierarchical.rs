//! Agglomerative clustering through kodama, with SciPy's conventions: merges
//! in SciPy's `linkage` layout, leaves in `leaves_list` order, flat clusters
//! as `fcluster` with `maxclust` or `distance`.

use ndarray::ArrayView2;
use rayon::prelude::*;

use super::silhouette::{euclidean, unit_rows};
use super::{Distance, Linkage};

/// The largest corpus accepted: the condensed distance matrix of n documents
/// takes 4·n² bytes (20,000 documents: 1.6 GB).
pub const MAX_DOCUMENTS: usize = 20_000;

/// One merge: clusters `a` < `b` (0..n are documents, n + i the cluster made
/// by merge i), at `distance`, giving a cluster of `size` documents.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Merge {
    /// Smaller label of the two merged clusters.
    pub a: usize,
    /// Larger label.
    pub b: usize,
    /// The linkage distance between them.
    pub distance: f64,
    /// Documents in the merged cluster.
    pub size: usize,
}

/// A dendrogram: n − 1 merges, by increasing distance.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tree {
    /// Documents.
    pub n: usize,
    /// The merges, in SciPy's `linkage` layout.
    pub merges: Vec<Merge>,
}

/// The condensed distance matrix of the rows of `x`, as SciPy's `pdist` (its order:
/// (0,1), (0,2), …, (1,2), …). Cosine: 1 − cos clipped to [0, 2], with an
/// all-zero row at distance 1 from everything (SciPy would give NaN).
pub fn pdist(x: ArrayView2<f64>, distance: Distance) -> Vec<f64> {
    let n = x.nrows();
    let unit = match distance {
        Distance::Cosine => Some(unit_rows(x)),
        Distance::Euclidean => None,
    };
    let rows: Vec<Vec<f64>> = (0..n)
        .into_par_iter()
        .map(|i| {
            (i + 1..n)
                .map(|j| match &unit {
                    Some(u) => crate::similarity::distance_of(u.row(i).dot(&u.row(j))),
                    None => euclidean(x.row(i), x.row(j)),
                })
                .collect()
        })
        .collect();
    rows.concat()
}

/// Builds the dendrogram of the rows of `x`.
pub fn linkage(x: ArrayView2<f64>, distance: Distance, method: Linkage) -> Tree {
    linkage_condensed(pdist(x, distance), x.nrows(), method)
}

/// Builds the dendrogram of `n` items from their condensed distance matrix (SciPy's
/// `pdist` order), for callers that already have distances (a similarity matrix).
pub fn linkage_condensed(mut condensed: Vec<f64>, n: usize, method: Linkage) -> Tree {
    assert_eq!(
        condensed.len(),
        n * n.saturating_sub(1) / 2,
        "condensed matrix of {n} items"
    );
    let method = match method {
        Linkage::Average => kodama::Method::Average,
        Linkage::Complete => kodama::Method::Complete,
        Linkage::Single => kodama::Method::Single,
        Linkage::Ward => kodama::Method::Ward,
    };
    let merges = if n < 2 {
        Vec::new()
    } else {
        kodama::linkage(&mut condensed, n, method)
            .steps()
            .iter()
            .map(|s| Merge {
                a: s.cluster1.min(s.cluster2),
                b: s.cluster1.max(s.cluster2),
                distance: s.dissimilarity,
                size: s.size,
            })
            .collect()
    };
    Tree { n, merges }
}

impl Tree {
    /// Documents in the order the dendrogram draws them (SciPy's
    /// `leaves_list`: each merge's `a` side before its `b` side).
    pub fn leaves(&self) -> Vec<usize> {
        let n = self.n;
        if n == 0 {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(n);
        let mut stack = vec![if self.merges.is_empty() { 0 } else { 2 * n - 2 }];
        while let Some(c) = stack.pop() {
            if c < n {
                out.push(c);
            } else {
                let m = &self.merges[c - n];
                stack.push(m.b);
                stack.push(m.a);
            }
        }
        out
    }

    /// Flat clusters after the first `merges` merges: the root of each
    /// document (unnumbered; see [`super::canonical_labels`]).
    fn roots_after(&self, merges: usize) -> Vec<usize> {
        let n = self.n;
        let mut parent: Vec<usize> = (0..2 * n.max(1) - 1).collect();
        for (i, m) in self.merges.iter().take(merges).enumerate() {
            parent[m.a] = n + i;
            parent[m.b] = n + i;
        }
        (0..n)
            .map(|d| {
                let mut c = d;
                while parent[c] != c {
                    c = parent[c];
                }
                c
            })
            .collect()
    }

    /// K flat clusters (SciPy's `fcluster(Z, k, 'maxclust')` for a tree
    /// without tied distances): undo the last K − 1 merges.
    pub fn cut_k(&self, k: usize) -> Vec<usize> {
        self.roots_after(self.n.saturating_sub(k))
    }

    /// Flat clusters joined by merges at distances up to `t` (SciPy's
    /// `fcluster(Z, t, 'distance')`).
    pub fn cut_distance(&self, t: f64) -> Vec<usize> {
        let merges = self.merges.iter().take_while(|m| m.distance <= t).count();
        self.roots_after(merges)
    }
}
