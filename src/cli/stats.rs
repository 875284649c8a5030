//! `tahlil stats`: the corpus profile and its rank–frequency table.

use anyhow::Result;
use tahlil::input::GroupBy;
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
    /// The profile of each group of documents, the groups being the values of field COL
    /// (`group measure value`; with --ranks, `group rank term frequency`). The chart stays
    /// the whole corpus's.
    #[arg(long, value_name = "COL")]
    group_by: Option<String>,
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
    if let Some(column) = &args.group_by {
        let groups = counts.meta.groups(&GroupBy::Field(column.clone()))?;
        let profiles: Vec<(String, Profile)> = groups
            .names
            .iter()
            .zip(groups.members())
            .map(|(name, rows)| (name.clone(), Profile::of(&counts.select_rows(&rows))))
            .collect();
        let whole = Profile::of(&counts);
        args.chart.stage(&set, || {
            Ok(Zipf {
                ranks: whole.ranks.clone(),
                fit: whole.zipf,
            })
        })?;
        write_groups(&set, &args.table, profiles, args.ranks)?;
        return Ok(set.commit()?);
    }
    write(
        &set,
        &args.table,
        &args.chart,
        Profile::of(&counts),
        args.ranks,
    )?;
    Ok(set.commit()?)
}

/// The measures of a profile, as `(measure, value)`.
fn measures(p: &Profile, f: &mut impl FnMut(f64) -> String) -> [(&'static str, String); 9] {
    [
        ("documents", p.documents.to_string()),
        ("tokens", p.tokens.to_string()),
        ("types", p.types.to_string()),
        ("type_token_ratio", f(p.type_token_ratio)),
        ("hapaxes", p.hapaxes.to_string()),
        ("mean_document_length", f(p.mean_document_length)),
        ("zipf_exponent", f(p.zipf.exponent)),
        ("zipf_constant", f(p.zipf.constant)),
        ("zipf_r_squared", f(p.zipf.r_squared)),
    ]
}

/// Each group's profile (or rank–frequency table) as one table with a
/// `group` column, staged in `set`.
fn write_groups(
    set: &OutputSet,
    table_args: &TableArgs,
    mut profiles: Vec<(String, Profile)>,
    ranks: bool,
) -> Result<()> {
    let mut f = table_args.number();
    let mut table: Vec<Vec<String>> = if ranks {
        vec![["group", "rank", "term", "frequency"]
            .map(String::from)
            .to_vec()]
    } else {
        vec![["group", "measure", "value"].map(String::from).to_vec()]
    };
    for (name, p) in &mut profiles {
        if ranks {
            p.ranks.truncate(table_args.limit());
            for (r, (t, c)) in p.ranks.iter().enumerate() {
                table.push(vec![
                    name.clone(),
                    (r + 1).to_string(),
                    t.clone(),
                    c.to_string(),
                ]);
            }
        } else {
            for (m, v) in measures(p, &mut f) {
                table.push(vec![name.clone(), m.to_string(), v]);
            }
            if let Some(top) = table_args.top {
                p.ranks.truncate(top);
            }
        }
    }
    let json: Vec<_> = profiles
        .iter()
        .map(|(name, p)| serde_json::json!({"group": name, "profile": p}))
        .collect();
    table_args.stage(set, &table, &json, None)
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
        let rows = measures(&p, &mut f);
        table.extend(rows.into_iter().map(|(m, v)| vec![m.to_string(), v]));
    }
    if let Some(top) = table_args.top {
        p.ranks.truncate(top);
    }
    table_args.stage(set, &table, &p, None)
}
