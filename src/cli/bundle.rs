//! `depot key init|show` and `depot export bundle`: the depot's signing key and the signed
//! bundle for headquarters.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::export_args::{ExportArgs, ExportFormat};
use super::{language, refuse, today};
use depot_domain::msg::cli::bundle::CliBundleMsg;
use depot_exchange::OutputEncoding;
use depot_exchange::bundle::DepotKey;
use depot_service::bundle::default_path;
use depot_service::bundle::{BundleRequest, export_bundle};
use depot_service::store::{Location, Store};
use depot_service::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum KeyCmd {
    /// Give the depot its Ed25519 signing key (refuses to replace one without --force), and
    /// print the fingerprint and public key headquarters records.
    Init {
        /// Replace the key there is (headquarters must then enrol the new one).
        #[arg(long)]
        force: bool,
        /// The key file. Default: beside a database file (DB.key); for PostgreSQL,
        /// ~/.config/depot/HOST-PORT-DATABASE.key.
        #[arg(long, env = "DEPOT_KEY")]
        key: Option<PathBuf>,
    },
    /// Enrol headquarters' public key (what `depot key show` printed at headquarters), which
    /// every directive taken must be signed with (officers).
    EnrolHq {
        /// The 64 hex digits of headquarters' public key.
        #[arg(long)]
        public_key: String,
        /// Replace the headquarters key enrolled (headquarters made a new key).
        #[arg(long)]
        replace: bool,
    },
    /// Enrol another depot's public key (what `depot key show` printed there), which its
    /// shipments and receipts must be signed with (officers).
    EnrolDepot {
        /// The other depot's code (its top unit, as its shipments name it).
        depot: String,
        /// The 64 hex digits of that depot's public key.
        #[arg(long)]
        public_key: String,
        /// Replace the key enrolled for that depot (it made a new key).
        #[arg(long)]
        replace: bool,
    },
    /// Print the key's fingerprint and public key again.
    Show {
        /// The key file (as for `key init`).
        #[arg(long, env = "DEPOT_KEY")]
        key: Option<PathBuf>,
    },
}

/// The key file of the database at `db`: `given`, else the default place.
pub(super) fn key_path(db: &Path, given: Option<PathBuf>) -> Result<PathBuf> {
    match given {
        Some(p) => Ok(p),
        None => default_path(&Location::from(db), |k| std::env::var(k).ok()),
    }
}

/// The lines headquarters records.
fn identity(key: &DepotKey) -> String {
    CliBundleMsg::Identity {
        fingerprint: key.fingerprint().to_string(),
        public: key.public_hex().to_string(),
    }
    .say(language())
}

pub(super) fn key_cmd(db: &Path, cmd: KeyCmd) -> Result<ExitCode> {
    match cmd {
        KeyCmd::Init { force, key } => {
            let path = key_path(db, key)?;
            let new = DepotKey::generate()?;
            new.save(&path, force)?;
            println!(
                "{}",
                CliBundleMsg::KeyMade {
                    path: path.display().to_string()
                }
                .say(language())
            );
            println!("{}", identity(&new));
        }
        // Run by `dispatch`, which opens the database for it (`directive::enrol_cmd`).
        KeyCmd::EnrolHq { .. } | KeyCmd::EnrolDepot { .. } => {}
        KeyCmd::Show { key } => {
            let path = key_path(db, key)?;
            let Some(k) = DepotKey::load(&path)? else {
                return Err(no_key(&path));
            };
            println!(
                "{}",
                CliBundleMsg::KeyAt {
                    path: path.display().to_string()
                }
                .say(language())
            );
            println!("{}", identity(&k));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn no_key(path: &Path) -> Error {
    refuse(CliBundleMsg::NoKey {
        path: path.display().to_string(),
    })
}

/// `depot export bundle --out DIR [--as-of DATE] [--full] [--depot CODE] [--key FILE]`.
pub(super) fn export_bundle_cmd(store: &Store, args: ExportArgs) -> Result<ExitCode> {
    if args.format != ExportFormat::Csv
        || args.excel
        || args.encoding != OutputEncoding::Utf8
        || args.since != 1
    {
        return Err(refuse(CliBundleMsg::FileOptionsOnBundle));
    }
    let Some(out) = args.out.filter(|o| o.as_os_str() != "-") else {
        return Err(refuse(CliBundleMsg::BundleNeedsOut));
    };
    let path = key_path(store.path(), args.key)?;
    let key = match DepotKey::load(&path)? {
        Some(k) => k,
        None => {
            let k = DepotKey::generate()?;
            k.save(&path, false)?;
            eprintln!(
                "{}",
                CliBundleMsg::KeyMadeForBundle {
                    path: path.display().to_string()
                }
                .say(language())
            );
            eprintln!("{}", identity(&k));
            k
        }
    };
    let written = export_bundle(
        store,
        &BundleRequest {
            out: &out,
            as_of: args.as_of.unwrap_or_else(today),
            full: args.full,
            depot: args.depot.as_deref(),
            key: &key,
            created: chrono::Local::now().fixed_offset(),
        },
    )?;
    let m = &written.manifest.body;
    let lang = language();
    let mut movements = if m.first_seq > m.last_seq {
        CliBundleMsg::NoNewMovements.say(lang)
    } else {
        CliBundleMsg::Movements {
            first: m.first_seq.to_string(),
            last: m.last_seq.to_string(),
        }
        .say(lang)
    };
    if written.later > 0 {
        movements += &CliBundleMsg::LaterMovements {
            later: written.later.to_string(),
            from: (m.last_seq + 1).to_string(),
            as_of: m.as_of.to_string(),
        }
        .say(lang);
    }
    println!(
        "{}",
        CliBundleMsg::BundleWritten {
            dir: written.dir.display().to_string(),
            code: m.depot.code.to_string(),
            name: m.depot.name.to_string(),
            as_of: m.as_of.to_string(),
            movements,
            sha256: written.manifest_sha256.to_string(),
        }
        .say(lang)
    );
    Ok(ExitCode::SUCCESS)
}
