//! Collocations: word pairs that occur together more than chance predicts,
//! scored exactly as NLTK's `BigramCollocationFinder` and
//! `BigramAssocMeasures`.
//!
//! Counting follows `BigramCollocationFinder.from_words(words, window_size=W)`
//! fed each document with W − 1 separators after it: every word w₁ is paired
//! with each of the next W − 1 words of its document (pairs never span two
//! documents), n = the number of words, and a pair's count is divided by
//! W − 1 before scoring (Church and Hanks's scaling). With
//! n_ii the scaled pair count, n_ix and n_xi the counts of w₁ and w₂, and the
//! contingency table (n_ii, n_oi = n_xi − n_ii, n_io = n_ix − n_ii,
//! n_oo = n − n_ii − n_oi − n_io), its expected cells e_i = (row sum)(column
//! sum)/n:
//!
//! * `pmi`: log₂(n_ii·n) − log₂(n_ix·n_xi);
//! * `npmi`: ln(p(ab) / (p(a)p(b))) / −ln p(ab), p(ab) = n_ii/n, p(a) = n_ix/n,
//!   p(b) = n_xi/n (1 when p(ab) = 1);
//! * `llr`: 2 Σ o ln(o/(e + 10⁻²⁰) + 10⁻²⁰);
//! * `chi2`: n (n_ii n_oo − n_io n_oi)² / the product of the four margins;
//! * `t`: (n_ii − n_ix n_xi / n) / √(n_ii + 10⁻²⁰);
//! * `dice`: 2 n_ii / (n_ix + n_xi); `jaccard`: n_ii / (n_ii + n_oi + n_io);
//! * `poisson-stirling`: n_ii (log₂(n_ii / (n_ix n_xi / n)) − 1).

use crate::display::DisplayForms;
use crate::error::ParamError;
use rustc_hash::FxHashMap;

/// NLTK's `_SMALL`.
const SMALL: f64 = 1e-20;

/// An association measure of NLTK's `BigramAssocMeasures` (and NPMI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Pointwise mutual information (log₂).
    Pmi,
    /// Normalized PMI, in [−1, 1].
    #[default]
    Npmi,
    /// Log-likelihood ratio.
    Llr,
    /// Pearson's χ².
    Chi2,
    /// Student's t.
    T,
    /// Dice's coefficient.
    Dice,
    /// Jaccard index.
    Jaccard,
    /// Poisson–Stirling.
    PoissonStirling,
}

crate::names::named_enum!(Measure, "association measure", {
    Pmi => "pmi",
    Npmi => "npmi",
    Llr => "llr",
    Chi2 => "chi2",
    T => "t",
    Dice => "dice",
    Jaccard => "jaccard",
    PoissonStirling => "poisson-stirling",
});

impl Measure {
    /// Every measure, in the order above.
    pub const ALL: [Measure; 8] = [
        Measure::Pmi,
        Measure::Npmi,
        Measure::Llr,
        Measure::Chi2,
        Measure::T,
        Measure::Dice,
        Measure::Jaccard,
        Measure::PoissonStirling,
    ];

    /// The score of a pair: scaled count `n_ii`, word counts `n_ix`, `n_xi`,
    /// `n` words in all.
    pub fn score(self, n_ii: f64, n_ix: f64, n_xi: f64, n: f64) -> f64 {
        let n_oi = n_xi - n_ii;
        let n_io = n_ix - n_ii;
        let n_oo = n - n_ii - n_oi - n_io;
        match self {
            Measure::Pmi => (n_ii * n).log2() - (n_ix * n_xi).log2(),
            Measure::Npmi => {
                let p_ab = n_ii / n;
                if p_ab >= 1.0 {
                    1.0
                } else {
                    (p_ab / ((n_ix / n) * (n_xi / n))).ln() / -p_ab.ln()
                }
            }
            Measure::Llr => {
                let cont = [n_ii, n_oi, n_io, n_oo];
                let sum: f64 = (0..4)
                    .map(|i| {
                        let e = (cont[i] + cont[i ^ 1]) * (cont[i] + cont[i ^ 2]) / n;
                        cont[i] * (cont[i] / (e + SMALL) + SMALL).ln()
                    })
                    .sum();
                2.0 * sum
            }
            Measure::Chi2 => {
                let d = n_ii * n_oo - n_oi * n_io;
                n * (d * d / ((n_ii + n_oi) * (n_ii + n_io) * (n_oi + n_oo) * (n_io + n_oo)))
            }
            Measure::T => (n_ii - n_ix * n_xi / n) / (n_ii + SMALL).sqrt(),
            Measure::Dice => 2.0 * n_ii / (n_ix + n_xi),
            Measure::Jaccard => n_ii / (n_ii + n_oi + n_io),
            Measure::PoissonStirling => n_ii * ((n_ii / (n_ix * n_xi / n)).log2() - 1.0),
        }
    }
}

/// Checks the shape of a collocation search before any counting: `size` 2
/// (pairs within `window` words) or 3 (contiguous triples, so `window` 2 or 3,
/// as NLTK), and for triples a `measure` defined on them.
pub fn check(size: usize, window: usize, measure: Measure) -> Result<(), ParamError> {
    match size {
        2 => Ok(()),
        3 if window != 2 && window != 3 => Err(ParamError::TrigramWindow(window)),
        3 => measure.check_trigram(),
        n => Err(ParamError::CollocationSize(n)),
    }
}

impl Measure {
    /// Checks that this measure is defined for trigrams: Dice is for pairs
    /// only, as in NLTK. A front calls it before reading the corpus.
    pub fn check_trigram(self) -> Result<(), ParamError> {
        match self.score_trigram(1.0, (1.0, 1.0, 1.0), (1.0, 1.0, 1.0), 1.0) {
            Some(_) => Ok(()),
            None => Err(ParamError::TrigramMeasure(self.to_string())),
        }
    }

    /// The score of a trigram, with NLTK's `TrigramAssocMeasures` (the
    /// generic `NgramAssocMeasures` definitions for n = 3); `None` for Dice,
    /// which NLTK defines for pairs only.
    ///
    /// `pairs` = (n_iix, n_ixi, n_xii): counts of (w₁, w₂), (w₁, _, w₃) and
    /// (w₂, w₃); `words` = (n_ixx, n_xix, n_xxi); `n` words in all.
    pub fn score_trigram(
        self,
        n_iii: f64,
        pairs: (f64, f64, f64),
        words: (f64, f64, f64),
        n: f64,
    ) -> Option<f64> {
        let (n_iix, n_ixi, n_xii) = pairs;
        let (n_ixx, n_xix, n_xxi) = words;
        let n_oii = n_xii - n_iii;
        let n_ioi = n_ixi - n_iii;
        let n_iio = n_iix - n_iii;
        let n_ooi = n_xxi - n_iii - n_oii - n_ioi;
        let n_oio = n_xix - n_iii - n_oii - n_iio;
        let n_ioo = n_ixx - n_iii - n_ioi - n_iio;
        let n_ooo = n - n_iii - n_oii - n_ioi - n_iio - n_ooi - n_oio - n_ioo;
        let cont = [n_iii, n_oii, n_ioi, n_ooi, n_iio, n_oio, n_ioo, n_ooo];
        let expected = |i: usize| -> f64 {
            [1usize, 2, 4]
                .iter()
                .map(|&j| {
                    (0..8)
                        .filter(|&x| (x & j) == (i & j))
                        .map(|x| cont[x])
                        .sum::<f64>()
                })
                .product::<f64>()
                / (n * n)
        };
        let product = n_ixx * n_xix * n_xxi;
        Some(match self {
            Measure::Pmi => (n_iii * (n * n)).log2() - product.log2(),
            Measure::Npmi => {
                let p = n_iii / n;
                if p >= 1.0 {
                    1.0
                } else {
                    (p / ((n_ixx / n) * (n_xix / n) * (n_xxi / n))).ln() / -p.ln()
                }
            }
            Measure::Llr => {
                2.0 * (0..8)
                    .map(|i| cont[i] * (cont[i] / (expected(i) + SMALL) + SMALL).ln())
                    .sum::<f64>()
            }
            Measure::Chi2 => (0..8)
                .map(|i| {
                    let e = expected(i);
                    (cont[i] - e) * (cont[i] - e) / (e + SMALL)
                })
                .sum(),
            Measure::T => (n_iii - product / (n * n)) / (n_iii + SMALL).sqrt(),
            Measure::Dice => return None,
            Measure::Jaccard => n_iii / cont[..7].iter().sum::<f64>(),
            Measure::PoissonStirling => n_iii * ((n_iii / (product / (n * n))).log2() - 1.0),
        })
    }
}

/// The distinct words of a corpus and their counts; each document is handed
/// on as word ids.
struct Words {
    words: Vec<String>,
    counts: Vec<u64>,
    n: u64,
}

impl Words {
    fn count<'a, D, W>(documents: D, mut each: impl FnMut(&[u32])) -> Words
    where
        D: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        let mut ids: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut out = Words {
            words: Vec::new(),
            counts: Vec::new(),
            n: 0,
        };
        let mut doc: Vec<u32> = Vec::new();
        for words in documents {
            doc.clear();
            for w in words {
                let next = ids.len() as u32;
                let id = *ids.entry(w).or_insert_with(|| {
                    out.words.push(w.to_string());
                    out.counts.push(0);
                    next
                });
                out.counts[id as usize] += 1;
                doc.push(id);
            }
            out.n += doc.len() as u64;
            each(&doc);
        }
        out
    }
}

/// One scored pair.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Collocation {
    /// First word.
    pub w1: String,
    /// Second word.
    pub w2: String,
    /// How the pair is shown: each word as most often written (see
    /// [`Collocation::shown`]; the two words until then).
    pub display: String,
    /// Times w₂ follows w₁ within the window (unscaled).
    pub count: u64,
    /// Count of w₁.
    pub count_w1: u64,
    /// Count of w₂.
    pub count_w2: u64,
    /// The measure's score.
    pub score: f64,
}

impl Collocation {
    /// The pair with its words shown in their display forms.
    pub fn shown(mut self, forms: &DisplayForms) -> Self {
        self.display = format!("{} {}", forms.word(&self.w1), forms.word(&self.w2));
        self
    }
}

impl Trigram {
    /// The trigram with its words shown in their display forms.
    pub fn shown(mut self, forms: &DisplayForms) -> Self {
        self.display = self
            .words
            .iter()
            .map(|w| forms.word(w))
            .collect::<Vec<_>>()
            .join(" ");
        self
    }
}

/// Word and pair counts of a corpus.
#[derive(Debug, Default)]
pub struct PairCounts {
    words: Vec<String>,
    word_counts: Vec<u64>,
    pairs: FxHashMap<(u32, u32), u64>,
    /// Words in all.
    pub n: u64,
    window: usize,
}

impl PairCounts {
    /// Counts the words of each document and the pairs within `window` words
    /// (2: adjacent pairs; below 2 is an error).
    pub fn new<'a, D, W>(documents: D, window: usize) -> Result<PairCounts, ParamError>
    where
        D: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        if window < 2 {
            return Err(ParamError::CollocationWindow(window));
        }
        let mut pairs: FxHashMap<(u32, u32), u64> = FxHashMap::default();
        let words = Words::count(documents, |doc| {
            for (i, &a) in doc.iter().enumerate() {
                for &b in &doc[i + 1..doc.len().min(i + window)] {
                    *pairs.entry((a, b)).or_insert(0) += 1;
                }
            }
        });
        Ok(PairCounts {
            n: words.n,
            words: words.words,
            word_counts: words.counts,
            pairs,
            window,
        })
    }

    /// Pairs seen at least `min_freq` times (unscaled), scored by `measure`,
    /// best first; ties in code-point order of (w₁, w₂), as NLTK's
    /// `score_ngrams`.
    pub fn score(&self, measure: Measure, min_freq: u64) -> Vec<Collocation> {
        let n = self.n as f64;
        let scale = (self.window - 1) as f64;
        let mut out: Vec<Collocation> = self
            .pairs
            .iter()
            .filter(|(_, &count)| count >= min_freq)
            .map(|(&(a, b), &count)| {
                let (n_ix, n_xi) = (self.word_counts[a as usize], self.word_counts[b as usize]);
                Collocation {
                    w1: self.words[a as usize].clone(),
                    w2: self.words[b as usize].clone(),
                    display: format!("{} {}", self.words[a as usize], self.words[b as usize]),
                    count,
                    count_w1: n_ix,
                    count_w2: n_xi,
                    score: measure.score(count as f64 / scale, n_ix as f64, n_xi as f64, n),
                }
            })
            .collect();
        out.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then_with(|| x.w1.cmp(&y.w1))
                .then_with(|| x.w2.cmp(&y.w2))
        });
        out
    }
}

/// One scored trigram.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Trigram {
    /// The three words.
    pub words: [String; 3],
    /// How the trigram is shown (see [`Collocation::shown`]).
    pub display: String,
    /// Times the three occur in a row.
    pub count: u64,
    /// Counts of each word.
    pub word_counts: [u64; 3],
    /// The measure's score.
    pub score: f64,
}

/// Word, pair and trigram counts of a corpus (contiguous trigrams, as NLTK's
/// `TrigramCollocationFinder.from_words` with its window of 3).
#[derive(Debug, Default)]
pub struct TripleCounts {
    words: Vec<String>,
    word_counts: Vec<u64>,
    pairs: FxHashMap<(u32, u32), u64>,
    gapped: FxHashMap<(u32, u32), u64>,
    triples: FxHashMap<(u32, u32, u32), u64>,
    /// Words in all.
    pub n: u64,
}

impl TripleCounts {
    /// Counts the words, adjacent pairs, pairs one word apart and trigrams of
    /// each document (never across two).
    pub fn new<'a, D, W>(documents: D) -> TripleCounts
    where
        D: IntoIterator<Item = W>,
        W: IntoIterator<Item = &'a str>,
    {
        let (mut pairs, mut gapped, mut triples) = (
            FxHashMap::default(),
            FxHashMap::default(),
            FxHashMap::default(),
        );
        let words = Words::count(documents, |doc| {
            for i in 0..doc.len() {
                if let Some(&b) = doc.get(i + 1) {
                    *pairs.entry((doc[i], b)).or_insert(0) += 1;
                }
                if let Some(&d) = doc.get(i + 2) {
                    *gapped.entry((doc[i], d)).or_insert(0) += 1;
                    *triples.entry((doc[i], doc[i + 1], d)).or_insert(0) += 1;
                }
            }
        });
        TripleCounts {
            n: words.n,
            words: words.words,
            word_counts: words.counts,
            pairs,
            gapped,
            triples,
        }
    }

    /// Trigrams seen at least `min_freq` times, scored by `measure`, best
    /// first; ties in code-point order of the words. Dice is an error (see
    /// [`Measure::check_trigram`]).
    pub fn score(&self, measure: Measure, min_freq: u64) -> Result<Vec<Trigram>, ParamError> {
        measure.check_trigram()?;
        let n = self.n as f64;
        let wc = |w: u32| self.word_counts[w as usize];
        let mut out: Vec<Trigram> = self
            .triples
            .iter()
            .filter(|(_, &count)| count >= min_freq)
            .map(|(&(a, b, d), &count)| {
                let pairs = (
                    self.pairs[&(a, b)] as f64,
                    self.gapped[&(a, d)] as f64,
                    self.pairs[&(b, d)] as f64,
                );
                let words = (wc(a) as f64, wc(b) as f64, wc(d) as f64);
                Trigram {
                    words: [a, b, d].map(|w| self.words[w as usize].clone()),
                    display: [a, b, d].map(|w| self.words[w as usize].as_str()).join(" "),
                    count,
                    word_counts: [wc(a), wc(b), wc(d)],
                    score: measure
                        .score_trigram(count as f64, pairs, words, n)
                        .expect("checked above"),
                }
            })
            .collect();
        out.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then_with(|| x.words.cmp(&y.words))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
    }

    /// "a b a b c" and "b a c": a×3, b×3, c×2, n = 8; adjacent pairs
    /// (a,b)×2, (b,a)×2, (b,c)×1, (a,c)×1, none across the documents.
    fn fixture(window: usize) -> PairCounts {
        let docs = [vec!["a", "b", "a", "b", "c"], vec!["b", "a", "c"]];
        PairCounts::new(docs.iter().map(|d| d.iter().copied()), window).unwrap()
    }

    #[test]
    fn pairs_are_counted_within_documents() {
        let c = fixture(2);
        assert_eq!(c.n, 8);
        let mut pairs: Vec<(String, String, u64)> = c
            .score(Measure::Dice, 1)
            .into_iter()
            .map(|x| (x.w1, x.w2, x.count))
            .collect();
        pairs.sort();
        let want = [("a", "b", 2), ("a", "c", 1), ("b", "a", 2), ("b", "c", 1)];
        assert_eq!(
            pairs,
            want.map(|(a, b, n)| (a.to_string(), b.to_string(), n))
        );
        // Window 3 also pairs words one apart: (b, c) once in each document
        // ("… b c" and "b a c").
        let c3 = fixture(3);
        let bc = c3
            .score(Measure::Dice, 1)
            .into_iter()
            .find(|x| x.w1 == "b" && x.w2 == "c")
            .unwrap();
        assert_eq!(bc.count, 2);
    }

    #[test]
    fn measures_by_hand() {
        // (a, b): n_ii = 2, n_ix = 3, n_xi = 3, n = 8; table 2, 1, 1, 4.
        let (ii, ix, xi, n) = (2.0, 3.0, 3.0, 8.0);
        close(Measure::Pmi.score(ii, ix, xi, n), (16.0f64 / 9.0).log2());
        close(
            Measure::Npmi.score(ii, ix, xi, n),
            (16.0f64 / 9.0).ln() / -(0.25f64).ln(),
        );
        close(Measure::Dice.score(ii, ix, xi, n), 4.0 / 6.0);
        close(Measure::Jaccard.score(ii, ix, xi, n), 2.0 / 4.0);
        close(
            Measure::T.score(ii, ix, xi, n),
            (2.0 - 9.0 / 8.0) / (2.0f64 + 1e-20).sqrt(),
        );
        // χ² = 8 (2·4 − 1·1)² / (3·3·5·5) = 392 / 225.
        close(Measure::Chi2.score(ii, ix, xi, n), 392.0 / 225.0);
        // Expected cells 9/8, 15/8, 15/8, 25/8.
        let e: [f64; 4] = [9.0 / 8.0, 15.0 / 8.0, 15.0 / 8.0, 25.0 / 8.0];
        let o: [f64; 4] = [2.0, 1.0, 1.0, 4.0];
        let llr: f64 = 2.0
            * o.iter()
                .zip(e)
                .map(|(o, e)| o * (o / (e + 1e-20) + 1e-20).ln())
                .sum::<f64>();
        close(Measure::Llr.score(ii, ix, xi, n), llr);
        close(
            Measure::PoissonStirling.score(ii, ix, xi, n),
            2.0 * ((2.0f64 / (9.0 / 8.0)).log2() - 1.0),
        );
    }

    #[test]
    fn ties_sort_in_code_point_order_and_min_freq_filters() {
        let c = fixture(2);
        let s = c.score(Measure::Dice, 2);
        let got: Vec<(&str, &str)> = s.iter().map(|x| (x.w1.as_str(), x.w2.as_str())).collect();
        assert_eq!(got, [("a", "b"), ("b", "a")]);
    }

    #[test]
    fn a_window_below_two_is_an_error() {
        let docs = [vec!["داعش", "القاعده"]];
        let counts = |w| PairCounts::new(docs.iter().map(|d| d.iter().copied()), w).map(|_| ());
        assert_eq!(counts(1), Err(ParamError::CollocationWindow(1)));
        assert_eq!(counts(0), Err(ParamError::CollocationWindow(0)));
        assert_eq!(counts(2), Ok(()));
    }

    #[test]
    fn a_search_is_pairs_or_contiguous_triples() {
        assert_eq!(check(2, 5, Measure::Dice), Ok(()));
        assert_eq!(check(3, 3, Measure::Pmi), Ok(()));
        assert_eq!(
            check(4, 2, Measure::Pmi),
            Err(ParamError::CollocationSize(4))
        );
        assert_eq!(check(3, 5, Measure::Pmi), Err(ParamError::TrigramWindow(5)));
        assert_eq!(
            check(3, 2, Measure::Dice),
            Err(ParamError::TrigramMeasure("dice".into()))
        );
    }

    #[test]
    fn dice_is_for_pairs_only() {
        let docs = [vec!["داعش", "القاعده", "تنظيم"]];
        let triples = TripleCounts::new(docs.iter().map(|d| d.iter().copied()));
        assert_eq!(
            triples.score(Measure::Dice, 1).err(),
            Some(ParamError::TrigramMeasure("dice".into()))
        );
        assert_eq!(triples.score(Measure::Pmi, 1).map(|t| t.len()), Ok(1));
        assert_eq!(Measure::Pmi.check_trigram(), Ok(()));
    }
}
