//! Parsers of the quartermaster's arguments: quantities, conditions, decisions, roles and
//! barcodes.

use depot_domain::Barcode;
use depot_domain::access::Role;
use depot_domain::scan::read_scan;
use depot_service::count;
use depot_service::workflow::Condition;
use depot_service::{Error, Result};
use rust_decimal::Decimal;

pub(super) fn parse_qty(s: &str) -> std::result::Result<Decimal, String> {
    crate::cli::parse_qty_arg(s)
}

pub(super) fn parse_condition(s: &str) -> std::result::Result<Condition, String> {
    crate::cli::named(s, "状况", "`ok`（完好）或 `damaged`（损坏）")
}

pub(super) fn parse_decision_name(s: &str) -> std::result::Result<count::Decision, String> {
    crate::cli::named(
        s,
        "决定",
        "`take`（调拨到此处）、`return`（退回）或 `away`（在外）",
    )
}

pub(super) fn parse_role(s: &str) -> std::result::Result<Role, String> {
    crate::cli::named(
        s,
        "角色",
        "`quartermaster`（保管员）、`officer`（管理员）或 `auditor`（审计员）",
    )
}

pub(super) fn barcode(raw: &str) -> Result<Barcode> {
    read_scan(raw).map_err(|e| Error::said(e.to_string(), e.zh()))
}

/// `BARCODE=take|return|away`.
pub(super) fn parse_decision(s: &str) -> std::result::Result<(String, count::Decision), String> {
    let (b, d) = s.split_once('=').ok_or_else(|| {
        crate::cli::say(
            &format!("'{s}': expected BARCODE=take|return|away"),
            &format!("'{s}'：应为 `条码=take|return|away`"),
        )
    })?;
    Ok((
        depot_domain::ids::fold_width(b.trim()),
        parse_decision_name(d)?,
    ))
}
