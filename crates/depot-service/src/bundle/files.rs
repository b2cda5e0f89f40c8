//! A bundle's files written into its folder: each hashed as it is written and synced, the
//! folder checked first and removed when the export does not finish.

use crate::export::Extract;
use crate::export::csv::{ExportKind, ExportOptions, export};
use crate::export::places::{PlaceFile, places};
use crate::{Error, Result};
use depot_domain::movement::hex;
use depot_domain::msg::service::ServiceMsg;
use depot_exchange::bundle::FileEntry;
use depot_exchange::writer::CsvOptions;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A folder being written, removed when dropped unless it was finished.
pub(crate) struct Partial(pub(crate) Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `out` may be written: missing, or an empty folder.
pub(crate) fn check_out(out: &Path) -> Result<()> {
    match std::fs::read_dir(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if out.is_file() => {
            let path = out.display().to_string();
            Err(Error::phrase(move |lang| ServiceMsg::BundleOutIsFile {
                path: path.clone(),
                error: depot_domain::io_said(&e, lang),
            }))
        }
        Err(e) => Err(Error::io(out, e)),
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(Error::Msg(ServiceMsg::BundleOutNotEmpty {
                path: out.display().to_string(),
            })),
        },
    }
}

/// Writes one exchange file into `dir`; its entry for the manifest.
pub(super) fn write_file(
    r: &Extract,
    dir: &Path,
    kind: ExportKind,
    opts: &ExportOptions,
) -> Result<FileEntry> {
    let name = format!("{}.csv", kind.name());
    write_with(dir, name, |out| {
        export(r, kind, opts, crate::interrupt::Stoppable(out))
    })
}

/// Writes one of the places' files into `dir` (plain UTF-8); its entry for the manifest.
pub(super) fn write_places(
    r: &Extract,
    dir: &Path,
    name: &str,
    file: PlaceFile,
) -> Result<FileEntry> {
    write_with(dir, name.to_owned(), |out| {
        places(
            r,
            file,
            CsvOptions::default(),
            crate::interrupt::Stoppable(out),
        )
    })
}

/// Writes file `name` into `dir` with `write`, hashing and syncing it.
fn write_with(
    dir: &Path,
    name: String,
    write: impl FnOnce(&mut Hashing<std::io::BufWriter<std::fs::File>>) -> Result<u64>,
) -> Result<FileEntry> {
    let path = dir.join(&name);
    let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut out = Hashing {
        inner: std::io::BufWriter::with_capacity(1 << 20, file),
        hash: Sha256::new(),
    };
    let rows = write(&mut out)?;
    out.flush().map_err(|e| Error::io(&path, e))?;
    let file = out
        .inner
        .into_inner()
        .map_err(|e| Error::io(&path, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(&path, e))?;
    Ok(FileEntry {
        name,
        rows,
        sha256: hex(&out.hash.finalize()),
    })
}

pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Makes a folder's entries durable (its files' names after a rename).
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))
}

/// A fresh hidden folder `.NAME.partial` beside `out`, for writing before it is put in place
/// with a rename (a folder left by a run that was killed outright is removed first); with its
/// guard, which removes it unless the guard is emptied, and the folder's parent (synced after
/// the rename).
pub(crate) fn partial_beside(out: &Path) -> Result<(PathBuf, Partial, PathBuf)> {
    let name = out.file_name().ok_or_else(|| {
        Error::Msg(ServiceMsg::BundleOutNoName {
            path: out.display().to_string(),
        })
    })?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(".partial");
    let tmp = parent.join(tmp_name);
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
    Ok((tmp.clone(), Partial(Some(tmp)), parent.to_owned()))
}

/// Writes `files` (name, bytes) as the new folder `out` (missing, or empty): into a hidden
/// folder beside it, each file synced, then renamed into place, so that `out` is whole or not
/// there at all.
pub(crate) fn write_folder(out: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    check_out(out)?;
    let (tmp, mut partial, parent) = partial_beside(out)?;
    for (name, bytes) in files {
        write_synced(&tmp.join(name), bytes)?;
    }
    sync_dir(&tmp)?;
    std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e))?;
    partial.0 = None;
    sync_dir(&parent)
}
