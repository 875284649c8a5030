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

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One document: its id and its text, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Identifier (file stem, `STEM:LINE`, or the `id` field or column).
    pub id: String,
    /// The original text.
    pub text: String,
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
}

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
        Ok(Corpus { sources, options })
    }

    /// The embedded seed documents.
    pub fn seeds(options: InputOptions) -> Corpus {
        Corpus {
            sources: vec![Source::Seeds],
            options,
        }
    }

    /// Whether the corpus is the embedded seeds.
    pub fn is_seeds(&self) -> bool {
        matches!(self.sources.as_slice(), [Source::Seeds])
    }

    /// The documents, read lazily in input order.
    pub fn documents(&self) -> Documents<'_> {
        Documents {
            corpus: self,
            next_source: 0,
            current: None,
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
}

impl Iterator for Documents<'_> {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if let Some(it) = &mut self.current {
                match it.next() {
                    Some(doc) => return Some(doc),
                    None => self.current = None,
                }
            }
            let source = self.corpus.sources.get(self.next_source)?;
            self.next_source += 1;
            match formats::open_source(source, &self.corpus.options) {
                Ok(it) => self.current = Some(it),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
