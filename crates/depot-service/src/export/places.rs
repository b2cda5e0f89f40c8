//! The register's places as a bundle carries them (schema version 2): its units and its
//! warehouses in the columns of their import files with their locations, and its travel-time
//! table, so that headquarters can draw the response circles over the whole service. They
//! import back into a register as they are.

use crate::Result;
use crate::export::Extract;
use depot_domain::vocab::Vocabulary;
use depot_exchange::columns::{TRAVEL_TIMES, UNITS, WAREHOUSES};
use depot_exchange::writer::{CsvOptions, CsvOut};
use std::collections::HashMap;
use std::io::Write;

/// Which of the places' files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceFile {
    Units,
    Warehouses,
    TravelTimes,
}

impl PlaceFile {
    /// The file of a bundle named `name`, if it is one of the places'.
    pub fn named(name: &str) -> Option<PlaceFile> {
        match name {
            "units.csv" => Some(PlaceFile::Units),
            "warehouses.csv" => Some(PlaceFile::Warehouses),
            "travel_times.csv" => Some(PlaceFile::TravelTimes),
            _ => None,
        }
    }
}

/// Writes `file` to `out` in code order; returns the number of data rows.
pub fn places<W: Write>(r: &Extract, file: PlaceFile, opts: CsvOptions, out: W) -> Result<u64> {
    let header = |cols: &[depot_exchange::reader::ColumnSpec]| -> Vec<&'static str> {
        cols.iter().map(|c| c.name).collect()
    };
    let points: HashMap<String, (String, String)> = r
        .reader()
        .locations()?
        .into_iter()
        .map(|l| {
            let p = l.point;
            (
                l.code,
                (p.lat.normalize().to_string(), p.lon.normalize().to_string()),
            )
        })
        .collect();
    let at = |code: &str| points.get(code).cloned().unwrap_or_default();
    let mut csv;
    match file {
        PlaceFile::Units => {
            let mut numeric = vec![false; UNITS.len()];
            numeric[5] = true;
            numeric[6] = true;
            csv = CsvOut::new(out, opts, &header(UNITS), &numeric)?;
            let mut units = r.units()?;
            units.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
            for u in &units {
                let (lat, lon) = at(u.code.as_str());
                csv.write_row(&[
                    u.code.as_str(),
                    &u.name,
                    u.kind.en(),
                    u.parent.as_ref().map_or("", |p| p.as_str()),
                    u.class.map_or("", |c| c.en()),
                    &lat,
                    &lon,
                ])?;
            }
        }
        PlaceFile::Warehouses => {
            let mut numeric = vec![false; WAREHOUSES.len()];
            numeric[6] = true;
            numeric[7] = true;
            csv = CsvOut::new(out, opts, &header(WAREHOUSES), &numeric)?;
            let mut all = r.warehouses()?;
            all.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
            for w in &all {
                let (lat, lon) = at(w.code.as_str());
                csv.write_row(&[
                    w.code.as_str(),
                    &w.name,
                    w.level.en(),
                    w.unit.as_str(),
                    if w.agreement { "yes" } else { "no" },
                    w.partner.as_deref().unwrap_or(""),
                    &lat,
                    &lon,
                ])?;
            }
        }
        PlaceFile::TravelTimes => {
            csv = CsvOut::new(out, opts, &header(TRAVEL_TIMES), &[false, false, true])?;
            let mut all = r.reader().travel_times()?;
            all.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
            for t in &all {
                csv.write_row(&[&t.from, &t.to, &t.minutes.normalize().to_string()])?;
            }
        }
    }
    let n = csv.rows();
    csv.finish()?;
    Ok(n)
}
