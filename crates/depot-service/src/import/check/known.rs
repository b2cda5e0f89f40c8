//! What the checks know: the register as it is plus the rows checked so far, looked up by code.

use crate::import::{Bundle, Finding, Origin};
use depot_domain::Tracking;
use std::collections::{HashMap, HashSet};

pub(super) struct Known<'b> {
    pub(super) units: HashMap<String, Option<String>>,
    pub(super) warehouses: HashSet<String>,
    /// Headquarters: the depots enrolled, which its targets may name (`unit:CODE`).
    pub(super) depots: HashSet<String>,
    pub(super) modules: HashSet<String>,
    pub(super) items: HashMap<String, (Tracking, Option<u32>)>,
    /// Each item's unit of measure (quantities of pieces are whole).
    pub(super) uoms: HashMap<String, String>,
    pub(super) bundle: &'b Bundle,
}

impl Known<'_> {
    pub(super) fn owner_known(&self, code: &str) -> bool {
        self.units.contains_key(code) || self.warehouses.contains(code)
    }
}

pub(super) fn find(
    o: &Origin,
    column: &'static str,
    value: impl Into<String>,
    reason: impl Into<String>,
    reason_zh: impl Into<String>,
) -> Finding {
    Finding {
        origin: o.clone(),
        column,
        value: value.into(),
        reason: reason.into(),
        reason_zh: reason_zh.into(),
    }
}
