//! A corpus profile: size, vocabulary richness and the rank–frequency law.

use crate::vectorize::CountMatrix;

/// Zipf's law fitted to the rank–frequency table.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ZipfFit {
    /// s in f(r) ≈ C / rᵃ: minus the slope of the least-squares line through
    /// (ln r, ln f) over every rank.
    pub exponent: f64,
    /// C (the fitted frequency at rank 1).
    pub constant: f64,
    /// R² of that line (1 for a perfect power law; 0 when undefined).
    pub r_squared: f64,
}

/// Size and vocabulary of a corpus, counted on the words after normalization
/// and filters.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Profile {
    /// Documents.
    pub documents: usize,
    /// Word tokens.
    pub tokens: u64,
    /// Distinct words.
    pub types: usize,
    /// types / tokens (0 for no tokens).
    pub type_token_ratio: f64,
    /// Words occurring once.
    pub hapaxes: usize,
    /// tokens / documents.
    pub mean_document_length: f64,
    /// The fitted power law.
    pub zipf: ZipfFit,
    /// (term, frequency) by decreasing frequency, ties in code-point order;
    /// rank r is entry r − 1.
    pub ranks: Vec<(String, u64)>,
}

impl Profile {
    /// The profile of unigram `counts`.
    pub fn of(counts: &CountMatrix) -> Profile {
        let cf = counts.corpus_frequencies();
        let tokens: u64 = counts.tokens.iter().sum();
        let documents = counts.n_docs();
        let mut ranks: Vec<(String, u64)> = counts
            .terms
            .iter()
            .zip(&cf)
            .filter(|(_, &f)| f > 0)
            .map(|(t, &f)| (t.to_string(), f))
            .collect();
        ranks.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let types = ranks.len();
        Profile {
            documents,
            tokens,
            types,
            type_token_ratio: if tokens == 0 {
                0.0
            } else {
                types as f64 / tokens as f64
            },
            hapaxes: ranks.iter().filter(|r| r.1 == 1).count(),
            mean_document_length: if documents == 0 {
                0.0
            } else {
                tokens as f64 / documents as f64
            },
            zipf: fit_zipf(ranks.iter().map(|r| r.1)),
            ranks,
        }
    }
}

/// Least squares of ln f on ln r, r = 1, 2, …
pub fn fit_zipf(frequencies: impl Iterator<Item = u64>) -> ZipfFit {
    let points: Vec<(f64, f64)> = frequencies
        .enumerate()
        .map(|(i, f)| (((i + 1) as f64).ln(), (f as f64).ln()))
        .collect();
    let n = points.len() as f64;
    if points.len() < 2 {
        let c = points.first().map_or(0.0, |p| p.1.exp());
        return ZipfFit {
            exponent: 0.0,
            constant: c,
            r_squared: 0.0,
        };
    }
    let (mx, my) = (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let syy: f64 = points.iter().map(|p| (p.1 - my) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let r_squared = if syy == 0.0 {
        0.0
    } else {
        (sxy * sxy) / (sxx * syy)
    };
    ZipfFit {
        exponent: -slope,
        constant: intercept.exp(),
        r_squared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_power_law_is_recovered() {
        // f(r) = 1000 / r^1.25, kept as exact as integers allow by scaling up.
        let f = (1..=200).map(|r| (1e9 / (r as f64).powf(1.25)).round() as u64);
        let z = fit_zipf(f);
        assert!((z.exponent - 1.25).abs() < 1e-6, "{z:?}");
        assert!((z.constant - 1e9).abs() / 1e9 < 1e-6);
        assert!(z.r_squared > 0.999_999);
    }

    #[test]
    fn hand_counted_profile() {
        // Two documents: "a b a" and "c a": a×3, b×1, c×1.
        let counts = CountMatrix {
            ids: vec!["d1".into(), "d2".into()],
            tokens: vec![3, 2],
            terms: ["a", "b", "c"].into_iter().collect(),
            indptr: vec![0, 2, 4],
            indices: vec![0, 1, 0, 2],
            counts: vec![2, 1, 1, 1],
            ..CountMatrix::default()
        };
        let p = Profile::of(&counts);
        assert_eq!((p.documents, p.tokens, p.types, p.hapaxes), (2, 5, 3, 2));
        assert_eq!(p.type_token_ratio, 0.6);
        assert_eq!(p.mean_document_length, 2.5);
        assert_eq!(
            p.ranks,
            vec![("a".into(), 3), ("b".into(), 1), ("c".into(), 1)]
        );
        // ln f = (ln 3, 0, 0) on ln r = (0, ln 2, ln 3).
        let (l2, l3) = (2f64.ln(), 3f64.ln());
        let mx = (l2 + l3) / 3.0;
        let my = 3f64.ln() / 3.0;
        let sxx = mx * mx + (l2 - mx).powi(2) + (l3 - mx).powi(2);
        let sxy = (0.0 - mx) * (l3 - my) + (l2 - mx) * (0.0 - my) + (l3 - mx) * (0.0 - my);
        assert!((p.zipf.exponent + sxy / sxx).abs() < 1e-15);
    }

    #[test]
    fn empty_corpus_profile_has_no_nan() {
        let p = Profile::of(&CountMatrix::default());
        assert_eq!(
            (
                p.tokens,
                p.types,
                p.type_token_ratio,
                p.mean_document_length
            ),
            (0, 0, 0.0, 0.0)
        );
        assert!(p.zipf.exponent.is_finite() && p.zipf.r_squared.is_finite());
    }
}
