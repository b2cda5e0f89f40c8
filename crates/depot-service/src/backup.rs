//! `depot backup` and `depot restore`: a verified copy of the database, and putting one back
//! in place of it.
//!
//! A backup is copied from one read snapshot (see `store::backup`), then opened as a database
//! of its own and checked: its ledger verifies, and it holds the rows and the ledger head of the
//! snapshot it was taken from. A restore checks the file first, on a copy beside the database,
//! and only then moves the database aside (kept, never deleted) and puts the copy in its place.

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
    fn summary(&self) -> String {
        format!(
            "{} movements, {} assets and lots, head {}, verified",
            self.movements,
            self.barcodes,
            &hex(&self.head)[..16]
        )
    }

    fn summary_zh(&self) -> String {
        format!(
            "{} 条记录，{} 件资产与批次，链头 {}，已校验",
            self.movements,
            self.barcodes,
            &hex(&self.head)[..16]
        )
    }

    /// The backup's line in Chinese.
    pub fn zh(&self) -> String {
        format!(
            "已写入备份：{}（{}）",
            self.path.display(),
            self.summary_zh()
        )
    }
}

impl std::fmt::Display for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "backup written: {} ({})",
            self.path.display(),
            self.summary()
        )
    }
}

/// Writes a copy of `store` to `dest` (replacing a file there only with `replace`) and checks
/// the copy. A copy that does not check out is left there and reported as an error.
pub fn backup(store: &Store, dest: &Path, replace: bool) -> Result<Checked> {
    if dest.is_dir() {
        return Err(Error::said(
            format!(
                "{} is a directory; name the backup file, e.g. {}",
                dest.display(),
                dest.join("depot-backup.redb").display()
            ),
            format!(
                "{} 是文件夹；请给出备份文件名，如 {}",
                dest.display(),
                dest.join("depot-backup.redb").display()
            ),
        ));
    }
    if store::same_file(dest, store.path()) {
        return Err(Error::said(
            format!(
                "{} is the database itself; name another file for the backup",
                dest.display()
            ),
            format!("{} 就是数据库本身；请给备份另起一个文件名", dest.display()),
        ));
    }
    if dest.exists() && !replace {
        return Err(Error::said(
            format!(
                "{} already exists; name another file, or replace it with --force",
                dest.display()
            ),
            format!(
                "{} 已存在；请另起文件名，或用 --force 替换它",
                dest.display()
            ),
        ));
    }
    let census = store
        .backup_to(dest, replace, &crate::interrupt::requested)?
        .ok_or(Error::Interrupted(NOT_BACKED_UP))?;
    check(dest, Some(&census)).map_err(|why| {
        Error::said(
            format!(
                "the backup written to {} does not check out: {why}; do not rely on it (run `depot verify` on the database)",
                dest.display()
            ),
            format!(
                "写到 {} 的备份未通过核验：{}；请勿依赖它（对数据库运行 `depot verify`）",
                dest.display(),
                why_zh(&why)
            ),
        )
    })
}

/// Opens the database at `path` and checks it: its ledger verifies and, when `expected` is
/// given, it holds those rows and that ledger head. The error says what is wrong.
fn check(path: &Path, expected: Option<&Census>) -> std::result::Result<Checked, String> {
    // redb may panic on some damaged files rather than report them; a damaged file is what
    // this check is for, so that is an answer too.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_inner(path, expected)))
        .unwrap_or_else(|_| Err("it is damaged (the database engine failed reading it)".into()))
}

fn check_inner(path: &Path, expected: Option<&Census>) -> std::result::Result<Checked, String> {
    let copy = crate::store::open(path).map_err(|e| unusable(&e))?;
    let report = verify::verify(&copy).map_err(|e| e.to_string())?;
    if !report.ok() {
        return Err(report.to_string());
    }
    let found = copy.census().map_err(|e| e.to_string())?;
    if let Some(want) = expected
        && *want != found
    {
        return Err(differs(want, &found));
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
fn unusable(e: &StoreError) -> String {
    match e {
        StoreError::NotDepot(_) => {
            "it is not a depot database, or it is damaged (cut short, overwritten, another program's file)".to_owned()
        }
        StoreError::NewerSchema { found, known, .. } => format!(
            "it was written by a newer depot (schema version {found}; this program knows {known}); restore it with that depot"
        ),
        StoreError::OlderSchema { found, known, .. } => format!(
            "it was written by an older depot (schema version {found}; this program knows {known})"
        ),
        StoreError::AlreadyOpen(_) => "another program has it open".to_owned(),
        e => format!("it is damaged ({e})"),
    }
}

/// Why a copy does not check out (as [`unusable`] and `check` say it), in Chinese.
fn why_zh(why: &str) -> String {
    if why.starts_with("it is not a depot database") {
        "它不是 depot 数据库，或已损坏（被截断、被覆盖、是其他程序的文件）".to_owned()
    } else if why.starts_with("it was written by a newer depot") {
        "它由更新版本的 depot 写入；请用那个版本恢复".to_owned()
    } else if why.starts_with("it was written by an older depot") {
        "它由旧版本的 depot 写入".to_owned()
    } else if why == "another program has it open" {
        "另一个程序正打开着它".to_owned()
    } else {
        format!("它已损坏（`{why}`）")
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub from: PathBuf,
    pub db: PathBuf,
    pub copy: Checked,
    /// Where the database that was replaced is kept; `None` when there was none.
    pub aside: Option<PathBuf>,
}

impl Restored {
    /// The restore's line in Chinese.
    pub fn zh(&self) -> String {
        let before = match &self.aside {
            Some(a) => format!("被替换的数据库保存为 {}", a.display()),
            None => "此前该处没有数据库".to_owned(),
        };
        format!(
            "已从 {} 恢复 {}（{}）；{before}",
            self.from.display(),
            self.db.display(),
            self.copy.summary_zh()
        )
    }
}

impl std::fmt::Display for Restored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "restored {} from {} ({})",
            self.db.display(),
            self.from.display(),
            self.copy.summary()
        )?;
        match &self.aside {
            Some(a) => write!(f, "; the database it replaced is kept as {}", a.display()),
            None => write!(f, "; there was no database there before"),
        }
    }
}

/// What a restore is about to replace, for the question asked before it does: the database
/// and its ledger (`None`: there is none, or it is damaged), and the checked backup.
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
    /// What will be replaced by what, in English.
    pub fn en(&self) -> String {
        let now = match self.current {
            Some((n, head)) => format!(
                "the register {} ({n} movements, head {})",
                self.db.display(),
                &hex(&head)[..16]
            ),
            None => format!("{} (no readable register there now)", self.db.display()),
        };
        format!(
            "replace {now} with the backup {} ({} movements, head {}); whatever was recorded after that backup is then only in the replaced file, kept aside",
            self.from.display(),
            self.backup.movements,
            &hex(&self.backup.head)[..16]
        )
    }

    /// What will be replaced by what, in Chinese.
    pub fn zh(&self) -> String {
        let now = match self.current {
            Some((n, head)) => format!(
                "台账 {}（{n} 条记录，链头 {}）",
                self.db.display(),
                &hex(&head)[..16]
            ),
            None => format!("{}（该处目前没有可读的台账）", self.db.display()),
        };
        format!(
            "以备份 {}（{} 条记录，链头 {}）替换{now}；此备份之后登记的一切将只留在被替换、另行保存的文件中",
            self.from.display(),
            self.backup.movements,
            &hex(&self.backup.head)[..16]
        )
    }
}

/// The audit log's action for a restore.
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
        return Err(Error::said(
            format!(
                "{}: no such file; name the backup to restore",
                file.display()
            ),
            format!("{}：没有这个文件；请给出要恢复的备份", file.display()),
        ));
    }
    if store::same_file(file, db) {
        return Err(Error::said(
            format!(
                "{} is the database itself; name a backup file to restore",
                file.display()
            ),
            format!("{} 就是数据库本身；请给出要恢复的备份文件", file.display()),
        ));
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
        discard(Error::said(
            format!(
                "{} cannot be restored: {why}; nothing was changed",
                file.display()
            ),
            format!(
                "{} 无法恢复：{}；未作任何改动",
                file.display(),
                why_zh(&why)
            ),
        ))
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
    let (db, from, aside) = (plan.db.display(), plan.from.display(), aside.display());
    let (before, before_zh) = match plan.current {
        Some((n, head)) => {
            let head = hex(&head);
            (
                format!("replaced {db} (ledger {n} movements, head {head}), kept as {aside}"),
                format!("替换了 {db}（台账 {n} 笔，链头 {head}），原库保留为 {aside}"),
            )
        }
        None => (
            format!("put in place at {db} (no readable database there before)"),
            format!("放置于 {db}（此前那里没有可读的数据库）"),
        ),
    };
    let (n, head) = (plan.backup.movements, hex(&plan.backup.head));
    crate::audit_words::both(
        &format!("{before}; restored from {from} (ledger {n} movements, head {head})"),
        &format!("{before_zh}；从 {from} 恢复（台账 {n} 笔，链头 {head}）"),
    )
}

/// Refuses when another program has the database open (a database that does not open for any
/// other reason, a damaged one, may still be replaced: it is kept aside).
fn not_open(db: &Path) -> Result<()> {
    match crate::store::open(db) {
        Err(StoreError::AlreadyOpen(_)) => Err(Error::said(
            format!(
                "{} is open in another program (the terminal UI, a scan stream …); close that program and restore again; nothing was changed",
                db.display()
            ),
            format!(
                "{} 已被另一个程序打开（终端界面、扫码流程……）；请关闭那个程序后再恢复；未作任何改动",
                db.display()
            ),
        )),
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
