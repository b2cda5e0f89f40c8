//! The trend's own register: the shared register's files as they stood two years earlier (every
//! date in them moved back by the same number of days), imported on a clock set to that day,
//! then a ledger of about ten million movements written day by day on a clock set to each day
//! of the two years after it: check-outs and their check-ins a few days later, inspections,
//! transfers, repairs, write-offs, lots received and issued. A trend over those two years
//! then evaluates every date on a stock that changes between them, which the shared register
//! (its ledger dated the days the benchmarks ran) cannot give.
//!
//! Built once into its own folder under `--dir` and reused (a marker file says it finished);
//! deterministic: the same shared files give the same ledger, movement for movement.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use depot_domain::movement::{Action, Change, NewMovement};
use depot_domain::{Barcode, ItemCode, Operator, PlaceCode};
use depot_exchange::InputEncoding;
use depot_service::Ctx;
use depot_service::import::files::{self as import, sources_in};
use depot_service::store::Store;
use rust_decimal::Decimal;

use crate::child::{landed, remove_db};
use crate::rng::Rng;
use crate::{BenchResult, Common, fixture};

/// The folder of the register, under `--dir`.
pub const DIR: &str = "trend-span";
pub const DB: &str = "span.redb";
/// Written once the register is complete.
const DONE: &str = "span.built";

/// The day the register is imported on (its opening balances' date): two years and a month
/// before the day the synthetic register is drawn up around.
pub fn opening_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 10, 1).expect("a date")
}

/// The day the synthetic files are drawn up around (`synth`).
fn files_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(crate::synth::BASE_YEAR, 11, 1).expect("a date")
}

/// The last day movements are written on.
fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).expect("a date")
}

/// The register's offset (the service's stations keep Beijing time).
fn offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is an offset")
}

/// How the trend register is asked for.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Ledger rows the trend register is written up to (the openings included).
    #[arg(long, default_value_t = 10_000_000)]
    pub ledger: u64,
}

/// The trend register's database, built in `common.dir`/[`DIR`] unless an earlier run left it.
pub fn span(common: &Common, ledger: u64) -> BenchResult<PathBuf> {
    let base = fixture::base(common)?;
    let dir = base.dir.join(DIR);
    let db = dir.join(DB);
    if dir.join(DONE).is_file() {
        eprintln!("trend fixture: reusing {}", db.display());
        return Ok(db);
    }
    std::fs::create_dir_all(&dir)?;
    let t = Instant::now();
    eprintln!(
        "trend fixture: the shared files as of {} into {}",
        opening_day(),
        dir.display()
    );
    let shift = files_day() - opening_day();
    for f in [
        "units.csv",
        "warehouses.csv",
        "catalog.csv",
        "modules.csv",
        "standards.csv",
    ] {
        std::fs::copy(base.dir.join(f), dir.join(f))?;
    }
    // assets: commissioned, last_inspected; lots: expires, received.
    shifted(&base.dir, &dir, "assets.csv", &[7, 8], shift)?;
    shifted(&base.dir, &dir, "lots.csv", &[6, 7], shift)?;
    remove_db(&db)?;
    let store = depot_service::store::open_or_create(&db)?;
    let at = stamp(opening_day(), 0);
    let ctx = Ctx::fixed("bench", at);
    let report = import::import(&store, &ctx, &sources_in(&dir)?, InputEncoding::Auto, false)?;
    landed(&report, "the trend register's import")?;
    eprintln!(
        "trend fixture: imported ({:.0} s); writing the ledger",
        t.elapsed().as_secs_f64()
    );
    let mut w = Writing::new(&dir)?;
    w.fill(&store, ledger, &t)?;
    let rows = store.read()?.ledger_head()?.0;
    std::fs::write(dir.join(DONE), format!("{rows} ledger rows\n"))?;
    eprintln!(
        "trend fixture: ready, {rows} ledger rows ({:.0} s)",
        t.elapsed().as_secs_f64()
    );
    Ok(db)
}

/// Copies `name` from `from` to `to` with the dates of `columns` moved `shift` earlier.
fn shifted(
    from: &Path,
    to: &Path,
    name: &str,
    columns: &[usize],
    shift: Duration,
) -> BenchResult<()> {
    let mut r = csv::Reader::from_path(from.join(name))?;
    let mut w = csv::Writer::from_path(to.join(name))?;
    w.write_record(r.headers()?)?;
    let mut out: Vec<String> = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        out.clear();
        for (i, v) in rec.iter().enumerate() {
            match v.parse::<NaiveDate>() {
                Ok(d) if columns.contains(&i) => out.push((d - shift).to_string()),
                _ => out.push(v.to_owned()),
            }
        }
        w.write_record(&out)?;
    }
    w.flush()?;
    Ok(())
}

/// `day` at 08:00 Beijing time, `n` seconds later.
fn stamp(day: NaiveDate, n: u32) -> DateTime<FixedOffset> {
    let t = day.and_hms_opt(8, 0, 0).expect("08:00 is a time") + Duration::seconds(i64::from(n));
    offset()
        .from_local_datetime(&t)
        .single()
        .expect("a fixed offset has one time for each local time")
}

/// What an asset of the ledger being written is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Home,
    Out,
    Repair,
    Retired,
}

struct Asset {
    barcode: Barcode,
    item: ItemCode,
    owner: PlaceCode,
    /// Checked out to.
    at: Option<PlaceCode>,
    state: State,
}

struct LotRow {
    barcode: Barcode,
    item: ItemCode,
    owner: PlaceCode,
    quantity: Decimal,
}

/// The ledger being written: every asset that is ready and at home in the files, every lot,
/// the stations, what comes back on which day.
struct Writing {
    assets: Vec<Asset>,
    lots: Vec<LotRow>,
    stations: Vec<PlaceCode>,
    /// By day after the opening: the assets that come back (from a check-out or a repair).
    back: Vec<Vec<u32>>,
    rng: Rng,
    operator: Operator,
}

impl Writing {
    fn new(dir: &Path) -> BenchResult<Self> {
        let mut assets = Vec::new();
        let mut r = csv::Reader::from_path(dir.join("assets.csv"))?;
        for rec in r.records() {
            let rec = rec?;
            // barcode, item, serial, owner, location, module, status, …
            if &rec[6] == "ready" && rec[4].is_empty() {
                assets.push(Asset {
                    barcode: Barcode::new(&rec[0]),
                    item: ItemCode::new(&rec[1]),
                    owner: PlaceCode::new(&rec[3]),
                    at: None,
                    state: State::Home,
                });
            }
        }
        let mut lots = Vec::new();
        let mut r = csv::Reader::from_path(dir.join("lots.csv"))?;
        for rec in r.records() {
            let rec = rec?;
            // barcode, item, lot, owner, module, quantity, …
            lots.push(LotRow {
                barcode: Barcode::new(&rec[0]),
                item: ItemCode::new(&rec[1]),
                owner: PlaceCode::new(&rec[3]),
                quantity: rec[5].parse()?,
            });
        }
        let stations = fixture::stations(dir)?
            .into_iter()
            .map(PlaceCode::new)
            .collect();
        let days = (last_day() - opening_day()).num_days() as usize + 1;
        Ok(Writing {
            assets,
            lots,
            stations,
            back: vec![Vec::new(); days + 31],
            rng: Rng::new(0x7e2d_5a11),
            operator: Operator::new("bench"),
        })
    }

    /// Writes movements day by day, one transaction a day, up to `target` ledger rows.
    fn fill(&mut self, store: &Store, target: u64, t: &Instant) -> BenchResult<()> {
        let days = (last_day() - opening_day()).num_days() as u64;
        let mut rows = store.read()?.ledger_head()?.0;
        for d in 1..=days {
            let day = opening_day() + Duration::days(d as i64);
            let quota = target.saturating_sub(rows) / (days - d + 1);
            let mut made: Vec<NewMovement> = Vec::with_capacity(quota as usize + 64);
            self.day(d as usize, day, quota as usize, &mut made);
            rows += made.len() as u64;
            store.write(|w| -> depot_service::Result<()> {
                for m in made {
                    w.apply(m)?;
                }
                Ok(())
            })?;
            if d % 30 == 0 {
                eprintln!(
                    "trend fixture:   {day}: {rows} ledger rows ({:.0} s)",
                    t.elapsed().as_secs_f64()
                );
            }
        }
        Ok(())
    }

    /// The movements of day `d` (`day`): what comes back that day, then new ones up to `quota`.
    fn day(&mut self, d: usize, day: NaiveDate, quota: usize, out: &mut Vec<NewMovement>) {
        let mut n = 0u32;
        for i in std::mem::take(&mut self.back[d]) {
            let a = &mut self.assets[i as usize];
            let m = match a.state {
                State::Out => {
                    a.state = State::Home;
                    let from = a.at.take();
                    let mut m = self.movement(i, Action::Checkin, day, n);
                    m.from = from;
                    m.to = Some(self.assets[i as usize].owner.clone());
                    m
                }
                State::Repair => {
                    a.state = State::Home;
                    self.movement(i, Action::RepairDone, day, n)
                }
                State::Home | State::Retired => continue,
            };
            n += 1;
            out.push(m);
        }
        while out.len() < quota {
            n += 1;
            let roll = self.rng.below(1000);
            if roll >= 960 {
                if let Some(m) = self.lot_movement(roll, day, n) {
                    out.push(m);
                }
                continue;
            }
            let i = self.rng.below(self.assets.len() as u64) as u32;
            if self.assets[i as usize].state != State::Home {
                continue;
            }
            let m = match roll {
                // Check-outs, back after one to fourteen days.
                0..=559 => {
                    let to = self.station_other_than(i);
                    let ret = d + 1 + self.rng.below(14) as usize;
                    let a = &mut self.assets[i as usize];
                    a.state = State::Out;
                    a.at = Some(to.clone());
                    self.back[ret].push(i);
                    let mut m = self.movement(i, Action::Checkout, day, n);
                    m.to = Some(to);
                    m.reference = Some(format!("INC-{}-{:05}", day.format("%Y%m%d"), n));
                    m
                }
                // Inspections.
                560..=799 => {
                    let mut m = self.movement(i, Action::Inspect, day, n);
                    m.changes.push(Change::LastInspected(Some(day)));
                    m
                }
                // Transfers to another station for good.
                800..=899 => {
                    let to = self.station_other_than(i);
                    self.assets[i as usize].owner = to.clone();
                    let mut m = self.movement(i, Action::Transfer, day, n);
                    m.to = Some(to);
                    m
                }
                // Repairs, done after three to thirty days.
                900..=949 => {
                    let ret = d + 3 + self.rng.below(28) as usize;
                    self.assets[i as usize].state = State::Repair;
                    self.back[ret].push(i);
                    self.movement(i, Action::RepairStart, day, n)
                }
                // Write-offs.
                _ => {
                    self.assets[i as usize].state = State::Retired;
                    let mut m = self.movement(i, Action::Writeoff, day, n);
                    m.reason = Some("报废鉴定".into());
                    m
                }
            };
            out.push(m);
        }
    }

    /// A lot received (a quantity added) or issued (part of what it holds).
    fn lot_movement(&mut self, roll: u64, day: NaiveDate, n: u32) -> Option<NewMovement> {
        let k = self.rng.below(self.lots.len() as u64) as usize;
        let l = &mut self.lots[k];
        let (action, q, to) = if roll < 980 {
            let q = Decimal::from(1 + self.rng.below(200));
            l.quantity += q;
            (Action::Receive, q, Some(l.owner.clone()))
        } else {
            let have = rust_decimal::prelude::ToPrimitive::to_u64(&l.quantity.trunc())?;
            if have < 2 {
                return None;
            }
            let q = Decimal::from(1 + self.rng.below(have / 2));
            l.quantity -= q;
            (
                Action::Issue,
                q,
                Some(PlaceCode::new(format!("INC-{}", day.format("%Y%m%d")))),
            )
        };
        Some(NewMovement {
            at: stamp(day, n),
            action,
            barcode: l.barcode.clone(),
            item: l.item.clone(),
            quantity: q,
            from: Some(l.owner.clone()),
            to,
            operator: self.operator.clone(),
            reference: None,
            reason: None,
            changes: Vec::new(),
        })
    }

    fn station_other_than(&mut self, i: u32) -> PlaceCode {
        loop {
            let s = self.rng.pick(&self.stations);
            if *s != self.assets[i as usize].owner {
                return s.clone();
            }
        }
    }

    /// A movement of asset `i` on `day`, the `n`th of the day, from its owner.
    fn movement(&self, i: u32, action: Action, day: NaiveDate, n: u32) -> NewMovement {
        let a = &self.assets[i as usize];
        NewMovement {
            at: stamp(day, n),
            action,
            barcode: a.barcode.clone(),
            item: a.item.clone(),
            quantity: Decimal::ONE,
            from: Some(a.owner.clone()),
            to: None,
            operator: self.operator.clone(),
            reference: None,
            reason: None,
            changes: Vec::new(),
        }
    }
}
