//! Latent Dirichlet allocation by collapsed Gibbs sampling (Griffiths and
//! Steyvers 2004).
//!
//! Each token's topic is drawn in turn from
//! p(z = k) ∝ (n_dk + α) (n_kw + β) / (n_k + Vβ), one seeded generator for the
//! whole run, documents and tokens in order: the same seed gives the same
//! topics whatever the thread count. After `burn_in` sweeps, the estimates
//! φ_kw = (n_kw + β)/(n_k + Vβ) and θ_dk = (n_dk + α)/(n_d + Kα) are averaged
//! over the remaining sweeps.

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::error::{ParamError, Result};
use crate::vectorize::CountMatrix;

/// LDA settings.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LdaParams {
    /// Topics.
    pub k: usize,
    /// Document–topic prior (symmetric).
    pub alpha: f64,
    /// Topic–word prior (symmetric).
    pub beta: f64,
    /// Gibbs sweeps over the corpus.
    pub iterations: usize,
    /// Sweeps discarded before the estimates are averaged.
    pub burn_in: usize,
    /// Seed of the sampler.
    pub seed: u64,
}

impl Default for LdaParams {
    fn default() -> Self {
        LdaParams {
            k: 10,
            alpha: 0.1,
            beta: 0.01,
            iterations: 200,
            burn_in: 100,
            seed: 0,
        }
    }
}

impl LdaParams {
    fn check(&self) -> Result<(), ParamError> {
        if self.k == 0 || self.k > usize::from(u16::MAX) {
            return Err(ParamError::Topics(self.k));
        }
        for (name, v) in [("alpha", self.alpha), ("beta", self.beta)] {
            if !(v > 0.0 && v.is_finite()) {
                return Err(ParamError::Prior { name, value: v });
            }
        }
        if self.burn_in >= self.iterations {
            return Err(ParamError::BurnIn {
                burn_in: self.burn_in,
                iterations: self.iterations,
            });
        }
        Ok(())
    }
}

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Lda {
    /// K × V: p(word | topic), rows summing to 1.
    pub topic_word: Array2<f64>,
    /// D × K: p(topic | document), rows summing to 1.
    pub doc_topic: Array2<f64>,
}

/// Fits LDA to the term counts of `counts` (each count is that many tokens).
pub fn fit(counts: &CountMatrix, p: &LdaParams) -> Result<Lda> {
    p.check()?;
    let (d_n, v, k) = (counts.n_docs(), counts.terms.len(), p.k);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(p.seed);
    // Tokens, document by document.
    let mut words: Vec<u32> = Vec::new();
    let mut starts = vec![0usize];
    for d in 0..d_n {
        for q in counts.indptr[d]..counts.indptr[d + 1] {
            for _ in 0..counts.counts[q] {
                words.push(counts.indices[q]);
            }
        }
        starts.push(words.len());
    }
    let mut z: Vec<u16> = Vec::with_capacity(words.len());
    // Word-major topic counts: the inner loop over topics reads one
    // contiguous row per token (topic-major rows V apart missed the cache
    // K times per token).
    let (mut n_dk, mut n_wk, mut n_k) = (vec![0u32; d_n * k], vec![0u32; v * k], vec![0u32; k]);
    for d in 0..d_n {
        for &w in &words[starts[d]..starts[d + 1]] {
            let t = rng.gen_range(0..k);
            z.push(t as u16);
            n_dk[d * k + t] += 1;
            n_wk[w as usize * k + t] += 1;
            n_k[t] += 1;
        }
    }
    let vbeta = v as f64 * p.beta;
    let mut weights = vec![0.0f64; k];
    let (mut phi, mut theta) = (Array2::<f64>::zeros((k, v)), Array2::<f64>::zeros((d_n, k)));
    let mut inv = vec![0.0f64; k];
    for sweep in 0..p.iterations {
        for (t, x) in inv.iter_mut().enumerate() {
            *x = 1.0 / (n_k[t] as f64 + vbeta);
        }
        for d in 0..d_n {
            for i in starts[d]..starts[d + 1] {
                let w = words[i] as usize;
                let old = z[i] as usize;
                n_dk[d * k + old] -= 1;
                n_wk[w * k + old] -= 1;
                n_k[old] -= 1;
                inv[old] = 1.0 / (n_k[old] as f64 + vbeta);
                let mut total = 0.0;
                for t in 0..k {
                    total += (n_dk[d * k + t] as f64 + p.alpha)
                        * (n_wk[w * k + t] as f64 + p.beta)
                        * inv[t];
                    weights[t] = total;
                }
                let u = rng.gen::<f64>() * total;
                let new = weights.iter().position(|&c| u < c).unwrap_or(k - 1);
                z[i] = new as u16;
                n_dk[d * k + new] += 1;
                n_wk[w * k + new] += 1;
                n_k[new] += 1;
                inv[new] = 1.0 / (n_k[new] as f64 + vbeta);
            }
        }
        if sweep >= p.burn_in {
            for t in 0..k {
                let norm = 1.0 / (n_k[t] as f64 + vbeta);
                for w in 0..v {
                    phi[[t, w]] += (n_wk[w * k + t] as f64 + p.beta) * norm;
                }
            }
            for d in 0..d_n {
                let norm = 1.0 / ((starts[d + 1] - starts[d]) as f64 + k as f64 * p.alpha);
                for t in 0..k {
                    theta[[d, t]] += (n_dk[d * k + t] as f64 + p.alpha) * norm;
                }
            }
        }
    }
    let samples = (p.iterations - p.burn_in) as f64;
    phi /= samples;
    theta /= samples;
    Ok(Lda {
        topic_word: phi,
        doc_topic: theta,
    })
}

/// Jensen–Shannon divergence (base 2, in [0, 1]) of two distributions.
pub fn jensen_shannon(p: &[f64], q: &[f64]) -> f64 {
    let kl = |a: &[f64], m: &[f64]| -> f64 {
        a.iter()
            .zip(m)
            .filter(|(x, _)| **x > 0.0)
            .map(|(x, y)| x * (x / y).log2())
            .sum()
    };
    let m: Vec<f64> = p.iter().zip(q).map(|(a, b)| (a + b) / 2.0).collect();
    (0.5 * kl(p, &m) + 0.5 * kl(q, &m)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `k` planted topics over disjoint blocks of 20 words each (Zipf-like
    /// inside a block); each document draws 90 % of its 80 tokens from one
    /// topic and 10 % from another.
    fn planted(k: usize, docs: usize, seed: u64) -> (CountMatrix, Vec<Vec<f64>>) {
        let per = 20;
        let v = k * per;
        let mut topics = vec![vec![0.0; v]; k];
        for (t, topic) in topics.iter_mut().enumerate() {
            let norm: f64 = (1..=per).map(|r| 1.0 / r as f64).sum();
            for r in 0..per {
                topic[t * per + r] = 1.0 / (r + 1) as f64 / norm;
            }
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut c = CountMatrix {
            terms: (0..v).map(|w| format!("w{w:03}").into()).collect(),
            indptr: vec![0],
            ..CountMatrix::default()
        };
        for d in 0..docs {
            let main = d % k;
            let other = (d / k + 1 + main) % k;
            let mut row = vec![0u32; v];
            for _ in 0..80 {
                let t = if rng.gen::<f64>() < 0.9 { main } else { other };
                let u: f64 = rng.gen();
                let mut acc = 0.0;
                let w = (0..v).find(|&w| {
                    acc += topics[t][w];
                    u < acc
                });
                row[w.unwrap_or(t * per + per - 1)] += 1;
            }
            for (w, &n) in row.iter().enumerate() {
                if n > 0 {
                    c.indices.push(w as u32);
                    c.counts.push(n);
                }
            }
            c.indptr.push(c.indices.len());
            c.ids.push(format!("d{d}"));
            c.tokens.push(80);
        }
        (c, topics)
    }

    #[test]
    fn planted_topics_are_recovered() {
        let (counts, planted) = planted(4, 120, 7);
        let p = LdaParams {
            k: 4,
            iterations: 150,
            burn_in: 50,
            seed: 3,
            ..LdaParams::default()
        };
        let lda = fit(&counts, &p).unwrap();
        for (i, truth) in planted.iter().enumerate() {
            let best = lda
                .topic_word
                .outer_iter()
                .map(|found| 1.0 - jensen_shannon(truth, found.as_slice().unwrap()))
                .fold(0.0, f64::max);
            eprintln!("planted topic {i}: best Jensen–Shannon similarity {best}");
            assert!(
                best >= 0.9,
                "planted topic {i}: best Jensen–Shannon similarity {best}"
            );
        }
        for row in lda
            .topic_word
            .outer_iter()
            .chain(lda.doc_topic.outer_iter())
        {
            assert!((row.sum() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn same_seed_same_topics() {
        let (counts, _) = planted(3, 30, 1);
        let p = LdaParams {
            k: 3,
            iterations: 20,
            burn_in: 10,
            ..LdaParams::default()
        };
        assert_eq!(fit(&counts, &p).unwrap(), fit(&counts, &p).unwrap());
    }

    #[test]
    fn bad_parameters_are_errors() {
        let (counts, _) = planted(2, 4, 1);
        let bad = LdaParams {
            alpha: 0.0,
            ..LdaParams::default()
        };
        assert!(matches!(
            fit(&counts, &bad),
            Err(crate::Error::Param(ParamError::Prior { name: "alpha", .. }))
        ));
        let bad = LdaParams {
            burn_in: 200,
            iterations: 200,
            ..LdaParams::default()
        };
        assert!(matches!(
            fit(&counts, &bad),
            Err(crate::Error::Param(ParamError::BurnIn { .. }))
        ));
    }

    #[test]
    fn zero_topics_is_an_error() {
        let (counts, _) = planted(2, 4, 1);
        let bad = LdaParams {
            k: 0,
            ..LdaParams::default()
        };
        assert!(matches!(
            fit(&counts, &bad),
            Err(crate::Error::Param(ParamError::Topics(0)))
        ));
    }

    #[test]
    fn jensen_shannon_bounds() {
        assert_eq!(jensen_shannon(&[0.5, 0.5], &[0.5, 0.5]), 0.0);
        assert!((jensen_shannon(&[1.0, 0.0], &[0.0, 1.0]) - 1.0).abs() < 1e-15);
    }
}
