//! Document clustering: k-means (linfa-clustering) and agglomerative
//! clustering (kodama), scored with silhouettes.
//!
//! Documents are clustered as dense vectors in a [`Space`]: their
//! L2-normalized TF-IDF rows when the vocabulary is small enough to hold
//! densely, or their LSA vectors (see [`crate::reduce::lsa`](fn@crate::reduce::lsa)), also scaled to
//! unit length, so that Euclidean k-means orders pairs as cosine does.
//!
//! Parameters follow linfa's pattern: [`ClusterParams`] is checked once by
//! [`ClusterParams::check`] into [`ValidParams`], one error variant per bad
//! field. Cluster numbers are canonical: cluster 0 holds document 0, cluster 1
//! the first document not in cluster 0, and so on, so the same partition is
//! always written the same way.
//!
//! ```
//! use ndarray::array;
//! use tahlil::cluster::{ClusterParams, Cut, Method};
//!
//! let x = array![[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]];
//! let params = ClusterParams { method: Method::Hierarchical, cut: Cut::K(2), ..ClusterParams::default() };
//! let c = params.check().unwrap().fit(x.view()).unwrap();
//! assert_eq!(c.labels, vec![0, 0, 1, 1]);
//! assert!(c.silhouettes.mean() > 0.85);
//! ```

mod agreement;
pub mod hierarchical;
mod kmeans;
pub mod silhouette;

use ndarray::{Array2, ArrayView2};

pub use agreement::adjusted_rand_index;
pub use hierarchical::{Merge, Tree};
pub use silhouette::{silhouette, Silhouettes};

use crate::error::{Error, ParamError, Result};
use crate::params::Valid;
use crate::reduce::{lsa, LsaOptions};
use crate::vectorize::TfidfMatrix;

/// The clustering algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// k-means (linfa-clustering: k-means++ starts, several restarts).
    #[default]
    KMeans,
    /// Agglomerative clustering (kodama).
    Hierarchical,
}

crate::names::named_enum!(Method, "method", {
    KMeans => "kmeans",
    Hierarchical => "hierarchical",
});

/// How agglomerative clustering measures the distance between clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Linkage {
    /// Mean distance over all pairs (UPGMA).
    Average,
    /// Largest distance over all pairs.
    Complete,
    /// Smallest distance over all pairs.
    Single,
    /// Ward's minimum increase of within-cluster variance (Euclidean only),
    /// scikit-learn's default: on text it keeps clusters of comparable size
    /// where average linkage tends to leave one giant cluster and singletons.
    #[default]
    Ward,
}

crate::names::named_enum!(Linkage, "linkage", {
    Average => "average",
    Complete => "complete",
    Single => "single",
    Ward => "ward",
});

/// The distance between two documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Distance {
    /// 1 − cosine similarity.
    Cosine,
    /// Euclidean distance (on unit-length rows, √(2 · cosine distance)).
    #[default]
    Euclidean,
}

crate::names::named_enum!(Distance, "distance", {
    Cosine => "cosine",
    Euclidean => "euclidean",
});

/// How many clusters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cut {
    /// Exactly K (fewer only if the documents have fewer distinct vectors).
    K(usize),
    /// Try K = 2..=max (and at most n − 1) and keep the best mean silhouette.
    Auto {
        /// The largest K tried.
        max: usize,
    },
    /// Hierarchical only: cut the tree at this distance.
    Distance(f64),
}

/// Clustering parameters, unchecked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterParams {
    /// k-means or hierarchical.
    pub method: Method,
    /// How many clusters.
    pub cut: Cut,
    /// Hierarchical: the linkage.
    pub linkage: Linkage,
    /// Hierarchical: the document distance (k-means is always Euclidean).
    pub distance: Distance,
    /// k-means: independent runs from different k-means++ starts; the one of
    /// lowest inertia is kept.
    pub restarts: usize,
    /// k-means: iteration limit per run.
    pub max_iterations: u64,
    /// k-means: convergence threshold, as scikit-learn's `tol`: stop when
    /// the squared movement of the centroids is at most `tolerance` × the
    /// mean variance of a feature.
    pub tolerance: f64,
    /// k-means: seed of the k-means++ starts.
    pub seed: u64,
}

impl Default for ClusterParams {
    fn default() -> Self {
        ClusterParams {
            method: Method::KMeans,
            cut: Cut::Auto { max: 10 },
            linkage: Linkage::Ward,
            distance: Distance::Euclidean,
            // scikit-learn now starts k-means++ once by default; a few
            // starts guard against a poor one at a quarter of the cost of 10.
            restarts: 4,
            max_iterations: 300,
            tolerance: 1e-4,
            seed: 0,
        }
    }
}

/// Parameters that passed [`ClusterParams::check`].
pub type ValidParams = Valid<ClusterParams>;

impl ClusterParams {
    /// Checks every field that can be checked without the data (see
    /// [`crate::params`]).
    pub fn check(&self) -> Result<ValidParams, ParamError> {
        match self.cut {
            Cut::K(0) => return Err(ParamError::ClusterKZero),
            Cut::Auto { max } if max < 2 => return Err(ParamError::KMax(max)),
            Cut::Distance(t) if t.is_nan() || t < 0.0 => return Err(ParamError::CutDistance(t)),
            _ => {}
        }
        if self.restarts == 0 {
            return Err(ParamError::Restarts(0));
        }
        if self.max_iterations == 0 {
            return Err(ParamError::MaxIterations {
                name: "max_iterations",
                value: 0,
            });
        }
        if self.tolerance.is_nan() || self.tolerance <= 0.0 {
            return Err(ParamError::Tolerance(self.tolerance));
        }
        if self.method == Method::Hierarchical
            && self.linkage == Linkage::Ward
            && self.distance != Distance::Euclidean
        {
            return Err(ParamError::WardNeedsEuclidean);
        }
        if self.method == Method::KMeans {
            if let Cut::Distance(t) = self.cut {
                return Err(ParamError::CutDistanceKMeans(t));
            }
        }
        Ok(Valid::checked(*self))
    }
}

/// The outcome of a clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    /// Cluster of each document, numbered canonically (cluster 0 holds document 0).
    pub labels: Vec<usize>,
    /// Number of clusters.
    pub k: usize,
    /// Every document's silhouette.
    pub silhouettes: Silhouettes,
    /// Per cluster, its most central document: the member with the smallest
    /// mean distance to the other members.
    pub central: Vec<usize>,
    /// With [`Cut::Auto`]: each K tried and its mean silhouette.
    pub tried: Vec<(usize, f64)>,
    /// The distance used for silhouettes and centrality.
    pub distance: Distance,
    /// Hierarchical: the dendrogram.
    pub tree: Option<Tree>,
}

impl Clustering {
    /// Documents in each cluster.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.k];
        for &l in &self.labels {
            sizes[l] += 1;
        }
        sizes
    }

    /// Each cluster's mean silhouette (summed in document order).
    pub fn cluster_silhouettes(&self) -> Vec<f64> {
        let mut sums = vec![0.0f64; self.k];
        for (&l, &s) in self.labels.iter().zip(&self.silhouettes.values) {
            sums[l] += s;
        }
        sums.iter()
            .zip(self.sizes())
            .map(|(s, n)| s / n as f64)
            .collect()
    }
}

impl Valid<ClusterParams> {
    /// Clusters the rows of `x`.
    ///
    /// Silhouettes use cosine distance for k-means (on unit vectors it orders
    /// pairs as Euclidean distance does, and is exact in O(n·k·d)), and the
    /// tree's own distance for hierarchical clustering.
    pub fn fit(&self, x: ArrayView2<f64>) -> Result<Clustering> {
        let p: &ClusterParams = self;
        let n = x.nrows();
        if n == 0 {
            return Err(Error::EmptyCorpus("no documents to cluster".into()));
        }
        match p.cut {
            Cut::K(k) if k > n => return Err(ParamError::ClusterK { k, documents: n }.into()),
            Cut::Auto { .. } if n < 3 => return Err(ParamError::KAutoDocuments(n).into()),
            _ => {}
        }
        let distance = match p.method {
            Method::KMeans => Distance::Cosine,
            Method::Hierarchical => p.distance,
        };
        let tree = match p.method {
            Method::Hierarchical => {
                if n > hierarchical::MAX_DOCUMENTS {
                    return Err(Error::TooManyDocuments {
                        method: "hierarchical clustering",
                        documents: n,
                        limit: hierarchical::MAX_DOCUMENTS,
                        instead: "use `method` kmeans",
                    });
                }
                Some(hierarchical::linkage(x, p.distance, p.linkage))
            }
            Method::KMeans => None,
        };
        let partition = |k: usize| -> Result<Vec<usize>> {
            Ok(canonical_labels(&match &tree {
                Some(t) => t.cut_k(k),
                None => kmeans::fit(x, k, p)?,
            }))
        };
        let (labels, tried) = match p.cut {
            Cut::K(k) => (partition(k)?, Vec::new()),
            Cut::Distance(t) => (
                canonical_labels(&tree.as_ref().expect("checked").cut_distance(t)),
                Vec::new(),
            ),
            Cut::Auto { max } => {
                let mut tried = Vec::new();
                let mut best: Option<(f64, Vec<usize>)> = None;
                for k in 2..=max.min(n - 1) {
                    let labels = partition(k)?;
                    let found = labels.iter().max().map_or(0, |m| m + 1);
                    let score = silhouette(x, &labels, found, distance).mean();
                    tried.push((k, score));
                    // Ties keep the smaller K.
                    if best.as_ref().is_none_or(|(s, _)| score > *s) {
                        best = Some((score, labels));
                    }
                }
                (best.expect("n >= 3 tries K = 2").1, tried)
            }
        };
        let k = labels.iter().max().map_or(0, |m| m + 1);
        let silhouettes = silhouette(x, &labels, k, distance);
        let mut central = vec![usize::MAX; k];
        for (d, &l) in labels.iter().enumerate() {
            let c = central[l];
            if c == usize::MAX || silhouettes.intra[d] < silhouettes.intra[c] {
                central[l] = d;
            }
        }
        Ok(Clustering {
            labels,
            k,
            silhouettes,
            central,
            tried,
            distance,
            tree,
        })
    }
}

/// The `top` heaviest terms of each cluster's centroid (the mean of its
/// members' rows of `m`), heaviest first, ties to the lower column: `(column,
/// weight)` pairs, zero weights left out.
pub fn top_terms(
    m: &TfidfMatrix,
    labels: &[usize],
    k: usize,
    top: usize,
) -> Vec<Vec<(usize, f64)>> {
    let mut sums = vec![vec![0.0f64; m.cols()]; k];
    let mut sizes = vec![0usize; k];
    for (row, &l) in m.outer_iterator().zip(labels) {
        sizes[l] += 1;
        for (j, &w) in row.iter() {
            sums[l][j] += w;
        }
    }
    sums.into_iter()
        .zip(sizes)
        .map(|(sum, size)| {
            let mut terms: Vec<(usize, f64)> = sum
                .into_iter()
                .enumerate()
                .filter(|&(_, w)| w > 0.0)
                .map(|(j, w)| (j, w / size as f64))
                .collect();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            terms.truncate(top);
            terms
        })
        .collect()
}

/// Renumbers clusters by first appearance: the cluster of document 0 becomes
/// 0, the next new one 1, …
pub fn canonical_labels(raw: &[usize]) -> Vec<usize> {
    let mut map = rustc_hash::FxHashMap::default();
    raw.iter()
        .map(|&r| {
            let next = map.len();
            *map.entry(r).or_insert(next)
        })
        .collect()
}

/// Which vectors documents are clustered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// The TF-IDF rows held densely when documents × terms is at most
    /// [`DENSE_AUTO_CELLS`], else LSA with 100 dimensions.
    Auto,
    /// The TF-IDF rows, held densely.
    Rows,
    /// LSA vectors of this many dimensions.
    Lsa(usize),
}

/// Largest documents × terms for which [`Space::Auto`] keeps the rows (16 M
/// cells, 128 MB).
pub const DENSE_AUTO_CELLS: usize = 1 << 24;
/// Largest documents × terms [`Space::Rows`] accepts (64 M cells, 512 MB).
pub const DENSE_MAX_CELLS: usize = 1 << 26;

/// The document vectors of `m` in `space`, each scaled to unit length
/// (all-zero rows stay zero), and the space actually used.
pub fn embed(m: &TfidfMatrix, space: Space, seed: u64) -> Result<(Array2<f64>, Space)> {
    let cells = m.rows().saturating_mul(m.cols());
    let space = match space {
        Space::Auto if cells <= DENSE_AUTO_CELLS => Space::Rows,
        Space::Auto => Space::Lsa(100),
        s => s,
    };
    let x = match space {
        Space::Rows => {
            if cells > DENSE_MAX_CELLS {
                return Err(Error::Numeric(format!(
                    "the dense TF-IDF rows would hold {} documents × {} terms ({} MB): give `dims` D to cluster LSA vectors instead",
                    m.rows(),
                    m.cols(),
                    (cells * 8) >> 20
                )));
            }
            m.to_dense()
        }
        Space::Lsa(dims) => {
            lsa(
                m,
                LsaOptions {
                    dims,
                    seed,
                    ..LsaOptions::default()
                },
            )?
            .documents
        }
        Space::Auto => unreachable!("resolved above"),
    };
    Ok((silhouette::unit_rows(x.view()), space))
}

#[cfg(test)]
mod tests;
