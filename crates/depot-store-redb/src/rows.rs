//! The stored form of every record, and its conversion to and from the domain.
//!
//! Dates are days from the common era (i32), decimals their 16-byte serialisation, enums a
//! fixed byte each: the layout does not move when a domain type gains a method or a field.

use serde::{Deserialize, Serialize};

use depot_domain::movement::{Change, Movement, NewMovement};
use depot_domain::{
    Action, Barcode, CatalogItem, Category, ItemCode, Metric, Module, Operator, PlaceCode, Scope,
    StandardLine, StationClass, Target, TargetScope, Tracking, Unit, UnitKind, Warehouse,
    WarehouseLevel, What,
};

use crate::StoreError;
pub(crate) use crate::row_view::{HEAD_BYTES, StockRow, date, day, dec, from_idx, idx, undec};
pub(crate) use depot_store::Head;

pub fn encode<T: Serialize>(row: &T) -> Vec<u8> {
    // postcard cannot fail on these plain structs written to a Vec.
    postcard::to_allocvec(row).unwrap_or_default()
}

pub fn decode<'a, T: Deserialize<'a>>(
    table: &'static str,
    key: &str,
    bytes: &'a [u8],
) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|e| StoreError::Corrupt {
        table,
        key: key.to_owned(),
        reason: e.to_string(),
    })
}

/// A ledger row, its key (`seq`) written out only for an error: a read of the whole ledger
/// decodes millions.
pub fn decode_movement(seq: u64, bytes: &[u8]) -> Result<MovementRow, StoreError> {
    postcard::from_bytes(bytes).map_err(|e| StoreError::Corrupt {
        table: "ledger",
        key: seq.to_string(),
        reason: e.to_string(),
    })
}

macro_rules! enums {
    ($e:expr) => {
        $e.map_err(|reason| StoreError::Corrupt {
            table: "?",
            key: String::new(),
            reason,
        })?
    };
}

#[derive(Serialize, Deserialize)]
pub struct UnitRow {
    pub name: String,
    pub kind: u8,
    pub parent: Option<String>,
    pub class: Option<u8>,
}

impl UnitRow {
    pub fn from_domain(u: &Unit) -> Self {
        Self {
            name: u.name.clone(),
            kind: idx(u.kind),
            parent: u.parent.as_ref().map(|p| p.to_string()),
            class: u.class.map(idx),
        }
    }
    pub fn into_domain(self, code: &str) -> Result<Unit, StoreError> {
        Ok(Unit {
            code: code.into(),
            name: self.name,
            kind: enums!(from_idx::<UnitKind>(self.kind)),
            parent: self.parent.map(|p| p.as_str().into()),
            class: match self.class {
                Some(c) => Some(enums!(from_idx::<StationClass>(c))),
                None => None,
            },
        })
    }
}

#[derive(Serialize, Deserialize)]
pub struct WarehouseRow {
    pub name: String,
    pub level: u8,
    pub unit: String,
    pub agreement: bool,
    pub partner: Option<String>,
}

impl WarehouseRow {
    pub fn from_domain(w: &Warehouse) -> Self {
        Self {
            name: w.name.clone(),
            level: idx(w.level),
            unit: w.unit.to_string(),
            agreement: w.agreement,
            partner: w.partner.clone(),
        }
    }
    pub fn into_domain(self, code: &str) -> Result<Warehouse, StoreError> {
        Ok(Warehouse {
            code: code.into(),
            name: self.name,
            level: enums!(from_idx::<WarehouseLevel>(self.level)),
            unit: self.unit.as_str().into(),
            agreement: self.agreement,
            partner: self.partner,
        })
    }
}

#[derive(Serialize, Deserialize)]
pub struct ModuleRow {
    pub name_zh: String,
    pub name_en: String,
}

impl ModuleRow {
    pub fn from_domain(m: &Module) -> Self {
        Self {
            name_zh: m.name_zh.clone(),
            name_en: m.name_en.clone(),
        }
    }
    pub fn into_domain(self, code: &str) -> Module {
        Module {
            code: code.into(),
            name_zh: self.name_zh,
            name_en: self.name_en,
        }
    }
}

#[derive(Serialize, Deserialize)]
pub struct CatalogRow {
    pub name: String,
    pub category: u8,
    pub tracking: u8,
    pub uom: String,
    pub life_years: Option<u32>,
    pub inspect_days: Option<u32>,
    pub high_end: bool,
    pub unit_price: Option<[u8; 16]>,
}

impl CatalogRow {
    pub fn from_domain(c: &CatalogItem) -> Self {
        Self {
            name: c.name.clone(),
            category: idx(c.category),
            tracking: idx(c.tracking),
            uom: c.uom.clone(),
            life_years: c.life_years,
            inspect_days: c.inspect_days,
            high_end: c.high_end,
            unit_price: c.unit_price.map(dec),
        }
    }
    pub fn into_domain(self, code: &str) -> Result<CatalogItem, StoreError> {
        Ok(CatalogItem {
            code: code.into(),
            name: self.name,
            category: enums!(from_idx::<Category>(self.category)),
            tracking: enums!(from_idx::<Tracking>(self.tracking)),
            uom: self.uom,
            life_years: self.life_years,
            inspect_days: self.inspect_days,
            high_end: self.high_end,
            unit_price: self.unit_price.map(undec),
        })
    }
}

/// A value of the stock table: the [`Head`] (two 8-byte big-endian numbers), then the
/// postcard-encoded [`StockRow`]. A scan then rewrites the stock and the ledger, not a
/// history index.
pub fn encode_stock(row: &StockRow<'_>, head: Head) -> Vec<u8> {
    let mut out = Vec::with_capacity(112);
    out.extend_from_slice(&head.seq.to_be_bytes());
    out.extend_from_slice(&head.at.to_be_bytes());
    // postcard cannot fail on these plain structs written to a Vec.
    postcard::to_extend(row, out).unwrap_or_default()
}

/// The head and the row of a stock value.
pub fn decode_stock<'a>(key: &str, bytes: &'a [u8]) -> Result<(Head, StockRow<'a>), StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        table: "stock",
        key: key.to_owned(),
        reason,
    };
    let (head, row) = bytes
        .split_first_chunk::<HEAD_BYTES>()
        .ok_or_else(|| corrupt("shorter than its history head".into()))?;
    let (seq, at) = head.split_at(8);
    let word = |b: &[u8]| <[u8; 8]>::try_from(b).unwrap_or_default();
    let row = postcard::from_bytes(row).map_err(|e| corrupt(e.to_string()))?;
    Ok((
        Head {
            seq: u64::from_be_bytes(word(seq)),
            at: i64::from_be_bytes(word(at)),
        },
        row,
    ))
}

/// One attribute change as stored: its key and its text value (empty: cleared).
#[derive(Serialize, Deserialize)]
pub struct ChangeRow {
    pub key: String,
    pub value: String,
}

#[derive(Serialize, Deserialize)]
pub struct MovementRow {
    pub at_secs: i64,
    pub offset_secs: i32,
    pub action: u8,
    pub barcode: String,
    pub item: String,
    pub quantity: [u8; 16],
    pub from: Option<String>,
    pub to: Option<String>,
    pub operator: String,
    pub reference: Option<String>,
    pub reason: Option<String>,
    pub changes: Vec<ChangeRow>,
    pub prev_hash: [u8; 32],
    pub hash: [u8; 32],
    /// The sequence number of the same barcode's movement before this one (0: none): the
    /// history of a barcode is the chain from its stock row's head. Not part of the hash.
    pub prev: u64,
}

impl MovementRow {
    pub fn from_domain(m: &Movement, prev: u64) -> Self {
        let b = &m.body;
        Self {
            at_secs: b.at.timestamp(),
            offset_secs: b.at.offset().local_minus_utc(),
            action: idx(b.action),
            barcode: b.barcode.to_string(),
            item: b.item.to_string(),
            quantity: dec(b.quantity),
            from: b.from.as_ref().map(|p| p.to_string()),
            to: b.to.as_ref().map(|p| p.to_string()),
            operator: b.operator.to_string(),
            reference: b.reference.clone(),
            reason: b.reason.clone(),
            changes: b
                .changes
                .iter()
                .map(|c| ChangeRow {
                    key: c.key().to_owned(),
                    value: c.value(),
                })
                .collect(),
            prev_hash: m.prev_hash,
            hash: m.hash,
            prev,
        }
    }

    pub fn into_domain(self, seq: u64) -> Result<Movement, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            table: "ledger",
            key: seq.to_string(),
            reason,
        };
        let offset = chrono::FixedOffset::east_opt(self.offset_secs)
            .ok_or_else(|| corrupt("bad offset".into()))?;
        let at = chrono::DateTime::from_timestamp(self.at_secs, 0)
            .ok_or_else(|| corrupt("bad timestamp".into()))?
            .with_timezone(&offset);
        let mut changes = Vec::with_capacity(self.changes.len());
        for c in self.changes {
            changes.push(Change::parse(&c.key, c.value).map_err(corrupt)?);
        }
        Ok(Movement {
            seq,
            body: NewMovement {
                at,
                action: from_idx::<Action>(self.action).map_err(corrupt)?,
                barcode: Barcode::new(self.barcode),
                item: ItemCode::new(self.item),
                quantity: undec(self.quantity),
                from: self.from.map(PlaceCode::new),
                to: self.to.map(PlaceCode::new),
                operator: Operator::new(self.operator),
                reference: self.reference,
                reason: self.reason,
                changes,
            },
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

/// The key of a standard line: scope, module and what, separated by a unit separator.
pub fn standard_key(l: &StandardLine) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}",
        l.scope,
        l.module.as_ref().map(|m| m.as_str()).unwrap_or(""),
        l.what
    )
}

#[derive(Serialize, Deserialize)]
pub struct StandardRow {
    pub scope: String,
    pub module: Option<String>,
    pub what: String,
    pub required: [u8; 16],
}

impl StandardRow {
    pub fn from_domain(l: &StandardLine) -> Self {
        Self {
            scope: l.scope.to_string(),
            module: l.module.as_ref().map(|m| m.to_string()),
            what: l.what.to_string(),
            required: dec(l.required),
        }
    }
    pub fn into_domain(self, key: &str) -> Result<StandardLine, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            table: "standards",
            key: key.to_owned(),
            reason,
        };
        Ok(StandardLine {
            scope: self
                .scope
                .parse::<Scope>()
                .map_err(|e| corrupt(e.to_string()))?,
            module: self.module.map(|m| m.as_str().into()),
            what: self
                .what
                .parse::<What>()
                .map_err(|e| corrupt(e.to_string()))?,
            required: undec(self.required),
        })
    }
}

/// The key of a target: metric, scope, deadline and source (two plans may set the same
/// metric for the same date: a county's 95 % and the province's 100 %).
pub fn target_key(t: &Target) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        t.metric,
        t.scope,
        t.deadline,
        t.source.as_deref().unwrap_or("")
    )
}

#[derive(Serialize, Deserialize)]
pub struct TargetRow {
    pub metric: u8,
    pub scope: String,
    pub target: [u8; 16],
    pub deadline: i32,
    pub source: Option<String>,
}

impl TargetRow {
    pub fn from_domain(t: &Target) -> Self {
        Self {
            metric: idx(t.metric),
            scope: t.scope.to_string(),
            target: dec(t.target),
            deadline: day(Some(t.deadline)).unwrap_or_default(),
            source: t.source.clone(),
        }
    }
    pub fn into_domain(self, key: &str) -> Result<Target, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            table: "targets",
            key: key.to_owned(),
            reason,
        };
        Ok(Target {
            metric: from_idx::<Metric>(self.metric).map_err(corrupt)?,
            scope: self
                .scope
                .parse::<TargetScope>()
                .map_err(|e| corrupt(e.to_string()))?,
            target: undec(self.target),
            deadline: date(Some(self.deadline)).ok_or_else(|| corrupt("bad deadline".into()))?,
            source: self.source,
        })
    }
}
