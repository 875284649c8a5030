//! A matrix written in row shards as it is made, with a manifest.
//!
//! `tahlil vectorize --shard-docs N` writes DIR/part-00000.parquet (or .npz,
//! .mtx), part-00001, … each holding the rows of N documents, then
//! documents.tsv, vocabulary.tsv, model.json and manifest.json, which lists
//! the shards with their first row, rows and non-zeros. Transforming with a
//! saved model, only one shard's rows are in memory at a time.
//!
//! Parquet shards number their rows in the whole matrix, so a directory of
//! shards reads as one table (`spark.read.parquet("DIR/*.parquet")`,
//! DuckDB's `read_parquet('DIR/*.parquet')`); `.npz` and `.mtx` shards
//! number their own rows from 0, and the manifest gives each one's offset.
//! Every file is staged and put in place only when all are written: a
//! failure leaves no part of the output behind.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::vectors::{stage_documents, stage_matrix, stage_model_files};
use super::{MatrixFormat, OutputSet};
use crate::error::Result;
use crate::input::MetaTable;
use crate::vectorize::{TfidfModel, Vectors};

/// The format tag of manifest.json.
pub const MANIFEST_FORMAT: &str = "tahlil-shards";

/// One shard in manifest.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shard {
    /// File name, in the output directory.
    pub file: String,
    /// Its first row in the whole matrix.
    pub first_row: u64,
    /// Its number of rows.
    pub rows: u64,
    /// Its number of non-zeros.
    pub nnz: u64,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    version: u32,
    matrix_format: &'static str,
    rows: u64,
    cols: usize,
    nnz: u64,
    model: &'static str,
    vocabulary: &'static str,
    documents: &'static str,
    shards: &'a [Shard],
}

/// Writes row shards of one matrix into a directory (see the module docs).
pub struct ShardWriter {
    set: OutputSet,
    dir: PathBuf,
    format: MatrixFormat,
    shards: Vec<Shard>,
    ids: Vec<String>,
    tokens: Vec<u64>,
    meta: MetaTable,
}

impl ShardWriter {
    /// Shards of `format` in `dir` (created if missing).
    pub fn new(dir: &Path, format: MatrixFormat) -> Result<ShardWriter> {
        // Shards left from an earlier run would read as part of this matrix
        // (`DIR/*.parquet`): never mix them.
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("part-")
                    || name == "manifest.json"
                    || name.starts_with("matrix.")
                {
                    return Err(crate::Error::io(
                        dir.display(),
                        std::io::Error::new(
                            std::io::ErrorKind::AlreadyExists,
                            format!("already holds a matrix ({name}); remove it or choose another output directory"),
                        ),
                    ));
                }
            }
        }
        let set = OutputSet::new();
        set.create_dir(dir)?;
        Ok(ShardWriter {
            set,
            dir: dir.to_path_buf(),
            format,
            shards: Vec::new(),
            ids: Vec::new(),
            tokens: Vec::new(),
            meta: MetaTable::default(),
        })
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.ids.len() as u64
    }

    /// Writes `v`'s rows as the next shard (an empty batch writes nothing).
    pub fn write(&mut self, v: Vectors) -> Result<()> {
        if v.ids.is_empty() {
            return Ok(());
        }
        let file = format!("part-{:05}.{}", self.shards.len(), self.format.extension());
        let first_row = self.rows();
        stage_matrix(
            &self.set,
            &self.dir.join(&file),
            self.format,
            &v.matrix,
            first_row,
        )?;
        self.shards.push(Shard {
            file,
            first_row,
            rows: v.ids.len() as u64,
            nnz: v.matrix.nnz() as u64,
        });
        self.ids.extend(v.ids);
        self.tokens.extend(v.tokens);
        self.meta.append(v.meta);
        Ok(())
    }

    /// Writes documents.tsv, vocabulary.tsv, model.json and manifest.json,
    /// then puts every file in place. Returns the shards written.
    pub fn finish(self, model: &TfidfModel) -> Result<Vec<Shard>> {
        let ShardWriter {
            set,
            dir,
            format,
            shards,
            ids,
            tokens,
            meta,
        } = self;
        stage_documents(&set, &dir, &ids, &tokens, &meta)?;
        stage_model_files(&set, &dir, model)?;
        let manifest = Manifest {
            format: MANIFEST_FORMAT,
            version: 1,
            matrix_format: format.extension(),
            rows: ids.len() as u64,
            cols: model.vocabulary.len(),
            nnz: shards.iter().map(|s| s.nnz).sum(),
            model: "model.json",
            vocabulary: "vocabulary.tsv",
            documents: "documents.tsv",
            shards: &shards,
        };
        set.write(&dir.join("manifest.json"), |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        })?;
        set.commit()?;
        Ok(shards)
    }
}
