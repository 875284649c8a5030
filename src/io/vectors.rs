//! The files `tahlil vectorize` writes: matrix, vocabulary, documents and model.

use std::borrow::Cow;
use std::path::Path;

use super::{
    fmt_f64, tsv_field, write_matrix_market, write_npz, write_parquet, NumberCache, OutputSet,
};
use crate::display::DisplayLookup;
use crate::error::Result;
use crate::input::MetaTable;
use crate::pipeline::Analyzer;
use crate::vectorize::{TfidfModel, Vectors};
use std::io::Write;

/// How the matrix file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatrixFormat {
    /// MatrixMarket coordinate text (`matrix.mtx`).
    #[default]
    Mtx,
    /// SciPy sparse CSR archive (`matrix.npz`).
    Npz,
    /// Apache Parquet, one `(row, col, value)` record per non-zero (`matrix.parquet`).
    Parquet,
}

crate::names::named_enum!(MatrixFormat, "matrix format", { Mtx => "mtx", Npz => "npz", Parquet => "parquet" });

impl MatrixFormat {
    /// The file name extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            MatrixFormat::Mtx => "mtx",
            MatrixFormat::Npz => "npz",
            MatrixFormat::Parquet => "parquet",
        }
    }
}

/// Stages `m` (its rows numbered from `first_row` where the format numbers
/// rows itself: Parquet) as `path` in `set`.
pub fn stage_matrix(
    set: &OutputSet,
    path: &Path,
    format: MatrixFormat,
    m: &crate::vectorize::TfidfMatrix,
    first_row: u64,
) -> Result<()> {
    match format {
        MatrixFormat::Mtx => set.write(path, |w| write_matrix_market(m, w)),
        MatrixFormat::Npz => set.write(path, |w| write_npz(m, w)),
        MatrixFormat::Parquet => set.write_buffered(path, |w| write_parquet(m, first_row, w)),
    }
}

/// Writes DIR/matrix.mtx (or .npz), DIR/vocabulary.tsv, DIR/documents.tsv and
/// DIR/model.json, all four or none (see [`OutputSet`]); creates DIR if needed.
pub fn write_vectors(
    dir: &Path,
    format: MatrixFormat,
    model: &TfidfModel,
    v: &Vectors,
) -> Result<()> {
    let set = OutputSet::new();
    stage_vectors(&set, dir, format, model, v)?;
    set.commit()
}

/// [`write_vectors`] into `set`, with the other files of a larger result.
pub fn stage_vectors(
    set: &OutputSet,
    dir: &Path,
    format: MatrixFormat,
    model: &TfidfModel,
    v: &Vectors,
) -> Result<()> {
    set.create_dir(dir)?;
    // Four independent files: write them side by side (with word pairs they
    // hold hundreds of MB, and each write is mostly formatting and copying).
    let matrix = || {
        let path = dir.join(format!("matrix.{}", format.extension()));
        stage_matrix(set, &path, format, &v.matrix, 0)
    };
    let vocabulary = || stage_vocabulary(set, dir, model);
    let documents = || stage_documents(set, dir, &v.ids, &v.tokens, &v.meta);
    let model_json = || set.write(&dir.join("model.json"), |w| model.write_json(w));
    // Longest first: rayon runs a join's first job on the calling thread at
    // once and leaves the second to be stolen, so the vocabulary (the longest
    // with word pairs: a display form and an idf for each of millions of terms)
    // starts at once, and the other thread takes the model, the matrix and the
    // documents in turn.
    let ((b, d), (a, c)) = rayon::join(
        || rayon::join(vocabulary, model_json),
        || rayon::join(matrix, documents),
    );
    a?;
    b?;
    c?;
    d
}

/// Stages DIR/vocabulary.tsv: each column's term, display form, df and idf.
fn stage_vocabulary(set: &OutputSet, dir: &Path, model: &TfidfModel) -> Result<()> {
    set.write(&dir.join("vocabulary.tsv"), |w| {
        w.write_all(b"term\tdisplay\tdf\tidf\n")?;
        // Millions of lines with word pairs, each with a display form to
        // look up and an idf to format: formatted in blocks on every thread
        // free (the others take the files below first).
        // Only word terms have display forms (see `DisplayForms::term`).
        let display = (model.pipeline.analyzer == Analyzer::Word && !model.display.is_empty())
            .then(|| DisplayLookup::new(&model.display, tsv_field));
        crate::parallel::write_in_blocks(w, model.vocabulary.len(), VOCABULARY_BLOCK, |columns| {
            vocabulary_lines(model, display.as_ref(), columns)
        })?;
        Ok(())
    })
}

/// Stages DIR/documents.tsv: each row's number, document id and words,
/// then its metadata.
pub(crate) fn stage_documents(
    set: &OutputSet,
    dir: &Path,
    ids: &[String],
    tokens: &[u64],
    meta: &MetaTable,
) -> Result<()> {
    set.write(&dir.join("documents.tsv"), |w| {
        write!(w, "row\tid\ttokens")?;
        write_meta_header(w, meta)?;
        for (r, (id, tokens)) in ids.iter().zip(tokens).enumerate() {
            write!(w, "{r}\t{}\t{tokens}", tsv_field(id))?;
            write_meta_row(w, meta, r)?;
        }
        Ok(())
    })
}

/// The metadata columns of a documents.tsv header, after its own, and the line's end.
pub fn write_meta_header(w: &mut dyn Write, meta: &MetaTable) -> std::io::Result<()> {
    for c in meta.columns() {
        write!(w, "\t{}", tsv_field(c))?;
    }
    writeln!(w)
}

/// Document `r`'s metadata values, after its own columns, and the line's end.
pub fn write_meta_row(w: &mut dyn Write, meta: &MetaTable, r: usize) -> std::io::Result<()> {
    for c in 0..meta.columns().len() {
        write!(w, "\t{}", tsv_field(meta.value(r, c)))?;
    }
    writeln!(w)
}

/// Stages DIR/vocabulary.tsv and DIR/model.json, side by side.
pub(crate) fn stage_model_files(set: &OutputSet, dir: &Path, model: &TfidfModel) -> Result<()> {
    let (a, b) = rayon::join(
        || stage_vocabulary(set, dir, model),
        || set.write(&dir.join("model.json"), |w| model.write_json(w)),
    );
    a?;
    b
}

/// Terms per block of vocabulary.tsv formatted at once.
const VOCABULARY_BLOCK: usize = 1 << 15;

/// The lines of vocabulary.tsv for `columns`, with the words' display
/// forms from `display` (none: each term shows itself).
fn vocabulary_lines(
    model: &TfidfModel,
    display: Option<&DisplayLookup>,
    columns: std::ops::Range<usize>,
) -> Vec<u8> {
    let block = model.vocabulary.span(columns.clone());
    // Each term twice, then a df and an idf: sized once for the block (2 MB
    // with word pairs), where growing it copied what was written.
    let mut out = Vec::with_capacity(2 * block.len() + 32 * columns.len());
    // Terms are words joined by spaces, so a tab or line break comes only
    // from a model read from JSON: one scan of the block's text says whether
    // any term needs escaping, rather than one per term.
    let escapes = memchr::memchr3(b'\t', b'\n', b'\r', block.as_bytes()).is_some();
    let mut ib = itoa::Buffer::new();
    let mut idf_text = NumberCache::default();
    let mut rb = ryu::Buffer::new();
    // Sorted n-grams come in runs that share their first word: its display
    // form is found once per run.
    let mut first: Option<(&str, &[u8])> = None;
    for j in columns {
        let term = &model.vocabulary[j];
        // Without idf every column is weighted 1.
        let idf = model.idf.as_ref().map_or(1.0, |i| i[j]);
        let field = if escapes {
            tsv_field(term)
        } else {
            Cow::Borrowed(term)
        };
        out.extend_from_slice(field.as_bytes());
        out.push(b'\t');
        match display {
            None => out.extend_from_slice(field.as_bytes()),
            // Written word by word, with no string made for the term. The
            // lookup's forms are escaped already, and a word not shown
            // otherwise needs escaping only where its term did.
            Some(forms) => {
                let clean = matches!(field, Cow::Borrowed(_));
                let (head, mut rest) = split_word(term);
                match first {
                    Some((word, form)) if word == head => out.extend_from_slice(form),
                    _ => {
                        let form = shown(forms, head, clean);
                        out.extend_from_slice(&form);
                        // Kept only when borrowed, which is all but never otherwise.
                        first = match form {
                            Cow::Borrowed(form) => Some((head, form)),
                            Cow::Owned(_) => None,
                        };
                    }
                }
                while let Some(words) = rest {
                    let (word, after) = split_word(words);
                    out.push(b' ');
                    out.extend_from_slice(&shown(forms, word, clean));
                    rest = after;
                }
            }
        }
        out.push(b'\t');
        out.extend_from_slice(ib.format(model.df[j]).as_bytes());
        out.push(b'\t');
        out.extend_from_slice(idf_text.format(model.df[j], idf, |x, text| {
            text.extend_from_slice(fmt_f64(&mut rb, x).as_bytes())
        }));
        out.push(b'\n');
    }
    out
}

/// A term's first word and what follows its space, if it has one: `split(' ')`
/// one word at a time, by a plain loop, which for words of a dozen bytes
/// beats the searcher's set-up (perf: a tenth of vocabulary.tsv's time).
#[inline]
fn split_word(term: &str) -> (&str, Option<&str>) {
    match term.bytes().position(|b| b == b' ') {
        Some(i) => (&term[..i], Some(&term[i + 1..])),
        None => (term, None),
    }
}

/// How `word` shows in the display column: its form from `forms`, or itself,
/// escaped unless its term (`clean`) needed no escaping.
fn shown<'a>(forms: &'a DisplayLookup, word: &'a str, clean: bool) -> Cow<'a, [u8]> {
    match forms.get(word) {
        Some(form) => form.as_bytes().into(),
        None if clean => word.as_bytes().into(),
        None => tsv_field(word).into_owned().into_bytes().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_lines_show_each_word_and_escape_what_needs_it() {
        use crate::display::DisplayForms;
        use crate::vectorize::{TermList, TfidfVectorizer, VectorizerOptions};
        let doc = crate::input::Document::new("d", "مدينة كبيرة");
        let (mut model, _) = TfidfVectorizer::new(Default::default(), VectorizerOptions::default())
            .unwrap()
            .fit_transform(std::iter::once(Ok(doc)), 1)
            .unwrap();
        // Sorted; the third term holds a tab, as a model's JSON might.
        let terms = [
            "القاعده",
            "القاعده داعش",
            "القاعده\tx سوريه",
            "داعش",
            "داعش x سوريه",
        ];
        model.vocabulary = terms.into_iter().collect::<TermList>();
        model.df = vec![3, 1, 1, 2, 1];
        model.idf = Some(vec![1.5, 2.0, 2.0, 1.25, 2.0]);
        model.display =
            DisplayForms::from_chosen([("القاعده", "القاعدة"), ("سوريه", "سو\tرية")].into_iter());
        let lookup = DisplayLookup::new(&model.display, tsv_field);
        let text = String::from_utf8(vocabulary_lines(&model, Some(&lookup), 0..5)).unwrap();
        assert_eq!(
            text,
            "القاعده\tالقاعدة\t3\t1.5\n\
             القاعده داعش\tالقاعدة داعش\t1\t2\n\
             القاعده x سوريه\tالقاعده x سو رية\t1\t2\n\
             داعش\tداعش\t2\t1.25\n\
             داعش x سوريه\tداعش x سو رية\t1\t2\n"
        );
        // Blocks that start inside a run of a first word, or hold no term
        // to escape, give the same lines.
        let joined: Vec<u8> = (0..5)
            .flat_map(|j| vocabulary_lines(&model, Some(&lookup), j..j + 1))
            .collect();
        assert_eq!(String::from_utf8(joined).unwrap(), text);
    }
}
