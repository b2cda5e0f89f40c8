//! `manifest.json`: its fields, the bytes its signature covers, and the checks of a bundle
//! against it. Both sides use [`canonical_bytes`]; `schemas/bundle.md` defines it in words.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::signed::{self, Problem};
pub use super::signed::{FileEntry, data_rows, sha256_hex, unhex};
use sha2::{Digest, Sha256};

use depot_domain::movement::hex;

/// The version of the bundle format a depot writes; a reader refuses any version but this
/// and [`OLDEST_VERSION`] … this.
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest version headquarters still reads: version 1, without the places.
pub const OLDEST_VERSION: u32 = 1;

/// The manifest's file name inside a bundle.
pub const MANIFEST: &str = "manifest.json";

/// The exchange files of a bundle, in the order they are written and listed.
pub const FILES: [&str; 9] = [
    "inventory.csv",
    "assets.csv",
    "lots.csv",
    "movements.csv",
    "readiness.csv",
    "replacements.csv",
    "units.csv",
    "warehouses.csv",
    "travel_times.csv",
];

/// The places a bundle carries from version 2 on: where units and warehouses are, and the
/// travel times between them (the last three of [`FILES`]).
pub const PLACE_FILES: [&str; 3] = ["units.csv", "warehouses.csv", "travel_times.csv"];

/// The files a bundle of `version` lists, in their order: version 1 had no places.
pub fn files_of(version: u32) -> &'static [&'static str] {
    if version < 2 {
        &FILES[..FILES.len() - PLACE_FILES.len()]
    } else {
        &FILES
    }
}

/// The depot that wrote a bundle: its top unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Depot {
    pub code: String,
    pub name: String,
}

/// Every field of the manifest but `signature`, in the order the signature covers them.
/// Changing this struct (a field, its order, its type) changes the format: a new
/// [`SCHEMA_VERSION`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsigned {
    pub schema_version: u32,
    pub depot: Depot,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    /// RFC 3339 with offset.
    pub created: String,
    /// The first movement in `movements.csv`; `last_seq + 1` when it holds none.
    pub first_seq: u64,
    /// The ledger's last movement when the bundle was taken (0: an empty ledger).
    pub last_seq: u64,
    /// Hex hash of movement `last_seq` (64 zeros for an empty ledger).
    pub head_hash: String,
    /// Hex SHA-256 of the bytes of the previous bundle's `manifest.json`; `None` for the first.
    pub previous: Option<String>,
    /// Whether `movements.csv` starts at seq 1 (`--full`), whatever was sent before.
    pub full: bool,
    pub files: Vec<FileEntry>,
    /// Hex of the depot's 32-byte Ed25519 public key.
    pub public_key: String,
    /// The version of headquarters' directive in force at the depot when the bundle was
    /// written; absent (not `null`) when none is, and in bundles written before directives,
    /// whose signatures therefore still verify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directive_version: Option<u64>,
}

/// A signed manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub body: Unsigned,
    /// Hex of the 64-byte Ed25519 signature over [`canonical_bytes`] of `body`.
    pub signature: String,
}

/// The bytes the signature covers: `body` as compact JSON (no whitespace), members in the
/// order of [`Unsigned`]'s fields, strings UTF-8 with only `"`, `\` and control characters
/// escaped (serde_json's rules, the same as Python's `json.dumps(..., separators=(",", ":"),
/// ensure_ascii=False)`), `previous` as `null` when there is none.
pub fn canonical_bytes(body: &Unsigned) -> Vec<u8> {
    signed::canonical(body)
}

/// What is wrong with a bundle, for the side that checks one.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{path}: cannot read it: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "manifest.json is not a bundle manifest of schema version {OLDEST_VERSION} to {SCHEMA_VERSION}: {0}; the bundle was damaged or edited: ask the depot for a new one"
    )]
    Malformed(String),
    #[error(
        "the bundle has schema version {found} and this depot reads versions {OLDEST_VERSION} to {SCHEMA_VERSION}; update depot to read it"
    )]
    SchemaVersion { found: u64 },
    #[error(
        "manifest.json's signature does not verify with its public key: the manifest was edited after it was signed; ask the depot for a new bundle"
    )]
    BadSignature,
    #[error(
        "{file} does not match the manifest ({what}): it was edited or cut short on the way; ask the depot for a new bundle"
    )]
    FileChanged { file: String, what: String },
}

impl From<Problem> for BundleError {
    fn from(p: Problem) -> Self {
        match p {
            Problem::Malformed(what) => BundleError::Malformed(what),
            Problem::SchemaVersion(found) => BundleError::SchemaVersion { found },
            Problem::BadSignature => BundleError::BadSignature,
            Problem::Io { path, source } => BundleError::Io { path, source },
            Problem::FileChanged { file, what } => BundleError::FileChanged { file, what },
        }
    }
}

impl Manifest {
    /// Signs `body` with `key`.
    pub fn sign(body: Unsigned, key: &super::DepotKey) -> Manifest {
        let signature = signed::sign(&body, key);
        Manifest { body, signature }
    }

    /// The manifest as written to `manifest.json`: pretty JSON, the fields in order, the
    /// signature last, a line end at the end.
    pub fn to_json(&self) -> Vec<u8> {
        signed::to_json(&self.body, &self.signature)
    }

    /// Reads `manifest.json`'s bytes: the schema version first (a newer one is refused as
    /// such), then every field, no more and no fewer.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, BundleError> {
        let (body, signature) = signed::parse_any(bytes, OLDEST_VERSION..=SCHEMA_VERSION)?;
        Ok(Manifest { body, signature })
    }

    /// Whether the signature verifies with the manifest's own public key. Who that key
    /// belongs to is for the reader to know (the fingerprint headquarters recorded).
    pub fn verify_signature(&self) -> Result<(), BundleError> {
        Ok(signed::verify(
            &self.body,
            &self.body.public_key,
            &self.signature,
        )?)
    }
}

/// The fingerprint of a public key, as headquarters records it and reads it aloud:
/// `SHA256:` and the hex SHA-256 of the 32 key bytes in 16 groups of four.
pub fn fingerprint(public_key: &[u8; 32]) -> String {
    let digest = hex(&Sha256::digest(public_key));
    let groups: Vec<&str> = (0..16).map(|i| &digest[4 * i..4 * i + 4]).collect();
    format!("SHA256:{}", groups.join(" "))
}

/// Checks the bundle in `dir`: its manifest parses, its signature verifies with its public
/// key, and every listed file is there with its row count and SHA-256. Returns the manifest
/// and the SHA-256 of its bytes (what the next bundle's `previous` names).
pub fn check(dir: &Path) -> Result<(Manifest, String), BundleError> {
    check_read(dir).map(|c| (c.manifest, c.sha256))
}

/// A bundle [`check_read`] checked, with the bytes it checked.
pub struct Checked {
    pub manifest: Manifest,
    /// SHA-256 of `manifest_bytes`.
    pub sha256: String,
    /// `manifest.json` as read and hashed.
    pub manifest_bytes: Vec<u8>,
    /// Each listed file's name and bytes as read and hashed, in the manifest's order.
    pub files: Vec<(String, Vec<u8>)>,
}

/// [`check`], keeping what it read: a reader that goes on to use the files (headquarters'
/// ingest) uses the very bytes whose hashes were checked, without reading and hashing them
/// again.
pub fn check_read(dir: &Path) -> Result<Checked, BundleError> {
    let bytes = signed::read(dir, MANIFEST)?;
    let manifest = Manifest::parse(&bytes)?;
    manifest.verify_signature()?;
    let files = signed::read_files(dir, &manifest.body.files, MANIFEST)?;
    Ok(Checked {
        manifest,
        sha256: sha256_hex(&bytes),
        manifest_bytes: bytes,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::signed::plain_rows;

    fn body() -> Unsigned {
        Unsigned {
            schema_version: SCHEMA_VERSION,
            depot: Depot {
                code: "ZD-QZ".into(),
                name: "清州市消防救援支队 \"x\"\n".into(),
            },
            as_of: "2026-05-01".into(),
            created: "2026-05-01T17:30:00+08:00".into(),
            first_seq: 1,
            last_seq: 0,
            head_hash: "0".repeat(64),
            previous: None,
            full: false,
            files: vec![FileEntry {
                name: "a.csv".into(),
                rows: 2,
                sha256: "ab".repeat(32),
            }],
            public_key: "cd".repeat(32),
            directive_version: None,
        }
    }

    /// The canonical bytes are exactly what `schemas/bundle.md` says: compact, in field
    /// order, non-ASCII as itself, `previous` null.
    #[test]
    fn canonical_bytes_are_compact_json_in_field_order() {
        let text = String::from_utf8(canonical_bytes(&body())).unwrap();
        let z = "0".repeat(64);
        let (ab, cd) = ("ab".repeat(32), "cd".repeat(32));
        assert_eq!(
            text,
            format!(
                r#"{{"schema_version":2,"depot":{{"code":"ZD-QZ","name":"清州市消防救援支队 \"x\"\n"}},"as_of":"2026-05-01","created":"2026-05-01T17:30:00+08:00","first_seq":1,"last_seq":0,"head_hash":"{z}","previous":null,"full":false,"files":[{{"name":"a.csv","rows":2,"sha256":"{ab}"}}],"public_key":"{cd}"}}"#
            )
        );
    }

    /// A version-1 manifest (written before the places) still parses and verifies, and lists
    /// the first six files; version 2 lists all nine.
    #[test]
    fn a_version_1_manifest_is_still_read() {
        let key = super::super::DepotKey::generate().unwrap();
        let mut b = body();
        b.schema_version = 1;
        b.public_key = key.public_hex();
        let back = Manifest::parse(&Manifest::sign(b, &key).to_json()).unwrap();
        back.verify_signature().unwrap();
        assert_eq!(back.body.schema_version, 1);
        assert_eq!(files_of(1).len(), 6);
        assert_eq!(files_of(1), &FILES[..6]);
        assert_eq!(files_of(2), &FILES);
        assert_eq!(&FILES[6..], &PLACE_FILES);
    }

    #[test]
    fn a_written_manifest_parses_back_and_verifies_and_an_edit_does_not() {
        let key = super::super::DepotKey::generate().unwrap();
        let mut b = body();
        b.public_key = key.public_hex();
        let m = Manifest::sign(b, &key);
        let json = m.to_json();
        let back = Manifest::parse(&json).unwrap();
        assert_eq!(back, m);
        back.verify_signature().unwrap();
        let edited = String::from_utf8(json)
            .unwrap()
            .replace("\"rows\": 2", "\"rows\": 3");
        let edited = Manifest::parse(edited.as_bytes()).unwrap();
        assert!(matches!(
            edited.verify_signature(),
            Err(BundleError::BadSignature)
        ));
    }

    #[test]
    fn a_newer_schema_or_an_unknown_field_is_refused() {
        let newer = br#"{"schema_version": 3, "whatever": true}"#;
        assert!(matches!(
            Manifest::parse(newer),
            Err(BundleError::SchemaVersion { found: 3 })
        ));
        let none = br#"{"schema_version": 0, "whatever": true}"#;
        assert!(matches!(
            Manifest::parse(none),
            Err(BundleError::SchemaVersion { found: 0 })
        ));
        let key = super::super::DepotKey::generate().unwrap();
        let json = String::from_utf8(Manifest::sign(body(), &key).to_json()).unwrap();
        let extra = json.replacen('{', "{\"extra\": 1,", 1);
        assert!(matches!(
            Manifest::parse(extra.as_bytes()),
            Err(BundleError::Malformed(_))
        ));
    }

    /// `schemas/bundle.json` lists the manifest's fields in the order they are signed.
    #[test]
    fn the_published_schema_lists_the_fields_in_signing_order() {
        let (_, schema) = crate::columns::published("bundle");
        let key = super::super::DepotKey::generate().unwrap();
        let mut b = body();
        b.directive_version = Some(1);
        let json = String::from_utf8(Manifest::sign(b, &key).to_json()).unwrap();
        assert_eq!(crate::columns::assert_signing_order(&schema, &json), 13);
    }

    #[test]
    fn fingerprints_are_grouped_hex_of_the_key_digest() {
        let f = fingerprint(&[0u8; 32]);
        // SHA-256 of 32 zero bytes.
        assert_eq!(
            f,
            "SHA256:6668 7aad f862 bd77 6c8f c18b 8e9f 8e20 0897 1485 6ee2 33b3 902a 591d 0d5f 2925"
        );
        assert_eq!(unhex::<2>("0aFf"), Some([0x0a, 0xff]));
        assert_eq!(unhex::<2>("0aF"), None);
        assert_eq!(unhex::<1>("zz"), None);
    }

    /// Counted without the parser or with it, a file has the same rows, and the parser still
    /// says what is wrong with a file that is not CSV.
    #[test]
    fn data_rows_are_the_parsers_count_on_any_file() {
        let parsed = |bytes: &[u8]| {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(false)
                .from_reader(bytes);
            let mut n = 0;
            let mut record = csv::ByteRecord::new();
            while r.read_byte_record(&mut record)? {
                n += 1;
            }
            Ok::<u64, csv::Error>(n)
        };
        for (file, plain) in [
            (&b""[..], true),
            (b"a,b\n", true),
            (b"a,b\n1,2\n3,4\n", true),
            (b"a,b\n1,2\n\n\n3,4", true),
            (b"\n\na,b\n1,2\n", true),
            (b"a\n1\n\n2\n", true),
            (b"a,b\r\n1,2\r\n3,4\r\n", false),
            (b"a,b\n\"1\n2\",3\n4,\"5,6\"\n", false),
            (b"a,b\n\"\"\"\",x\n", false),
        ] {
            assert_eq!(plain_rows(file).is_some(), plain, "{file:?}");
            assert_eq!(data_rows(file).unwrap(), parsed(file).unwrap(), "{file:?}");
        }
        for bad in [&b"a,b\n1,2,3\n"[..], b"a,b\n1\n", b"a,b\n1,2\n3\n"] {
            assert_eq!(plain_rows(bad), None, "{bad:?}");
            let (ours, theirs) = (data_rows(bad).unwrap_err(), parsed(bad).unwrap_err());
            assert_eq!(ours.to_string(), theirs.to_string());
        }
    }
}
