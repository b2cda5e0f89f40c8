//! The shipment a depot sends another with the pieces (`schemas/shipment.md`): a folder of
//! `pieces.csv` and `manifest.json`, which names the file with its row count and SHA-256 and
//! is signed with the sending depot's Ed25519 key, as a bundle is. The signing, the hashes and
//! the row count are the signed folders' own (`bundle::signed`); this module adds the
//! shipment's fields and its pieces. The receipt that answers a shipment is `receipt`.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::bundle::manifest::MANIFEST;
use crate::bundle::signed::{self, FileEntry, Problem, sha256_hex};
use crate::bundle::{Depot, DepotKey};
use depot_domain::msg::ship::ShipMsg;

pub mod receipt;

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

/// What is wrong with a shipment or receipt folder, said from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.say(depot_domain::Lang::En))]
pub struct ShipmentError(pub Box<ShipMsg>);

impl Shipment {
    /// Signs `body` with `key` over its canonical bytes (the signed folders' rules).
    pub fn sign(body: Unsigned, key: &DepotKey) -> Shipment {
        let signature = signed::sign(&body, key);
        Shipment { body, signature }
    }

    /// `manifest.json`'s bytes: pretty JSON, fields in order, the signature last.
    pub fn to_json(&self) -> Vec<u8> {
        signed::to_json(&self.body, &self.signature)
    }
}

/// A CSV file's bytes: a header of `columns`, then `rows` serialised in that order.
pub(crate) fn csv_bytes<T: Serialize>(columns: &[&str], rows: &[T]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(true)
        .from_writer(Vec::with_capacity(128 * (rows.len() + 1)));
    if rows.is_empty() {
        let _ = w.write_record(columns);
    }
    for r in rows {
        // Writing into memory cannot fail.
        let _ = w.serialize(r);
    }
    w.into_inner().unwrap_or_default()
}

/// `pieces.csv`'s bytes.
pub fn pieces_csv(pieces: &[Piece]) -> Vec<u8> {
    csv_bytes(&COLUMNS, pieces)
}

/// The entry of the one CSV file `name` of a signed folder, whose bytes are `csv`.
pub(crate) fn entry(name: &str, rows: usize, csv: &[u8]) -> FileEntry {
    FileEntry {
        name: name.to_owned(),
        rows: rows as u64,
        sha256: sha256_hex(csv),
    }
}

/// Writes a signed folder's two files into the existing folder `dir`, each synced, and the
/// folder's entries.
pub(crate) fn put(dir: &Path, name: &str, csv: &[u8], manifest: &[u8]) -> std::io::Result<()> {
    synced(&dir.join(name), csv)?;
    synced(&dir.join(MANIFEST), manifest)?;
    std::fs::File::open(dir)?.sync_all()
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
    body.files = vec![entry(PIECES, pieces.len(), &csv)];
    body.public_key = key.public_hex();
    let shipment = Shipment::sign(body, key);
    put(dir, PIECES, &csv, &shipment.to_json())?;
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

/// What a signed folder of one CSV file says of itself when it is read: the body, its
/// signature, the rows of its file and the SHA-256 of its manifest.
pub(crate) struct Read<B, R> {
    pub body: B,
    pub signature: String,
    pub rows: Vec<R>,
    pub sha256: String,
}

/// How each format words a problem of its folder.
pub(crate) trait Words {
    fn malformed(dir: String, what: String) -> ShipMsg;
    fn schema_version(dir: String, found: String) -> ShipMsg;
    fn bad_signature(dir: String) -> ShipMsg;
    fn file_changed(dir: String, file: String, what: String) -> ShipMsg;
}

/// Reads the signed folder `dir` of one CSV file `name`: the schema version `version` first,
/// then the body, its `kind`, the signature with the manifest's own key (`key_of`), the file's
/// SHA-256 and row count, and its rows. Who the key belongs to is the reader's to know.
pub(crate) fn read_signed<B, R, W>(
    dir: &Path,
    version: u32,
    kind: (&str, fn(&B) -> &str),
    name: &str,
    key_of: fn(&B) -> &str,
    files_of: fn(&B) -> &[FileEntry],
) -> Result<Read<B, R>, ShipmentError>
where
    B: Serialize + DeserializeOwned,
    R: DeserializeOwned,
    W: Words,
{
    let d = dir.display().to_string();
    let said = |p: Problem| {
        ShipmentError(Box::new(match p {
            Problem::Malformed(what) => W::malformed(d.clone(), what),
            Problem::SchemaVersion(found) => W::schema_version(d.clone(), found.to_string()),
            Problem::BadSignature => W::bad_signature(d.clone()),
            Problem::Io { path, source } => W::malformed(d.clone(), format!("{path}: {source}")),
            Problem::FileChanged { file, what } => W::file_changed(d.clone(), file, what),
        }))
    };
    let bytes = signed::read(dir, MANIFEST).map_err(said)?;
    let (body, signature): (B, String) = signed::parse(&bytes, version).map_err(said)?;
    if kind.1(&body) != kind.0 {
        return Err(said(Problem::Malformed(format!(
            "kind {} is not {}",
            kind.1(&body),
            kind.0
        ))));
    }
    signed::verify(&body, key_of(&body), &signature).map_err(said)?;
    if !matches!(files_of(&body), [f] if f.name == name) {
        return Err(said(Problem::Malformed(format!(
            "files must list {name} alone"
        ))));
    }
    let files = signed::read_files(dir, files_of(&body), MANIFEST).map_err(said)?;
    let data = files.into_iter().next().map(|(_, d)| d).unwrap_or_default();
    let rows = csv::Reader::from_reader(data.as_slice())
        .deserialize()
        .collect::<Result<Vec<R>, _>>()
        .map_err(|e| {
            said(Problem::FileChanged {
                file: name.to_owned(),
                what: e.to_string(),
            })
        })?;
    Ok(Read {
        body,
        signature,
        rows,
        sha256: sha256_hex(&bytes),
    })
}

struct ShipmentWords;

impl Words for ShipmentWords {
    fn malformed(dir: String, what: String) -> ShipMsg {
        ShipMsg::Malformed { dir, what }
    }
    fn schema_version(dir: String, found: String) -> ShipMsg {
        ShipMsg::SchemaVersion { dir, found }
    }
    fn bad_signature(dir: String) -> ShipMsg {
        ShipMsg::BadSignature { dir }
    }
    fn file_changed(dir: String, file: String, what: String) -> ShipMsg {
        ShipMsg::FileChanged { dir, file, what }
    }
}

/// Checks the shipment in `dir`: the schema version, the kind, the signature with the
/// manifest's own key, `pieces.csv`'s SHA-256 and row count. Who the key belongs to is the
/// receiver's to know (the peer depot it enrolled).
pub fn check(dir: &Path) -> Result<Checked, ShipmentError> {
    let r = read_signed::<Unsigned, Piece, ShipmentWords>(
        dir,
        SCHEMA_VERSION,
        (KIND, |b| &b.kind),
        PIECES,
        |b| &b.public_key,
        |b| &b.files,
    )?;
    Ok(Checked {
        shipment: Shipment {
            body: r.body,
            signature: r.signature,
        },
        pieces: r.rows,
        sha256: r.sha256,
    })
}

#[cfg(test)]
mod tests;
