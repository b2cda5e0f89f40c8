//! A whole CSV file read at once, its header mapped and its malformed rows set aside.

use super::layout::{ColumnSpec, Layout, Record};
use super::row::Row;
use super::stream::{CsvStream, shape_error};
use crate::encoding::InputEncoding;
use crate::encoding::with_text;
use crate::error::ReadError;
use crate::row_error::RowError;
use csv::StringRecord;
use depot_domain::msg::exchange::ExchangeMsg;
use std::path::{Path, PathBuf};

/// A whole CSV file, its header mapped to the columns of an importer.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub(crate) layout: Layout,
    path: PathBuf,
    encoding: Option<&'static str>,
    pub(crate) records: Vec<Record>,
    warnings: Vec<ExchangeMsg>,
    pub(crate) malformed: Vec<RowError>,
}

impl CsvTable {
    /// Reads a file from disk, decodes it (see `decode`) and maps its header.
    pub fn open(
        path: &Path,
        enc: InputEncoding,
        columns: &'static [ColumnSpec],
    ) -> Result<CsvTable, ReadError> {
        with_text(path, enc, |text, encoding| {
            let mut table = Self::read(path, text, columns)?;
            table.encoding = Some(encoding);
            Ok(table)
        })
    }

    /// Parses decoded text. `path` names the file in messages and places the rejects file.
    ///
    /// The whole file is rejected for a missing required column or a column named twice.
    /// Rows whose number of cells differs from the header are kept as row problems (see
    /// `problems`); rows whose cells are all empty are skipped.
    pub fn read(
        path: &Path,
        text: &str,
        columns: &'static [ColumnSpec],
    ) -> Result<CsvTable, ReadError> {
        let mut stream = CsvStream::new(path, text, columns)?;
        let mut records = Vec::new();
        let mut malformed = Vec::new();
        while stream.next_record()?.is_some() {
            if let Some(e) = shape_error(&stream.layout, &stream.record) {
                malformed.push(e);
            }
            records.push(stream.record.clone());
        }
        let warnings = stream.warnings();
        Ok(CsvTable {
            layout: stream.layout,
            path: path.to_path_buf(),
            encoding: None,
            records,
            warnings,
            malformed,
        })
    }

    /// The file as named in messages.
    pub fn file(&self) -> &str {
        &self.layout.file
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The encoding the file was found in, when read with `open`.
    pub fn encoding(&self) -> Option<&'static str> {
        self.encoding
    }

    /// The header row as written in the file (cells trimmed).
    pub fn header(&self) -> &StringRecord {
        &self.layout.header
    }

    /// Whether the file has the column (by English name of its spec).
    pub fn has_column(&self, name: &str) -> bool {
        self.layout.file_index(name).is_some()
    }

    /// Warnings about ignored columns.
    pub fn warnings(&self) -> &[ExchangeMsg] {
        &self.warnings
    }

    /// The number of non-blank data rows, malformed ones included.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The well-formed data rows, in file order. Malformed rows are not yielded: they are
    /// already problems (see `problems`).
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records
            .iter()
            .filter(|r| r.well_formed)
            .map(|record| Row {
                line: record.line,
                layout: &self.layout,
                record,
            })
    }
}
