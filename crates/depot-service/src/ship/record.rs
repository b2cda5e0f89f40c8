//! What a depot keeps of its shipments, in the register's meta table (carried by a migration
//! with the rest): the peer depots' public keys it enrolled, each shipment it sent (open until
//! the receiver's receipt closes it) and each it received. Lists are kept under an index key
//! each, since the meta table is read by key.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::store::{Reader, StoreError, Writer};
use crate::{Error, Result};
use depot_exchange::bundle::manifest::unhex;

/// The index of the peer depots enrolled: a JSON list of their codes.
const PEERS: &str = "ship.peers";
/// A peer depot's public key, hex: `ship.peer.CODE`.
const PEER: &str = "ship.peer.";
/// The index of the shipments sent: a JSON list of their ids, oldest first.
const SENT: &str = "ship.sent";
/// A shipment sent ([`Sent`] as JSON): `ship.sent.ID`.
const SENT_ONE: &str = "ship.sent.";
/// The index of the shipments received: a JSON list of `FROM/ID`, oldest first.
const GOT: &str = "ship.received";
/// A shipment received ([`Got`] as JSON): `ship.received.FROM/ID`.
const GOT_ONE: &str = "ship.received.";
/// The index of the shipments being counted at the scan station: a JSON list of `FROM/ID`.
const COUNTING: &str = "ship.counting";
/// What was scanned of a shipment being counted ([`Counting`] as JSON): `ship.counting.FROM/ID`.
const COUNTING_ONE: &str = "ship.counting.";

/// A shipment this depot sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub id: String,
    /// The receiving depot.
    pub to: String,
    /// RFC 3339.
    pub created: String,
    /// A loan's return-by date, `YYYY-MM-DD`.
    pub return_by: Option<String>,
    pub reference: Option<String>,
    /// SHA-256 of its `manifest.json`: what the receipt must name.
    pub sha256: String,
    /// The barcodes in it, in its order.
    pub pieces: Vec<String>,
    /// The receipt that closed it.
    pub closed: Option<Closed>,
}

/// What the receipt of a shipment said, as the sender took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closed {
    /// When the sender took the receipt, RFC 3339.
    pub at: String,
    /// When the receiver wrote it, RFC 3339.
    pub receipt_created: String,
    pub receipt_sha256: String,
    pub received: Vec<String>,
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
}

/// A shipment this depot received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Got {
    pub id: String,
    /// The sending depot.
    pub from: String,
    /// SHA-256 of its `manifest.json`.
    pub sha256: String,
    /// When it was received here, RFC 3339.
    pub at: String,
    pub return_by: Option<String>,
    pub received: Vec<String>,
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
}

/// A shipment being counted at the scan station, before it is received: every code scanned
/// against it, in the order scanned, each once, kept so that a count survives the terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counting {
    /// SHA-256 of the `manifest.json` counted against: another folder under the same id
    /// starts afresh.
    pub sha256: String,
    pub scanned: Vec<String>,
}

fn json<T: DeserializeOwned>(key: &str, v: Option<Vec<u8>>) -> Result<Option<T>> {
    v.map(|b| {
        serde_json::from_slice(&b)
            .map_err(|e| Error::Invalid(format!("meta {key} is not a shipment record: {e}")))
    })
    .transpose()
}

fn put<T: Serialize>(w: &mut Writer<'_>, key: &str, v: &T) -> Result<()> {
    // Serialising plain strings and lists cannot fail.
    w.put_meta(key, &serde_json::to_vec(v).unwrap_or_default())?;
    Ok(())
}

/// Reads what either side of a transaction sees of the meta table.
pub trait Meta {
    fn get(&self, key: &str) -> std::result::Result<Option<Vec<u8>>, StoreError>;
}

impl Meta for Reader {
    fn get(&self, key: &str) -> std::result::Result<Option<Vec<u8>>, StoreError> {
        self.meta(key)
    }
}

impl Meta for Writer<'_> {
    fn get(&self, key: &str) -> std::result::Result<Option<Vec<u8>>, StoreError> {
        self.meta(key)
    }
}

fn list(m: &(impl Meta + ?Sized), key: &str) -> Result<Vec<String>> {
    Ok(json(key, m.get(key)?)?.unwrap_or_default())
}

fn push(w: &mut Writer<'_>, key: &str, item: &str) -> Result<()> {
    let mut all = list(w, key)?;
    if !all.iter().any(|i| i == item) {
        all.push(item.to_owned());
        put(w, key, &all)?;
    }
    Ok(())
}

/// The public key enrolled for depot `code`.
pub fn peer_key(m: &(impl Meta + ?Sized), code: &str) -> Result<Option<[u8; 32]>> {
    Ok(m.get(&format!("{PEER}{code}"))?
        .and_then(|v| unhex::<32>(&String::from_utf8_lossy(&v))))
}

/// Enrols `key` for depot `code`.
pub fn put_peer(w: &mut Writer<'_>, code: &str, key: &[u8; 32]) -> Result<()> {
    w.put_meta(
        &format!("{PEER}{code}"),
        depot_domain::movement::hex(key).as_bytes(),
    )?;
    push(w, PEERS, code)
}

/// The shipment sent under `id`.
pub fn sent(m: &(impl Meta + ?Sized), id: &str) -> Result<Option<Sent>> {
    let key = format!("{SENT_ONE}{id}");
    json(&key, m.get(&key)?)
}

/// Every shipment sent, oldest first.
pub fn all_sent(m: &(impl Meta + ?Sized)) -> Result<Vec<Sent>> {
    let mut out = Vec::new();
    for id in list(m, SENT)? {
        out.extend(sent(m, &id)?);
    }
    Ok(out)
}

/// Records (or updates) a shipment sent.
pub fn put_sent(w: &mut Writer<'_>, s: &Sent) -> Result<()> {
    put(w, &format!("{SENT_ONE}{}", s.id), s)?;
    push(w, SENT, &s.id)
}

fn got_key(from: &str, id: &str) -> String {
    format!("{from}/{id}")
}

/// The shipment `id` received from `from`.
pub fn got(m: &(impl Meta + ?Sized), from: &str, id: &str) -> Result<Option<Got>> {
    let key = format!("{GOT_ONE}{}", got_key(from, id));
    json(&key, m.get(&key)?)
}

/// Every shipment received, oldest first.
pub fn all_got(m: &(impl Meta + ?Sized)) -> Result<Vec<Got>> {
    let mut out = Vec::new();
    for k in list(m, GOT)? {
        let key = format!("{GOT_ONE}{k}");
        out.extend(json::<Got>(&key, m.get(&key)?)?);
    }
    Ok(out)
}

/// Records a shipment received.
pub fn put_got(w: &mut Writer<'_>, g: &Got) -> Result<()> {
    let k = got_key(&g.from, &g.id);
    put(w, &format!("{GOT_ONE}{k}"), g)?;
    push(w, GOT, &k)
}

/// What was scanned of shipment `id` from `from` while it is counted.
pub fn counting(m: &(impl Meta + ?Sized), from: &str, id: &str) -> Result<Option<Counting>> {
    let key = format!("{COUNTING_ONE}{}", got_key(from, id));
    json(&key, m.get(&key)?)
}

/// Records what was scanned of shipment `id` from `from` so far.
pub fn put_counting(w: &mut Writer<'_>, from: &str, id: &str, c: &Counting) -> Result<()> {
    let k = got_key(from, id);
    put(w, &format!("{COUNTING_ONE}{k}"), c)?;
    push(w, COUNTING, &k)
}

/// The count of shipment `id` from `from` is over (it was received): its scans are emptied
/// and it leaves the index.
pub fn end_counting(w: &mut Writer<'_>, from: &str, id: &str) -> Result<()> {
    let k = got_key(from, id);
    let mut all = list(w, COUNTING)?;
    if let Some(i) = all.iter().position(|c| *c == k) {
        all.remove(i);
        put(w, COUNTING, &all)?;
        put(w, &format!("{COUNTING_ONE}{k}"), &Counting::default())?;
    }
    Ok(())
}

/// Every meta key of the shipments' records, for a migration to copy.
pub fn meta_keys(r: &Reader) -> Result<Vec<String>> {
    let mut keys = vec![
        PEERS.to_owned(),
        SENT.to_owned(),
        GOT.to_owned(),
        COUNTING.to_owned(),
    ];
    keys.extend(list(r, PEERS)?.iter().map(|c| format!("{PEER}{c}")));
    keys.extend(list(r, SENT)?.iter().map(|i| format!("{SENT_ONE}{i}")));
    keys.extend(list(r, GOT)?.iter().map(|k| format!("{GOT_ONE}{k}")));
    keys.extend(
        list(r, COUNTING)?
            .iter()
            .map(|k| format!("{COUNTING_ONE}{k}")),
    );
    Ok(keys)
}
