//! `tahlil collocations`: word pairs (or triples) that occur together more than chance.

use anyhow::Result;
use tahlil::display::DisplayForms;
use tahlil::io::OutputSet;
use tahlil::terms::collocations::{Collocation, Measure, PairCounts, TripleCounts};

use tahlil::plot::bars::{Bars, Panel};
use tahlil::plot::network::Network;

use super::args::{CorpusArgs, WordArgs};
use super::chart::ChartArgs;
use super::table::TableArgs;

/// Pairs drawn as a network, or triples as bars, by --chart.
const CHART_PAIRS: usize = 50;
const CHART_TRIPLES: usize = 20;

/// Writes `w1 w2 count count_w1 count_w2 score` (with --size 3, three words and counts),
/// best first.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Chart (--chart): Pairs: a network of the 50 best, force-directed. Triples: bars of the 20 best."
)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Association measure (NLTK's definitions; npmi = ln(p(ab)/(p(a)p(b))) / −ln p(ab)).
    #[arg(long, default_value = "npmi", value_parser = crate::cli::args::choice::<Measure>())]
    measure: Measure,
    /// 2 for pairs, 3 for trigrams (contiguous).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=3))]
    size: u8,
    /// Pairs: w2 within the next W − 1 words of w1 (counts scaled by 1/(W − 1), as NLTK).
    #[arg(long, default_value_t = 2, value_name = "W")]
    window: usize,
    /// Ignore n-grams seen fewer than F times.
    #[arg(long, default_value_t = 2, value_name = "F")]
    min_freq: u64,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    words: WordArgs,
    #[command(flatten)]
    chart: ChartArgs,
}

/// Scored pairs (best first) as a table and a network chart, staged in `set`.
pub(super) fn write_pairs(
    set: &OutputSet,
    table_args: &TableArgs,
    chart: &ChartArgs,
    mut rows: Vec<Collocation>,
    forms: &DisplayForms,
    measure: Measure,
    min_freq: u64,
) -> Result<()> {
    let mut f = table_args.number();
    let name = measure.to_string();
    chart.stage(set, || {
        Ok(Network::from_pairs(
            rows.iter().map(|r| {
                (
                    forms.word(&r.w1).to_owned(),
                    forms.word(&r.w2).to_owned(),
                    r.score,
                )
            }),
            CHART_PAIRS,
            &name,
            &format!("Collocations by {name} (pairs seen at least {min_freq} times)"),
        ))
    })?;
    rows.truncate(table_args.limit());
    let mut table = vec![[
        "w1", "w2", "display", "count", "count_w1", "count_w2", &name,
    ]
    .map(String::from)
    .to_vec()];
    table.extend(rows.iter().map(|r| {
        vec![
            r.w1.clone(),
            r.w2.clone(),
            r.display.clone(),
            r.count.to_string(),
            r.count_w1.to_string(),
            r.count_w2.to_string(),
            f(r.score),
        ]
    }));
    table_args.stage(set, &table, &rows, None)
}

pub fn run(args: Args) -> Result<()> {
    tahlil::terms::collocations::check(args.size.into(), args.window, args.measure)
        .map_err(tahlil::Error::from)?;
    args.chart.check()?;
    let corpus = args.corpus.open()?;
    let pipeline = args.words.pipeline()?;
    let (docs, forms) = pipeline.document_words(corpus.documents())?;
    let words = || docs.iter().map(|d| d.iter().map(|w| w.as_str()));
    let mut f = args.table.number();
    let name = args.measure.to_string();
    if args.size == 2 {
        let rows: Vec<_> = PairCounts::new(words(), args.window)
            .map_err(tahlil::Error::from)?
            .score(args.measure, args.min_freq)
            .into_iter()
            .map(|r| r.shown(&forms))
            .collect();
        let set = OutputSet::new();
        write_pairs(
            &set,
            &args.table,
            &args.chart,
            rows,
            &forms,
            args.measure,
            args.min_freq,
        )?;
        return Ok(set.commit()?);
    }
    let mut rows: Vec<_> = TripleCounts::new(words())
        .score(args.measure, args.min_freq)
        .map_err(tahlil::Error::from)?
        .into_iter()
        .map(|r| r.shown(&forms))
        .collect();
    // The table and the chart appear together or not at all.
    let set = OutputSet::new();
    args.chart.stage(&set, || {
        let items = rows
            .iter()
            .take(CHART_TRIPLES)
            .map(|r| (r.display.clone(), r.score))
            .collect();
        let mut bars = Bars::single(Panel::new("", items), &name);
        bars.title = format!("Three-word collocations by {name}");
        Ok(bars)
    })?;
    rows.truncate(args.table.limit());
    let mut table = vec![[
        "w1", "w2", "w3", "display", "count", "count_w1", "count_w2", "count_w3", &name,
    ]
    .map(String::from)
    .to_vec()];
    table.extend(rows.iter().map(|r| {
        let mut row = r.words.to_vec();
        row.push(r.display.clone());
        row.push(r.count.to_string());
        row.extend(r.word_counts.iter().map(|c| c.to_string()));
        row.push(f(r.score));
        row
    }));
    args.table.stage(&set, &table, &rows, None)?;
    Ok(set.commit()?)
}
