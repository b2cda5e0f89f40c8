//! The scan station's state: the mode, the fields it needs, the answered scans, the open
//! stock count and the dialog that closes it.

use std::collections::VecDeque;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use depot_service::count::Decision;
use depot_service::places::{Place, PlaceKind};
use depot_service::scan::Tally;
use depot_service::workflow::Done;

use crate::i18n::T;

/// What the scan station does with each scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScanMode {
    #[default]
    Out,
    In,
    Transfer,
    Issue,
    Count,
    /// A shipment from another depot counted against its folder, then taken in.
    Receive,
}

impl ScanMode {
    pub const ALL: [ScanMode; 6] = [
        ScanMode::Out,
        ScanMode::In,
        ScanMode::Transfer,
        ScanMode::Issue,
        ScanMode::Count,
        ScanMode::Receive,
    ];

    pub fn title(self) -> T {
        match self {
            ScanMode::Out => T::ModeOut,
            ScanMode::In => T::ModeIn,
            ScanMode::Transfer => T::ModeTransfer,
            ScanMode::Issue => T::ModeIssue,
            ScanMode::Count => T::ModeCount,
            ScanMode::Receive => T::ModeReceive,
        }
    }

    pub fn next(self) -> ScanMode {
        ScanMode::ALL
            [(ScanMode::ALL.iter().position(|m| *m == self).unwrap_or(0) + 1) % ScanMode::ALL.len()]
    }

    /// What F3 picks in this mode, and the kinds of place it may be; `None`: nothing.
    pub fn place_field(self) -> Option<(T, &'static [PlaceKind])> {
        use PlaceKind::{Unit, Vehicle, Warehouse};
        match self {
            ScanMode::Out => Some((T::FieldTo, &[Unit, Warehouse, Vehicle])),
            ScanMode::In => Some((T::FieldInto, &[Warehouse])),
            ScanMode::Transfer => Some((T::FieldTransferTo, &[Unit, Warehouse])),
            ScanMode::Count => Some((T::FieldScope, &[Unit, Warehouse])),
            ScanMode::Issue | ScanMode::Receive => None,
        }
    }
}

/// A field of the scan station being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The mode's place (F3): receiver, warehouse, or count scope.
    Receiver,
    Due,
    Reference,
    Qty,
    /// The shipment folder to count (receive mode).
    Folder,
}

/// A place chosen in the picker, checked against the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub code: String,
    pub name: String,
}

/// The fields of the current mode; all of them reset when the mode changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    /// Check-out: to whom; check-in: into which warehouse (none: back to its owner);
    /// transfer: to whom; count: the scope.
    pub to: Option<Picked>,
    pub due: Option<NaiveDate>,
    /// The incident (check-out, issue).
    pub reference: String,
    /// Quantity per scan (issue).
    pub qty: Option<Decimal>,
    /// Check-in: the item comes back damaged (goes to repair).
    pub damaged: bool,
}

/// One answered scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanLine {
    pub code: String,
    pub ok: bool,
    /// The item's name, when the code is known.
    pub item: Option<String>,
    pub text: String,
}

/// The scan station.
#[derive(Debug, Clone, Default)]
pub struct ScanState {
    pub mode: ScanMode,
    pub setup: Setup,
    pub input: String,
    pub editing: Option<Field>,
    pub edit_buffer: String,
    /// Every place, loaded when first needed.
    pub places: Option<Vec<Place>>,
    /// While picking a place: the places matching what is typed (indices into `places`),
    /// and the one chosen.
    pub picks: Vec<usize>,
    pub pick_sel: usize,
    /// Why the field being edited was not accepted.
    pub field_error: Option<String>,
    /// Newest first.
    pub lines: VecDeque<ScanLine>,
    pub tally: Tally,
    /// What the last successful scan did, for undo.
    pub last: Option<Done>,
    /// The open stock count, in count mode.
    pub count: Option<u64>,
    pub count_view: Option<depot_service::count::CountView>,
    /// The item names of the barcodes the count lists (missing, unexpected), read with it.
    pub count_names: std::collections::BTreeMap<String, String>,
    /// Closing the count: its reason and a decision for each unexpected item.
    pub closing: Option<Closing>,
    /// The shipment being counted, in receive mode.
    pub shipment: Option<depot_service::ship::Opened>,
    /// Taking the counted shipment in: where its receipt goes.
    pub receiving: Option<Receiving>,
    pub ime_warning: bool,
}

/// Lines of scan results kept on screen.
const SCAN_LINES: usize = 200;

impl ScanState {
    /// Shows `line` first among the results, the oldest beyond [`SCAN_LINES`] let go.
    pub fn push_line(&mut self, line: ScanLine) {
        self.lines.push_front(line);
        self.lines.truncate(SCAN_LINES);
    }

    /// The name of a place code, when it is one.
    pub fn place_name(&self, code: &str) -> Option<&str> {
        self.places
            .as_ref()?
            .iter()
            .find(|p| p.code == code)
            .map(|p| p.name.as_str())
            .filter(|n| !n.is_empty())
    }
}

/// The close-count dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub id: u64,
    pub reason: String,
    /// Each unexpected item and the decision taken for it (none yet: `None`).
    pub decisions: Vec<(String, Option<Decision>)>,
    pub sel: usize,
    pub error: Option<String>,
}

/// The dialog that takes a counted shipment in and writes its receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receiving {
    /// The receipt's new folder, as typed.
    pub receipt_out: String,
    pub error: Option<String>,
}
