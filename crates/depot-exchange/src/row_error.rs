//! A bad row of an import: where, which column, what value, and why, in both languages.

use std::fmt;

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
    /// The problem in Chinese.
    pub fn zh(&self) -> String {
        let mut s = format!("{}:{}：", self.file, self.line);
        if let Some(column) = &self.column {
            s.push_str(&format!("列 '{column}' 的值 '{}'：", self.value));
        }
        s.push_str(&self.reason_zh);
        s
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(column) = &self.column {
            write!(f, "column '{column}' value '{}': ", self.value)?;
        }
        f.write_str(&self.reason)
    }
}

impl std::error::Error for RowError {}
