//! The matrix as Apache Parquet: one record per non-zero, `(row, col, value)`.
//!
//! The long (coordinate) layout is the one every Parquet reader takes as it
//! is: pandas and polars (`read_parquet`), DuckDB (`SELECT row, col, value`),
//! Spark (`spark.read.parquet`), R's arrow, and SciPy through
//! `coo_matrix((value, (row, col)), shape=…)`. Rows are the corpus's (a shard's first
//! row is its offset, so the shards of one matrix read as one table), columns
//! are the model's, both from 0; records come by row, then column.
//! Values are compressed with Snappy, which every reader decodes.

use std::io::{self, Write};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::vectorize::TfidfMatrix;

/// The Parquet schema of a matrix file.
pub const SCHEMA: &str =
    "message tfidf { required int64 row; required int32 col; required double value; }";

/// Non-zeros per row group: a few MB per column, so a reader can take the
/// file a group at a time.
const GROUP: usize = 1 << 20;

/// Writes `m` as Parquet to `w`, its rows numbered from `first_row`.
pub fn write_parquet<W: Write + Send>(m: &TfidfMatrix, first_row: u64, w: W) -> io::Result<()> {
    let schema = Arc::new(parse_message_type(SCHEMA).map_err(io::Error::other)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("tahlil {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut writer = SerializedFileWriter::new(w, schema, props).map_err(io::Error::other)?;
    let indptr = m.indptr();
    let indptr = indptr.raw_storage();
    let (indices, data) = (m.indices(), m.data());
    let mut r0 = 0;
    while r0 < m.rows() {
        // Whole rows per group, at least one, about GROUP non-zeros.
        let mut r1 = r0 + 1;
        while r1 < m.rows() && indptr[r1 + 1] - indptr[r0] <= GROUP {
            r1 += 1;
        }
        let (s, e) = (indptr[r0], indptr[r1]);
        let rows: Vec<i64> = (r0..r1)
            .flat_map(|r| {
                std::iter::repeat_n((first_row + r as u64) as i64, indptr[r + 1] - indptr[r])
            })
            .collect();
        let cols: Vec<i32> = indices[s..e].iter().map(|&j| j as i32).collect();
        let mut group = writer.next_row_group().map_err(io::Error::other)?;
        let mut column = |write: &mut dyn FnMut(
            &mut parquet::file::writer::SerializedColumnWriter<'_>,
        ) -> parquet::errors::Result<usize>|
         -> io::Result<()> {
            let mut c = group
                .next_column()
                .map_err(io::Error::other)?
                .ok_or_else(|| {
                    io::Error::other("the Parquet schema has fewer columns than written")
                })?;
            write(&mut c).map_err(io::Error::other)?;
            c.close().map_err(io::Error::other)
        };
        column(&mut |c| c.typed::<Int64Type>().write_batch(&rows, None, None))?;
        column(&mut |c| c.typed::<Int32Type>().write_batch(&cols, None, None))?;
        column(&mut |c| c.typed::<DoubleType>().write_batch(&data[s..e], None, None))?;
        group.close().map_err(io::Error::other)?;
        r0 = r1;
    }
    writer.close().map_err(io::Error::other)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    use super::*;

    /// `bytes` in a file, as Parquet's reader reads.
    fn file(bytes: Vec<u8>) -> std::fs::File {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(&bytes).unwrap();
        f
    }

    /// Every record read back, as (row, col, value).
    pub(crate) fn read(bytes: Vec<u8>) -> Vec<(i64, i32, f64)> {
        let reader = SerializedFileReader::new(file(bytes)).unwrap();
        reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                let r = r.unwrap();
                let f: Vec<&Field> = r.get_column_iter().map(|(_, f)| f).collect();
                match (f[0], f[1], f[2]) {
                    (&Field::Long(a), &Field::Int(b), &Field::Double(c)) => (a, b, c),
                    other => panic!("unexpected fields {other:?}"),
                }
            })
            .collect()
    }

    #[test]
    fn records_read_back_with_rows_offset() {
        // [[0, 0.5], [], [0.25, 1.0]] from row 10; Arabic has no place here, numbers only.
        let m = TfidfMatrix::new(
            (3, 2),
            vec![0, 1, 1, 3],
            vec![1, 0, 1],
            vec![0.5, 0.25, 1.0],
        );
        let mut out = Vec::new();
        write_parquet(&m, 10, &mut out).unwrap();
        assert_eq!(&out[..4], b"PAR1");
        assert_eq!(read(out), [(10, 1, 0.5), (12, 0, 0.25), (12, 1, 1.0)]);
    }

    #[test]
    fn many_row_groups_and_an_empty_matrix() {
        let rows = 3 * GROUP / 1000 + 7;
        let indptr: Vec<usize> = (0..=rows).map(|r| r * 1000).collect();
        let indices: Vec<u32> = (0..rows * 1000).map(|k| (k % 1000) as u32).collect();
        let data: Vec<f64> = (0..rows * 1000).map(|k| k as f64).collect();
        let m = TfidfMatrix::new((rows, 1000), indptr, indices, data);
        let mut out = Vec::new();
        write_parquet(&m, 0, &mut out).unwrap();
        let reader = SerializedFileReader::new(file(out.clone())).unwrap();
        assert!(reader.metadata().num_row_groups() >= 3);
        let got = read(out);
        assert_eq!(got.len(), rows * 1000);
        assert_eq!(got[123_456], (123_456 / 1000, 123_456 % 1000, 123_456.0));
        let empty = TfidfMatrix::new((0, 5), vec![0], vec![], vec![]);
        let mut out = Vec::new();
        write_parquet(&empty, 0, &mut out).unwrap();
        assert!(read(out).is_empty());
    }
}
