//! Stock counts (盘点): open a count for a unit or warehouse (optionally one module), scan
//! what is on the shelf, compare with what the register expects there, and post the
//! differences as adjustment movements, after a confirmation and only by an officer.

mod close;
mod open;
mod record;
mod scan;
mod view;

pub use close::close;
pub use open::{open, open_for_import};
pub use record::Decision;
pub use scan::{scan, scan_in};
pub use view::{CountView, view};
