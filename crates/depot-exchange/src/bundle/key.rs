//! The depot's Ed25519 key pair: made once (`depot key init`, or the first bundle export),
//! kept as a PKCS#8 PEM file readable by its owner only, and used to sign every bundle's
//! manifest. Headquarters records the public key's fingerprint.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{Signer, SigningKey};

use depot_domain::Lang;
use depot_domain::movement::hex;
use depot_domain::msg::exchange::ExchangeMsg;

/// A key that could not be made, read or written, in English and in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{en}")]
    Said { en: String, zh: String },
}

impl KeyError {
    fn said(msg: ExchangeMsg) -> Self {
        KeyError::Said {
            en: msg.say(Lang::En),
            zh: msg.say(Lang::Zh),
        }
    }

    fn io(path: &Path, source: std::io::Error) -> Self {
        KeyError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

type Result<T> = std::result::Result<T, KeyError>;

/// A depot's signing key.
pub struct DepotKey(SigningKey);

impl DepotKey {
    /// A new key from the operating system's random numbers.
    pub fn generate() -> Result<DepotKey> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| {
            KeyError::said(ExchangeMsg::NoRandomNumbers {
                error: e.to_string(),
            })
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
            Err(e) => return Err(KeyError::io(path, e)),
        };
        SigningKey::from_pkcs8_pem(&text)
            .map(|k| Some(DepotKey(k)))
            .map_err(|_| {
                KeyError::said(ExchangeMsg::NotAKey {
                    path: path.display().to_string(),
                })
            })
    }

    /// Writes the key to `path` as PKCS#8 PEM, mode 0600 (its folder made 0700 if missing).
    /// An existing file is refused unless `force`; the new file replaces it whole (written
    /// beside it, then renamed).
    pub fn save(&self, path: &Path, force: bool) -> Result<()> {
        if !force && path.exists() {
            return Err(KeyError::said(ExchangeMsg::KeyExists {
                path: path.display().to_string(),
            }));
        }
        let pem = self.0.to_pkcs8_pem(LineEnding::LF).map_err(|e| {
            KeyError::said(ExchangeMsg::CannotEncodeKey {
                error: e.to_string(),
            })
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
            return Err(KeyError::io(path, e));
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
    b.create(dir).map_err(|e| KeyError::io(dir, e))
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
}
