//! The replacements screen's state: the budgets typed and whether they are being edited.

/// The replacements screen's own state: the budgets typed (`2026=5000000 2027=…`) and
/// whether they are being edited.
#[derive(Debug, Clone, Default)]
pub struct ReplacementsState {
    pub budgets: String,
    pub editing: bool,
}
