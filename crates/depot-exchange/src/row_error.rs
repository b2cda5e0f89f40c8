//! A bad row of an import: where, which column, what value, and why, in both languages.

use std::fmt;

use depot_domain::Lang;
use depot_domain::msg::exchange::ExchangeMsg;

/// A bad row: where, which column, what value, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    pub line: u64,
    pub column: Option<String>,
    pub value: Box<str>,
    pub reason: String,
    /// The reason in Chinese.
    pub reason_zh: Box<str>,
    /// The sheet and column, for a row of a workbook (`line` is then the sheet's row number).
    pub sheet: Option<Box<SheetAt>>,
}

/// Where in a workbook a bad row is, besides its row number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetAt {
    pub sheet: Box<str>,
    /// The column's place in the sheet (0 = A), for a cell.
    pub col: Option<u32>,
}

impl SheetAt {
    /// In `sheet`, at column `col` if known; `None` outside a workbook.
    pub fn of(sheet: Option<&str>, col: Option<u32>) -> Option<Box<SheetAt>> {
        sheet.map(|sheet| {
            Box::new(SheetAt {
                sheet: sheet.into(),
                col,
            })
        })
    }
}

impl RowError {
    /// The problem in `lang`, from the message catalogue.
    pub fn say(&self, lang: Lang) -> String {
        let (file, line) = (self.file.clone(), self.line.to_string());
        let reason = match lang {
            Lang::En => self.reason.clone(),
            Lang::Zh => self.reason_zh.to_string(),
        };
        if let Some(at) = &self.sheet {
            let sheet = &at.sheet;
            return match (&self.column, at.col) {
                (Some(column), Some(col)) => ExchangeMsg::SheetCell {
                    file,
                    cell: format!("{sheet}!{}{line}", crate::sheet::column_letters(col)),
                    column: column.clone(),
                    value: self.value.to_string(),
                    reason,
                },
                (Some(column), None) => ExchangeMsg::SheetCell {
                    file,
                    cell: format!("{sheet}!{line}"),
                    column: column.clone(),
                    value: self.value.to_string(),
                    reason,
                },
                (None, _) => ExchangeMsg::SheetRow {
                    file,
                    sheet: sheet.to_string(),
                    line,
                    reason,
                },
            }
            .say(lang);
        }
        match &self.column {
            Some(column) => ExchangeMsg::BadCell {
                file,
                line,
                column: column.clone(),
                value: self.value.to_string(),
                reason,
            },
            None => ExchangeMsg::BadRow { file, line, reason },
        }
        .say(lang)
    }

    /// The problem in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl std::error::Error for RowError {}
