//! One depot's lines: what its last bundle says it holds against its standard.

use super::parts::report;
use super::spec::HqSpec;
use super::words::hc;
use super::words::{DEPOT, FIGURES_AS_OF, state_word};
use crate::hq::figures::{self};
use crate::store::Store;
use crate::{Error, Result};
use depot_domain::msg::service::ServiceMsg;
use depot_report::table::{Cell, Report, Section};
use depot_report::words::{Lang, cols as c, l, label as lb, pick};

/// `report readiness --by depot --scope CODE`: one depot's lines, as its bundle carried them.
pub(super) fn lines(store: &Store, spec: &HqSpec, code: &str, lang: Lang) -> Result<Report> {
    let f = figures::one(store, code, spec.today, spec.stale_days)?.ok_or_else(|| {
        Error::Msg(ServiceMsg::HqNotEnrolled {
            code: code.to_owned(),
        })
    })?;
    let r0 = store.read()?;
    let lines = figures::readiness_lines(&r0, code)?;
    let mut r = report(("Readiness of a depot", "单库战备状态"), lang);
    let d = &f.depot;
    r.fact(
        "depot",
        l(lang, DEPOT),
        Cell::text(d.code.clone()),
        d.name.clone(),
    );
    r.fact(
        "depot_as_of",
        l(lang, FIGURES_AS_OF),
        Cell::opt_date(d.last.as_ref().map(|l| l.as_of)),
        state_word(f.state, lang),
    );
    r.fact("lines", l(lang, lb::LINES), Cell::int(f.tally.lines), "");
    r.fact("lines_equipped", "", Cell::int(f.tally.equipped), "");
    r.fact(
        "equipped_rate",
        l(lang, lb::EQUIPPED),
        Cell::Pct(f.tally.equipped_rate()),
        "",
    );
    r.fact(
        "ready_coverage",
        l(lang, lb::COVERAGE),
        Cell::Pct(f.tally.ready_coverage()),
        "",
    );
    r.fact("lines_ready", "", Cell::int(f.tally.ready_met), "");
    r.fact(
        "compliance_rate",
        l(lang, lb::COMPLIANCE),
        Cell::Pct(f.compliance_rate()),
        "",
    );
    r.fact("scopes", l(lang, lb::SCOPES), Cell::int(f.scopes), "");
    r.fact("scopes_compliant", "", Cell::int(f.compliant), "");
    r.fact(
        "saturation",
        l(lang, lb::SATURATION),
        Cell::Pct(f.saturation()),
        "",
    );
    let mut sec = Section::new(
        "readiness",
        pick(
            lang,
            "Lines of standards, as the depot's readiness.csv",
            "配备标准条目（同该库的 readiness.csv）",
        ),
        vec![
            c::SCOPE,
            c::SCOPE_NAME,
            c::MODULE,
            c::WHAT,
            c::REQUIRED,
            c::HELD,
            c::READY,
            hc::EQUIPPED,
            hc::READY_MET,
        ],
    );
    for x in lines {
        sec.rows.push(vec![
            Cell::text(x.scope),
            Cell::text(x.scope_name),
            Cell::text(x.module),
            Cell::text(x.what),
            Cell::Num(x.required),
            Cell::Num(x.held),
            Cell::Num(x.ready),
            Cell::Bool(x.equipped),
            Cell::Bool(x.ready_met),
        ]);
    }
    r.sections.push(sec);
    Ok(r)
}
