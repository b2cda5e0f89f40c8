//! Parsers of the quartermaster's arguments: quantities, conditions, decisions, roles and
//! barcodes.

use depot_domain::Barcode;
use depot_domain::access::Role;
use depot_domain::msg::cli::words::T;
use depot_domain::msg::cli::workflow::CliWorkflowMsg;
use depot_domain::scan::read_scan;
use depot_service::count;
use depot_service::workflow::Condition;
use depot_service::{Error, Result};
use rust_decimal::Decimal;

pub(super) fn parse_qty(s: &str) -> std::result::Result<Decimal, String> {
    crate::cli::parse_qty_arg(s)
}

pub(super) fn parse_condition(s: &str) -> std::result::Result<Condition, String> {
    crate::cli::named(s, T::ConditionKind, T::Conditions)
}

pub(super) fn parse_decision_name(s: &str) -> std::result::Result<count::Decision, String> {
    crate::cli::named(s, T::DecisionKind, T::Decisions)
}

pub(super) fn parse_role(s: &str) -> std::result::Result<Role, String> {
    crate::cli::named(s, T::RoleKind, T::Roles)
}

pub(super) fn barcode(raw: &str) -> Result<Barcode> {
    read_scan(raw).map_err(|e| Error::said(e.to_string(), e.zh()))
}

/// `BARCODE=take|return|away`.
pub(super) fn parse_decision(s: &str) -> std::result::Result<(String, count::Decision), String> {
    let (b, d) = s.split_once('=').ok_or_else(|| {
        CliWorkflowMsg::NotADecisionPair {
            given: s.to_owned(),
        }
        .say(crate::cli::language())
    })?;
    Ok((
        depot_domain::ids::fold_width(b.trim()),
        parse_decision_name(d)?,
    ))
}
