//! Reading a CSV file a record at a time, keeping each record's physical line number and
//! checking its shape against the header.

use super::layout::{ColumnSpec, Layout, Record, map_header};
use super::row::Row;
use crate::error::{ReadError, display_path};
use crate::row_error::RowError;
use csv::StringRecord;
use depot_domain::Lang;
use depot_domain::msg::exchange::ExchangeMsg;
use std::path::Path;

/// A CSV file read one row at a time, for files too large to hold as a
/// [`CsvTable`](super::CsvTable): only the current row is kept.
pub struct CsvStream<'t> {
    pub(crate) layout: Layout,
    reader: csv::Reader<&'t [u8]>,
    lines: LineCounter<'t>,
    pub(super) record: Record,
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
                sheet: None,
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
    pub(crate) fn next_record(&mut self) -> Result<Option<&Record>, ReadError> {
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
    pub fn warnings(&self) -> Vec<ExchangeMsg> {
        ignored_columns(&self.layout, &self.ignored)
    }
}

/// The notes on the header's columns that are not read: unknown names, and blank names that
/// a row used.
pub(super) fn ignored_columns(
    layout: &Layout,
    ignored: &[(usize, Option<bool>)],
) -> Vec<ExchangeMsg> {
    let file = layout.place();
    ignored
        .iter()
        .filter_map(|&(i, used)| match used {
            None => Some(ExchangeMsg::UnknownColumn {
                file: file.clone(),
                column: layout.header.get(i).unwrap_or("").to_owned(),
                index: column_name(layout, i),
            }),
            Some(true) => Some(ExchangeMsg::UnnamedColumn {
                file: file.clone(),
                index: column_name(layout, i),
            }),
            Some(false) => None,
        })
        .collect()
}

/// A column by its number in a CSV file, by its letter in a sheet.
fn column_name(layout: &Layout, i: usize) -> String {
    match layout.sheet {
        Some(_) => crate::sheet::column_letters(u32::try_from(i).unwrap_or(u32::MAX)),
        None => (i + 1).to_string(),
    }
}

/// The problem of a row whose number of cells differs from the header's.
pub(super) fn shape_error(layout: &Layout, record: &Record) -> Option<RowError> {
    if record.well_formed {
        return None;
    }
    let (expected, got) = (layout.header.len(), record.fields.len());
    let cells = ExchangeMsg::RowCells {
        got: got.to_string(),
        expected: expected.to_string(),
    };
    Some(RowError {
        file: layout.file.clone(),
        line: record.line,
        column: None,
        value: "".into(),
        reason: cells.say(Lang::En),
        reason_zh: cells.say(Lang::Zh).into(),
        sheet: crate::row_error::SheetAt::of(layout.sheet.as_deref(), None),
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
