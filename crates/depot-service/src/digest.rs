//! `depot digest`: what needs someone's action on a day, read in one transaction — the
//! register's snapshot, the ledger's last check-out of each piece past due (when, and who
//! issued it), and at headquarters the depots whose bundle is stale — built by
//! [`depot_report::digest`].

use std::collections::HashMap;

use depot_domain::access::Permission;
use depot_domain::movement::Action;
use depot_report::ReportKind;
use depot_report::digest::{DigestSpec, Issued, acts, past_due_barcodes};
use depot_report::table::Report;
use depot_report::words::Lang;

use crate::Result;
use crate::hq::report::HqSpec;
use crate::readiness::{scope, snapshot};
use crate::store::Store;
use crate::trend::{TrendSpec, trend};

/// The digest `spec` asks for; at headquarters (a depot enrolled), with the depots whose last
/// bundle is older than `stale_days` days.
pub fn build(store: &Store, spec: &DigestSpec, stale_days: i64, lang: Lang) -> Result<Report> {
    let (mut report, hq) = {
        let r = store.read()?;
        let s = snapshot(&r)?;
        let w = scope(&s, spec.scope.as_deref())?;
        let mut issued = HashMap::new();
        if acts(spec.role, Permission::Scan) {
            for b in past_due_barcodes(&s, w, spec.as_of, spec.per_place) {
                let last = r
                    .history(&b)?
                    .into_iter()
                    .rev()
                    .find(|m| m.body.action == Action::Checkout);
                if let Some(m) = last {
                    let by = m.body.operator.to_string();
                    let since = m.body.at.date_naive();
                    issued.insert(b, Issued { since, by });
                }
            }
        }
        let hq = spec.scope.is_none()
            && acts(spec.role, Permission::Manage)
            && !r.hq_depots()?.is_empty();
        (depot_report::digest::digest(&s, spec, w, &issued, lang), hq)
    };
    if hq {
        let stale = crate::hq::report::build(
            store,
            &HqSpec {
                kind: ReportKind::Stale,
                depot: None,
                today: spec.as_of,
                stale_days,
            },
            lang,
        )?;
        report.sections.extend(stale.sections);
    }
    Ok(report)
}

/// The months of rates a digest's chart shows.
pub const TREND_MONTHS: u32 = 12;

/// Adds to `report`, the digest `spec` asks for, the rates of its scope at each month of the
/// last [`TREND_MONTHS`] (`service::trend`, a replay of the ledger), which its HTML page and
/// workbook draw as a chart: for those who act on targets (an officer, or everyone), and only
/// where the scope had something to measure.
pub fn add_trend(store: &Store, spec: &DigestSpec, report: &mut Report, lang: Lang) -> Result<()> {
    if !acts(spec.role, Permission::Manage) {
        return Ok(());
    }
    let run = trend(
        store,
        &TrendSpec {
            from: spec
                .as_of
                .checked_sub_months(chrono::Months::new(TREND_MONTHS))
                .unwrap_or(spec.as_of),
            to: spec.as_of,
            every: depot_domain::readiness::Every::Month,
            scope: spec.scope.clone(),
        },
    )?;
    let measured = run
        .points
        .iter()
        .filter(|p| {
            p.figures
                .as_ref()
                .is_some_and(|f| f.equipped_rate().is_some())
        })
        .count();
    let held = run.points.iter().any(|p| {
        p.figures
            .as_ref()
            .is_some_and(|f| f.stock.pieces > 0 || f.stock.lots > 0)
    });
    if measured > 1 && held {
        report
            .sections
            .push(depot_report::digest::trend_section(&run.points, lang));
    }
    Ok(())
}
