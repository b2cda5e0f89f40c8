//! `depot import directive DIR`: headquarters' directive checked (its key the one enrolled,
//! its signature, every file's SHA-256, a version newer than the one in force, in effect by
//! today) and taken whole through the reference-data import, with its record, in one
//! transaction; or refused, nothing changed, saying what and what to do.
//!
//! A directive dated to take effect later is refused until that day rather than kept pending:
//! the depot's figures are measured against the standards in force, and a directive taken
//! early would measure them against standards not yet in force; the folder keeps, and is
//! imported on its day.

use std::path::Path;

use chrono::NaiveDate;

use super::guard::{item_key, module_key, standard_key, target_key};
use super::{HQ_KEY, IN_FORCE, InForce, hq_key, in_force};
use crate::import::files::{Report, import_landing};
use crate::import::{Bundle, Landing, Source, Summary};
use crate::store::{AuditEntry, Store, Writer};
use crate::{Ctx, Error, Result};
use depot_domain::Lang;
use depot_domain::msg::directive::DirectiveMsg;
use depot_exchange::InputEncoding;
use depot_exchange::bundle::manifest::{fingerprint, unhex};
use depot_exchange::bundle::signed::Problem;
use depot_exchange::columns::Kind;
use depot_exchange::directive::{self, Directive, SCHEMA_VERSION};

/// What a directive's import did: the import's report (its bad rows, if any), and the
/// directive now in force when it landed.
#[derive(Debug)]
pub struct Taken {
    pub report: Report,
    pub in_force: Option<InForce>,
    pub version: u64,
}

fn refuse(msg: DirectiveMsg) -> Error {
    Error::directive(msg)
}

/// Says a problem of reading or checking the directive in `dir`.
fn said(dir: &str, p: Problem) -> Error {
    let dir = dir.to_owned();
    refuse(match p {
        Problem::Malformed(what) => DirectiveMsg::Unreadable { dir, what },
        Problem::Io { path, source } => DirectiveMsg::Unreadable {
            dir,
            what: format!("{path}: {source}"),
        },
        Problem::SchemaVersion(found) => DirectiveMsg::SchemaVersion {
            dir,
            found: found.to_string(),
            ours: SCHEMA_VERSION.to_string(),
        },
        Problem::BadSignature => DirectiveMsg::Tampered {
            dir,
            what: "directive.json: the signature does not verify".into(),
        },
        Problem::FileChanged { file, what } => DirectiveMsg::Tampered {
            dir,
            what: format!("{file}: {what}"),
        },
    })
}

/// Whether `d` may follow the directive in force (`None`: none is).
fn follows(dir: &str, d: &Directive, sha: &str, now: Option<&InForce>) -> Result<()> {
    let Some(now) = now else {
        return Ok(());
    };
    let (dir, version) = (dir.to_owned(), d.body.version.to_string());
    if d.body.version < now.version {
        return Err(refuse(DirectiveMsg::Older {
            dir,
            version,
            in_force: now.version.to_string(),
        }));
    }
    if d.body.version == now.version {
        return Err(refuse(if now.sha256 == sha {
            DirectiveMsg::Replayed { dir, version }
        } else {
            DirectiveMsg::SameVersionDiffers { dir, version }
        }));
    }
    Ok(())
}

/// Checks the directive in `dir` and takes it as of `today`; see the module's doc.
pub fn take(store: &Store, ctx: &Ctx, dir: &Path, today: NaiveDate, lang: Lang) -> Result<Taken> {
    let shown = dir.display().to_string();
    let read = directive::read(dir).map_err(|p| said(&shown, p))?;
    let (d, sha) = (read.directive, read.sha256);
    let r = store.read()?;
    let Some(enrolled) = hq_key(&r)? else {
        return Err(refuse(DirectiveMsg::NoHqKey { dir: shown }));
    };
    match unhex::<32>(&d.body.public_key) {
        Some(k) if k == enrolled => {}
        other => {
            return Err(refuse(DirectiveMsg::WrongKey {
                dir: shown,
                found: other.map_or_else(|| d.body.public_key.clone(), |k| fingerprint(&k)),
                enrolled: fingerprint(&enrolled),
            }));
        }
    }
    let files = directive::check_files(dir, &d).map_err(|p| said(&shown, p))?;
    follows(&shown, &d, &sha, in_force(&r)?.as_ref())?;
    drop(r);
    let effective = NaiveDate::parse_from_str(&d.body.effective, "%Y-%m-%d")
        .map_err(|e| said(&shown, Problem::Malformed(format!("effective: {e}"))))?;
    if effective > today {
        return Err(refuse(DirectiveMsg::NotYetEffective {
            dir: shown,
            version: d.body.version.to_string(),
            effective: d.body.effective.clone(),
            today: today.to_string(),
        }));
    }
    let mut sources = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let kind: Kind = name.trim_end_matches(".csv").parse().map_err(|_| {
            said(
                &shown,
                Problem::Malformed(format!("{name}: no such file kind")),
            )
        })?;
        sources.push(Source::Owned(kind, format!("{shown}/{name}"), bytes));
    }
    let record = |w: &mut Writer<'_>, b: &Bundle, _: &Summary| -> Result<()> {
        // Again in the transaction: another terminal may have taken a directive meanwhile,
        // or replaced headquarters' key.
        follows(&shown, &d, &sha, w_in_force(w)?.as_ref())?;
        let key = w
            .meta(HQ_KEY)?
            .map(|v| String::from_utf8_lossy(&v).into_owned());
        if key.as_deref() != Some(d.body.public_key.to_ascii_lowercase().as_str()) {
            return Err(refuse(DirectiveMsg::WrongKey {
                dir: shown.clone(),
                found: d.body.public_key.clone(),
                enrolled: key.unwrap_or_default(),
            }));
        }
        let f = InForce {
            version: d.body.version,
            effective: d.body.effective.clone(),
            issuer: d.body.issuer.clone(),
            sha256: sha.clone(),
            local: d.body.local,
            modules: b.modules.iter().map(|(_, m)| module_key(m)).collect(),
            catalog: b.catalog.iter().map(|(_, c)| item_key(c)).collect(),
            standards: b.standards.iter().map(|(_, l)| standard_key(l)).collect(),
            targets: b.targets.iter().map(|(_, t)| target_key(t)).collect(),
        };
        let json = serde_json::to_vec(&f).unwrap_or_default();
        w.put_meta(IN_FORCE, &json)?;
        let (v, e) = (&d.body.version, &d.body.effective);
        w.audit(&AuditEntry {
            at: crate::Ctx::stamp(ctx),
            operator: ctx.operator.to_string(),
            action: format!("import directive {shown}"),
            outcome: crate::audit_words::both(
                &format!("directive {v} of {}, effective {e}", d.body.issuer),
                &format!("{}指令第 {v} 版，自 {e} 起施行", d.body.issuer),
            ),
        })?;
        Ok(())
    };
    let landing = Landing {
        guard: false,
        after: &record,
    };
    let report = import_landing(
        store,
        ctx,
        &sources,
        InputEncoding::Auto,
        false,
        lang,
        &landing,
    )?;
    let in_force = if report.landed() {
        super::current(store)?
    } else {
        None
    };
    Ok(Taken {
        report,
        in_force,
        version: d.body.version,
    })
}

fn w_in_force(w: &Writer<'_>) -> Result<Option<InForce>> {
    Ok(match w.meta(IN_FORCE)? {
        Some(bytes) => serde_json::from_slice(&bytes).ok(),
        None => None,
    })
}
