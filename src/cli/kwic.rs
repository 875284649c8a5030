//! `tahlil kwic`: every occurrence of a word or phrase, in context, as written.

use anyhow::{bail, Result};
use tahlil::filter::StopWords;
use tahlil::input::Corpus;
use tahlil::io::OutputSet;
use tahlil::normalize::NormalizeOptions;
use tahlil::pipeline::{Pipeline, PipelineOptions};
use tahlil::segment::Clitics;
use tahlil::terms::kwic::kwic;

use tahlil::plot::dispersion::Dispersion;

use super::args::{CorpusArgs, NormalizeArgs};
use super::chart::ChartArgs;
use super::output::one_line;
use super::table::TableArgs;

/// Writes `id start end left keyword right` per occurrence (byte offsets in the document).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): A dispersion plot: where TERM (and --also terms) occur across the corpus."
)]
pub struct Args {
    /// The word or phrase, matched after normalization: القاعدة also finds القاعدَة and الـقاعدة.
    term: String,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Words of context on each side (stop words count).
    #[arg(long, default_value_t = 5, value_name = "W")]
    window: usize,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    normalize: NormalizeArgs,
    /// Clitics: none matches words as written; drop matches each word's host, so داعش also finds وداعش and لداعش (shown as written); split makes each clitic a word of the context.
    #[arg(long, value_name = "MODE", default_value = "drop", value_parser = crate::cli::args::choice::<Clitics>(), help_heading = "Filters")]
    clitics: Clitics,
    /// With --chart: more terms to draw beside TERM, comma-separated.
    #[arg(
        long,
        value_name = "TERM,...",
        requires = "chart",
        value_delimiter = ','
    )]
    also: Vec<String>,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args) -> Result<()> {
    let pipeline = context_pipeline(args.normalize.options(), args.clitics)?;
    args.chart.check()?;
    let mut terms = vec![args.term.clone()];
    terms.extend(args.also.iter().cloned());
    let corpus = args.corpus.open()?;
    let set = OutputSet::new();
    write(
        &set,
        &args.table,
        &args.chart,
        &pipeline,
        &corpus,
        &terms,
        args.window,
    )?;
    Ok(set.commit()?)
}

/// The pipeline of kwic: every token counts as a word here, since context is
/// what a reader sees.
pub(super) fn context_pipeline(normalize: NormalizeOptions, clitics: Clitics) -> Result<Pipeline> {
    Ok(Pipeline::new(PipelineOptions {
        normalize,
        min_token_length: 1,
        stopwords: StopWords::None,
        clitics,
        ..PipelineOptions::default()
    })?)
}

/// The occurrences of `terms[0]` in context as a table, and, with a chart,
/// the dispersion of every term of `terms`, staged in `set`.
pub(super) fn write(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    pipeline: &Pipeline,
    corpus: &Corpus,
    terms: &[String],
    window: usize,
) -> Result<()> {
    let words_of = |term: &str| -> Result<Vec<String>> {
        let words: Vec<String> = pipeline
            .words_with_spans(term)
            .into_iter()
            .map(|w| w.word)
            .collect();
        if words.is_empty() {
            bail!("the search term {term:?} has no words after normalization");
        }
        Ok(words)
    };
    let phrases: Vec<Vec<String>> = terms.iter().map(|t| words_of(t)).collect::<Result<_>>()?;
    let phrase = &phrases[0];
    if chart.wanted() {
        let mut hits = vec![Vec::new(); terms.len()];
        let mut documents = Vec::new();
        let mut total = 0;
        for doc in corpus.documents() {
            let doc = doc?;
            documents.push((doc.id.clone(), total));
            for (i, p) in phrases.iter().enumerate() {
                hits[i].extend(
                    kwic(pipeline, &doc.text, p, 0)
                        .iter()
                        .map(|h| total + h.word),
                );
            }
            total += pipeline.words_with_spans(&doc.text).len();
        }
        chart.stage(set, || {
            Ok(Dispersion {
                terms: terms.to_vec(),
                hits,
                documents,
                total,
            })
        })?;
    }
    let mut table = vec![["id", "start", "end", "left", "keyword", "right"]
        .map(String::from)
        .to_vec()];
    let mut json = Vec::new();
    let limit = table_args.limit();
    'docs: for doc in corpus.documents() {
        let doc = doc?;
        for hit in kwic(pipeline, &doc.text, phrase, window) {
            if table.len() > limit {
                break 'docs;
            }
            table.push(vec![
                doc.id.clone(),
                hit.start.to_string(),
                hit.end.to_string(),
                one_line(&hit.left).into_owned(),
                one_line(&hit.keyword).into_owned(),
                one_line(&hit.right).into_owned(),
            ]);
            json.push(serde_json::json!({"id": doc.id, "start": hit.start, "end": hit.end, "left": hit.left, "keyword": hit.keyword, "right": hit.right}));
        }
    }
    table_args.stage(set, &table, &json, None)
}
