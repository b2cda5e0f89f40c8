//! `depot backup` and `depot restore`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Msg, language, pick, refuse};
use depot_domain::Lang;
use depot_domain::msg::cli::backup::CliBackupMsg;
use depot_service::backup;
use depot_service::store::Store;
use depot_service::{Error, Result};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write the copy to (a new redb file; it must not be the database).
    pub file: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup written by `depot backup` (or the terminal UI).
    pub file: PathBuf,
    /// Replace the database without asking (a script must give it; on a terminal depot asks).
    #[arg(long)]
    pub yes: bool,
}

/// Why `depot backup` cannot open a database another program has open, and what to do.
pub(super) fn already_open(db: &Path) -> Error {
    refuse(CliBackupMsg::AlreadyOpen {
        db: db.display().to_string(),
    })
}

pub(super) fn backup_cmd(store: &Store, args: BackupArgs) -> Result<ExitCode> {
    let copy = backup::backup(store, &args.file, args.force)?;
    println!("{}", pick(&copy.to_string(), &copy.zh()));
    Ok(ExitCode::SUCCESS)
}

/// `depot restore FILE`: an officer's action, with their PIN; confirmed on a terminal, or
/// by `--yes` in a script.
pub(super) fn restore_cmd(db: &Path, op: Option<&str>, args: RestoreArgs) -> Result<ExitCode> {
    let ctx = depot_service::Ctx::new(op)?;
    // The PIN is checked against the database to be replaced, where it can be opened (a
    // database open elsewhere, or damaged, is answered by the restore itself).
    if db.exists()
        && let Ok(current) = depot_service::store::open(db)
    {
        super::pin::confirm(&current, op)?;
    }
    let on_terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let restored = backup::restore(db, &args.file, &ctx, |plan| {
        if args.yes {
            return Ok(());
        }
        if !on_terminal {
            return Err(refuse(PlanMsg(plan, |plan| {
                CliBackupMsg::RestoreNeedsYes { plan }
            })));
        }
        ask(plan)
    })?;
    println!("{}", pick(&restored.to_string(), &restored.zh()));
    Ok(ExitCode::SUCCESS)
}

/// Asks on the terminal whether to go ahead with `plan` (y/N); anything but yes refuses.
fn ask(plan: &backup::Plan) -> Result<()> {
    eprint!(
        "{}",
        PlanMsg(plan, |plan| CliBackupMsg::RestoreAsk { plan }).say(language())
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Error::io("terminal", e))?;
    let answer = answer.trim().to_lowercase();
    if matches!(answer.as_str(), "y" | "yes" | "是") {
        return Ok(());
    }
    Err(refuse(CliBackupMsg::RestoreNotConfirmed))
}

/// A message about a restore's plan, which says itself in each language (`en()`, `zh()`).
struct PlanMsg<'a>(&'a backup::Plan, fn(String) -> CliBackupMsg);

impl Msg for PlanMsg<'_> {
    fn say(&self, lang: Lang) -> String {
        let plan = match lang {
            Lang::En => self.0.en(),
            Lang::Zh => self.0.zh(),
        };
        (self.1)(plan).say(lang)
    }
}

/// `depot migrate --to URL_OR_PATH`: the whole depot copied into a new database on either
/// engine, in one transaction there, and the copy verified; this database is only read.
pub fn migrate_cmd(store: &Store, to: &str) -> Result<ExitCode> {
    use depot_service::store::{Access, Location};
    let at = Location::parse(to);
    let new_file = match &at {
        Location::File(p) if p.exists() => {
            return Err(refuse(CliBackupMsg::MigrateTargetExists {
                path: p.display().to_string(),
            }));
        }
        Location::File(p) => Some(p.clone()),
        Location::Server(_) => None,
    };
    let total = depot_service::migrate::movements_to_copy(store)?;
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(CliBackupMsg::CopyingMovements.say(language()));
    let moved = depot_service::store::at(&at, Access::Create)
        .map_err(Error::from)
        .and_then(|target| {
            use depot_service::migrate::Stage;
            depot_service::migrate::migrate(store, &target, &mut |stage| match stage {
                Stage::Movements(n) => bar.set_position(n),
                Stage::Rows => bar.set_message(CliBackupMsg::CopyingRows.say(language())),
                Stage::Verifying => bar.set_message(CliBackupMsg::VerifyingCopy.say(language())),
            })
        });
    bar.finish_and_clear();
    let moved = match moved {
        Ok(m) => m,
        Err(e) => {
            // Nothing was committed there; a file made for the copy holds no register.
            if let Some(p) = new_file {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
    };
    let head: String = moved.head.1[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let shown = match &at {
        Location::File(p) => p.display().to_string(),
        Location::Server(url) => depot_service::store::redact(url),
    };
    println!(
        "{}",
        CliBackupMsg::Migrated {
            target: shown,
            movements: moved.movements.to_string(),
            stock: moved.stock.to_string(),
            last: moved.head.0.to_string(),
            head,
            verified: pick(&moved.verified.to_string(), &moved.verified.zh()),
        }
        .say(language())
    );
    Ok(if moved.verified.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
