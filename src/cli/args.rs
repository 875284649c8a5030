//! Options shared by several subcommands.

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::Args;
use tahlil::cluster::{ClusterParams, Cut, Distance, Linkage, Method, Space, ValidParams};
use tahlil::filter::{Stem, StopWords};
use tahlil::input::{Corpus, InputOptions, Selection};
use tahlil::normalize::NormalizeOptions;
use tahlil::pipeline::{Analyzer, PipelineOptions};
use tahlil::segment::Clitics;
use tahlil::time::Date;
use tahlil::vectorize::{
    count_terms, CountMatrix, DocFreq, Norm, TfidfModel, TfidfVectorizer, VectorizerOptions,
    Vectors,
};

/// Where the documents come from.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    /// Files, directories (every *.txt below, sorted) or - for stdin; none: the embedded seeds.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Each non-empty line of a text file is a document (id FILE:LINE).
    #[arg(long, help_heading = "Input")]
    pub lines: bool,
    /// CSV/TSV column holding the text.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "text",
        help_heading = "Input"
    )]
    pub text_column: String,
    /// CSV/TSV column holding the document id (default: `id` if present, else FILE:ROW).
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub id_column: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD instead of stopping with an error.
    #[arg(long, help_heading = "Input")]
    pub lossy: bool,
    /// CSV/TSV of document metadata: a row per document id (column `id`, else the first); a FILE:LINE document may use its FILE's row. Every document needs one.
    #[arg(long, value_name = "FILE", help_heading = "Metadata")]
    pub metadata: Option<PathBuf>,
    /// The field holding each document's date, in ISO 8601 (2017-11-03, 2017-11-03T08:15:00Z, 2017-11, 2017). Read whenever dates are used [default: date].
    #[arg(long, value_name = "NAME", help_heading = "Metadata")]
    pub date_column: Option<String>,
    /// Leave out documents whose date does not parse (counted on stderr) instead of stopping.
    #[arg(long, help_heading = "Metadata")]
    pub skip_bad_dates: bool,
    /// Only documents whose field COL is VALUE (repeat: all must hold).
    #[arg(long = "where", value_name = "COL=VALUE", value_parser = tahlil::input::parse_where, help_heading = "Metadata")]
    pub r#where: Vec<(String, String)>,
    /// Only documents dated on or after DATE (2017-06 means from 1 June).
    #[arg(long, value_name = "DATE", value_parser = parse_date, help_heading = "Metadata")]
    pub since: Option<Date>,
    /// Only documents dated on or before DATE (2017-06 means to 30 June).
    #[arg(long, value_name = "DATE", value_parser = parse_date, help_heading = "Metadata")]
    pub until: Option<Date>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse()
        .map_err(|e: tahlil::time::DateError| e.to_string())
}

impl CorpusArgs {
    /// The corpus, its documents dated if `--date-column`, `--since` or `--until` asks.
    pub fn open(&self) -> tahlil::Result<Corpus> {
        self.open_with(false)
    }

    /// The corpus, its documents dated (`--date-column`, by default `date`):
    /// for what counts by period.
    pub fn open_dated(&self) -> tahlil::Result<Corpus> {
        self.open_with(true)
    }

    fn open_with(&self, dated: bool) -> tahlil::Result<Corpus> {
        let select = Selection {
            r#where: self.r#where.clone(),
            since: self.since,
            until: self.until,
        };
        let date_column = match &self.date_column {
            Some(c) => Some(c.clone()),
            None if dated || select.needs_dates() => Some("date".to_owned()),
            None => None,
        };
        let options = InputOptions {
            lines: self.lines,
            text_column: Some(self.text_column.clone()),
            id_column: self.id_column.clone(),
            lossy: self.lossy,
            metadata: self.metadata.clone(),
            date_column,
            skip_bad_dates: self.skip_bad_dates,
            select,
        };
        let corpus = Corpus::open(&self.inputs, options)?;
        OPENED
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(corpus.clone());
        Ok(corpus)
    }
}

/// Every corpus this run opened, to count what `--skip-bad-dates` left out.
static OPENED: std::sync::Mutex<Vec<Corpus>> = std::sync::Mutex::new(Vec::new());

/// Says on stderr how many documents `--skip-bad-dates` left out.
pub fn report_skipped_dates() {
    let opened = OPENED.lock().unwrap_or_else(|p| p.into_inner());
    let skipped = opened.iter().map(Corpus::skipped_dates).max().unwrap_or(0);
    if skipped > 0 {
        eprintln!(
            "tahlil: left out {skipped} documents whose date does not parse (--skip-bad-dates)"
        );
    }
}

/// Normalization steps (all on by default; see the README for the code points).
#[derive(Debug, Args)]
#[group(id = "normalize_opts", multiple = true)]
pub struct NormalizeArgs {
    /// Skip Unicode NFKC (presentation forms, ligatures, decomposed hamza).
    #[arg(long, help_heading = "Normalization")]
    pub no_nfkc: bool,
    /// Keep zero-width and bidi format characters (U+200B–U+200F, U+061C, U+FEFF, U+202A–U+202E, U+2066–U+2069).
    #[arg(long, help_heading = "Normalization")]
    pub no_strip_format: bool,
    /// Keep diacritics (U+064B–U+065F, U+0670, U+0610–U+061A, U+06D6–U+06ED).
    #[arg(long, help_heading = "Normalization")]
    pub no_strip_diacritics: bool,
    /// Keep tatweel (U+0640).
    #[arg(long, help_heading = "Normalization")]
    pub no_strip_tatweel: bool,
    /// Keep أ إ آ ٱ distinct from ا.
    #[arg(long, help_heading = "Normalization")]
    pub no_fold_alef: bool,
    /// Keep ى distinct from ي.
    #[arg(long, help_heading = "Normalization")]
    pub no_fold_alef_maksura: bool,
    /// Keep ة distinct from ه.
    #[arg(long, help_heading = "Normalization")]
    pub no_fold_teh_marbuta: bool,
    /// Keep Arabic-Indic and Persian digits.
    #[arg(long, help_heading = "Normalization")]
    pub no_fold_digits: bool,
    /// Keep Persian ک ی ھ.
    #[arg(long, help_heading = "Normalization")]
    pub no_fold_persian: bool,
    /// Keep Latin upper case.
    #[arg(long, help_heading = "Normalization")]
    pub no_lowercase: bool,
}

impl NormalizeArgs {
    pub fn options(&self) -> NormalizeOptions {
        NormalizeOptions {
            nfkc: !self.no_nfkc,
            strip_format: !self.no_strip_format,
            strip_diacritics: !self.no_strip_diacritics,
            strip_tatweel: !self.no_strip_tatweel,
            fold_alef: !self.no_fold_alef,
            fold_alef_maksura: !self.no_fold_alef_maksura,
            fold_teh_marbuta: !self.no_fold_teh_marbuta,
            fold_digits: !self.no_fold_digits,
            fold_persian: !self.no_fold_persian,
            lowercase: !self.no_lowercase,
        }
    }
}

/// Token filters.
#[derive(Debug, Args)]
#[group(id = "filter_opts", multiple = true)]
pub struct FilterArgs {
    /// Drop tokens shorter than N characters.
    #[arg(long, value_name = "N", default_value_t = 2, help_heading = "Filters")]
    pub min_token_length: usize,
    /// Stop words: none, builtin (Arabic, stopwords-iso) or a file of one word per line.
    #[arg(
        long,
        value_name = "none|builtin|FILE",
        default_value = "builtin",
        help_heading = "Filters"
    )]
    pub stopwords: String,
    /// Stemmer: none, light (light10 prefixes/suffixes), snowball (Snowball Arabic) or isri (ISRI roots, as NLTK).
    #[arg(long, value_name = "STEMMER", default_value = "none", value_parser = crate::cli::args::choice::<Stem>(), help_heading = "Filters")]
    pub stem: Stem,
    /// Clitics written onto words (و ف ب ل ك س, pronouns): none keeps words as written, drop keeps each word's host (والعراق → العراق), split makes each clitic a token (و+ العراق).
    #[arg(long, value_name = "MODE", default_value = "drop", value_parser = crate::cli::args::choice::<Clitics>(), help_heading = "Filters")]
    pub clitics: Clitics,
}

/// What a term is.
#[derive(Debug, Args)]
#[group(id = "term_opts", multiple = true)]
pub struct TermArgs {
    /// Terms are word n-grams (word) or character n-grams of the filtered words (char, char_wb).
    #[arg(long, default_value = "word", value_parser = crate::cli::args::choice::<Analyzer>(), help_heading = "Terms")]
    pub analyzer: Analyzer,
    /// Smallest and largest n of the n-grams, e.g. 1,2 for words and word pairs.
    #[arg(long, value_name = "MIN,MAX", default_value = "1,1", value_parser = parse_range, help_heading = "Terms")]
    pub ngram_range: (usize, usize),
}

fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s
        .split_once(',')
        .ok_or_else(|| format!("{s:?}: expected MIN,MAX such as 1,2"))?;
    let parse = |x: &str| {
        x.trim()
            .parse::<usize>()
            .map_err(|_| format!("{s:?}: expected MIN,MAX such as 1,2"))
    };
    Ok((parse(a)?, parse(b)?))
}

/// Builds pipeline options from the parsed arguments.
pub fn pipeline_options(
    normalize: &NormalizeArgs,
    filters: &FilterArgs,
    terms: Option<&TermArgs>,
) -> tahlil::Result<PipelineOptions> {
    let mut o = PipelineOptions {
        normalize: normalize.options(),
        min_token_length: filters.min_token_length,
        stopwords: StopWords::from_arg(&filters.stopwords)?,
        stem: filters.stem,
        clitics: filters.clitics,
        ..PipelineOptions::default()
    };
    if let Some(t) = terms {
        o.analyzer = t.analyzer;
        o.ngram_range = t.ngram_range;
    }
    o.check()?;
    Ok(o)
}

/// TF-IDF options, named as in scikit-learn.
#[derive(Debug, Args)]
#[group(id = "vectorizer_opts", multiple = true)]
pub struct VectorizerArgs {
    /// Ignore terms in fewer documents: a count (2) or a fraction of the documents (0.01).
    #[arg(long, value_name = "DF", default_value = "1", value_parser = parse_df, help_heading = "Weighting")]
    pub min_df: DocFreq,
    /// Ignore terms in more documents: a count (100) or a fraction (0.9).
    #[arg(long, value_name = "DF", default_value = "1.0", value_parser = parse_df, help_heading = "Weighting")]
    pub max_df: DocFreq,
    /// Keep only the N terms most frequent in the corpus.
    #[arg(long, value_name = "N", help_heading = "Weighting")]
    pub max_features: Option<usize>,
    /// Count presence (1) instead of occurrences.
    #[arg(long, help_heading = "Weighting")]
    pub binary: bool,
    /// Do not multiply by inverse document frequency.
    #[arg(long, help_heading = "Weighting")]
    pub no_idf: bool,
    /// idf = ln(n/df) + 1 instead of the smoothed ln((1+n)/(1+df)) + 1.
    #[arg(long, help_heading = "Weighting")]
    pub no_smooth_idf: bool,
    /// tf = 1 + ln(tf).
    #[arg(long, help_heading = "Weighting")]
    pub sublinear_tf: bool,
    /// Row normalization.
    #[arg(long, default_value = "l2", value_parser = crate::cli::args::choice::<Norm>(), help_heading = "Weighting")]
    pub norm: Norm,
}

fn parse_df(s: &str) -> Result<DocFreq, String> {
    s.parse()
}

impl VectorizerArgs {
    pub fn options(&self) -> VectorizerOptions {
        VectorizerOptions {
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            binary: self.binary,
            use_idf: !self.no_idf,
            smooth_idf: !self.no_smooth_idf,
            sublinear_tf: self.sublinear_tf,
            norm: self.norm,
        }
    }
}

/// How documents become vectors: fitted with these options, or a saved model.
#[derive(Debug, Args)]
pub struct VectorsArgs {
    /// Transform with a saved model.json instead of fitting: same vocabulary, idf and options.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["normalize_opts", "filter_opts", "term_opts", "vectorizer_opts"])]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub normalize: NormalizeArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub terms: TermArgs,
    #[command(flatten)]
    pub vectorizer: VectorizerArgs,
}

impl VectorsArgs {
    /// Fits on `corpus` (or transforms it with the saved model).
    pub fn compute(
        &self,
        corpus: &Corpus,
        threads: usize,
    ) -> tahlil::Result<(TfidfModel, Vectors)> {
        match &self.model {
            Some(path) => {
                let model = TfidfModel::load(path)?;
                let vectors = model.transform(corpus.documents(), threads)?;
                Ok((model, vectors))
            }
            None => {
                let pipeline = pipeline_options(&self.normalize, &self.filters, Some(&self.terms))?;
                let v = TfidfVectorizer::new(pipeline, self.vectorizer.options())?;
                v.fit_transform(corpus.documents(), threads)
            }
        }
    }
}

/// `--k`: a number of clusters or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KArg {
    Auto,
    Fixed(usize),
}

pub fn parse_k(s: &str) -> Result<KArg, String> {
    if s == "auto" {
        return Ok(KArg::Auto);
    }
    s.parse()
        .map(KArg::Fixed)
        .map_err(|_| format!("expected a number of clusters or `auto`, got `{s}`"))
}

/// `--dims`: LSA dimensions, `none` for the TF-IDF rows, or `auto`.
fn parse_dims(s: &str) -> Result<Space, String> {
    match s {
        "auto" => Ok(Space::Auto),
        "none" => Ok(Space::Rows),
        _ => s.parse().map(Space::Lsa).map_err(|_| {
            format!("expected a number of LSA dimensions, `none` or `auto`, got `{s}`")
        }),
    }
}

/// How documents are grouped.
#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// kmeans, or hierarchical (agglomerative; up to 20,000 documents).
    #[arg(long, default_value_t = ClusterParams::default().method, value_parser = crate::cli::args::choice::<Method>(), help_heading = "Clustering")]
    pub method: Method,
    /// Number of clusters, or `auto`: try 2..=--k-max and keep the best mean silhouette.
    #[arg(long, default_value = "auto", value_parser = parse_k, help_heading = "Clustering")]
    pub k: KArg,
    /// With --k auto: the largest K tried (at most documents − 1).
    #[arg(
        long,
        default_value_t = 10,
        value_name = "K",
        help_heading = "Clustering"
    )]
    pub k_max: usize,
    /// Hierarchical: cut the tree at this linkage distance instead of at K clusters.
    #[arg(long = "distance", value_name = "T", help_heading = "Clustering")]
    pub cut_distance: Option<f64>,
    /// Hierarchical: linkage (Ward's, as scikit-learn's default, keeps clusters compact;
    /// average, complete and single link on any metric).
    #[arg(long, default_value_t = ClusterParams::default().linkage, value_parser = crate::cli::args::choice::<Linkage>(), help_heading = "Clustering")]
    pub linkage: Linkage,
    /// Hierarchical: distance between documents (ward needs euclidean; on the unit-length
    /// TF-IDF rows it orders pairs as cosine distance does).
    #[arg(long = "metric", value_name = "METRIC", default_value_t = ClusterParams::default().distance, value_parser = crate::cli::args::choice::<Distance>(), help_heading = "Clustering")]
    pub distance: Distance,
    /// Vectors clustered: D LSA dimensions (randomized SVD), `none` for the TF-IDF rows, or
    /// `auto` (the rows while documents × terms ≤ 16 M, else 100 LSA dimensions).
    #[arg(long, default_value = "auto", value_parser = parse_dims, value_name = "D", help_heading = "Clustering")]
    pub dims: Space,
    /// k-means: independent starts (k-means++); the lowest inertia wins.
    #[arg(long, default_value_t = 4, help_heading = "Clustering")]
    pub restarts: usize,
    /// k-means: iteration limit per start.
    #[arg(long, default_value_t = 300, help_heading = "Clustering")]
    pub max_iterations: u64,
    /// k-means: stop when the centroids' squared movement is at most this × the mean variance
    /// of a feature (scikit-learn's `tol`).
    #[arg(long, default_value_t = 1e-4, help_heading = "Clustering")]
    pub tolerance: f64,
    /// Seed of the LSA projection and the k-means starts: same seed, same clusters.
    #[arg(long, default_value_t = 0, help_heading = "Clustering")]
    pub seed: u64,
}

impl ClusterArgs {
    pub fn params(&self) -> Result<ValidParams, tahlil::ParamError> {
        let cut = match (self.cut_distance, self.k) {
            (Some(t), _) => Cut::Distance(t),
            (None, KArg::Auto) => Cut::Auto { max: self.k_max },
            (None, KArg::Fixed(k)) => Cut::K(k),
        };
        ClusterParams {
            method: self.method,
            cut,
            linkage: self.linkage,
            distance: self.distance,
            restarts: self.restarts,
            max_iterations: self.max_iterations,
            tolerance: self.tolerance,
            seed: self.seed,
        }
        .check()
    }
}

/// A short description of the space, for messages and JSON.
pub fn describe_space(space: Space, dims: usize) -> String {
    match space {
        Space::Lsa(_) => format!("{dims} LSA dimensions"),
        _ => format!("TF-IDF rows ({dims} terms)"),
    }
}

/// A fitted vocabulary with its raw counts (for term statistics).
#[derive(Debug, Args)]
pub struct CountsArgs {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    #[command(flatten)]
    pub vectorizer: VectorizerArgs,
}

impl CountsArgs {
    /// Counts the terms of `corpus` and fits TF-IDF on them.
    pub fn fit(
        &self,
        corpus: &Corpus,
        threads: usize,
    ) -> tahlil::Result<(CountMatrix, TfidfModel, Vectors)> {
        let p = &self.pipeline;
        let pipeline = pipeline_options(&p.normalize, &p.filters, Some(&p.terms))?;
        let v = TfidfVectorizer::new(pipeline, self.vectorizer.options())?;
        let counts = count_terms(corpus.documents(), v.pipeline(), None, threads)?;
        let (model, vectors) = v.fit_counts(counts.clone())?;
        Ok((counts, model, vectors))
    }
}

/// Normalization and filters: what a word is.
#[derive(Debug, Args)]
pub struct WordArgs {
    #[command(flatten)]
    pub normalize: NormalizeArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
}

impl WordArgs {
    /// The pipeline that yields the words (no n-grams).
    pub fn pipeline(&self) -> tahlil::Result<tahlil::pipeline::Pipeline> {
        tahlil::pipeline::Pipeline::new(pipeline_options(&self.normalize, &self.filters, None)?)
    }
}

/// Normalization, filters and n-grams: what a term is, without weighting.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    #[command(flatten)]
    pub normalize: NormalizeArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub terms: TermArgs,
}

impl PipelineArgs {
    /// Counts the terms of `corpus`.
    pub fn count(&self, corpus: &Corpus, threads: usize) -> tahlil::Result<CountMatrix> {
        let options = pipeline_options(&self.normalize, &self.filters, Some(&self.terms))?;
        let pipeline = tahlil::pipeline::Pipeline::new(options)?;
        count_terms(corpus.documents(), &pipeline, None, threads)
    }
}

/// Clap's parser for an option of named values: the names are the
/// library's own list (see [`tahlil::names::Named`]), so `--help` and the
/// error for a bad value list exactly what the library accepts.
pub fn choice<T>() -> impl TypedValueParser<Value = T>
where
    T: tahlil::names::Named + Clone + Send + Sync + 'static,
{
    clap::builder::PossibleValuesParser::new(T::NAMES).map(|s| {
        s.parse::<T>()
            .unwrap_or_else(|e| unreachable!("clap passed only listed names: {e}"))
    })
}
