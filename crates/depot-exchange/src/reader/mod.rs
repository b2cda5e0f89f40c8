//! A CSV reader that maps header cells (English or Chinese names, any order) to the columns an
//! importer expects, keeps physical line numbers for every row, and collects row problems so
//! that an import can report all of them and write the rejected rows beside the input.

mod layout;
mod row;
mod sheet;
mod stream;
mod table;

pub use crate::encoding::with_text;
pub use layout::ColumnSpec;
pub(crate) use layout::{Layout, Record};
pub use row::Row;
pub use sheet::{HEADER_SEARCH, SheetStream};
pub(crate) use sheet::{not_a_row, title_note};
pub use stream::CsvStream;
pub use table::CsvTable;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
