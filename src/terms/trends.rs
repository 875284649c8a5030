//! Terms over time: how often each term occurs per period (year, quarter,
//! month, ISO week or day), per 10,000 words, optionally per group of
//! documents; and which terms' shares change most across the periods.
//!
//! A term is matched as keyword in context matches it ([`super::kwic`]):
//! on its normalized, segmented words, a phrase as a phrase, stop words
//! included. The words a period has (`tokens`) are those the full pipeline
//! keeps, as `tahlil tokens` prints them: the rate is a term's count per
//! 10,000 of them. Every period from the first dated document to the last
//! is listed, with zeros where no document falls, so a line chart has no gaps.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//! use tahlil::pipeline::{Pipeline, PipelineOptions};
//! use tahlil::terms::trends::{trends, Matcher};
//! use tahlil::time::By;
//!
//! let corpus = Corpus::seeds(InputOptions { date_column: Some("date".into()), ..Default::default() });
//! let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
//! let matcher = Matcher::new(&pipeline, &["داعش".to_string()]).unwrap();
//! let t = trends(corpus.documents(), &matcher, By::Year, None, 1).unwrap();
//! let rows = t.rows();
//! assert_eq!(rows.len(), 2); // 2017 and 2018
//! assert_eq!((rows[0].period.to_string(), rows[0].documents), ("2017".into(), 3));
//! ```

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::sync::mpsc::sync_channel;
use std::sync::Mutex;

use serde::Serialize;

use super::kwic::{context_pipeline, phrase};
use crate::error::{Error, Result};
use crate::input::Document;
use crate::pipeline::{Pipeline, Scratch};
use crate::time::{By, Period};

/// Matches terms in texts and counts the words the pipeline keeps.
pub struct Matcher {
    /// Every word, stop words included (what terms are matched among).
    context: Pipeline,
    /// The pipeline whose words are counted as a period's tokens.
    pipeline: Pipeline,
    /// The terms as given.
    terms: Vec<String>,
    /// Each term's words, as ids into `words`.
    phrases: Vec<Vec<u32>>,
    /// Looked up once per word of the corpus: a fast hash.
    words: FxHashMap<String, u32>,
}

/// Not one of the terms' words.
const OTHER: u32 = u32::MAX;

impl Matcher {
    /// Matches `terms` (each a word or phrase) as `pipeline`'s normalization
    /// and clitics make them; counts `pipeline`'s words.
    pub fn new(pipeline: &Pipeline, terms: &[String]) -> Result<Matcher> {
        let o = pipeline.options();
        let context = context_pipeline(o.normalize.clone(), o.clitics)?;
        let mut words = FxHashMap::default();
        let mut phrases = Vec::new();
        for t in terms {
            let p = phrase(&context, t)?;
            // Rates are per word the pipeline keeps: a term made only of
            // words it leaves out (stop words, short words) has no rate.
            if p.iter().all(|w| pipeline.filters().apply(w).is_none()) {
                return Err(crate::ParamError::FilteredTerm(t.clone()).into());
            }
            phrases.push(
                p.into_iter()
                    .map(|w| {
                        let n = words.len() as u32;
                        *words.entry(w).or_insert(n)
                    })
                    .collect(),
            );
        }
        Ok(Matcher {
            context,
            pipeline: Pipeline::new(o.clone())?,
            terms: terms.to_vec(),
            phrases,
            words,
        })
    }

    /// The terms, as given.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Adds `text`'s matches of each term to `counts` and returns the number
    /// of words the pipeline keeps in it.
    fn count(
        &self,
        text: &str,
        scratch: &mut Scratch,
        ids: &mut Vec<u32>,
        counts: &mut [u64],
    ) -> u64 {
        ids.clear();
        let mut tokens = 0;
        let filters = self.pipeline.filters();
        self.context.words(text, scratch, |w| {
            ids.push(*self.words.get(w).unwrap_or(&OTHER));
            if filters.apply(w).is_some() {
                tokens += 1;
            }
        });
        for (p, c) in self.phrases.iter().zip(counts.iter_mut()) {
            *c += ids.windows(p.len()).filter(|w| w == p).count() as u64;
        }
        tokens
    }
}

/// One period (of one group): its documents, tokens and each term's count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Cell {
    documents: u64,
    tokens: u64,
    counts: Vec<u64>,
}

impl Cell {
    fn add(&mut self, other: &Cell) {
        self.documents += other.documents;
        self.tokens += other.tokens;
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }
}

/// Counts per period (and group) of a set of terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    /// Every period from the first to the last, in order.
    pub periods: Vec<Period>,
    /// The groups, sorted (one unnamed group without `group_by`).
    pub groups: Vec<Option<String>>,
    /// The terms.
    pub terms: Vec<String>,
    /// `[group][period]`.
    cells: Vec<Vec<Cell>>,
}

/// One line of a trends table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendRow {
    pub period: Period,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub term: String,
    pub count: u64,
    pub documents: u64,
    pub tokens: u64,
    /// `count` per 10,000 tokens (0 in a period with none).
    pub per_10k: f64,
}

impl Trends {
    /// Every (group, term, period), in that order.
    pub fn rows(&self) -> Vec<TrendRow> {
        let mut out = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            for (t, term) in self.terms.iter().enumerate() {
                for (p, &period) in self.periods.iter().enumerate() {
                    let c = &self.cells[g][p];
                    let count = c.counts.get(t).copied().unwrap_or(0);
                    out.push(TrendRow {
                        period,
                        group: group.clone(),
                        term: term.clone(),
                        count,
                        documents: c.documents,
                        tokens: c.tokens,
                        per_10k: per_10k(count, c.tokens),
                    });
                }
            }
        }
        out
    }

    /// Term `t`'s rate per 10,000 tokens in each period, for group `g`.
    pub fn rates(&self, g: usize, t: usize) -> Vec<f64> {
        self.cells[g]
            .iter()
            .map(|c| per_10k(c.counts.get(t).copied().unwrap_or(0), c.tokens))
            .collect()
    }
}

fn per_10k(count: u64, tokens: u64) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        count as f64 * 1e4 / tokens as f64
    }
}

/// A document's group and period, or why it has none.
fn place(doc: &Document, by: By, group_by: Option<&str>) -> Result<(Option<String>, Period)> {
    let origin = &doc.meta.origin;
    let at = |message: String| Error::Parse {
        path: origin.file.to_string(),
        line: origin.line,
        message,
    };
    let date = doc.meta.date.ok_or_else(|| {
        at(format!(
            "the document {:?} has no date: name the field that holds dates with `date_column`",
            doc.id
        ))
    })?;
    let period = by
        .period(date)
        .map_err(|e| at(format!("the document {:?}: {e}", doc.id)))?;
    let group = match group_by {
        None => None,
        Some(column) => Some(
            doc.meta
                .get(column)
                .ok_or_else(|| {
                    at(format!(
                        "`group_by` {column}: the document {:?} has no field {column:?} (its fields: {})",
                        doc.id,
                        doc.meta.listed()
                    ))
                })?
                .to_owned(),
        ),
    };
    Ok((group, period))
}

/// Most periods a trend lists: a table of every day over 270 years.
pub const MAX_PERIODS: usize = 100_000;

/// Every period from the first to the last of `placed` (the periods
/// documents fall in), unless there are more than [`MAX_PERIODS`].
fn periods(by: By, placed: impl Iterator<Item = Period> + Clone) -> Result<Vec<Period>> {
    let first = placed.clone().min().expect("at least one document");
    let last = placed.max().expect("at least one document");
    let n = first.span(last);
    if n > MAX_PERIODS {
        return Err(crate::ParamError::TooManyPeriods {
            by: by.to_string(),
            first: first.to_string(),
            last: last.to_string(),
            periods: n,
            limit: MAX_PERIODS,
        }
        .into());
    }
    Ok(first.through(last).collect())
}

/// Texts handed to a worker at once.
const BATCH_DOCS: usize = 256;

/// Counts `matcher`'s terms in `docs` (dated) per period of length `by`,
/// per value of field `group_by` if given, on `threads` threads. The
/// counts are sums of integers: the same for any thread count.
pub fn trends<I>(
    docs: I,
    matcher: &Matcher,
    by: By,
    group_by: Option<&str>,
    threads: usize,
) -> Result<Trends>
where
    I: Iterator<Item = Result<Document>>,
{
    if threads == 0 {
        return Err(crate::ParamError::Threads(threads).into());
    }
    type Key = (u32, Period);
    let (tx, rx) = sync_channel::<Vec<(Key, String)>>(threads * 2);
    let rx = Mutex::new(rx);
    let mut groups: Vec<String> = Vec::new();
    let mut group_ids: HashMap<String, u32> = HashMap::new();
    let n_terms = matcher.terms.len();
    let (parts, read) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut cells: HashMap<Key, Cell> = HashMap::new();
                    let mut scratch = Scratch::default();
                    let mut ids = Vec::new();
                    loop {
                        let batch = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok(batch) = batch else { break };
                        for (key, text) in batch {
                            let cell = cells.entry(key).or_insert_with(|| Cell {
                                counts: vec![0; n_terms],
                                ..Cell::default()
                            });
                            cell.documents += 1;
                            cell.tokens +=
                                matcher.count(&text, &mut scratch, &mut ids, &mut cell.counts);
                        }
                    }
                    cells
                })
            })
            .collect();
        let read = (|| -> Result<u64> {
            let mut n = 0;
            let mut batch = Vec::with_capacity(BATCH_DOCS);
            for doc in docs {
                let doc = doc?;
                let (group, period) = place(&doc, by, group_by)?;
                let g = match group {
                    None => 0,
                    Some(name) => match group_ids.get(&name) {
                        Some(&g) => g,
                        None => {
                            let g = groups.len() as u32;
                            groups.push(name.clone());
                            group_ids.insert(name, g);
                            g
                        }
                    },
                };
                batch.push(((g, period), doc.text));
                n += 1;
                if batch.len() == BATCH_DOCS {
                    let _ = tx.send(std::mem::replace(
                        &mut batch,
                        Vec::with_capacity(BATCH_DOCS),
                    ));
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            Ok(n)
        })();
        drop(tx);
        let parts: Vec<HashMap<Key, Cell>> = workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        (parts, read)
    });
    if read? == 0 {
        return Err(Error::no_documents());
    }
    let mut all: BTreeMap<Key, Cell> = BTreeMap::new();
    for part in parts {
        for (k, c) in part {
            all.entry(k).or_default().add(&c);
        }
    }
    let periods = periods(by, all.keys().map(|k| k.1))?;
    // Groups in sorted order of their values.
    let mut order: Vec<u32> = (0..groups.len().max(1) as u32).collect();
    order.sort_by(|&a, &b| groups.get(a as usize).cmp(&groups.get(b as usize)));
    let cells = order
        .iter()
        .map(|&g| {
            periods
                .iter()
                .map(|&p| {
                    let mut c = all.remove(&(g, p)).unwrap_or_default();
                    c.counts.resize(n_terms, 0);
                    c
                })
                .collect()
        })
        .collect();
    Ok(Trends {
        periods,
        groups: if group_by.is_some() {
            order
                .iter()
                .map(|&g| Some(groups[g as usize].clone()))
                .collect()
        } else {
            vec![None]
        },
        terms: matcher.terms.clone(),
        cells,
    })
}

/// A term's change across periods: Pearson's χ² of its counts against the
/// other tokens', period by period (a 2 × P table; P − 1 degrees of freedom).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub term: String,
    pub chi2: f64,
    /// The term's occurrences in all periods.
    pub count: u64,
}

/// The terms of `counts` (per period: `counts[p][t]`, with `tokens[p]`
/// words in period `p`) ranked by how much their share changes across the
/// periods: χ² largest first, ties by term. A term's χ² is
/// Σₚ (cₚ − Eₚ)²/Eₚ + ((nₚ − cₚ) − Fₚ)²/Fₚ with Eₚ = C·nₚ/N and
/// Fₚ = (N − C)·nₚ/N: how far its counts are from a constant share.
pub fn changes(terms: &[String], counts: &[Vec<u64>], tokens: &[u64]) -> Vec<Change> {
    let n: f64 = tokens.iter().sum::<u64>() as f64;
    let mut out: Vec<Change> = terms
        .iter()
        .enumerate()
        .map(|(t, term)| {
            let c_total: u64 = counts.iter().map(|row| row[t]).sum();
            let c = c_total as f64;
            let mut chi2 = 0.0;
            if c > 0.0 && c < n {
                for (row, &np) in counts.iter().zip(tokens) {
                    let np = np as f64;
                    if np == 0.0 {
                        continue;
                    }
                    let (e, f) = (c * np / n, (n - c) * np / n);
                    let cp = row[t] as f64;
                    chi2 += (cp - e).powi(2) / e + ((np - cp) - f).powi(2) / f;
                }
            }
            Change {
                term: term.clone(),
                chi2,
                count: c_total,
            }
        })
        .collect();
    out.sort_by(|a, b| b.chi2.total_cmp(&a.chi2).then_with(|| a.term.cmp(&b.term)));
    out
}

/// The `n` terms of `pipeline` whose share changes most across the
/// periods of `docs` (see [`changes`]), with their trends per period (and
/// per group with `group_by`), counted as the vectorizer counts terms.
/// A term is shown in its display form.
pub fn top_trends<I>(
    docs: I,
    pipeline: &Pipeline,
    by: By,
    group_by: Option<&str>,
    n: usize,
    threads: usize,
) -> Result<(Trends, Vec<Change>)>
where
    I: Iterator<Item = Result<Document>>,
{
    let mut keys: Vec<(Option<String>, Period)> = Vec::new();
    let placed = docs.map(|d| {
        let d = d?;
        keys.push(place(&d, by, group_by)?);
        Ok(d)
    });
    let counts = crate::vectorize::count_terms(placed, pipeline, None, threads)?;
    let periods = periods(by, keys.iter().map(|k| k.1))?;
    let first = periods[0];
    let index = |p: Period| first.span(p) - 1;
    let mut groups: Vec<Option<String>> = keys.iter().map(|k| k.0.clone()).collect();
    groups.sort();
    groups.dedup();
    // Documents in period order, to sum each term's counts period by period
    // in memory that follows the vocabulary (a day-by-day trend over years
    // would not fit as a dense periods × terms table).
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&d| index(keys[d].1));
    let n_terms = counts.terms.len();
    let mut tokens = vec![0u64; periods.len()];
    for (d, k) in keys.iter().enumerate() {
        tokens[index(k.1)] += counts.tokens[d];
    }
    let total_n: f64 = tokens.iter().sum::<u64>() as f64;
    let mut total = vec![0u64; n_terms];
    let mut squares = vec![0f64; n_terms];
    let mut current = vec![0u64; n_terms];
    let mut touched: Vec<u32> = Vec::new();
    let mut at = 0;
    while at < order.len() {
        let p = index(keys[order[at]].1);
        while at < order.len() && index(keys[order[at]].1) == p {
            let d = order[at];
            for k in counts.indptr[d]..counts.indptr[d + 1] {
                let j = counts.indices[k] as usize;
                if current[j] == 0 {
                    touched.push(j as u32);
                }
                current[j] += u64::from(counts.counts[k]);
            }
            at += 1;
        }
        for &j in &touched {
            let c = std::mem::take(&mut current[j as usize]);
            total[j as usize] += c;
            squares[j as usize] += (c as f64).powi(2) / tokens[p] as f64;
        }
        touched.clear();
    }
    // χ² of a 2 × P table, from Σₚ cₚ²/nₚ: N²/(C(N−C)) · (Σₚ cₚ²/nₚ − C²/N).
    let mut ranked: Vec<Change> = (0..n_terms)
        .map(|j| {
            let c = total[j] as f64;
            let chi2 = if c > 0.0 && c < total_n {
                (total_n * total_n / (c * (total_n - c)) * (squares[j] - c * c / total_n)).max(0.0)
            } else {
                0.0
            };
            Change {
                term: counts.display_term(j).into_owned(),
                chi2,
                count: total[j],
            }
        })
        .collect();
    let mut by_rank: Vec<usize> = (0..n_terms).collect();
    by_rank.sort_by(|&a, &b| {
        ranked[b]
            .chi2
            .total_cmp(&ranked[a].chi2)
            .then_with(|| counts.terms[a].cmp(&counts.terms[b]))
    });
    by_rank.truncate(n);
    // Each term's place among the top (NONE: not among them), read once
    // per non-zero of the counts.
    const NONE: usize = usize::MAX;
    let mut column = vec![NONE; n_terms];
    for (i, &j) in by_rank.iter().enumerate() {
        column[j] = i;
    }

    let mut cells = vec![
        vec![
            Cell {
                counts: vec![0; by_rank.len()],
                ..Cell::default()
            };
            periods.len()
        ];
        groups.len()
    ];
    for (d, (g, p)) in keys.iter().enumerate() {
        let g = groups.binary_search(g).expect("every group is listed");
        let cell = &mut cells[g][index(*p)];
        cell.documents += 1;
        cell.tokens += counts.tokens[d];
        for k in counts.indptr[d]..counts.indptr[d + 1] {
            let i = column[counts.indices[k] as usize];
            if i != NONE {
                cell.counts[i] += u64::from(counts.counts[k]);
            }
        }
    }
    let terms: Vec<String> = by_rank.iter().map(|&j| ranked[j].term.clone()).collect();
    let top: Vec<Change> = by_rank
        .iter()
        .map(|&j| {
            std::mem::replace(
                &mut ranked[j],
                Change {
                    term: String::new(),
                    chi2: 0.0,
                    count: 0,
                },
            )
        })
        .collect();
    Ok((
        Trends {
            periods,
            groups,
            terms,
            cells,
        },
        top,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Corpus, InputOptions};
    use crate::pipeline::PipelineOptions;

    fn csv(dir: &std::path::Path, body: &str) -> Corpus {
        let p = dir.join("d.csv");
        std::fs::write(&p, body).unwrap();
        Corpus::open(
            &[&p],
            InputOptions {
                date_column: Some("date".into()),
                ..InputOptions::default()
            },
        )
        .unwrap()
    }

    fn table(t: &Trends) -> Vec<String> {
        t.rows()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {} {} {} {}",
                    r.period,
                    r.group.as_deref().unwrap_or("-"),
                    r.term,
                    r.count,
                    r.documents,
                    r.tokens,
                    r.per_10k
                )
            })
            .collect()
    }

    /// A small dated corpus counted by hand. Default pipeline: clitics
    /// dropped, stop words (في, من) and one-letter words out of the tokens.
    #[test]
    fn counts_by_hand_with_gaps_filled() {
        let dir = tempfile::tempdir().unwrap();
        let c = csv(
            dir.path(),
            "date,source,text\n\
             2017-01-05,a,داعش في العراق وداعش\n\
             2017-01-20,b,القاعدة في سوريا\n\
             2017-03-02,a,الدولة الإسلامية من داعش\n",
        );
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let terms = ["داعش".to_string(), "الدولة الاسلامية".to_string()];
        let m = Matcher::new(&pipeline, &terms).unwrap();
        let t = trends(c.documents(), &m, By::Month, None, 2).unwrap();
        // January: داعش twice (وداعش is داعش with its clitic dropped); tokens:
        // داعش العراق داعش القاعدة سوريا = 5 (في is a stop word).
        // February: no documents. March: tokens الدوله الاسلاميه داعش = 3.
        assert_eq!(
            table(&t),
            [
                "2017-01 - داعش 2 2 5 4000",
                "2017-02 - داعش 0 0 0 0",
                "2017-03 - داعش 1 1 3 3333.3333333333335",
                "2017-01 - الدولة الاسلامية 0 2 5 0",
                "2017-02 - الدولة الاسلامية 0 0 0 0",
                "2017-03 - الدولة الاسلامية 1 1 3 3333.3333333333335",
            ]
        );
        let g = trends(c.documents(), &m, By::Quarter, Some("source"), 1).unwrap();
        assert_eq!(
            table(&g),
            [
                "2017-Q1 a داعش 3 2 6 5000",
                "2017-Q1 a الدولة الاسلامية 1 2 6 1666.6666666666667",
                "2017-Q1 b داعش 0 1 2 0",
                "2017-Q1 b الدولة الاسلامية 0 1 2 0",
            ]
        );
    }

    #[test]
    fn a_document_without_a_usable_date_or_group_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let c = csv(dir.path(), "date,text\n2017,داعش\n");
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let m = Matcher::new(&pipeline, &["داعش".to_string()]).unwrap();
        let e = trends(c.documents(), &m, By::Month, None, 1)
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("d.csv:2: the document \"d:1\": the date 2017 has no month: it cannot be placed in a month; count `by` a longer period, or give full dates"), "{e}");
        let e = trends(c.documents(), &m, By::Year, Some("paper"), 1)
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with(
                "`group_by` paper: the document \"d:1\" has no field \"paper\" (its fields: date)"
            ),
            "{e}"
        );
    }

    #[test]
    fn chi2_by_hand() {
        // One term, two periods of 10 tokens: 4 then 0 occurrences.
        // C = 4, N = 20: E = 2 and F = 8 in each; χ² = 2·(4/2 + 4/8) = 5.
        let terms = ["a".to_string(), "b".to_string()];
        let c = changes(&terms, &[vec![4, 5], vec![0, 5]], &[10, 10]);
        assert_eq!((c[0].term.as_str(), c[0].chi2, c[0].count), ("a", 5.0, 4));
        assert_eq!((c[1].term.as_str(), c[1].chi2), ("b", 0.0));
    }

    const FILLER: &[&str] = &[
        "العراق",
        "سوريا",
        "تنظيم",
        "القاعدة",
        "الحرب",
        "الجيش",
        "الحكومة",
        "المدينة",
        "الأمن",
        "القوات",
        "المعارك",
        "الحدود",
        "التقرير",
        "الصحيفة",
        "المقاتلين",
        "الهجوم",
        "الشرق",
        "الغرب",
        "الدولة",
        "الخلافة",
        "المنطقة",
        "السلطات",
        "العملية",
        "الاتفاق",
        "الرئيس",
        "الوزير",
        "البرلمان",
        "الانتخابات",
        "الاقتصاد",
        "النفط",
    ];

    /// Twelve months of 40 documents, each of 50 filler words drawn at
    /// random, plus a planted rise (صعود: m times in every document of month
    /// m) and a spike (انفجار: 10 times in every document of July, once in
    /// every other). Returns the CSV and, per month, the planted counts and
    /// the tokens.
    fn planted(dir: &std::path::Path) -> (Corpus, Vec<(u64, u64, u64)>) {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut body = String::from("id,date,source,text\n");
        let mut expected = Vec::new();
        for m in 1..=12u64 {
            let (mut rise, mut spike, mut tokens) = (0u64, 0u64, 0u64);
            for d in 0..40 {
                let mut words: Vec<&str> = (0..50)
                    .map(|_| FILLER[(next() % FILLER.len() as u64) as usize])
                    .collect();
                let spikes = if m == 7 { 10 } else { 1 };
                for k in 0..m as usize {
                    words.insert((k * 7) % words.len(), "صعود");
                }
                for k in 0..spikes {
                    words.insert((k * 5 + 3) % words.len(), "انفجار");
                }
                rise += m;
                spike += spikes as u64;
                tokens += words.len() as u64;
                let source = if d % 2 == 0 { "a" } else { "b" };
                body.push_str(&format!(
                    "m{m}d{d},2017-{m:02}-15,{source},{}\n",
                    words.join(" ")
                ));
            }
            expected.push((rise, spike, tokens));
        }
        (csv(dir, &body), expected)
    }

    #[test]
    fn a_planted_rise_and_spike_are_recovered_exactly_and_ranked_first() {
        let dir = tempfile::tempdir().unwrap();
        let (corpus, expected) = planted(dir.path());
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let terms = ["صعود".to_string(), "انفجار".to_string()];
        let m = Matcher::new(&pipeline, &terms).unwrap();
        for threads in [1, 2] {
            let t = trends(corpus.documents(), &m, By::Month, None, threads).unwrap();
            let rows = t.rows();
            assert_eq!(rows.len(), 24);
            for (month, &(rise, spike, tokens)) in expected.iter().enumerate() {
                let (r, s) = (&rows[month], &rows[12 + month]);
                assert_eq!(r.period.to_string(), format!("2017-{:02}", month + 1));
                assert_eq!((r.count, r.documents, r.tokens), (rise, 40, tokens));
                assert_eq!((s.count, s.tokens), (spike, tokens));
                assert_eq!(r.per_10k, rise as f64 * 1e4 / tokens as f64);
            }
        }
        let (top, ranked) =
            top_trends(corpus.documents(), &pipeline, By::Month, None, 3, 2).unwrap();
        let first_two: std::collections::BTreeSet<&str> =
            ranked[..2].iter().map(|c| c.term.as_str()).collect();
        assert_eq!(first_two, ["انفجار", "صعود"].into_iter().collect());
        assert!(ranked[1].chi2 > 10.0 * ranked[2].chi2, "{ranked:?}");
        // The top terms' trends are the planted counts too.
        let rows = top.rows();
        let rise = top.terms.iter().position(|t| t == "صعود").unwrap();
        for (month, &(count, _, tokens)) in expected.iter().enumerate() {
            let r = &rows[rise * 12 + month];
            assert_eq!((r.count, r.tokens, r.documents), (count, tokens, 40));
        }
        // χ² from the period sums equals the 2 × P table's, term by term.
        let table: Vec<Vec<u64>> = expected.iter().map(|&(r, s, _)| vec![r, s]).collect();
        let tokens: Vec<u64> = expected.iter().map(|e| e.2).collect();
        let direct = changes(&["صعود".into(), "انفجار".into()], &table, &tokens);
        for c in &direct {
            let same = ranked.iter().find(|r| r.term == c.term).unwrap();
            assert!((same.chi2 - c.chi2).abs() < 1e-9 * c.chi2, "{same:?} {c:?}");
        }
        // By group: the halves of each month.
        let (g, _) = top_trends(
            corpus.documents(),
            &pipeline,
            By::Month,
            Some("source"),
            2,
            1,
        )
        .unwrap();
        assert_eq!(g.groups, [Some("a".to_string()), Some("b".to_string())]);
        let rows = g.rows();
        let rise = g.terms.iter().position(|t| t == "صعود").unwrap();
        assert_eq!(rows[rise * 12 + 11].count, 12 * 20);
    }

    #[test]
    fn a_stop_word_has_no_rate_and_an_outlier_date_no_endless_table() {
        let pipeline = Pipeline::new(PipelineOptions::default()).unwrap();
        let e = Matcher::new(&pipeline, &["في".to_string()])
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("\"في\""), "{e}");
        // A phrase with a stop word inside is counted.
        assert!(Matcher::new(&pipeline, &["الدولة في العراق".to_string()]).is_ok());
        let dir = tempfile::tempdir().unwrap();
        let c = csv(dir.path(), "date,text\n1017-11-03,داعش\n2017-11-03,داعش\n");
        let m = Matcher::new(&pipeline, &["داعش".to_string()]).unwrap();
        // (Ok mapped to (): its Debug would print every period.)
        let e = trends(c.documents(), &m, By::Day, None, 1)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("from 1017-11-03 to 2017-11-03 is 365244 periods, more than 100000"),
            "{e}"
        );
        assert!(trends(c.documents(), &m, By::Year, None, 1).is_ok());
    }
}
