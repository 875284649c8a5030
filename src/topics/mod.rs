//! Topics: topic models and their coherence.
//!
//! * [`fit`]: a model as an analyst asks for one ([`TopicParams`]): LDA or
//!   NMF, a fixed K or the most coherent of a range, optionally scored on
//!   held-out documents, with each topic's top terms and their coherence;
//! * [`coherence`]: NPMI over sliding windows (gensim's `c_npmi`) and UMass
//!   (gensim's `u_mass`) of topics, over the documents read as word ids
//!   ([`coherence::Texts`]) or given as word lists;
//! * [`lda`]: latent Dirichlet allocation by collapsed Gibbs sampling;
//! * [`nmf`]: non-negative matrix factorization of TF-IDF (NNDSVD, coordinate descent).
//!
//! ```
//! use tahlil::topics::coherence::{c_npmi, u_mass};
//!
//! let texts = vec![vec!["a", "b", "c"], vec!["a", "b"], vec!["c", "d"]];
//! let topics = vec![vec!["a", "b"], vec!["a", "d"]];
//! let npmi = c_npmi(&texts, &topics, 10);
//! assert!(npmi[0] > npmi[1]);
//! let umass = u_mass(&texts, &topics);
//! assert!(umass[0] > umass[1]);
//! ```

pub mod coherence;
mod fit;
pub mod lda;
pub mod nmf;

pub use fit::{fit, Method, NmfFigures, TopicCount, TopicModel, TopicParams, Tried};

/// A corpus drawn from known topics, for the models' tests.
#[cfg(test)]
pub(crate) mod testing {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use crate::vectorize::CountMatrix;

    /// `k` planted topics over disjoint blocks of 20 words each (Zipf-like
    /// inside a block); each document draws 90 % of its 80 tokens from one
    /// topic and 10 % from another.
    pub(crate) fn planted(k: usize, docs: usize, seed: u64) -> (CountMatrix, Vec<Vec<f64>>) {
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
            terms: (0..v).map(|w| format!("w{w:03}")).collect(),
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

    /// Asserts that every planted topic is matched by a found one (a row of
    /// `found`) with Jensen–Shannon similarity >= 0.9.
    pub(crate) fn assert_recovered(planted: &[Vec<f64>], found: &ndarray::Array2<f64>) {
        for (i, truth) in planted.iter().enumerate() {
            let best = found
                .outer_iter()
                .map(|row| 1.0 - super::lda::jensen_shannon(truth, row.as_slice().unwrap()))
                .fold(0.0, f64::max);
            eprintln!("planted topic {i}: best Jensen–Shannon similarity {best}");
            assert!(
                best >= 0.9,
                "planted topic {i}: best Jensen–Shannon similarity {best}"
            );
        }
    }
}
