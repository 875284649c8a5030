//! Corpus input, shared by every subcommand.
//!
//! An input is a file, a directory (every `*.txt` below it, sorted by path),
//! `-` for standard input, or nothing at all, which means the embedded seeds.
//! By default a text file is one document whose id is its file stem; with
//! `lines` every non-empty line is a document with id `STEM:LINE`. A `.jsonl`
//! file gives one document per line (field `text`, id from `id`); `.csv` and
//! `.tsv` files one per record (columns chosen by name).
//!
//! Documents are read lazily, one at a time: a corpus of any size streams
//! through in constant memory.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions};
//!
//! let corpus = Corpus::seeds(InputOptions::default());
//! let docs: Vec<_> = corpus.documents().collect::<Result<_, _>>().unwrap();
//! assert_eq!(docs.len(), 5);
//! assert_eq!(docs[0].id, "000_8f3d4c0966bd4c89");
//! ```

mod formats;
mod metadata;
mod select;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub use metadata::{GroupBy, Groups, Meta, MetaTable, MetadataFile, Origin};
pub use select::{parse_where, Selection};

use crate::error::{Error, Result};
use crate::time::Date;

/// One document: its id, its text as read, and its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Identifier (file stem, `STEM:LINE`, or the `id` field or column).
    pub id: String,
    /// The original text.
    pub text: String,
    /// Its fields, date and origin.
    pub meta: Meta,
}

impl Document {
    /// A document with no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            meta: Meta::default(),
        }
    }
}

/// How inputs are split into documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputOptions {
    /// Every non-empty line of a text file is a document.
    pub lines: bool,
    /// CSV/TSV column holding the text (default `text`).
    pub text_column: Option<String>,
    /// CSV/TSV column holding the id (default `id` if present, else `STEM:ROW`).
    pub id_column: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub lossy: bool,
    /// A CSV/TSV side file of metadata, one row per document id.
    pub metadata: Option<PathBuf>,
    /// The field holding each document's date (ISO 8601): read and checked
    /// when given, needed by `since`, `until` and anything counted by period.
    pub date_column: Option<String>,
    /// Leave out documents whose date does not parse (counted, see
    /// [`Corpus::skipped_dates`]) instead of stopping with an error.
    pub skip_bad_dates: bool,
    /// Which documents are read.
    pub select: Selection,
}

/// The kind of one input file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
    Csv,
    Tsv,
}

#[derive(Debug, Clone)]
enum Source {
    Seeds,
    Stdin,
    File {
        path: PathBuf,
        /// Document id (or id prefix): the stem, or the path below the directory given.
        id: String,
        format: Format,
    },
}

/// A set of inputs, ready to be read as documents.
#[derive(Debug, Clone)]
pub struct Corpus {
    sources: Vec<Source>,
    options: InputOptions,
    metadata: Option<Arc<MetadataFile>>,
    /// Documents left out for a bad date in the last reading.
    skipped: Arc<AtomicU64>,
}

/// The first date `skip_bad_dates` left out, for the message when it left out every document.
type FirstBad = Option<(String, String)>;

impl Corpus {
    /// Resolves `inputs` (paths, `-`; none means the seeds), expanding
    /// directories. Fails if a path does not exist or a directory holds no
    /// `*.txt` file.
    pub fn open<P: AsRef<Path>>(inputs: &[P], options: InputOptions) -> Result<Corpus> {
        let mut sources = Vec::new();
        if inputs.is_empty() {
            sources.push(Source::Seeds);
        }
        for input in inputs {
            let path = input.as_ref();
            if path.as_os_str() == "-" {
                sources.push(Source::Stdin);
                continue;
            }
            let meta = fs::metadata(path).map_err(|e| Error::io(path.display(), e))?;
            if meta.is_dir() {
                let mut files = Vec::new();
                collect_txt(path, &mut files)?;
                if files.is_empty() {
                    return Err(Error::EmptyCorpus(format!(
                        "{}: the directory holds no *.txt file",
                        path.display()
                    )));
                }
                files.sort();
                for file in files {
                    let rel = file.strip_prefix(path).unwrap_or(&file).with_extension("");
                    sources.push(Source::File {
                        id: rel.to_string_lossy().into_owned(),
                        format: Format::Text,
                        path: file,
                    });
                }
            } else {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase())
                    .unwrap_or_default();
                let format = match ext.as_str() {
                    "jsonl" => Format::Jsonl,
                    "csv" => Format::Csv,
                    "tsv" => Format::Tsv,
                    _ => Format::Text,
                };
                let id = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string());
                sources.push(Source::File {
                    path: path.to_owned(),
                    id,
                    format,
                });
            }
        }
        Corpus::new(sources, options)
    }

    fn new(sources: Vec<Source>, options: InputOptions) -> Result<Corpus> {
        if options.select.needs_dates() && options.date_column.is_none() {
            return Err(crate::ParamError::NeedsDateColumn.into());
        }
        let metadata = match &options.metadata {
            Some(path) => Some(Arc::new(MetadataFile::read(path)?)),
            None => None,
        };
        Ok(Corpus {
            sources,
            options,
            metadata,
            skipped: Arc::default(),
        })
    }

    /// The embedded seed documents, with their metadata (`seeds/metadata.csv`).
    /// Panics if `options` name a metadata file that cannot be read or
    /// select by date with no date column; [`Corpus::open`] with no input
    /// returns those as errors.
    pub fn seeds(options: InputOptions) -> Corpus {
        Corpus::new(vec![Source::Seeds], options).expect("valid options for the seeds")
    }

    /// The options the corpus was opened with.
    pub fn options(&self) -> &InputOptions {
        &self.options
    }

    /// Documents left out of the last reading for a date that does not
    /// parse (with [`InputOptions::skip_bad_dates`]).
    pub fn skipped_dates(&self) -> u64 {
        self.skipped.load(Ordering::Relaxed)
    }

    /// Whether the corpus is the embedded seeds.
    pub fn is_seeds(&self) -> bool {
        matches!(self.sources.as_slice(), [Source::Seeds])
    }

    /// The documents, read lazily in input order: with their metadata,
    /// dated (with a date column), and only those selected. A selection
    /// that keeps none of them ends with an error saying so.
    pub fn documents(&self) -> Documents<'_> {
        self.skipped.store(0, Ordering::Relaxed);
        Documents {
            corpus: self,
            next_source: 0,
            current: None,
            seeds: None,
            read: 0,
            kept: 0,
            done: false,
            first_bad: None,
        }
    }
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir.display(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir.display(), e))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(path.display(), e))?;
        if kind.is_dir() {
            collect_txt(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
            && fs::metadata(&path).map(|m| m.is_file()).unwrap_or(false)
        {
            out.push(path);
        }
    }
    Ok(())
}

type DocIter<'a> = Box<dyn Iterator<Item = Result<Document>> + Send + 'a>;

/// Iterator over a corpus's documents.
pub struct Documents<'a> {
    corpus: &'a Corpus,
    next_source: usize,
    current: Option<DocIter<'a>>,
    /// The seeds' metadata, while reading the seeds.
    seeds: Option<MetadataFile>,
    read: u64,
    kept: u64,
    /// After an error or the end: nothing more.
    done: bool,
    /// The first bad date skipped: where, and its message.
    first_bad: FirstBad,
}

impl Documents<'_> {
    /// `doc` with its side-file metadata and date, if selected.
    fn complete(&mut self, mut doc: Document) -> Result<Option<Document>> {
        let options = &self.corpus.options;
        if let Some(seeds) = &self.seeds {
            seeds.attach(&doc.id, &mut doc.meta)?;
        }
        if let Some(file) = &self.corpus.metadata {
            file.attach(&doc.id, &mut doc.meta)?;
        }
        if let Some(column) = &options.date_column {
            match read_date(&doc, column) {
                Ok(date) => doc.meta.date = Some(date),
                Err(DateProblem::Bad(e)) if options.skip_bad_dates => {
                    self.corpus.skipped.fetch_add(1, Ordering::Relaxed);
                    if self.first_bad.is_none() {
                        self.first_bad = Some((doc.meta.origin.to_string(), e.to_string()));
                    }
                    return Ok(None);
                }
                Err(e) => return Err(e.into_error(&doc, column)),
            }
        }
        Ok(options.select.keeps(&doc)?.then_some(doc))
    }
}

/// Why a document has no date.
enum DateProblem {
    /// No such field (the fields it has).
    NoColumn(String),
    Bad(crate::time::DateError),
}

impl DateProblem {
    fn into_error(self, doc: &Document, column: &str) -> Error {
        let origin = &doc.meta.origin;
        Error::Parse {
            path: origin.file.to_string(),
            line: origin.line,
            message: match self {
                DateProblem::NoColumn(fields) => format!(
                    "`date_column` {column}: the document {:?} has no field {column:?} (its fields: {fields}); name the field that holds dates",
                    doc.id
                ),
                DateProblem::Bad(e) => format!(
                    "the date of {:?} in {column:?}: {e}; correct it, or pass `skip_bad_dates` to leave such documents out",
                    doc.id
                ),
            },
        }
    }
}

fn read_date(doc: &Document, column: &str) -> std::result::Result<Date, DateProblem> {
    let value = doc
        .meta
        .get(column)
        .ok_or_else(|| DateProblem::NoColumn(doc.meta.listed()))?;
    value.parse().map_err(DateProblem::Bad)
}

impl Iterator for Documents<'_> {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        while !self.done {
            if let Some(it) = &mut self.current {
                match it.next() {
                    Some(Ok(doc)) => {
                        self.read += 1;
                        match self.complete(doc) {
                            Ok(Some(doc)) => {
                                self.kept += 1;
                                return Some(Ok(doc));
                            }
                            Ok(None) => continue,
                            Err(e) => {
                                self.done = true;
                                return Some(Err(e));
                            }
                        }
                    }
                    Some(Err(e)) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                    None => self.current = None,
                }
            }
            let Some(source) = self.corpus.sources.get(self.next_source) else {
                self.done = true;
                let options = &self.corpus.options;
                if let (0, Some((at, e))) = (self.kept, &self.first_bad) {
                    if self.corpus.skipped_dates() == self.read {
                        return Some(Err(Error::EmptyCorpus(format!(
                            "`skip_bad_dates` left out all {} documents: no date parses (the first, at {at}: {e})",
                            self.read
                        ))));
                    }
                }
                if self.kept == 0 && self.read > 0 && !options.select.is_all() {
                    return Some(Err(Error::EmptyCorpus(format!(
                        "no documents match {} (of {} read)",
                        options.select.describe(),
                        self.read
                    ))));
                }
                return None;
            };
            self.next_source += 1;
            self.seeds = matches!(source, Source::Seeds).then(MetadataFile::seeds);
            match formats::open_source(source, &self.corpus.options) {
                Ok(it) => self.current = Some(it),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
