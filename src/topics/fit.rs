//! A topic model fitted the way an analyst asks for one: LDA or NMF, a fixed
//! K or the most coherent of a range, optionally scored on held-out
//! documents, with each topic's top terms and their coherence.

use ndarray::Array2;
use serde::Serialize;

use super::coherence::Texts;
use super::{lda, nmf};
use crate::error::{Error, ParamError, Result};
use crate::params::Valid;
use crate::pipeline::PipelineOptions;
use crate::vectorize::{CountMatrix, VectorizerOptions};

/// The topic model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Latent Dirichlet allocation by collapsed Gibbs sampling, on counts.
    #[default]
    Lda,
    /// Non-negative matrix factorization of TF-IDF, as scikit-learn's NMF.
    Nmf,
}

crate::names::named_enum!(Method, "method", { Lda => "lda", Nmf => "nmf" });

/// How many topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicCount {
    /// Exactly K.
    K(usize),
    /// Fit every K from `min` to `max` and keep the best mean c_npmi
    /// coherence (ties: the smaller K). NMF tries at most
    /// min(documents, terms).
    Auto {
        /// The smallest K tried.
        min: usize,
        /// The largest K tried.
        max: usize,
    },
}

/// Settings of [`fit`], unchecked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopicParams {
    /// LDA or NMF.
    pub method: Method,
    /// How many topics.
    pub k: TopicCount,
    /// LDA: document–topic Dirichlet prior.
    pub alpha: f64,
    /// LDA: topic–word Dirichlet prior.
    pub beta: f64,
    /// LDA: Gibbs sweeps. NMF: most coordinate-descent iterations.
    pub iterations: usize,
    /// LDA: sweeps discarded before the estimates are averaged.
    pub burn_in: usize,
    /// LDA: learn an asymmetric α every this many sweeps after
    /// `optimize_burn_in` (0: off).
    pub optimize_interval: usize,
    /// LDA: sweeps before the priors are first learned.
    pub optimize_burn_in: usize,
    /// LDA: with `optimize_interval`, learn β too.
    pub optimize_beta: bool,
    /// NMF: stop when the projected gradient falls to this fraction of its
    /// first value.
    pub tolerance: f64,
    /// LDA: hold out this fraction of the documents (a seeded choice), fit
    /// on the rest and score the held-out perplexity.
    pub holdout: Option<f64>,
    /// Seed of the sampler (LDA) or the randomized SVD (NMF).
    pub seed: u64,
    /// Terms listed (and scored for coherence) per topic.
    pub top_terms: usize,
    /// Sliding window of the NPMI coherence (gensim's c_npmi: 10).
    pub coherence_window: usize,
}

impl Default for TopicParams {
    fn default() -> Self {
        let lda = lda::LdaParams::default();
        TopicParams {
            method: Method::Lda,
            k: TopicCount::K(lda.k),
            alpha: lda.alpha,
            beta: lda.beta,
            iterations: lda.iterations,
            burn_in: lda.burn_in,
            optimize_interval: lda.optimize_interval,
            optimize_burn_in: lda.optimize_burn_in,
            optimize_beta: lda.optimize_beta,
            tolerance: nmf::NmfParams::default().tolerance,
            holdout: None,
            seed: lda.seed,
            top_terms: 10,
            coherence_window: 10,
        }
    }
}

impl TopicParams {
    /// The LDA settings for `k` topics.
    pub fn lda(&self, k: usize) -> lda::LdaParams {
        lda::LdaParams {
            k,
            alpha: self.alpha,
            beta: self.beta,
            iterations: self.iterations,
            burn_in: self.burn_in,
            optimize_interval: self.optimize_interval,
            optimize_burn_in: self.optimize_burn_in,
            optimize_beta: self.optimize_beta,
            seed: self.seed,
        }
    }

    /// The NMF settings for `k` topics.
    pub fn nmf(&self, k: usize) -> nmf::NmfParams {
        nmf::NmfParams {
            k,
            max_iterations: self.iterations,
            tolerance: self.tolerance,
            seed: self.seed,
        }
    }

    /// Checks every field that can be checked without the data (see
    /// [`crate::params`]), the chosen method's settings included.
    pub fn check(&self) -> Result<Valid<TopicParams>, ParamError> {
        let first = match self.k {
            TopicCount::K(k) => k,
            TopicCount::Auto { min, max } => {
                if min == 0 || min > max {
                    return Err(ParamError::TopicSweep { min, max });
                }
                min
            }
        };
        match self.method {
            Method::Lda => {
                self.lda(first).check()?;
            }
            Method::Nmf => {
                if self.holdout.is_some() {
                    return Err(ParamError::HoldoutNmf);
                }
                self.nmf(first).check()?;
            }
        }
        if let Some(f) = self.holdout {
            if !(f > 0.0 && f < 1.0) {
                return Err(ParamError::Holdout(f));
            }
        }
        if self.top_terms == 0 {
            return Err(ParamError::TopTerms(0));
        }
        Ok(Valid::checked(*self))
    }
}

/// The figures of one K tried by [`TopicCount::Auto`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tried {
    /// Topics.
    pub k: usize,
    /// Mean c_npmi of its topics.
    pub c_npmi: f64,
    /// Mean u_mass of its topics.
    pub u_mass: f64,
    /// With `holdout`: the held-out perplexity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perplexity: Option<f64>,
}

/// NMF's own figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NmfFigures {
    /// Iterations run.
    pub iterations: usize,
    /// ‖X − WH‖ (Frobenius), scikit-learn's `reconstruction_err_`.
    pub reconstruction_error: f64,
}

/// A fitted topic model.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicModel {
    /// LDA or NMF.
    pub method: Method,
    /// K × V: each topic as a distribution over the terms (columns of the counts).
    pub topic_word: Array2<f64>,
    /// D × K: each document's topic proportions, in corpus order (held-out
    /// documents from their fold-in).
    pub doc_topic: Array2<f64>,
    /// Each topic's top terms as (term column, weight), heaviest first (ties:
    /// the lower column).
    pub top_terms: Vec<Vec<(usize, f64)>>,
    /// Each topic's c_npmi coherence of its top terms.
    pub c_npmi: Vec<f64>,
    /// Each topic's u_mass coherence of its top terms.
    pub u_mass: Vec<f64>,
    /// With `holdout`: whether each document was held out.
    pub heldout: Option<Vec<bool>>,
    /// With `holdout`: the held-out perplexity (`None` when the held-out
    /// documents have too few tokens to score).
    pub perplexity: Option<f64>,
    /// LDA: the document–topic prior per topic (learned, with
    /// `optimize_interval`) and the topic–word prior.
    pub priors: Option<(Vec<f64>, f64)>,
    /// NMF: iterations run and reconstruction error.
    pub nmf: Option<NmfFigures>,
    /// With [`TopicCount::Auto`]: every K tried, in order.
    pub tried: Vec<Tried>,
}

impl TopicModel {
    /// Topics.
    pub fn k(&self) -> usize {
        self.topic_word.nrows()
    }

    /// Mean c_npmi of the topics.
    pub fn mean_c_npmi(&self) -> f64 {
        mean(&self.c_npmi)
    }

    /// Mean u_mass of the topics.
    pub fn mean_u_mass(&self) -> f64 {
        mean(&self.u_mass)
    }
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len().max(1) as f64
}

/// Fits a topic model to `counts` (documents × terms); `texts` are the same
/// documents as the pipeline gives their words, each word as its column in
/// `counts` ([`Texts::read`]), for coherence.
///
/// NMF factorizes the counts' TF-IDF (scikit-learn's defaults). With
/// `holdout`, LDA is fitted on the kept documents and the held-out ones are
/// folded in; their rows are put back in corpus order.
pub fn fit(counts: &CountMatrix, texts: &Texts, params: &Valid<TopicParams>) -> Result<TopicModel> {
    if counts.n_docs() == 0 || counts.terms.is_empty() {
        return Err(Error::EmptyCorpus(
            "no words to model (empty corpus, or every word filtered out)".into(),
        ));
    }
    let data = Data {
        counts,
        texts,
        tfidf: match params.method {
            // The pipeline's options only label a model; the matrix is the counts'.
            Method::Nmf => Some(
                crate::vectorize::fit_counts_with(
                    PipelineOptions::default(),
                    &VectorizerOptions::default(),
                    counts.clone(),
                )?
                .1
                .matrix,
            ),
            Method::Lda => None,
        },
        split: match params.holdout {
            Some(f) => Some(lda::hold_out(counts, f, params.seed)?),
            None => None,
        },
    };
    match params.k {
        TopicCount::K(k) => fit_k(params, k, &data),
        TopicCount::Auto { min, max } => {
            let limit = match params.method {
                // NNDSVD needs K singular vectors.
                Method::Nmf => counts.n_docs().min(counts.terms.len()),
                Method::Lda => usize::MAX,
            };
            if min > limit {
                return Err(ParamError::NmfSweep { min, max, limit }.into());
            }
            let mut best: Option<TopicModel> = None;
            let mut tried = Vec::new();
            for k in min..=max.min(limit) {
                let m = fit_k(params, k, &data)?;
                tried.push(Tried {
                    k,
                    c_npmi: m.mean_c_npmi(),
                    u_mass: m.mean_u_mass(),
                    perplexity: m.perplexity,
                });
                if best
                    .as_ref()
                    .is_none_or(|b| m.mean_c_npmi() > b.mean_c_npmi())
                {
                    best = Some(m);
                }
            }
            let mut best = best.expect("min <= max, so at least one K was tried");
            best.tried = tried;
            Ok(best)
        }
    }
}

/// What every K of a sweep shares.
struct Data<'a> {
    counts: &'a CountMatrix,
    texts: &'a Texts,
    /// NMF: the TF-IDF of `counts`.
    tfidf: Option<crate::vectorize::TfidfMatrix>,
    /// With `holdout`: (kept, held out, held-out mask).
    split: Option<(CountMatrix, CountMatrix, Vec<bool>)>,
}

fn fit_k(params: &TopicParams, k: usize, data: &Data) -> Result<TopicModel> {
    let mut out = TopicModel {
        method: params.method,
        topic_word: Array2::zeros((0, 0)),
        doc_topic: Array2::zeros((0, 0)),
        top_terms: Vec::new(),
        c_npmi: Vec::new(),
        u_mass: Vec::new(),
        heldout: None,
        perplexity: None,
        priors: None,
        nmf: None,
        tried: Vec::new(),
    };
    match (params.method, &data.split) {
        (Method::Nmf, _) => {
            let x = data.tfidf.as_ref().expect("TF-IDF built for NMF");
            let model = nmf::fit(x, &params.nmf(k))?;
            out.topic_word = model.topic_word();
            out.doc_topic = model.doc_topic();
            out.nmf = Some(NmfFigures {
                iterations: model.iterations,
                reconstruction_error: model.reconstruction_error,
            });
        }
        (Method::Lda, None) => {
            let model = lda::fit(data.counts, &params.lda(k))?;
            out.topic_word = model.topic_word;
            out.doc_topic = model.doc_topic;
            out.priors = Some((model.alpha, model.beta));
        }
        (Method::Lda, Some((kept, held, mask))) => {
            let p = params.lda(k);
            let model = lda::fit(kept, &p)?;
            let (perplexity, folded) = lda::perplexity(&model, held, &p);
            // Back in corpus order: kept rows from the fit, held-out rows folded in.
            let mut theta = Array2::zeros((data.counts.n_docs(), k));
            let (mut a, mut b) = (0, 0);
            for (d, &h) in mask.iter().enumerate() {
                let row = if h {
                    folded.row(b)
                } else {
                    model.doc_topic.row(a)
                };
                theta.row_mut(d).assign(&row);
                (a, b) = if h { (a, b + 1) } else { (a + 1, b) };
            }
            out.topic_word = model.topic_word;
            out.doc_topic = theta;
            out.priors = Some((model.alpha, model.beta));
            out.heldout = Some(mask.clone());
            out.perplexity = perplexity;
        }
    }
    out.top_terms = out
        .topic_word
        .outer_iter()
        .map(|row| {
            let mut terms: Vec<(usize, f64)> = row.iter().copied().enumerate().collect();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            terms.truncate(params.top_terms);
            terms
        })
        .collect();
    let words: Vec<Vec<u32>> = out
        .top_terms
        .iter()
        .map(|t| t.iter().map(|&(w, _)| w as u32).collect())
        .collect();
    out.c_npmi = data.texts.c_npmi(&words, params.coherence_window);
    out.u_mass = data.texts.u_mass(&words);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::testing::planted;

    /// Each planted document as its term ids.
    fn texts(counts: &CountMatrix) -> Texts {
        Texts::from_ids((0..counts.n_docs()).map(|d| {
            let mut words = Vec::new();
            for q in counts.indptr[d]..counts.indptr[d + 1] {
                words.extend(std::iter::repeat_n(
                    counts.indices[q],
                    counts.counts[q] as usize,
                ));
            }
            words
        }))
    }

    fn checked(p: TopicParams) -> Valid<TopicParams> {
        p.check().unwrap()
    }

    #[test]
    fn check_rejects_zero_topics() {
        for method in [Method::Lda, Method::Nmf] {
            let p = TopicParams {
                method,
                k: TopicCount::K(0),
                ..TopicParams::default()
            };
            assert_eq!(p.check(), Err(ParamError::Topics(0)), "{method}");
        }
    }

    #[test]
    fn check_rejects_an_empty_sweep() {
        for (min, max) in [(0, 4), (5, 3)] {
            let p = TopicParams {
                k: TopicCount::Auto { min, max },
                ..TopicParams::default()
            };
            assert_eq!(p.check(), Err(ParamError::TopicSweep { min, max }));
        }
    }

    #[test]
    fn check_rejects_holdout_with_nmf() {
        let p = TopicParams {
            method: Method::Nmf,
            holdout: Some(0.2),
            ..TopicParams::default()
        };
        assert_eq!(p.check(), Err(ParamError::HoldoutNmf));
    }

    #[test]
    fn check_rejects_a_holdout_that_is_not_a_fraction() {
        for f in [0.0, 1.0, 1.5] {
            let p = TopicParams {
                holdout: Some(f),
                ..TopicParams::default()
            };
            assert_eq!(p.check(), Err(ParamError::Holdout(f)));
        }
    }

    #[test]
    fn check_rejects_zero_top_terms() {
        let p = TopicParams {
            top_terms: 0,
            ..TopicParams::default()
        };
        assert_eq!(p.check(), Err(ParamError::TopTerms(0)));
    }

    #[test]
    fn check_applies_the_methods_own_checks() {
        let lda = TopicParams {
            burn_in: 200,
            ..TopicParams::default()
        };
        assert_eq!(
            lda.check(),
            Err(ParamError::BurnIn {
                burn_in: 200,
                iterations: 200
            })
        );
        // NMF has no burn-in, but an iteration limit of 0 is its error.
        let nmf = TopicParams {
            method: Method::Nmf,
            burn_in: 200,
            iterations: 0,
            ..TopicParams::default()
        };
        assert_eq!(
            nmf.check(),
            Err(ParamError::MaxIterations {
                name: "max_iterations",
                value: 0
            })
        );
    }

    #[test]
    fn the_sweep_keeps_the_most_coherent_k_and_lists_every_k() {
        let (counts, _) = planted(3, 60, 3);
        let texts = texts(&counts);
        let p = checked(TopicParams {
            k: TopicCount::Auto { min: 2, max: 4 },
            top_terms: 5,
            ..TopicParams::default()
        });
        let m = fit(&counts, &texts, &p).unwrap();
        let ks: Vec<usize> = m.tried.iter().map(|t| t.k).collect();
        assert_eq!(ks, [2, 3, 4]);
        let best = m
            .tried
            .iter()
            .fold(None::<&Tried>, |b, t| match b {
                Some(b) if b.c_npmi >= t.c_npmi => Some(b),
                _ => Some(t),
            })
            .unwrap();
        assert_eq!(m.k(), best.k);
        assert_eq!(m.mean_c_npmi(), best.c_npmi);
        assert_eq!(m.doc_topic.dim(), (60, m.k()));
        assert!(m.top_terms.iter().all(|t| t.len() == 5));
        // Each fixed-K fit of the sweep is the fit of that K alone.
        let alone = fit(
            &counts,
            &texts,
            &checked(TopicParams {
                k: TopicCount::K(best.k),
                top_terms: 5,
                ..TopicParams::default()
            }),
        )
        .unwrap();
        assert_eq!(alone.topic_word, m.topic_word);
        assert!(alone.tried.is_empty());
    }

    #[test]
    fn held_out_rows_go_back_in_corpus_order() {
        let (counts, _) = planted(2, 20, 4);
        let texts = texts(&counts);
        let p = checked(TopicParams {
            k: TopicCount::K(2),
            holdout: Some(0.25),
            ..TopicParams::default()
        });
        let m = fit(&counts, &texts, &p).unwrap();
        let mask = m.heldout.as_ref().unwrap();
        assert_eq!(mask.iter().filter(|&&h| h).count(), 5);
        assert!(m.perplexity.is_some_and(|p| p.is_finite() && p > 1.0));
        // The planted documents alternate between topics 0 and 1: a document
        // of either kind, held out or not, sits with its own kind.
        let main = |d: usize| {
            let row = m.doc_topic.row(d);
            usize::from(row[1] > row[0])
        };
        for (d, held) in mask.iter().enumerate() {
            assert_eq!(main(d), main(d % 2), "document {d} (held out: {held})");
        }
    }

    #[test]
    fn nmf_sweeps_at_most_min_documents_terms() {
        let (counts, _) = planted(2, 3, 1);
        let texts = texts(&counts);
        let p = checked(TopicParams {
            method: Method::Nmf,
            k: TopicCount::Auto { min: 2, max: 10 },
            ..TopicParams::default()
        });
        let m = fit(&counts, &texts, &p).unwrap();
        assert_eq!(m.tried.last().map(|t| t.k), Some(3));
        assert!(m.nmf.is_some());
        let p = checked(TopicParams {
            method: Method::Nmf,
            k: TopicCount::Auto { min: 4, max: 10 },
            ..TopicParams::default()
        });
        assert!(matches!(
            fit(&counts, &texts, &p),
            Err(Error::Param(ParamError::NmfSweep {
                min: 4,
                max: 10,
                limit: 3
            }))
        ));
    }
}
