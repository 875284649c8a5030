//! What is known of a document besides its text: its fields (a CSV/TSV
//! row's other columns, a JSONL object's other fields, or a row of a side
//! file keyed by document id), its date, and where it was read.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//!
//! // The seeds carry their own metadata (seeds/metadata.csv).
//! let doc = Corpus::seeds(InputOptions::default()).documents().next().unwrap().unwrap();
//! assert_eq!(doc.meta.get("date"), Some("2018-01-25"));
//! assert_eq!(doc.meta.origin.to_string(), "seeds/000_8f3d4c0966bd4c89.txt:1");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::time::Date;

/// A document's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Field names, shared by the documents of one source.
    names: Arc<[String]>,
    values: Vec<String>,
    /// The document's date, when the corpus was opened with a date column
    /// ([`InputOptions::date_column`](super::InputOptions::date_column)).
    pub date: Option<Date>,
    /// Where the document was read.
    pub origin: Origin,
}

/// A file (or `<stdin>`, or a seed's file) and the line a document starts on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

impl Meta {
    /// Fields `names` (shared) with `values`, read at `origin`.
    pub fn new(names: Arc<[String]>, values: Vec<String>, origin: Origin) -> Meta {
        debug_assert_eq!(names.len(), values.len());
        Meta {
            names,
            values,
            date: None,
            origin,
        }
    }

    /// No fields, read at `origin`.
    pub fn at(origin: Origin) -> Meta {
        Meta {
            origin,
            ..Meta::default()
        }
    }

    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = self.names.iter().position(|n| n == name)?;
        Some(&self.values[i])
    }

    /// The field names, in the order read.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// `(name, value)` of every field.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names
            .iter()
            .zip(&self.values)
            .map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The field names, listed for a message: `a, b, c`, or `(none)`.
    pub fn listed(&self) -> String {
        if self.names.is_empty() {
            "(none)".into()
        } else {
            self.names.join(", ")
        }
    }

    /// Adds `names` (shared) with `values` after the fields already there.
    fn extend(&mut self, names: &[String], values: &[String]) {
        let mut all: Vec<String> = self.names.to_vec();
        all.extend_from_slice(names);
        self.names = all.into();
        self.values.extend_from_slice(values);
    }
}

/// A side file of metadata: one CSV/TSV row per document id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataFile {
    shown: String,
    names: Arc<[String]>,
    rows: HashMap<String, Vec<String>>,
}

impl MetadataFile {
    /// Reads `path` (`.tsv`: tab-separated, else comma-separated), keyed by
    /// its `id` column (else its first column). A repeated id is an error.
    pub fn read(path: &Path) -> Result<MetadataFile> {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|e| Error::io(&shown, e))?;
        let tsv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        Self::from_reader(BufReader::new(file), shown, if tsv { b'\t' } else { b',' })
    }

    /// The seeds' metadata (`seeds/metadata.csv`, embedded).
    pub(super) fn seeds() -> MetadataFile {
        Self::from_reader(
            crate::seeds::METADATA.as_bytes(),
            "seeds/metadata.csv".into(),
            b',',
        )
        .expect("the seeds' metadata is valid (tested)")
    }

    fn from_reader(reader: impl std::io::Read, shown: String, delimiter: u8) -> Result<Self> {
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(reader);
        let parse = |e: csv::Error| super::formats::csv_error(&shown, e);
        let headers = super::formats::header_names(csv.byte_headers().map_err(parse)?);
        if headers.is_empty() || headers.iter().all(String::is_empty) {
            return Err(Error::Parse {
                path: shown,
                line: 1,
                message: "no header: the first line must name the columns (id, then the fields)"
                    .into(),
            });
        }
        let key = headers.iter().position(|h| h == "id").unwrap_or(0);
        let names: Arc<[String]> = headers
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != key)
            .map(|(_, h)| h.clone())
            .collect();
        let mut rows = HashMap::new();
        for record in csv.records() {
            let record = record.map_err(parse)?;
            let line = record.position().map_or(0, |p| p.line());
            let id = record.get(key).unwrap_or_default().to_owned();
            let values = record
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != key)
                .map(|(_, v)| v.to_owned())
                .collect();
            if rows.insert(id.clone(), values).is_some() {
                return Err(Error::Parse {
                    path: shown,
                    line,
                    message: format!("the id {id:?} has a row already: give each document one row"),
                });
            }
        }
        Ok(MetadataFile { shown, names, rows })
    }

    /// Adds the row of document `id` to `meta`: the row keyed by `id`, or,
    /// for a line of a file (`STEM:LINE`), by the file's `STEM`. A document
    /// with no row is an error: an analysis by a field would silently
    /// leave it out.
    pub(super) fn attach(&self, id: &str, meta: &mut Meta) -> Result<()> {
        // A line of a file read with `lines` (id `STEM:LINE`, LINE its line
        // number) may use its file's row; an id a user wrote never does.
        let row = self.rows.get(id).or_else(|| {
            let (stem, line) = id.rsplit_once(':')?;
            (line.parse::<u64>().ok()? == meta.origin.line).then(|| self.rows.get(stem))?
        });
        let Some(row) = row else {
            return Err(Error::Parse {
                path: self.shown.clone(),
                line: 0,
                message: format!(
                    "no row for the document {id:?} (read at {}): every document needs a row (its id in the column `id`)",
                    meta.origin
                ),
            });
        };
        if let Some(name) = self.names.iter().find(|n| meta.get(n).is_some()) {
            return Err(Error::Parse {
                path: self.shown.clone(),
                line: 1,
                message: format!(
                    "the column {name:?} is also a field of the documents (read at {}): rename one of them",
                    meta.origin
                ),
            });
        }
        meta.extend(&self.names, row);
        Ok(())
    }
}

/// The metadata of every document read, in order: what documents.tsv
/// files write after their own columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaTable {
    /// Every field name met, in order of first sight.
    columns: Vec<String>,
    /// Per document, its value of each column, `None` where it has no such
    /// field (a row shorter than the columns has none for the rest). Empty
    /// while no document has a field: a corpus without metadata costs
    /// nothing per document.
    rows: Vec<Vec<Option<String>>>,
    /// Per document, its date (empty while no document has one).
    dates: Vec<Option<Date>>,
    n: usize,
}

/// What documents are grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupBy {
    /// The value of a metadata field.
    Field(String),
    /// The period a document's date falls in.
    Period(crate::time::By),
}

/// Documents in groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// The groups' names: a field's values sorted, or periods in time order.
    pub names: Vec<String>,
    /// Each document's group, an index into `names`.
    pub of: Vec<usize>,
}

impl Groups {
    /// Each group's name and which documents are in it: every group set
    /// against the rest, as keyness compares them.
    pub fn each_against_rest(&self) -> Vec<(String, Vec<bool>)> {
        (0..self.names.len())
            .map(|g| {
                let mask = self.of.iter().map(|&x| x == g).collect();
                (self.names[g].clone(), mask)
            })
            .collect()
    }

    /// The documents of each group, in order (one pass over the documents).
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.names.len()];
        for (d, &g) in self.of.iter().enumerate() {
            out[g].push(d);
        }
        out
    }
}

impl MetaTable {
    /// Each document's group by `by`. A field no document has is an error
    /// listing the fields; so is grouping by period without dates or with
    /// a date too coarse for the period.
    pub fn groups(&self, by: &GroupBy) -> Result<Groups> {
        match by {
            GroupBy::Field(name) => {
                let c = self
                    .column(name)
                    .ok_or_else(|| crate::ParamError::GroupBy {
                        column: name.clone(),
                        fields: if self.columns.is_empty() {
                            "(none)".into()
                        } else {
                            self.columns.join(", ")
                        },
                    })?;
                let values: Vec<&str> = (0..self.n)
                    .map(|d| {
                        self.get(d, c)
                            .ok_or_else(|| crate::ParamError::GroupMissing {
                                column: name.clone(),
                                row: d,
                            })
                    })
                    .collect::<std::result::Result<_, _>>()?;
                let mut names: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                names.sort();
                names.dedup();
                let of = values
                    .iter()
                    .map(|v| {
                        names
                            .binary_search_by(|n| n.as_str().cmp(v))
                            .expect("listed")
                    })
                    .collect();
                Ok(Groups { names, of })
            }
            GroupBy::Period(period) => {
                let mut periods = Vec::with_capacity(self.n);
                for d in 0..self.n {
                    let date = self
                        .dates
                        .get(d)
                        .copied()
                        .flatten()
                        .ok_or(crate::ParamError::NeedsDateColumn)?;
                    periods.push(period.period(date).map_err(|e| {
                        crate::ParamError::TooCoarse {
                            row: d,
                            reason: e.to_string(),
                        }
                    })?);
                }
                let mut order = periods.clone();
                order.sort();
                order.dedup();
                let of = periods
                    .iter()
                    .map(|p| order.binary_search(p).expect("listed"))
                    .collect();
                Ok(Groups {
                    names: order.iter().map(ToString::to_string).collect(),
                    of,
                })
            }
        }
    }

    /// Document `i`'s date, if it was read with one.
    pub fn date(&self, i: usize) -> Option<Date> {
        self.dates.get(i).copied().flatten()
    }

    /// Adds a document's fields as a row.
    pub fn push(&mut self, meta: &Meta) {
        if meta.date.is_some() || !self.dates.is_empty() {
            self.dates.resize(self.n, None);
            self.dates.push(meta.date);
        }
        for name in meta.names() {
            if !self.columns.contains(name) {
                self.columns.push(name.clone());
            }
        }
        if !self.columns.is_empty() {
            self.rows.resize_with(self.n, Vec::new);
            let row = self
                .columns
                .iter()
                .map(|c| meta.get(c).map(str::to_owned))
                .collect();
            self.rows.push(row);
        }
        self.n += 1;
    }

    /// The field names, in order of first sight.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether no document was recorded.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Document `i`'s value of column `c` (empty if it has none).
    pub fn value(&self, i: usize, c: usize) -> &str {
        self.get(i, c).unwrap_or_default()
    }

    /// Document `i`'s value of column `c`, if it has that field.
    pub fn get(&self, i: usize, c: usize) -> Option<&str> {
        self.rows.get(i)?.get(c)?.as_deref()
    }

    /// The index of column `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// Documents `r0..r1`.
    pub fn slice(&self, r0: usize, r1: usize) -> MetaTable {
        MetaTable {
            columns: self.columns.clone(),
            rows: self
                .rows
                .get(r0..r1.min(self.rows.len()))
                .map_or_else(Vec::new, <[_]>::to_vec),
            dates: self
                .dates
                .get(r0..r1.min(self.dates.len()))
                .map_or_else(Vec::new, <[_]>::to_vec),
            n: r1 - r0,
        }
    }

    /// Documents `rows`, in that order.
    pub fn select(&self, rows: &[usize]) -> MetaTable {
        MetaTable {
            columns: self.columns.clone(),
            rows: if self.rows.is_empty() {
                Vec::new()
            } else {
                rows.iter()
                    .map(|&r| self.rows.get(r).cloned().unwrap_or_default())
                    .collect()
            },
            dates: if self.dates.is_empty() {
                Vec::new()
            } else {
                rows.iter().map(|&r| self.date(r)).collect()
            },
            n: rows.len(),
        }
    }

    /// Appends `other`'s documents after these.
    pub fn append(&mut self, other: MetaTable) {
        let offset = self.n;
        let map: Vec<usize> = other
            .columns
            .iter()
            .map(|c| match self.column(c) {
                Some(i) => i,
                None => {
                    self.columns.push(c.clone());
                    self.columns.len() - 1
                }
            })
            .collect();
        if !other.dates.is_empty() || !self.dates.is_empty() {
            self.dates.resize(offset, None);
            self.dates.extend(other.dates);
            self.dates.resize(offset + other.n, None);
        }
        if !self.columns.is_empty() {
            self.rows.resize_with(offset, Vec::new);
            for (i, row) in other.rows.into_iter().enumerate() {
                let mut out = vec![None; self.columns.len()];
                for (v, &c) in row.into_iter().zip(&map) {
                    out[c] = v;
                }
                self.rows.resize_with(offset + i, Vec::new);
                self.rows.push(out);
            }
        }
        self.n += other.n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(fields: &[(&str, &str)]) -> Meta {
        let names: Arc<[String]> = fields.iter().map(|f| f.0.to_owned()).collect();
        Meta::new(
            names,
            fields.iter().map(|f| f.1.to_owned()).collect(),
            Origin::default(),
        )
    }

    #[test]
    fn a_table_grows_columns_as_documents_bring_them() {
        let mut t = MetaTable::default();
        t.push(&Meta::default());
        t.push(&meta(&[("source", "الغارديان")]));
        t.push(&meta(&[("date", "2017-04"), ("source", "218TV")]));
        assert_eq!(t.columns(), ["source", "date"]);
        assert_eq!(t.len(), 3);
        assert_eq!(
            (t.value(0, 0), t.value(1, 0), t.value(1, 1)),
            ("", "الغارديان", "")
        );
        assert_eq!((t.value(2, 0), t.value(2, 1)), ("218TV", "2017-04"));
        let tail = t.slice(1, 3);
        assert_eq!(tail.len(), 2);
        assert_eq!(tail.value(1, 1), "2017-04");
        let mut joined = t.slice(0, 1);
        joined.append(tail);
        let cells = |t: &MetaTable| -> Vec<Vec<String>> {
            (0..t.len())
                .map(|i| {
                    (0..t.columns().len())
                        .map(|c| t.value(i, c).to_owned())
                        .collect()
                })
                .collect()
        };
        assert_eq!(joined.columns(), t.columns());
        assert_eq!(cells(&joined), cells(&t));
    }

    #[test]
    fn no_fields_cost_no_rows() {
        let mut t = MetaTable::default();
        for _ in 0..1000 {
            t.push(&Meta::default());
        }
        assert_eq!((t.len(), t.rows.len(), t.columns().len()), (1000, 0, 0));
    }
}
