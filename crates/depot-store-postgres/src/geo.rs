//! The places' locations and the travel-time table (schema version "places located", see
//! `schema::GEO`): their reads in a snapshot or a write transaction, and their writes.

use depot_domain::{GeoPoint, PlaceLocation, TravelTime};
use depot_store::{StoreError, Upsert};
use rust_decimal::Decimal;

use crate::conn::Conn;
use crate::convert::{col, corrupt};
use crate::query::Res;
use crate::reader::PgReader;
use crate::writer::PgWriter;

fn locations(c: &mut Conn, code: Option<&str>) -> Res<Vec<PlaceLocation>> {
    let rows = match code {
        Some(code) => c.query(
            "SELECT code, lat, lon FROM place_locations WHERE code = $1",
            &[&code],
        )?,
        None => c.query(
            "SELECT code, lat, lon FROM place_locations ORDER BY code",
            &[],
        )?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let code: String = col(r, 0, "place_locations")?;
        let (lat, lon): (Decimal, Decimal) =
            (col(r, 1, "place_locations")?, col(r, 2, "place_locations")?);
        let point = GeoPoint::new(lat, lon).map_err(|e| corrupt("place_locations", &code, e))?;
        out.push(PlaceLocation { code, point });
    }
    Ok(out)
}

fn travel_times(c: &mut Conn, key: Option<(&str, &str)>) -> Res<Vec<TravelTime>> {
    let rows = match key {
        Some((from, to)) => c.query(
            "SELECT from_place, to_place, minutes FROM travel_times \
             WHERE from_place = $1 AND to_place = $2",
            &[&from, &to],
        )?,
        None => c.query(
            "SELECT from_place, to_place, minutes FROM travel_times ORDER BY from_place, to_place",
            &[],
        )?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(TravelTime {
            from: col(r, 0, "travel_times")?,
            to: col(r, 1, "travel_times")?,
            minutes: col(r, 2, "travel_times")?,
        });
    }
    Ok(out)
}

/// What storing `new` over `old` is, every decimal's scale compared (as redb compares bytes).
fn upsert<T: PartialEq + std::fmt::Debug>(old: Option<&T>, new: &T) -> Upsert {
    match old {
        None => Upsert::New,
        Some(o) if o == new && format!("{o:?}") == format!("{new:?}") => Upsert::Same,
        Some(_) => Upsert::Changed,
    }
}

impl PgReader {
    pub fn locations(&self) -> Result<Vec<PlaceLocation>, StoreError> {
        self.with(|c| locations(c, None))
    }

    pub fn travel_times(&self) -> Result<Vec<TravelTime>, StoreError> {
        self.with(|c| travel_times(c, None))
    }
}

impl PgWriter<'_> {
    pub fn put_location(&mut self, l: &PlaceLocation) -> Result<Upsert, StoreError> {
        let old = self.raw(|c| locations(c, Some(&l.code)))?;
        let found = upsert(old.first(), l);
        if found != Upsert::Same {
            self.raw(|c| {
                Ok(c.execute(
                    "INSERT INTO place_locations (code, lat, lon) VALUES ($1, $2, $3) \
                     ON CONFLICT (code) DO UPDATE SET lat = excluded.lat, lon = excluded.lon",
                    &[&l.code, &l.point.lat, &l.point.lon],
                )?)
            })?;
        }
        Ok(found)
    }

    pub fn put_travel_time(&mut self, t: &TravelTime) -> Result<Upsert, StoreError> {
        let old = self.raw(|c| travel_times(c, Some((&t.from, &t.to))))?;
        let found = upsert(old.first(), t);
        if found != Upsert::Same {
            self.raw(|c| {
                Ok(c.execute(
                    "INSERT INTO travel_times (from_place, to_place, minutes) VALUES ($1, $2, $3) \
                     ON CONFLICT (from_place, to_place) DO UPDATE SET minutes = excluded.minutes",
                    &[&t.from, &t.to, &t.minutes],
                )?)
            })?;
        }
        Ok(found)
    }
}
