//! Errors of the exchange layer. Each message says what was wrong, where, and what to do.

use thiserror::Error;

pub use depot_domain::io_zh;
use depot_domain::msg::exchange::ExchangeMsg;
use depot_domain::{Lang, io_said};

/// A column's Chinese name after its English one, for a Chinese reader only (an English
/// message names the column by its English name alone).
fn chinese_name(zh: &str, lang: Lang) -> String {
    match lang {
        Lang::En => String::new(),
        Lang::Zh => format!("（{zh}）"),
    }
}

/// `Display` in English and `Error` for a type that says itself (`say(lang)`); `source` names
/// the error beneath it.
macro_rules! said_in_english {
    ($t:ident $(, $variant:ident)*) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.say(Lang::En))
            }
        }

        impl std::error::Error for $t {
            #[allow(unreachable_patterns)]
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    $($t::$variant { source, .. } => Some(source),)*
                    _ => None,
                }
            }
        }
    };
}

said_in_english!(UnknownEncoding);
said_in_english!(EncodingError);
said_in_english!(ReadError, Io, Encoding);
said_in_english!(WriteError, Io);

/// An encoding name that is not known (for `--encoding` style options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEncoding {
    pub given: String,
    pub expected: &'static str,
}

/// The bytes of an input file cannot be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodingError {
    Empty,
    Binary {
        what: String,
        what_zh: String,
    },
    BomMismatch,
    Invalid {
        what: &'static str,
        byte: u8,
        offset: usize,
        line: u64,
    },
}

impl EncodingError {
    /// The message in `lang`, from the message catalogue.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            EncodingError::Empty => ExchangeMsg::EmptyFile,
            EncodingError::Binary { what, what_zh } => ExchangeMsg::BinaryFile {
                what: match lang {
                    Lang::En => what.clone(),
                    Lang::Zh => what_zh.clone(),
                },
            },
            EncodingError::BomMismatch => ExchangeMsg::BomMismatch,
            EncodingError::Invalid {
                what,
                byte,
                offset,
                line,
            } => ExchangeMsg::InvalidByte {
                what: match *what {
                    "neither UTF-8 nor GB18030" => ExchangeMsg::NeitherUtf8NorGb18030,
                    "not valid UTF-8" => ExchangeMsg::NotUtf8,
                    _ => ExchangeMsg::NotGb18030,
                }
                .say(lang),
                byte: format!("{byte:02X}"),
                line: line.to_string(),
                offset: offset.to_string(),
            },
        }
        .say(lang)
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}

impl UnknownEncoding {
    /// The message in `lang`, from the message catalogue.
    pub fn say(&self, lang: Lang) -> String {
        ExchangeMsg::UnknownEncoding {
            given: self.given.clone(),
            expected: self.expected.to_owned(),
        }
        .say(lang)
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
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

    /// A reason from the message catalogue, in both languages.
    pub fn said(msg: ExchangeMsg) -> Self {
        Self {
            reason: msg.say(Lang::En),
            zh: msg.say(Lang::Zh),
        }
    }
}

/// A whole input file is rejected (as opposed to single rows, see `RowError`).
#[derive(Debug)]
pub enum ReadError {
    Io {
        file: String,
        source: std::io::Error,
    },
    Encoding {
        file: String,
        source: EncodingError,
    },
    Csv {
        file: String,
        line: u64,
        reason: String,
    },
    MissingColumn {
        file: String,
        column: &'static str,
        zh: &'static str,
    },
    DuplicateColumn {
        file: String,
        column: &'static str,
        zh: &'static str,
        first: usize,
        second: usize,
    },
    /// A workbook that calamine cannot read.
    Workbook {
        file: String,
        reason: String,
    },
    /// `--sheet` names a sheet the workbook does not have.
    NoSuchSheet {
        file: String,
        sheet: String,
        sheets: Vec<String>,
    },
    /// A map file (`import register --map`) that cannot be used.
    Map {
        file: String,
        reason: Box<ExchangeMsg>,
    },
    /// No sheet of a register has a header naming its items.
    NoRegisterHeader {
        file: String,
    },
    /// No sheet of a workbook has a header this import knows; why not, for its first sheet.
    NoSheetWithHeader {
        file: String,
        first: Box<ReadError>,
    },
}

impl ReadError {
    /// The message in `lang`, from the message catalogue.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            ReadError::Io { file, source } => ExchangeMsg::CannotRead {
                file: file.clone(),
                error: io_said(source, lang),
            },
            ReadError::Encoding { file, source } => ExchangeMsg::InFile {
                file: file.clone(),
                error: source.say(lang),
            },
            ReadError::Csv { file, line, reason } => ExchangeMsg::NotCsv {
                file: file.clone(),
                line: line.to_string(),
                reason: reason.clone(),
            },
            ReadError::MissingColumn { file, column, zh } => ExchangeMsg::MissingColumn {
                file: file.clone(),
                column: (*column).to_owned(),
                also: chinese_name(zh, lang),
            },
            ReadError::DuplicateColumn {
                file,
                column,
                zh,
                first,
                second,
            } => ExchangeMsg::DuplicateColumn {
                file: file.clone(),
                column: (*column).to_owned(),
                also: chinese_name(zh, lang),
                first: first.to_string(),
                second: second.to_string(),
            },
            // The reader's own words are English: a Chinese reader is told what they mean.
            ReadError::Workbook { file, reason } => ExchangeMsg::NotAWorkbook {
                file: file.clone(),
                reason: match lang {
                    Lang::En => reason.clone(),
                    Lang::Zh => ExchangeMsg::DamagedWorkbook.say(lang),
                },
            },
            ReadError::NoSuchSheet {
                file,
                sheet,
                sheets,
            } => ExchangeMsg::NoSuchSheet {
                file: file.clone(),
                sheet: sheet.clone(),
                sheets: sheets
                    .iter()
                    .map(|s| format!("'{s}'"))
                    .collect::<Vec<_>>()
                    .join(match lang {
                        Lang::En => ", ",
                        Lang::Zh => "、",
                    }),
            },
            ReadError::Map { file, reason } => ExchangeMsg::BadMap {
                file: file.clone(),
                reason: match (&**reason, lang) {
                    (ExchangeMsg::Said { .. }, Lang::Zh) => ExchangeMsg::BadToml.say(lang),
                    _ => reason.say(lang),
                },
            },
            ReadError::NoRegisterHeader { file } => {
                ExchangeMsg::NoRegisterHeader { file: file.clone() }
            }
            ReadError::NoSheetWithHeader { file, first } => ExchangeMsg::NoSheetWithHeader {
                file: file.clone(),
                error: first.say(lang),
            },
        }
        .say(lang)
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}

/// Writing a CSV file failed.
#[derive(Debug)]
pub enum WriteError {
    Io {
        target: String,
        source: std::io::Error,
    },
    Unencodable {
        row: u64,
        column: String,
        ch: char,
        code: u32,
    },
    FieldCount {
        row: u64,
        expected: usize,
        got: usize,
    },
}

impl WriteError {
    /// The message in `lang`, from the message catalogue.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            WriteError::Io { target, source } => ExchangeMsg::CannotWrite {
                target: target.clone(),
                error: io_said(source, lang),
            },
            WriteError::Unencodable {
                row,
                column,
                ch,
                code,
            } => ExchangeMsg::Unencodable {
                row: row.to_string(),
                column: column.clone(),
                ch: ch.to_string(),
                code: format!("{code:04X}"),
            },
            WriteError::FieldCount { row, expected, got } => ExchangeMsg::FieldCount {
                row: row.to_string(),
                got: got.to_string(),
                expected: expected.to_string(),
            },
        }
        .say(lang)
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
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
