//! What the key loop must do after an update: nothing, ring the bell, or quit. Every screen's
//! update answers with one; `update` re-exports it.

/// What the loop must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    #[default]
    None,
    /// Ring the terminal bell (a refused scan: colour is never the only signal).
    Bell,
    Quit,
}
