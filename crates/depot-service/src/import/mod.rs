//! The import use case: the exchange side reads the files into a [`Bundle`] of parsed rows;
//! here the whole bundle is checked against itself and the register (`check`), then written
//! in one transaction (`land`), every asset and lot through a movement (opening balance, or an
//! update or adjustment when a re-imported row differs). Any finding and nothing is written.

use crate::Result;
use crate::store::{Store, Writer};
use depot_domain::Module;
use depot_domain::access::Permission;
use depot_domain::msg::service::ServiceMsg;

use super::Ctx;

mod check;
pub mod files;
mod land;
pub mod register;
pub use check::check;
use check::{barcode_order, check_in_order};
pub use depot_exchange::import::{Bundle, Compact, Origin, Read, Rows, Source};
use land::apply;

/// A row that cannot be imported: where, which column, what value, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub origin: Origin,
    pub column: &'static str,
    pub value: String,
    pub reason: String,
    /// The reason in Chinese.
    pub reason_zh: String,
}

/// How many records of a kind were new, changed or already there unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: u64,
    pub changed: u64,
    pub same: u64,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub kinds: Vec<(&'static str, Counts)>,
    pub movements: u64,
}

/// The result of an import: it landed whole, or nothing changed and these rows are why.
#[derive(Debug)]
pub enum Outcome {
    Landed(Summary),
    Rejected(Vec<Finding>),
}

/// What an import stopped by Ctrl+C or a signal left behind: it runs in one write
/// transaction, which is dropped uncommitted.
pub const NOT_IMPORTED: ServiceMsg = ServiceMsg::NotImported;

/// Checks `bundle` and writes it in one durable transaction; with `dry_run`, does all the work
/// and then aborts, so the summary is exact and nothing changes.
pub fn import(store: &Store, ctx: &Ctx, bundle: &Bundle, dry_run: bool) -> Result<Outcome> {
    land(store, ctx, bundle, dry_run, &Landing::local(&nothing))
}

/// As [`import`], with `also` run in the same transaction after the bundle landed (what a
/// register's import keeps beside its movements: the barcodes it gave, the shelves).
pub fn import_with(
    store: &Store,
    ctx: &Ctx,
    bundle: &Bundle,
    dry_run: bool,
    also: &dyn Fn(&mut Writer<'_>, &Summary) -> Result<()>,
) -> Result<Outcome> {
    let after = |w: &mut Writer<'_>, _: &Bundle, s: &Summary| also(w, s);
    land(store, ctx, bundle, dry_run, &Landing::local(&after))
}

/// How an import lands beyond checking and writing its rows.
pub struct Landing<'a> {
    /// Whether the directive in force bounds the import (`directive::guard_findings`): every
    /// import but a directive's own, which replaces it.
    pub guard: bool,
    /// Run in the same transaction after the rows landed.
    pub after: &'a dyn Fn(&mut Writer<'_>, &Bundle, &Summary) -> Result<()>,
}

impl<'a> Landing<'a> {
    /// A local import, bounded by the directive in force.
    pub fn local(after: &'a dyn Fn(&mut Writer<'_>, &Bundle, &Summary) -> Result<()>) -> Self {
        Landing { guard: true, after }
    }
}

/// Nothing more after the rows landed.
pub fn nothing(_: &mut Writer<'_>, _: &Bundle, _: &Summary) -> Result<()> {
    Ok(())
}

/// As [`import`], landing as `landing` says.
pub fn land(
    store: &Store,
    ctx: &Ctx,
    bundle: &Bundle,
    dry_run: bool,
    landing: &Landing<'_>,
) -> Result<Outcome> {
    let order = barcode_order(bundle);
    let mut findings = check_in_order(&store.read()?, bundle, &order)?;
    if landing.guard {
        findings.extend(crate::directive::guard_findings(&store.read()?, bundle)?);
    }
    crate::interrupt::check(NOT_IMPORTED)?;
    if !findings.is_empty() {
        return Ok(Outcome::Rejected(findings));
    }
    // Imports are for officers; the operator of the first import to a new database (`depot
    // init --sample`) becomes its first officer.
    let run = |w: &mut Writer<'_>, ctx: &Ctx| {
        super::access::authorize(w, ctx, Permission::Manage, "import")?;
        let summary = apply(w, ctx, bundle, &order)?;
        (landing.after)(w, bundle, &summary)?;
        Ok(summary)
    };
    let summary = if dry_run {
        store.trial(|w| run(w, &ctx.pinned()))?
    } else {
        super::access::act(store, ctx, "import", run)?
    };
    Ok(Outcome::Landed(summary))
}

/// Runs an import: `read` parses the files into rows, given the register's modules (which a
/// file may name instead of giving a code). When every row was readable, the bundle is
/// checked and landed in one transaction (`import`); otherwise nothing is written and the
/// bundle is only checked, so that the rows the register would refuse are reported beside the
/// unreadable ones.
pub fn run(
    store: &Store,
    ctx: &Ctx,
    dry_run: bool,
    read: impl FnOnce(&[Module]) -> Result<Read>,
) -> Result<Outcome> {
    run_landing(store, ctx, dry_run, &Landing::local(&nothing), read)
}

/// As [`run`], landing as `landing` says.
pub fn run_landing(
    store: &Store,
    ctx: &Ctx,
    dry_run: bool,
    landing: &Landing<'_>,
    read: impl FnOnce(&[Module]) -> Result<Read>,
) -> Result<Outcome> {
    let known = store.read()?.modules()?;
    let Read { bundle, unreadable } = read(&known)?;
    if unreadable {
        return Ok(Outcome::Rejected(check(&store.read()?, &bundle)?));
    }
    land(store, ctx, &bundle, dry_run, landing)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
