//! `tahlil normalize`: normalized text, one document per line.

use std::path::PathBuf;

use anyhow::Result;
use tahlil::normalize::Normalizer;

use super::args::{CorpusArgs, NormalizeArgs};
use super::output::{one_line, with_output};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    #[command(flatten)]
    normalize: NormalizeArgs,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let corpus = args.corpus.open()?;
    let normalizer = Normalizer::new(&args.normalize.options());
    let mut buf = String::new();
    with_output(args.out.as_ref(), |w| {
        for doc in corpus.documents() {
            let doc = doc?;
            normalizer.normalize_into(&doc.text, &mut buf);
            w.write_all(one_line(buf.trim()).as_bytes())?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })
}
