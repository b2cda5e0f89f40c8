//! A fast CSV writer for exports: plain UTF-8, or Excel-friendly (BOM, CRLF, formula-injection
//! guard on text columns), or GB18030 for older tools (failing, naming the row, on a character
//! it cannot encode).

use std::io::Write;
use std::ops::Range;

use super::encoding::{OutputEncoding, encode_gb18030};
use super::error::WriteError;

/// How an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvOptions {
    /// UTF-8 BOM (not with GB18030), CRLF line ends, and a `'` before text cells that a
    /// spreadsheet would take for a formula.
    pub excel: bool,
    pub encoding: OutputEncoding,
}

/// Where messages say the output went (the writer does not know a file name).
const TARGET: &str = "the export";

/// Buffer of the csv writer: it is the `BufWriter` of this output, so `W` may be a bare file.
const BUFFER: usize = 256 * 1024;

/// A CSV output with a fixed header. Call `finish` at the end: it flushes and hands back `W`.
pub struct CsvOut<W: Write> {
    csv: csv::Writer<W>,
    opts: CsvOptions,
    header: Vec<String>,
    numeric: Vec<bool>,
    /// Data rows written so far (the header is row 0).
    row: u64,
    /// Scratch for guarded or re-encoded cells, reused across rows.
    bytes: Vec<u8>,
    ranges: Vec<Range<usize>>,
}

impl<W: Write> CsvOut<W> {
    /// Starts the output: writes the BOM (Excel mode, UTF-8) and the header. `numeric[i]`
    /// marks column `i` as numeric, exempt from the formula guard; missing entries are text.
    pub fn new(
        mut w: W,
        opts: CsvOptions,
        header: &[&str],
        numeric: &[bool],
    ) -> Result<Self, WriteError> {
        if opts.excel && opts.encoding == OutputEncoding::Utf8 {
            w.write_all(b"\xEF\xBB\xBF")
                .map_err(|e| WriteError::io(TARGET, e))?;
        }
        let terminator = if opts.excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let csv = csv::WriterBuilder::new()
            .terminator(terminator)
            .buffer_capacity(BUFFER)
            .from_writer(w);
        let mut out = CsvOut {
            csv,
            opts,
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            numeric: (0..header.len())
                .map(|i| numeric.get(i).copied().unwrap_or(false))
                .collect(),
            row: 0,
            bytes: Vec::with_capacity(1024),
            ranges: Vec::with_capacity(header.len()),
        };
        out.put(header, false)?;
        Ok(out)
    }

    /// Writes one data row; it must have as many cells as the header.
    pub fn write_row(&mut self, cells: &[&str]) -> Result<(), WriteError> {
        self.row += 1;
        if cells.len() != self.header.len() {
            return Err(WriteError::FieldCount {
                row: self.row,
                expected: self.header.len(),
                got: cells.len(),
            });
        }
        self.put(cells, true)
    }

    /// The number of data rows written.
    pub fn rows(&self) -> u64 {
        self.row
    }

    /// The underlying writer, with everything written so far pushed into it.
    pub fn written(&mut self) -> Result<&W, WriteError> {
        self.csv.flush().map_err(|e| WriteError::io(TARGET, e))?;
        Ok(self.csv.get_ref())
    }

    /// Flushes everything and returns the underlying writer.
    pub fn finish(self) -> Result<W, WriteError> {
        let mut w = self
            .csv
            .into_inner()
            .map_err(|e| WriteError::io(TARGET, e.into_error()))?;
        w.flush().map_err(|e| WriteError::io(TARGET, e))?;
        Ok(w)
    }

    fn put(&mut self, cells: &[&str], data: bool) -> Result<(), WriteError> {
        let gb = self.opts.encoding == OutputEncoding::Gb18030;
        self.bytes.clear();
        self.ranges.clear();
        // Everything that can fail is done before the first field goes out, so a failing row
        // leaves nothing half-written behind it.
        for (i, cell) in cells.iter().enumerate() {
            let guard = self.opts.excel
                && !(data && self.numeric.get(i).copied().unwrap_or(false))
                && needs_guard(cell);
            if !gb && !guard {
                continue;
            }
            let start = self.bytes.len();
            if guard {
                self.bytes.push(b'\'');
            }
            if gb {
                encode_gb18030(cell, &mut self.bytes).map_err(|ch| WriteError::Unencodable {
                    row: self.row,
                    column: self.header.get(i).cloned().unwrap_or_default(),
                    ch,
                    code: ch as u32,
                })?;
            } else {
                self.bytes.extend_from_slice(cell.as_bytes());
            }
            self.ranges.push(start..self.bytes.len());
        }
        let mut prepared = self.ranges.iter();
        for (i, cell) in cells.iter().enumerate() {
            let guard = self.opts.excel
                && !(data && self.numeric.get(i).copied().unwrap_or(false))
                && needs_guard(cell);
            // GB18030 keeps the bytes that matter to CSV quoting (`"`, `,`, CR, LF) for
            // themselves (its trail bytes avoid them), so quoting encoded bytes is sound.
            let field = if gb || guard {
                prepared
                    .next()
                    .and_then(|r| self.bytes.get(r.clone()))
                    .unwrap_or_default()
            } else {
                cell.as_bytes()
            };
            self.csv
                .write_field(field)
                .map_err(|e| WriteError::from_csv(TARGET, e))?;
        }
        self.csv
            .write_record(None::<&[u8]>)
            .map_err(|e| WriteError::from_csv(TARGET, e))
    }
}

/// Whether a text cell would be taken for a formula by a spreadsheet.
fn needs_guard(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n')
    )
}

/// A cell as it was before the Excel-mode guard: an apostrophe followed by what the guard
/// protects is dropped, so an Excel-mode export imports back to the same values.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "writer_tests.rs"]
mod tests;
