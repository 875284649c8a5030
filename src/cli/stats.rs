//! `tahlil stats`: the corpus profile and its rank–frequency table.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;
use tahlil::io::fmt_f64;
use tahlil::pipeline::Pipeline;
use tahlil::terms::profile::Profile;
use tahlil::vectorize::count_terms;

use super::args::{pipeline_options, write_table, CorpusArgs, FilterArgs, NormalizeArgs};
use super::output::with_output;
use super::terms::Format;

/// Writes `measure value` rows: documents, tokens, types, type_token_ratio, hapaxes,
/// mean_document_length, zipf_exponent, zipf_constant, zipf_r_squared.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Instead: the rank–frequency table (`rank term frequency`).
    #[arg(long)]
    ranks: bool,
    /// Output format (json holds the measures and the rank–frequency table).
    #[arg(long, value_enum, default_value = "tsv")]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    normalize: NormalizeArgs,
    #[command(flatten)]
    filters: FilterArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let corpus = args.corpus.open()?;
    let pipeline = Pipeline::new(pipeline_options(&args.normalize, &args.filters, None)?)?;
    let counts = count_terms(corpus.documents(), &pipeline, None, threads)?;
    if counts.n_docs() == 0 {
        return Err(tahlil::Error::EmptyCorpus("no documents were read".into()).into());
    }
    let p = Profile::of(&counts);
    let terminal = args.out.is_none() && std::io::stdout().is_terminal();
    let mut b = ryu::Buffer::new();
    // Full precision for files and pipes; four decimals for reading.
    let mut f = |x: f64| {
        if terminal {
            format!("{x:.4}")
        } else {
            fmt_f64(&mut b, x).to_string()
        }
    };
    with_output(args.out.as_ref(), |w| {
        if args.format == Format::Json {
            serde_json::to_writer(&mut *w, &p)?;
            writeln!(w)?;
            return Ok(());
        }
        let mut table: Vec<Vec<String>>;
        if args.ranks {
            table = vec![vec!["rank".into(), "term".into(), "frequency".into()]];
            table.extend(
                p.ranks
                    .iter()
                    .enumerate()
                    .map(|(r, (t, c))| vec![(r + 1).to_string(), t.clone(), c.to_string()]),
            );
        } else {
            table = vec![vec!["measure".into(), "value".into()]];
            let rows = [
                ("documents", p.documents.to_string()),
                ("tokens", p.tokens.to_string()),
                ("types", p.types.to_string()),
                ("type_token_ratio", f(p.type_token_ratio)),
                ("hapaxes", p.hapaxes.to_string()),
                ("mean_document_length", f(p.mean_document_length)),
                ("zipf_exponent", f(p.zipf.exponent)),
                ("zipf_constant", f(p.zipf.constant)),
                ("zipf_r_squared", f(p.zipf.r_squared)),
            ];
            table.extend(rows.into_iter().map(|(m, v)| vec![m.to_string(), v]));
        }
        write_table(w, &table, terminal)?;
        Ok(())
    })
}
