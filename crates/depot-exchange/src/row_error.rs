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
    pub value: String,
    pub reason: String,
    /// The reason in Chinese.
    pub reason_zh: Box<str>,
}

impl RowError {
    /// The problem in `lang`, from the message catalogue.
    pub fn say(&self, lang: Lang) -> String {
        let (file, line) = (self.file.clone(), self.line.to_string());
        let reason = match lang {
            Lang::En => self.reason.clone(),
            Lang::Zh => self.reason_zh.to_string(),
        };
        match &self.column {
            Some(column) => ExchangeMsg::BadCell {
                file,
                line,
                column: column.clone(),
                value: self.value.clone(),
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
