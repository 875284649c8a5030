//! Stage-by-stage timing of the vectorizer: what `tahlil bench` measures.
//!
//! `tahlil vectorize` runs the whole text pipeline fused, one document at a
//! time in each worker (normalize → tokenize → segment → filter → count), so
//! its stages cannot be timed from outside. Here each stage runs alone, on the whole
//! corpus, with the previous stage's output held in memory, on a rayon pool of
//! the thread count being measured:
//!
//! | stage | what runs |
//! |---|---|
//! | read | the corpus read into documents (UTF-8 checked, ids made) |
//! | normalize | the pipeline's cleaning (NFKC, deletions; [`Pipeline::cleaner`]) on every document |
//! | tokenize | [`Tokenizer::spans_into`](crate::tokenize::Tokenizer::spans_into) on every cleaned text |
//! | segment | each token's host or clitics ([`Pipeline::pieces`]; nothing to do with `--clitics none`) |
//! | fold+filter | the letter folds ([`Pipeline::normalizer`]) and [`Filters::apply`](crate::filter::Filters::apply) on every piece |
//! | count | the counting workers of [`count_terms`] on the filtered words |
//! | vocabulary+idf | merging and sorting the workers' vocabularies; df, pruning, idf |
//! | csr | rows renumbered into sorted columns; weights and row norms |
//! | write | [`write_vectors`]: matrix, vocabulary, documents, model |
//!
//! Next to them, `vectorize` times the fused path end to end, exactly as the
//! command runs it (read, count, fit, write), and its peak memory. The fused
//! path normalizes, tokenizes and segments each distinct space-separated
//! chunk once and caches its words (see `vectorize::chunks`), while the
//! stages here process every byte, so the stages can add up to more
//! than the fused run. The speed-up of every row is from the smallest thread
//! count to each other.
//! Every run checks that the staged path built the very matrix the fused path
//! built (a checksum of both), so the stages time the real work.
//!
//! ```
//! use tahlil::bench::{run, BenchOptions};
//! use tahlil::input::{Corpus, InputOptions};
//!
//! let options = BenchOptions { threads: vec![1, 2], runs: 1, ..BenchOptions::default() };
//! let dir = tempfile::tempdir().unwrap();
//! let report = run(&Corpus::seeds(InputOptions::default()), &options, dir.path(), |_| {})?;
//! assert_eq!(report.corpus.documents, 5);
//! assert_eq!(report.corpus.terms, 1243);
//! // Ten rows (nine stages and the fused total) for each thread count.
//! assert_eq!(report.stages.len(), 20);
//! # Ok::<(), tahlil::Error>(())
//! ```

pub mod chart;

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ParamError, Result};
use crate::filter::{Stem, StopWords};
use crate::input::{Corpus, Document};
use crate::io::{write_vectors, MatrixFormat};
use crate::normalize::NormalizeOptions;
use crate::params::Valid;
use crate::pipeline::{Pipeline, PipelineOptions};
use crate::segment::Clitics;
use crate::vectorize::{
    count_terms, count_terms_timed, CountTimings, FitTimings, TfidfVectorizer, VectorizerOptions,
    Vectors,
};

/// The stages, in pipeline order, then the fused total.
pub const STAGES: [&str; 10] = [
    "read",
    "normalize",
    "tokenize",
    "segment",
    "fold+filter",
    "count",
    "vocabulary+idf",
    "csr",
    "write",
    "vectorize",
];

/// What to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchOptions {
    /// The text pipeline (as `tahlil vectorize` takes it).
    pub pipeline: PipelineOptions,
    /// The weighting.
    pub vectorizer: VectorizerOptions,
    /// The matrix file written by the write stage.
    pub matrix_format: MatrixFormat,
    /// Thread counts to measure, each in its own pool.
    pub threads: Vec<usize>,
    /// Timed runs of every stage at every thread count.
    pub runs: usize,
}

impl Default for BenchOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut threads = vec![1, cores];
        threads.dedup();
        BenchOptions {
            pipeline: PipelineOptions::default(),
            vectorizer: VectorizerOptions::default(),
            matrix_format: MatrixFormat::Mtx,
            threads,
            runs: 5,
        }
    }
}

impl BenchOptions {
    /// Checks the options, returning the first invalid one (see [`crate::params`]).
    pub fn check(&self) -> std::result::Result<Valid<BenchOptions>, ParamError> {
        if self.runs == 0 {
            return Err(ParamError::BenchRuns(self.runs));
        }
        if self.threads.is_empty() || self.threads.contains(&0) {
            return Err(ParamError::BenchThreads(self.threads.clone()));
        }
        self.pipeline.check()?;
        self.vectorizer.check()?;
        Ok(Valid::checked(self.clone()))
    }
}

/// The corpus measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusSize {
    /// Bytes of document text (UTF-8).
    pub bytes: u64,
    /// Documents.
    pub documents: u64,
    /// Words after normalization and filters.
    pub tokens: u64,
    /// Columns of the TF-IDF matrix.
    pub terms: u64,
    /// Non-zeros of the TF-IDF matrix.
    pub nnz: u64,
}

/// One stage at one thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    /// One of [`STAGES`].
    pub stage: String,
    /// Threads of the pool it ran on.
    pub threads: usize,
    /// Wall time of each run, in seconds, in the order run.
    pub seconds: Vec<f64>,
    /// Median of `seconds`.
    pub median: f64,
    /// Corpus megabytes (10⁶ bytes) per second, at the median.
    pub mb_per_s: f64,
    /// Documents per second, at the median.
    pub docs_per_s: f64,
    /// Tokens per second, at the median.
    pub tokens_per_s: f64,
    /// Median time at the smallest thread count over the median here.
    pub speedup: f64,
    /// `vectorize` only: its peak resident memory in bytes, the least over its runs
    /// (memory the allocator kept from an earlier run can only add to a later one's).
    /// `None` for the other stages, or where the system does not tell.
    pub peak_rss: Option<u64>,
}

/// Everything measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    /// What was measured.
    pub corpus: CorpusSize,
    /// Runs per stage and thread count.
    pub runs: usize,
    /// Thread counts, as given.
    pub threads: Vec<usize>,
    /// Every stage at every thread count: thread counts in the order given,
    /// stages in [`STAGES`] order within each.
    pub stages: Vec<StageTiming>,
    /// Peak resident memory of the whole benchmark process, in bytes.
    pub process_peak_rss: Option<u64>,
    /// The machine: logical cores and processor model.
    pub machine: Machine,
}

impl BenchReport {
    /// The timing of `stage` with `threads` threads, if it was measured.
    pub fn stage(&self, stage: &str, threads: usize) -> Option<&StageTiming> {
        self.stages
            .iter()
            .find(|s| s.threads == threads && s.stage == stage)
    }
}

/// Where the benchmark ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// Logical cores available to the process.
    pub cores: usize,
    /// Processor model (`/proc/cpuinfo`), or "unknown".
    pub cpu: String,
    /// Operating system and architecture.
    pub os: String,
}

impl Machine {
    /// This machine.
    pub fn current() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown".into());
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        }
    }
}

/// Peak resident set size of this process so far, in bytes (Linux: `VmHWM`).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Starts a new peak-memory measurement (Linux 4.0+: the peak drops to the
/// current size). Returns whether the system supports it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Times of one run, one per entry of [`STAGES`].
type RunTimes = [Duration; STAGES.len()];

/// What one run produced, to check the staged path against the fused one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    rows: usize,
    cols: usize,
    nnz: usize,
    tokens: u64,
    crc: u32,
}

impl Fingerprint {
    fn of(v: &Vectors) -> Fingerprint {
        let mut h = crc32fast::Hasher::new();
        let m = &v.matrix;
        for &p in m.indptr().raw_storage() {
            h.update(&(p as u64).to_le_bytes());
        }
        h.update(bytemuck::cast_slice(m.indices()));
        for x in m.data() {
            h.update(&x.to_bits().to_le_bytes());
        }
        Fingerprint {
            rows: m.rows(),
            cols: m.cols(),
            nnz: m.nnz(),
            tokens: v.tokens.iter().sum(),
            crc: h.finalize(),
        }
    }
}

/// Runs the benchmark on `corpus`, writing the write stage's files under
/// `scratch` (removed after each run). `progress` hears what is about to run.
pub fn run(
    corpus: &Corpus,
    options: &BenchOptions,
    scratch: &Path,
    mut progress: impl FnMut(&str),
) -> Result<BenchReport> {
    options.check()?;
    let vectorizer = TfidfVectorizer::new(options.pipeline.clone(), options.vectorizer.clone())?;
    let pools = options
        .threads
        .iter()
        .map(|&t| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .map_err(|e| Error::Numeric(format!("could not start {t} threads: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut times: Vec<Vec<RunTimes>> = vec![Vec::new(); options.threads.len()];
    let mut size: Option<CorpusSize> = None;
    let mut peaks: Vec<Option<u64>> = vec![None; options.threads.len()];
    let mut process_peak = peak_rss();
    // Thread counts alternate within each round, so a slow spell of a shared
    // machine spreads over all of them instead of hitting one.
    for round in 0..options.runs {
        for (k, (&t, pool)) in options.threads.iter().zip(&pools).enumerate() {
            progress(&format!(
                "run {}/{} with {t} thread{}",
                round + 1,
                options.runs,
                if t == 1 { "" } else { "s" }
            ));
            let dir = tempfile::Builder::new()
                .prefix("tahlil-bench-")
                .tempdir_in(scratch)
                .map_err(|e| Error::io(scratch.display(), e))?;
            let (
                (mut run_times, staged_print, bytes),
                (fused_time, fused_print, fused_peak),
                before,
            ) = pool.install(|| -> Result<_> {
                let staged =
                    staged_run(corpus, options, &vectorizer, t, &dir.path().join("staged"))?;
                // The fused run resets the peak: keep the process's peak so far.
                let before = peak_rss();
                let fused = fused_run(corpus, options, &vectorizer, t, &dir.path().join("fused"))?;
                Ok((staged, fused, before))
            })?;
            if staged_print != fused_print {
                return Err(Error::Numeric(format!(
                    "the staged and the fused vectorizer disagree ({staged_print:?} vs {fused_print:?}); please report this"
                )));
            }
            run_times[STAGES.len() - 1] = fused_time;
            process_peak = merge(merge(process_peak, before, u64::max), fused_peak, u64::max);
            times[k].push(run_times);
            peaks[k] = merge(peaks[k], fused_peak, u64::min);
            size.get_or_insert(CorpusSize {
                bytes,
                documents: staged_print.rows as u64,
                tokens: staged_print.tokens,
                terms: staged_print.cols as u64,
                nnz: staged_print.nnz as u64,
            });
        }
    }
    let size = size.expect("at least one run");
    let medians: Vec<[f64; STAGES.len()]> = times
        .iter()
        .map(|runs| std::array::from_fn(|s| median(runs.iter().map(|r| r[s].as_secs_f64()))))
        .collect();
    let base = (0..options.threads.len())
        .min_by_key(|&k| options.threads[k])
        .expect("at least one thread count");
    let mut stages = Vec::new();
    for (k, &t) in options.threads.iter().enumerate() {
        for (s, name) in STAGES.iter().enumerate() {
            let m = medians[k][s];
            // A stage faster than the clock's resolution counts as 1 ns.
            let per_s = |amount: u64| amount as f64 / m.max(1e-9);
            stages.push(StageTiming {
                stage: (*name).into(),
                threads: t,
                seconds: times[k].iter().map(|r| r[s].as_secs_f64()).collect(),
                median: m,
                mb_per_s: per_s(size.bytes) / 1e6,
                docs_per_s: per_s(size.documents),
                tokens_per_s: per_s(size.tokens),
                speedup: medians[base][s] / m.max(1e-9),
                peak_rss: if *name == "vectorize" { peaks[k] } else { None },
            });
        }
    }
    Ok(BenchReport {
        corpus: size,
        runs: options.runs,
        threads: options.threads.clone(),
        stages,
        process_peak_rss: merge(process_peak, peak_rss(), u64::max),
        machine: Machine::current(),
    })
}

/// `f` of two memory figures where both are known, else the one that is
/// (peak RSS is unknown off Linux).
fn merge(a: Option<u64>, b: Option<u64>, f: fn(u64, u64) -> u64) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, b) => a.or(b),
    }
}

/// The median (the mean of the middle two for an even count).
fn median(xs: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = xs.collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Each stage alone, on the previous stage's output held in memory.
fn staged_run(
    corpus: &Corpus,
    options: &BenchOptions,
    vectorizer: &TfidfVectorizer,
    threads: usize,
    out: &Path,
) -> Result<(RunTimes, Fingerprint, u64)> {
    let mut t = RunTimes::default();
    let pipeline = vectorizer.pipeline();

    let clock = Instant::now();
    let docs = corpus.documents().collect::<Result<Vec<Document>>>()?;
    t[0] = clock.elapsed();
    let (ids, texts): (Vec<String>, Vec<String>) = docs.into_iter().map(|d| (d.id, d.text)).unzip();
    let bytes = texts.iter().map(|t| t.len() as u64).sum();

    let clock = Instant::now();
    let cleaner = pipeline.cleaner();
    let cleaned: Vec<String> = texts
        .par_iter()
        .map(|text| {
            let mut s = String::with_capacity(text.len());
            cleaner.normalize_into(text, &mut s);
            s
        })
        .collect();
    t[1] = clock.elapsed();
    drop(texts);

    let clock = Instant::now();
    let tokenizer = pipeline.tokenizer();
    let spans: Vec<Vec<(usize, usize)>> = cleaned
        .par_iter()
        .map(|text| {
            let (mut bounds, mut spans) = (Vec::new(), Vec::new());
            tokenizer.spans_into(text, &mut bounds, &mut spans);
            spans
        })
        .collect();
    t[2] = clock.elapsed();

    // The pieces of each document, as written, one per line.
    let clock = Instant::now();
    let pieces: Vec<String> = cleaned
        .par_iter()
        .zip(&spans)
        .map(|(text, spans)| {
            let mut s = String::with_capacity(text.len());
            for &(a, b) in spans {
                pipeline.pieces(&text[a..b], |piece| {
                    s.push_str(piece);
                    s.push('\n');
                });
            }
            s
        })
        .collect();
    t[3] = clock.elapsed();
    drop((cleaned, spans));

    let clock = Instant::now();
    let (normalizer, filters) = (pipeline.normalizer(), pipeline.filters());
    let words: Vec<String> = pieces
        .par_iter()
        .map(|pieces| {
            let mut s = String::with_capacity(pieces.len());
            let mut folded = String::new();
            for piece in pieces.lines() {
                normalizer.normalize_into(piece, &mut folded);
                if let Some(word) = filters.apply(&folded) {
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push_str(&word);
                }
            }
            s
        })
        .collect();
    t[4] = clock.elapsed();
    drop(pieces);

    // The filtered words are counted with a pipeline that only splits them
    // again: no normalization, no stop words, no length limit.
    let counting = Pipeline::new(PipelineOptions {
        normalize: NormalizeOptions::none(),
        min_token_length: 1,
        stopwords: StopWords::None,
        stem: Stem::None,
        clitics: Clitics::None,
        ..pipeline.options().clone()
    })?;
    let documents = ids
        .into_iter()
        .zip(words)
        .map(|(id, text)| Ok(Document::new(id, text)));
    let mut ct = CountTimings::default();
    let counts = count_terms_timed(documents, &counting, None, threads, &mut ct)?;
    let mut ft = FitTimings::default();
    let (model, vectors) = vectorizer.fit_counts_timed(counts, &mut ft)?;
    t[5] = ct.count;
    t[6] = ct.merge + ft.vocabulary;
    t[7] = ct.assemble + ft.weigh;

    let clock = Instant::now();
    write_vectors(out, options.matrix_format, &model, &vectors)?;
    t[8] = clock.elapsed();
    Ok((t, Fingerprint::of(&vectors), bytes))
}

/// The fused path, as `tahlil vectorize` runs it; also its peak memory.
fn fused_run(
    corpus: &Corpus,
    options: &BenchOptions,
    vectorizer: &TfidfVectorizer,
    threads: usize,
    out: &Path,
) -> Result<(Duration, Fingerprint, Option<u64>)> {
    let measured = reset_peak_rss();
    let clock = Instant::now();
    let counts = count_terms(corpus.documents(), vectorizer.pipeline(), None, threads)?;
    let (model, vectors) = vectorizer.fit_counts(counts)?;
    write_vectors(out, options.matrix_format, &model, &vectors)?;
    let elapsed = clock.elapsed();
    let peak = if measured { peak_rss() } else { None };
    Ok((elapsed, Fingerprint::of(&vectors), peak))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::InputOptions;

    fn seeds_report(threads: Vec<usize>, runs: usize) -> BenchReport {
        let dir = tempfile::tempdir().unwrap();
        let options = BenchOptions {
            threads,
            runs,
            ..BenchOptions::default()
        };
        run(
            &Corpus::seeds(InputOptions::default()),
            &options,
            dir.path(),
            |_| {},
        )
        .unwrap()
    }

    #[test]
    fn every_stage_is_timed_at_every_thread_count() {
        let r = seeds_report(vec![2, 1], 3);
        assert_eq!(r.threads, [2, 1]);
        assert_eq!(r.stages.len(), 20);
        for (i, s) in r.stages.iter().enumerate() {
            assert_eq!(s.stage, STAGES[i % 10]);
            assert_eq!(s.threads, if i < 10 { 2 } else { 1 });
            assert_eq!(s.seconds.len(), 3);
            assert_eq!(s.median, median(s.seconds.iter().copied()));
            assert!(s.mb_per_s.is_finite() && s.mb_per_s > 0.0, "{s:?}");
            assert!(s.speedup.is_finite() && s.speedup > 0.0, "{s:?}");
            if s.threads == 1 {
                // The smallest thread count is the base of the speed-up.
                assert_eq!(s.speedup, 1.0);
            }
        }
        // The seeds as `tahlil vectorize` sees them.
        let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default());
        let seeds = Corpus::seeds(InputOptions::default());
        let (model, vectors) = v.unwrap().fit_transform(seeds.documents(), 1).unwrap();
        assert_eq!(r.corpus.documents, 5);
        assert_eq!(r.corpus.terms, model.vocabulary.len() as u64);
        assert_eq!(r.corpus.nnz, vectors.matrix.nnz() as u64);
        assert_eq!(r.corpus.tokens, vectors.tokens.iter().sum::<u64>());
        let text: u64 = crate::seeds::SEEDS
            .iter()
            .map(|(_, t)| t.len() as u64)
            .sum();
        assert_eq!(r.corpus.bytes, text);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median([3.0, 1.0, 2.0].into_iter()), 2.0);
        assert_eq!(median([4.0, 1.0, 3.0, 2.0].into_iter()), 2.5);
    }

    #[test]
    fn zero_runs_is_an_error_carrying_the_value() {
        let o = BenchOptions {
            runs: 0,
            ..BenchOptions::default()
        };
        assert!(matches!(o.check(), Err(ParamError::BenchRuns(0))));
    }

    #[test]
    fn zero_threads_is_an_error_carrying_the_list() {
        let o = BenchOptions {
            threads: vec![1, 0],
            ..BenchOptions::default()
        };
        assert!(matches!(o.check(), Err(ParamError::BenchThreads(t)) if t == [1, 0]));
    }
}
