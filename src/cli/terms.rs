//! `tahlil terms`: per-term frequencies and weights, or each document's top terms.

use anyhow::Result;
use clap::builder::TypedValueParser;
use tahlil::terms::frequency::{sort, term_stats, top_per_document, SortBy};

use super::args::{CorpusArgs, CountsArgs};
use super::table::TableArgs;

/// Writes `term frequency df idf mean_tfidf max_tfidf` per term.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Order: frequency, df, idf, mean (TF-IDF), max (TF-IDF) — largest first — or term.
    #[arg(long, default_value = "frequency", value_parser = clap::builder::PossibleValuesParser::new(["frequency", "df", "idf", "mean", "max", "term"]).map(|s| s.parse::<SortBy>().expect("listed value")))]
    sort: SortBy,
    /// Instead: each document's N heaviest terms by TF-IDF (`id rank term tfidf count`).
    #[arg(long, value_name = "N")]
    per_document: Option<usize>,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    counts: CountsArgs,
}

pub fn run(args: Args, threads: usize) -> Result<()> {
    let corpus = args.corpus.open()?;
    let (counts, model, vectors) = args.counts.fit(&corpus, threads)?;
    let mut f = args.table.number();
    if let Some(n) = args.per_document {
        let mut rows = top_per_document(&counts, &model, &vectors, n);
        rows.truncate(args.table.limit());
        let mut table = vec![["id", "rank", "term", "tfidf", "count"]
            .map(String::from)
            .to_vec()];
        table.extend(rows.iter().map(|r| {
            vec![
                vectors.ids[r.doc].clone(),
                r.rank.to_string(),
                r.term.clone(),
                f(r.tfidf),
                r.count.to_string(),
            ]
        }));
        let json: Vec<_> = rows
            .iter()
            .map(|r| serde_json::json!({"id": vectors.ids[r.doc], "rank": r.rank, "term": r.term, "tfidf": r.tfidf, "count": r.count}))
            .collect();
        return args.table.write(&table, &json, None);
    }
    let mut stats = term_stats(&counts, &model, &vectors);
    sort(&mut stats, args.sort);
    let total = stats.len();
    stats.truncate(args.table.limit());
    let mut table = vec![
        ["term", "frequency", "df", "idf", "mean_tfidf", "max_tfidf"]
            .map(String::from)
            .to_vec(),
    ];
    table.extend(stats.iter().map(|s| {
        vec![
            s.term.clone(),
            s.frequency.to_string(),
            s.df.to_string(),
            f(s.idf),
            f(s.mean_tfidf),
            f(s.max_tfidf),
        ]
    }));
    let more = total - stats.len();
    let footer =
        (more > 0).then(|| format!("… {more} more terms (--top N, or --out FILE for all)"));
    args.table.write(&table, &stats, footer)
}
