//! A sheet of a workbook read as an import's rows: the header found among the first rows (a
//! merged title and a "填报单位 … 填报日期 …" row above it are skipped and said), total rows
//! (`合计`, `小计`) and rows with nothing in the columns read skipped and said, every row
//! keeping its number in the sheet so that a problem names its cell (`车辆!F17`).

use csv::StringRecord;
use depot_domain::msg::exchange::ExchangeMsg;

use super::layout::{ColumnSpec, Layout, Record, map_header};
use super::row::Row;
use super::stream::ignored_columns;
use crate::error::ReadError;
use crate::fields::fold_code;
use crate::sheet::{Grid, SheetRow, is_total_row};

/// How far down a sheet its header is looked for.
pub const HEADER_SEARCH: usize = 30;

/// The rows of one sheet under its header, one at a time.
pub struct SheetStream {
    pub(crate) layout: Layout,
    /// The header's row in the sheet (from 1).
    pub(crate) header_row: u32,
    rows: std::vec::IntoIter<SheetRow>,
    pub(crate) record: Record,
    ignored: Vec<(usize, Option<bool>)>,
    notes: Vec<ExchangeMsg>,
}

impl SheetStream {
    /// Finds the sheet's header (the first of its first rows that holds every required column
    /// of `columns`) and maps it; the error of the likeliest row when none does.
    pub fn new(grid: Grid, columns: &'static [ColumnSpec]) -> Result<Self, ReadError> {
        let Grid { file, sheet, rows } = grid;
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let layout_of = |row: &SheetRow| {
            let mut header: StringRecord = row.cells.iter().map(|c| c.trim()).collect();
            while header.len() < width {
                header.push_field("");
            }
            Layout {
                file: file.clone(),
                sheet: Some(sheet.as_str().into()),
                columns,
                header,
                index: Vec::new(),
            }
        };
        let mut best: Option<(usize, ReadError)> = None;
        let mut found = None;
        for (at, row) in rows.iter().enumerate().take(HEADER_SEARCH) {
            let mut layout = layout_of(row);
            match map_header(&layout) {
                Ok((index, ignored)) => {
                    layout.index = index;
                    found = Some((at, layout, ignored));
                    break;
                }
                Err(e) => {
                    let known = known_cells(row, columns);
                    if best.as_ref().is_none_or(|(k, _)| known > *k) {
                        best = Some((known, e));
                    }
                }
            }
        }
        let Some((at, layout, ignored)) = found else {
            return Err(best.map_or_else(
                || ReadError::MissingColumn {
                    file: format!("{file} {sheet}"),
                    column: columns.iter().find(|c| c.required).map_or("", |c| c.name),
                    zh: columns.iter().find(|c| c.required).map_or("", |c| c.zh),
                },
                |(_, e)| e,
            ));
        };
        let notes: Vec<ExchangeMsg> = title_note(&file, &sheet, &rows[..at]).into_iter().collect();
        let header_row = rows.get(at).map_or(1, |r| r.number);
        let rows: Vec<SheetRow> = rows.into_iter().skip(at + 1).collect();
        Ok(SheetStream {
            layout,
            header_row,
            rows: rows.into_iter(),
            record: Record {
                line: 0,
                fields: StringRecord::new(),
                well_formed: true,
            },
            ignored,
            notes,
        })
    }

    /// The workbook as named in messages.
    pub fn file(&self) -> &str {
        &self.layout.file
    }

    /// The sheet's name.
    pub fn sheet(&self) -> &str {
        self.layout.sheet.as_deref().unwrap_or_default()
    }

    /// Where each column of the import is in the sheet (0 = A), by its English name.
    pub fn columns(&self) -> Vec<(&'static str, u32)> {
        self.layout
            .columns
            .iter()
            .filter_map(|c| Some((c.name, self.layout.sheet_col(c.name)?)))
            .collect()
    }

    /// The next data row, `None` after the last.
    pub(crate) fn next_record(&mut self) -> Option<&Record> {
        let (file, sheet) = (
            &self.layout.file,
            self.layout.sheet.as_deref().unwrap_or_default(),
        );
        for row in self.rows.by_ref() {
            let reads = self.layout.index.iter().any(|i| {
                i.and_then(|i| row.cells.get(i))
                    .is_some_and(|c| !c.trim().is_empty())
            });
            let at = format!("{file} {sheet}!{}", row.number);
            if let Some(note) = not_a_row(&row, at, reads) {
                self.notes.push(note);
                continue;
            }
            for (i, used) in &mut self.ignored {
                if let Some(used) = used {
                    *used |= row.cells.get(*i).is_some_and(|f| !f.trim().is_empty());
                }
            }
            self.record.line = u64::from(row.number);
            self.record.fields = row.cells.iter().map(String::as_str).collect();
            return Some(&self.record);
        }
        None
    }

    /// The next data row (a sheet's rows are never malformed: a cell outside the header is an
    /// ignored column), `None` after the last.
    pub fn next_row(&mut self) -> Option<Row<'_>> {
        self.next_record()?;
        Some(Row {
            line: self.record.line,
            layout: &self.layout,
            record: &self.record,
        })
    }

    /// What was skipped (title rows, totals, rows outside the table) and the columns ignored;
    /// complete once every row has been read.
    pub fn warnings(&self) -> Vec<ExchangeMsg> {
        let mut notes = self.notes.clone();
        notes.extend(ignored_columns(&self.layout, &self.ignored));
        notes
    }
}

/// The note on the rows above a sheet's header (a title, a "填报单位" line), if any.
pub(crate) fn title_note(file: &str, sheet: &str, above: &[SheetRow]) -> Option<ExchangeMsg> {
    let (first, last) = (above.first()?, above.last()?);
    let text: Vec<&str> = above.iter().flat_map(|r| r.filled()).collect();
    Some(ExchangeMsg::TitleRowsSkipped {
        file: file.to_owned(),
        sheet: sheet.to_owned(),
        rows: span(first.number, last.number),
        text: shorten(&text.join(" / ")),
    })
}

/// Why a row under a sheet's header is no row of its table, as the note that says so (`at`
/// names the row): a total row, or one with nothing in the columns read (`reads`: whether any
/// has a value). `None` for a row of the table.
pub(crate) fn not_a_row(row: &SheetRow, at: String, reads: bool) -> Option<ExchangeMsg> {
    let text = || shorten(&row.filled().collect::<Vec<_>>().join(" "));
    if is_total_row(row) {
        Some(ExchangeMsg::TotalRowSkipped { at, text: text() })
    } else if !reads {
        Some(ExchangeMsg::OffTableRowSkipped { at, text: text() })
    } else {
        None
    }
}

/// How many of a row's cells name a column of `columns`.
fn known_cells(row: &SheetRow, columns: &[ColumnSpec]) -> usize {
    row.cells
        .iter()
        .filter(|c| {
            let folded = fold_code(c);
            columns
                .iter()
                .any(|s| folded.eq_ignore_ascii_case(s.name) || folded == s.zh)
        })
        .count()
}

/// Rows `a`–`b`, or the one row.
fn span(a: u32, b: u32) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    }
}

/// A cell's text cut to fit in a message.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::fields::parse_quantity;
    use depot_domain::Lang;

    const COLUMNS: &[ColumnSpec] = &[
        ColumnSpec {
            name: "barcode",
            zh: "条码",
            required: true,
        },
        ColumnSpec {
            name: "quantity",
            zh: "数量",
            required: false,
        },
    ];

    fn grid(rows: &[(u32, &[&str])]) -> Grid {
        Grid {
            file: "台账.xlsx".into(),
            sheet: "车辆".into(),
            rows: rows
                .iter()
                .map(|(n, cells)| SheetRow {
                    number: *n,
                    cells: cells.iter().map(|c| (*c).to_owned()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_header_is_found_under_the_title_and_totals_are_skipped() {
        let g = grid(&[
            (1, &["装备登记台账"]),
            (2, &["填报单位：东升站", "", "填报日期：2026-01-05"]),
            (4, &["序号", "条码", "数量"]),
            (5, &["1", "A1", "3"]),
            (6, &["2", "A2", "x"]),
            (7, &["合  计", "", "5"]),
            (9, &["填表人：张三"]),
        ]);
        let mut s = SheetStream::new(g, COLUMNS).unwrap();
        let mut seen = Vec::new();
        let mut errors = Vec::new();
        while let Some(row) = s.next_row() {
            seen.push((row.line, row.get("barcode").unwrap().to_owned()));
            if let Err(e) = row.required("quantity", parse_quantity) {
                errors.push(e);
            }
        }
        assert_eq!(seen, [(5, "A1".to_owned()), (6, "A2".to_owned())]);
        let [e] = errors.as_slice() else {
            panic!("{errors:?}")
        };
        assert!(
            e.say(Lang::En)
                .starts_with("台账.xlsx 车辆!C6: column '数量' value 'x'")
        );
        assert!(e.zh().starts_with("台账.xlsx 车辆!C6：列 '数量' 的值 'x'"));
        let notes: Vec<String> = s.warnings().iter().map(|n| n.say(Lang::En)).collect();
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(notes[0].starts_with("台账.xlsx 车辆: row(s) 1–2 above the header"));
        assert!(notes[1].starts_with("台账.xlsx 车辆!7: a total row"));
        assert!(notes[2].starts_with("台账.xlsx 车辆!9: nothing in the columns read"));
        assert_eq!(
            notes[3],
            "台账.xlsx 车辆: column '序号' (column A) is not known and is ignored"
        );
    }

    #[test]
    fn a_sheet_without_the_header_says_which_column_is_missing() {
        let g = grid(&[(1, &["名称", "数量"]), (2, &["x", "1"])]);
        let Err(e) = SheetStream::new(g, COLUMNS) else {
            panic!("read without its header")
        };
        assert!(
            e.say(Lang::En)
                .starts_with("台账.xlsx 车辆: the required column 'barcode'"),
            "{}",
            e.say(Lang::En)
        );
    }
}
