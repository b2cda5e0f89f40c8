//! How an export is written: the CSV options and the date the figures are as of, and dates
//! as text without an allocation per row.

use chrono::{Datelike, NaiveDate};
use depot_exchange::writer::CsvOptions;

/// How to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    pub csv: CsvOptions,
    /// The date the figures are as of (inventory, readiness).
    pub as_of: NaiveDate,
    /// The first seq of a movements export.
    pub since: u64,
}

/// A date as `YYYY-MM-DD` into a reused buffer, without the formatting machinery: an export
/// writes two million of them.
pub struct DateText([u8; 10]);

impl DateText {
    pub fn new() -> Self {
        DateText(*b"0000-00-00")
    }
    pub fn format(&mut self, d: NaiveDate) -> &str {
        let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
        let b = &mut self.0;
        b[0] = b'0' + (y / 1000) as u8;
        b[1] = b'0' + (y / 100 % 10) as u8;
        b[2] = b'0' + (y / 10 % 10) as u8;
        b[3] = b'0' + (y % 10) as u8;
        b[5] = b'0' + (m / 10) as u8;
        b[6] = b'0' + (m % 10) as u8;
        b[8] = b'0' + (day / 10) as u8;
        b[9] = b'0' + (day % 10) as u8;
        std::str::from_utf8(b).unwrap_or("")
    }
}

impl Default for DateText {
    fn default() -> Self {
        Self::new()
    }
}
