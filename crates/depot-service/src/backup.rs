//! `depot backup` and `depot restore`: a verified copy of the database, and putting one back
//! in place of it.
//!
//! A backup is copied from one read snapshot (see `store::backup`), then opened as a database
//! of its own and checked: its ledger verifies, and it holds the rows and the ledger head of the
//! snapshot it was taken from. A restore checks the file first, on a copy beside the database,
//! and only then moves the database aside (kept, never deleted) and puts the copy in its place.

use depot_domain::Lang;
use depot_domain::msg::service::ServiceMsg;
use std::path::{Path, PathBuf};

use crate::store::{self, AuditEntry, Census, Store, StoreError};
use crate::{Error, Result};
use depot_domain::access::Permission;
use depot_domain::movement::hex;

use crate::{Ctx, access, verify};

/// What a backup stopped by Ctrl+C or a signal left behind.
pub const NOT_BACKED_UP: ServiceMsg = ServiceMsg::NotBackedUp;

/// What a restore stopped by Ctrl+C or a signal left behind.
pub const NOT_RESTORED: ServiceMsg = ServiceMsg::NotRestored;

/// A checked copy of a database: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub path: PathBuf,
    pub movements: u64,
    pub head: [u8; 32],
    pub barcodes: u64,
}

impl Checked {
    /// The backup's line in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        ServiceMsg::BackupWritten {
            path: self.path.display().to_string(),
            copy: self.summary(lang),
        }
        .say(lang)
    }

    /// What the copy holds, in `lang`.
    fn summary(&self, lang: Lang) -> String {
        ServiceMsg::CopyChecked {
            movements: self.movements.to_string(),
            barcodes: self.barcodes.to_string(),
            head: hex(&self.head)[..16].to_owned(),
        }
        .say(lang)
    }

    /// The backup's line in Chinese.
    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}

impl std::fmt::Display for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

/// Writes a copy of `store` to `dest` (replacing a file there only with `replace`) and checks
/// the copy. A copy that does not check out is left there and reported as an error.
pub fn backup(store: &Store, dest: &Path, replace: bool) -> Result<Checked> {
    if dest.is_dir() {
        return Err(Error::Msg(ServiceMsg::BackupIsDirectory {
            path: dest.display().to_string(),
            example: dest.join("depot-backup.redb").display().to_string(),
        }));
    }
    if store::same_file(dest, store.path()) {
        return Err(Error::Msg(ServiceMsg::BackupIsDatabase {
            path: dest.display().to_string(),
        }));
    }
    if dest.exists() && !replace {
        return Err(Error::Msg(ServiceMsg::BackupExists {
            path: dest.display().to_string(),
        }));
    }
    let census = store
        .backup_to(dest, replace, &crate::interrupt::requested)?
        .ok_or(Error::Interrupted(NOT_BACKED_UP))?;
    check(dest, Some(&census)).map_err(|why| {
        let path = dest.display().to_string();
        Error::phrase(move |lang| ServiceMsg::BackupUnfit {
            path: path.clone(),
            why: why.say(lang),
        })
    })
}

/// Why a copy of a database is not fit to rely on or restore.
#[derive(Debug, Clone)]
enum Unfit {
    NotDepot,
    Newer {
        found: u32,
        known: u32,
    },
    Older {
        found: u32,
        known: u32,
    },
    Open,
    /// Damaged: what is wrong with it, as the check found it.
    Damaged(String),
}

impl Unfit {
    fn say(&self, lang: Lang) -> String {
        match self {
            Unfit::NotDepot => ServiceMsg::UnfitNotDepot,
            Unfit::Newer { found, known } => ServiceMsg::UnfitNewer {
                found: found.to_string(),
                known: known.to_string(),
            },
            Unfit::Older { found, known } => ServiceMsg::UnfitOlder {
                found: found.to_string(),
                known: known.to_string(),
            },
            Unfit::Open => ServiceMsg::UnfitOpen,
            Unfit::Damaged(why) => ServiceMsg::UnfitDamaged { why: why.clone() },
        }
        .say(lang)
    }
}

/// Opens the database at `path` and checks it: its ledger verifies and, when `expected` is
/// given, it holds those rows and that ledger head. The error says what is wrong.
fn check(path: &Path, expected: Option<&Census>) -> std::result::Result<Checked, Unfit> {
    // redb may panic on some damaged files rather than report them; a damaged file is what
    // this check is for, so that is an answer too.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_inner(path, expected)))
        .unwrap_or_else(|_| {
            Err(Unfit::Damaged(
                "it is damaged (the database engine failed reading it)".into(),
            ))
        })
}

fn check_inner(path: &Path, expected: Option<&Census>) -> std::result::Result<Checked, Unfit> {
    let damaged = Unfit::Damaged;
    let copy = crate::store::open(path).map_err(|e| unusable(&e))?;
    let report = verify::verify(&copy).map_err(|e| damaged(e.to_string()))?;
    if !report.ok() {
        return Err(damaged(report.to_string()));
    }
    let found = copy.census().map_err(|e| damaged(e.to_string()))?;
    if let Some(want) = expected
        && *want != found
    {
        return Err(damaged(differs(want, &found)));
    }
    let barcodes = found
        .tables
        .iter()
        .find(|(t, _)| t == "stock")
        .map_or(0, |(_, n)| *n);
    Ok(Checked {
        path: path.to_owned(),
        movements: found.ledger.0,
        head: found.ledger.1,
        barcodes,
    })
}

/// How a copy differs from the snapshot it was taken from.
fn differs(want: &Census, found: &Census) -> String {
    for (table, n) in &want.tables {
        let got = found
            .tables
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, n)| *n);
        if got != Some(*n) {
            return format!(
                "table {table} has {} rows where the database has {n}",
                got.map_or("no".to_owned(), |g| g.to_string())
            );
        }
    }
    if found.tables.len() != want.tables.len() {
        return "it has tables the database does not have".to_owned();
    }
    format!(
        "its ledger ends at seq {} (head {}) where the database's ends at seq {} (head {})",
        found.ledger.0,
        &hex(&found.ledger.1)[..16],
        want.ledger.0,
        &hex(&want.ledger.1)[..16]
    )
}

/// Why a file cannot serve as a database, without the name of the staging copy it was read
/// from (the caller names the file).
fn unusable(e: &StoreError) -> Unfit {
    match e {
        StoreError::NotDepot(_) => Unfit::NotDepot,
        StoreError::NewerSchema { found, known, .. } => Unfit::Newer {
            found: *found,
            known: *known,
        },
        StoreError::OlderSchema { found, known, .. } => Unfit::Older {
            found: *found,
            known: *known,
        },
        StoreError::AlreadyOpen(_) => Unfit::Open,
        e => Unfit::Damaged(format!("it is damaged ({e})")),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub from: PathBuf,
    pub db: PathBuf,
    pub copy: Checked,
    /// Where the database that was replaced is kept; `None` when there was none.
    pub aside: Option<PathBuf>,
}

impl Restored {
    /// The restore's line in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let mut s = ServiceMsg::Restored {
            db: self.db.display().to_string(),
            from: self.from.display().to_string(),
            copy: self.copy.summary(lang),
        }
        .say(lang);
        s.push_str(
            &match &self.aside {
                Some(a) => ServiceMsg::RestoredAside {
                    aside: a.display().to_string(),
                },
                None => ServiceMsg::RestoredNothingBefore,
            }
            .say(lang),
        );
        s
    }

    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}

impl std::fmt::Display for Restored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub db: PathBuf,
    pub from: PathBuf,
    /// The current database's ledger: movements and head; `None` when there is no database
    /// there, or it cannot be read.
    pub current: Option<(u64, [u8; 32])>,
    pub backup: Checked,
}

impl Plan {
    /// What the restore will do, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let now = match self.current {
            Some((n, head)) => ServiceMsg::PlanNow {
                db: self.db.display().to_string(),
                movements: n.to_string(),
                head: hex(&head)[..16].to_owned(),
            },
            None => ServiceMsg::PlanNothingNow {
                db: self.db.display().to_string(),
            },
        }
        .say(lang);
        ServiceMsg::Plan {
            now,
            from: self.from.display().to_string(),
            movements: self.backup.movements.to_string(),
            head: hex(&self.backup.head)[..16].to_owned(),
        }
        .say(lang)
    }

    pub fn en(&self) -> String {
        self.say(Lang::En)
    }

    pub fn zh(&self) -> String {
        self.say(Lang::Zh)
    }
}
pub const RESTORE: &str = "restore";

/// Puts the backup `file` in place of the database `db`, as the officer of `ctx`: checks a
/// copy of it first (nothing is replaced unless it verifies), asks `confirm` (which refuses
/// with an error, or agrees), then writes the restore into the copy's audit log (who, from
/// which file, the ledger heads before and after, where the replaced database is kept), so the
/// entry is in the register put in place, and keeps the current database as
/// `<db>.replaced-<YYYYMMDD-HHMMSS>`. Refused while another program has `db` open, and for an
/// operator who is not an officer of the current database (of the backup, when there is no
/// readable database to replace); a refusal is audited there.
pub fn restore(
    db: &Path,
    file: &Path,
    ctx: &Ctx,
    confirm: impl FnOnce(&Plan) -> Result<()>,
) -> Result<Restored> {
    if !file.is_file() {
        return Err(Error::Msg(ServiceMsg::NoBackupFile {
            path: file.display().to_string(),
        }));
    }
    if store::same_file(file, db) {
        return Err(Error::Msg(ServiceMsg::RestoreIsDatabase {
            path: file.display().to_string(),
        }));
    }
    not_open(db)?;
    // The database to replace, where it can be read: the operator must be its officer.
    let current = match db.exists().then(|| crate::store::open(db)) {
        Some(Ok(now)) => {
            officer(&now, ctx)?;
            Some(now.read()?.ledger_head()?)
        }
        _ => None,
    };
    let staged = store::stage_beside(file, db)?;
    let discard = |e: Error| {
        let _ = std::fs::remove_file(&staged);
        e
    };
    let copy = check(&staged, None).map_err(|why| {
        let path = file.display().to_string();
        discard(Error::phrase(move |lang| ServiceMsg::RestoreUnfit {
            path: path.clone(),
            why: why.say(lang),
        }))
    })?;
    let plan = Plan {
        db: db.to_owned(),
        from: file.to_owned(),
        current,
        backup: copy.clone(),
    };
    let aside = aside_name(db);
    let entry = |ctx: &Ctx| AuditEntry {
        at: ctx.stamp(),
        operator: ctx.operator.to_string(),
        action: RESTORE.to_owned(),
        outcome: restored_outcome(&plan, &aside),
    };
    // Nothing to replace that names its officers: the backup's officers may restore it.
    let audited = (|| -> Result<()> {
        let copy_store = crate::store::open(&staged)?;
        if current.is_none() {
            officer(&copy_store, ctx)?;
        }
        confirm(&plan)?;
        // The last moments before anything is replaced: stopped, or the database opened
        // meanwhile.
        crate::interrupt::check(NOT_RESTORED).and_then(|()| not_open(db))?;
        copy_store.write(|w| w.audit(&entry(&ctx.pinned())).map_err(Error::from))
    })();
    audited.map_err(discard)?;
    let kept = store::swap_in(&staged, db, &aside).inspect_err(|_| {
        let _ = std::fs::remove_file(&staged);
    })?;
    Ok(Restored {
        from: file.to_owned(),
        db: db.to_owned(),
        copy: Checked {
            path: db.to_owned(),
            ..copy
        },
        aside: kept,
    })
}

/// Refuses an operator who is not an officer of `store` (the refusal is audited there).
fn officer(store: &Store, ctx: &Ctx) -> Result<()> {
    access::act(store, ctx, RESTORE, |w, ctx| {
        access::authorize(w, ctx, Permission::Manage, "restore a backup").map(|_| ())
    })
}

/// The audit log's outcome of a restore: what was replaced, from which file, the ledger heads
/// before and after, and where the replaced database is kept.
fn restored_outcome(plan: &Plan, aside: &Path) -> String {
    let (db, from, aside) = (
        plan.db.display().to_string(),
        plan.from.display().to_string(),
        aside.display().to_string(),
    );
    let before = match plan.current {
        Some((n, head)) => ServiceMsg::RestoredReplaced {
            db,
            movements: n.to_string(),
            head: hex(&head),
            aside,
        },
        None => ServiceMsg::RestoredPutInPlace { db },
    };
    let said = |lang: Lang| {
        ServiceMsg::RestoredFrom {
            before: before.say(lang),
            from: from.clone(),
            movements: plan.backup.movements.to_string(),
            head: hex(&plan.backup.head),
        }
        .say(lang)
    };
    crate::audit_words::both(&said(Lang::En), &said(Lang::Zh))
}

/// Refuses when another program has the database open (a database that does not open for any
/// other reason, a damaged one, may still be replaced: it is kept aside).
fn not_open(db: &Path) -> Result<()> {
    match crate::store::open(db) {
        Err(StoreError::AlreadyOpen(_)) => Err(Error::Msg(ServiceMsg::RestoreOpen {
            path: db.display().to_string(),
        })),
        _ => Ok(()),
    }
}

/// `<db>.replaced-<YYYYMMDD-HHMMSS>`, with `-2`, `-3` … if that is taken.
fn aside_name(db: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let base = format!("{}.replaced-{stamp}", db.display());
    let mut name = PathBuf::from(&base);
    let mut n = 2;
    while name.exists() {
        name = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    name
}
