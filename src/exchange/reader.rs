//! A CSV reader that maps header cells (English or Chinese names, any order) to the columns an
//! importer expects, keeps physical line numbers for every row, and collects row problems so
//! that an import can report all of them and write the rejected rows beside the input.

use std::path::{Path, PathBuf};

use csv::StringRecord;

use super::encoding::{InputEncoding, decode};
use super::error::{FieldError, ReadError, display_path};
use super::fields::fold_code;
pub use super::problems::{Problems, RowError, rejects_path};

/// A column an importer knows: its English header, its Chinese header, and whether a file
/// without it is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub zh: &'static str,
    pub required: bool,
}

/// One physical row as read: where it starts, its cells, and whether its shape was right.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub(super) line: u64,
    pub(super) fields: StringRecord,
    well_formed: bool,
}

/// A whole CSV file, its header mapped to the columns of an importer.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub(super) file: String,
    path: PathBuf,
    encoding: Option<&'static str>,
    columns: &'static [ColumnSpec],
    pub(super) header: StringRecord,
    /// For each entry of `columns`, its index in the file, if present.
    index: Vec<Option<usize>>,
    pub(super) records: Vec<Record>,
    warnings: Vec<String>,
    pub(super) malformed: Vec<RowError>,
}

impl CsvTable {
    /// Reads a file from disk, decodes it (see `decode`) and maps its header.
    pub fn open(
        path: &Path,
        enc: InputEncoding,
        columns: &'static [ColumnSpec],
    ) -> Result<CsvTable, ReadError> {
        let file = display_path(path);
        let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
            file: file.clone(),
            source,
        })?;
        let decoded = decode(&bytes, enc).map_err(|source| ReadError::Encoding {
            file: file.clone(),
            source,
        })?;
        let mut table = Self::read(path, &decoded.text, columns)?;
        table.encoding = Some(decoded.encoding);
        Ok(table)
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
        let file = display_path(path);
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut header = StringRecord::new();
        let mut records = Vec::new();
        let mut malformed = Vec::new();
        let mut have_header = false;
        let mut fields = StringRecord::new();
        let mut lines = LineCounter::new(text);
        loop {
            match reader.read_record(&mut fields) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let byte = e.position().map_or(0, csv::Position::byte);
                    let line = lines.line_at(usize::try_from(byte).unwrap_or(usize::MAX));
                    return Err(ReadError::Csv {
                        file,
                        line,
                        reason: e.to_string(),
                    });
                }
            }
            let byte = fields.position().map_or(0, csv::Position::byte);
            let line = lines.line_at(usize::try_from(byte).unwrap_or(usize::MAX));
            if !have_header {
                header = fields.clone();
                header.trim();
                have_header = true;
                continue;
            }
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let expected = header.len();
            let got = fields.len();
            let well_formed = got == expected
                || (got > expected && fields.iter().skip(expected).all(|f| f.trim().is_empty()));
            if !well_formed {
                malformed.push(RowError {
                    file: file.clone(),
                    line,
                    column: None,
                    value: String::new(),
                    reason: format!(
                        "the row has {got} cells but the header has {expected}: look for a \
                         missing or extra comma, or an unclosed quote"
                    ),
                });
            }
            records.push(Record {
                line,
                fields: std::mem::take(&mut fields),
                well_formed,
            });
        }
        let (index, warnings) = map_header(&file, &header, columns, &records)?;
        Ok(CsvTable {
            file,
            path: path.to_path_buf(),
            encoding: None,
            columns,
            header,
            index,
            records,
            warnings,
            malformed,
        })
    }

    /// The file as named in messages.
    pub fn file(&self) -> &str {
        &self.file
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
        &self.header
    }

    /// Whether the file has the column (by English name of its spec).
    pub fn has_column(&self, name: &str) -> bool {
        self.file_index(name).is_some()
    }

    /// Warnings about ignored columns.
    pub fn warnings(&self) -> &[String] {
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
                table: self,
                record,
            })
    }

    /// A new collector that already holds the rows whose shape was wrong. Start every import
    /// with this, so that no malformed row slips through unreported.
    pub fn problems(&self) -> Problems {
        Problems {
            errors: self.malformed.clone(),
        }
    }

    fn file_index(&self, name: &str) -> Option<usize> {
        let spec = self.columns.iter().position(|c| c.name == name);
        debug_assert!(spec.is_some(), "column '{name}' is not in the column specs");
        spec.and_then(|i| self.index.get(i).copied().flatten())
    }

    /// The column's header as the file writes it (so a message names what the user sees).
    fn header_name(&self, name: &str) -> String {
        self.file_index(name)
            .and_then(|i| self.header.get(i))
            .unwrap_or(name)
            .to_owned()
    }
}

/// Physical line numbers of record starts. csv's own `Position::line` miscounts after CRLF
/// terminators and skipped blank lines, but its byte offset is sound: it points at the
/// terminator of the previous record or blank lines before the record, which we skip.
struct LineCounter<'t> {
    text: &'t [u8],
    pos: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `byte` that is not a line break. Offsets must
    /// not decrease between calls.
    fn line_at(&mut self, byte: usize) -> u64 {
        let mut start = byte.max(self.pos);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let span = self.text.get(self.pos..start).unwrap_or_default();
        let mut breaks = 0;
        for (i, &b) in span.iter().enumerate() {
            // CRLF counts once (at its LF), a lone CR or LF once each.
            let crlf = b == b'\r' && self.text.get(self.pos + i + 1) == Some(&b'\n');
            if b == b'\n' || (b == b'\r' && !crlf) {
                breaks += 1;
            }
        }
        self.pos = start;
        self.line += breaks;
        self.line
    }
}

fn map_header(
    file: &str,
    header: &StringRecord,
    columns: &'static [ColumnSpec],
    records: &[Record],
) -> Result<(Vec<Option<usize>>, Vec<String>), ReadError> {
    let mut index: Vec<Option<usize>> = vec![None; columns.len()];
    let mut warnings = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let folded = fold_code(cell);
        let spec = columns
            .iter()
            .enumerate()
            .find(|(_, c)| folded.eq_ignore_ascii_case(c.name) || folded == c.zh);
        match spec {
            Some((s, c)) => match index.get_mut(s) {
                Some(Some(first)) => {
                    return Err(ReadError::DuplicateColumn {
                        file: file.to_owned(),
                        column: c.name,
                        zh: c.zh,
                        first: *first + 1,
                        second: i + 1,
                    });
                }
                Some(slot) => *slot = Some(i),
                None => {}
            },
            None if folded.is_empty() => {
                let used = records
                    .iter()
                    .any(|r| r.fields.get(i).is_some_and(|f| !f.trim().is_empty()));
                if used {
                    warnings.push(format!(
                        "{file}: column {} has no name in the header and is ignored",
                        i + 1
                    ));
                }
            }
            None => warnings.push(format!(
                "{file}: column '{cell}' (column {}) is not known and is ignored",
                i + 1
            )),
        }
    }
    for (spec, found) in columns.iter().zip(&index) {
        if spec.required && found.is_none() {
            return Err(ReadError::MissingColumn {
                file: file.to_owned(),
                column: spec.name,
                zh: spec.zh,
            });
        }
    }
    Ok((index, warnings))
}

/// One data row of a `CsvTable`.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The physical line where the row starts (header = line 1 in a plain file).
    pub line: u64,
    table: &'a CsvTable,
    record: &'a Record,
}

impl<'a> Row<'a> {
    /// The trimmed cell of a column (by the English name of its spec); `None` when the file
    /// lacks the column or the cell is empty.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let i = self.table.file_index(name)?;
        let cell = self.record.fields.get(i)?.trim();
        (!cell.is_empty()).then_some(cell)
    }

    /// The cells as read, untrimmed.
    pub fn raw_fields(&self) -> &'a StringRecord {
        &self.record.fields
    }

    /// A problem with a column's value in this row.
    pub fn error(&self, name: &str, reason: impl Into<String>) -> RowError {
        RowError {
            file: self.table.file.clone(),
            line: self.line,
            column: Some(self.table.header_name(name)),
            value: self.get(name).unwrap_or_default().to_owned(),
            reason: reason.into(),
        }
    }

    /// A problem with the row as a whole (a duplicate code, a missing parent, …).
    pub fn row_error(&self, reason: impl Into<String>) -> RowError {
        RowError {
            file: self.table.file.clone(),
            line: self.line,
            column: None,
            value: String::new(),
            reason: reason.into(),
        }
    }

    /// The cell, which must not be empty.
    pub fn text(&self, name: &str) -> Result<&'a str, RowError> {
        self.get(name).ok_or_else(|| {
            let zh = self
                .table
                .columns
                .iter()
                .find(|c| c.name == name)
                .map_or("", |c| c.zh);
            self.error(
                name,
                format!("empty: a value for '{name}' ({zh}) is required"),
            )
        })
    }

    /// Parses a cell that must not be empty.
    pub fn required<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Result<T, RowError> {
        let cell = self.text(name)?;
        parse(cell).map_err(|e| self.error(name, e.reason))
    }

    /// Parses a cell that may be empty (or whose column may be absent).
    pub fn optional<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Result<Option<T>, RowError> {
        self.get(name)
            .map(|cell| parse(cell).map_err(|e| self.error(name, e.reason)))
            .transpose()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "reader_tests.rs"]
mod tests;
