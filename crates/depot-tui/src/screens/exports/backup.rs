//! The exports screen's backup (key b): a verified copy of the database, taken from this
//! program's own store on a thread of its own. The command line cannot take one while the
//! terminal UI has the database open, so the UI offers it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use depot_service::backup;
use depot_service::store::Store;

use crate::app::{App, BackupJob};
use crate::i18n::{Lang, T};

/// `<db stem>-backup-<YYYYMMDD-HHMMSS>.redb` beside the database.
fn backup_path(db: &Path) -> PathBuf {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("depot");
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    db.with_file_name(format!("{stem}-backup-{stamp}.redb"))
}

/// Starts a backup unless one or an export is running.
pub fn start(app: &mut App, store: &Arc<Store>) {
    let e = &mut app.exports;
    if e.job.is_some() || e.backup.is_some() {
        return;
    }
    let path = backup_path(&app.db);
    let (store, target) = (Arc::clone(store), path.clone());
    let handle = std::thread::spawn(move || backup::backup(&store, &target, false));
    e.result = None;
    e.backup = Some(BackupJob { path, handle });
}

/// Collects a finished backup's result.
pub fn poll(app: &mut App) {
    let finished = app
        .exports
        .backup
        .as_ref()
        .is_some_and(|j| j.handle.is_finished());
    if !finished {
        return;
    }
    let Some(job) = app.exports.backup.take() else {
        return;
    };
    app.exports.result = Some(match job.handle.join() {
        Ok(Ok(copy)) => (
            true,
            format!(
                "{}: {} ({} {}, {})",
                app.t(T::BackedUp),
                copy.path.display(),
                copy.movements,
                app.t(T::Movements),
                app.t(T::Verified)
            ),
        ),
        Ok(Err(e)) => (
            false,
            if app.lang == Lang::Zh {
                e.zh()
            } else {
                e.to_string()
            },
        ),
        Err(_) => (false, app.t(T::BackupStopped).to_owned()),
    });
}

/// Before the program ends: stops a running export or backup and waits for it, so that it
/// removes its unfinished file rather than leaving it behind.
pub fn settle(app: &mut App) {
    if app.exports.job.is_none() && app.exports.backup.is_none() {
        return;
    }
    depot_service::interrupt::request();
    if let Some(job) = app.exports.job.take() {
        let _ = job.handle.join();
    }
    if let Some(job) = app.exports.backup.take() {
        let _ = job.handle.join();
    }
}
