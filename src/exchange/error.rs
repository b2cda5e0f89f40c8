//! Errors of the exchange layer. Each message says what was wrong, where, and what to do.

use thiserror::Error;

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
    Binary { what: String },
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

/// A cell that does not parse; the caller adds file, line, column and value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{reason}")]
pub struct FieldError {
    pub reason: String,
}

impl FieldError {
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
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
        "{file}: the required column '{column}' ({zh}) is missing from the header row; \
         add it under either name"
    )]
    MissingColumn {
        file: String,
        column: &'static str,
        zh: &'static str,
    },
    #[error(
        "{file}: the column '{column}' ({zh}) appears twice in the header row \
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
    pub(crate) fn io(target: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            target: target.into(),
            source,
        }
    }

    pub(crate) fn from_csv(target: &str, e: csv::Error) -> Self {
        match e.into_kind() {
            csv::ErrorKind::Io(source) => Self::io(target, source),
            other => Self::io(target, std::io::Error::other(format!("{other:?}"))),
        }
    }
}

/// The path given to `ReadError`/`WriteError` messages.
pub(crate) fn display_path(path: &std::path::Path) -> String {
    path.display().to_string()
}
