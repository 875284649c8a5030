//! Typed errors of the library.
//!
//! Every variant renders as one line that names what went wrong and, where
//! there is one, the file and the line or byte offset, so the CLI can print
//! `tahlil: error: {error}` and nothing else.

use std::io;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing `path` failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory (or `<stdin>`).
        path: String,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// `path` is not valid UTF-8.
    #[error("{path}: invalid UTF-8 at byte {offset} (line {line}); pass `lossy` to replace invalid bytes with U+FFFD")]
    InvalidUtf8 {
        /// The file.
        path: String,
        /// 1-based line of the first invalid byte.
        line: u64,
        /// 0-based byte offset of the first invalid byte in the file.
        offset: u64,
    },
    /// A structured input (JSON lines, CSV, TSV, a model) could not be parsed.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// 1-based line (0 when the error is not tied to a line).
        line: u64,
        /// What is wrong and what to do.
        message: String,
    },
    /// No documents were found in the inputs.
    #[error("the corpus is empty: {0}")]
    EmptyCorpus(String),
    /// The filters or pruning options removed every term.
    #[error("the vocabulary is empty: {0}")]
    EmptyVocabulary(String),
    /// Count states counted with different options cannot be merged.
    #[error("{0}")]
    StateMismatch(String),
    /// An option has a value that cannot be used.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// The corpus is too large for a method whose memory grows as n².
    #[error("{method} needs memory that grows as the square of the number of documents: {documents} documents is above its limit of {limit}; {instead}")]
    TooManyDocuments {
        /// The method (for example `hierarchical clustering`).
        method: &'static str,
        /// Documents in the corpus.
        documents: usize,
        /// The largest corpus it accepts.
        limit: usize,
        /// What to use instead.
        instead: &'static str,
    },
    /// The input is beyond what a method can represent.
    #[error("{0}")]
    TooLarge(String),
    /// A numerical routine of a dependency failed.
    #[error("{0}")]
    Numeric(String),
    /// The operating system would not start the worker threads asked for.
    #[error("could not start {threads} worker threads: {message}")]
    Threads {
        /// The thread count asked for.
        threads: usize,
        /// The system's reason.
        message: String,
    },
    /// A chart could not be drawn.
    #[error("chart: {0}")]
    Chart(String),
}

impl Error {
    /// No document was read: every command's empty-corpus error, worded once.
    pub fn no_documents() -> Self {
        Error::EmptyCorpus("no documents were read (with `lines`, every line was blank)".into())
    }

    /// An I/O error on `path`.
    pub fn io(path: impl std::fmt::Display, source: io::Error) -> Self {
        Error::Io {
            path: path.to_string(),
            source,
        }
    }
}

/// An invalid option value, one variant per option, carrying the bad value.
///
/// Messages name each parameter as the library spells it, in backticks
/// (`` `min_df` ``, `` `ngram_range` ``): a front rewrites those names into
/// its own spelling with [`spell_params`] (the command line's `--min-df`,
/// a Python keyword), so every front words the same check the same way.
///
/// ```
/// use tahlil::error::{spell_params, ParamError};
///
/// let e = ParamError::MinDfAboveMaxDf { min_df: 3.0, max_df: 2.0 };
/// assert_eq!(e.to_string(), "`min_df` (3) is above `max_df` (2): lower `min_df` or raise `max_df`");
/// let flag = |name: &str| Some(format!("--{}", name.replace('_', "-")));
/// assert_eq!(
///     spell_params(&e.to_string(), flag),
///     "--min-df (3) is above --max-df (2): lower --min-df or raise --max-df"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// `min_df` or `max_df` given as a fraction outside `[0, 1]`.
    #[error(
        "`{name}` {value}: a fraction must lie in [0, 1] (write an integer for a document count)"
    )]
    DfFraction {
        /// `min_df` or `max_df`.
        name: &'static str,
        /// The bad value.
        value: f64,
    },
    /// `min_df` and `max_df` leave no room for any term.
    #[error("`min_df` ({min_df}) is above `max_df` ({max_df}): lower `min_df` or raise `max_df`")]
    MinDfAboveMaxDf {
        /// `min_df` resolved to a document count.
        min_df: f64,
        /// `max_df` resolved to a document count.
        max_df: f64,
    },
    /// `max_features` of 0.
    #[error("`max_features` must be at least 1 (omit it to keep every term)")]
    MaxFeaturesZero,
    /// `ngram_range` (MIN, MAX) with MIN = 0 or MIN > MAX.
    #[error("`ngram_range` {min},{max}: need 1 <= MIN <= MAX")]
    NgramRange {
        /// The lower bound given.
        min: usize,
        /// The upper bound given.
        max: usize,
    },
    /// `min_token_length` of 0.
    #[error("`min_token_length` must be at least 1")]
    MinTokenLengthZero,
    /// LSA `dims` of 0.
    #[error("`dims` {0}: LSA needs at least 1 dimension (omit `dims` to choose automatically)")]
    Dims(usize),
    /// Clustering `k` of 0.
    #[error("`k` 0: need at least 1 cluster")]
    ClusterKZero,
    /// Clustering `k` above the number of documents.
    #[error("`k` {k}: need 1 <= K <= the number of documents ({documents})")]
    ClusterK {
        /// The K asked for.
        k: usize,
        /// Documents in the corpus.
        documents: usize,
    },
    /// `k` auto with a largest K (`k_max`) below 2.
    #[error("`k_max` {0}: `k` auto tries K from 2 to `k_max`, so it must be at least 2")]
    KMax(usize),
    /// `k` auto on fewer than three documents (silhouettes need 2 <= K <= n - 1).
    #[error("`k` auto needs at least 3 documents to compare silhouettes (the corpus has {0}); give `k` K")]
    KAutoDocuments(usize),
    /// `restarts` of 0.
    #[error("`restarts` must be at least 1")]
    Restarts(usize),
    /// An iteration limit of 0: `max_iterations` (k-means) or `iterations` (NMF).
    #[error("`{name}` must be at least 1")]
    MaxIterations {
        /// `max_iterations` or `iterations`.
        name: &'static str,
        /// The bad value.
        value: u64,
    },
    /// `tolerance` not a positive number.
    #[error("`tolerance` {0}: must be a positive number")]
    Tolerance(f64),
    /// The distance to cut the tree at (`cut_distance`) negative or not a number.
    #[error("`cut_distance` {0}: the linkage distance to cut at must be a number >= 0")]
    CutDistance(f64),
    /// `cut_distance` with k-means, which has no tree to cut.
    #[error("`cut_distance` {0}: only hierarchical clustering has a tree to cut; add `method` hierarchical or give `k`")]
    CutDistanceKMeans(f64),
    /// A topic model's `k` of 0 (or above 65,535).
    #[error("`k` {0}: a topic model needs at least one topic")]
    Topics(usize),
    /// NMF with `k` outside `1..=min(documents, terms)` (NNDSVD needs K
    /// singular vectors).
    #[error("`k` {k}: NMF needs 1 <= K <= min(documents, terms) = {limit}")]
    NmfK {
        /// The K asked for.
        k: usize,
        /// min(documents, terms).
        limit: usize,
    },
    /// `k` auto with `k_min` 0 or above `k_max`.
    #[error("`k` auto tries K from `k_min` {min} to `k_max` {max}: need 1 <= `k_min` <= `k_max`")]
    TopicSweep {
        /// The smallest K asked for.
        min: usize,
        /// The largest K asked for.
        max: usize,
    },
    /// NMF's `k` auto with `k_min` above min(documents, terms).
    #[error("`k` auto tries K from `k_min` {min} to `k_max` {max}, but NMF fits at most min(documents, terms) = {limit} topics here: lower `k_min`")]
    NmfSweep {
        /// The smallest K asked for.
        min: usize,
        /// The largest K asked for.
        max: usize,
        /// min(documents, terms).
        limit: usize,
    },
    /// `holdout` with NMF.
    #[error("`holdout` scores LDA's held-out likelihood; NMF has none (drop `holdout` or use `method` lda)")]
    HoldoutNmf,
    /// `top_terms` of 0.
    #[error("`top_terms` {0}: list at least 1 term per topic")]
    TopTerms(usize),
    /// `holdout` not a fraction strictly between 0 and 1.
    #[error("`holdout` {0}: the fraction of documents held out must be above 0 and below 1")]
    Holdout(f64),
    /// `holdout` leaving no document to train on.
    #[error("`holdout` {fraction}: holds out every one of the {documents} documents; use a smaller fraction")]
    HoldoutDocuments {
        /// The fraction asked for.
        fraction: f64,
        /// Documents in the corpus.
        documents: usize,
    },
    /// A Dirichlet prior that is not a positive number.
    #[error("`{name}` {value}: a Dirichlet prior must be a positive number")]
    Prior {
        /// `alpha` or `beta`.
        name: &'static str,
        /// The bad value.
        value: f64,
    },
    /// `optimize_beta` without `optimize_interval`.
    #[error("`optimize_beta` needs `optimize_interval` above 0: the priors are learned every that many sweeps")]
    OptimizeBeta,
    /// `optimize_burn_in` not below `iterations` while priors are learned.
    #[error("`optimize_burn_in` {optimize_burn_in} must be below `iterations` {iterations}: the priors are first learned after it")]
    OptimizeBurnIn {
        /// Sweeps before the first optimization.
        optimize_burn_in: usize,
        /// Sweeps in all.
        iterations: usize,
    },
    /// `burn_in` not below `iterations`.
    #[error("`burn_in` {burn_in} must be below `iterations` {iterations}: estimates are averaged over the sweeps after it")]
    BurnIn {
        /// Sweeps discarded.
        burn_in: usize,
        /// Sweeps in all.
        iterations: usize,
    },
    /// Ward linkage with a non-Euclidean `distance`.
    #[error("`linkage` ward needs `distance` euclidean (Ward's criterion is defined on Euclidean distances); with another distance choose `linkage` average, complete or single")]
    WardNeedsEuclidean,
    /// A `chart` file whose name ends in neither `.png` nor `.svg`.
    #[error("`chart` {0}: the chart format comes from the file name: end it in .png or .svg")]
    ChartFormat(String),
    /// `width` or `height` outside the accepted range.
    #[error("`{name}` {value}: a chart side must be between 200 and 16000 pixels")]
    ChartSize {
        /// `width` or `height`.
        name: &'static str,
        /// The bad value.
        value: u32,
    },
    /// `top_k` of 0 neighbours.
    #[error("`top_k` must be at least 1")]
    TopK(usize),
    /// A `min_score` that is not a number.
    #[error("`min_score` {0}: give a number (a similarity or a distance)")]
    MinScore(f64),
    /// A collocation `window` below 2.
    #[error("`window` {0}: a pair needs a window of at least 2 words")]
    CollocationWindow(usize),
    /// A trigram `measure` that is defined for pairs only (Dice, as in NLTK).
    #[error(
        "`measure` {0} is defined for pairs only (as in NLTK); choose another measure or `size` 2"
    )]
    TrigramMeasure(String),
    /// Collocations of a `size` other than 2 (pairs) or 3 (triples).
    #[error("`size` {0}: collocations are pairs (2) or triples (3)")]
    CollocationSize(usize),
    /// Triples counted over a `window` other than the contiguous one.
    #[error(
        "`window` {0}: triples are contiguous (NLTK's window of 3); leave `window` at its default"
    )]
    TrigramWindow(usize),
    /// A keyword-in-context search term with no words after normalization.
    #[error("the search term {0:?} has no words after normalization")]
    SearchTerm(String),
    /// Grouping by a field no document has.
    #[error("`group_by` {column}: no document has a field {column:?} (fields: {fields})")]
    GroupBy { column: String, fields: String },
    /// A trend of a term made only of words the pipeline leaves out.
    #[error("the term {0:?} is only words the counted words leave out (stop words, or shorter than `min_token_length`), so it has no rate per 10,000 of them: choose another term, or count with `stopwords` none")]
    FilteredTerm(String),
    /// Grouping by a field a document lacks.
    #[error("`group_by` {column}: the document in row {row} has no field {column:?}; give every document a value")]
    GroupMissing { column: String, row: usize },
    /// A date too coarse for the periods asked for.
    #[error("the document in row {row}: {reason}")]
    TooCoarse { row: usize, reason: String },
    /// More periods than a table or chart can hold.
    #[error("`by` {by}: from {first} to {last} is {periods} periods, more than {limit}: check the first and last dates, or count by a longer period")]
    TooManyPeriods {
        by: String,
        first: String,
        last: String,
        periods: usize,
        limit: usize,
    },
    /// `since` or `until` with no field to read dates from.
    #[error("`since`, `until` and periods use the documents' dates: name the field that holds them with `date_column`")]
    NeedsDateColumn,
    /// A co-occurrence `window` of 0.
    #[error("`window` {0}: words must be at least 1 position apart to co-occur")]
    CooccurrenceWindow(usize),
    /// A keyness `target` that holds every document or none (or a mask of
    /// the wrong length).
    #[error("`target` holds {in_target} of the {documents} documents: keyness compares a target with the rest, so both need at least one document")]
    KeynessTarget {
        /// Documents in the target.
        in_target: usize,
        /// Documents in the corpus (the mask's length when it differs).
        documents: usize,
    },
    /// A thread count of 0.
    #[error("`threads` {0}: need at least 1 thread")]
    Threads(usize),
    /// A benchmark's `runs` of 0.
    #[error("`runs` {0}: the benchmark needs at least 1 run of each stage")]
    BenchRuns(usize),
    /// A benchmark's `threads` with a zero or an empty list.
    #[error("`threads` {0:?}: give thread counts of at least 1, such as 1,2")]
    BenchThreads(Vec<usize>),
}

/// `message` with each parameter name in backticks that `spell` knows
/// replaced by what it returns; other backticked text is left as it is.
///
/// Library messages name parameters in backticks (see [`ParamError`]); a
/// front calls this once, where it reports an error, with its own table.
pub fn spell_params(message: &str, spell: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else { break };
        let name = &after[..close];
        let is_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        match spell(name).filter(|_| is_name) {
            Some(spelled) => {
                out.push_str(&rest[..open]);
                out.push_str(&spelled);
                rest = &after[close + 1..];
            }
            None => {
                // Not a parameter: keep the opening backtick and look on from
                // the closing one, which may open the next name.
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(name: &str) -> Option<String> {
        matches!(name, "min_df" | "k").then(|| format!("--{}", name.replace('_', "-")))
    }

    #[test]
    fn known_names_are_spelled_and_the_rest_left_alone() {
        assert_eq!(
            spell_params("`min_df` 2 and `k` 0", flag),
            "--min-df 2 and --k 0"
        );
        assert_eq!(spell_params("`other` stays", flag), "`other` stays");
        assert_eq!(
            spell_params("a ` lone tick and `k`", flag),
            "a ` lone tick and --k"
        );
        assert_eq!(spell_params("`k`", flag), "--k");
        assert_eq!(spell_params("no names: القاعدة", flag), "no names: القاعدة");
        assert_eq!(spell_params("unclosed `k", flag), "unclosed `k");
    }
}
