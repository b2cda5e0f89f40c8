//! The inventory screen's state: the register in memory, the filtered and sorted view of it,
//! the selection, the selected row's history and the item page.

use depot_domain::movement::Movement;
use depot_service::query::{Inventory, SortKey};

/// Which pane of a two-pane screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Main,
    Detail,
}

/// The inventory table: the whole register in memory, the filtered and sorted view of it,
/// and the selection.
#[derive(Debug, Clone)]
pub struct InventoryState {
    pub inv: Inventory,
    pub query: String,
    /// The rows shown: indices into `inv.rows`, filtered and sorted.
    pub view: Vec<u32>,
    /// The query whose matches `view` holds, when known (a longer query narrows them).
    pub filtered: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub selected: usize,
    pub offset: usize,
    pub pane: Pane,
    /// The selected row's ledger history, newest last.
    pub history: Vec<Movement>,
    pub history_of: Option<Box<str>>,
    /// The item page open over the table (Enter), and how far its history is scrolled.
    pub page: Option<Box<depot_service::item::ItemPage>>,
    pub page_offset: usize,
}
