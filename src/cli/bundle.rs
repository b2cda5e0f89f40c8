//! `depot key init|show` and `depot export bundle`: the depot's signing key and the signed
//! bundle for headquarters.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::export_args::{ExportArgs, ExportFormat};
use super::{say, today};
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
    /// Print the key's fingerprint and public key again.
    Show {
        /// The key file (as for `key init`).
        #[arg(long, env = "DEPOT_KEY")]
        key: Option<PathBuf>,
    },
}

/// The key file of the database at `db`: `given`, else the default place.
fn key_path(db: &Path, given: Option<PathBuf>) -> Result<PathBuf> {
    match given {
        Some(p) => Ok(p),
        None => default_path(&Location::from(db), |k| std::env::var(k).ok()),
    }
}

/// The lines headquarters records.
fn identity(key: &DepotKey) -> String {
    say(
        &format!(
            "fingerprint: {}\npublic key:  {}\nheadquarters records both to enrol this depot",
            key.fingerprint(),
            key.public_hex()
        ),
        &format!(
            "指纹：{}\n公钥：{}\n总部记录这两项以登记本库",
            key.fingerprint(),
            key.public_hex()
        ),
    )
}

pub(super) fn key_cmd(db: &Path, cmd: KeyCmd) -> Result<ExitCode> {
    match cmd {
        KeyCmd::Init { force, key } => {
            let path = key_path(db, key)?;
            let new = DepotKey::generate()?;
            new.save(&path, force)?;
            println!(
                "{}",
                say(
                    &format!(
                        "made the depot's key: {} (readable by you only; keep it, and a copy in a safe place)",
                        path.display()
                    ),
                    &format!(
                        "已生成本库密钥：{}（仅您可读；请妥善保存并另存一份副本）",
                        path.display()
                    )
                )
            );
            println!("{}", identity(&new));
        }
        KeyCmd::Show { key } => {
            let path = key_path(db, key)?;
            let Some(k) = DepotKey::load(&path)? else {
                return Err(no_key(&path));
            };
            println!(
                "{}",
                say(
                    &format!("key: {}", path.display()),
                    &format!("密钥：{}", path.display())
                )
            );
            println!("{}", identity(&k));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn no_key(path: &Path) -> Error {
    Error::Invalid(say(
        &format!(
            "there is no key at {}: make one with `depot key init`, or name the file with --key or DEPOT_KEY",
            path.display()
        ),
        &format!(
            "{} 处没有密钥：请用 `depot key init` 生成，或用 --key 或 DEPOT_KEY 指定文件",
            path.display()
        ),
    ))
}

/// `depot export bundle --out DIR [--as-of DATE] [--full] [--depot CODE] [--key FILE]`.
pub(super) fn export_bundle_cmd(store: &Store, args: ExportArgs) -> Result<ExitCode> {
    if args.format != ExportFormat::Csv
        || args.excel
        || args.encoding != OutputEncoding::Utf8
        || args.since != 1
    {
        return Err(Error::Invalid(say(
            "a bundle is plain UTF-8 CSV with its movements since the last bundle: --format, --excel, --encoding and --since are for single files; leave them out (--full sends the movements from the start)",
            "数据包固定为 UTF-8 CSV，台账记录从上一个数据包之后开始：--format、--excel、--encoding 与 --since 只用于单个文件，请去掉（--full 从头导出台账记录）",
        )));
    }
    let Some(out) = args.out.filter(|o| o.as_os_str() != "-") else {
        return Err(Error::Invalid(say(
            "a bundle is a folder: name a new one with --out DIR",
            "数据包是一个目录：请用 --out 目录 指定一个新目录",
        )));
    };
    let path = key_path(store.path(), args.key)?;
    let key = match DepotKey::load(&path)? {
        Some(k) => k,
        None => {
            let k = DepotKey::generate()?;
            k.save(&path, false)?;
            eprintln!(
                "{}",
                say(
                    &format!(
                        "this depot had no key: made one at {} (readable by you only; keep it)",
                        path.display()
                    ),
                    &format!(
                        "本库尚无密钥：已在 {} 生成（仅您可读；请妥善保存）",
                        path.display()
                    )
                )
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
    let mut movements = if m.first_seq > m.last_seq {
        say("no new movements", "无新台账记录")
    } else {
        say(
            &format!("movements {} to {}", m.first_seq, m.last_seq),
            &format!("台账记录 {} 至 {}", m.first_seq, m.last_seq),
        )
    };
    if written.later > 0 {
        movements += &say(
            &format!(
                " ({} later movements, from {}, are dated after {} and wait for the next bundle)",
                written.later,
                m.last_seq + 1,
                m.as_of
            ),
            &format!(
                "（其后 {} 条台账记录自 {} 起，日期晚于 {}，留待下一个数据包）",
                written.later,
                m.last_seq + 1,
                m.as_of
            ),
        );
    }
    println!(
        "{}",
        say(
            &format!(
                "wrote bundle {} for {} {} as of {}: {movements}; manifest SHA-256 {}",
                written.dir.display(),
                m.depot.code,
                m.depot.name,
                m.as_of,
                written.manifest_sha256
            ),
            &format!(
                "已写入数据包 {}（{} {}，截至 {}）：{movements}；清单 SHA-256 {}",
                written.dir.display(),
                m.depot.code,
                m.depot.name,
                m.as_of,
                written.manifest_sha256
            )
        )
    );
    Ok(ExitCode::SUCCESS)
}
