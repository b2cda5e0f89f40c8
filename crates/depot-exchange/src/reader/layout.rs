//! A file's header mapped to the columns an importer expects (English or Chinese names, any
//! order), and one physical row as read.

use crate::error::ReadError;
use crate::fields::fold_code;
use csv::StringRecord;

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
pub(crate) struct Record {
    pub(crate) line: u64,
    pub(crate) fields: StringRecord,
    pub(super) well_formed: bool,
}

/// A file's header mapped to the columns of an importer.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) file: String,
    /// The sheet, when the rows come from a workbook.
    pub(crate) sheet: Option<Box<str>>,
    pub(super) columns: &'static [ColumnSpec],
    pub(crate) header: StringRecord,
    /// For each entry of `columns`, its index in the file, if present.
    pub(super) index: Vec<Option<usize>>,
}

impl Layout {
    /// The file, and the sheet of a workbook, as named in a message about the whole table.
    pub(crate) fn place(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{} {sheet}", self.file),
            None => self.file.clone(),
        }
    }

    pub(super) fn file_index(&self, name: &str) -> Option<usize> {
        let spec = self.columns.iter().position(|c| c.name == name);
        debug_assert!(spec.is_some(), "column '{name}' is not in the column specs");
        spec.and_then(|i| self.index.get(i).copied().flatten())
    }

    /// The column's place in the sheet, for a workbook's rows (whose messages name the cell).
    pub(super) fn sheet_col(&self, name: &str) -> Option<u32> {
        self.sheet.as_ref()?;
        self.file_index(name).and_then(|i| u32::try_from(i).ok())
    }

    /// The column's header as the file writes it (so a message names what the user sees).
    pub(super) fn header_name(&self, name: &str) -> String {
        self.file_index(name)
            .and_then(|i| self.header.get(i))
            .unwrap_or(name)
            .to_owned()
    }
}

/// The file index of each column of the layout, and the header cells that are ignored:
/// unknown names (`None`) and blank names (`Some(false)`: not yet seen used by a row).
#[allow(clippy::type_complexity)]
pub(super) fn map_header(
    layout: &Layout,
) -> Result<(Vec<Option<usize>>, Vec<(usize, Option<bool>)>), ReadError> {
    let (header, columns) = (&layout.header, layout.columns);
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
                        file: layout.place(),
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
                file: layout.place(),
                column: spec.name,
                zh: spec.zh,
            });
        }
    }
    Ok((index, ignored))
}
