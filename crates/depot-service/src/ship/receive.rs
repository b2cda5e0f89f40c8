//! `depot receive-shipment DIR`: a shipment from another depot taken in, counted against what
//! was found with it (expected / found / missing / unexpected). The folder is checked first
//! (its signature and files), then, in one transaction, against the sending depot's enrolled
//! key, this depot as its receiver and the shipments already received; each piece found joins
//! the register (a `receive` movement from the sender, its reference the shipment's id: a
//! piece away from here comes back, a new one arrives with its attributes as it left), the
//! shipment is recorded as received, and the signed receipt is written beside `--receipt-out`,
//! put in place once the commit is durable.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::record::{self, Got, Meta};
use super::{refuse, said};
use crate::access::{act, authorize};
use crate::bundle::files::{check_out, partial_beside, sync_dir};
use crate::store::{Store, Writer};
use crate::{Ctx, Error, Result};
use depot_domain::access::Permission;
use depot_domain::movement::{hex, timestamp_text};
use depot_domain::msg::ship::ShipMsg;
use depot_domain::{
    Action, AssetStatus, Barcode, Change, ItemCode, NewMovement, PlaceCode, Stock, Tracking,
};
use depot_exchange::bundle::manifest::fingerprint;
use depot_exchange::bundle::{Depot, DepotKey};
use depot_exchange::shipment::receipt::{self, Line, MISSING, RECEIVED, UNEXPECTED};
use depot_exchange::shipment::{self, Piece, Shipment};

/// A shipment to take in.
pub struct ReceiveRequest<'a> {
    /// The shipment folder.
    pub dir: &'a Path,
    /// The barcodes found with it (scanned); `None`: every piece it lists was found.
    pub found: Option<&'a [Barcode]>,
    /// The new folder the signed receipt is written into.
    pub receipt_out: &'a Path,
    /// This depot, when the register has several top units.
    pub depot: Option<&'a str>,
    /// This depot's signing key, for the receipt.
    pub key: &'a DepotKey,
}

/// A shipment taken in.
#[derive(Debug)]
pub struct Receipt {
    pub shipment: Shipment,
    pub got: Got,
    /// The receipt folder.
    pub dir: PathBuf,
}

impl Receipt {
    /// What the receiver is told: the counts, and where the receipt for the sender went (the
    /// lists of missing and unexpected pieces are the front end's to show as suits it).
    pub fn said(&self) -> [ShipMsg; 2] {
        let g = &self.got;
        [
            ShipMsg::Received {
                id: g.id.clone(),
                from: g.from.clone(),
                received: g.received.len().to_string(),
                missing: g.missing.len().to_string(),
                unexpected: g.unexpected.len().to_string(),
            },
            ShipMsg::ReceiptWritten {
                dir: self.dir.display().to_string(),
                to: g.from.clone(),
            },
        ]
    }
}

/// Takes in the shipment `req` names and writes its receipt.
pub fn receive_shipment(store: &Store, ctx: &Ctx, req: &ReceiveRequest<'_>) -> Result<Receipt> {
    let checked = shipment::check(req.dir).map_err(|e| said(*e.0))?;
    check_out(req.receipt_out)?;
    let dir = req.dir.display().to_string();
    let body = checked.shipment.body.clone();
    let here = super::this_depot(store, req.depot)?;
    for_here(&dir, &body, &here)?;
    let (tmp, mut partial, parent) = partial_beside(req.receipt_out)?;
    let what = format!("receive shipment {}", body.id);
    let got = act(store, ctx, &what, |w, ctx| {
        authorize(w, ctx, Permission::Scan, &what)?;
        admissible(w, &dir, &body, &checked.sha256)?;
        let (found, unexpected) = counted(&checked.pieces, req.found);
        let mut lines = Vec::with_capacity(checked.pieces.len() + unexpected.len());
        let (mut received, mut missing) = (Vec::new(), Vec::new());
        for p in &checked.pieces {
            if !found.contains(p.barcode.as_str()) {
                missing.push(p.barcode.clone());
                lines.push(line(&p.barcode, MISSING, None));
                continue;
            }
            let m = arrival(w, ctx, &body, &here, p)?;
            let (mv, _) = w.apply(m)?;
            received.push(p.barcode.clone());
            lines.push(Line {
                barcode: p.barcode.clone(),
                outcome: RECEIVED.to_owned(),
                quantity: mv.body.quantity.normalize().to_string(),
                seq: Some(mv.seq),
                hash: hex(&mv.hash),
            });
        }
        lines.extend(unexpected.iter().map(|b| line(b, UNEXPECTED, None)));
        let got = Got {
            id: body.id.clone(),
            from: body.from.code.clone(),
            sha256: checked.sha256.clone(),
            at: timestamp_text(&ctx.stamp()),
            return_by: body.return_by.clone(),
            received,
            missing,
            unexpected,
        };
        record::put_got(w, &got)?;
        record::end_counting(w, &got.from, &got.id)?;
        let rb = receipt::Unsigned {
            schema_version: receipt::SCHEMA_VERSION,
            kind: receipt::KIND.to_owned(),
            shipment: body.id.clone(),
            shipment_sha256: checked.sha256.clone(),
            from: Depot {
                code: here.code.clone(),
                name: here.name.clone(),
            },
            to: body.from.code.clone(),
            created: timestamp_text(&ctx.stamp()),
            files: Vec::new(),
            public_key: String::new(),
        };
        receipt::write(&tmp, rb, &lines, req.key).map_err(|e| Error::io(&tmp, e))?;
        Ok(got)
    })?;
    // The receipt goes to another depot: it waits until no power cut can take it back.
    store.flush()?;
    std::fs::rename(&tmp, req.receipt_out).map_err(|e| Error::io(req.receipt_out, e))?;
    partial.0 = None;
    sync_dir(&parent)?;
    Ok(Receipt {
        shipment: checked.shipment,
        got,
        dir: req.receipt_out.to_owned(),
    })
}

fn line(barcode: &str, outcome: &str, quantity: Option<String>) -> Line {
    Line {
        barcode: barcode.to_owned(),
        outcome: outcome.to_owned(),
        quantity: quantity.unwrap_or_default(),
        seq: None,
        hash: String::new(),
    }
}

/// The folder's sender is a peer depot enrolled here, and signed it with its enrolled key.
pub(super) fn trusted_key(
    m: &(impl Meta + ?Sized),
    dir: &str,
    depot: &str,
    public_key: &str,
) -> Result<()> {
    match record::peer_key(m, depot)? {
        None => Err(refuse(|_| ShipMsg::UnknownDepot {
            dir: dir.to_owned(),
            depot: depot.to_owned(),
        })),
        Some(k) if hex(&k) != public_key.to_ascii_lowercase() => {
            let found = depot_exchange::bundle::manifest::unhex::<32>(public_key)
                .map(|f| fingerprint(&f))
                .unwrap_or_else(|| public_key.to_owned());
            Err(refuse(|_| ShipMsg::WrongKey {
                dir: dir.to_owned(),
                depot: depot.to_owned(),
                enrolled: fingerprint(&k),
                found: found.clone(),
            }))
        }
        Some(_) => Ok(()),
    }
}

/// The shipment is addressed to this depot.
pub(super) fn for_here(dir: &str, body: &shipment::Unsigned, here: &Depot) -> Result<()> {
    if body.to != here.code {
        return Err(refuse(|_| ShipMsg::WrongReceiver {
            dir: dir.to_owned(),
            to: body.to.clone(),
            here: here.code.clone(),
        }));
    }
    Ok(())
}

/// The shipment may be taken in here: signed with its sender's enrolled key, and neither
/// received before nor carrying the id of another shipment received from that sender.
pub(super) fn admissible(
    m: &(impl Meta + ?Sized),
    dir: &str,
    body: &shipment::Unsigned,
    sha256: &str,
) -> Result<()> {
    trusted_key(m, dir, &body.from.code, &body.public_key)?;
    if let Some(g) = record::got(m, &body.from.code, &body.id)? {
        let (id, at) = (body.id.clone(), g.at.clone());
        return Err(refuse(move |_| match g.sha256 == sha256 {
            true => ShipMsg::ReceivedTwice {
                dir: dir.to_owned(),
                id: id.clone(),
                at: at.clone(),
                from: body.from.code.clone(),
            },
            false => ShipMsg::Replayed {
                dir: dir.to_owned(),
                id: id.clone(),
                at: at.clone(),
            },
        }));
    }
    Ok(())
}

/// The pieces of the shipment found (all of them when no count was made), and the barcodes
/// found that it does not list, each once, in the order scanned.
fn counted<'p>(pieces: &'p [Piece], found: Option<&[Barcode]>) -> (HashSet<&'p str>, Vec<String>) {
    let listed: HashSet<&str> = pieces.iter().map(|p| p.barcode.as_str()).collect();
    let Some(found) = found else {
        return (listed, Vec::new());
    };
    let scanned: HashSet<&str> = found.iter().map(Barcode::as_str).collect();
    let mut seen = HashSet::new();
    let unexpected = found
        .iter()
        .map(Barcode::as_str)
        .filter(|b| !listed.contains(b) && seen.insert(*b))
        .map(str::to_owned)
        .collect();
    let found = listed.into_iter().filter(|b| scanned.contains(b)).collect();
    (found, unexpected)
}

/// The movement that takes `p` in: a receipt from the sender into this depot, with the
/// piece's attributes as it left.
fn arrival(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    body: &shipment::Unsigned,
    here: &Depot,
    p: &Piece,
) -> Result<NewMovement> {
    let malformed = |what: String| {
        said(ShipMsg::Malformed {
            dir: String::new(),
            what,
        })
    };
    let facts = w.item_facts(&p.item)?.ok_or_else(|| {
        refuse(|_| ShipMsg::ItemUnknown {
            barcode: p.barcode.clone(),
            item: p.item.clone(),
        })
    })?;
    let before = w.stock(&p.barcode)?;
    match &before {
        Some(Stock::Asset(a)) if a.status != AssetStatus::Away => {
            return Err(refuse(|_| ShipMsg::AlreadyHere {
                barcode: p.barcode.clone(),
                owner: a.owner.to_string(),
            }));
        }
        Some(Stock::Lot(l)) if l.quantity > Decimal::ZERO => {
            return Err(refuse(|_| ShipMsg::AlreadyHere {
                barcode: p.barcode.clone(),
                owner: l.owner.to_string(),
            }));
        }
        _ => {}
    }
    let quantity: Decimal = p
        .quantity
        .parse()
        .map_err(|_| malformed(format!("{}: quantity {}", p.barcode, p.quantity)))?;
    let date = |v: &str| -> Result<Option<chrono::NaiveDate>> {
        if v.is_empty() {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| malformed(format!("{}: date {v}", p.barcode)))
    };
    let text = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let module = text(&p.module).map(|m| m.as_str().into());
    let mut changes = vec![Change::Module(module)];
    match facts.tracking {
        Tracking::Serial => {
            let status: AssetStatus = p
                .status
                .parse()
                .map_err(|_| malformed(format!("{}: status {}", p.barcode, p.status)))?;
            changes.extend([
                Change::Serial(text(&p.serial)),
                Change::Plate(text(&p.plate)),
                Change::Commissioned(date(&p.commissioned)?),
                Change::LastInspected(date(&p.last_inspected)?),
            ]);
            if status != AssetStatus::Ready {
                changes.push(Change::Status(status));
            }
        }
        Tracking::Lot => {
            changes.extend([
                Change::LotNo(text(&p.lot)),
                Change::Expires(date(&p.expires)?),
            ]);
            if before.is_none() {
                changes.push(Change::Received(Some(ctx.stamp().date_naive())));
            }
        }
    }
    Ok(NewMovement {
        at: ctx.stamp(),
        action: Action::Receive,
        barcode: Barcode::new(p.barcode.as_str()),
        item: ItemCode::new(p.item.as_str()),
        quantity,
        from: Some(PlaceCode::new(body.from.code.as_str())),
        // A piece coming back goes home to the place it was shipped from; a new one is the
        // depot's own.
        to: Some(match &before {
            Some(s) => s.owner().clone(),
            None => PlaceCode::new(here.code.as_str()),
        }),
        operator: ctx.operator.clone(),
        reference: Some(body.id.clone()),
        reason: body.reference.clone(),
        changes,
    })
}
