//! A CSV reader that maps header cells (English or Chinese names, any order) to the columns an
//! importer expects, keeps physical line numbers for every row, and collects row problems so
//! that an import can report all of them and write the rejected rows beside the input.

use std::path::{Path, PathBuf};

use csv::StringRecord;

use crate::encoding::{InputEncoding, decode};
use crate::error::{FieldError, ReadError, display_path};
use crate::fields::fold_code;
pub use crate::problems::{Problems, RowError, rejects_path};

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

/// A file's header mapped to the columns of an importer.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub(super) file: String,
    columns: &'static [ColumnSpec],
    pub(super) header: StringRecord,
    /// For each entry of `columns`, its index in the file, if present.
    index: Vec<Option<usize>>,
}

/// A whole CSV file, its header mapped to the columns of an importer.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub(super) layout: Layout,
    path: PathBuf,
    encoding: Option<&'static str>,
    pub(super) records: Vec<Record>,
    warnings: Vec<String>,
    pub(super) malformed: Vec<RowError>,
}

/// Reads a file from disk and decodes it (see `decode`), then hands its text to `f`.
pub fn with_text<T>(
    path: &Path,
    enc: InputEncoding,
    f: impl FnOnce(&str, &'static str) -> Result<T, ReadError>,
) -> Result<T, ReadError> {
    let file = display_path(path);
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        file: file.clone(),
        source,
    })?;
    let decoded = decode(&bytes, enc).map_err(|source| ReadError::Encoding { file, source })?;
    f(&decoded.text, decoded.encoding)
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
                layout: &self.layout,
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
}

impl Layout {
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

/// A CSV file read one row at a time, for files too large to hold as a [`CsvTable`]: only
/// the current row is kept.
pub struct CsvStream<'t> {
    pub(super) layout: Layout,
    reader: csv::Reader<&'t [u8]>,
    lines: LineCounter<'t>,
    record: Record,
    /// Header cells: unknown names, and blank names with whether a row has used the column.
    ignored: Vec<(usize, Option<bool>)>,
}

impl<'t> CsvStream<'t> {
    /// Reads and maps the header; the same whole-file errors as [`CsvTable::read`].
    pub fn new(
        path: &Path,
        text: &'t str,
        columns: &'static [ColumnSpec],
    ) -> Result<Self, ReadError> {
        let file = display_path(path);
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut stream = CsvStream {
            layout: Layout {
                file,
                columns,
                header: StringRecord::new(),
                index: Vec::new(),
            },
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes()),
            lines: LineCounter::new(text),
            record: Record {
                line: 0,
                fields: StringRecord::new(),
                well_formed: true,
            },
            ignored: Vec::new(),
        };
        if stream.read_physical()? {
            let mut header = std::mem::take(&mut stream.record.fields);
            header.trim();
            stream.layout.header = header;
        }
        let (index, ignored) = map_header(&stream.layout)?;
        stream.layout.index = index;
        stream.ignored = ignored;
        Ok(stream)
    }

    /// The file as named in messages.
    pub fn file(&self) -> &str {
        &self.layout.file
    }

    fn read_physical(&mut self) -> Result<bool, ReadError> {
        let fields = &mut self.record.fields;
        match self.reader.read_record(fields) {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(e) => {
                let byte = e.position().map_or(0, csv::Position::byte);
                let line = self
                    .lines
                    .line_at(usize::try_from(byte).unwrap_or(usize::MAX));
                return Err(ReadError::Csv {
                    file: self.layout.file.clone(),
                    line,
                    reason: e.to_string(),
                });
            }
        }
        let byte = fields.position().map_or(0, csv::Position::byte);
        self.record.line = self
            .lines
            .line_at(usize::try_from(byte).unwrap_or(usize::MAX));
        Ok(true)
    }

    /// The next non-blank data row, well-formed or not.
    pub(super) fn next_record(&mut self) -> Result<Option<&Record>, ReadError> {
        loop {
            if !self.read_physical()? {
                return Ok(None);
            }
            let fields = &self.record.fields;
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            for (i, used) in &mut self.ignored {
                if let Some(used) = used {
                    *used |= fields.get(*i).is_some_and(|f| !f.trim().is_empty());
                }
            }
            let expected = self.layout.header.len();
            let got = fields.len();
            self.record.well_formed = got == expected
                || (got > expected && fields.iter().skip(expected).all(|f| f.trim().is_empty()));
            return Ok(Some(&self.record));
        }
    }

    /// The next data row: `Err` for a row whose number of cells is wrong (a row problem),
    /// `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Result<Row<'_>, RowError>>, ReadError> {
        if self.next_record()?.is_none() {
            return Ok(None);
        }
        let record = &self.record;
        Ok(Some(match shape_error(&self.layout, record) {
            Some(e) => Err(e),
            None => Ok(Row {
                line: record.line,
                layout: &self.layout,
                record,
            }),
        }))
    }

    /// Warnings about ignored columns; complete once every row has been read.
    pub fn warnings(&self) -> Vec<String> {
        let file = &self.layout.file;
        self.ignored
            .iter()
            .filter_map(|&(i, used)| match used {
                None => Some(format!(
                    "{file}: column '{}' (column {}) is not known and is ignored",
                    self.layout.header.get(i).unwrap_or(""),
                    i + 1
                )),
                Some(true) => Some(format!(
                    "{file}: column {} has no name in the header and is ignored",
                    i + 1
                )),
                Some(false) => None,
            })
            .collect()
    }
}

/// The problem of a row whose number of cells differs from the header's.
fn shape_error(layout: &Layout, record: &Record) -> Option<RowError> {
    if record.well_formed {
        return None;
    }
    let (expected, got) = (layout.header.len(), record.fields.len());
    Some(RowError {
        file: layout.file.clone(),
        line: record.line,
        column: None,
        value: String::new(),
        reason: format!(
            "the row has {got} cells but the header has {expected}: look for a \
             missing or extra comma, or an unclosed quote"
        ),
        reason_zh: format!(
            "这一行有 {got} 个单元格，而表头有 {expected} 个：请检查是否缺少或多了逗号，或引号未闭合"
        )
        .into(),
    })
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

/// The file index of each column of the layout, and the header cells that are ignored:
/// unknown names (`None`) and blank names (`Some(false)`: not yet seen used by a row).
#[allow(clippy::type_complexity)]
fn map_header(
    layout: &Layout,
) -> Result<(Vec<Option<usize>>, Vec<(usize, Option<bool>)>), ReadError> {
    let (file, header, columns) = (&layout.file, &layout.header, layout.columns);
    let mut index: Vec<Option<usize>> = vec![None; columns.len()];
    let mut ignored = Vec::new();
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
            None if folded.is_empty() => ignored.push((i, Some(false))),
            None => ignored.push((i, None)),
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
    Ok((index, ignored))
}

/// One data row of a `CsvTable` or a `CsvStream`.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The physical line where the row starts (header = line 1 in a plain file).
    pub line: u64,
    layout: &'a Layout,
    record: &'a Record,
}

impl<'a> Row<'a> {
    /// The file as named in messages.
    pub fn file(&self) -> &'a str {
        &self.layout.file
    }

    /// The trimmed cell of a column (by the English name of its spec), without the apostrophe
    /// an Excel-mode export puts before `=`, `+`, `-` or `@`; `None` when the file lacks the
    /// column or the cell is empty.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let i = self.layout.file_index(name)?;
        let cell = crate::writer::unguard(self.record.fields.get(i)?.trim()).trim();
        (!cell.is_empty()).then_some(cell)
    }

    /// The cells as read, untrimmed.
    pub fn raw_fields(&self) -> &'a StringRecord {
        &self.record.fields
    }

    /// A problem with a column's value in this row.
    pub fn error(&self, name: &str, e: FieldError) -> RowError {
        RowError {
            file: self.layout.file.clone(),
            line: self.line,
            column: Some(self.layout.header_name(name)),
            value: self.get(name).unwrap_or_default().to_owned(),
            reason: e.reason,
            reason_zh: e.zh.into(),
        }
    }

    /// A problem with the row as a whole (a duplicate code, a missing parent, …).
    pub fn row_error(&self, e: FieldError) -> RowError {
        RowError {
            file: self.layout.file.clone(),
            line: self.line,
            column: None,
            value: String::new(),
            reason: e.reason,
            reason_zh: e.zh.into(),
        }
    }

    /// The cell, which must not be empty.
    pub fn text(&self, name: &str) -> Result<&'a str, RowError> {
        self.get(name).ok_or_else(|| {
            let zh = self
                .layout
                .columns
                .iter()
                .find(|c| c.name == name)
                .map_or("", |c| c.zh);
            self.error(
                name,
                FieldError::new(
                    format!("empty: a value for '{name}' ({zh}) is required"),
                    format!("为空：必须填写 '{name}'（{zh}）"),
                ),
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
        parse(cell).map_err(|e| self.error(name, e))
    }

    /// Parses a cell that may be empty (or whose column may be absent).
    pub fn optional<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Result<Option<T>, RowError> {
        self.get(name)
            .map(|cell| parse(cell).map_err(|e| self.error(name, e)))
            .transpose()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "reader_tests.rs"]
mod tests;
