//! Shipments between depots: `depot ship --to DEPOT BARCODE… [--return-by D] [--ref R] --out
//! DIR` sends pieces with a signed shipment folder; `depot receive-shipment DIR --receipt-out
//! DIR [BARCODE…]` takes one in and writes the signed receipt; `depot receive-receipt DIR`
//! closes a shipment sent; `depot key enrol-depot CODE --public-key HEX` enrols a peer's key.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::bundle::{key_path, no_key};
use super::{language, parse_date_arg};
use depot_domain::msg::ship::ShipMsg;
use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::unhex;
use depot_service::ship::{
    PeerEnrolled, ReceiveRequest, ShipRequest, enrol_peer, receive_receipt, receive_shipment, ship,
};
use depot_service::store::Store;
use depot_service::{Ctx, Error, Result};

#[derive(Debug, Args)]
pub struct ShipArgs {
    /// The receiving depot's code (its top unit, as its bundles name it).
    #[arg(long)]
    pub to: String,
    /// The pieces and lots, by barcode (a lot goes whole).
    #[arg(required = true)]
    pub barcodes: Vec<String>,
    /// A loan for a reinforcement: the pieces stay this depot's and come back by this date.
    #[arg(long, value_parser = parse_date_arg)]
    pub return_by: Option<NaiveDate>,
    /// The order or request the shipment answers.
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// The new folder the signed shipment is written into.
    #[arg(long)]
    pub out: PathBuf,
    /// The sending depot, when the register has several top units.
    #[arg(long)]
    pub depot: Option<String>,
    /// The depot's signing key (as for `key init`).
    #[arg(long, env = "DEPOT_KEY")]
    pub key: Option<PathBuf>,
}

pub(super) fn ship_cmd(store: &Store, op: Option<&str>, args: ShipArgs) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let path = key_path(store.path(), args.key)?;
    let key = DepotKey::load(&path)?.ok_or_else(|| no_key(&path))?;
    let barcodes = barcodes(&args.barcodes)?;
    let sent = ship(
        store,
        &ctx,
        &ShipRequest {
            out: &args.out,
            to: &args.to,
            barcodes: &barcodes,
            return_by: args.return_by,
            reference: args.reference.as_deref(),
            depot: args.depot.as_deref(),
            key: &key,
        },
    )?;
    let m = &sent.shipment.body;
    let (id, count, to, dir) = (
        m.id.clone(),
        sent.pieces.len().to_string(),
        m.to.clone(),
        sent.dir.display().to_string(),
    );
    let said = match &m.return_by {
        Some(date) => ShipMsg::Lent {
            id,
            count,
            to,
            date: date.clone(),
            dir,
        },
        None => ShipMsg::Shipped { id, count, to, dir },
    };
    println!("{}", said.say(language()));
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct ReceiveShipmentArgs {
    /// The shipment folder that came with the pieces (its manifest.json and pieces.csv).
    pub dir: PathBuf,
    /// The barcodes found with the shipment, as scanned (none given: every piece it lists
    /// arrived).
    pub found: Vec<String>,
    /// A file of the barcodes found, one a line (as a scanner types them), added to those
    /// given.
    #[arg(long)]
    pub scanned: Option<PathBuf>,
    /// The new folder the signed receipt is written into, to send back to the sender.
    #[arg(long)]
    pub receipt_out: PathBuf,
    /// This depot, when the register has several top units.
    #[arg(long)]
    pub depot: Option<String>,
    /// This depot's signing key (as for `key init`).
    #[arg(long, env = "DEPOT_KEY")]
    pub key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReceiveReceiptArgs {
    /// The receipt folder the receiving depot sent back.
    pub dir: PathBuf,
    /// This depot, when the register has several top units.
    #[arg(long)]
    pub depot: Option<String>,
}

fn barcodes(codes: &[String]) -> Result<Vec<depot_domain::Barcode>> {
    codes
        .iter()
        .map(|c| depot_domain::scan::read_scan(c).map_err(|e| Error::said(e.to_string(), e.zh())))
        .collect()
}

pub(super) fn receive_cmd(
    store: &Store,
    op: Option<&str>,
    args: ReceiveShipmentArgs,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let path = key_path(store.path(), args.key)?;
    let key = DepotKey::load(&path)?.ok_or_else(|| no_key(&path))?;
    let mut codes = args.found.clone();
    if let Some(f) = &args.scanned {
        let text = std::fs::read_to_string(f).map_err(|e| Error::io(f, e))?;
        codes.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
    }
    let found = barcodes(&codes)?;
    let counted = !found.is_empty() || args.scanned.is_some();
    let got = receive_shipment(
        store,
        &ctx,
        &ReceiveRequest {
            dir: &args.dir,
            found: counted.then_some(found.as_slice()),
            receipt_out: &args.receipt_out,
            depot: args.depot.as_deref(),
            key: &key,
        },
    )?;
    let g = &got.got;
    let lang = language();
    let [counts, written] = got.said();
    println!("{}", counts.say(lang));
    if !g.missing.is_empty() {
        let barcodes = g.missing.join(" ");
        println!("{}", ShipMsg::MissingList { barcodes }.say(lang));
    }
    if !g.unexpected.is_empty() {
        let barcodes = g.unexpected.join(" ");
        println!("{}", ShipMsg::UnexpectedList { barcodes }.say(lang));
    }
    println!("{}", written.say(lang));
    Ok(ExitCode::SUCCESS)
}

pub(super) fn receipt_cmd(
    store: &Store,
    op: Option<&str>,
    args: ReceiveReceiptArgs,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let taken = receive_receipt(store, &ctx, &args.dir, args.depot.as_deref())?;
    let s = &taken.sent;
    if let Some(c) = &s.closed {
        println!(
            "{}",
            ShipMsg::Closed {
                id: s.id.clone(),
                received: c.received.len().to_string(),
                missing: c.missing.len().to_string(),
                unexpected: c.unexpected.len().to_string(),
            }
            .say(language())
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `depot key enrol-depot CODE --public-key KEY [--replace]`.
pub(super) fn enrol_cmd(
    store: &Store,
    op: Option<&str>,
    depot: &str,
    public_key: &str,
    replace: bool,
) -> Result<ExitCode> {
    let key: [u8; 32] = unhex(public_key.trim()).ok_or_else(|| {
        Error::said(
            ShipMsg::PeerKeyNotHex.say(depot_domain::Lang::En),
            ShipMsg::PeerKeyNotHex.say(depot_domain::Lang::Zh),
        )
    })?;
    let ctx = Ctx::new(op)?;
    let d = depot.trim().to_owned();
    let said = match enrol_peer(store, &ctx, &d, key, replace)? {
        PeerEnrolled::New { fingerprint } => ShipMsg::PeerEnrolled {
            depot: d,
            fingerprint,
        },
        PeerEnrolled::Same { fingerprint } => ShipMsg::PeerSame {
            depot: d,
            fingerprint,
        },
        PeerEnrolled::Replaced { old, new } => ShipMsg::PeerReplaced { depot: d, old, new },
    };
    println!("{}", said.say(language()));
    Ok(ExitCode::SUCCESS)
}
