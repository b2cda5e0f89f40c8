//! Characters held back by `input` while it is not yet known whether they are a scanner's
//! burst, and how long they may wait.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

/// The longest pause between two characters of one burst. Scanners type 1-10 ms apart (a
/// slow Bluetooth one up to about 20); people rarely type four keys and Enter this fast.
pub const GAP: Duration = Duration::from_millis(30);

/// Characters held back while it is not yet known whether they are a scan.
#[derive(Debug, Default)]
pub struct Held {
    pub(crate) keys: Vec<(Event, char)>,
    pub(crate) last: Option<Instant>,
}

impl Held {
    /// When the held characters stop being a possible scan.
    pub fn deadline(&self) -> Option<Instant> {
        self.last.map(|t| t + GAP)
    }

    pub fn is_holding(&self) -> bool {
        !self.keys.is_empty()
    }

    pub(crate) fn take(&mut self) -> Vec<(Event, char)> {
        self.last = None;
        std::mem::take(&mut self.keys)
    }
}
