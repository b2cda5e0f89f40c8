//! The headquarters dashboard's state: the depots' figures in the order shown, the selected
//! one, and the depot opened with Enter.

use depot_service::hq::chart::ChartPoint;
use depot_service::hq::circles::ServiceCircles;
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
    /// Tab: readiness over time instead of the list (of the whole service) or of the depot's
    /// lines (of that depot).
    pub chart: ChartView,
    /// Tab again: the response circles, of the whole service or of the depot's units.
    pub circles: CirclesView,
}

/// The headquarters' response circles: whether they show, what they were made of, and the
/// module and area row on screen.
#[derive(Debug, Clone, Default)]
pub struct CirclesView {
    pub open: bool,
    /// The circles, and whose units they place: a depot's code, `None` for the whole
    /// service. Dropped when the depots' bundles change.
    pub made: Option<(Option<String>, Box<ServiceCircles>)>,
    /// Why they could not be made, in the interface's language.
    pub error: Option<String>,
    /// Made for this depot (`Some(None)`: the whole service) on the reading thread, not
    /// answered yet. The chart's generation tells an answer made before the bundles changed.
    pub asked: Option<Option<String>>,
    /// The module (an index into the circles' modules) and the selected area row.
    pub module: usize,
    pub area: usize,
}

/// The headquarters chart: whether it shows, and what it draws, read off the key loop
/// (`reader`) and dropped when the depots' bundles change.
#[derive(Debug, Clone, Default)]
pub struct ChartView {
    pub open: bool,
    /// The points drawn, and whose: a depot's code, `None` for the whole service.
    pub points: Option<(Option<String>, Vec<ChartPoint>)>,
    /// Why the chart could not be read, in the interface's language.
    pub error: Option<String>,
    /// A read asked for, of this depot (`Some(None)`: the whole service), not answered yet.
    pub asked: Option<Option<String>>,
    /// Counts the changes of the depots' bundles seen: an answer to an ask made before the
    /// last of them is stale.
    pub generation: u64,
}

/// One depot opened: the lines of its latest `readiness.csv`, and the first one shown.
#[derive(Debug, Clone)]
pub struct DepotView {
    pub code: String,
    pub lines: Vec<ReadinessLine>,
    pub offset: usize,
}
