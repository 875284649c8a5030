//! Readers for each input format, each an iterator of documents.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use std::path::Path;
use std::sync::Arc;

use super::{DocIter, Document, Format, InputOptions, Meta, Origin, Source};
use crate::error::{Error, Result};
use crate::seeds::SEEDS;
use crate::utf8::decode_utf8;

const STDIN: &str = "<stdin>";
/// Large reads: the corpus is read sequentially once.
const BUF: usize = 1 << 20;

pub(super) fn open_source<'a>(
    source: &'a Source,
    options: &'a InputOptions,
) -> Result<DocIter<'a>> {
    match source {
        Source::Seeds => {
            let file = |id: &str| -> Arc<str> { format!("seeds/{id}.txt").into() };
            if options.lines {
                let it = SEEDS.iter().flat_map(move |(id, text)| {
                    let file = file(id);
                    text.lines()
                        .enumerate()
                        .filter(|(_, l)| !l.trim().is_empty())
                        .map(move |(i, l)| {
                            Ok(Document {
                                id: format!("{id}:{}", i + 1),
                                text: l.to_owned(),
                                meta: Meta::at(Origin {
                                    file: file.clone(),
                                    line: i as u64 + 1,
                                }),
                            })
                        })
                });
                Ok(Box::new(it))
            } else {
                Ok(Box::new(SEEDS.iter().map(move |(id, text)| {
                    Ok(Document {
                        id: (*id).to_owned(),
                        text: (*text).to_owned(),
                        meta: Meta::at(Origin {
                            file: file(id),
                            line: 1,
                        }),
                    })
                })))
            }
        }
        Source::Stdin => {
            let reader: Box<dyn BufRead + Send> =
                Box::new(BufReader::with_capacity(BUF, io::stdin()));
            text_source(reader, STDIN.to_owned(), "stdin".to_owned(), options)
        }
        Source::File { path, id, format } => {
            let shown = path.display().to_string();
            let file = File::open(path).map_err(|e| Error::io(&shown, e))?;
            let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(BUF, file));
            match format {
                Format::Text => text_source(reader, shown, id.clone(), options),
                Format::Jsonl => Ok(Box::new(JsonLines {
                    file: shown.as_str().into(),
                    lines: Lines::new(reader, shown),
                    lossy: options.lossy,
                })),
                Format::Csv | Format::Tsv => {
                    let delimiter = if *format == Format::Csv { b',' } else { b'\t' };
                    Ok(Box::new(Table::new(
                        reader,
                        shown,
                        id.clone(),
                        delimiter,
                        options,
                    )?))
                }
            }
        }
    }
}

fn text_source(
    mut reader: Box<dyn BufRead + Send>,
    shown: String,
    id: String,
    options: &InputOptions,
) -> Result<DocIter<'static>> {
    let lossy = options.lossy;
    let file: Arc<str> = shown.as_str().into();
    if options.lines {
        let mut lines = Lines::new(reader, shown);
        let it = std::iter::from_fn(move || loop {
            match lines.next_line(lossy)? {
                Err(e) => return Some(Err(e)),
                Ok((n, text)) if !text.trim().is_empty() => {
                    return Some(Ok(Document {
                        id: format!("{id}:{n}"),
                        text,
                        meta: Meta::at(Origin {
                            file: file.clone(),
                            line: n,
                        }),
                    }))
                }
                Ok(_) => continue,
            }
        });
        Ok(Box::new(it))
    } else {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&shown, e))?;
        let text = decode_utf8(&shown, bytes, lossy, 0, 1)?;
        let meta = Meta::at(Origin { file, line: 1 });
        Ok(Box::new(std::iter::once(Ok(Document { id, text, meta }))))
    }
}

/// Line reader that knows each line's number and byte offset.
pub(super) struct Lines {
    reader: Box<dyn BufRead + Send>,
    shown: String,
    buf: Vec<u8>,
    line: u64,
    offset: u64,
    failed: bool,
}

impl Lines {
    pub(super) fn new(reader: Box<dyn BufRead + Send>, shown: String) -> Self {
        Lines {
            reader,
            shown,
            buf: Vec::new(),
            line: 0,
            offset: 0,
            failed: false,
        }
    }

    /// The next line (1-based number, text without its line ending), or
    /// `None` at the end. After an error, always `None`.
    pub(super) fn next_line(&mut self, lossy: bool) -> Option<Result<(u64, String)>> {
        if self.failed {
            return None;
        }
        let mut bytes = match self.read_line() {
            Ok(Some(b)) => b,
            Ok(None) => return None,
            Err(e) => {
                self.failed = true;
                return Some(Err(Error::io(&self.shown, e)));
            }
        };
        self.line += 1;
        let start = self.offset;
        self.offset += bytes.len() as u64;
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        if self.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        match decode_utf8(&self.shown, bytes, lossy, start, self.line) {
            Ok(s) => Some(Ok((self.line, s))),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }

    /// The next line with its ending, or `None` at the end of the input.
    ///
    /// A line that lies whole in the reader's buffer (nearly all of them) is
    /// copied once, into a vector of its exact size; `read_until` would copy
    /// it into a growing buffer and then again out of it.
    fn read_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        self.buf.clear();
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                // End of input: a last line without its newline, or nothing.
                return Ok((!self.buf.is_empty()).then(|| self.buf.clone()));
            }
            match memchr::memchr(b'\n', available) {
                Some(i) => {
                    let line = if self.buf.is_empty() {
                        available[..=i].to_vec()
                    } else {
                        self.buf.extend_from_slice(&available[..=i]);
                        self.buf.clone()
                    };
                    self.reader.consume(i + 1);
                    return Ok(Some(line));
                }
                None => {
                    // The line goes on past the buffer: gather it here.
                    let n = available.len();
                    self.buf.extend_from_slice(available);
                    self.reader.consume(n);
                }
            }
        }
    }
}

struct JsonLines {
    lines: Lines,
    lossy: bool,
    file: Arc<str>,
}

/// A JSON value as a metadata field: a string as it is, null as empty,
/// anything else as its JSON text.
fn field_text(v: serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl Iterator for JsonLines {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            let (n, line) = match self.lines.next_line(self.lossy)? {
                Ok(l) => l,
                Err(e) => return Some(Err(e)),
            };
            if line.trim().is_empty() {
                continue;
            }
            let parsed = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&line)
                .map_err(|e| (e.to_string(), e.column()))
                .and_then(|mut m| match m.remove("text") {
                    Some(serde_json::Value::String(text)) => Ok((text, m)),
                    _ => Err(("no string field \"text\"".to_owned(), 1)),
                });
            let (text, mut fields) = match parsed {
                Ok(d) => d,
                Err((e, column)) => {
                    self.lines.failed = true;
                    return Some(Err(Error::Parse {
                        path: self.lines.shown.clone(),
                        line: n,
                        message: format!(
                            "not a JSON object with a string field \"text\" ({e}, column {column})"
                        )
                        .replace(&format!(" at line 1 column {column}"), ""),
                    }));
                }
            };
            let stem = Path::new(&self.lines.shown)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let id = match fields.remove("id") {
                Some(serde_json::Value::String(s)) => s,
                Some(serde_json::Value::Null) | None => format!("{stem}:{n}"),
                Some(other) => other.to_string(),
            };
            // Fields in the order written (serde_json keeps it with
            // `preserve_order`; without, sorted by name: either is stable).
            let (names, values): (Vec<String>, Vec<String>) =
                fields.into_iter().map(|(k, v)| (k, field_text(v))).unzip();
            let origin = Origin {
                file: self.file.clone(),
                line: n,
            };
            return Some(Ok(Document {
                id,
                text,
                meta: Meta::new(names.into(), values, origin),
            }));
        }
    }
}

struct Table {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    shown: String,
    stem: String,
    text_col: usize,
    id_col: Option<usize>,
    /// The other columns: metadata, by position and (shared) name.
    meta_cols: Vec<usize>,
    meta_names: Arc<[String]>,
    file: Arc<str>,
    lossy: bool,
    record: csv::ByteRecord,
    row: u64,
    failed: bool,
}

impl Table {
    fn new(
        reader: Box<dyn BufRead + Send>,
        shown: String,
        stem: String,
        delimiter: u8,
        options: &InputOptions,
    ) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .from_reader(reader);
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error(&shown, e))?
            .clone();
        let names = header_names(&headers);
        let find = |name: &str| names.iter().position(|h| h == name);
        let missing = |flag: &str, name: &str| Error::Parse {
            path: shown.clone(),
            line: 1,
            message: format!(
                "no column {name:?} in the header; pass {flag} with one of: {}",
                names.join(", ")
            ),
        };
        let text_name = options.text_column.as_deref().unwrap_or("text");
        let text_col = find(text_name).ok_or_else(|| missing("`text_column`", text_name))?;
        let id_col = match options.id_column.as_deref() {
            Some(name) => Some(find(name).ok_or_else(|| missing("`id_column`", name))?),
            None => find("id"),
        };
        let meta_cols: Vec<usize> = (0..names.len())
            .filter(|&i| i != text_col && Some(i) != id_col)
            .collect();
        let meta_names = meta_cols.iter().map(|&i| names[i].clone()).collect();
        Ok(Table {
            reader,
            file: shown.as_str().into(),
            shown,
            stem,
            text_col,
            id_col,
            meta_cols,
            meta_names,
            lossy: options.lossy,
            record: csv::ByteRecord::new(),
            row: 0,
            failed: false,
        })
    }

    fn field(&self, col: usize) -> Result<String> {
        let pos = self.record.position();
        let bytes = self.record.get(col).unwrap_or_default().to_vec();
        decode_utf8(
            &self.shown,
            bytes,
            self.lossy,
            pos.map_or(0, |p| p.byte()),
            pos.map_or(0, |p| p.line()),
        )
    }
}

/// A CSV/TSV file's column names (a byte-order mark sticks to the first).
pub(super) fn header_names(headers: &csv::ByteRecord) -> Vec<String> {
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = String::from_utf8_lossy(h);
            if i == 0 {
                h.trim_start_matches('\u{FEFF}').to_owned()
            } else {
                h.into_owned()
            }
        })
        .collect()
}

/// A csv error as this crate's: I/O as such, else the file and line.
pub(super) fn csv_error(shown: &str, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(shown, io),
        _ => Error::Parse {
            path: shown.to_owned(),
            line,
            message,
        },
    }
}

impl Iterator for Table {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        if self.failed {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                self.failed = true;
                return Some(Err(csv_error(&self.shown, e)));
            }
        }
        self.row += 1;
        let result = (|| {
            let text = self.field(self.text_col)?;
            let id = match self.id_col {
                Some(c) => self.field(c)?,
                None => format!("{}:{}", self.stem, self.row),
            };
            let values = self
                .meta_cols
                .iter()
                .map(|&c| self.field(c))
                .collect::<Result<Vec<_>>>()?;
            let origin = Origin {
                file: self.file.clone(),
                line: self.record.position().map_or(0, |p| p.line()),
            };
            let meta = Meta::new(self.meta_names.clone(), values, origin);
            Ok(Document { id, text, meta })
        })();
        if result.is_err() {
            self.failed = true;
        }
        Some(result)
    }
}
