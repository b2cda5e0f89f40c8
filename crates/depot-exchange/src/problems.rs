//! Row problems of an import: every bad row with file, line, column, value and reason, and the
//! rejects file that hands the bad rows back to the user with a reason column.

pub use crate::row_error::{RowError, SheetAt};

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::encoding::InputEncoding;
use crate::error::{FileError, WriteError, display_path};
use crate::reader::{ColumnSpec, CsvStream, CsvTable, Layout, Record, SheetStream, with_text};
use depot_domain::Lang;
use depot_domain::msg::exchange::ExchangeMsg;

/// Collects every row problem of an import (never only the first).
#[derive(Debug, Clone, Default)]
pub struct Problems {
    pub(super) errors: Vec<RowError>,
}

impl CsvTable {
    /// A new collector that already holds the rows whose shape was wrong. Start every import
    /// with this, so that no malformed row slips through unreported.
    pub fn problems(&self) -> Problems {
        Problems {
            errors: self.malformed.clone(),
        }
    }
}

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: RowError) {
        self.errors.push(e);
    }

    /// Adds the malformed rows of another table (for imports of several files).
    pub fn add_table(&mut self, table: &CsvTable) {
        self.errors.extend(table.malformed.iter().cloned());
    }

    /// Keeps the value, or records the problem and gives `None`.
    pub fn check<T>(&mut self, r: Result<T, RowError>) -> Option<T> {
        r.map_err(|e| self.push(e)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn errors(&self) -> &[RowError] {
        &self.errors
    }

    pub fn into_errors(self) -> Vec<RowError> {
        self.errors
    }

    /// Sorts by file and line, for a report that reads top to bottom.
    pub fn sort(&mut self) {
        self.errors
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    }

    /// Writes the table's rejected rows, in file order, to `out_path`: the original header
    /// plus a last column `reason` (a row's reasons joined with "; "). UTF-8 with BOM and CRLF
    /// so that a spreadsheet opens it; cells are written as they were read. Returns the number
    /// of rows written.
    pub fn write_rejects(&self, table: &CsvTable, out_path: &Path) -> Result<usize, WriteError> {
        let mut rejects = Rejects::create(self, &table.layout, out_path, Lang::En)?;
        for record in &table.records {
            rejects.row(record)?;
        }
        rejects.finish()
    }

    /// As `write_rejects`, for a file that is read again row by row rather than held whole,
    /// with the reasons in `lang`.
    pub fn write_rejects_of(
        &self,
        path: &Path,
        enc: InputEncoding,
        columns: &'static [ColumnSpec],
        out_path: &Path,
        lang: Lang,
    ) -> Result<usize, FileError> {
        let written = with_text(path, enc, |text, _| {
            let mut stream = CsvStream::new(path, text, columns)?;
            // A write error is kept apart from read errors, to come out as itself.
            let mut rejects = match Rejects::create(self, &stream.layout, out_path, lang) {
                Ok(r) => r,
                Err(e) => return Ok(Err(e)),
            };
            while let Some(record) = stream.next_record()? {
                if let Err(e) = rejects.row(record) {
                    return Ok(Err(e));
                }
            }
            Ok(rejects.finish())
        })?;
        Ok(written?)
    }
}

impl Problems {
    /// Writes a copy of the workbook at `out_path`, for the officer to fix in Excel and import
    /// again whole: every sheet the import could read (`only`, when one was named), every row
    /// at its place as it was read (cells as text, dates as `YYYY-MM-DD`), and after the
    /// header a column with each rejected row's reasons in `lang`, in red. Returns the number
    /// of rejected rows.
    pub fn write_workbook_rejects(
        &self,
        path: &Path,
        only: Option<&str>,
        columns: &'static [ColumnSpec],
        out_path: &Path,
        lang: Lang,
    ) -> Result<usize, FileError> {
        self.write_workbook_copy(path, only, out_path, lang, |grid| {
            let stream = SheetStream::new(grid.clone(), columns).ok()?;
            Some((stream.header_row, stream.layout.header.len()))
        })
    }

    /// As [`Self::write_workbook_rejects`], for any reading of the sheets: `header` gives a
    /// sheet's header row (from 1) and its width, `None` for a sheet the import did not read.
    pub fn write_workbook_copy(
        &self,
        path: &Path,
        only: Option<&str>,
        out_path: &Path,
        lang: Lang,
        header: impl Fn(&crate::sheet::Grid) -> Option<(u32, usize)>,
    ) -> Result<usize, FileError> {
        use rust_xlsxwriter::{Color, Format, Workbook};
        let target = display_path(out_path);
        let failed = |e: rust_xlsxwriter::XlsxError| {
            WriteError::io(&target, std::io::Error::other(e.to_string()))
        };
        let (grids, _) = crate::sheet::read_workbook(path, only)?;
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let red = Format::new().set_font_color(Color::Red);
        let mut written = 0;
        for grid in grids {
            let sheet = book.add_worksheet();
            sheet.set_name(&grid.sheet).map_err(failed)?;
            for row in &grid.rows {
                for (c, cell) in (0..).zip(&row.cells) {
                    if !cell.is_empty() {
                        sheet
                            .write_string(row.number - 1, c, cell)
                            .map_err(failed)?;
                    }
                }
            }
            let Some((header_row, width)) = header(&grid) else {
                continue;
            };
            let reasons = self.reasons_of(&grid.file, Some(&grid.sheet), lang);
            let width = u16::try_from(width).unwrap_or(u16::MAX);
            let reason = ExchangeMsg::RejectReasonColumn.say(lang);
            sheet
                .write_string_with_format(header_row - 1, width, &reason, &bold)
                .map_err(failed)?;
            sheet.set_column_width(width, 60).map_err(failed)?;
            for (line, why) in &reasons {
                let r = u32::try_from(*line).unwrap_or(u32::MAX).saturating_sub(1);
                sheet
                    .write_string_with_format(r, width, why.join("; "), &red)
                    .map_err(failed)?;
                written += 1;
            }
        }
        book.save(out_path).map_err(failed)?;
        Ok(written)
    }

    /// The reasons of the rows of one file (one sheet of a workbook) by line, in `lang`.
    fn reasons_of(&self, file: &str, sheet: Option<&str>, lang: Lang) -> HashMap<u64, Vec<String>> {
        let mut reasons_by_line: HashMap<u64, Vec<String>> = HashMap::new();
        let of_layout =
            |e: &&RowError| e.file == file && e.sheet.as_ref().map(|at| &*at.sheet) == sheet;
        for e in self.errors.iter().filter(of_layout) {
            let said = match lang {
                Lang::Zh => &*e.reason_zh,
                Lang::En => e.reason.as_str(),
            };
            let reason = match &e.column {
                Some(c) => ExchangeMsg::RejectedCell {
                    column: c.clone(),
                    reason: said.to_owned(),
                }
                .say(lang),
                None => said.to_owned(),
            };
            reasons_by_line.entry(e.line).or_default().push(reason);
        }
        reasons_by_line
    }
}

/// A rejects file being written: the rows of one file that have problems, with their reasons.
struct Rejects {
    target: String,
    csv: csv::Writer<BufWriter<File>>,
    width: usize,
    reasons_by_line: HashMap<u64, Vec<String>>,
    written: usize,
}

impl Rejects {
    fn create(
        problems: &Problems,
        layout: &Layout,
        out_path: &Path,
        lang: Lang,
    ) -> Result<Self, WriteError> {
        let target = display_path(out_path);
        let file = File::create(out_path).map_err(|e| WriteError::io(&target, e))?;
        let mut out = BufWriter::new(file);
        out.write_all(b"\xEF\xBB\xBF")
            .map_err(|e| WriteError::io(&target, e))?;
        let mut csv = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let header = &layout.header;
        let reason_header = if header.iter().any(|h| h == "reason") {
            "reject_reason"
        } else {
            "reason"
        };
        let cells = header.iter().chain(std::iter::once(reason_header));
        csv.write_record(cells)
            .map_err(|e| WriteError::from_csv(&target, e))?;
        let reasons_by_line = problems.reasons_of(&layout.file, layout.sheet.as_deref(), lang);
        Ok(Rejects {
            target,
            csv,
            width: header.len(),
            reasons_by_line,
            written: 0,
        })
    }

    /// Writes the record if it has problems.
    fn row(&mut self, record: &Record) -> Result<(), WriteError> {
        let Some(reasons) = self.reasons_by_line.get(&record.line) else {
            return Ok(());
        };
        let pad = self.width.saturating_sub(record.fields.len());
        let cells = record
            .fields
            .iter()
            .chain(std::iter::repeat_n("", pad))
            .map(str::to_owned)
            .chain(std::iter::once(reasons.join("; ")));
        self.csv
            .write_record(cells)
            .map_err(|e| WriteError::from_csv(&self.target, e))?;
        self.written += 1;
        Ok(())
    }

    fn finish(self) -> Result<usize, WriteError> {
        let mut out = self
            .csv
            .into_inner()
            .map_err(|e| WriteError::io(&self.target, e.into_error()))?;
        out.flush().map_err(|e| WriteError::io(&self.target, e))?;
        Ok(self.written)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Where the rejected rows of `input` go: `<stem>.rejected.csv` beside it.
pub fn rejects_path(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    let ext = if crate::sheet::is_workbook(input) {
        "xlsx"
    } else {
        "csv"
    };
    input.with_file_name(format!("{stem}.rejected.{ext}"))
}
