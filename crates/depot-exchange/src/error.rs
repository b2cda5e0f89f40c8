//! Errors of the exchange layer. Each message says what was wrong, where, and what to do.

use thiserror::Error;

pub use depot_domain::io_zh;

/// An encoding name that is not known (for `--encoding` style options).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown encoding '{given}': expected one of {expected}")]
pub struct UnknownEncoding {
    pub given: String,
    pub expected: &'static str,
}

/// The bytes of an input file cannot be read as text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EncodingError {
    #[error("the file is empty: it needs a header row and data rows")]
    Empty,
    #[error("the file is {what}, not a CSV text file: save it from the spreadsheet as CSV")]
    Binary { what: String, what_zh: String },
    #[error(
        "the file starts with a UTF-8 byte order mark, so it is UTF-8, not GB18030: \
         read it as utf-8 (or auto)"
    )]
    BomMismatch,
    #[error(
        "file is {what}: invalid byte 0x{byte:02X} at line {line} (byte offset {offset}); \
         save it as CSV (UTF-8) or name its encoding"
    )]
    Invalid {
        what: &'static str,
        byte: u8,
        offset: usize,
        line: u64,
    },
}

impl EncodingError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            EncodingError::Empty => "文件是空的：需要一行表头和若干数据行".to_owned(),
            EncodingError::Binary { what_zh, .. } => {
                format!("该文件是{what_zh}，不是 CSV 文本文件：请在电子表格中另存为 CSV")
            }
            EncodingError::BomMismatch => "文件以 UTF-8 字节顺序标记（BOM）开头，因此是 UTF-8 而不是 GB18030：请按 utf-8（或 auto）读取".to_owned(),
            EncodingError::Invalid {
                what,
                byte,
                offset,
                line,
            } => {
                let what = match *what {
                    "neither UTF-8 nor GB18030" => "既不是 UTF-8 也不是 GB18030",
                    "not valid UTF-8" => "不是有效的 UTF-8",
                    _ => "不是有效的 GB18030",
                };
                format!(
                    "文件{what}：第 {line} 行有无效字节 0x{byte:02X}（字节偏移 {offset}）；请另存为 CSV（UTF-8）或指定其编码"
                )
            }
        }
    }
}

impl UnknownEncoding {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        format!("未知编码 '{}'：应为 {} 之一", self.given, self.expected)
    }
}

/// A cell that does not parse, with its reason in English and in Chinese; the caller adds
/// file, line, column and value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{reason}")]
pub struct FieldError {
    pub reason: String,
    pub zh: String,
}

impl FieldError {
    pub fn new(reason: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            zh: zh.into(),
        }
    }
}

/// A whole input file is rejected (as opposed to single rows, see `RowError`).
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {source}")]
    Encoding {
        file: String,
        #[source]
        source: EncodingError,
    },
    #[error("{file}: line {line}: not valid CSV: {reason}")]
    Csv {
        file: String,
        line: u64,
        reason: String,
    },
    #[error(
        "{file}: the required column '{column}' is missing from the header row; \
         add it (under its English or its Chinese name)"
    )]
    MissingColumn {
        file: String,
        column: &'static str,
        zh: &'static str,
    },
    #[error(
        "{file}: the column '{column}' appears twice in the header row, by one of its names \
         (columns {first} and {second}); keep one of them"
    )]
    DuplicateColumn {
        file: String,
        column: &'static str,
        zh: &'static str,
        first: usize,
        second: usize,
    },
}

impl ReadError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            ReadError::Io { file, source } => format!("{file}：无法读取：{}", io_zh(source)),
            ReadError::Encoding { file, source } => format!("{file}：{}", source.zh()),
            ReadError::Csv { file, line, reason } => {
                format!("{file}：第 {line} 行不是有效的 CSV（`{reason}`）")
            }
            ReadError::MissingColumn { file, column, zh } => {
                format!("{file}：表头中缺少必填列 '{column}'（{zh}）；请以其中任一名称添加该列")
            }
            ReadError::DuplicateColumn {
                file,
                column,
                zh,
                first,
                second,
            } => format!(
                "{file}：列 '{column}'（{zh}）在表头中出现两次（第 {first} 列和第 {second} 列）；请只保留一列"
            ),
        }
    }
}

/// Writing a CSV file failed.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("cannot write {target}: {source}")]
    Io {
        target: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "row {row}, column '{column}': the character '{ch}' (U+{code:04X}) cannot be written \
         in GB18030; export as UTF-8 instead, or change the value"
    )]
    Unencodable {
        row: u64,
        column: String,
        ch: char,
        code: u32,
    },
    #[error("row {row} has {got} cells but the header has {expected}")]
    FieldCount {
        row: u64,
        expected: usize,
        got: usize,
    },
}

impl WriteError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            WriteError::Io { target, source } => format!("无法写入 {target}：{}", io_zh(source)),
            WriteError::Unencodable {
                row,
                column,
                ch,
                code,
            } => format!(
                "第 {row} 行，列 '{column}'：字符 '{ch}'（U+{code:04X}）无法以 GB18030 写出；请改为 UTF-8 导出，或修改该值"
            ),
            WriteError::FieldCount { row, expected, got } => {
                format!("第 {row} 行有 {got} 个单元格，而表头有 {expected} 个")
            }
        }
    }

    pub fn io(target: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            target: target.into(),
            source,
        }
    }

    pub fn from_csv(target: &str, e: csv::Error) -> Self {
        match e.into_kind() {
            csv::ErrorKind::Io(source) => Self::io(target, source),
            other => Self::io(target, std::io::Error::other(format!("{other:?}"))),
        }
    }
}

/// The path given to `ReadError`/`WriteError` messages.
pub fn display_path(path: &std::path::Path) -> String {
    path.display().to_string()
}

/// A file read or written: either side's error.
#[derive(Debug, Error)]
pub enum FileError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Write(#[from] WriteError),
}
