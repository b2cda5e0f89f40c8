//! A count as it stands: what was seen, what is missing, what was not expected.

use super::record::{Decision, RETIRED_HERE, Seen, expected, place_name, seen};
use crate::Result;
use crate::store::{CountRecord, Store, Writer};
use crate::workflow::WorkflowError;
use depot_domain::msg::workflow::WorkflowMsg;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What a count shows: expected against found. A closed count shows what it expected, found
/// and decided when it closed, whatever happened since.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CountView {
    pub count: Option<CountRecord>,
    /// Barcode and the quantity the register expects there.
    pub expected: BTreeMap<String, Decimal>,
    /// Barcode and the quantity found.
    pub found: BTreeMap<String, Decimal>,
    /// What each barcode expected or found is, for people to decide by: its item and name,
    /// whose it is (as of the close, for a closed count).
    pub about: BTreeMap<String, Seen>,
    /// A closed count: what it decided for each unexpected item.
    pub decided: BTreeMap<String, Decision>,
}

impl CountView {
    /// Expected and not found.
    pub fn missing(&self) -> Vec<(&str, Decimal)> {
        self.expected
            .iter()
            .filter(|(b, _)| !self.found.contains_key(*b))
            .map(|(b, q)| (b.as_str(), *q))
            .collect()
    }
    /// The assets among [`Self::missing`]: closing the count sets them out of service (停用).
    pub fn missing_assets(&self) -> Vec<&str> {
        self.missing()
            .into_iter()
            .filter(|(b, _)| self.about.get(*b).is_none_or(|s| !s.lot))
            .map(|(b, _)| b)
            .collect()
    }
    /// Found and not expected, and to be decided (not a retired item found where it belongs).
    pub fn unexpected(&self) -> Vec<(&str, Decimal)> {
        self.found
            .iter()
            .filter(|(b, _)| !self.expected.contains_key(*b) && !self.retired_here(b))
            .map(|(b, q)| (b.as_str(), *q))
            .collect()
    }
    /// Written-off items found where they belong: shown as such, nothing to decide.
    pub fn retired_found(&self) -> Vec<&str> {
        self.found
            .keys()
            .filter(|b| !self.expected.contains_key(*b) && self.retired_here(b))
            .map(String::as_str)
            .collect()
    }
    pub(super) fn retired_here(&self, b: &str) -> bool {
        let scope = self.count.as_ref().map(|c| c.scope.as_str());
        self.about
            .get(b)
            .is_some_and(|s| s.retired && Some(s.owner.as_str()) == scope)
    }
    /// Lots found with another quantity than expected: barcode, expected, found.
    pub fn differing(&self) -> Vec<(&str, Decimal, Decimal)> {
        self.found
            .iter()
            .filter_map(|(b, f)| {
                self.expected
                    .get(b)
                    .filter(|e| *e != f)
                    .map(|e| (b.as_str(), *e, *f))
            })
            .collect()
    }
}

pub(super) fn view_in(w: &Writer<'_>, id: u64) -> Result<CountView> {
    let c = w
        .count(id)?
        .ok_or_else(|| WorkflowError::from(WorkflowMsg::NoCount { id: id.to_string() }))?;
    let found: BTreeMap<String, Decimal> = w.count_scans(id)?.into_iter().collect();
    let lines = if c.closed.is_some() {
        w.count_lines(id)?
    } else {
        Vec::new()
    };
    // A count closed before depot kept its lines shows the register as it is now.
    let expected = if lines.is_empty() {
        expected(w, &c)?
    } else {
        lines
            .iter()
            .filter_map(|l| l.expected.map(|q| (l.barcode.clone(), q)))
            .collect()
    };
    let mut about = BTreeMap::new();
    for b in expected.keys().chain(found.keys()) {
        if let Some(s) = seen(w, b)? {
            about.insert(b.clone(), s);
        }
    }
    let mut decided = BTreeMap::new();
    for l in &lines {
        let s = about.entry(l.barcode.clone()).or_default();
        if s.owner != l.owner {
            s.owner_name = place_name(w, &l.owner)?;
            s.owner = l.owner.clone();
        }
        s.retired = l.decision.as_deref() == Some(RETIRED_HERE);
        if let Some(d) = l.decision.as_deref().and_then(|d| d.parse().ok()) {
            decided.insert(l.barcode.clone(), d);
        }
    }
    Ok(CountView {
        count: Some(c),
        expected,
        found,
        about,
        decided,
    })
}

/// The count's expected / found / missing / unexpected, as of now.
pub fn view(store: &Store, id: u64) -> Result<CountView> {
    // A trial transaction: the same look-ups as the close, and nothing written.
    store.trial(|w| view_in(w, id))
}
