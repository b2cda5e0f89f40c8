//! `depot digest`: what needs someone's action on a day, read in one transaction — the
//! register's snapshot, the ledger's last check-out of each piece past due (when, and who
//! issued it), the lines below standard of the digest last sent to the same audience, and at
//! headquarters the depots whose bundle is stale — built by [`depot_report::digest`].

use std::collections::HashMap;

use depot_domain::access::{Permission, Role};
use depot_domain::movement::Action;
use depot_domain::notify::Audience;
use depot_report::ReportKind;
use depot_report::digest::{Digest, DigestSpec, Issued, acts, past_due_barcodes};
use depot_report::digest_change::Since;
use depot_report::table::Report;
use depot_report::words::Lang;

use crate::Result;
use crate::hq::report::HqSpec;
use crate::readiness::{scope, snapshot};
use crate::store::{SentRecord, Store};
use crate::trend::{TrendSpec, trend};

/// Whose digests sent a digest of `spec` is compared with: the place's, the role's, or, for
/// everything with no role, the officer's (who sees everything).
pub fn audience_of(spec: &DigestSpec) -> Audience {
    match (&spec.scope, spec.role) {
        (Some(code), _) => Audience::Place(code.clone()),
        (None, Some(role)) => Audience::Role(role),
        (None, None) => Audience::Role(Role::Officer),
    }
}

/// The digest last sent to any address of `audience`, if one was.
fn last_sent(store: &Store, audience: &Audience) -> Result<Option<SentRecord>> {
    let sent = store.read()?.digests_sent()?;
    Ok(sent
        .into_iter()
        .filter(|s| s.audience == audience.key())
        .max_by(|a, b| a.at.cmp(&b.at)))
}

/// The digest `spec` asks for, its lines below standard against those of the digest last
/// sent to the same audience ([`audience_of`]); at headquarters (a depot enrolled), with the
/// depots whose last bundle is older than `stale_days` days.
pub fn build(store: &Store, spec: &DigestSpec, stale_days: i64, lang: Lang) -> Result<Report> {
    let sent = last_sent(store, &audience_of(spec))?;
    let since = sent.as_ref().map(|s| Since {
        at: &s.at,
        lines: &s.lines,
    });
    Ok(build_since(store, spec, since, stale_days, lang)?.report)
}

/// The digest `spec` asks for, its lines below standard against `since` (none: not
/// compared), with every line below standard it counted; at headquarters, with the stale
/// depots.
pub fn build_since(
    store: &Store,
    spec: &DigestSpec,
    since: Option<Since<'_>>,
    stale_days: i64,
    lang: Lang,
) -> Result<Digest> {
    let (mut digest, hq) = {
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
        let built = depot_report::digest::digest(&s, spec, w, &issued, since, lang);
        (built, hq)
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
        digest.report.sections.extend(stale.sections);
    }
    Ok(digest)
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
