//! What every signed folder shares (a bundle's `manifest.json`, a directive's
//! `directive.json`): the canonical bytes the Ed25519 signature covers, the signed JSON as
//! written, its reading (schema version first, then every field, no more and no fewer), the
//! signature's check and the check of each listed file's SHA-256 and rows. Each format words
//! its own refusals from these plain answers. The listed files' entries, their SHA-256 and
//! their row count are here too, so that the formats built on it import this module and it
//! imports none of them.

use std::path::Path;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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
    parse_any(bytes, version..=version)
}

/// [`parse`] for a reader that knows several versions, `versions`.
pub fn parse_any<T: DeserializeOwned>(
    bytes: &[u8],
    versions: std::ops::RangeInclusive<u32>,
) -> Result<(T, String), Problem> {
    let bad = |e: &dyn std::fmt::Display| Problem::Malformed(e.to_string());
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| bad(&e))?;
    let serde_json::Value::Object(mut fields) = value else {
        return Err(bad(&"not a JSON object"));
    };
    match fields.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if u32::try_from(v).is_ok_and(|v| versions.contains(&v)) => {}
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

/// One file of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub name: String,
    /// Data rows, the header not counted.
    pub rows: u64,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `N` bytes from lower- or upper-case hex; `None` for anything else.
pub fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.as_bytes();
    if text.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16);
    let mut out = [0u8; N];
    for (i, pair) in text.chunks_exact(2).enumerate() {
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}

/// The data rows of a CSV file (its records, the header not counted).
pub fn data_rows(csv_bytes: &[u8]) -> Result<u64, csv::Error> {
    if let Some(rows) = plain_rows(csv_bytes) {
        return Ok(rows);
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(csv_bytes);
    let mut rows = 0;
    let mut record = csv::ByteRecord::new();
    while r.read_byte_record(&mut record)? {
        rows += 1;
    }
    Ok(rows)
}

/// The data rows of a CSV file without quotes or carriage returns, every record of the
/// header's number of fields, counted without the CSV parser (which was an ingest's largest
/// CPU cost): such a file has a record on each line that is not empty (the parser skips empty
/// lines), its fields split at every comma. `None` for any other file, which the parser counts
/// (and says what is wrong with).
pub(crate) fn plain_rows(bytes: &[u8]) -> Option<u64> {
    // In blocks, so that the test of each byte is vectorised.
    let special = |block: &[u8]| {
        block
            .iter()
            .fold(false, |s, &b| s | (b == b'"') | (b == b'\r'))
    };
    if bytes.chunks(256).any(special) {
        return None;
    }
    let commas = |line: &[u8]| line.iter().filter(|&&b| b == b',').count();
    let mut lines = bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty());
    let Some(header) = lines.next() else {
        return Some(0);
    };
    let fields = commas(header);
    let mut rows = 0;
    for line in lines {
        if commas(line) != fields {
            return None;
        }
        rows += 1;
    }
    Some(rows)
}
