//! The scan station: a mode, the fields that mode needs (each shown, each reset when the
//! mode changes), then scan after scan, each answered on a large line with the item's name,
//! its barcode, what happened and where to: green ✓, or red ✗ with what to do (and the bell).
//! A stock count closes in a dialog (`closing`); a shipment from another depot is counted and
//! taken in (`receive`).

mod closing;
mod draw;
mod receive;
mod reprint;
mod update;

pub use draw::draw;
pub use update::{submit, update};
