//! The movement commands: check-out, check-in, transfer, issue, receive, inspect, repair and
//! write-off.

use super::answers::{done, each};
use super::parse::{barcode, parse_condition};
use crate::cli::parse_date_arg;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use depot_domain::ItemCode;
use depot_service::Result;
use depot_service::scan::Mode;
use depot_service::store::Store;
use depot_service::workflow::{self, CheckinReq, CheckoutReq, Condition, ReceiveReq};
use depot_service::{Ctx, kit};
use rust_decimal::Decimal;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CheckoutArgs {
    /// One or more barcodes (assets or kits).
    #[arg(required = true)]
    pub barcodes: Vec<String>,
    /// The receiver: a unit, a warehouse or a vehicle's barcode.
    #[arg(long)]
    pub to: Option<String>,
    /// The expected return date.
    #[arg(long, value_parser = parse_date_arg)]
    pub due: Option<NaiveDate>,
    /// The incident reference (with no --to, the item goes out to the incident).
    #[arg(long = "ref")]
    pub reference: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// One or more barcodes: a pile of returned items takes the same defaults.
    #[arg(required = true)]
    pub barcodes: Vec<String>,
    /// ok, or damaged (goes to maintenance).
    #[arg(long, default_value = "ok", value_parser = parse_condition)]
    pub condition: Condition,
    /// Into this warehouse instead of back to the owner.
    #[arg(long)]
    pub into: Option<String>,
    /// The module it is stored under.
    #[arg(long)]
    pub module: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RepairCmd {
    /// Send to maintenance.
    Start {
        barcode: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Back from maintenance, ready.
    Done {
        barcode: String,
        #[arg(long)]
        note: Option<String>,
    },
}

pub fn checkout(store: &Store, op: Option<&str>, a: CheckoutArgs) -> Result<ExitCode> {
    let req = CheckoutReq {
        to: a.to,
        due: a.due,
        reference: a.reference,
        note: a.note,
    };
    each(store, op, &Mode::Out(req), &a.barcodes)
}

pub fn checkin(store: &Store, op: Option<&str>, a: CheckinArgs) -> Result<ExitCode> {
    let req = CheckinReq {
        condition: a.condition,
        into: a.into,
        module: a.module,
        note: a.note,
    };
    each(store, op, &Mode::In(req), &a.barcodes)
}

pub fn transfer(
    store: &Store,
    op: Option<&str>,
    code: &str,
    to: &str,
    qty: Option<Decimal>,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let b = barcode(code)?;
    if qty.is_none() && kit::find(store, b.as_str())?.is_some() {
        return each(
            store,
            op,
            &Mode::Transfer { to: to.to_owned() },
            &[code.to_owned()],
        );
    }
    Ok(done(workflow::transfer(store, &ctx, &b, to, qty)?))
}

pub fn issue(
    store: &Store,
    op: Option<&str>,
    code: &str,
    qty: Decimal,
    reference: &str,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    Ok(done(workflow::issue(
        store,
        &ctx,
        &barcode(code)?,
        qty,
        reference,
    )?))
}

pub fn receive(store: &Store, op: Option<&str>, req: ReceiveReq) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let d = workflow::receive(store, &ctx, &req)?;
    eprintln!("{}", d.msg.say(crate::cli::language()));
    // The new lot's barcode alone on standard output, for labels and scripts.
    println!("{}", d.barcode);
    Ok(ExitCode::SUCCESS)
}

pub fn receive_req(
    item: &str,
    qty: Decimal,
    to: String,
    module: Option<String>,
    expires: Option<NaiveDate>,
    lot: Option<String>,
) -> ReceiveReq {
    ReceiveReq {
        item: ItemCode::new(depot_domain::ids::fold_width(item)),
        qty,
        to,
        module,
        expires,
        lot,
    }
}

pub fn inspect(
    store: &Store,
    op: Option<&str>,
    code: &str,
    date: Option<NaiveDate>,
    failed: bool,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    Ok(done(workflow::inspect(
        store,
        &ctx,
        &barcode(code)?,
        date,
        failed,
    )?))
}

pub fn repair(store: &Store, op: Option<&str>, cmd: RepairCmd) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let (code, note, start) = match &cmd {
        RepairCmd::Start { barcode, note } => (barcode, note, true),
        RepairCmd::Done { barcode, note } => (barcode, note, false),
    };
    Ok(done(workflow::repair(
        store,
        &ctx,
        &barcode(code)?,
        start,
        note.as_deref(),
    )?))
}

pub fn writeoff(
    store: &Store,
    op: Option<&str>,
    code: &str,
    reason: &str,
    qty: Option<Decimal>,
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    Ok(done(workflow::writeoff(
        store,
        &ctx,
        &barcode(code)?,
        reason,
        qty,
    )?))
}
