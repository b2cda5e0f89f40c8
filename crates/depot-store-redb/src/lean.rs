//! A stored movement as a replay of the ledger reads it ([`MovementRef`]): its texts borrowed
//! from the page the row is on, the fields no stock depends on (operator, reference, reason,
//! the hashes) skipped, its changes parsed into a buffer the caller reuses. A read of the
//! whole ledger allocates nothing per movement, but for a change that sets a text.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

use depot_domain::Action;
use depot_domain::movement::{Change, MovementRef};

use crate::StoreError;
use crate::rows::{from_idx, undec};

/// The fields of a stored movement a replay needs, borrowed from its bytes; the layout is
/// `rows::MovementRow`'s.
#[derive(Debug, Clone, Copy)]
struct Lean<'a> {
    at_secs: i64,
    offset_secs: i32,
    action: u8,
    barcode: &'a str,
    item: &'a str,
    quantity: [u8; 16],
    to: Option<&'a str>,
}

/// Decodes the ledger row `seq` as a replay reads it, its changes into `changes` (cleared
/// first); the movement borrows from `bytes` and `changes`. With the number of its barcode's
/// movement before it (the row's link; 0: none).
pub fn decode<'a>(
    seq: u64,
    bytes: &'a [u8],
    changes: &'a mut Vec<Change>,
) -> Result<(MovementRef<'a>, u64), StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        table: "ledger",
        key: seq.to_string(),
        reason,
    };
    changes.clear();
    let mut de = postcard::Deserializer::from_bytes(bytes);
    let row = Row(&mut *changes)
        .deserialize(&mut de)
        .map_err(|e| corrupt(e.to_string()))?;
    // After the changes: the two hashes (32 bytes each, as they are), then the link.
    let rest = de.finalize().map_err(|e| corrupt(e.to_string()))?;
    let prev = rest
        .get(64..)
        .ok_or_else(|| corrupt("a movement row ends early".into()))
        .and_then(|link| postcard::from_bytes::<u64>(link).map_err(|e| corrupt(e.to_string())))?;
    let offset =
        FixedOffset::east_opt(row.offset_secs).ok_or_else(|| corrupt("bad offset".into()))?;
    let at = DateTime::from_timestamp(row.at_secs, 0)
        .ok_or_else(|| corrupt("bad timestamp".into()))?
        .with_timezone(&offset);
    let m = MovementRef {
        at,
        action: from_idx::<Action>(row.action).map_err(corrupt)?,
        barcode: row.barcode,
        item: row.item,
        quantity: undec(row.quantity),
        to: row.to,
        changes,
    };
    Ok((m, prev))
}

/// Reads a movement row (a struct is a sequence of its fields to postcard), its changes into
/// the buffer it holds.
struct Row<'b>(&'b mut Vec<Change>);

impl<'de> DeserializeSeed<'de> for Row<'_> {
    type Value = Lean<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // The fields up to the changes; the hashes and the link after them are not read.
        d.deserialize_tuple(12, self)
    }
}

fn field<'de, T: serde::Deserialize<'de>, A: SeqAccess<'de>>(seq: &mut A) -> Result<T, A::Error> {
    seq.next_element()?
        .ok_or_else(|| de::Error::custom("a movement row ends early"))
}

impl<'de> Visitor<'de> for Row<'_> {
    type Value = Lean<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a movement row")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let at_secs = field(&mut seq)?;
        let offset_secs = field(&mut seq)?;
        let action = field(&mut seq)?;
        let barcode = field(&mut seq)?;
        let item = field(&mut seq)?;
        let quantity = field(&mut seq)?;
        let _from: Option<&str> = field(&mut seq)?;
        let to = field(&mut seq)?;
        let _operator: &str = field(&mut seq)?;
        let _reference: Option<&str> = field(&mut seq)?;
        let _reason: Option<&str> = field(&mut seq)?;
        seq.next_element_seed(Changes(self.0))?
            .ok_or_else(|| de::Error::custom("a movement row ends early"))?;
        Ok(Lean {
            at_secs,
            offset_secs,
            action,
            barcode,
            item,
            quantity,
            to,
        })
    }
}

/// The changes of a row (`rows::ChangeRow`: key and value), parsed into the buffer.
struct Changes<'b>(&'b mut Vec<Change>);

impl<'de> DeserializeSeed<'de> for Changes<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Changes<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the changes of a movement")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some((key, value)) = seq.next_element::<(&'de str, &'de str)>()? {
            self.0
                .push(Change::parse_str(key, value).map_err(de::Error::custom)?);
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::DateTime;
    use depot_domain::movement::{Change, GENESIS, NewMovement};
    use depot_domain::{Action, AssetStatus};
    use rust_decimal::Decimal;

    use crate::rows::{MovementRow, encode};

    /// Every field a replay reads comes back as the full decode gives it, whatever the
    /// fields it skips hold.
    #[test]
    fn reads_what_the_full_decode_reads() {
        let m = NewMovement {
            at: DateTime::parse_from_rfc3339("2025-03-04T23:30:00-05:00").unwrap(),
            action: Action::Checkout,
            barcode: "QZ-1".into(),
            item: "V-SG".into(),
            quantity: Decimal::new(125, 1),
            from: Some("ZHAN-01".into()),
            to: Some("INC-7".into()),
            operator: "王伟".into(),
            reference: Some("R;1".into()),
            reason: Some("why".into()),
            changes: vec![
                Change::Due(None),
                Change::Serial(Some("x;=%".into())),
                Change::Status(AssetStatus::Maintenance),
                Change::LastInspected(Some("2025-03-01".parse().unwrap())),
            ],
        }
        .seal(42, GENESIS);
        let bytes = encode(&MovementRow::from_domain(&m, 7));
        let mut changes = vec![Change::Plate(None)];
        let lean = super::decode(42, &bytes, &mut changes).unwrap();
        assert_eq!(lean, (m.body.view(), 7));
        // Nothing set, nothing to go to.
        let mut bare = m.body.clone();
        (bare.to, bare.reference, bare.reason, bare.changes) = (None, None, None, Vec::new());
        let bytes = encode(&MovementRow::from_domain(&bare.clone().seal(1, GENESIS), 0));
        assert_eq!(
            super::decode(1, &bytes, &mut changes).unwrap(),
            (bare.view(), 0)
        );
    }

    #[test]
    fn a_damaged_row_is_corrupt() {
        let mut changes = Vec::new();
        let e = super::decode(9, &[1, 2, 3], &mut changes).unwrap_err();
        assert!(e.to_string().contains('9'), "{e}");
        let m = NewMovement {
            at: DateTime::parse_from_rfc3339("2025-03-04T23:30:00+08:00").unwrap(),
            action: Action::Update,
            barcode: "QZ-1".into(),
            item: "V-SG".into(),
            quantity: Decimal::ONE,
            from: None,
            to: None,
            operator: "op".into(),
            reference: None,
            reason: None,
            changes: vec![Change::Due(None)],
        };
        let mut row = MovementRow::from_domain(&m.seal(1, GENESIS), 0);
        row.changes[0].key = "colour".into();
        assert!(super::decode(1, &encode(&row), &mut changes).is_err());
    }
}
