//! The depot's Ed25519 key pair: made once (`depot key init`, or the first bundle export),
//! kept as a PKCS#8 PEM file readable by its owner only, and used to sign every bundle's
//! manifest. Headquarters records the public key's fingerprint.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{Signer, SigningKey};

use crate::domain::movement::hex;
use crate::store::{Location, StoreError};
use crate::{Error, Result};

/// A depot's signing key.
pub struct DepotKey(SigningKey);

impl DepotKey {
    /// A new key from the operating system's random numbers.
    pub fn generate() -> Result<DepotKey> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| {
            Error::said(
                format!("no random numbers for a new key: {e}"),
                format!("系统未提供随机数，无法生成新密钥（{e}）；请稍后重试"),
            )
        })?;
        let key = SigningKey::from_bytes(&seed);
        seed.fill(0);
        Ok(DepotKey(key))
    }

    /// The 32 bytes of the public key.
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// The public key in hex, as the manifest carries it.
    pub fn public_hex(&self) -> String {
        hex(&self.public())
    }

    /// The public key's fingerprint (see [`super::manifest::fingerprint`]).
    pub fn fingerprint(&self) -> String {
        super::manifest::fingerprint(&self.public())
    }

    /// The Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    /// Reads the key at `path`; `Ok(None)` when there is no file there.
    pub fn load(path: &Path) -> Result<Option<DepotKey>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path, e)),
        };
        SigningKey::from_pkcs8_pem(&text)
            .map(|k| Some(DepotKey(k)))
            .map_err(|e| {
                Error::said(
                    format!(
                        "{} is not a depot key (an Ed25519 private key in PKCS#8 PEM): {e}; name the right file with --key or DEPOT_KEY",
                        path.display()
                    ),
                    format!(
                        "{} 不是库密钥（PKCS#8 PEM 格式的 Ed25519 私钥）；请用 --key 或 DEPOT_KEY 指定正确的文件",
                        path.display()
                    ),
                )
            })
    }

    /// Writes the key to `path` as PKCS#8 PEM, mode 0600 (its folder made 0700 if missing).
    /// An existing file is refused unless `force`; the new file replaces it whole (written
    /// beside it, then renamed).
    pub fn save(&self, path: &Path, force: bool) -> Result<()> {
        if !force && path.exists() {
            return Err(Error::said(
                format!(
                    "{} already holds a key, and headquarters knows this depot by it; keep it (`depot key show`), or give --force to make a new one (headquarters must then enrol the new key)",
                    path.display()
                ),
                format!(
                    "{} 已有密钥，总部凭它识别本库；请保留它（`depot key show`），或用 --force 生成新密钥（总部随后须登记新密钥）",
                    path.display()
                ),
            ));
        }
        let pem = self.0.to_pkcs8_pem(LineEnding::LF).map_err(|e| {
            Error::said(
                format!("cannot encode the key: {e}"),
                format!("无法编码密钥（{e}）；未写入任何文件"),
            )
        })?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.exists() {
            private_dir(dir)?;
        }
        let mut name = path.file_name().unwrap_or_default().to_owned();
        name.push(".partial");
        let tmp = dir.join(name);
        let _ = std::fs::remove_file(&tmp);
        let written = private_file(&tmp).and_then(|mut f| {
            f.write_all(pem.as_bytes())?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::io(path, e));
        }
        Ok(())
    }
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

fn private_dir(dir: &Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir).map_err(|e| Error::io(dir, e))
}

/// Where the key of the database at `db` lives when neither `--key` nor `DEPOT_KEY` names a
/// file: beside a database file (`depot.redb` → `depot.redb.key`); for a PostgreSQL
/// database, `$XDG_CONFIG_HOME/depot/HOST-PORT-DATABASE.key` (else `~/.config/depot/…`),
/// anything but letters, digits, `.`, `_` and `-` in the name turned into `_`.
/// `var` reads the environment.
pub fn default_path(db: &Location, var: impl Fn(&str) -> Option<String>) -> Result<PathBuf> {
    match db {
        Location::File(p) => {
            let mut name = p.as_os_str().to_owned();
            name.push(".key");
            Ok(PathBuf::from(name))
        }
        Location::Server(url) => {
            let (host, port, dbname) = crate::store::postgres::host_port_database(url)
                .map_err(|e: StoreError| Error::Store(e))?;
            let name: String = format!("{host}-{port}-{dbname}.key")
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let config = var("XDG_CONFIG_HOME")
                .filter(|d| Path::new(d).is_absolute())
                .map(PathBuf::from)
                .or_else(|| var("HOME").map(|h| Path::new(&h).join(".config")))
                .ok_or_else(|| {
                    Error::said(
                        "neither XDG_CONFIG_HOME nor HOME is set, so there is no place for the depot's key: name a file with --key or DEPOT_KEY",
                        "XDG_CONFIG_HOME 与 HOME 都未设置，库密钥无处存放：请用 --key 或 DEPOT_KEY 指定文件",
                    )
                })?;
            Ok(config.join("depot").join(name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_key_is_private_loads_back_and_is_not_overwritten_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/depot.key");
        let key = DepotKey::generate().unwrap();
        key.save(&path, false).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{text}");
        let back = DepotKey::load(&path).unwrap().unwrap();
        assert_eq!(back.public(), key.public());
        let other = DepotKey::generate().unwrap();
        assert!(other.save(&path, false).is_err());
        assert_eq!(
            DepotKey::load(&path).unwrap().unwrap().public(),
            key.public()
        );
        other.save(&path, true).unwrap();
        assert_eq!(
            DepotKey::load(&path).unwrap().unwrap().public(),
            other.public()
        );
        assert!(DepotKey::load(&dir.path().join("none")).unwrap().is_none());
    }

    #[test]
    fn the_key_lives_beside_a_file_or_under_the_config_folder_for_a_server() {
        let none = |_: &str| None::<String>;
        assert_eq!(
            default_path(&Location::parse("data/depot.redb"), none).unwrap(),
            PathBuf::from("data/depot.redb.key")
        );
        let env = |k: &str| (k == "HOME").then(|| "/home/q".to_owned());
        assert_eq!(
            default_path(
                &Location::parse("postgres://depot:pw@db-host:5433/qz_depot"),
                env
            )
            .unwrap(),
            PathBuf::from("/home/q/.config/depot/db-host-5433-qz_depot.key")
        );
        let xdg = |k: &str| (k == "XDG_CONFIG_HOME").then(|| "/etc/x".to_owned());
        assert_eq!(
            default_path(&Location::parse("postgres://depot@h/d"), xdg).unwrap(),
            PathBuf::from("/etc/x/depot/h-5432-d.key")
        );
    }
}
