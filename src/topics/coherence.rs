//! Topic coherence, exactly as gensim's `CoherenceModel` computes `c_npmi`
//! and `u_mass` for topics given as word lists.
//!
//! * `c_npmi`: every ordered pair (w′, w*) of a topic's words, probabilities
//!   from boolean sliding windows of `window` words (a text shorter than the
//!   window is one window; words outside the topics keep their places), and
//!   NPMI = ln((P(w′, w*) + ε) / (P(w′) P(w*))) / −ln(P(w′, w*) + ε);
//! * `u_mass`: each word against every word before it in the topic,
//!   probabilities from documents, ln((P(w′, w*) + ε) / P(w*)).
//!
//! A topic's coherence is the mean over its pairs; ε = 10⁻¹², gensim's
//! `EPSILON`, so a pair that never co-occurs scores finitely. Where gensim
//! would divide by zero (a topic word that occurs nowhere), the pair scores
//! −1 (NPMI's floor) for `c_npmi` and 0 for `u_mass` (gensim's own choice
//! there), so the result is never NaN or infinite.
//!
//! gensim slides its windows incrementally: when a window moves on, the word
//! that left is marked absent even if it occurs again inside the window.
//! That is reproduced here, so that scores agree with gensim's to 1e-12.

use rustc_hash::FxHashMap;

/// gensim's `EPSILON`.
pub const EPSILON: f64 = 1e-12;

/// Occurrence counts of the topic words: per word, and per unordered pair.
struct Counts {
    single: Vec<f64>,
    pair: FxHashMap<(u32, u32), f64>,
    n: f64,
}

impl Counts {
    fn pair(&self, a: u32, b: u32) -> f64 {
        self.pair.get(&(a.min(b), a.max(b))).copied().unwrap_or(0.0)
    }

    fn add(&mut self, present: &[bool]) {
        let ids: Vec<u32> = (0..present.len() as u32)
            .filter(|&i| present[i as usize])
            .collect();
        for (i, &a) in ids.iter().enumerate() {
            self.single[a as usize] += 1.0;
            for &b in &ids[i + 1..] {
                *self.pair.entry((a, b)).or_insert(0.0) += 1.0;
            }
        }
    }
}

/// Topic words as ids (one id per distinct word across topics).
fn vocabulary<'a>(topics: &[Vec<&'a str>]) -> (FxHashMap<&'a str, u32>, Vec<Vec<u32>>) {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let topics = topics
        .iter()
        .map(|t| {
            t.iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect()
        })
        .collect();
    (ids, topics)
}

/// `c_npmi` of each topic over `texts`, with windows of `window` words
/// (gensim's default for c_npmi: 10).
pub fn c_npmi(texts: &[Vec<&str>], topics: &[Vec<&str>], window: usize) -> Vec<f64> {
    let window = window.max(1);
    let (ids, topic_ids) = vocabulary(topics);
    let r = ids.len();
    let none = r as u32;
    let mut counts = Counts {
        single: vec![0.0; r],
        pair: FxHashMap::default(),
        n: 0.0,
    };
    // Present-word flags, with a last slot for words outside the topics.
    let mut present = vec![false; r + 1];
    for text in texts {
        let doc: Vec<u32> = text
            .iter()
            .map(|w| ids.get(w).copied().unwrap_or(none))
            .collect();
        if doc.len() < window {
            if !doc.is_empty() {
                present.iter_mut().for_each(|p| *p = false);
                doc.iter().for_each(|&w| present[w as usize] = true);
                counts.add(&present[..r]);
            }
            counts.n += 1.0;
            continue;
        }
        for start in 0..=doc.len() - window {
            if start == 0 {
                present.iter_mut().for_each(|p| *p = false);
                doc[..window]
                    .iter()
                    .for_each(|&w| present[w as usize] = true);
            } else {
                // gensim's incremental slide (see the module docs).
                present[doc[start - 1] as usize] = false;
                present[doc[start + window - 1] as usize] = true;
            }
            counts.add(&present[..r]);
            counts.n += 1.0;
        }
    }
    let n = counts.n;
    topic_ids
        .iter()
        .map(|t| {
            let mut scores = Vec::new();
            for (i, &a) in t.iter().enumerate() {
                for (j, &b) in t.iter().enumerate() {
                    if i == j {
                        continue;
                    }
                    let (ca, cb) = (counts.single[a as usize], counts.single[b as usize]);
                    if ca == 0.0 || cb == 0.0 {
                        scores.push(-1.0);
                        continue;
                    }
                    let p_ab = counts.pair(a, b) / n;
                    let pmi = ((p_ab + EPSILON) / ((ca / n) * (cb / n))).ln();
                    scores.push(pmi / -(p_ab + EPSILON).ln());
                }
            }
            mean(&scores)
        })
        .collect()
}

/// `u_mass` of each topic over `texts` taken as documents.
pub fn u_mass(texts: &[Vec<&str>], topics: &[Vec<&str>]) -> Vec<f64> {
    let (ids, topic_ids) = vocabulary(topics);
    let r = ids.len();
    let mut counts = Counts {
        single: vec![0.0; r],
        pair: FxHashMap::default(),
        n: 0.0,
    };
    let mut present = vec![false; r];
    for text in texts {
        present.iter_mut().for_each(|p| *p = false);
        for w in text {
            if let Some(&id) = ids.get(w) {
                present[id as usize] = true;
            }
        }
        counts.add(&present);
        counts.n += 1.0;
    }
    let n = counts.n;
    topic_ids
        .iter()
        .map(|t| {
            let mut scores = Vec::new();
            for i in 1..t.len() {
                for &b in &t[..i] {
                    let cb = counts.single[b as usize];
                    if cb == 0.0 {
                        scores.push(0.0);
                        continue;
                    }
                    let p_ab = counts.pair(t[i], b) / n;
                    scores.push(((p_ab + EPSILON) / (cb / n)).ln());
                }
            }
            mean(&scores)
        })
        .collect()
}

/// The mean (0 for no pairs: a topic of one word).
fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u_mass_by_hand() {
        // Documents {a,b}, {a}, {b,c}: D = 3; topic [a, b, c]:
        // (b|a): ln((1/3 + ε)/(2/3)); (c|a): ln(ε/(2/3)); (c|b): ln((1/3 + ε)/(2/3)).
        let texts = vec![vec!["a", "b"], vec!["a"], vec!["b", "c"]];
        let got = u_mass(&texts, &[vec!["a", "b", "c"]])[0];
        let third = 1.0 / 3.0;
        let want =
            (((third + EPSILON) / (2.0 * third)).ln() * 2.0 + (EPSILON / (2.0 * third)).ln()) / 3.0;
        assert!((got - want).abs() < 1e-12);
    }

    #[test]
    fn c_npmi_by_hand_with_whole_documents_as_windows() {
        // Texts shorter than the window are one window each: as u_mass's documents.
        let texts = vec![vec!["a", "b"], vec!["a"], vec!["b", "c"]];
        let got = c_npmi(&texts, &[vec!["a", "b"]], 10)[0];
        let (p_ab, p_a, p_b) = (1.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0);
        let npmi = ((p_ab + EPSILON) / (p_a * p_b)).ln() / -(p_ab + EPSILON).ln();
        assert!((got - npmi).abs() < 1e-12);
    }

    #[test]
    fn gensim_slide_quirk_is_reproduced() {
        // "a a x" with windows of 2: [a a], then [a x], where gensim marks the
        // leaving a absent although another a is still inside. So a occurs in
        // one window, x in one, never together: P(a, x) = 0 over 2 windows.
        let texts = vec![vec!["a", "a", "x"]];
        let got = c_npmi(&texts, &[vec!["a", "x"]], 2)[0];
        let want = (EPSILON / (0.5 * 0.5)).ln() / -EPSILON.ln();
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }

    #[test]
    fn unknown_words_and_empty_texts_never_give_nan() {
        let texts = vec![vec![], vec!["a", "b"]];
        let npmi = c_npmi(&texts, &[vec!["a", "zzz"], vec!["a"]], 10);
        let umass = u_mass(&texts, &[vec!["zzz", "a"], vec![]]);
        assert!(
            npmi.iter().chain(&umass).all(|x| x.is_finite()),
            "{npmi:?} {umass:?}"
        );
        assert_eq!(npmi[0], -1.0);
    }
}
