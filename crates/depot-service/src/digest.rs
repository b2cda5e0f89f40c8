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
