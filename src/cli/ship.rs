//! `depot ship --to DEPOT BARCODE… [--return-by D] [--ref R] --out DIR`: pieces sent to another
//! depot with a signed shipment folder.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::bundle::{key_path, no_key};
use super::{language, parse_date_arg};
use depot_domain::msg::ship::ShipMsg;
use depot_exchange::bundle::DepotKey;
use depot_service::ship::{ShipRequest, ship};
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
    let barcodes = args
        .barcodes
        .iter()
        .map(|c| depot_domain::scan::read_scan(c).map_err(|e| Error::said(e.to_string(), e.zh())))
        .collect::<Result<Vec<_>>>()?;
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
