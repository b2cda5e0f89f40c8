//! What the count's steps share: the open count, what the register expects in its scope, what
//! was seen of a barcode, and the words its decisions are stored as.

use crate::Result;
use crate::store::{CountRecord, Tag, Writer};
use crate::workflow::WorkflowError;
use depot_domain::msg::workflow::WorkflowMsg;
use depot_domain::{AssetStatus, Stock};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(super) fn open_count_of(w: &Writer<'_>, id: u64) -> Result<CountRecord> {
    let c = w
        .count(id)?
        .ok_or_else(|| WorkflowError::from(WorkflowMsg::NoCount { id: id.to_string() }))?;
    if c.closed.is_some() {
        return Err(WorkflowError::from(WorkflowMsg::CountClosed { id: id.to_string() }).into());
    }
    Ok(c)
}

/// What the register expects at the count's scope: what it owns and has at home (not
/// retired, not checked out; lots with stock), and what is checked out to it.
pub(super) fn expected(w: &Writer<'_>, c: &CountRecord) -> Result<BTreeMap<String, Decimal>> {
    let mut out = BTreeMap::new();
    let module_ok = |s: &Stock| {
        c.module
            .as_deref()
            .is_none_or(|m| s.module().map(|x| x.as_str()) == Some(m))
    };
    for b in w
        .barcodes_by(Tag::Owner, &c.scope)?
        .into_iter()
        .chain(w.checked_out_to(&c.scope)?)
    {
        let Some(s) = w.stock(b.as_str())? else {
            continue;
        };
        if !module_ok(&s) {
            continue;
        }
        match &s {
            Stock::Asset(a) if a.status == AssetStatus::Retired => {}
            Stock::Asset(a) if a.location.as_ref().is_some_and(|l| l.as_str() != c.scope) => {}
            Stock::Asset(_) => {
                out.insert(b.to_string(), Decimal::ONE);
            }
            // A kit's lot checked out with it is not on the shelf.
            Stock::Lot(l)
                if l.quantity > Decimal::ZERO
                    && crate::workflow::lot_out(w, &l.barcode)?.is_none() =>
            {
                out.insert(b.to_string(), l.quantity);
            }
            Stock::Lot(_) => {}
        }
    }
    Ok(out)
}

/// The name of a unit or warehouse ("" when it is neither: an incident).
pub(super) fn place_name(w: &Writer<'_>, code: &str) -> Result<String> {
    if let Some(u) = w.unit(code)? {
        return Ok(u.name);
    }
    Ok(w.warehouse(code)?.map(|h| h.name).unwrap_or_default())
}

/// A barcode a count expected or found, as people know it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Seen {
    pub item: String,
    /// The catalogue's name of the item.
    pub name: String,
    /// Whom it belongs to, and that unit's or warehouse's name.
    pub owner: String,
    pub owner_name: String,
    pub lot: bool,
    /// Written off (报废): found where it belongs, it is no surprise and nothing to decide.
    pub retired: bool,
}

pub(super) fn seen(w: &Writer<'_>, b: &str) -> Result<Option<Seen>> {
    let Some(s) = w.stock(b)? else {
        return Ok(None);
    };
    let name = w
        .item(s.item().as_str())?
        .map(|i| i.name)
        .unwrap_or_default();
    Ok(Some(Seen {
        item: s.item().to_string(),
        name,
        owner: s.owner().to_string(),
        owner_name: place_name(w, s.owner().as_str())?,
        lot: matches!(s, Stock::Lot(_)),
        retired: matches!(&s, Stock::Asset(a) if a.status == AssetStatus::Retired),
    }))
}

/// The words a close keeps for a line (`CountLine::decision`).
pub(super) const OUT_OF_SERVICE: &str = "out_of_service";

pub(super) const RETIRED_HERE: &str = "retired_here";

/// What to do with an item a count found that the register did not expect there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// It belongs here from now on: a transfer to the count's scope.
    TakeOver,
    /// It goes back to its owner: a check-in if it was checked out, else a recorded note.
    SendBack,
    /// It stays where it was found, away from its owner, and the register says so.
    FoundAway,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::TakeOver, Decision::SendBack, Decision::FoundAway];

    /// The word that names it on the command line and in a closed count's record.
    pub fn key(self) -> &'static str {
        match self {
            Decision::TakeOver => "take",
            Decision::SendBack => "return",
            Decision::FoundAway => "away",
        }
    }

    /// The decision in `lang`.
    pub fn say(self, lang: depot_domain::Lang) -> String {
        match self {
            Decision::TakeOver => WorkflowMsg::DecideTakeOver,
            Decision::SendBack => WorkflowMsg::DecideSendBack,
            Decision::FoundAway => WorkflowMsg::DecideFoundAway,
        }
        .say(lang)
    }

    pub fn en(self) -> String {
        self.say(depot_domain::Lang::En)
    }

    pub fn zh(self) -> String {
        self.say(depot_domain::Lang::Zh)
    }
}

impl std::str::FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "take" | "take-over" | "transfer" | "调拨" => Ok(Decision::TakeOver),
            "return" | "send-back" | "退回" => Ok(Decision::SendBack),
            "away" | "found-away" | "在外" => Ok(Decision::FoundAway),
            _ => Err(format!(
                "unknown decision '{s}': expected take (调拨), return (退回) or away (在外)"
            )),
        }
    }
}
