//! Kits: a barcoded box (a packed module) holding assets and lot quantities. Scanning the kit
//! checks out, checks in or transfers everything in it in one transaction, and says what was
//! missing from it.

use rust_decimal::Decimal;

use crate::Result;
use crate::store::{KitRecord, StockView, Store, Writer};
use depot_domain::access::Permission;
use depot_domain::movement::Movement;
use depot_domain::{Action, Barcode, Change, Lot, Stock};

use crate::Ctx;
use crate::access::{act, authorize};
use crate::workflow::{self, CheckinReq, CheckoutReq, Done, More, Told, WorkflowError};
use depot_domain::msg::workflow::{Doing, WorkflowMsg};

/// The kit with this code, if there is one.
pub fn find(store: &Store, code: &str) -> Result<Option<KitRecord>> {
    Ok(store.read()?.kit(code)?)
}

/// A kit as people read it: its record, and the names beside its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitView {
    pub kit: KitRecord,
    /// The owner's name (a unit's or a warehouse's).
    pub owner_name: String,
    /// The module's Chinese and English names.
    pub module_names: Option<(String, String)>,
    /// Each content's item code and the item's name, in the order of `kit.contents` (empty
    /// where the barcode is no longer in the register).
    pub items: Vec<(String, String)>,
}

/// The kit with this code and the names of what it names, if there is one.
pub fn describe(store: &Store, code: &str) -> Result<Option<KitView>> {
    let r = store.read()?;
    let Some(kit) = r.kit(code)? else {
        return Ok(None);
    };
    let owner_name = match r.unit(&kit.owner)? {
        Some(u) => u.name,
        None => r.warehouse(&kit.owner)?.map(|h| h.name).unwrap_or_default(),
    };
    let module_names = match &kit.module {
        Some(m) => r.module(m)?.map(|m| (m.name_zh, m.name_en)),
        None => None,
    };
    let mut items = Vec::new();
    for (b, _) in &kit.contents {
        items.push(match r.stock(b)? {
            Some(s) => {
                let name = r
                    .item(s.item().as_str())?
                    .map(|i| i.name)
                    .unwrap_or_default();
                (s.item().to_string(), name)
            }
            None => Default::default(),
        });
    }
    Ok(Some(KitView {
        kit,
        owner_name,
        module_names,
        items,
    }))
}

/// Creates a kit, or adds to or removes from one (`qty` zero removes).
pub fn pack(
    store: &Store,
    ctx: &Ctx,
    kit: &str,
    owner: Option<&str>,
    module: Option<&str>,
    name: Option<&str>,
    content: Option<(&Barcode, Decimal)>,
) -> Result<KitRecord> {
    act(store, ctx, &format!("kit {kit}"), |w, ctx| {
        authorize(w, ctx, Permission::Scan, "pack kits")?;
        let code = depot_domain::ids::parse_code(kit, Some(depot_domain::ids::BARCODE_MAX))
            .map_err(WorkflowError::KitCode)?;
        if w.stock(&code)?.is_some() {
            return Err(WorkflowError::from(WorkflowMsg::KitCodeTaken { code }).into());
        }
        let mut k = match w.kit(&code)? {
            Some(k) => k,
            None => {
                let owner = owner.ok_or_else(|| {
                    WorkflowError::from(WorkflowMsg::KitNeedsOwner { code: code.clone() })
                })?;
                let owner = workflow::holder(w, owner)?;
                let module = module.map(|m| workflow::module_named(w, m)).transpose()?;
                KitRecord {
                    code: code.clone(),
                    name: name.unwrap_or(&code).to_owned(),
                    owner: owner.to_string(),
                    module: module.map(|m| m.to_string()),
                    contents: Vec::new(),
                }
            }
        };
        if let Some((b, q)) = content {
            let s = workflow::find(w, b)?;
            if let Stock::Asset(a) = &s {
                workflow::refuse_away(a, b, Doing::Pack)?;
            }
            k.contents.retain(|(x, _)| x != b.as_str());
            if q > Decimal::ZERO {
                match s {
                    Stock::Asset(_) => k.contents.push((b.to_string(), Decimal::ONE)),
                    // What goes into the box is a lot of its own from now on.
                    Stock::Lot(l) => {
                        let own = own_lot(w, ctx, &l, q, &code)?;
                        k.contents.push((own.to_string(), q));
                    }
                }
            }
        }
        w.put_kit(&k)?;
        Ok(k)
    })
}

/// The lot that holds exactly `q` of `l` for kit `kit`: `l` itself when it holds just that
/// (or less: the scan says what is missing), else `q` split off it into a new lot of the
/// same owner, which is what the box physically holds from then on.
fn own_lot(w: &mut Writer<'_>, ctx: &Ctx, l: &Lot, q: Decimal, kit: &str) -> Result<Barcode> {
    if l.quantity <= q {
        return Ok(l.barcode.clone());
    }
    if let Some(to) = workflow::lot_out(w, &l.barcode)? {
        return Err(workflow::already_out(w, ctx, &l.barcode, &to));
    }
    let (split, _, _) = workflow::split_lot(w, ctx, l, q, &l.owner, Some(format!("kit {kit}")))?;
    Ok(split)
}

/// Checks a kit's own lot out, whole, to where its assets go: it stays its owner's.
fn checkout_lot(w: &mut Writer<'_>, ctx: &Ctx, l: &Lot, req: &CheckoutReq) -> Result<Movement> {
    if let Some(to) = workflow::lot_out(w, &l.barcode)? {
        return Err(workflow::already_out(w, ctx, &l.barcode, &to));
    }
    let to = workflow::checkout_to(w, req)?;
    let s = Stock::Lot(l.clone());
    let mut m = workflow::movement(ctx, Action::Checkout, &s, l.quantity);
    m.to = Some(to);
    m.reference = workflow::some_text(req.reference.as_deref());
    m.reason = workflow::some_text(req.note.as_deref());
    Ok(w.apply(m)?.0)
}

/// Checks a kit's own lot back in, whole, from where it went (None: it was not out).
fn checkin_lot(
    w: &mut Writer<'_>,
    ctx: &Ctx,
    l: &Lot,
    req: &CheckinReq,
) -> Result<Option<Movement>> {
    let Some(from) = workflow::lot_out(w, &l.barcode)? else {
        return Ok(None);
    };
    let mut changes = Vec::new();
    let mut to = l.owner.clone();
    if let Some(into) = req.into.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        to = workflow::holder(w, into)?;
        if to != l.owner {
            changes.push(Change::Owner(to.clone()));
        }
    }
    if let Some(m) = req
        .module
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        changes.push(Change::Module(Some(workflow::module_named(w, m)?)));
    }
    let s = Stock::Lot(l.clone());
    let mut m = workflow::movement(ctx, Action::Checkin, &s, l.quantity);
    m.from = Some(from);
    m.to = Some(to);
    m.changes = changes;
    Ok(Some(w.apply(m)?.0))
}

/// What a kit scan should do.
#[derive(Debug, Clone)]
pub enum KitAction {
    Checkout(CheckoutReq),
    Checkin(CheckinReq),
    Transfer(String),
}

/// Applies `action` to every content of the kit in this transaction. Contents that are gone
/// from the register or retired are skipped and named as missing; an asset already out
/// refuses a check-out of the whole kit.
pub fn scan_in(w: &mut Writer<'_>, ctx: &Ctx, kit: &KitRecord, action: &KitAction) -> Result<Done> {
    authorize(w, ctx, Permission::Scan, "scan kits")?;
    let action = &match action {
        // The receiver must exist even when the kit is empty.
        KitAction::Transfer(to) => KitAction::Transfer(workflow::holder(w, to.trim())?.to_string()),
        a => a.clone(),
    };
    // What is missing from the box (with what a short lot holds and should hold), and what a
    // check-in found was not out with it.
    let mut missing: Vec<(String, Option<(String, String)>)> = Vec::new();
    let mut not_out: Vec<String> = Vec::new();
    let mut present = Vec::new();
    for (b, q) in &kit.contents {
        match w.stock(b)? {
            None => missing.push((b.clone(), None)),
            // Retired, or away at another depot: not in the box here.
            Some(Stock::Asset(a)) if !depot_domain::stock::is_held(a.status) => {
                missing.push((b.clone(), None));
            }
            Some(Stock::Lot(l)) if l.quantity < *q => {
                let (have, want) = (l.quantity.normalize(), q.normalize());
                missing.push((b.clone(), Some((have.to_string(), want.to_string()))));
            }
            Some(s) => present.push((s, *q)),
        }
    }
    let mut seqs = Vec::new();
    // The contents as they are after the scan: a lot the kit shared with its shelf is split
    // off into one of its own, and a transfer that splits leaves the kit with the new lot.
    let mut contents = kit.contents.clone();
    let mut moved = 0;
    for (s, q) in &present {
        let b = s.barcode();
        let mut now = b.clone();
        let mut done_seqs = Vec::new();
        match (action, s) {
            (KitAction::Checkout(req), Stock::Asset(_)) => {
                done_seqs = workflow::checkout_in(w, ctx, b, req)?.seqs;
            }
            (KitAction::Checkout(req), Stock::Lot(l)) => {
                now = own_lot(w, ctx, l, *q, &kit.code)?;
                let l = match workflow::find(w, &now)? {
                    Stock::Lot(l) => l,
                    Stock::Asset(_) => continue,
                };
                done_seqs.push(checkout_lot(w, ctx, &l, req)?.seq);
            }
            (KitAction::Checkin(_), Stock::Asset(a)) if a.location.is_none() => {
                not_out.push(b.to_string());
            }
            (KitAction::Checkin(req), Stock::Asset(_)) => {
                done_seqs = workflow::checkin_in(w, ctx, b, req)?.seqs;
            }
            (KitAction::Checkin(req), Stock::Lot(l)) => match checkin_lot(w, ctx, l, req)? {
                Some(m) => done_seqs.push(m.seq),
                None => not_out.push(b.to_string()),
            },
            (KitAction::Transfer(to), _) => {
                let done = workflow::transfer_in(w, ctx, b, to, Some(*q))?;
                if let Some(split) = &done.created {
                    now = split.clone();
                }
                done_seqs = done.seqs;
            }
        }
        if !done_seqs.is_empty() {
            moved += 1;
        }
        seqs.extend(done_seqs);
        if &now != b {
            for c in contents.iter_mut().filter(|(x, _)| x == b.as_str()) {
                c.0 = now.to_string();
            }
        }
    }
    let mut k = kit.clone();
    k.contents = contents;
    if let KitAction::Transfer(to) = action {
        k.owner = to.clone();
    }
    if &k != kit {
        w.put_kit(&k)?;
    }
    let (kit_code, of) = (kit.code.clone(), kit.contents.len().to_string());
    let moved = moved.to_string();
    let msg = match action {
        KitAction::Checkout(_) => WorkflowMsg::KitCheckedOut {
            kit: kit_code,
            moved,
            of,
        },
        KitAction::Checkin(_) => WorkflowMsg::KitCheckedIn {
            kit: kit_code,
            moved,
            of,
        },
        KitAction::Transfer(_) => WorkflowMsg::KitTransferred {
            kit: kit_code,
            moved,
            of,
        },
    };
    let mut more = Vec::new();
    if !missing.is_empty() {
        more.push(More::KitMissing(missing));
    }
    if !not_out.is_empty() {
        more.push(More::KitNotOut(not_out));
    }
    Ok(Done {
        barcode: Barcode::new(kit.code.clone()),
        msg: Told { msg, more },
        seqs,
        created: None,
    })
}
