//! A shipment counted at the scan station before it is taken in: the folder opened and
//! checked as `receive-shipment` checks it (a shipment that would be refused is refused before
//! anything is scanned), each code scanned against it recorded in the register as it is
//! scanned (a count survives the terminal: opening the folder again carries on from there),
//! and the count's figures: expected / found / missing / unexpected. Taking it in is
//! [`receive_shipment`](super::receive_shipment) with the codes scanned.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::receive::{admissible, for_here};
use super::record::{self, Counting};
use super::{said, this_depot};
use crate::access::{act, authorize};
use crate::store::Store;
use crate::{Ctx, Result};
use depot_domain::Barcode;
use depot_domain::access::Permission;
use depot_exchange::shipment::{self, Piece, Shipment};

/// A shipment folder opened for counting.
#[derive(Debug, Clone)]
pub struct Opened {
    pub dir: PathBuf,
    pub shipment: Shipment,
    /// Its pieces, in its order.
    pub pieces: Vec<Piece>,
    /// SHA-256 of its `manifest.json`.
    pub sha256: String,
    /// The names this depot's catalogue gives the pieces' items.
    pub item_names: BTreeMap<String, String>,
    /// Every code scanned against it so far, each once, in the order scanned.
    pub scanned: Vec<String>,
}

/// What a code scanned against a shipment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scanned {
    /// A piece the shipment lists, found.
    Found,
    /// Not in the shipment: it is not taken in.
    Unexpected,
    /// Scanned before: counted once.
    Again,
}

impl Opened {
    /// The piece of the shipment with this barcode.
    pub fn listed(&self, barcode: &str) -> Option<&Piece> {
        self.pieces.iter().find(|p| p.barcode == barcode)
    }

    fn scanned_set(&self) -> HashSet<&str> {
        self.scanned.iter().map(String::as_str).collect()
    }

    /// The pieces found, in the shipment's order.
    pub fn found(&self) -> Vec<&Piece> {
        let s = self.scanned_set();
        self.pieces
            .iter()
            .filter(|p| s.contains(p.barcode.as_str()))
            .collect()
    }

    /// The pieces not found yet, in the shipment's order.
    pub fn missing(&self) -> Vec<&Piece> {
        let s = self.scanned_set();
        self.pieces
            .iter()
            .filter(|p| !s.contains(p.barcode.as_str()))
            .collect()
    }

    /// The codes scanned that the shipment does not list, in the order scanned.
    pub fn unexpected(&self) -> Vec<&str> {
        self.scanned
            .iter()
            .map(String::as_str)
            .filter(|b| self.listed(b).is_none())
            .collect()
    }

    /// Every code scanned, as the receipt takes them.
    pub fn found_barcodes(&self) -> Vec<Barcode> {
        self.scanned
            .iter()
            .map(|b| Barcode::new(b.as_str()))
            .collect()
    }

    /// The name of a piece's item, else its item code.
    pub fn item_name(&self, p: &Piece) -> String {
        self.item_names
            .get(&p.item)
            .cloned()
            .unwrap_or_else(|| p.item.clone())
    }
}

/// Opens the shipment folder `dir` for counting: checked as it will be when it is taken in
/// (signature and files, addressed to this depot, from an enrolled depot with its key, not
/// received before), with what was scanned of it before.
pub fn open_shipment(store: &Store, dir: &Path, depot: Option<&str>) -> Result<Opened> {
    let checked = shipment::check(dir).map_err(|e| said(*e.0))?;
    let shown = dir.display().to_string();
    let body = &checked.shipment.body;
    let here = this_depot(store, depot)?;
    for_here(&shown, body, &here)?;
    let r = store.read()?;
    admissible(&r, &shown, body, &checked.sha256)?;
    let scanned = record::counting(&r, &body.from.code, &body.id)?
        .filter(|c| c.sha256 == checked.sha256)
        .map(|c| c.scanned)
        .unwrap_or_default();
    let mut item_names = BTreeMap::new();
    for p in &checked.pieces {
        if !item_names.contains_key(&p.item)
            && let Some(i) = r.item(&p.item)?
        {
            item_names.insert(p.item.clone(), i.name);
        }
    }
    Ok(Opened {
        dir: dir.to_owned(),
        shipment: checked.shipment,
        pieces: checked.pieces,
        sha256: checked.sha256,
        item_names,
        scanned,
    })
}

/// Records `code` as found with the shipment `o`, on disk before it answers; a code scanned
/// before counts once. Refused, as taking it in would be, once the shipment was received
/// (at another terminal, say).
pub fn count_scan(store: &Store, ctx: &Ctx, o: &mut Opened, code: &Barcode) -> Result<Scanned> {
    let body = &o.shipment.body;
    let shown = o.dir.display().to_string();
    let what = format!("count shipment {} {code}", body.id);
    let counting = act(store, ctx, &what, |w, ctx| {
        authorize(w, ctx, Permission::Scan, &what)?;
        admissible(w, &shown, body, &o.sha256)?;
        let mut c = record::counting(w, &body.from.code, &body.id)?
            .filter(|c| c.sha256 == o.sha256)
            .unwrap_or_else(|| Counting {
                sha256: o.sha256.clone(),
                scanned: Vec::new(),
            });
        if !c.scanned.iter().any(|s| s == code.as_str()) {
            c.scanned.push(code.to_string());
            record::put_counting(w, &body.from.code, &body.id, &c)?;
        }
        Ok(c)
    })?;
    let again = o.scanned.iter().any(|s| s == code.as_str());
    o.scanned = counting.scanned;
    Ok(match (again, o.listed(code.as_str()).is_some()) {
        (true, _) => Scanned::Again,
        (false, true) => Scanned::Found,
        (false, false) => Scanned::Unexpected,
    })
}
