//! `depot backup` and `depot restore`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

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
    Error::Invalid(super::say(
        &format!(
            "{} is open in another program (the terminal UI, a scan stream …), and only one program may have it open: close that program and run `depot backup` again, or take the backup from the terminal UI (screen 6 导出, key b), which copies it from its own process",
            db.display()
        ),
        &format!(
            "{} 已被另一个程序打开（终端界面、扫码流程……），而同一时间只能有一个程序打开它：请关闭那个程序后再运行 `depot backup`，或在终端界面中备份（第 6 屏 导出，按 b 键），它在自己的进程内复制",
            db.display()
        ),
    ))
}

pub(super) fn backup_cmd(store: &Store, args: BackupArgs) -> Result<ExitCode> {
    let copy = backup::backup(store, &args.file, args.force)?;
    println!("{}", super::say(&copy.to_string(), &copy.zh()));
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
            return Err(Error::Invalid(super::say(
                &format!(
                    "restore would {}: give --yes to confirm it (standard input is not a terminal to ask on); nothing was changed",
                    plan.en()
                ),
                &format!(
                    "恢复将{}：请加 --yes 确认（标准输入不是终端，无法询问）；未作任何更改",
                    plan.zh()
                ),
            )));
        }
        ask(plan)
    })?;
    println!("{}", super::say(&restored.to_string(), &restored.zh()));
    Ok(ExitCode::SUCCESS)
}

/// Asks on the terminal whether to go ahead with `plan` (y/N); anything but yes refuses.
fn ask(plan: &backup::Plan) -> Result<()> {
    eprint!(
        "{}",
        super::say(
            &format!("Restore will {}. Go ahead? (y/N) ", plan.en()),
            &format!("恢复将{}。确定吗？(y/N) ", plan.zh()),
        )
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
    Err(Error::Invalid(super::say(
        "restore not confirmed; nothing was changed",
        "未确认恢复；未作任何更改",
    )))
}

/// `depot migrate --to URL_OR_PATH`: the whole depot copied into a new database on either
/// engine, in one transaction there, and the copy verified; this database is only read.
pub fn migrate_cmd(store: &Store, to: &str) -> Result<ExitCode> {
    use depot_service::store::{Access, Location};
    let at = Location::parse(to);
    let new_file = match &at {
        Location::File(p) if p.exists() => {
            return Err(Error::Invalid(super::say(
                &format!(
                    "{} already exists: migrate writes a new database; give the path of a file that does not exist yet",
                    p.display()
                ),
                &format!(
                    "{} 已存在：迁移会写出一个新的数据库，请给出尚不存在的文件路径",
                    p.display()
                ),
            )));
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
    bar.set_message(super::say("copying movements", "复制台账记录"));
    let moved = depot_service::store::at(&at, Access::Create)
        .map_err(Error::from)
        .and_then(|target| {
            depot_service::migrate::migrate(store, &target, &mut |n| bar.set_position(n))
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
        super::say(
            &format!(
                "copied to {shown}: {} movements, {} assets and lots; both ledgers end at movement {} ({head}); {}",
                moved.movements, moved.stock, moved.head.0, moved.verified
            ),
            &format!(
                "已复制到 {shown}：{} 条台账记录，{} 个资产与批次；两库台账均止于第 {} 条（{head}）；{}",
                moved.movements,
                moved.stock,
                moved.head.0,
                moved.verified.zh()
            ),
        )
    );
    Ok(if moved.verified.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
