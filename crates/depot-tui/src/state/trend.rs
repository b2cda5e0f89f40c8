//! Screen 1's second view, readiness over time: whether it shows, and the trend it draws, read
//! off the key loop (`reader`) and dropped when a write makes it stale.

/// The trend view's own state.
#[derive(Debug, Default)]
pub struct TrendState {
    /// Screen 1 shows the trend instead of the figures (Tab).
    pub open: bool,
    /// The trend drawn (`None`: not read yet, or stale after a write).
    pub run: Option<depot_service::trend::TrendRun>,
    /// Why the trend could not be computed, in the interface's language.
    pub error: Option<String>,
    /// A read asked for and not answered yet.
    pub asked: bool,
    /// Counts the writes seen: an answer to an ask made before the last of them is stale.
    pub generation: u64,
}

impl TrendState {
    /// After a write: what is drawn is stale, and an answer still on its way too.
    pub fn stale(&mut self) {
        self.run = None;
        self.error = None;
        self.asked = false;
        self.generation += 1;
    }
}
