//! A report's columns: the key, the words in both languages, and what the column holds.

use depot_domain::Lang;
use depot_domain::msg::report::ReportWord;

/// What a column holds: how it is aligned, written to CSV and JSON, and typed in a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A code (unit, item, barcode …): text that a table never cuts, since a cut code is
    /// ambiguous (`ZHAN-…`).
    Code,
    /// Text that begins with a code (`XZ-0501 (5) 云岭县…, …`): cut after whole words, never
    /// narrower than its first code.
    Codes,
    /// A list of places ([`Cell::Places`](crate::model::Cell::Places)): an array in JSON, its
    /// places' codes and names in a table or a workbook; left out of a section's CSV, where
    /// each item is a cell of its own (the report gives them a section of their own).
    List,
    /// A count or a quantity.
    Num,
    /// A whole number that names rather than counts (a year, a sequence number): a number in
    /// data, never grouped by thousands (`2027`, not `2,027`).
    Year,
    /// A percentage (two places in data, one in a table).
    Pct,
    /// Yuan.
    Money,
    Date,
    Bool,
}

/// A column: its key (JSON), its names in both languages (tables, CSV, workbooks), its kind.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    pub kind: Kind,
}

impl Col {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

pub const fn col(key: &'static str, en: &'static str, zh: &'static str, kind: Kind) -> Col {
    Col { key, en, zh, kind }
}

/// A column named by a word of the message catalogue (the reports' columns).
pub const fn word_col(key: &'static str, name: ReportWord, kind: Kind) -> Col {
    col(key, name.get(Lang::En), name.get(Lang::Zh), kind)
}
