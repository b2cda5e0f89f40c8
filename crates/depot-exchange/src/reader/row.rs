//! A well-formed data row and its cells by column name, with problems that name the file,
//! line and column.

use super::layout::{Layout, Record};
use crate::error::FieldError;
use crate::row_error::{RowError, SheetAt};
use csv::StringRecord;
use depot_domain::msg::exchange::ExchangeMsg;

/// One data row of a `CsvTable` or a `CsvStream`.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The physical line where the row starts (header = line 1 in a plain file).
    pub line: u64,
    pub(super) layout: &'a Layout,
    pub(super) record: &'a Record,
}

impl<'a> Row<'a> {
    /// The file as named in messages.
    pub fn file(&self) -> &'a str {
        &self.layout.file
    }

    /// The sheet, for a row of a workbook.
    pub fn sheet(&self) -> Option<&'a str> {
        self.layout.sheet.as_deref()
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
            value: self.get(name).unwrap_or_default().into(),
            reason: e.reason,
            reason_zh: e.zh.into(),
            sheet: SheetAt::of(self.layout.sheet.as_deref(), self.layout.sheet_col(name)),
        }
    }

    /// A problem with the row as a whole (a duplicate code, a missing parent, …).
    pub fn row_error(&self, e: FieldError) -> RowError {
        RowError {
            file: self.layout.file.clone(),
            line: self.line,
            column: None,
            value: "".into(),
            reason: e.reason,
            reason_zh: e.zh.into(),
            sheet: SheetAt::of(self.layout.sheet.as_deref(), None),
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
                FieldError::said(ExchangeMsg::CellEmpty {
                    column: name.to_owned(),
                    name: zh.to_owned(),
                }),
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
