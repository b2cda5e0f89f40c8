//! The shipment a depot sends another with the pieces (`schemas/shipment.md`): a folder of
//! `pieces.csv` and `manifest.json`, which names the file with its row count and SHA-256 and
//! is signed with the sending depot's Ed25519 key, as a bundle is. The signing, the hashes and
//! the row count are the bundle's own (`bundle::manifest`); this module adds the shipment's
//! fields and its pieces.

use std::path::Path;

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::bundle::manifest::{MANIFEST, data_rows, sha256_hex, unhex};
use crate::bundle::{Depot, DepotKey, FileEntry};
use depot_domain::movement::hex;
use depot_domain::msg::ship::ShipMsg;

/// The version of the shipment format; a reader refuses any other.
pub const SCHEMA_VERSION: u32 = 1;

/// The manifest's `kind` for a shipment.
pub const KIND: &str = "shipment";

/// The pieces' file inside a shipment folder.
pub const PIECES: &str = "pieces.csv";

/// The columns of `pieces.csv`, in order.
pub const COLUMNS: [&str; 14] = [
    "barcode",
    "item",
    "tracking",
    "quantity",
    "serial",
    "lot",
    "module",
    "status",
    "commissioned",
    "last_inspected",
    "expires",
    "plate",
    "seq",
    "hash",
];

/// Every field of the manifest but `signature`, in the order the signature covers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsigned {
    pub schema_version: u32,
    /// `shipment`.
    pub kind: String,
    /// The sender's number for it, unique among its shipments: `DEPOT-SEQ`.
    pub id: String,
    /// The sending depot: its top unit.
    pub from: Depot,
    /// The receiving depot's code.
    pub to: String,
    /// RFC 3339 with offset.
    pub created: String,
    /// `YYYY-MM-DD` for a loan (the pieces stay the sender's and come back by then); `None`
    /// for pieces that change depot for good.
    pub return_by: Option<String>,
    /// The order or request it answers (`--ref`).
    pub reference: Option<String>,
    /// `pieces.csv`, the one file.
    pub files: Vec<FileEntry>,
    /// Hex of the sending depot's 32-byte Ed25519 public key.
    pub public_key: String,
}

/// A signed shipment manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    pub body: Unsigned,
    pub signature: String,
}

/// One line of `pieces.csv`: a piece or a lot's quantity as it left, with the sender's
/// movement that sent it (its ledger seq and hash: the piece's history head).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub barcode: String,
    pub item: String,
    /// `serial` or `lot`.
    pub tracking: String,
    pub quantity: String,
    pub serial: String,
    pub lot: String,
    pub module: String,
    pub status: String,
    pub commissioned: String,
    pub last_inspected: String,
    pub expires: String,
    pub plate: String,
    pub seq: u64,
    pub hash: String,
}

/// What is wrong with a shipment folder, said from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.say(depot_domain::Lang::En))]
pub struct ShipmentError(pub ShipMsg);

fn canonical_bytes(body: &Unsigned) -> Vec<u8> {
    // Serialising plain strings, integers and options cannot fail.
    serde_json::to_vec(body).unwrap_or_default()
}

impl Shipment {
    /// Signs `body` with `key` over its canonical bytes (the bundle's rules).
    pub fn sign(body: Unsigned, key: &DepotKey) -> Shipment {
        let signature = hex(&key.sign(&canonical_bytes(&body)));
        Shipment { body, signature }
    }

    /// `manifest.json`'s bytes: pretty JSON, fields in order, the signature last.
    pub fn to_json(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Signed<'a> {
            #[serde(flatten)]
            body: &'a Unsigned,
            signature: &'a str,
        }
        let mut out = serde_json::to_vec_pretty(&Signed {
            body: &self.body,
            signature: &self.signature,
        })
        .unwrap_or_default();
        out.push(b'\n');
        out
    }
}

/// `pieces.csv`'s bytes.
pub fn pieces_csv(pieces: &[Piece]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(true)
        .from_writer(Vec::with_capacity(128 * (pieces.len() + 1)));
    if pieces.is_empty() {
        let _ = w.write_record(COLUMNS);
    }
    for p in pieces {
        // Writing into memory cannot fail.
        let _ = w.serialize(p);
    }
    w.into_inner().unwrap_or_default()
}

/// Writes the signed shipment into the existing folder `dir`: `pieces.csv`, then the manifest
/// (its `files` filled in here). Returns the manifest.
pub fn write(
    dir: &Path,
    mut body: Unsigned,
    pieces: &[Piece],
    key: &DepotKey,
) -> std::io::Result<Shipment> {
    let csv = pieces_csv(pieces);
    body.files = vec![FileEntry {
        name: PIECES.to_owned(),
        rows: pieces.len() as u64,
        sha256: sha256_hex(&csv),
    }];
    body.public_key = key.public_hex();
    let shipment = Shipment::sign(body, key);
    synced(&dir.join(PIECES), &csv)?;
    synced(&dir.join(MANIFEST), &shipment.to_json())?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(shipment)
}

fn synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// A shipment checked: its manifest, its pieces, and the SHA-256 of `manifest.json`'s bytes
/// (what names it at both depots).
#[derive(Debug, Clone)]
pub struct Checked {
    pub shipment: Shipment,
    pub pieces: Vec<Piece>,
    pub sha256: String,
}

/// Checks the shipment in `dir`: the schema version, the kind, the signature with the
/// manifest's own key, `pieces.csv`'s SHA-256 and row count. Who the key belongs to is the
/// receiver's to know (the peer depot it enrolled).
pub fn check(dir: &Path) -> Result<Checked, ShipmentError> {
    let d = dir.display().to_string();
    let err = |m: ShipMsg| ShipmentError(m);
    let malformed = |what: &str| {
        err(ShipMsg::Malformed {
            dir: d.clone(),
            what: what.to_owned(),
        })
    };
    let read =
        |name: &str| std::fs::read(dir.join(name)).map_err(|e| malformed(&format!("{name}: {e}")));
    let bytes = read(MANIFEST)?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| malformed(&e.to_string()))?;
    let serde_json::Value::Object(mut fields) = value else {
        return Err(malformed("not a JSON object"));
    };
    match fields.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(SCHEMA_VERSION) => {}
        Some(found) => {
            return Err(err(ShipMsg::SchemaVersion {
                dir: d.clone(),
                found: found.to_string(),
            }));
        }
        None => return Err(malformed("no schema_version")),
    }
    let signature = match fields.remove("signature") {
        Some(serde_json::Value::String(s)) => s,
        _ => return Err(malformed("no signature")),
    };
    let body: Unsigned = serde_json::from_value(serde_json::Value::Object(fields))
        .map_err(|e| malformed(&e.to_string()))?;
    if body.kind != KIND {
        return Err(malformed(&format!("kind {} is not {KIND}", body.kind)));
    }
    let key = unhex::<32>(&body.public_key)
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
        .ok_or_else(|| malformed("public_key is not an Ed25519 key"))?;
    let sig = unhex::<64>(&signature).ok_or_else(|| malformed("signature is not 64 bytes"))?;
    key.verify_strict(&canonical_bytes(&body), &Signature::from_bytes(&sig))
        .map_err(|_| err(ShipMsg::BadSignature { dir: d.clone() }))?;
    let [entry] = body.files.as_slice() else {
        return Err(malformed("files must list pieces.csv alone"));
    };
    if entry.name != PIECES {
        return Err(malformed(&format!("files names {}", entry.name)));
    }
    let data = read(PIECES)?;
    let changed = |what: String| {
        err(ShipMsg::FileChanged {
            dir: d.clone(),
            file: PIECES.to_owned(),
            what,
        })
    };
    if sha256_hex(&data) != entry.sha256 {
        return Err(changed("SHA-256".into()));
    }
    let rows = data_rows(&data).map_err(|e| changed(e.to_string()))?;
    if rows != entry.rows {
        return Err(changed(format!("{rows} / {}", entry.rows)));
    }
    let pieces = csv::Reader::from_reader(data.as_slice())
        .deserialize()
        .collect::<Result<Vec<Piece>, _>>()
        .map_err(|e| changed(e.to_string()))?;
    Ok(Checked {
        shipment: Shipment { body, signature },
        pieces,
        sha256: sha256_hex(&bytes),
    })
}

#[cfg(test)]
mod tests;
