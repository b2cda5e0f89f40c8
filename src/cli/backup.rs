//! `depot backup` and `depot restore`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::service::backup;
use crate::store::Store;
use crate::{Error, Result};

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

pub(super) fn restore_cmd(db: &Path, args: RestoreArgs) -> Result<ExitCode> {
    let restored = backup::restore(db, &args.file)?;
    println!("{}", super::say(&restored.to_string(), &restored.zh()));
    Ok(ExitCode::SUCCESS)
}
