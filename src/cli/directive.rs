//! Headquarters' directives from the command line: `depot hq directive --out DIR` at
//! headquarters, `depot key enrol-hq --public-key KEY` and `depot import directive DIR` at a
//! depot.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::{language, today};
use depot_domain::Lang;
use depot_domain::msg::directive::DirectiveMsg;
use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::unhex;
use depot_exchange::directive::Local;
use depot_service::directive::{self, InForce, Issue, KeyEnrolled};
use depot_service::store::{Location, Store};
use depot_service::{Ctx, Error, Result};

/// `depot hq directive`: sign headquarters' reference files as a directive.
#[derive(Debug, Args)]
pub struct DirectiveArgs {
    /// The new folder to write (missing, or empty).
    #[arg(long)]
    pub out: PathBuf,
    /// The folder of headquarters' reference files: modules.csv, catalog.csv, standards.csv,
    /// targets.csv (those present are sent).
    #[arg(long, default_value = ".")]
    pub from: PathBuf,
    /// The directive's version (default: one above the last issued from this database).
    #[arg(long = "version")]
    pub version: Option<u64>,
    /// The day it takes effect (YYYY-MM-DD); default today. A depot takes it on that day or
    /// later.
    #[arg(long, value_parser = super::parse_date_arg)]
    pub effective: Option<NaiveDate>,
    /// Who issues it, as depots see it.
    #[arg(long, default_value = "headquarters")]
    pub issuer: String,
    /// The sections depots may add their own lines to, comma-separated: modules, catalog,
    /// standards, targets (default: none).
    #[arg(long, default_value = "")]
    pub local: String,
    /// Headquarters' signing key (as for `key init`).
    #[arg(long, env = "DEPOT_KEY")]
    pub key: Option<PathBuf>,
}

fn lang() -> Lang {
    language()
}

/// `depot hq directive …`.
pub(super) fn issue_cmd(store: &Store, op: Option<&str>, a: DirectiveArgs) -> Result<ExitCode> {
    let local = Local::parse(&a.local)
        .map_err(|given| Error::directive(DirectiveMsg::UnknownSection { given }))?;
    let path = match a.key {
        Some(p) => p,
        None => depot_service::bundle::default_path(&Location::from(store.path()), |k| {
            std::env::var(k).ok()
        })?,
    };
    let Some(key) = DepotKey::load(&path)? else {
        return Err(Error::directive(DirectiveMsg::NoIssueKey {
            path: path.display().to_string(),
        }));
    };
    let ctx = Ctx::new(op)?;
    let issued = directive::issue(
        store,
        &ctx,
        &Issue {
            from: &a.from,
            out: &a.out,
            version: a.version,
            effective: a.effective.unwrap_or_else(today),
            issuer: &a.issuer,
            local,
            key: &key,
            created: ctx.stamp(),
        },
    )?;
    let b = &issued.directive.body;
    let files: Vec<String> = b
        .files
        .iter()
        .map(|f| format!("{} ({})", f.name, f.rows))
        .collect();
    let said = DirectiveMsg::Issued {
        dir: issued.dir.display().to_string(),
        version: b.version.to_string(),
        effective: b.effective.clone(),
        fingerprint: key.fingerprint(),
        files: files.join(", "),
    };
    println!("{}", said.say(lang()));
    Ok(ExitCode::SUCCESS)
}

/// `depot key enrol-hq --public-key KEY [--replace]`.
pub(super) fn enrol_cmd(
    store: &Store,
    op: Option<&str>,
    public_key: &str,
    replace: bool,
) -> Result<ExitCode> {
    let key: [u8; 32] =
        unhex(public_key.trim()).ok_or(Error::directive(DirectiveMsg::HqKeyNotHex))?;
    let ctx = Ctx::new(op)?;
    let said = match directive::enrol_hq_key(store, &ctx, key, replace)? {
        KeyEnrolled::New { fingerprint } => DirectiveMsg::HqKeyEnrolled { fingerprint },
        KeyEnrolled::Same { fingerprint } => DirectiveMsg::HqKeySame { fingerprint },
        KeyEnrolled::Replaced { old, new } => DirectiveMsg::HqKeyReplaced { old, new },
    };
    println!("{}", said.say(lang()));
    Ok(ExitCode::SUCCESS)
}

/// What the directive in force says of itself.
pub(super) fn in_force_said(f: Option<&InForce>) -> String {
    let Some(f) = f else {
        return DirectiveMsg::NoneInForce.say(lang());
    };
    let sections: Vec<&str> = f
        .local
        .sections()
        .into_iter()
        .filter(|(_, allowed)| *allowed)
        .map(|(name, _)| name)
        .collect();
    let local = if sections.is_empty() {
        DirectiveMsg::NoSections.say(lang())
    } else {
        sections.join(", ")
    };
    DirectiveMsg::InForce {
        version: f.version.to_string(),
        effective: f.effective.clone(),
        issuer: f.issuer.clone(),
        local,
    }
    .say(lang())
}

/// `depot import directive DIR`.
pub(super) fn import_cmd(store: &Store, op: Option<&str>, dir: &Path) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let taken = directive::take(store, &ctx, dir, today(), lang())?;
    super::register::print_report(&taken.report);
    if !taken.report.landed() {
        let count = taken.report.problems.len().to_string();
        return Err(Error::directive(DirectiveMsg::RowsRefused {
            dir: dir.display().to_string(),
            version: taken.version.to_string(),
            count,
        }));
    }
    if let Some(f) = &taken.in_force {
        let said = DirectiveMsg::Taken {
            version: f.version.to_string(),
            effective: f.effective.clone(),
            issuer: f.issuer.clone(),
        };
        println!("{}", said.say(lang()));
        println!("{}", in_force_said(Some(f)));
    }
    Ok(ExitCode::SUCCESS)
}
