//! The scan station: a mode, the fields that mode needs (each shown, each reset when the
//! mode changes), then scan after scan, each answered on a large line with the item's name,
//! its barcode, what happened and where to: green ✓, or red ✗ with what to do (and the bell).

mod closing;
mod draw;
mod reprint;
mod update;

pub use draw::draw;
pub use update::{submit, update};
