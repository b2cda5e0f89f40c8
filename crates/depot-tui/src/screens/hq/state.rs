//! The headquarters dashboard's state: the depots' figures in the order shown, the selected
//! one, and the depot opened with Enter.

use depot_service::hq::figures::{DepotFigures, ReadinessLine};

/// The headquarters dashboard's state: the depots' figures in the order shown, the selected
/// one, and the depot opened with Enter.
#[derive(Debug, Clone, Default)]
pub struct HqState {
    /// Stale depots first, then those with no bundle yet (both want someone to act), then the
    /// current ones; each group by code.
    pub depots: Vec<DepotFigures>,
    pub sel: usize,
    pub offset: usize,
    pub open: Option<DepotView>,
}

/// One depot opened: the lines of its latest `readiness.csv`, and the first one shown.
#[derive(Debug, Clone)]
pub struct DepotView {
    pub code: String,
    pub lines: Vec<ReadinessLine>,
    pub offset: usize,
}
