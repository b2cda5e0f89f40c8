//! Movements: the lines of the append-only ledger, their canonical encoding and hash chain.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::ids::{Barcode, ItemCode, ModuleCode, Operator, PlaceCode};
use super::vocab::{AssetStatus, Vocabulary, vocabulary};

vocabulary! {
    /// What a movement does.
    Action {
        /// The balance a register starts from, written by an import.
        Opening = "opening" / "期初",
        Receive = "receive" / "入库",
        Checkout = "checkout" / "出库",
        Checkin = "checkin" / "归还",
        Transfer = "transfer" / "调拨",
        Issue = "issue" / "应急调用",
        Inspect = "inspect" / "检测",
        RepairStart = "repair_start" / "送修",
        RepairDone = "repair_done" / "修竣",
        Adjust = "adjust" / "盘点调整",
        Writeoff = "writeoff" / "报废",
        /// A change of recorded attributes (a corrected serial, a new module …).
        Update = "update" / "信息变更",
        /// Sent to another depot with a signed shipment (`to`: that depot's code): an asset
        /// is then away there, a lot leaves whole; what comes back is received.
        Ship = "ship" / "发运",
    }
}

/// One attribute a movement sets; `None` clears it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Serial(Option<String>),
    Plate(Option<String>),
    Module(Option<ModuleCode>),
    Status(AssetStatus),
    Commissioned(Option<NaiveDate>),
    LastInspected(Option<NaiveDate>),
    Location(Option<PlaceCode>),
    Due(Option<NaiveDate>),
    Owner(PlaceCode),
    LotNo(Option<String>),
    Expires(Option<NaiveDate>),
    Received(Option<NaiveDate>),
}

impl Change {
    /// The attribute's key in the `detail` text.
    pub fn key(&self) -> &'static str {
        match self {
            Change::Serial(_) => "serial",
            Change::Plate(_) => "plate",
            Change::Module(_) => "module",
            Change::Status(_) => "status",
            Change::Commissioned(_) => "commissioned",
            Change::LastInspected(_) => "last_inspected",
            Change::Location(_) => "location",
            Change::Due(_) => "due",
            Change::Owner(_) => "owner",
            Change::LotNo(_) => "lot",
            Change::Expires(_) => "expires",
            Change::Received(_) => "received",
        }
    }

    /// The change whose [`Self::key`] is `key` and whose [`Self::value`] is `v`: how both
    /// engines read back what the ledger keeps.
    pub fn parse(key: &str, v: String) -> Result<Change, String> {
        Change::parse_str(key, &v)
    }

    /// [`Self::parse`] of a value borrowed from where it is stored: only a text value is
    /// copied (a date or a status is not).
    pub fn parse_str(key: &str, v: &str) -> Result<Change, String> {
        let opt = |v: &str| (!v.is_empty()).then(|| v.to_owned());
        let d = |v: &str| -> Result<Option<NaiveDate>, String> {
            if v.is_empty() {
                Ok(None)
            } else {
                v.parse().map(Some).map_err(|e| format!("{key}: {e}"))
            }
        };
        Ok(match key {
            "serial" => Change::Serial(opt(v)),
            "plate" => Change::Plate(opt(v)),
            "module" => Change::Module(opt(v).map(ModuleCode::new)),
            "status" => Change::Status(v.parse()?),
            "commissioned" => Change::Commissioned(d(v)?),
            "last_inspected" => Change::LastInspected(d(v)?),
            "location" => Change::Location(opt(v).map(PlaceCode::new)),
            "due" => Change::Due(d(v)?),
            "owner" => Change::Owner(PlaceCode::new(v)),
            "lot" => Change::LotNo(opt(v)),
            "expires" => Change::Expires(d(v)?),
            "received" => Change::Received(d(v)?),
            other => return Err(format!("unknown attribute '{other}'")),
        })
    }

    /// The new value as text; empty when cleared.
    pub fn value(&self) -> String {
        fn opt<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map(ToString::to_string).unwrap_or_default()
        }
        match self {
            Change::Serial(v) | Change::Plate(v) | Change::LotNo(v) => opt(v),
            Change::Module(v) => opt(v),
            Change::Status(s) => s.en().to_owned(),
            Change::Commissioned(v)
            | Change::LastInspected(v)
            | Change::Due(v)
            | Change::Expires(v)
            | Change::Received(v) => opt(v),
            Change::Location(v) => opt(v),
            Change::Owner(v) => v.to_string(),
        }
    }
}

/// The `detail` text of a list of changes: `key=value;key=value`, with `%`, `;` and `=` inside
/// values written as `%25`, `%3B` and `%3D`.
pub fn detail_text(changes: &[Change]) -> String {
    let mut out = String::new();
    for (i, c) in changes.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(c.key());
        out.push('=');
        for ch in c.value().chars() {
            match ch {
                '%' => out.push_str("%25"),
                ';' => out.push_str("%3B"),
                '=' => out.push_str("%3D"),
                _ => out.push(ch),
            }
        }
    }
    out
}

/// The reason an import writes on each opening movement: the file and line it came from.
/// Kept in the ledger as written (it is hashed), so in English; [`reason_zh`] says it in
/// Chinese for a screen.
pub fn imported_from(file: &str, line: u64) -> String {
    format!("imported from {file}:{line}")
}

/// A reason depot wrote itself, said in Chinese (`None`: a person's own words, shown as
/// they are).
pub fn reason_zh(reason: &str) -> Option<String> {
    let (file, line) = reason.strip_prefix("imported from ")?.rsplit_once(':')?;
    line.parse::<u64>().ok()?;
    Some(format!("导入自 {file} 第 {line} 行"))
}

/// A movement before it has its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMovement {
    pub at: DateTime<FixedOffset>,
    pub action: Action,
    pub barcode: Barcode,
    pub item: ItemCode,
    /// 1 for an asset; the quantity moved for a lot (a signed difference for an adjustment).
    pub quantity: Decimal,
    pub from: Option<PlaceCode>,
    pub to: Option<PlaceCode>,
    pub operator: Operator,
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub changes: Vec<Change>,
}

/// A movement as a replay of the ledger reads it: what changes the stock, its texts borrowed
/// (from a [`NewMovement`], or from the stored row a read of the ledger decodes without
/// copying it; `replay::apply_ref`). The operator, the reference and the reason change no
/// stock and are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovementRef<'a> {
    pub at: DateTime<FixedOffset>,
    pub action: Action,
    pub barcode: &'a str,
    pub item: &'a str,
    pub quantity: Decimal,
    pub to: Option<&'a str>,
    pub changes: &'a [Change],
}

impl NewMovement {
    /// The movement as a replay reads it.
    pub fn view(&self) -> MovementRef<'_> {
        MovementRef {
            at: self.at,
            action: self.action,
            barcode: self.barcode.as_str(),
            item: self.item.as_str(),
            quantity: self.quantity,
            to: self.to.as_ref().map(PlaceCode::as_str),
            changes: &self.changes,
        }
    }
}

/// A line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    pub seq: u64,
    pub body: NewMovement,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
}

/// The hash that precedes the first movement.
pub const GENESIS: [u8; 32] = [0; 32];

/// The timestamp as the ledger writes it: RFC 3339, whole seconds, with its offset.
pub fn timestamp_text(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

impl NewMovement {
    /// The canonical encoding that the hash covers: every field as `<byte length>:<bytes>`, in
    /// the order of the movements export (seq, at, action, barcode, item, quantity, from, to,
    /// operator, reference, reason, detail). Length prefixes make it unambiguous whatever the
    /// fields contain.
    pub fn canonical(&self, seq: u64) -> Vec<u8> {
        let mut out = Vec::with_capacity(192);
        put_seq(&mut out, seq);
        self.put_after_seq(&mut out);
        out
    }

    /// The canonical encoding after its first field, the seq: what does not depend on the
    /// movement's place in the chain. A server that places a movement after the head it finds
    /// at commit hashes the previous hash, the seq's field and these bytes (`put_seq`).
    pub fn canonical_after_seq(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(192);
        self.put_after_seq(&mut out);
        out
    }

    fn put_after_seq(&self, out: &mut Vec<u8>) {
        use std::fmt::Write as _;
        // Fields that are not text yet are written into one scratch string, in turn.
        let mut scratch = String::with_capacity(64);
        let mut shown = |out: &mut Vec<u8>, v: &dyn std::fmt::Display| {
            scratch.clear();
            let _ = write!(scratch, "{v}");
            put_field(out, &scratch);
        };
        put_field(out, &timestamp_text(&self.at));
        put_field(out, self.action.en());
        shown(out, &self.barcode);
        shown(out, &self.item);
        shown(out, &self.quantity.normalize());
        match &self.from {
            Some(p) => shown(out, p),
            None => put_field(out, ""),
        }
        match &self.to {
            Some(p) => shown(out, p),
            None => put_field(out, ""),
        }
        shown(out, &self.operator);
        put_field(out, self.reference.as_deref().unwrap_or_default());
        put_field(out, self.reason.as_deref().unwrap_or_default());
        put_field(out, &detail_text(&self.changes));
    }

    /// SHA-256 of the previous hash followed by the canonical encoding.
    pub fn chain_hash(&self, seq: u64, prev: &[u8; 32]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(prev);
        h.update(self.canonical(seq));
        h.finalize().into()
    }

    /// Places the movement in the chain after `prev`.
    pub fn seal(self, seq: u64, prev: [u8; 32]) -> Movement {
        let hash = self.chain_hash(seq, &prev);
        Movement {
            seq,
            body: self,
            prev_hash: prev,
            hash,
        }
    }
}

/// One field of the canonical encoding: `<byte length>:<bytes>`.
fn put_field(out: &mut Vec<u8>, f: &str) {
    put_decimal(out, f.len() as u64);
    out.push(b':');
    out.extend_from_slice(f.as_bytes());
}

/// `n` in decimal digits, as `{}` writes it (without the formatting machinery: every movement
/// of an ingest writes twelve of them).
fn put_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The seq's field of the canonical encoding, as [`text_canonical`] writes it too.
fn put_seq(out: &mut Vec<u8>, seq: u64) {
    let mut digits = Vec::with_capacity(20);
    put_decimal(&mut digits, seq);
    // The seq is a field like the others: its length, then its digits.
    put_decimal(out, digits.len() as u64);
    out.push(b':');
    out.extend_from_slice(&digits);
}

/// The canonical encoding of a movement given as the text of its export columns (at, action,
/// barcode, item, quantity, from, to, operator, reference, reason, detail: `movements.csv`
/// writes each as [`NewMovement::canonical`] encodes it), so that a reader of the export (a
/// headquarters) recomputes the chain without parsing the values.
pub fn text_canonical(seq: u64, fields: &[&str; 11]) -> Vec<u8> {
    let mut out = Vec::with_capacity(192);
    put_seq(&mut out, seq);
    for f in fields {
        put_field(&mut out, f);
    }
    out
}

/// SHA-256 of `prev` followed by [`text_canonical`]: the hash of a movement given as text.
pub fn text_chain_hash(seq: u64, fields: &[&str; 11], prev: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(text_canonical(seq, fields));
    h.finalize().into()
}

impl Movement {
    /// Whether the stored hash is the one its contents and predecessor give.
    pub fn hash_is_valid(&self) -> bool {
        self.body.chain_hash(self.seq, &self.prev_hash) == self.hash
    }
}

/// Lower-case hex of a hash.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            12_345,
            1 << 32,
            u64::MAX - 1,
            u64::MAX,
        ] {
            let mut out = vec![b'x'];
            put_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
        assert_eq!(text_canonical(12, &[""; 11])[..6], *b"2:120:");
    }

    fn sample() -> NewMovement {
        NewMovement {
            at: DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap(),
            action: Action::Checkout,
            barcode: "QZ1".into(),
            item: "V-SG".into(),
            quantity: Decimal::ONE,
            from: Some("ZHAN-01".into()),
            to: Some("INC-7".into()),
            operator: "王伟".into(),
            reference: None,
            reason: Some("a;b=c%".into()),
            changes: vec![Change::Due(None), Change::Serial(Some("x;=%".into()))],
        }
    }

    #[test]
    fn detail_escapes_separators() {
        assert_eq!(detail_text(&sample().changes), "due=;serial=x%3B%3D%25");
    }

    #[test]
    fn chain_detects_any_change() {
        let m = sample().seal(1, GENESIS);
        assert!(m.hash_is_valid());
        let mut t = m.clone();
        t.body.reason = Some("other".into());
        assert!(!t.hash_is_valid());
        let mut t = m.clone();
        t.seq = 2;
        assert!(!t.hash_is_valid());
        let next = sample().seal(2, m.hash);
        assert_ne!(next.hash, m.hash);
    }

    /// The canonical bytes (and so every hash of every ledger) never change.
    #[test]
    fn canonical_is_stable() {
        let mut m = sample();
        m.quantity = Decimal::new(12500, 3);
        assert_eq!(
            String::from_utf8(m.canonical(1234567)).unwrap(),
            "7:123456725:2026-11-23T09:00:00+08:008:checkout3:QZ14:V-SG4:12.57:ZHAN-015:INC-76:王伟0:6:a;b=c%22:due=;serial=x%3B%3D%25"
        );
        assert_eq!(
            hex(&sample().chain_hash(7, &GENESIS)),
            "2b9e7dc6c7e528ce30afb306424bf54ecaca31dbe7a8cdd5611965f62019784e"
        );
    }

    /// A movement read back from the export's text hashes as the movement itself: what a
    /// headquarters relies on to check a depot's chain.
    #[test]
    fn the_exports_text_hashes_as_the_movement() {
        let mut m = sample();
        m.quantity = Decimal::new(12500, 3);
        let (quantity, from, to) = (
            m.quantity.normalize().to_string(),
            m.from.as_ref().map(|p| p.to_string()).unwrap_or_default(),
            m.to.as_ref().map(|p| p.to_string()).unwrap_or_default(),
        );
        let (at, detail) = (timestamp_text(&m.at), detail_text(&m.changes));
        let fields = [
            at.as_str(),
            m.action.en(),
            m.barcode.as_str(),
            m.item.as_str(),
            &quantity,
            &from,
            &to,
            m.operator.as_str(),
            m.reference.as_deref().unwrap_or(""),
            m.reason.as_deref().unwrap_or(""),
            &detail,
        ];
        assert_eq!(text_canonical(99, &fields), m.canonical(99));
        let prev = [7u8; 32];
        assert_eq!(text_chain_hash(99, &fields, &prev), m.chain_hash(99, &prev));
        let mut changed = fields;
        changed[4] = "12.50";
        assert_ne!(
            text_chain_hash(99, &changed, &prev),
            m.chain_hash(99, &prev)
        );
    }

    #[test]
    fn canonical_is_length_prefixed() {
        let c = String::from_utf8(sample().canonical(7)).unwrap();
        assert!(
            c.starts_with("1:725:2026-11-23T09:00:00+08:008:checkout3:QZ1"),
            "{c}"
        );
    }
}

#[cfg(test)]
mod reason_tests {
    use super::*;

    #[test]
    fn an_import_reason_is_said_in_chinese_and_a_persons_is_left_alone() {
        let r = imported_from("import/sample/assets.csv", 17);
        assert_eq!(r, "imported from import/sample/assets.csv:17");
        assert_eq!(
            reason_zh(&r).as_deref(),
            Some("导入自 import/sample/assets.csv 第 17 行")
        );
        assert_eq!(reason_zh("盘点发现 imported from shelf"), None);
        assert_eq!(reason_zh("imported from x:y"), None);
    }
}
