//! `tahlil kwic`: every occurrence of a word or phrase, in context, as written.

use anyhow::Result;
use tahlil::input::Corpus;
use tahlil::io::OutputSet;
use tahlil::pipeline::Pipeline;
use tahlil::segment::Clitics;
use tahlil::terms::kwic::{context_pipeline, kwic, occurrences, phrase};

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
    let phrases: Vec<Vec<String>> = terms
        .iter()
        .map(|t| phrase(pipeline, t))
        .collect::<Result<_, _>>()
        .map_err(tahlil::Error::from)?;
    if chart.wanted() {
        let o = occurrences(pipeline, corpus.documents(), &phrases)?;
        chart.stage(set, || {
            Ok(Dispersion {
                terms: terms.to_vec(),
                hits: o.hits,
                documents: o.documents,
                total: o.total,
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
        for hit in kwic(pipeline, &doc.text, &phrases[0], window) {
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
