//! The units screen's state: the selected row of the tree and the first row shown, and the
//! response circles' view.

/// The units screen's own state: the selected row of the tree and the first row shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitsState {
    pub sel: usize,
    pub offset: usize,
    /// The response circles instead of the tree (Tab).
    pub circles: bool,
    /// The circles' module (an index into their modules) and selected area row.
    pub module: usize,
    pub area: usize,
}
