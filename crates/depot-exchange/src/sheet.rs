//! Spreadsheets read as they are: an `.xlsx`, `.xls`, `.ods` (or `.xlsb`) workbook opened with
//! calamine, each sheet turned into rows of cell text the readers of this crate understand —
//! real Excel dates as `YYYY-MM-DD`, whole numbers without a fraction, text exactly as typed —
//! each row keeping its number in the sheet, so that a problem names `台账.xlsx 车辆!F17`.

use std::path::Path;

use calamine::{Data, Reader, SheetVisible, open_workbook_auto};
use depot_domain::msg::exchange::ExchangeMsg;

use crate::error::{ReadError, display_path};

/// The file name extensions read as workbooks rather than CSV text.
pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether `path` names a workbook (by its extension), to be read with [`read_workbook`].
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// One row of a sheet: its number as the spreadsheet shows it (from 1) and its cells from
/// column A, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub number: u32,
    pub cells: Vec<String>,
}

impl SheetRow {
    /// Whether every cell is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// The cells that hold something, trimmed.
    pub fn filled(&self) -> impl Iterator<Item = &str> {
        self.cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
    }
}

/// One sheet of a workbook, as rows of text (blank rows left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// The workbook as named in messages.
    pub file: String,
    pub sheet: String,
    pub rows: Vec<SheetRow>,
}

/// Every visible sheet of the workbook at `path` (or only `only`, which must exist), in the
/// workbook's order, and a note for each hidden sheet left out.
pub fn read_workbook(
    path: &Path,
    only: Option<&str>,
) -> Result<(Vec<Grid>, Vec<ExchangeMsg>), ReadError> {
    let file = display_path(path);
    let bad = |e: calamine::Error| ReadError::Workbook {
        file: file.clone(),
        reason: e.to_string(),
    };
    let mut book = open_workbook_auto(path).map_err(|e| match e {
        calamine::Error::Io(source) => ReadError::Io {
            file: file.clone(),
            source,
        },
        e => bad(e),
    })?;
    let sheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    if let Some(name) = only
        && !sheets.iter().any(|(s, _)| s == name)
    {
        return Err(ReadError::NoSuchSheet {
            file,
            sheet: name.to_owned(),
            sheets: sheets.into_iter().map(|(s, _)| s).collect(),
        });
    }
    let mut grids = Vec::new();
    let mut notes = Vec::new();
    for (name, visible) in sheets {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        if !visible && only.is_none() {
            notes.push(ExchangeMsg::HiddenSheet {
                file: file.clone(),
                sheet: name,
            });
            continue;
        }
        let range = book.worksheet_range(&name).map_err(bad)?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .zip(top..)
            .filter_map(|(cells, r)| {
                let row = SheetRow {
                    number: r + 1,
                    cells: std::iter::repeat_n(String::new(), left as usize)
                        .chain(cells.iter().map(cell_text))
                        .collect(),
                };
                (!row.is_blank()).then_some(row)
            })
            .collect();
        grids.push(Grid {
            file: file.clone(),
            sheet: name,
            rows,
        });
    }
    Ok((grids, notes))
}

/// A cell as text: a date as `YYYY-MM-DD` (with the time when it has one), a whole number
/// without a fraction, any other number in its shortest exact form, text as typed.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if d.is_datetime() => timestamp_text(t),
            _ => number_text(d.as_f64()),
        },
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((date, "00:00:00")) => date.to_owned(),
            _ => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn timestamp_text(t: chrono::NaiveDateTime) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M").to_string()
    }
}

/// A number as a person reads it: `12`, not `12.0`; `3.5`; no exponent for ordinary sizes.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        // Rust prints the shortest text that reads back as the same f64: 1234.56, not
        // 1234.5599999999999.
        f.to_string()
    }
}

/// The letters of a column from its index (0 = A, 25 = Z, 26 = AA).
pub fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Whether a row is a total of the rows above it (`合计`, `小计`, `总计`, `Total`), which an
/// import skips: a cell that, spaces removed, is one of those words.
pub fn is_total_row(row: &SheetRow) -> bool {
    row.filled().any(|c| {
        let folded: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
        let folded = folded.trim_end_matches([':', '：']);
        crate::words::TOTAL_WORDS
            .iter()
            .any(|w| folded.eq_ignore_ascii_case(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(cell_text(&Data::Float(12.0)), "12");
        assert_eq!(cell_text(&Data::Float(3.5)), "3.5");
        assert_eq!(cell_text(&Data::Float(1234.56)), "1234.56");
        assert_eq!(cell_text(&Data::String("0012".into())), "0012");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2019-03-15T00:00:00".into())),
            "2019-03-15"
        );
    }

    #[test]
    fn total_rows_are_known_by_their_word() {
        let row = |cells: &[&str]| SheetRow {
            number: 9,
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        };
        assert!(is_total_row(&row(&["合  计", "", "", "12"])));
        assert!(is_total_row(&row(&["", "小计：", "3"])));
        assert!(!is_total_row(&row(&["1", "合计器", "3"])));
    }
}
