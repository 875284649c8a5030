//! `tahlil stats`: the corpus profile and its rank–frequency table.

use anyhow::Result;
use tahlil::io::OutputSet;
use tahlil::terms::profile::Profile;
use tahlil::vectorize::count_terms;

use tahlil::plot::zipf::Zipf;

use super::args::{CorpusArgs, WordArgs};
use super::chart::ChartArgs;
use super::table::TableArgs;

/// Writes `measure value` rows: documents, tokens, types, type_token_ratio, hapaxes,
/// mean_document_length, zipf_exponent, zipf_constant, zipf_r_squared.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): Rank against frequency on log–log axes with the fitted Zipf line."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Instead: the rank–frequency table (`rank term frequency`; --top N for the first N).
    #[arg(long)]
    ranks: bool,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    words: WordArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    args.chart.check()?;
    let corpus = args.corpus.open()?;
    let pipeline = args.words.pipeline()?;
    let counts = count_terms(corpus.documents(), &pipeline, None, threads)?;
    let set = OutputSet::new();
    write(
        &set,
        &args.table,
        &args.chart,
        Profile::of(&counts),
        args.ranks,
    )?;
    Ok(set.commit()?)
}

/// The corpus profile (or, with `ranks`, its rank–frequency table) and the
/// Zipf chart, staged in `set`.
pub(super) fn write(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    mut p: Profile,
    ranks: bool,
) -> Result<()> {
    chart.stage(set, || {
        Ok(Zipf {
            ranks: p.ranks.clone(),
            fit: p.zipf,
        })
    })?;
    let mut f = table_args.number();
    let mut table: Vec<Vec<String>>;
    if ranks {
        table = vec![["rank", "term", "frequency"].map(String::from).to_vec()];
        let shown = p.ranks.iter().take(table_args.limit());
        table.extend(
            shown
                .enumerate()
                .map(|(r, (t, c))| vec![(r + 1).to_string(), t.clone(), c.to_string()]),
        );
    } else {
        table = vec![["measure", "value"].map(String::from).to_vec()];
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
    if let Some(top) = table_args.top {
        p.ranks.truncate(top);
    }
    table_args.stage(set, &table, &p, None)
}
