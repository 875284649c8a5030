use ndarray::{array, Array2};

use super::*;

fn params(method: Method, cut: Cut) -> ClusterParams {
    ClusterParams {
        method,
        cut,
        ..ClusterParams::default()
    }
}

/// Three tight groups of unit vectors in 3-D.
fn three_groups() -> Array2<f64> {
    let mut rows = Vec::new();
    for g in 0..3 {
        for j in 0..4 {
            let mut v = [0.05 * j as f64, 0.03, 0.02];
            v[g] = 1.0;
            rows.extend_from_slice(&v);
        }
    }
    silhouette::unit_rows(Array2::from_shape_vec((12, 3), rows).unwrap().view())
}

#[test]
fn check_rejects_k_zero() {
    assert_eq!(
        params(Method::KMeans, Cut::K(0)).check(),
        Err(ParamError::ClusterKZero)
    );
}

#[test]
fn check_rejects_k_max_below_two() {
    assert_eq!(
        params(Method::KMeans, Cut::Auto { max: 1 }).check(),
        Err(ParamError::KMax(1))
    );
}

#[test]
fn check_rejects_negative_or_nan_cut_distance() {
    let p = params(Method::Hierarchical, Cut::Distance(-0.5));
    assert_eq!(p.check(), Err(ParamError::CutDistance(-0.5)));
    let p = params(Method::Hierarchical, Cut::Distance(f64::NAN));
    assert!(matches!(p.check(), Err(ParamError::CutDistance(t)) if t.is_nan()));
}

#[test]
fn check_rejects_cut_distance_for_kmeans() {
    let p = params(Method::KMeans, Cut::Distance(0.5));
    assert_eq!(p.check(), Err(ParamError::CutDistanceKMeans(0.5)));
}

#[test]
fn check_rejects_zero_restarts() {
    let p = ClusterParams {
        restarts: 0,
        ..ClusterParams::default()
    };
    assert_eq!(p.check(), Err(ParamError::Restarts(0)));
}

#[test]
fn check_rejects_zero_iterations() {
    let p = ClusterParams {
        max_iterations: 0,
        ..ClusterParams::default()
    };
    assert_eq!(
        p.check(),
        Err(ParamError::MaxIterations {
            name: "max_iterations",
            value: 0
        })
    );
}

#[test]
fn check_rejects_bad_tolerance() {
    let p = ClusterParams {
        tolerance: 0.0,
        ..ClusterParams::default()
    };
    assert_eq!(p.check(), Err(ParamError::Tolerance(0.0)));
}

#[test]
fn check_rejects_ward_with_cosine() {
    let p = ClusterParams {
        method: Method::Hierarchical,
        linkage: Linkage::Ward,
        distance: Distance::Cosine,
        ..ClusterParams::default()
    };
    assert_eq!(p.check(), Err(ParamError::WardNeedsEuclidean));
}

#[test]
fn k_above_documents_is_an_error_not_a_panic() {
    let x = three_groups();
    let e = params(Method::KMeans, Cut::K(13))
        .check()
        .unwrap()
        .fit(x.view());
    assert!(matches!(
        e,
        Err(Error::Param(ParamError::ClusterK {
            k: 13,
            documents: 12
        }))
    ));
}

#[test]
fn auto_needs_three_documents() {
    let x = array![[1.0, 0.0], [0.0, 1.0]];
    let e = ClusterParams::default().check().unwrap().fit(x.view());
    assert!(matches!(
        e,
        Err(Error::Param(ParamError::KAutoDocuments(2)))
    ));
}

#[test]
fn empty_input_is_an_error() {
    let x = Array2::<f64>::zeros((0, 3));
    assert!(matches!(
        ClusterParams::default().check().unwrap().fit(x.view()),
        Err(Error::EmptyCorpus(_))
    ));
}

#[test]
fn single_document_is_one_cluster_with_silhouette_zero() {
    let x = array![[0.6, 0.8]];
    for method in [Method::KMeans, Method::Hierarchical] {
        let c = params(method, Cut::K(1))
            .check()
            .unwrap()
            .fit(x.view())
            .unwrap();
        assert_eq!(
            (c.labels.clone(), c.k, c.central.clone()),
            (vec![0], 1, vec![0])
        );
        assert_eq!(c.silhouettes.values, vec![0.0]);
    }
}

#[test]
fn all_zero_rows_give_finite_output() {
    let x = Array2::<f64>::zeros((5, 4));
    for method in [Method::KMeans, Method::Hierarchical] {
        let c = params(method, Cut::K(2))
            .check()
            .unwrap()
            .fit(x.view())
            .unwrap();
        assert!(c.silhouettes.values.iter().all(|s| s.is_finite()));
        assert!(c.k >= 1 && c.k <= 2);
    }
}

#[test]
fn both_methods_find_three_groups_and_auto_picks_three() {
    let x = three_groups();
    let want: Vec<usize> = (0..12).map(|i| i / 4).collect();
    for method in [Method::KMeans, Method::Hierarchical] {
        let c = params(method, Cut::Auto { max: 6 })
            .check()
            .unwrap()
            .fit(x.view())
            .unwrap();
        assert_eq!(c.labels, want, "{method}");
        assert_eq!(
            c.tried.iter().map(|t| t.0).collect::<Vec<_>>(),
            vec![2, 3, 4, 5, 6]
        );
        let best = c.tried.iter().map(|t| t.1).fold(f64::MIN, f64::max);
        assert_eq!(best, c.silhouettes.mean());
        assert_eq!(c.central.len(), 3);
        for (cluster, &d) in c.central.iter().enumerate() {
            assert_eq!(c.labels[d], cluster);
        }
    }
}

#[test]
fn kmeans_is_reproducible_under_a_seed_and_thread_count() {
    let x = three_groups();
    let run = |threads: usize| {
        crate::with_threads(threads, || {
            params(Method::KMeans, Cut::K(3))
                .check()
                .unwrap()
                .fit(x.view())
                .unwrap()
        })
    };
    assert_eq!(run(1), run(3));
}

#[test]
fn canonical_labels_number_by_first_appearance() {
    assert_eq!(canonical_labels(&[7, 7, 2, 9, 2]), vec![0, 0, 1, 2, 1]);
}

#[test]
fn tree_cuts_and_leaves_follow_scipy() {
    // Points on a line at 0, 1, 5, 6.5: merges (0,1) at 1, (2,3) at 1.5, then all.
    let x = array![[0.0], [1.0], [5.0], [6.5]];
    let t = hierarchical::linkage(x.view(), Distance::Euclidean, Linkage::Single);
    let m: Vec<(usize, usize, f64, usize)> = t
        .merges
        .iter()
        .map(|m| (m.a, m.b, m.distance, m.size))
        .collect();
    assert_eq!(m, vec![(0, 1, 1.0, 2), (2, 3, 1.5, 2), (4, 5, 4.0, 4)]);
    assert_eq!(t.leaves(), vec![0, 1, 2, 3]);
    assert_eq!(canonical_labels(&t.cut_k(2)), vec![0, 0, 1, 1]);
    assert_eq!(canonical_labels(&t.cut_k(3)), vec![0, 0, 1, 2]);
    assert_eq!(canonical_labels(&t.cut_distance(1.0)), vec![0, 0, 1, 2]);
    assert_eq!(canonical_labels(&t.cut_distance(0.5)), vec![0, 1, 2, 3]);
}

#[test]
fn silhouette_by_hand() {
    // 1-D points 0, 1 | 4: a(0) = 1, b(0) = 4, s = 0.75; a(1) = 1, b(1) = 3,
    // s = 2/3; point 2 is alone: 0.
    let x = array![[0.0], [1.0], [4.0]];
    let s = silhouette(x.view(), &[0, 0, 1], 2, Distance::Euclidean);
    assert_eq!(s.values, vec![0.75, 2.0 / 3.0, 0.0]);
    assert_eq!(s.intra, vec![1.0, 1.0, 0.0]);
}

#[test]
fn embed_chooses_rows_for_small_corpora() {
    use crate::input::{Corpus, InputOptions};
    use crate::pipeline::PipelineOptions;
    use crate::vectorize::{TfidfVectorizer, VectorizerOptions};
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    let (_, out) = v
        .fit_transform(Corpus::seeds(InputOptions::default()).documents(), 2)
        .unwrap();
    let (x, space) = embed(&out.matrix, Space::Auto, 0).unwrap();
    assert_eq!((space, x.dim()), (Space::Rows, (5, 1243)));
    let (x, space) = embed(&out.matrix, Space::Lsa(3), 0).unwrap();
    assert_eq!((space, x.dim()), (Space::Lsa(3), (5, 3)));
    for row in x.outer_iter() {
        assert!((row.dot(&row) - 1.0).abs() < 1e-12);
    }
}

/// Documents of three kinds: each mixes words every kind uses with words of
/// its own kind (both Zipf-distributed), at lengths from 20 to 200 words, as
/// news, scripture and poetry share the function words of the language but
/// little else. Returns the texts and each one's kind.
fn three_kinds(per_kind: usize, seed: u64) -> (Vec<String>, Vec<usize>) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
    const LETTERS: &[char] = &[
        'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ',
        'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي',
    ];
    let word = |rng: &mut rand_xoshiro::Xoshiro256PlusPlus| -> String {
        (0..rng.gen_range(3..7))
            .map(|_| LETTERS[rng.gen_range(0..LETTERS.len())])
            .collect()
    };
    let shared: Vec<String> = (0..600).map(|_| word(&mut rng)).collect();
    let own: Vec<Vec<String>> = (0..3)
        .map(|_| (0..400).map(|_| word(&mut rng)).collect())
        .collect();
    // Zipf: the word of rank r drawn with weight 1 / (r + 1).
    let zipf = |rng: &mut rand_xoshiro::Xoshiro256PlusPlus, n: usize| -> usize {
        let total: f64 = (1..=n).map(|r| 1.0 / r as f64).sum();
        let mut x = rng.gen::<f64>() * total;
        for r in 0..n {
            x -= 1.0 / (r + 1) as f64;
            if x <= 0.0 {
                return r;
            }
        }
        n - 1
    };
    let (mut texts, mut kinds) = (Vec::new(), Vec::new());
    for d in 0..3 * per_kind {
        let kind = d % 3;
        let words: Vec<&str> = (0..rng.gen_range(20..200))
            .map(|_| {
                if rng.gen_bool(0.6) {
                    shared[zipf(&mut rng, shared.len())].as_str()
                } else {
                    own[kind][zipf(&mut rng, own[kind].len())].as_str()
                }
            })
            .collect();
        texts.push(words.join(" "));
        kinds.push(kind);
    }
    (texts, kinds)
}

/// Why Ward is the default: on text of three kinds, average linkage of
/// cosine distances leaves one giant cluster and a few stragglers, where
/// Ward's linkage on the unit-length rows finds the kinds.
#[test]
fn ward_finds_the_kinds_of_text_where_average_linkage_does_not() {
    use crate::input::Document;
    use crate::pipeline::PipelineOptions;
    use crate::vectorize::{TfidfVectorizer, VectorizerOptions};
    let (texts, kinds) = three_kinds(40, 1);
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Ok(Document::new(i.to_string(), t.clone())));
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    let (_, vectors) = v.fit_transform(docs, 2).unwrap();
    let (x, _) = embed(&vectors.matrix, Space::Rows, 0).unwrap();
    let ari = |linkage, distance| {
        let p = ClusterParams {
            linkage,
            distance,
            ..params(Method::Hierarchical, Cut::K(3))
        };
        let c = p.check().unwrap().fit(x.view()).unwrap();
        let mut sizes = c.sizes();
        sizes.sort_unstable();
        let ari = adjusted_rand_index(&c.labels, &kinds);
        eprintln!("{linkage} linkage, {distance} distance: ARI {ari:.3}, sizes {sizes:?}");
        (ari, sizes)
    };
    // 120 documents, 40 of each kind.
    let (ward, sizes) = ari(Linkage::Ward, Distance::Euclidean);
    assert!(ward > 0.9, "Ward: ARI {ward}, sizes {sizes:?}");
    assert!(sizes[0] >= 30, "Ward: sizes {sizes:?}");
    let (average, sizes) = ari(Linkage::Average, Distance::Cosine);
    assert!(average < 0.6, "average: ARI {average}, sizes {sizes:?}");
    // A cluster that swallowed two kinds, and a straggler.
    assert!(sizes[2] > 60 && sizes[0] <= 2, "average: sizes {sizes:?}");
    assert_eq!(ClusterParams::default().linkage, Linkage::Ward);
    assert_eq!(ClusterParams::default().distance, Distance::Euclidean);
}

#[test]
fn sizes_and_cluster_silhouettes_follow_the_labels() {
    let x = three_groups();
    let c = params(Method::Hierarchical, Cut::K(3))
        .check()
        .unwrap()
        .fit(x.view())
        .unwrap();
    assert_eq!(c.sizes(), [4, 4, 4]);
    let per = c.cluster_silhouettes();
    for (l, &mean) in per.iter().enumerate() {
        let members: Vec<f64> = (0..12)
            .filter(|&d| c.labels[d] == l)
            .map(|d| c.silhouettes.values[d])
            .collect();
        assert_eq!(mean, members.iter().sum::<f64>() / 4.0);
    }
}
