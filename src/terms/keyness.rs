//! Keyness: which terms a target document or group uses more (or less) than
//! the rest of the corpus, with quanteda's `textstat_keyness` definitions.
//!
//! For a term, the 2 × 2 table is a = its count in the target, b = its count
//! in the reference, c = the target's other tokens, d = the reference's other
//! tokens; N = a + b + c + d and E = (a + b)(a + c) / N is a's expected count.
//!
//! * `chi2`: Pearson's χ², with Yates' continuity correction applied as
//!   quanteda does by default: when some expected count is below 5 and
//!   |ad − bc| ≥ N/2;
//! * `g2`: the log-likelihood G² = 2 Σ o ln(o/e + 1e-9), with the same Yates
//!   adjustment of the cells (a and d moved half a count toward their
//!   expectation, b and c the other way) when |ad − bc| > N/2;
//! * `pmi`: ln(a/E + 1e-9), as quanteda;
//! * `log_ratio`: Hardie's log ratio, log₂ of the ratio of the term's
//!   relative frequencies in target and reference, a zero count taken as 0.5.
//!
//! χ² and G² carry the sign of a − E: positive for terms over-used in the
//! target, negative for under-used ones; PMI and log ratio are signed by
//! construction.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, ParamError, Result};
use crate::vectorize::CountMatrix;

/// quanteda's offset for zero cells inside logarithms.
const EPSILON: f64 = 1e-9;

/// A term's 2 × 2 table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Table {
    /// The term in the target.
    pub a: f64,
    /// The term in the reference.
    pub b: f64,
    /// Other tokens of the target.
    pub c: f64,
    /// Other tokens of the reference.
    pub d: f64,
}

impl Table {
    fn n(&self) -> f64 {
        self.a + self.b + self.c + self.d
    }

    fn expected_a(&self) -> f64 {
        let n = self.n();
        if n == 0.0 {
            0.0
        } else {
            (self.a + self.b) * (self.a + self.c) / n
        }
    }

    /// Whether some expected count is below 5.
    fn small(&self) -> bool {
        let (a, b, c, d, n) = (self.a, self.b, self.c, self.d, self.n());
        (a + b) * (a + c) / n < 5.0
            || (a + b) * (b + d) / n < 5.0
            || (a + c) * (c + d) / n < 5.0
            || (c + d) * (b + d) / n < 5.0
    }

    fn sign(a: f64, e: f64) -> f64 {
        if a > e {
            1.0
        } else {
            -1.0
        }
    }

    /// Signed χ² (quanteda's default correction).
    pub fn chi2(&self) -> f64 {
        let (a, b, c, d, n) = (self.a, self.b, self.c, self.d, self.n());
        let margins = (a + b) * (c + d) * (a + c) * (b + d);
        if margins == 0.0 {
            return 0.0;
        }
        let cross = (a * d - b * c).abs();
        let corrected = self.small() && cross >= n / 2.0;
        let num = if corrected { cross - n / 2.0 } else { cross };
        n * num * num / margins * Self::sign(a, self.expected_a())
    }

    /// Signed G² (quanteda's default correction).
    pub fn g2(&self) -> f64 {
        let n = self.n();
        if n == 0.0 {
            return 0.0;
        }
        let e11 = self.expected_a();
        let (mut a, mut b, mut c, mut d) = (self.a, self.b, self.c, self.d);
        if self.small() && (a * d - b * c).abs() > n / 2.0 {
            let s = if a * d - b * c > 0.0 { 0.5 } else { -0.5 };
            (a, d, b, c) = (a - s, d - s, b + s, c + s);
        }
        let term = |o: f64, e: f64| {
            if o == 0.0 {
                0.0
            } else {
                o * (o / e + EPSILON).ln()
            }
        };
        let g = 2.0
            * (term(a, e11)
                + term(b, (a + b) * (b + d) / n)
                + term(c, (a + c) * (c + d) / n)
                + term(d, (b + d) * (c + d) / n));
        g * Self::sign(a, e11)
    }

    /// ln(a / E + 1e-9).
    pub fn pmi(&self) -> f64 {
        let e = self.expected_a();
        if e <= 0.0 {
            return 0.0;
        }
        (self.a / e + EPSILON).ln()
    }

    /// log₂((a / (a + c)) / (b / (b + d))), zero counts taken as 0.5.
    pub fn log_ratio(&self) -> f64 {
        let (t, r) = (self.a + self.c, self.b + self.d);
        if t == 0.0 || r == 0.0 {
            return 0.0;
        }
        ((self.a.max(0.5) / t) / (self.b.max(0.5) / r)).log2()
    }
}

/// One term's keyness.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Keyness {
    /// The term.
    pub term: String,
    /// How it is shown (see [`crate::display`]).
    pub display: String,
    /// Its count in the target.
    pub target: u64,
    /// Its count in the reference.
    pub reference: u64,
    /// Signed χ².
    pub chi2: f64,
    /// Signed G².
    pub g2: f64,
    /// PMI.
    pub pmi: f64,
    /// Log ratio.
    pub log_ratio: f64,
}

/// What [`sort`] orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Signed χ².
    #[default]
    Chi2,
    /// Signed G².
    G2,
    /// PMI.
    Pmi,
    /// Log ratio.
    LogRatio,
}

crate::names::named_enum!(Measure, "keyness measure", {
    Chi2 => "chi2",
    G2 => "g2",
    Pmi => "pmi",
    LogRatio => "log-ratio",
});

impl Measure {
    /// This measure's value for `k`.
    pub fn of(self, k: &Keyness) -> f64 {
        match self {
            Measure::Chi2 => k.chi2,
            Measure::G2 => k.g2,
            Measure::Pmi => k.pmi,
            Measure::LogRatio => k.log_ratio,
        }
    }
}

/// One comparison per group of `groups` (document id → group name): the
/// group's name and which of the documents `ids` are in it, groups in name
/// order. A document with no group is in none (always in the reference).
pub fn group_targets(
    ids: &[String],
    groups: &BTreeMap<String, String>,
) -> Vec<(String, Vec<bool>)> {
    let mut names: Vec<&String> = groups.values().collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let mask = ids.iter().map(|id| groups.get(id) == Some(name)).collect();
            (name.clone(), mask)
        })
        .collect()
}

/// Reads a groups file: `id<TAB>group` lines (a first line starting
/// `id<TAB>` is a header, blank lines are skipped). A documents.tsv that
/// `tahlil cluster` wrote is one: its second column is the cluster.
pub fn read_groups(path: &Path) -> Result<BTreeMap<String, String>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&shown, e))?;
    let mut groups = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || (i == 0 && line.starts_with("id\t")) {
            continue;
        }
        let Some((id, group)) = line.split_once('\t') else {
            return Err(Error::Parse {
                path: shown,
                line: i as u64 + 1,
                message: "expected `id<TAB>group`".into(),
            });
        };
        let group = group.split('\t').next().unwrap_or(group);
        groups.insert(id.to_string(), group.to_string());
    }
    Ok(groups)
}

/// Keyness of every term of `counts` for the documents with `in_target`
/// set against the others, in vocabulary order. Terms absent from both
/// (none, after counting) are skipped. The target and the rest must each
/// hold a document.
pub fn keyness(counts: &CountMatrix, in_target: &[bool]) -> Result<Vec<Keyness>, ParamError> {
    let chosen = in_target.iter().filter(|&&t| t).count();
    if in_target.len() != counts.n_docs() || chosen == 0 || chosen == in_target.len() {
        return Err(ParamError::KeynessTarget {
            in_target: chosen,
            documents: counts.n_docs(),
        });
    }
    let v = counts.terms.len();
    let (mut target, mut reference) = (vec![0u64; v], vec![0u64; v]);
    for (doc, &t) in in_target.iter().enumerate() {
        let side = if t { &mut target } else { &mut reference };
        for p in counts.indptr[doc]..counts.indptr[doc + 1] {
            side[counts.indices[p] as usize] += u64::from(counts.counts[p]);
        }
    }
    let (tt, rt): (u64, u64) = (target.iter().sum(), reference.iter().sum());
    Ok((0..v)
        .filter(|&j| target[j] + reference[j] > 0)
        .map(|j| {
            let t = Table {
                a: target[j] as f64,
                b: reference[j] as f64,
                c: (tt - target[j]) as f64,
                d: (rt - reference[j]) as f64,
            };
            Keyness {
                term: counts.terms[j].to_string(),
                display: counts.display_term(j).into_owned(),
                target: target[j],
                reference: reference[j],
                chi2: t.chi2(),
                g2: t.g2(),
                pmi: t.pmi(),
                log_ratio: t.log_ratio(),
            }
        })
        .collect())
}

/// Sorts by `measure`, largest (most over-used) first; ties in code-point order.
pub fn sort(rows: &mut [Keyness], measure: Measure) {
    let key = |k: &Keyness| match measure {
        Measure::Chi2 => k.chi2,
        Measure::G2 => k.g2,
        Measure::Pmi => k.pmi,
        Measure::LogRatio => k.log_ratio,
    };
    rows.sort_by(|x, y| key(y).total_cmp(&key(x)).then_with(|| x.term.cmp(&y.term)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
    }

    /// quanteda's own test: d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b";
    /// target d1, term a: a = 3, b = 7, c = 7, d = 2, N = 19.
    fn quanteda_example() -> Table {
        Table {
            a: 3.0,
            b: 7.0,
            c: 7.0,
            d: 2.0,
        }
    }

    #[test]
    fn group_targets_are_in_name_order_and_leave_ungrouped_documents_out() {
        let ids: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let groups: BTreeMap<String, String> = [("a", "داعش"), ("b", "10"), ("c", "2")]
            .map(|(d, g)| (d.to_string(), g.to_string()))
            .into_iter()
            .collect();
        let t = group_targets(&ids, &groups);
        let names: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["10", "2", "داعش"], "names sort as text");
        assert_eq!(t[0].1, [false, true, false, false]);
        assert_eq!(t[2].1, [true, false, false, false]);
        assert!(t.iter().all(|(_, m)| !m[3]), "d is in no group");
    }

    #[test]
    fn chi2_with_yates_by_hand() {
        // E(b) = 10·9/19 = 4.74 < 5 and |ad − bc| = 43 ≥ 9.5: corrected.
        // χ² = 19 (43 − 9.5)² / (10·9·10·9) = 21322.75 / 8100; a = 3 < E = 5.26: negative.
        // SciPy's chi2_contingency([[3, 7], [7, 2]], correction=True): 2.632438271604939.
        close(quanteda_example().chi2(), -21322.75 / 8100.0);
        close(quanteda_example().chi2(), -2.632438271604939);
    }

    #[test]
    fn chi2_without_correction_when_counts_are_large() {
        // a = 30, b = 70, c = 70, d = 20: expected counts 52.6, 47.4, 47.4, 42.6.
        let t = Table {
            a: 30.0,
            b: 70.0,
            c: 70.0,
            d: 20.0,
        };
        let cross: f64 = 30.0 * 20.0 - 70.0 * 70.0;
        close(
            t.chi2(),
            -190.0 * cross * cross / (100.0 * 90.0 * 100.0 * 90.0),
        );
    }

    #[test]
    fn g2_by_hand() {
        // Corrected cells (ad − bc < 0: a, d up by 0.5, b, c down): 3.5, 6.5, 6.5, 2.5.
        let n = 19.0;
        // Expected counts from the margins (unchanged by the correction).
        let (e_a, e_b, e_c, e_d) = (100.0 / n, 90.0 / n, 90.0 / n, 81.0 / n);
        let want = 2.0
            * (3.5 * (3.5 / e_a + 1e-9f64).ln()
                + 6.5 * (6.5 / e_b + 1e-9f64).ln()
                + 6.5 * (6.5 / e_c + 1e-9f64).ln()
                + 2.5 * (2.5 / e_d + 1e-9f64).ln());
        // 3.5 < 5.26: negative.
        close(quanteda_example().g2(), -want);
        // SciPy's chi2_contingency(…, correction=True, lambda_="log-likelihood")
        // gives 2.70284374273874 (no 1e-9 offset: the two differ by ~1e-8).
        assert!((quanteda_example().g2() + 2.70284374273874).abs() < 1e-7);
    }

    #[test]
    fn pmi_and_log_ratio_by_hand() {
        let t = quanteda_example();
        close(t.pmi(), (3.0 / (100.0 / 19.0) + 1e-9f64).ln());
        close(t.log_ratio(), ((3.0f64 / 10.0) / (7.0 / 9.0)).log2());
        // A term absent from the reference: its count there taken as 0.5.
        let t = Table {
            a: 4.0,
            b: 0.0,
            c: 96.0,
            d: 200.0,
        };
        close(t.log_ratio(), ((4.0f64 / 100.0) / (0.5 / 200.0)).log2());
    }

    #[test]
    fn degenerate_tables_give_zero_not_nan() {
        let t = Table {
            a: 0.0,
            b: 0.0,
            c: 0.0,
            d: 0.0,
        };
        for x in [t.chi2(), t.g2(), t.pmi(), t.log_ratio()] {
            assert_eq!(x, 0.0);
        }
        let t = Table {
            a: 5.0,
            b: 0.0,
            c: 0.0,
            d: 0.0,
        };
        assert!([t.chi2(), t.g2(), t.pmi(), t.log_ratio()]
            .iter()
            .all(|x| x.is_finite()));
    }

    #[test]
    fn keyness_of_a_corpus_splits_counts_by_target() {
        // d1 = "a a b", d2 = "b c", d3 = "c c": target d1.
        let counts = CountMatrix {
            ids: vec!["d1".into(), "d2".into(), "d3".into()],
            tokens: vec![3, 2, 2],
            terms: ["a", "b", "c"].into_iter().collect(),
            indptr: vec![0, 2, 4, 5],
            indices: vec![0, 1, 1, 2, 2],
            counts: vec![2, 1, 1, 1, 2],
            ..CountMatrix::default()
        };
        let mut k = keyness(&counts, &[true, false, false]).unwrap();
        let t: Vec<(&str, u64, u64)> = k
            .iter()
            .map(|k| (k.term.as_str(), k.target, k.reference))
            .collect();
        assert_eq!(t, vec![("a", 2, 0), ("b", 1, 1), ("c", 0, 3)]);
        close(
            k[0].pmi,
            Table {
                a: 2.0,
                b: 0.0,
                c: 1.0,
                d: 4.0,
            }
            .pmi(),
        );
        sort(&mut k, Measure::LogRatio);
        assert_eq!(
            k.iter().map(|k| k.term.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn a_target_of_every_document_or_none_is_an_error() {
        let counts = CountMatrix {
            ids: vec!["d1".into(), "d2".into()],
            tokens: vec![1, 1],
            terms: ["داعش"].into_iter().collect(),
            indptr: vec![0, 1, 2],
            indices: vec![0, 0],
            counts: vec![1, 1],
            ..CountMatrix::default()
        };
        for (mask, chosen) in [
            (vec![true, true], 2),
            (vec![false, false], 0),
            (vec![true], 1),
        ] {
            assert_eq!(
                keyness(&counts, &mask),
                Err(ParamError::KeynessTarget {
                    in_target: chosen,
                    documents: 2
                })
            );
        }
        assert!(keyness(&counts, &[true, false]).is_ok());
    }
}
