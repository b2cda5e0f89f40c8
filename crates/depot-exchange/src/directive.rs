//! The directive headquarters sends its depots: a folder of reference files (modules,
//! catalogue, standards, targets) and `directive.json`, which gives the directive's version,
//! the date it takes effect and which sections a depot may add its own lines to, names every
//! file with its rows and SHA-256, and is signed with headquarters' Ed25519 key
//! (`schemas/directive.md`). Written and read with the same signed-folder code as a bundle
//! (`bundle::signed`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::bundle::DepotKey;
use crate::bundle::manifest::{FileEntry, sha256_hex};
use crate::bundle::signed::{self, Problem};

/// The version of the directive format; a reader refuses any other.
pub const SCHEMA_VERSION: u32 = 1;

/// The signed file's name inside a directive folder.
pub const MANIFEST: &str = "directive.json";

/// The reference files a directive may carry, in the order they are listed and applied.
pub const FILES: [&str; 4] = ["modules.csv", "catalog.csv", "standards.csv", "targets.csv"];

/// Per section, whether a depot may add lines of its own beside the directive's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Local {
    pub modules: bool,
    pub catalog: bool,
    pub standards: bool,
    pub targets: bool,
}

impl Local {
    /// The sections by name, in [`FILES`] order.
    pub fn sections(&self) -> [(&'static str, bool); 4] {
        [
            ("modules", self.modules),
            ("catalog", self.catalog),
            ("standards", self.standards),
            ("targets", self.targets),
        ]
    }

    /// Sections named in a comma-separated list (`catalog,standards`); `Err` with the unknown
    /// name.
    pub fn parse(list: &str) -> Result<Local, String> {
        let mut l = Local::default();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "modules" => l.modules = true,
                "catalog" => l.catalog = true,
                "standards" => l.standards = true,
                "targets" => l.targets = true,
                other => return Err(other.to_owned()),
            }
        }
        Ok(l)
    }
}

/// Every field of `directive.json` but `signature`, in the order the signature covers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsigned {
    pub schema_version: u32,
    /// Who issued it (headquarters' name), for people.
    pub issuer: String,
    /// The directive's number: each directive higher than the last.
    pub version: u64,
    /// `YYYY-MM-DD`: the day it takes effect.
    pub effective: String,
    /// RFC 3339 with offset.
    pub created: String,
    pub local: Local,
    pub files: Vec<FileEntry>,
    /// Hex of headquarters' 32-byte Ed25519 public key.
    pub public_key: String,
}

/// A signed directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub body: Unsigned,
    /// Hex of the Ed25519 signature over the canonical bytes of `body`.
    pub signature: String,
}

impl Directive {
    pub fn sign(body: Unsigned, key: &DepotKey) -> Directive {
        let signature = signed::sign(&body, key);
        Directive { body, signature }
    }

    pub fn to_json(&self) -> Vec<u8> {
        signed::to_json(&self.body, &self.signature)
    }

    pub fn parse(bytes: &[u8]) -> Result<Directive, Problem> {
        let (body, signature) = signed::parse(bytes, SCHEMA_VERSION)?;
        Ok(Directive { body, signature })
    }

    /// Whether the signature verifies with the directive's own key.
    pub fn verify_signature(&self) -> Result<(), Problem> {
        signed::verify(&self.body, &self.body.public_key, &self.signature)
    }
}

/// A directive read from its folder, its signature not yet checked.
pub struct Read {
    pub directive: Directive,
    /// SHA-256 of `directive.json`'s bytes: which directive it is.
    pub sha256: String,
}

/// Reads `directive.json` in `dir`.
pub fn read(dir: &Path) -> Result<Read, Problem> {
    let bytes = signed::read(dir, MANIFEST)?;
    let directive = Directive::parse(&bytes)?;
    Ok(Read {
        directive,
        sha256: sha256_hex(&bytes),
    })
}

/// Checks the signature and reads every listed file, checked against its entry.
pub fn check_files(dir: &Path, d: &Directive) -> Result<Vec<(String, Vec<u8>)>, Problem> {
    d.verify_signature()?;
    if let Some(f) = d
        .body
        .files
        .iter()
        .find(|f| !FILES.contains(&f.name.as_str()))
    {
        return Err(Problem::Malformed(format!(
            "{} is not a directive file",
            f.name
        )));
    }
    signed::read_files(dir, &d.body.files, MANIFEST)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn body(key: &DepotKey) -> Unsigned {
        Unsigned {
            schema_version: SCHEMA_VERSION,
            issuer: "总队".into(),
            version: 3,
            effective: "2026-01-01".into(),
            created: "2025-12-20T09:00:00+08:00".into(),
            local: Local {
                catalog: true,
                ..Local::default()
            },
            files: vec![],
            public_key: key.public_hex(),
        }
    }

    #[test]
    fn a_signed_directive_reads_back_and_an_edit_breaks_its_signature() {
        let key = DepotKey::generate().unwrap();
        let d = Directive::sign(body(&key), &key);
        let json = d.to_json();
        let back = Directive::parse(&json).unwrap();
        assert_eq!(back, d);
        back.verify_signature().unwrap();
        let edited = String::from_utf8(json)
            .unwrap()
            .replace("\"version\": 3", "\"version\": 4");
        let edited = Directive::parse(edited.as_bytes()).unwrap();
        assert!(matches!(
            edited.verify_signature(),
            Err(Problem::BadSignature)
        ));
    }

    /// `schemas/directive.json` lists the fields in the order they are signed.
    #[test]
    fn the_published_schema_lists_the_fields_in_signing_order() {
        let (_, schema) = crate::columns::published("directive");
        let key = DepotKey::generate().unwrap();
        let json = String::from_utf8(Directive::sign(body(&key), &key).to_json()).unwrap();
        assert_eq!(crate::columns::assert_signing_order(&schema, &json), 9);
    }

    #[test]
    fn local_sections_parse_from_a_list() {
        let l = Local::parse("catalog, standards").unwrap();
        assert!(l.catalog && l.standards && !l.modules && !l.targets);
        assert_eq!(Local::parse("cat").unwrap_err(), "cat");
    }
}
