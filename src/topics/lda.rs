//! Latent Dirichlet allocation by collapsed Gibbs sampling (Griffiths and
//! Steyvers 2004).
//!
//! Each token's topic is drawn in turn from
//! p(z = k) ∝ (n_dk + α) (n_kw + β) / (n_k + Vβ), the counts taken without
//! the token itself. After `burn_in` sweeps, the estimates
//! φ_kw = (n_kw + β)/(n_k + Vβ) and θ_dk = (n_dk + α)/(n_d + Kα) are averaged
//! over the remaining sweeps.
//!
//! With `optimize_interval` N > 0 (10 by default, as tomotopy's
//! `optim_interval`), the document–topic prior becomes an
//! asymmetric α learned from the counts every N sweeps after the first
//! `optimize_burn_in` (by default from the start, as tomotopy does), by
//! Minka's fixed-point iteration (as MALLET's `--optimize-interval` and
//! tomotopy's `optim_interval` do): for each topic k,
//! α_k ← α_k Σ_d [ψ(n_dk + α_k) − ψ(α_k)] / Σ_d [ψ(n_d + α₀) − ψ(α₀)],
//! α₀ = Σ_k α_k, ten times over (tomotopy's count), each α_k kept at least
//! 10⁻⁵. With `optimize_beta`, the symmetric topic–word prior β is learned
//! too, the same way:
//! β ← β Σ_k Σ_w [ψ(n_kw + β) − ψ(β)] / (V Σ_k [ψ(n_k + Vβ) − ψ(Vβ)]).
//! The sums are of integer counts in a fixed order, so the priors too are
//! the same for any thread count.
//!
//! A sweep runs on every core: documents and words are cut into a fixed
//! number of parts, and the part pairs that share no document and no word
//! are sampled together (see `PARTS`), each document part with its own
//! random stream. Nothing depends on the thread count, so the same seed
//! gives the same topics on one thread or many.

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::error::{ParamError, Result};
use crate::params::Valid;
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
    /// Learn an asymmetric α from the counts every this many sweeps after
    /// `optimize_burn_in` (0: keep α fixed and symmetric). 10 by default, as
    /// tomotopy's: on 100 MB of hadith at K = 20, seeds 1 to 20, the median
    /// c_npmi was 0.0265 against tomotopy's 0.0263 with its defaults and
    /// tahlil's 0.0228 with α fixed (seeds 1 to 5), and held-out perplexity
    /// lower (`benches/compare`, README's Speed).
    pub optimize_interval: usize,
    /// With `optimize_interval`: sweeps before the priors are first learned
    /// (MALLET's `--optimize-burn-in`, tomotopy's `burn_in`). Learning them
    /// from the start lets the estimates, averaged after `burn_in`, come from
    /// settled priors: on 10 MB of hadith, 5 seeds, the median c_npmi was
    /// 0.054 from sweep 0 against 0.032 from sweep 100.
    pub optimize_burn_in: usize,
    /// With `optimize_interval`: learn β too.
    pub optimize_beta: bool,
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
            optimize_interval: 10,
            optimize_burn_in: 0,
            optimize_beta: false,
            seed: 0,
        }
    }
}

impl LdaParams {
    /// Checks every field (fitting checks again): a front calls it before
    /// reading the corpus, so a bad value fails at once.
    pub fn check(&self) -> Result<Valid<LdaParams>, ParamError> {
        if self.k == 0 || self.k > usize::from(u16::MAX) {
            return Err(ParamError::Topics(self.k));
        }
        for (name, v) in [("alpha", self.alpha), ("beta", self.beta)] {
            if !(v > 0.0 && v.is_finite()) {
                return Err(ParamError::Prior { name, value: v });
            }
        }
        if self.optimize_beta && self.optimize_interval == 0 {
            return Err(ParamError::OptimizeBeta);
        }
        if self.optimize_interval > 0 && self.optimize_burn_in >= self.iterations {
            return Err(ParamError::OptimizeBurnIn {
                optimize_burn_in: self.optimize_burn_in,
                iterations: self.iterations,
            });
        }
        if self.burn_in >= self.iterations {
            return Err(ParamError::BurnIn {
                burn_in: self.burn_in,
                iterations: self.iterations,
            });
        }
        Ok(Valid::checked(*self))
    }
}

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Lda {
    /// K × V: p(word | topic), rows summing to 1.
    pub topic_word: Array2<f64>,
    /// D × K: p(topic | document), rows summing to 1.
    pub doc_topic: Array2<f64>,
    /// The document–topic prior, one value per topic: `alpha` for every
    /// topic, or as learned (`optimize_interval`), the last value.
    pub alpha: Vec<f64>,
    /// The topic–word prior: `beta`, or as learned (`optimize_beta`).
    pub beta: f64,
}

/// Documents and words are each cut into this many parts; one sweep visits
/// the part pairs in `PARTS` rounds, pairing document part g with word part
/// (g + round) mod `PARTS`, so the pairs of a round share no document row and
/// no word row and are sampled in parallel. A constant, not the thread
/// count, so the draws (and the model) are the same on any machine.
const PARTS: usize = 8;

/// Tokens ahead whose word row is prefetched.
const LOOKAHEAD: usize = 2;

/// The tokens of one document part × word part, document by document.
#[derive(Debug, Default)]
struct Cell {
    /// Word of each token, numbered inside its word part.
    words: Vec<u32>,
    /// Topic of each token.
    z: Vec<u16>,
    /// Token range of each document of the part (numbered inside the part).
    starts: Vec<u32>,
}

/// What [`sample`] needs besides the cell and its count rows.
struct Priors {
    k: usize,
    /// α_k of each topic.
    alpha: Vec<f32>,
    beta: f32,
    vbeta: f32,
}

impl Priors {
    fn new(alpha: &[f64], beta: f64, v: usize) -> Self {
        Priors {
            k: alpha.len(),
            alpha: alpha.iter().map(|&a| a as f32).collect(),
            beta: beta as f32,
            vbeta: (v as f64 * beta) as f32,
        }
    }
}

/// Fits LDA to the term counts of `counts` (each count is that many tokens).
///
/// The sampler is the collapsed Gibbs sampler with one approximation that
/// buys parallelism: within a round (see `PARTS`) each part pair sees the
/// topic totals n_k as they were when the round began plus its own changes,
/// as in approximate distributed LDA (Newman et al. 2009), but with document
/// and word counts always exact.
pub fn fit(counts: &CountMatrix, p: &LdaParams) -> Result<Lda> {
    p.check()?;
    let (d_n, v, k) = (counts.n_docs(), counts.terms.len(), p.k);
    // Words are numbered by part (round robin over descending corpus
    // frequency, which balances the parts' tokens) and, inside a part, by
    // frequency: the rows of the few words that make up most tokens sit
    // together in cache instead of scattered over a table of every type.
    let mut frequency = vec![0u64; v];
    for (&w, &n) in counts.indices.iter().zip(&counts.counts) {
        frequency[w as usize] += u64::from(n);
    }
    let mut by_frequency: Vec<u32> = (0..v as u32).collect();
    by_frequency.sort_by(|&a, &b| {
        frequency[b as usize]
            .cmp(&frequency[a as usize])
            .then(a.cmp(&b))
    });
    let word_bounds: Vec<usize> = (0..=PARTS)
        .map(|h| (0..h).map(|g| (v + PARTS - 1 - g) / PARTS).sum())
        .collect();
    // (part, id inside the part) of each vocabulary word, and the reverse.
    let mut place = vec![(0usize, 0u32); v];
    let mut original = vec![0u32; v];
    for (r, &w) in by_frequency.iter().enumerate() {
        let (h, i) = (r % PARTS, r / PARTS);
        place[w as usize] = (h, i as u32);
        original[word_bounds[h] + i] = w;
    }
    // Documents in contiguous parts of about equal token counts.
    let total: u64 = counts.counts.iter().map(|&n| u64::from(n)).sum();
    if total > u64::from(u32::MAX) {
        return Err(crate::Error::TooLarge(format!(
            "LDA counts token positions in 32 bits: {total} tokens is above 4294967295; model a sample of the documents"
        )));
    }
    let mut doc_bounds = vec![0usize];
    let mut seen = 0u64;
    for d in 0..d_n {
        seen += counts.counts[counts.indptr[d]..counts.indptr[d + 1]]
            .iter()
            .map(|&n| u64::from(n))
            .sum::<u64>();
        while doc_bounds.len() < PARTS && seen * PARTS as u64 >= total * doc_bounds.len() as u64 {
            doc_bounds.push(d + 1);
        }
    }
    doc_bounds.resize(PARTS + 1, d_n);
    let mut cells: Vec<Cell> = (0..PARTS * PARTS).map(|_| Cell::default()).collect();
    for g in 0..PARTS {
        for d in doc_bounds[g]..doc_bounds[g + 1] {
            for cell in &mut cells[g * PARTS..(g + 1) * PARTS] {
                cell.starts.push(cell.words.len() as u32);
            }
            for q in counts.indptr[d]..counts.indptr[d + 1] {
                let (h, i) = place[counts.indices[q] as usize];
                let cell = &mut cells[g * PARTS + h];
                cell.words
                    .extend(std::iter::repeat_n(i, counts.counts[q] as usize));
            }
        }
        for cell in &mut cells[g * PARTS..(g + 1) * PARTS] {
            cell.starts.push(cell.words.len() as u32);
        }
    }
    // One random stream per document part, 2^128 draws apart.
    let mut streams = vec![Xoshiro256PlusPlus::seed_from_u64(p.seed)];
    for g in 1..PARTS {
        let mut next = streams[g - 1].clone();
        next.jump();
        streams.push(next);
    }
    // Word-major topic counts: the loop over topics reads one contiguous row
    // per token.
    // Counted into at random: written now, not left on the kernel's zero page
    // (see `crate::memory::filled`).
    let (mut n_dk, mut n_wk, mut n_k) = (
        crate::memory::filled(d_n * k, 0u32),
        crate::memory::filled(v * k, 0u32),
        vec![0u32; k],
    );
    for g in 0..PARTS {
        for h in 0..PARTS {
            let cell = &mut cells[g * PARTS + h];
            for j in 0..cell.starts.len().saturating_sub(1) {
                let d = doc_bounds[g] + j;
                for q in cell.starts[j] as usize..cell.starts[j + 1] as usize {
                    let t = streams[g].gen_range(0..k);
                    cell.z.push(t as u16);
                    n_dk[d * k + t] += 1;
                    n_wk[(word_bounds[h] + cell.words[q] as usize) * k + t] += 1;
                    n_k[t] += 1;
                }
            }
        }
    }
    let (mut alpha, mut beta) = (vec![p.alpha; k], p.beta);
    let mut priors = Priors::new(&alpha, beta, v);
    let (mut phi, mut theta) = (vec![0.0f64; v * k], vec![0.0f64; d_n * k]);
    for sweep in 0..p.iterations {
        for round in 0..PARTS {
            let mut dk_parts = split(&mut n_dk, &doc_bounds, k);
            let mut wk_parts: Vec<Option<&mut [u32]>> = split(&mut n_wk, &word_bounds, k)
                .into_iter()
                .map(Some)
                .collect();
            let jobs: Vec<_> = cells
                .chunks_mut(PARTS)
                .zip(dk_parts.iter_mut())
                .zip(streams.iter_mut())
                .enumerate()
                .map(|(g, ((row, dk), rng))| {
                    let h = (g + round) % PARTS;
                    let wk = wk_parts[h]
                        .take()
                        .expect("each word part is paired once per round");
                    (&mut row[h], &mut **dk, wk, rng)
                })
                .collect();
            let totals: Vec<Vec<u32>> = jobs
                .into_par_iter()
                .map(|(cell, dk, wk, rng)| {
                    let mut local = n_k.clone();
                    sample(cell, dk, wk, &mut local, rng, &priors);
                    local
                })
                .collect();
            // n_k + Σ (local − n_k), in integers: the order does not matter.
            let before = n_k.clone();
            for local in &totals {
                for t in 0..k {
                    n_k[t] = n_k[t].wrapping_add(local[t].wrapping_sub(before[t]));
                }
            }
        }
        if p.optimize_interval > 0
            && sweep >= p.optimize_burn_in
            && (sweep + 1 - p.optimize_burn_in).is_multiple_of(p.optimize_interval)
        {
            optimize_alpha(&mut alpha, &n_dk, k);
            if p.optimize_beta {
                beta = optimize_beta(beta, &n_wk, &n_k, v);
            }
            priors = Priors::new(&alpha, beta, v);
        }
        if sweep >= p.burn_in {
            let vbeta = v as f64 * beta;
            let norm: Vec<f64> = n_k.iter().map(|&n| 1.0 / (n as f64 + vbeta)).collect();
            phi.par_chunks_mut(k * 1024)
                .zip(n_wk.par_chunks(k * 1024))
                .for_each(|(acc, n)| {
                    for (i, (a, &c)) in acc.iter_mut().zip(n).enumerate() {
                        *a += (c as f64 + beta) * norm[i % k];
                    }
                });
            let alpha_sum = prior_sum(&alpha);
            theta
                .par_chunks_mut(k * 1024)
                .zip(n_dk.par_chunks(k * 1024))
                .for_each(|(acc, n)| {
                    for (row, counts) in acc.chunks_mut(k).zip(n.chunks(k)) {
                        let length: u32 = counts.iter().sum();
                        let norm = 1.0 / (length as f64 + alpha_sum);
                        for ((a, &c), &al) in row.iter_mut().zip(counts).zip(&alpha) {
                            *a += (c as f64 + al) * norm;
                        }
                    }
                });
        }
    }
    let samples = (p.iterations - p.burn_in) as f64;
    let mut topic_word = Array2::<f64>::zeros((k, v));
    for (id, &w) in original.iter().enumerate() {
        for t in 0..k {
            topic_word[[t, w as usize]] = phi[id * k + t] / samples;
        }
    }
    let doc_topic =
        Array2::from_shape_vec((d_n, k), theta.into_iter().map(|x| x / samples).collect())
            .expect("D × K values");
    Ok(Lda {
        topic_word,
        doc_topic,
        alpha,
        beta,
    })
}

/// Σ_k α_k, as K·α when the prior is symmetric: a sum of K equal terms can
/// differ from their product in the last bit (ten times 0.1 is not 1.0), and
/// fixed priors keep the estimates they always had.
fn prior_sum(alpha: &[f64]) -> f64 {
    match alpha.first() {
        Some(&a) if alpha.iter().all(|&b| b == a) => alpha.len() as f64 * a,
        _ => alpha.iter().sum(),
    }
}

/// Fixed-point iterations per optimization (tomotopy's count).
const FIXED_POINT_STEPS: usize = 10;

/// Smallest α_k (tomotopy's floor): a topic no document uses would drive its
/// α_k to 0, where the sampler could never give it a token again.
const ALPHA_FLOOR: f64 = 1e-5;

/// Minka's fixed-point update of an asymmetric α from the document–topic
/// counts `n_dk` (D × `k`), by histograms: Σ_d [ψ(n + a) − ψ(a)] over the
/// documents is Σ_n (documents with count n) [ψ(n + a) − ψ(a)].
fn optimize_alpha(alpha: &mut [f64], n_dk: &[u32], k: usize) {
    // Per topic, how many documents have each count; and the lengths.
    let mut by_topic: Vec<Vec<u64>> = vec![Vec::new(); k];
    let mut lengths: Vec<u64> = Vec::new();
    for row in n_dk.chunks(k) {
        let mut length = 0usize;
        for (h, &c) in by_topic.iter_mut().zip(row) {
            let c = c as usize;
            length += c;
            if c > 0 {
                if h.len() <= c {
                    h.resize(c + 1, 0);
                }
                h[c] += 1;
            }
        }
        if lengths.len() <= length {
            lengths.resize(length + 1, 0);
        }
        lengths[length] += 1;
    }
    let digamma_sum = |hist: &[u64], a: f64| -> f64 {
        hist.iter()
            .enumerate()
            .skip(1)
            .filter(|&(_, &docs)| docs > 0)
            .map(|(n, &docs)| docs as f64 * (digamma(n as f64 + a) - digamma(a)))
            .sum()
    };
    for _ in 0..FIXED_POINT_STEPS {
        let total: f64 = alpha.iter().sum();
        let denominator = digamma_sum(&lengths, total);
        if denominator <= 0.0 {
            return;
        }
        for (a, hist) in alpha.iter_mut().zip(&by_topic) {
            *a = (*a * digamma_sum(hist, *a) / denominator).max(ALPHA_FLOOR);
        }
    }
}

/// Minka's fixed-point update of a symmetric β from the topic–word counts
/// `n_wk` (V × K) and the topic totals `n_k`.
fn optimize_beta(mut beta: f64, n_wk: &[u32], n_k: &[u32], v: usize) -> f64 {
    let mut cells: Vec<u64> = Vec::new();
    for &c in n_wk {
        let c = c as usize;
        if c > 0 {
            if cells.len() <= c {
                cells.resize(c + 1, 0);
            }
            cells[c] += 1;
        }
    }
    for _ in 0..FIXED_POINT_STEPS {
        let numerator: f64 = cells
            .iter()
            .enumerate()
            .skip(1)
            .filter(|&(_, &n)| n > 0)
            .map(|(c, &n)| n as f64 * (digamma(c as f64 + beta) - digamma(beta)))
            .sum();
        let vbeta = v as f64 * beta;
        let denominator: f64 = v as f64
            * n_k
                .iter()
                .map(|&n| digamma(n as f64 + vbeta) - digamma(vbeta))
                .sum::<f64>();
        if denominator <= 0.0 {
            break;
        }
        beta = (beta * numerator / denominator).max(ALPHA_FLOOR);
    }
    beta
}

/// The digamma function ψ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x
/// up to x ≥ 6, then the asymptotic series (error below 10⁻¹² there).
pub(crate) fn digamma(mut x: f64) -> f64 {
    let mut shift = 0.0;
    while x < 6.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let r = 1.0 / x;
    let r2 = r * r;
    // ln x − 1/(2x) − Σ B_2n / (2n x^2n).
    let series = r2
        * (1.0 / 12.0
            - r2 * (1.0 / 120.0
                - r2 * (1.0 / 252.0
                    - r2 * (1.0 / 240.0 - r2 * (1.0 / 132.0 - r2 * 691.0 / 32760.0)))));
    shift + x.ln() - 0.5 * r - series
}

/// Cuts a row-major table of `k` columns at the row `bounds`.
fn split<'a>(mut table: &'a mut [u32], bounds: &[usize], k: usize) -> Vec<&'a mut [u32]> {
    let mut parts = Vec::with_capacity(bounds.len() - 1);
    for pair in bounds.windows(2) {
        let (part, rest) = table.split_at_mut((pair[1] - pair[0]) * k);
        parts.push(part);
        table = rest;
    }
    parts
}

/// One Gibbs pass over the tokens of `cell`: `dk` holds the rows of its
/// documents, `wk` those of its words, `n_k` the topic totals it sees.
// Its own symbol in profiles: called once per part pair and round.
#[inline(never)]
fn sample(
    cell: &mut Cell,
    dk: &mut [u32],
    wk: &mut [u32],
    n_k: &mut [u32],
    rng: &mut Xoshiro256PlusPlus,
    p: &Priors,
) {
    #[cfg(target_arch = "x86_64")]
    {
        #[cfg(test)]
        let avx2 = !tests::PORTABLE.load(std::sync::atomic::Ordering::Relaxed)
            && std::is_x86_feature_detected!("avx2");
        #[cfg(not(test))]
        let avx2 = std::is_x86_feature_detected!("avx2");
        if avx2 {
            // SAFETY: the processor has AVX2 (checked just above).
            unsafe { sample_avx2(cell, dk, wk, n_k, rng, p) };
            return;
        }
    }
    sample_in(cell, dk, wk, n_k, rng, p)
}

/// [`sample_in`] compiled for AVX2: eight topics' weights to an instruction
/// instead of four. Without FMA, every rounding is the plain code's, so the
/// topics drawn are the same on any processor.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sample_avx2(
    cell: &mut Cell,
    dk: &mut [u32],
    wk: &mut [u32],
    n_k: &mut [u32],
    rng: &mut Xoshiro256PlusPlus,
    p: &Priors,
) {
    sample_in(cell, dk, wk, n_k, rng, p)
}

/// [`sample`]'s body, inlined into each build of it.
#[inline(always)]
fn sample_in(
    cell: &mut Cell,
    dk: &mut [u32],
    wk: &mut [u32],
    n_k: &mut [u32],
    rng: &mut Xoshiro256PlusPlus,
    p: &Priors,
) {
    let k = p.k;
    // 1 / (n_t + Vβ), and the same with the token itself taken out of topic
    // t (n_t − 1), so that a token that keeps its topic, most of them once
    // the chain has mixed, changes no count and needs no division.
    let reciprocal = |n: u32| 1.0 / (n as f32 + p.vbeta);
    let mut inv: Vec<f32> = n_k.iter().map(|&n| reciprocal(n)).collect();
    let mut inv_out: Vec<f32> = n_k.iter().map(|&n| reciprocal(n.wrapping_sub(1))).collect();
    // coef_t = (n_dt + α) / (n_t + Vβ): the word-independent factor, kept
    // up to date for the two topics a token moves between.
    let mut coef = vec![0.0f32; k];
    // Padded to whole blocks of `BLOCK` with zeros (see `draw`).
    let mut weights = vec![0.0f32; k.div_ceil(BLOCK) * BLOCK];
    for (j, range) in cell.starts.windows(2).enumerate() {
        let (from, to) = (range[0] as usize, range[1] as usize);
        if from == to {
            continue;
        }
        let nd = &mut dk[j * k..(j + 1) * k];
        for t in 0..k {
            coef[t] = (nd[t] as f32 + p.alpha[t]) * inv[t];
        }
        for i in from..to {
            // The row of a rare word is far away in memory: ask for the
            // next tokens' rows now, so they arrive while this one is drawn.
            if let Some(&ahead) = cell.words.get(i + LOOKAHEAD) {
                crate::memory::prefetch(&wk[ahead as usize * k..]);
            }
            let w = cell.words[i] as usize;
            let row = &mut wk[w * k..(w + 1) * k];
            let old = cell.z[i] as usize;
            for ((x, &c), &n) in weights.iter_mut().zip(&coef).zip(row.iter()) {
                *x = c * (n as i32 as f32 + p.beta);
            }
            // p(z = t | every other token): for the token's own topic the
            // counts without it.
            weights[old] = ((nd[old] - 1) as f32 + p.alpha[old])
                * ((row[old] - 1) as i32 as f32 + p.beta)
                * inv_out[old];
            let new = draw(&mut weights, k, rng.gen::<f32>());
            if new == old {
                continue;
            }
            cell.z[i] = new as u16;
            nd[old] -= 1;
            row[old] -= 1;
            n_k[old] -= 1;
            nd[new] += 1;
            row[new] += 1;
            n_k[new] += 1;
            for t in [old, new] {
                inv[t] = reciprocal(n_k[t]);
                inv_out[t] = reciprocal(n_k[t].wrapping_sub(1));
                coef[t] = (nd[t] as f32 + p.alpha[t]) * inv[t];
            }
        }
    }
}

/// Lanes of one block of [`draw`]'s prefix sums.
const BLOCK: usize = 4;

/// The topic drawn from `weights` (unnormalized) with `r` uniform in [0, 1):
/// the first t whose cumulative weight exceeds r × the total. `weights`
/// holds the `k` weights, then room up to a whole number of blocks; it is
/// left holding the cumulative weights.
///
/// Without a branch or a long chain of dependent additions, the sampler's
/// slowest step when it was a running sum with an early exit: each block of
/// four is summed into prefixes on its own (two steps, as a 4-lane register
/// does it), then offset by the running total of the blocks before it, so
/// the additions that wait on each other are one per block. The order of the
/// additions is fixed, so every machine draws the same topics.
#[inline(always)]
fn draw(weights: &mut [f32], k: usize, r: f32) -> usize {
    weights[k..].fill(0.0);
    let mut carry = 0.0f32;
    for b in weights.chunks_exact_mut(BLOCK) {
        let (x0, x1, x2, x3) = (b[0], b[1], b[2], b[3]);
        let (s1, s2, s3) = (x1 + x0, x2 + x1, x3 + x2);
        let (p2, p3) = (s2 + x0, s3 + s1);
        b[0] = x0 + carry;
        b[1] = s1 + carry;
        b[2] = p2 + carry;
        b[3] = p3 + carry;
        carry = b[3];
    }
    let u = r * carry;
    // Prefixes never decrease: the ones at or below u are those before
    // the drawn topic. (u can round up to the total: the last topic then.)
    let below = weights.iter().map(|&c| u32::from(c <= u)).sum::<u32>() as usize;
    below.min(k - 1)
}

/// Sweeps of the fold-in sampler for held-out documents, and how many of
/// them are discarded before θ is averaged.
const FOLD_IN_SWEEPS: usize = 100;
const FOLD_IN_BURN_IN: usize = 50;

/// Held-out perplexity by document completion (Wallach et al. 2009): the
/// tokens of each held-out document are dealt alternately into two halves;
/// θ is estimated from the first half by Gibbs sampling with the model's
/// topics fixed (`FOLD_IN_SWEEPS` sweeps, the last half averaged), and the
/// second half is scored:
/// exp(−Σ log Σ_k θ_dk φ_kw / tokens scored).
///
/// `heldout` must share the model's vocabulary (same columns). Returns the
/// perplexity and each held-out document's θ (estimated from its first
/// half); a corpus whose held-out documents have fewer than two tokens has
/// nothing to score, and gets `None`.
pub fn perplexity(model: &Lda, heldout: &CountMatrix, p: &LdaParams) -> (Option<f64>, Array2<f64>) {
    let k = model.topic_word.nrows();
    // Its own stream ("heldout" in ASCII), apart from the fit's.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(p.seed ^ 0x0068_656c_646f_7574);
    let mut theta = Array2::<f64>::zeros((heldout.n_docs(), k));
    let (mut log_sum, mut scored) = (0.0f64, 0u64);
    let mut weights = vec![0.0f64; k];
    for d in 0..heldout.n_docs() {
        let mut tokens: Vec<usize> = Vec::new();
        for q in heldout.indptr[d]..heldout.indptr[d + 1] {
            tokens.extend(std::iter::repeat_n(
                heldout.indices[q] as usize,
                heldout.counts[q] as usize,
            ));
        }
        let estimate: Vec<usize> = tokens.iter().step_by(2).copied().collect();
        let score: Vec<usize> = tokens.iter().skip(1).step_by(2).copied().collect();
        let mut n_dk = vec![0u32; k];
        let mut z: Vec<usize> = estimate
            .iter()
            .map(|_| {
                let t = rng.gen_range(0..k);
                n_dk[t] += 1;
                t
            })
            .collect();
        let mut row = theta.row_mut(d);
        let alpha = &model.alpha;
        let norm = 1.0 / (estimate.len() as f64 + prior_sum(alpha));
        for sweep in 0..FOLD_IN_SWEEPS {
            for (i, &w) in estimate.iter().enumerate() {
                n_dk[z[i]] -= 1;
                let mut total = 0.0;
                for t in 0..k {
                    total += (n_dk[t] as f64 + alpha[t]) * model.topic_word[[t, w]];
                    weights[t] = total;
                }
                let u = rng.gen::<f64>() * total;
                z[i] = weights.iter().position(|&c| u < c).unwrap_or(k - 1);
                n_dk[z[i]] += 1;
            }
            if sweep >= FOLD_IN_BURN_IN {
                for t in 0..k {
                    row[t] += (n_dk[t] as f64 + alpha[t]) * norm;
                }
            }
        }
        row /= (FOLD_IN_SWEEPS - FOLD_IN_BURN_IN) as f64;
        for &w in &score {
            let pw: f64 = (0..k).map(|t| row[t] * model.topic_word[[t, w]]).sum();
            log_sum += pw.ln();
            scored += 1;
        }
    }
    let perplexity = (scored > 0).then(|| (-log_sum / scored as f64).exp());
    (perplexity, theta)
}

/// Splits the rows of `counts` into (kept, held out): `fraction` of the
/// documents (rounded, at least one, never all), chosen by a seeded shuffle.
/// Both keep every column. Also returns whether each row was held out.
pub fn hold_out(
    counts: &CountMatrix,
    fraction: f64,
    seed: u64,
) -> Result<(CountMatrix, CountMatrix, Vec<bool>)> {
    let n = counts.n_docs();
    if !(fraction > 0.0 && fraction < 1.0) {
        return Err(ParamError::Holdout(fraction).into());
    }
    let take = ((n as f64 * fraction).round() as usize).max(1);
    if take >= n {
        return Err(ParamError::HoldoutDocuments {
            fraction,
            documents: n,
        }
        .into());
    }
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    for i in (1..n).rev() {
        order.swap(i, rng.gen_range(0..=i));
    }
    let mut held = vec![false; n];
    for &d in &order[..take] {
        held[d] = true;
    }
    let rows = |keep: bool| {
        let mut out = CountMatrix {
            terms: counts.terms.clone(),
            indptr: vec![0],
            ..CountMatrix::default()
        };
        for d in (0..n).filter(|&d| held[d] != keep) {
            let r = counts.indptr[d]..counts.indptr[d + 1];
            out.indices.extend_from_slice(&counts.indices[r.clone()]);
            out.counts.extend_from_slice(&counts.counts[r]);
            out.indptr.push(out.indices.len());
            out.ids.push(counts.ids[d].clone());
            out.tokens.push(counts.tokens[d]);
        }
        out
    };
    Ok((rows(true), rows(false), held))
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
    use crate::topics::testing::{assert_recovered, planted};
    use crate::with_threads;

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
        assert_recovered(&planted, &lda.topic_word);
        for row in lda
            .topic_word
            .outer_iter()
            .chain(lda.doc_topic.outer_iter())
        {
            assert!((row.sum() - 1.0).abs() < 1e-9);
        }
    }

    /// Set: the sampler runs its plain build even where the processor has
    /// AVX2 (other tests running meanwhile only lose speed: the draws are
    /// the same, which is what `avx2_and_plain_code_draw_the_same_topics` checks).
    pub(super) static PORTABLE: std::sync::atomic::AtomicBool =
        std::sync::atomic::AtomicBool::new(false);

    #[test]
    fn avx2_and_plain_code_draw_the_same_topics() {
        use std::sync::atomic::Ordering;
        let (counts, _) = planted(3, 60, 5);
        for optimize_interval in [0, 5] {
            let p = LdaParams {
                k: 7,
                iterations: 40,
                burn_in: 20,
                optimize_interval,
                seed: 3,
                ..LdaParams::default()
            };
            PORTABLE.store(false, Ordering::Relaxed);
            let fast = fit(&counts, &p).unwrap();
            PORTABLE.store(true, Ordering::Relaxed);
            let plain = fit(&counts, &p).unwrap();
            PORTABLE.store(false, Ordering::Relaxed);
            assert!(fast == plain, "optimize_interval {optimize_interval}");
        }
    }

    #[test]
    fn draw_picks_the_topic_whose_share_holds_r() {
        // Weights 1, 2, 3, 4 and 0 (k = 5, padded to 8): cumulative 1, 3, 6, 10.
        let mut w = vec![0.0f32; 8];
        let cases = [
            (0.0, 0),
            (0.09, 0),
            (0.1, 1),
            (0.29, 1),
            (0.3, 2),
            (0.59, 2),
            (0.6, 3),
            (0.999, 3),
        ];
        for (r, want) in cases {
            w[..5].copy_from_slice(&[1.0, 2.0, 3.0, 4.0, 0.0]);
            w[5..].fill(9.0); // left over from a wider draw: ignored
            assert_eq!(draw(&mut w, 5, r), want, "r = {r}");
            assert_eq!(&w[..5], &[1.0, 3.0, 6.0, 10.0, 10.0]);
        }
        // u rounding up to the total gives the last topic, never one past it.
        let mut w = vec![1.0f32, 1.0, 1.0, 1.0];
        assert_eq!(draw(&mut w, 4, 1.0), 3);
    }

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2; the others scipy.special.digamma's.
        let gamma = 0.577_215_664_901_532_9;
        for (x, want) in [
            (1.0, -gamma),
            (0.5, -gamma - 2.0 * 2f64.ln()),
            (10.0, 2.251_752_589_066_721),
            (1e-3, -1_000.575_571_931_810_3),
            (123.456, 4.811_829_323_828_985),
        ] {
            let got = digamma(x);
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "ψ({x}) = {got}, not {want}"
            );
        }
        // The recurrence the updates rely on: ψ(x + 1) − ψ(x) = 1/x.
        for x in [0.01, 0.3, 2.5, 7.0, 40.0] {
            assert!((digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 1e-12);
        }
    }

    /// Documents drawn from a known asymmetric Dirichlet: repeated updates
    /// from a symmetric start find its α.
    #[test]
    fn the_fixed_point_recovers_a_known_alpha() {
        use rand_distr::{Dirichlet, Distribution};
        let truth = [1.0, 0.4, 0.1, 0.05];
        let k = truth.len();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let dirichlet = Dirichlet::new(&truth).unwrap();
        let mut n_dk = Vec::new();
        for _ in 0..4000 {
            let theta: Vec<f64> = dirichlet.sample(&mut rng);
            let mut row = vec![0u32; k];
            for _ in 0..60 {
                let u: f64 = rng.gen();
                let mut acc = 0.0;
                let t = theta
                    .iter()
                    .position(|&p| {
                        acc += p;
                        u < acc
                    })
                    .unwrap_or(k - 1);
                row[t] += 1;
            }
            n_dk.extend(row);
        }
        let mut alpha = vec![0.1; k];
        for _ in 0..30 {
            optimize_alpha(&mut alpha, &n_dk, k);
        }
        for (a, t) in alpha.iter().zip(truth) {
            assert!((a - t).abs() < 0.1 * t, "{alpha:?} against {truth:?}");
        }
    }

    /// With the priors learned: planted topics are still recovered, the
    /// learned α is asymmetric and in topics.json's reach, and the model is
    /// the same for any thread count.
    #[test]
    fn learned_priors_keep_planted_topics_and_any_thread_count() {
        let (counts, planted_topics) = planted(4, 120, 7);
        let p = LdaParams {
            k: 4,
            iterations: 150,
            burn_in: 50,
            seed: 3,
            optimize_interval: 10,
            optimize_beta: true,
            ..LdaParams::default()
        };
        let run = |threads| with_threads(threads, || fit(&counts, &p).unwrap());
        let lda = run(1);
        assert_recovered(&planted_topics, &lda.topic_word);
        assert_eq!(lda.alpha.len(), 4);
        assert!(lda.alpha.iter().all(|&a| a >= ALPHA_FLOOR && a.is_finite()));
        assert_ne!(lda.alpha, vec![0.1; 4], "α was learned");
        assert!(
            lda.beta > 0.0 && lda.beta != 0.01,
            "β was learned: {}",
            lda.beta
        );
        for row in lda.doc_topic.outer_iter() {
            assert!((row.sum() - 1.0).abs() < 1e-9);
        }
        assert_eq!(lda, run(2));
        assert_eq!(lda, run(3));
        // Without optimization the priors are the ones given.
        let fixed = fit(
            &counts,
            &LdaParams {
                optimize_interval: 0,
                optimize_beta: false,
                ..p
            },
        )
        .unwrap();
        assert_eq!((fixed.alpha, fixed.beta), (vec![0.1; 4], 0.01));
    }

    #[test]
    fn optimize_beta_needs_an_interval() {
        let bad = LdaParams {
            optimize_interval: 0,
            optimize_beta: true,
            ..LdaParams::default()
        };
        assert_eq!(bad.check(), Err(ParamError::OptimizeBeta));
        // With the default interval, β may be learned.
        let good = LdaParams {
            optimize_beta: true,
            ..LdaParams::default()
        };
        assert!(good.check().is_ok());
    }

    #[test]
    fn optimize_burn_in_must_leave_sweeps_to_learn_in() {
        let bad = LdaParams {
            optimize_interval: 10,
            optimize_burn_in: 200,
            ..LdaParams::default()
        };
        assert_eq!(
            bad.check(),
            Err(ParamError::OptimizeBurnIn {
                optimize_burn_in: 200,
                iterations: 200
            })
        );
        // Without optimization it is never read.
        let off = LdaParams {
            optimize_interval: 0,
            ..bad
        };
        assert!(off.check().is_ok());
    }

    #[test]
    fn optimize_burn_in_sets_when_the_priors_are_first_learned() {
        let (counts, _) = planted(3, 60, 5);
        // More topics than planted: draws that the prior can tip.
        let p = |optimize_burn_in| LdaParams {
            k: 6,
            iterations: 40,
            burn_in: 20,
            optimize_interval: 10,
            optimize_burn_in,
            seed: 2,
            ..LdaParams::default()
        };
        // Learned at the end of sweep 39 only: the sweeps before drew as with fixed priors.
        let late = fit(&counts, &p(30)).unwrap();
        let fixed = fit(
            &counts,
            &LdaParams {
                optimize_interval: 0,
                ..p(0)
            },
        )
        .unwrap();
        assert_ne!(late.alpha, vec![0.1; 6]);
        assert_eq!(late.topic_word, fixed.topic_word);
        // From the start: learned four times, and the draws follow.
        let early = fit(&counts, &p(0)).unwrap();
        assert_ne!(early.alpha, late.alpha);
        assert_ne!(early.topic_word, fixed.topic_word);
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
    fn same_topics_for_any_thread_count() {
        let (counts, _) = planted(5, 200, 2);
        let p = LdaParams {
            k: 5,
            iterations: 30,
            burn_in: 10,
            ..LdaParams::default()
        };
        let run = |threads| with_threads(threads, || fit(&counts, &p).unwrap());
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(5));
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
    fn heldout_perplexity_prefers_the_true_number_of_topics() {
        let (counts, _) = planted(4, 200, 5);
        let (train, test, held) = hold_out(&counts, 0.2, 1).unwrap();
        assert_eq!((train.n_docs(), test.n_docs()), (160, 40));
        assert_eq!(held.iter().filter(|&&h| h).count(), 40);
        let perplexity = |k| {
            let p = LdaParams {
                k,
                iterations: 100,
                burn_in: 50,
                ..LdaParams::default()
            };
            let model = fit(&train, &p).unwrap();
            let (value, theta) = perplexity(&model, &test, &p);
            assert!(theta.outer_iter().all(|r| (r.sum() - 1.0).abs() < 1e-9));
            value.unwrap()
        };
        let (one, four) = (perplexity(1), perplexity(4));
        eprintln!("held-out perplexity: K=1 {one}, K=4 {four}");
        // A 20-word Zipf block has perplexity 12.5; a document mixing two
        // blocks 90/10 about 17.3 (less when its half-document shows its own
        // mix), and one topic over all four blocks 4 × 12.5 = 50.1.
        assert!((12.5..20.0).contains(&four), "K=4 {four}");
        assert!((45.0..55.0).contains(&one), "K=1 {one}");
    }

    #[test]
    fn holding_out_everything_or_nothing_is_an_error() {
        let (counts, _) = planted(2, 4, 1);
        for f in [0.0, 1.0, -0.5, f64::NAN] {
            assert!(matches!(
                hold_out(&counts, f, 0),
                Err(crate::Error::Param(ParamError::Holdout(_)))
            ));
        }
        assert!(matches!(
            hold_out(&counts, 0.9, 0),
            Err(crate::Error::Param(ParamError::HoldoutDocuments {
                documents: 4,
                ..
            }))
        ));
    }

    #[test]
    fn jensen_shannon_bounds() {
        assert_eq!(jensen_shannon(&[0.5, 0.5], &[0.5, 0.5]), 0.0);
        assert!((jensen_shannon(&[1.0, 0.0], &[0.0, 1.0]) - 1.0).abs() < 1e-15);
    }
}
