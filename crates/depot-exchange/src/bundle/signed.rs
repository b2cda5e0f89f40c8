//! What every signed folder shares (a bundle's `manifest.json`, a directive's
//! `directive.json`): the canonical bytes the Ed25519 signature covers, the signed JSON as
//! written, its reading (schema version first, then every field, no more and no fewer), the
//! signature's check and the check of each listed file's SHA-256 and rows. Each format words
//! its own refusals from these plain answers.

use std::path::Path;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::manifest::{FileEntry, data_rows, sha256_hex, unhex};
use depot_domain::movement::hex;

/// Why a signed JSON file could not be read or its signature checked.
#[derive(Debug)]
pub enum Problem {
    /// Not the format: what is wrong.
    Malformed(String),
    /// Another schema version than the reader's.
    SchemaVersion(u64),
    /// The signature does not verify with the key given.
    BadSignature,
    /// A listed file cannot be read.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// A listed file differs from its entry.
    FileChanged { file: String, what: String },
}

/// The bytes a signature covers: `body` as compact JSON, members in field order.
pub fn canonical<T: Serialize>(body: &T) -> Vec<u8> {
    // Serialising plain strings, integers and booleans cannot fail.
    serde_json::to_vec(body).unwrap_or_default()
}

/// The hex Ed25519 signature of `body`'s canonical bytes.
pub fn sign<T: Serialize>(body: &T, key: &super::DepotKey) -> String {
    hex(&key.sign(&canonical(body)))
}

/// The signed file as written: pretty JSON, the fields in order, `signature` last, a line end
/// at the end.
pub fn to_json<T: Serialize>(body: &T, signature: &str) -> Vec<u8> {
    #[derive(Serialize)]
    struct Signed<'a, T> {
        #[serde(flatten)]
        body: &'a T,
        signature: &'a str,
    }
    let mut out = serde_json::to_vec_pretty(&Signed { body, signature }).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Reads a signed file's bytes: `schema_version` must be `version` (another is said as
/// such), then the body and the signature.
pub fn parse<T: DeserializeOwned>(bytes: &[u8], version: u32) -> Result<(T, String), Problem> {
    let bad = |e: &dyn std::fmt::Display| Problem::Malformed(e.to_string());
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| bad(&e))?;
    let serde_json::Value::Object(mut fields) = value else {
        return Err(bad(&"not a JSON object"));
    };
    match fields.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(version) => {}
        Some(found) => return Err(Problem::SchemaVersion(found)),
        None => return Err(bad(&"no schema_version")),
    }
    let signature = match fields.remove("signature") {
        Some(serde_json::Value::String(s)) => s,
        _ => return Err(bad(&"no signature")),
    };
    let body = serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| bad(&e))?;
    Ok((body, signature))
}

/// Whether `signature` (hex) verifies `body`'s canonical bytes with `public_key` (hex).
pub fn verify<T: Serialize>(body: &T, public_key: &str, signature: &str) -> Result<(), Problem> {
    let key = unhex::<32>(public_key)
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
        .ok_or_else(|| Problem::Malformed("public_key is not an Ed25519 key".into()))?;
    let sig = unhex::<64>(signature)
        .ok_or_else(|| Problem::Malformed("signature is not 64 bytes of hex".into()))?;
    key.verify_strict(&canonical(body), &Signature::from_bytes(&sig))
        .map_err(|_| Problem::BadSignature)
}

/// Reads `name` in `dir`.
pub fn read(dir: &Path, name: &str) -> Result<Vec<u8>, Problem> {
    let path = dir.join(name);
    std::fs::read(&path).map_err(|source| Problem::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads every file `files` lists from `dir` and checks its SHA-256 and its rows; `own` is the
/// signed file's name, which no entry may take. The files' names and bytes, in order.
pub fn read_files(
    dir: &Path,
    files: &[FileEntry],
    own: &str,
) -> Result<Vec<(String, Vec<u8>)>, Problem> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        if f.name.contains(['/', '\\']) || f.name == own {
            return Err(Problem::Malformed(format!("bad file name {}", f.name)));
        }
        let data = read(dir, &f.name)?;
        let changed = |what: String| Problem::FileChanged {
            file: f.name.clone(),
            what,
        };
        if sha256_hex(&data) != f.sha256 {
            return Err(changed("its SHA-256 differs".into()));
        }
        let rows = data_rows(&data).map_err(|e| changed(format!("not CSV: {e}")))?;
        if rows != f.rows {
            return Err(changed(format!(
                "{rows} rows, the manifest says {}",
                f.rows
            )));
        }
        out.push((f.name.clone(), data));
    }
    Ok(out)
}
