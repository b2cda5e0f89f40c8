//! A fast CSV writer for exports: plain UTF-8, or Excel-friendly (BOM, CRLF, formula-injection
//! guard on text columns), or GB18030 for older tools (failing, naming the row, on a character
//! it cannot encode).

use std::io::Write;
use std::ops::Range;

use crate::encoding::{OutputEncoding, encode_gb18030};
use crate::error::WriteError;

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

    /// What Excel mode does to cell `i`: numeric columns stay numeric; a text cell that a
    /// spreadsheet would run as a formula gets a leading `'`; one that it would turn into a
    /// number or a date (`00123`, `1E5`, a 13-digit barcode, `3-5`) is written `="00123"`,
    /// which every spreadsheet shows as that text.
    fn guard(&self, i: usize, data: bool, cell: &str) -> Guard {
        if !self.opts.excel || (data && self.numeric.get(i).copied().unwrap_or(false)) {
            Guard::None
        } else if needs_guard(cell) {
            Guard::Formula
        } else if data && looks_numeric(cell) {
            Guard::Text
        } else {
            Guard::None
        }
    }

    fn put(&mut self, cells: &[&str], data: bool) -> Result<(), WriteError> {
        let gb = self.opts.encoding == OutputEncoding::Gb18030;
        self.bytes.clear();
        self.ranges.clear();
        // Everything that can fail is done before the first field goes out, so a failing row
        // leaves nothing half-written behind it.
        for (i, cell) in cells.iter().enumerate() {
            let guard = self.guard(i, data, cell);
            if !gb && guard == Guard::None {
                continue;
            }
            let start = self.bytes.len();
            match guard {
                Guard::Formula => self.bytes.push(b'\''),
                Guard::Text => self.bytes.extend_from_slice(b"=\""),
                Guard::None => {}
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
            if guard == Guard::Text {
                self.bytes.push(b'"');
            }
            self.ranges.push(start..self.bytes.len());
        }
        let mut prepared = self.ranges.iter();
        for (i, cell) in cells.iter().enumerate() {
            let guard = self.guard(i, data, cell) != Guard::None;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    None,
    Formula,
    Text,
}

/// Whether a spreadsheet would turn this text into a number, a date, a time or a boolean:
/// digits with an optional sign, decimal point, exponent, percent or thousands commas
/// (`00123`, `1E5`, `6901234567892`, `1,234`, `50%`), and groups of digits joined by `-`, `/`,
/// `.` or `:` (`3-5`, `1/2`, `10:30`, `2026.11.23`), or a month name with a number (`5-Mar`).
/// An ISO date (`2026-11-23`) is left to be a date.
pub fn looks_numeric(cell: &str) -> bool {
    let t = cell.trim();
    // Most text starts with a letter that no number, date or month does.
    match t.bytes().next() {
        None => return false,
        Some(c) if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.') => {}
        Some(c) if b"tTfFjJmMaAsSoOnNdD".contains(&c) => {}
        Some(_) => return false,
    }
    if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
        return true;
    }
    let b = t.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if iso {
        return false;
    }
    // A number: [sign] digits/commas [. digits] [e [sign] digits] [%].
    let s = t.strip_prefix(['+', '-']).unwrap_or(t);
    let s = s.strip_suffix('%').unwrap_or(s);
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mant
        .split_once('.')
        .map_or((mant, None), |(a, b)| (a, Some(b)));
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    let int_ok = int.is_empty() && frac.is_some_and(digits)
        || !int.is_empty()
            && int.bytes().all(|c| c.is_ascii_digit() || c == b',')
            && int.as_bytes()[0].is_ascii_digit();
    let frac_ok = frac.is_none_or(|f| f.is_empty() || digits(f));
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if int_ok && frac_ok && exp_ok {
        return true;
    }
    // Digit groups joined by date and time separators, or with a month's name.
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let groups = || t.split(['-', '/', '.', ':', ' ']);
    let n = groups().count();
    if (2..=3).contains(&n) {
        let all_digits = groups().all(|g| digits(g) && g.len() <= 4);
        let month = groups().any(|g| {
            g.get(..3)
                .is_some_and(|p| MONTHS.iter().any(|m| p.eq_ignore_ascii_case(m)))
        }) && groups().any(digits);
        return all_digits || month;
    }
    false
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
    if let Some(inner) = cell.strip_prefix("=\"").and_then(|c| c.strip_suffix('"'))
        && looks_numeric(inner)
    {
        return inner;
    }
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "writer_tests.rs"]
mod tests;
