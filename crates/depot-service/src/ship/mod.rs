//! Shipments between depots (`schemas/shipment.md`, `schemas/receipt.md`). `depot ship`: one
//! transaction checks every piece, then ships each to the receiving depot (the ledger's `ship`
//! movement, its reference the shipment's id; a loan carries its return-by as the due date:
//! the piece is then away, neither held nor ready here), records the shipment as open and
//! writes the folder from the movements it made; the folder is put in place only after the
//! commit is durable, and nothing is left of it when the commit fails. The receiver takes it
//! in (`receive`, after a count at the scan station: `counting`), and its receipt closes it
//! here (`receipt`); the peer depots' keys are enrolled (`peer`) and the records kept in the
//! meta table (`record`).

mod counting;
mod peer;
mod receipt;
mod receive;
pub mod record;

pub use counting::{Opened, Scanned, count_scan, open_shipment};
pub use peer::{PeerEnrolled, enrol_peer};
pub use receipt::{
    ReceiptTaken, found_reason, is_found_reason, lost_in_transit, missing_reason, receive_receipt,
};
pub use receive::{Receipt as ReceiveOut, ReceiveRequest, receive_shipment};

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::access::{act, authorize};
use crate::bundle::files::{check_out, partial_beside};
use crate::bundle::{DEPOT, depot_of};
use crate::store::{Store, Writer};
use crate::workflow::{find, movement};
use crate::{Ctx, Error, Result};
use depot_domain::access::Permission;
use depot_domain::movement::{Movement, hex, timestamp_text};
use depot_domain::msg::ship::ShipMsg;
use depot_domain::{Action, AssetStatus, Barcode, Change, Lang, PlaceCode, Stock, Vocabulary};
use depot_exchange::bundle::manifest::sha256_hex;
use depot_exchange::bundle::{Depot, DepotKey};
use depot_exchange::shipment::{self, KIND, Piece, SCHEMA_VERSION, Shipment, Unsigned};

/// A shipment to send.
pub struct ShipRequest<'a> {
    /// The new folder (missing, or empty).
    pub out: &'a Path,
    /// The receiving depot's code.
    pub to: &'a str,
    pub barcodes: &'a [Barcode],
    /// A loan: the pieces stay this depot's and come back by then.
    pub return_by: Option<NaiveDate>,
    /// The order or request it answers.
    pub reference: Option<&'a str>,
    /// The sending depot, when the register has several top units.
    pub depot: Option<&'a str>,
    pub key: &'a DepotKey,
}

/// A shipment sent.
#[derive(Debug)]
pub struct Shipped {
    pub dir: PathBuf,
    pub shipment: Shipment,
    pub pieces: Vec<Piece>,
}

/// This depot: `given`, else the one its bundles remember, else the register's only top unit.
pub(crate) fn this_depot(store: &Store, given: Option<&str>) -> Result<Depot> {
    let r = store.read()?;
    let remembered = r
        .meta(DEPOT)?
        .map(|v| String::from_utf8_lossy(&v).into_owned());
    depot_of(&r.units()?, given, remembered.as_deref())
}

/// A refusal of the catalogue, said in both languages.
pub(crate) fn said(m: ShipMsg) -> Error {
    Error::said(m.say(Lang::En), m.say(Lang::Zh))
}

/// A refusal of the catalogue whose arguments depend on the language (a vocabulary word).
pub(crate) fn refuse(m: impl Fn(Lang) -> ShipMsg) -> Error {
    Error::said(m(Lang::En).say(Lang::En), m(Lang::Zh).say(Lang::Zh))
}

/// Writes the shipment `req` asks for: the pieces checked out to the receiving depot, the
/// signed folder at `req.out`.
pub fn ship(store: &Store, ctx: &Ctx, req: &ShipRequest<'_>) -> Result<Shipped> {
    if req.barcodes.is_empty() {
        return Err(refuse(|_| ShipMsg::NoPieces));
    }
    check_out(req.out)?;
    let from = this_depot(store, req.depot)?;
    let to = depot_domain::ids::fold_width(req.to.trim());
    if to == from.code {
        return Err(refuse(|_| ShipMsg::ToSelf { to: to.clone() }));
    }
    let today = ctx.stamp().date_naive();
    if let Some(d) = req.return_by.filter(|d| *d < today) {
        return Err(refuse(|_| ShipMsg::ReturnByPast {
            date: d.to_string(),
            today: today.to_string(),
        }));
    }
    let (tmp, mut partial, parent) = partial_beside(req.out)?;
    let (shipment, pieces) = act(store, ctx, "ship", |w, ctx| {
        authorize(w, ctx, Permission::Scan, "ship")?;
        let id = format!("{}-{}", from.code, w.next_seq()?);
        let stock = checked(w, req.barcodes)?;
        let mut pieces = Vec::with_capacity(stock.len());
        for s in stock {
            let q = match &s {
                Stock::Asset(_) => Decimal::ONE,
                Stock::Lot(l) => l.quantity,
            };
            let mut m = movement(ctx, Action::Ship, &s, q);
            m.to = Some(PlaceCode::new(to.clone()));
            m.reference = Some(id.clone());
            m.reason = req.reference.map(str::to_owned);
            if let (Some(d), Stock::Asset(_)) = (req.return_by, &s) {
                m.changes.push(Change::Due(Some(d)));
            }
            let (mv, _) = w.apply(m)?;
            pieces.push(piece(&s, &mv));
        }
        let body = Unsigned {
            schema_version: SCHEMA_VERSION,
            kind: KIND.to_owned(),
            id,
            from: Depot {
                code: from.code.clone(),
                name: from.name.clone(),
            },
            to: to.clone(),
            created: timestamp_text(&ctx.stamp()),
            return_by: req.return_by.map(|d| d.to_string()),
            reference: req.reference.map(str::to_owned),
            files: Vec::new(),
            public_key: String::new(),
        };
        let s = shipment::write(&tmp, body, &pieces, req.key).map_err(|e| Error::io(&tmp, e))?;
        record::put_sent(
            w,
            &record::Sent {
                id: s.body.id.clone(),
                to: to.clone(),
                created: s.body.created.clone(),
                return_by: s.body.return_by.clone(),
                reference: s.body.reference.clone(),
                sha256: sha256_hex(&s.to_json()),
                pieces: pieces.iter().map(|p| p.barcode.clone()).collect(),
                closed: None,
            },
        )?;
        Ok((s, pieces))
    })?;
    // What is handed to another depot waits until no power cut can take it back.
    store.flush()?;
    std::fs::rename(&tmp, req.out).map_err(|e| Error::io(req.out, e))?;
    partial.0 = None;
    crate::bundle::files::sync_dir(&parent)?;
    Ok(Shipped {
        dir: req.out.to_owned(),
        shipment,
        pieces,
    })
}

/// The pieces named, each checked before anything is written: known, named once, at their
/// owner, ready; a lot whole and not empty.
fn checked(w: &Writer<'_>, barcodes: &[Barcode]) -> Result<Vec<Stock>> {
    let mut seen = HashSet::with_capacity(barcodes.len());
    let mut out = Vec::with_capacity(barcodes.len());
    for b in barcodes {
        if !seen.insert(b.as_str()) {
            return Err(refuse(|_| ShipMsg::Twice {
                barcode: b.to_string(),
            }));
        }
        let s = find(w, b)?;
        match &s {
            Stock::Asset(a) => {
                if let (AssetStatus::Away, Some(l)) = (a.status, &a.location) {
                    return Err(refuse(|_| ShipMsg::Away {
                        barcode: b.to_string(),
                        location: l.to_string(),
                    }));
                }
                if let Some(l) = &a.location {
                    return Err(refuse(|_| ShipMsg::NotHere {
                        barcode: b.to_string(),
                        location: l.to_string(),
                    }));
                }
                match a.status {
                    AssetStatus::Ready => {}
                    AssetStatus::Retired => {
                        return Err(refuse(|_| ShipMsg::Retired {
                            barcode: b.to_string(),
                        }));
                    }
                    status => {
                        return Err(refuse(|lang| ShipMsg::NotReady {
                            barcode: b.to_string(),
                            status: match lang {
                                Lang::En => status.en(),
                                Lang::Zh => status.zh(),
                            }
                            .to_owned(),
                        }));
                    }
                }
            }
            Stock::Lot(l) if l.quantity <= Decimal::ZERO => {
                return Err(refuse(|_| ShipMsg::EmptyLot {
                    barcode: b.to_string(),
                }));
            }
            Stock::Lot(_) => {}
        }
        out.push(s);
    }
    Ok(out)
}

/// The line of `pieces.csv` for `s` as it left with the movement `mv`.
fn piece(s: &Stock, mv: &Movement) -> Piece {
    let text = |v: Option<&dyn ToString>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut p = Piece {
        barcode: s.barcode().to_string(),
        item: s.item().to_string(),
        tracking: String::new(),
        quantity: mv.body.quantity.normalize().to_string(),
        serial: String::new(),
        lot: String::new(),
        module: text(s.module().map(|m| m as &dyn ToString)),
        status: String::new(),
        commissioned: String::new(),
        last_inspected: String::new(),
        expires: String::new(),
        plate: String::new(),
        seq: mv.seq,
        hash: hex(&mv.hash),
    };
    match s {
        Stock::Asset(a) => {
            p.tracking = "serial".into();
            p.serial = a.serial.clone().unwrap_or_default();
            p.status = a.status.en().into();
            p.commissioned = text(a.commissioned.as_ref().map(|d| d as &dyn ToString));
            p.last_inspected = text(a.last_inspected.as_ref().map(|d| d as &dyn ToString));
            p.plate = a.plate.clone().unwrap_or_default();
        }
        Stock::Lot(l) => {
            p.tracking = "lot".into();
            p.lot = l.lot.clone().unwrap_or_default();
            p.expires = text(l.expires.as_ref().map(|d| d as &dyn ToString));
        }
    }
    p
}
