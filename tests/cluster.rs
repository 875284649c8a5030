//! Clustering against SciPy and scikit-learn (golden files from
//! tests/reference/make_golden.py), and recovery of a labelled corpus.

use std::path::Path;

use serde::Deserialize;
use tahlil::cluster::{
    canonical_labels, embed, hierarchical, silhouette, ClusterParams, Cut, Distance, Linkage,
    Method, Space,
};
use tahlil::input::{Corpus, Document, InputOptions};
use tahlil::pipeline::PipelineOptions;
use tahlil::vectorize::{TfidfVectorizer, VectorizerOptions, Vectors};

fn golden<T: for<'a> Deserialize<'a>>(name: &str) -> T {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/cluster")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn vectors<I: Iterator<Item = tahlil::Result<Document>>>(docs: I) -> Vectors {
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    v.fit_transform(docs, 2).unwrap().1
}

fn seeds(lines: bool) -> Vectors {
    vectors(
        Corpus::seeds(InputOptions {
            lines,
            ..Default::default()
        })
        .documents(),
    )
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[derive(Deserialize)]
struct SilhouetteGolden {
    labels: Vec<usize>,
    cosine: Vec<f64>,
    euclidean: Vec<f64>,
}

#[test]
fn silhouettes_match_scikit_learn() {
    let g: SilhouetteGolden = golden("silhouette.json");
    let v = seeds(true);
    // The golden labels are each line's article: check we read the same grouping.
    let article: Vec<&str> = v
        .ids
        .iter()
        .map(|id| id.rsplit_once(':').unwrap().0)
        .collect();
    let ours: Vec<usize> = article
        .iter()
        .map(|a| article.iter().position(|b| b == a).unwrap())
        .collect();
    assert_eq!(canonical_labels(&g.labels), canonical_labels(&ours));
    let x = v.matrix.to_dense();
    let cos = silhouette(x.view(), &g.labels, 5, Distance::Cosine);
    let euc = silhouette(x.view(), &g.labels, 5, Distance::Euclidean);
    eprintln!(
        "silhouette: cosine {:e}, euclidean {:e}",
        max_diff(&cos.values, &g.cosine),
        max_diff(&euc.values, &g.euclidean)
    );
    assert!(
        max_diff(&cos.values, &g.cosine) <= 1e-12,
        "cosine {}",
        max_diff(&cos.values, &g.cosine)
    );
    assert!(
        max_diff(&euc.values, &g.euclidean) <= 1e-12,
        "euclidean {}",
        max_diff(&euc.values, &g.euclidean)
    );
}

#[derive(Deserialize)]
struct LinkageGolden {
    linkage: Vec<[f64; 4]>,
    leaves: Vec<usize>,
    maxclust3: Vec<usize>,
}

fn check_linkage(lines: bool, file: &str) {
    let g: LinkageGolden = golden(file);
    let x = seeds(lines).matrix.to_dense();
    let tree = hierarchical::linkage(x.view(), Distance::Cosine, Linkage::Average);
    assert_eq!(tree.merges.len(), g.linkage.len());
    for (i, (m, z)) in tree.merges.iter().zip(&g.linkage).enumerate() {
        assert_eq!(
            (m.a, m.b, m.size),
            (z[0] as usize, z[1] as usize, z[3] as usize),
            "merge {i}"
        );
        assert!(
            (m.distance - z[2]).abs() <= 1e-12,
            "merge {i}: {} vs {}",
            m.distance,
            z[2]
        );
    }
    let worst = tree
        .merges
        .iter()
        .zip(&g.linkage)
        .map(|(m, z)| (m.distance - z[2]).abs())
        .fold(0.0, f64::max);
    eprintln!("{file}: largest distance difference {worst:e}");
    assert_eq!(tree.leaves(), g.leaves);
    assert_eq!(
        canonical_labels(&tree.cut_k(3)),
        canonical_labels(&g.maxclust3)
    );
}

#[test]
fn average_cosine_linkage_of_the_seeds_matches_scipy() {
    check_linkage(false, "linkage-average-cosine-seeds.json");
}

#[test]
fn average_cosine_linkage_of_the_seed_lines_matches_scipy() {
    check_linkage(true, "linkage-average-cosine-lines.json");
}

/// Adjusted Rand index (Hubert and Arabie 1985), as scikit-learn's `adjusted_rand_score`.
fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let (ka, kb) = (a.iter().max().unwrap() + 1, b.iter().max().unwrap() + 1);
    let mut table = vec![vec![0usize; kb]; ka];
    for (&x, &y) in a.iter().zip(b) {
        table[x][y] += 1;
    }
    let index: f64 = table.iter().flatten().map(|&n| pairs(n)).sum();
    let rows: f64 = table.iter().map(|r| pairs(r.iter().sum())).sum();
    let cols: f64 = (0..kb)
        .map(|j| pairs(table.iter().map(|r| r[j]).sum()))
        .sum();
    let expected = rows * cols / pairs(a.len());
    let max = (rows + cols) / 2.0;
    if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}

#[test]
fn adjusted_rand_index_matches_scikit_learn_by_hand() {
    // Values from sklearn.metrics.adjusted_rand_score.
    assert!((adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]) - 0.5714285714285714).abs() < 1e-15);
    let got = adjusted_rand_index(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]);
    assert!((got - 0.24242424242424243).abs() < 1e-15);
    assert_eq!(adjusted_rand_index(&[0, 1, 2], &[1, 2, 0]), 1.0);
}

/// A labelled corpus: four topics, each with its own vocabulary of 60
/// Arabic-letter words, and a shared vocabulary of 200 words; every document
/// draws 60 % of its 120 words from its topic (Zipf-like), the rest from the
/// shared pool, from a fixed-seed generator.
fn labelled_corpus() -> (Vec<Document>, Vec<usize>) {
    const LETTERS: [char; 28] = [
        'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع',
        'غ', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي',
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let word = |next: &mut dyn FnMut() -> u64| -> String {
        let len = 4 + (next() % 4) as usize;
        (0..len).map(|_| LETTERS[(next() % 28) as usize]).collect()
    };
    let topics: Vec<Vec<String>> = (0..4)
        .map(|_| (0..60).map(|_| word(&mut next)).collect())
        .collect();
    let shared: Vec<String> = (0..200).map(|_| word(&mut next)).collect();
    let mut docs = Vec::new();
    let mut labels = Vec::new();
    for d in 0..100 {
        let topic = (d * 7) % 4; // interleaved, so input order gives nothing away
        let mut text = Vec::new();
        for _ in 0..120 {
            let r = next();
            // Zipf-like rank: the square of a uniform draw favours low ranks.
            let u = (r >> 11) as f64 / (1u64 << 53) as f64;
            if r % 10 < 6 {
                text.push(topics[topic][(u * u * 60.0) as usize].as_str());
            } else {
                text.push(shared[(u * u * 200.0) as usize].as_str());
            }
        }
        docs.push(Document::new(format!("doc{d:03}"), text.join(" ")));
        labels.push(topic);
    }
    (docs, labels)
}

fn recovers_labels(method: Method, space: Space) {
    let (docs, truth) = labelled_corpus();
    let v = vectors(docs.into_iter().map(Ok));
    let (x, _) = embed(&v.matrix, space, 7).unwrap();
    let params = ClusterParams {
        method,
        cut: Cut::K(4),
        ..ClusterParams::default()
    };
    let found = params.check().unwrap().fit(x.view()).unwrap();
    let ari = adjusted_rand_index(&truth, &found.labels);
    eprintln!("{method} on {space:?}: ARI {ari}");
    assert!(ari >= 0.9, "{method} on {space:?}: ARI {ari}");
    // And --k auto finds that there are four.
    let params = ClusterParams {
        method,
        cut: Cut::Auto { max: 8 },
        ..ClusterParams::default()
    };
    assert_eq!(
        params.check().unwrap().fit(x.view()).unwrap().k,
        4,
        "{method} on {space:?}"
    );
}

#[test]
fn kmeans_recovers_the_labelled_corpus() {
    recovers_labels(Method::KMeans, Space::Rows);
}

#[test]
fn kmeans_on_lsa_recovers_the_labelled_corpus() {
    recovers_labels(Method::KMeans, Space::Lsa(10));
}

#[test]
fn hierarchical_recovers_the_labelled_corpus() {
    recovers_labels(Method::Hierarchical, Space::Rows);
}
