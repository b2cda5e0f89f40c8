//! The units screen's state: the selected row of the tree and the first row shown.

/// The units screen's own state: the selected row of the tree and the first row shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitsState {
    pub sel: usize,
    pub offset: usize,
}
