//! `tahlil tokens`: each document's words after normalization and filters.

use std::path::PathBuf;

use anyhow::Result;
use tahlil::pipeline::Scratch;

use super::args::{CorpusArgs, WordArgs};
use super::output::with_output;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    #[command(flatten)]
    words: WordArgs,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let corpus = args.corpus.open()?;
    let pipeline = args.words.pipeline()?;
    let mut scratch = Scratch::default();
    let mut line = String::new();
    with_output(args.out.as_ref(), |w| {
        for doc in corpus.documents() {
            let doc = doc?;
            line.clear();
            pipeline.words(&doc.text, &mut scratch, |word| {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            });
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    })
}
