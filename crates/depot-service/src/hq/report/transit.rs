//! The transit report: every shipment between the depots, as headquarters sees it in their
//! bundles' movements. A shipment is the sender's `ship` movements with its id as their
//! reference; it was received where a depot's `receive` movements come from the sender with
//! that reference; its missing pieces are the sender's `update` movements that the receipt
//! wrote, less those the sender found again since (a `receive` movement of its own, with the
//! shipment's id and the reason `ship::found_reason` writes: home, no longer missing); a loan (a `due` date on its movements) came back when the sender received its
//! pieces from the borrower after it left, and is overdue while it has not after that date.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::parts::{depots, report};
use super::spec::HqSpec;
use super::words::DEPOTS;
use crate::Result;
use crate::ship::{is_found_reason, missing_reason};
use crate::store::Store;
use depot_domain::Action;
use depot_domain::Vocabulary;
use depot_report::table::{Cell, Col, Kind, Report, Section, col};
use depot_report::words::{Lang, l, label as lb, pick};

const FROM: Col = col("from", "from", "发运库", Kind::Code);
const SHIPMENT: Col = col("shipment", "shipment", "发运单", Kind::Code);
const TO: Col = col("to", "to", "接收库", Kind::Code);
const SENT: Col = col("sent", "sent", "发运日期", Kind::Date);
const RETURN_BY: Col = col("return_by", "return by", "归还期限", Kind::Date);
const PIECES: Col = col("pieces", "pieces", "件数", Kind::Num);
const RECEIVED: Col = col("received", "received", "已签收", Kind::Num);
const MISSING: Col = col("missing", "missing", "缺失", Kind::Num);
const FOUND: Col = col("found", "found again", "已寻回", Kind::Num);
const IN_TRANSIT: Col = col("in_transit", "in transit", "在途", Kind::Num);
const RETURNED: Col = col("returned", "returned", "已归还", Kind::Num);
const STATE: Col = col("state", "state", "状态", Kind::Text);

/// A shipment as the movements show it.
#[derive(Default)]
struct Seen {
    to: String,
    sent: Option<NaiveDate>,
    /// The sender's seq of its first `ship` movement.
    seq: u64,
    return_by: Option<NaiveDate>,
    pieces: Vec<String>,
    received: HashSet<String>,
    /// Still missing: recorded so by the receipt, not found since.
    missing: HashSet<String>,
    /// Recorded missing, then found again at the sender.
    found: HashSet<String>,
    /// Loan pieces back at the sender, with the date each came back.
    returned: HashMap<String, Option<NaiveDate>>,
}

/// A piece received at a depot from another: the receiver's seq, the date, the sender.
type Arrival = (u64, Option<NaiveDate>, String);

/// What became of a shipment, as of `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    InTransit,
    Received,
    Short,
    /// Received short, and every piece missing was found again at the sender since.
    ShortFound,
    Lent,
    Overdue,
    Returned,
    ReturnedLate,
}

impl State {
    fn word(self, lang: Lang) -> &'static str {
        match self {
            State::InTransit => pick(lang, "in transit", "在途"),
            State::Received => pick(lang, "received", "已签收"),
            State::Short => pick(lang, "received short", "签收短缺"),
            State::ShortFound => pick(lang, "short, found again", "短缺已寻回"),
            State::Lent => pick(lang, "lent", "借出中"),
            State::Overdue => pick(lang, "overdue", "逾期未还"),
            State::Returned => pick(lang, "returned", "已归还"),
            State::ReturnedLate => pick(lang, "returned late", "逾期归还"),
        }
    }
}

fn date(at: &str) -> Option<NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|t| t.date_naive())
}

/// The `due` a movement's detail sets.
fn due(detail: &str) -> Option<NaiveDate> {
    detail
        .split(';')
        .find_map(|kv| kv.strip_prefix("due="))
        .and_then(|d| d.parse().ok())
}

impl Seen {
    fn state(&self, today: NaiveDate) -> State {
        let (n, got, gone) = (self.pieces.len(), self.received.len(), self.missing.len());
        if got == 0 && gone == 0 && self.found.is_empty() {
            return State::InTransit;
        }
        if let Some(by) = self.return_by {
            let back = self.returned.len();
            if back > 0 && back >= got {
                let late = self.returned.values().any(|d| d.is_some_and(|d| d > by));
                return if late {
                    State::ReturnedLate
                } else {
                    State::Returned
                };
            }
            return if today > by {
                State::Overdue
            } else {
                State::Lent
            };
        }
        if got == n {
            State::Received
        } else if got + self.found.len() == n {
            State::ShortFound
        } else {
            State::Short
        }
    }
}

/// `report transit`: the shipments between the depots enrolled (`--scope`: those from or to
/// one depot), their pieces received, missing and in transit, and the loans overdue or
/// returned late, as of `spec.today`.
pub(super) fn transit(store: &Store, spec: &HqSpec, lang: Lang) -> Result<Report> {
    let all = depots(store, None)?;
    let r = store.read()?;
    // (sender, id) → shipment; barcode received by (sender, id) at some depot.
    let mut shipments: BTreeMap<(String, String), Seen> = BTreeMap::new();
    let mut arrivals: Vec<(String, String, String)> = Vec::new();
    // Per depot: barcode → (seq, date, from) of its receipts from another depot.
    let mut came_back: HashMap<String, HashMap<String, Vec<Arrival>>> = HashMap::new();
    let (ship, receive, update) = (Action::Ship.en(), Action::Receive.en(), Action::Update.en());
    for d in &all {
        let Some(last) = &d.last else { continue };
        for m in r.hq_shipment_movements(&d.code, 1, last.last_seq)? {
            if m.action == receive
                && !m.reference.is_empty()
                && is_found_reason(&m.reason, &m.reference)
            {
                // Found again at the sender: home, no longer missing, never received.
                if let Some(s) = shipments.get_mut(&(d.code.clone(), m.reference.clone()))
                    && s.missing.remove(&m.barcode)
                {
                    s.found.insert(m.barcode.clone());
                }
            } else if m.action == ship && !m.reference.is_empty() {
                let s = shipments
                    .entry((d.code.clone(), m.reference.clone()))
                    .or_default();
                if s.pieces.is_empty() {
                    (s.to, s.sent, s.seq) = (m.to.clone(), date(&m.at), m.seq);
                }
                s.return_by = s.return_by.or(due(&m.detail));
                s.pieces.push(m.barcode.clone());
            } else if m.action == receive && !m.from.is_empty() && !m.reference.is_empty() {
                arrivals.push((m.from.clone(), m.reference.clone(), m.barcode.clone()));
                came_back
                    .entry(d.code.clone())
                    .or_default()
                    .entry(m.barcode.clone())
                    .or_default()
                    .push((m.seq, date(&m.at), m.from.clone()));
            } else if m.action == update
                && m.reason == missing_reason(&m.reference)
                && let Some(s) = shipments.get_mut(&(d.code.clone(), m.reference.clone()))
            {
                s.missing.insert(m.barcode.clone());
            }
        }
    }
    for (from, id, barcode) in arrivals {
        if let Some(s) = shipments.get_mut(&(from, id)) {
            s.received.insert(barcode);
        }
    }
    for ((from, _), s) in shipments.iter_mut().filter(|(_, s)| s.return_by.is_some()) {
        let Some(back) = came_back.get(from) else {
            continue;
        };
        for b in &s.received {
            if let Some((_, at, _)) = back
                .get(b)
                .and_then(|v| v.iter().find(|(seq, _, f)| *seq > s.seq && *f == s.to))
            {
                s.returned.insert(b.clone(), *at);
            }
        }
    }
    let mut rep = report(("Shipments between depots", "库间发运"), lang);
    rep.fact("depots", l(lang, DEPOTS), Cell::int(all.len()), "");
    let mut sec = Section::new(
        "transit",
        pick(
            lang,
            "Shipments sent, received, missing and overdue",
            "发运、签收、缺失与逾期",
        ),
        vec![
            FROM, SHIPMENT, TO, SENT, RETURN_BY, PIECES, RECEIVED, MISSING, FOUND, IN_TRANSIT,
            RETURNED, STATE,
        ],
    );
    let only = spec.depot.as_deref();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for ((from, id), s) in &shipments {
        if only.is_some_and(|o| o != from && o != s.to) {
            continue;
        }
        let state = s.state(spec.today);
        *counts.entry(state.word(Lang::En)).or_default() += 1;
        let in_transit = s.pieces.len()
            - s.received.len()
            - (s.missing.len() + s.found.len()).min(s.pieces.len() - s.received.len());
        sec.rows.push(vec![
            Cell::text(from.clone()),
            Cell::text(id.clone()),
            Cell::text(s.to.clone()),
            Cell::opt_date(s.sent),
            Cell::opt_date(s.return_by),
            Cell::int(s.pieces.len()),
            Cell::int(s.received.len()),
            Cell::int(s.missing.len()),
            Cell::int(s.found.len()),
            Cell::int(in_transit),
            match s.return_by {
                Some(_) => Cell::int(s.returned.len()),
                None => Cell::Empty,
            },
            Cell::text(state.word(lang)),
        ]);
    }
    for (key, state) in [
        ("in_transit", State::InTransit),
        ("short", State::Short),
        ("overdue", State::Overdue),
        ("returned_late", State::ReturnedLate),
    ] {
        let n = counts.get(state.word(Lang::En)).copied().unwrap_or(0);
        rep.fact(key, state.word(lang), Cell::int(n), "");
    }
    rep.fact("listed", l(lang, lb::LISTED), Cell::int(sec.rows.len()), "");
    rep.sections.push(sec);
    Ok(rep)
}
