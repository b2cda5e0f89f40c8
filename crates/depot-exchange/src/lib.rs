//! CSV exchange layer: the generic, domain-independent part of importing and exporting the
//! exchange files of `EXCHANGE.md` — encodings, cell parsers, a header-mapped reader that
//! collects every row problem and writes rejects, and a fast writer for exports.

pub mod bundle;
pub mod columns;
pub mod directive;
pub mod encoding;
pub mod error;
pub mod fields;
pub mod import;
pub mod problems;
pub mod reader;
pub mod register;
mod row_error;
pub mod sample;
pub mod sheet;
pub mod shipment;
pub mod words;
pub mod writer;

pub use encoding::{Decoded, InputEncoding, OutputEncoding, decode};
pub use error::{EncodingError, FieldError, FileError, ReadError, UnknownEncoding, WriteError};
pub use fields::{
    Vocabulary, fold_code, parse_bool, parse_code, parse_date, parse_decimal, parse_enum,
    parse_quantity, parse_timestamp, parse_u32,
};
pub use problems::{Problems, RowError, rejects_path};
pub use reader::{ColumnSpec, CsvTable, Row};
pub use writer::{CsvOptions, CsvOut};
