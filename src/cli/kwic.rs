//! `tahlil kwic`: every occurrence of a word or phrase, in context, as written.

use anyhow::{bail, Result};
use tahlil::filter::StopWords;
use tahlil::pipeline::{Pipeline, PipelineOptions};
use tahlil::terms::kwic::kwic;

use super::args::{CorpusArgs, NormalizeArgs};
use super::output::one_line;
use super::table::TableArgs;

/// Writes `id start end left keyword right` per occurrence (byte offsets in the document).
#[derive(Debug, clap::Args)]
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
}

pub fn run(args: Args) -> Result<()> {
    // Every token counts as a word here: context is what a reader sees.
    let pipeline = Pipeline::new(PipelineOptions {
        normalize: args.normalize.options(),
        min_token_length: 1,
        stopwords: StopWords::None,
        ..PipelineOptions::default()
    })?;
    let phrase: Vec<String> = pipeline
        .words_with_spans(&args.term)
        .into_iter()
        .map(|w| w.word)
        .collect();
    if phrase.is_empty() {
        bail!(
            "the search term {:?} has no words after normalization",
            args.term
        );
    }
    let corpus = args.corpus.open()?;
    let mut table = vec![["id", "start", "end", "left", "keyword", "right"]
        .map(String::from)
        .to_vec()];
    let mut json = Vec::new();
    let limit = args.table.limit();
    'docs: for doc in corpus.documents() {
        let doc = doc?;
        for hit in kwic(&pipeline, &doc.text, &phrase, args.window) {
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
    args.table.write(&table, &json, None)
}
