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

/// What a headquarters view reads on the reading thread, of one subject at a time (a depot's
/// code, `None` for the whole service): the answer and whose it is, why it could not be read
/// (in the interface's language), and the read asked for and not answered yet (`Some(None)`:
/// of the whole service). The chart's and the circles'; dropped when the depots' bundles
/// change.
#[derive(Debug, Clone)]
pub struct Read<T> {
    pub got: Option<(Option<String>, T)>,
    pub error: Option<String>,
    pub asked: Option<Option<String>>,
}

impl<T> Default for Read<T> {
    fn default() -> Self {
        Read {
            got: None,
            error: None,
            asked: None,
        }
    }
}

impl<T> Read<T> {
    /// The answer, when it is `who`'s.
    pub fn of(&self, who: &Option<String>) -> Option<&T> {
        self.got.as_ref().filter(|(w, _)| w == who).map(|(_, t)| t)
    }

    /// Whether `who`'s is to be asked for: neither held, nor failed, nor asked already.
    pub fn wants(&self, who: &Option<String>) -> bool {
        self.of(who).is_none() && self.error.is_none() && self.asked.as_ref() != Some(who)
    }

    /// An answer for `depot` while the screen shows `who`'s: its ask is answered, whether or
    /// not still wanted (the next Tab for it asks again); it is kept if it is `who`'s.
    pub fn answer(&mut self, depot: Option<String>, who: &Option<String>, got: Result<T, String>) {
        if self.asked.as_ref() == Some(&depot) {
            self.asked = None;
        }
        if depot != *who {
            return;
        }
        match got {
            Ok(t) => self.got = Some((depot, t)),
            Err(e) => self.error = Some(e),
        }
    }
}

/// The headquarters' response circles: whether they show, what was made of them, and the
/// module and area row on screen.
#[derive(Debug, Clone, Default)]
pub struct CirclesView {
    pub open: bool,
    /// The circles, and whose units they place. The chart's generation tells an answer made
    /// before the bundles changed.
    pub read: Read<Box<ServiceCircles>>,
    /// The module (an index into the circles' modules) and the selected area row.
    pub module: usize,
    pub area: usize,
}

/// The headquarters chart: whether it shows, and what it draws, read off the key loop
/// (`reader`) and dropped when the depots' bundles change.
#[derive(Debug, Clone, Default)]
pub struct ChartView {
    pub open: bool,
    /// The points drawn, and whose.
    pub read: Read<Vec<ChartPoint>>,
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
