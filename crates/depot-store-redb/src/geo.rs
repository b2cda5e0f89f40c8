//! The places' locations and the travel-time table, on redb: rows, reads and writes. The
//! tables are made by the first write that needs them and read as empty while missing, so a
//! file written before them opens as it was.

use redb::{ReadableTable, TableDefinition};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::rows::{decode, encode};
use crate::tables::{PLACE_LOCATIONS, TRAVEL_TIMES};
use crate::{Db, Fault, Reader, StoreError, Writer};
use depot_domain::{GeoPoint, PlaceLocation, TravelTime};
use depot_store::Upsert;

/// Decimals as their text, which keeps their scale.
#[derive(Serialize, Deserialize)]
struct LocationRow {
    lat: String,
    lon: String,
}

#[derive(Serialize, Deserialize)]
struct TravelRow {
    minutes: String,
}

fn number(table: &'static str, key: &str, text: &str) -> Result<Decimal, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt {
        table,
        key: key.to_owned(),
        reason: format!("{text} is not a decimal"),
    })
}

fn location_from(code: &str, bytes: &[u8]) -> Result<PlaceLocation, StoreError> {
    let t = "place_locations";
    let r: LocationRow = decode(t, code, bytes)?;
    let point = GeoPoint::new(number(t, code, &r.lat)?, number(t, code, &r.lon)?).map_err(|e| {
        StoreError::Corrupt {
            table: t,
            key: code.to_owned(),
            reason: e.to_string(),
        }
    })?;
    Ok(PlaceLocation {
        code: code.to_owned(),
        point,
    })
}

fn travel_from(from: &str, to: &str, bytes: &[u8]) -> Result<TravelTime, StoreError> {
    let key = format!("{from} {to}");
    let r: TravelRow = decode("travel_times", &key, bytes)?;
    Ok(TravelTime {
        from: from.to_owned(),
        to: to.to_owned(),
        minutes: number("travel_times", &key, &r.minutes)?,
    })
}

fn locations(
    t: &impl ReadableTable<&'static str, &'static [u8]>,
) -> Result<Vec<PlaceLocation>, StoreError> {
    let mut out = Vec::new();
    for e in t.iter().db()? {
        let (k, v) = e.db()?;
        out.push(location_from(k.value(), v.value())?);
    }
    Ok(out)
}

fn travel_times(
    t: &impl ReadableTable<(&'static str, &'static str), &'static [u8]>,
) -> Result<Vec<TravelTime>, StoreError> {
    let mut out = Vec::new();
    for e in t.iter().db()? {
        let (k, v) = e.db()?;
        let (from, to) = k.value();
        out.push(travel_from(from, to, v.value())?);
    }
    Ok(out)
}

/// Opens a table of a read snapshot; `None` while no write has made it.
fn open_ro<K: redb::Key + 'static>(
    r: &Reader,
    def: TableDefinition<K, &[u8]>,
) -> Result<Option<redb::ReadOnlyTable<K, &'static [u8]>>, StoreError> {
    match r.txn().open_table(def) {
        Ok(t) => Ok(Some(t)),
        Err(redb::TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.fault()),
    }
}

fn upsert_bytes(old: Option<Vec<u8>>, new: &[u8]) -> Upsert {
    match old {
        None => Upsert::New,
        Some(v) if v == new => Upsert::Same,
        Some(_) => Upsert::Changed,
    }
}

impl Reader {
    pub fn locations(&self) -> Result<Vec<PlaceLocation>, StoreError> {
        open_ro(self, PLACE_LOCATIONS)?.map_or(Ok(Vec::new()), |t| locations(&t))
    }

    pub fn travel_times(&self) -> Result<Vec<TravelTime>, StoreError> {
        open_ro(self, TRAVEL_TIMES)?.map_or(Ok(Vec::new()), |t| travel_times(&t))
    }
}

impl Writer<'_> {
    pub fn put_location(&mut self, l: &PlaceLocation) -> Result<Upsert, StoreError> {
        let mut t = self.txn().open_table(PLACE_LOCATIONS).db()?;
        let row = encode(&LocationRow {
            lat: l.point.lat.to_string(),
            lon: l.point.lon.to_string(),
        });
        let old = t
            .insert(l.code.as_str(), row.as_slice())
            .db()?
            .map(|v| v.value().to_vec());
        Ok(upsert_bytes(old, &row))
    }

    pub fn put_travel_time(&mut self, tt: &TravelTime) -> Result<Upsert, StoreError> {
        let mut t = self.txn().open_table(TRAVEL_TIMES).db()?;
        let row = encode(&TravelRow {
            minutes: tt.minutes.to_string(),
        });
        let old = t
            .insert((tt.from.as_str(), tt.to.as_str()), row.as_slice())
            .db()?
            .map(|v| v.value().to_vec());
        Ok(upsert_bytes(old, &row))
    }
}
