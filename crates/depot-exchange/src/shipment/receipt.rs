//! The receipt a receiving depot sends back for a shipment (`schemas/receipt.md`): a folder
//! of `lines.csv` (each piece expected or found, and what became of it) and `manifest.json`,
//! signed with the receiver's key as a shipment is with the sender's. The sender takes it to
//! close the shipment.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{ShipmentError, Words, entry, put, read_signed};
use crate::bundle::signed::{self, FileEntry};
use crate::bundle::{Depot, DepotKey};
use depot_domain::msg::ship::ShipMsg;

/// The version of the receipt format; a reader refuses any other.
pub const SCHEMA_VERSION: u32 = 1;

/// The manifest's `kind` for a receipt.
pub const KIND: &str = "receipt";

/// The lines' file inside a receipt folder.
pub const LINES: &str = "lines.csv";

/// The columns of `lines.csv`, in order.
pub const COLUMNS: [&str; 5] = ["barcode", "outcome", "quantity", "seq", "hash"];

/// A line's outcome: taken into the receiver's register.
pub const RECEIVED: &str = "received";
/// A line's outcome: in the shipment, not found at the receiver.
pub const MISSING: &str = "missing";
/// A line's outcome: found with the shipment, not in it (not taken in).
pub const UNEXPECTED: &str = "unexpected";

/// Every field of the manifest but `signature`, in the order the signature covers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unsigned {
    pub schema_version: u32,
    /// `receipt`.
    pub kind: String,
    /// The shipment's id (the sender's `DEPOT-SEQ`).
    pub shipment: String,
    /// SHA-256 of the shipment's `manifest.json`, as received.
    pub shipment_sha256: String,
    /// The receiving depot, who writes and signs the receipt.
    pub from: Depot,
    /// The sending depot's code, to whom it goes back.
    pub to: String,
    /// RFC 3339 with offset.
    pub created: String,
    /// `lines.csv`, the one file.
    pub files: Vec<FileEntry>,
    /// Hex of the receiving depot's 32-byte Ed25519 public key.
    pub public_key: String,
}

/// A signed receipt manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub body: Unsigned,
    pub signature: String,
}

/// One line of `lines.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub barcode: String,
    /// `received`, `missing` or `unexpected`.
    pub outcome: String,
    /// The quantity taken in (the shipment's for a piece or lot received; empty otherwise).
    pub quantity: String,
    /// The receiver's ledger seq of the movement that took it in (empty unless received).
    pub seq: Option<u64>,
    /// That movement's hash, lower-case hex (empty unless received).
    pub hash: String,
}

impl Receipt {
    /// `manifest.json`'s bytes.
    pub fn to_json(&self) -> Vec<u8> {
        signed::to_json(&self.body, &self.signature)
    }
}

/// Writes the signed receipt into the existing folder `dir`. Returns the manifest.
pub fn write(
    dir: &Path,
    mut body: Unsigned,
    lines: &[Line],
    key: &DepotKey,
) -> std::io::Result<Receipt> {
    let csv = super::csv_bytes(&COLUMNS, lines);
    body.files = vec![entry(LINES, lines.len(), &csv)];
    body.public_key = key.public_hex();
    let signature = signed::sign(&body, key);
    let receipt = Receipt { body, signature };
    put(dir, LINES, &csv, &receipt.to_json())?;
    Ok(receipt)
}

/// A receipt checked: its manifest, its lines, the SHA-256 of its `manifest.json`.
#[derive(Debug, Clone)]
pub struct Checked {
    pub receipt: Receipt,
    pub lines: Vec<Line>,
    pub sha256: String,
}

struct ReceiptWords;

impl Words for ReceiptWords {
    fn malformed(dir: String, what: String) -> ShipMsg {
        ShipMsg::ReceiptMalformed { dir, what }
    }
    fn schema_version(dir: String, found: String) -> ShipMsg {
        ShipMsg::ReceiptSchemaVersion { dir, found }
    }
    fn bad_signature(dir: String) -> ShipMsg {
        ShipMsg::ReceiptBadSignature { dir }
    }
    fn file_changed(dir: String, file: String, what: String) -> ShipMsg {
        ShipMsg::ReceiptFileChanged { dir, file, what }
    }
}

/// Checks the receipt in `dir` as `shipment::check` does a shipment; each line's outcome is
/// one of the three.
pub fn check(dir: &Path) -> Result<Checked, ShipmentError> {
    let r = read_signed::<Unsigned, Line, ReceiptWords>(
        dir,
        SCHEMA_VERSION,
        (KIND, |b| &b.kind),
        LINES,
        |b| &b.public_key,
        |b| &b.files,
    )?;
    if let Some(l) = r
        .rows
        .iter()
        .find(|l| ![RECEIVED, MISSING, UNEXPECTED].contains(&l.outcome.as_str()))
    {
        return Err(ShipmentError(Box::new(ReceiptWords::malformed(
            dir.display().to_string(),
            format!("{LINES}: {}: outcome {}", l.barcode, l.outcome),
        ))));
    }
    Ok(Checked {
        receipt: Receipt {
            body: r.body,
            signature: r.signature,
        },
        lines: r.rows,
        sha256: r.sha256,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn written() -> (tempfile::TempDir, Receipt) {
        let dir = tempfile::tempdir().unwrap();
        let key = DepotKey::generate().unwrap();
        let body = Unsigned {
            schema_version: SCHEMA_VERSION,
            kind: KIND.to_owned(),
            shipment: "ZD-A-7".to_owned(),
            shipment_sha256: "cd".repeat(32),
            from: Depot {
                code: "ZD-B".to_owned(),
                name: "乙支队".to_owned(),
            },
            to: "ZD-A".to_owned(),
            created: "2026-12-02T09:00:00+08:00".to_owned(),
            files: Vec::new(),
            public_key: String::new(),
        };
        let lines = [
            Line {
                barcode: "A1".into(),
                outcome: RECEIVED.into(),
                quantity: "1".into(),
                seq: Some(12),
                hash: "ab".repeat(32),
            },
            Line {
                barcode: "A2".into(),
                outcome: MISSING.into(),
                quantity: String::new(),
                seq: None,
                hash: String::new(),
            },
        ];
        let r = write(dir.path(), body, &lines, &key).unwrap();
        (dir, r)
    }

    #[test]
    fn a_written_receipt_checks_with_its_lines() {
        let (dir, r) = written();
        let c = check(dir.path()).unwrap();
        assert_eq!(c.receipt, r);
        assert_eq!(c.lines.len(), 2);
        assert_eq!(
            (c.lines[1].outcome.as_str(), c.lines[1].seq),
            (MISSING, None)
        );
    }

    #[test]
    fn an_edited_receipt_is_refused() {
        let (dir, _) = written();
        let p = dir.path().join(LINES);
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("A2,missing", "A2,received");
        std::fs::write(&p, text).unwrap();
        let e = check(dir.path()).unwrap_err();
        assert_eq!(e.0.key(), "ReceiptFileChanged", "{e}");
        let (dir, _) = written();
        let p = dir.path().join(crate::bundle::manifest::MANIFEST);
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("ZD-A-7", "ZD-A-8");
        std::fs::write(&p, text).unwrap();
        let e = check(dir.path()).unwrap_err();
        assert_eq!(e.0.key(), "ReceiptBadSignature", "{e}");
    }
}
