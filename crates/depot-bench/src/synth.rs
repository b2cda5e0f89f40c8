//! A synthetic register in the exchange format: a provincial corps of `units` units, its
//! warehouses, the shipped modules, a catalogue of about fifty items, and as many assets and
//! lots as asked, with the field shapes of real spreadsheets. Deterministic: the same sizes
//! give byte-identical files.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use depot_service::export::csv::{ASSETS_HEADER, LOTS_HEADER};

use crate::BenchResult;
use crate::rng::Rng;

/// The shipped modules, as the importer's own schema lists them.
pub const MODULES_CSV: &str = include_str!("../../../schemas/modules.csv");
/// The sample catalogue (43 real kinds of equipment) ...
const SAMPLE_CATALOG: &str = include_str!("../../../import/sample/catalog.csv");
/// ... and a few more, to about fifty.
const MORE_ITEMS: &[&str] = &[
    "V-HX,化学事故抢险救援消防车,vehicle,serial,辆,15,365,yes,3200000.00",
    "V-ZB,战勤保障消防车,vehicle,serial,辆,12,365,no,880000.00",
    "P-DH,消防员呼救器,protective,serial,个,5,180,no,450.00",
    "R-XK,救援三脚架,rescue,serial,套,10,365,no,9800.00",
    "C-ZD,移动指挥终端,communication,serial,台,6,,no,8800.00",
    "D-GS,系留无人机,drone,serial,台,6,180,yes,360000.00",
    "A-QS,清水灭火剂添加剂,agent,lot,kg,,,no,16.00",
];

/// How big a register to build.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub assets: u64,
    pub lots: u64,
    pub units: u64,
}

/// The files written, and what is in them.
#[derive(Debug, Clone)]
pub struct Register {
    pub units: u64,
    pub warehouses: u64,
    pub modules: u64,
    pub items: u64,
    pub assets: u64,
    pub lots: u64,
    pub bytes: u64,
}

impl Register {
    /// Rows of every file together.
    pub fn rows(&self) -> u64 {
        self.units + self.warehouses + self.modules + self.items + self.assets + self.lots
    }
}

/// The import files, in the order an import reads them.
pub const FILES: &[&str] = &[
    "modules.csv",
    "units.csv",
    "warehouses.csv",
    "catalog.csv",
    "assets.csv",
    "lots.csv",
];

/// One catalogue line, as much of it as the generator needs.
pub struct Item {
    pub line: String,
    pub code: String,
    pub category: String,
    pub serial: bool,
    pub uom: String,
    pub inspect: bool,
}

pub fn catalog() -> Vec<Item> {
    SAMPLE_CATALOG
        .lines()
        .skip(1)
        .chain(MORE_ITEMS.iter().copied())
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Item {
                line: l.to_owned(),
                code: f[0].to_owned(),
                category: f[2].to_owned(),
                serial: f[3] == "serial",
                uom: f[4].to_owned(),
                inspect: !f[6].is_empty(),
            }
        })
        .collect()
}

/// How common an item is in a register, by category (vehicles are few, kit is many).
fn weight(category: &str) -> u64 {
    match category {
        "vehicle" => 1,
        "protective" => 12,
        "rescue" => 5,
        "communication" => 6,
        "drone" => 1,
        "pump" => 2,
        _ => 3,
    }
}

/// Picks items by weight.
pub struct Weighted {
    cumulative: Vec<(u64, usize)>,
    total: u64,
}

impl Weighted {
    pub fn new(items: &[Item], serial: bool) -> Self {
        let mut total = 0;
        let mut cumulative = Vec::new();
        for (i, it) in items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.serial == serial)
        {
            total += weight(&it.category);
            cumulative.push((total, i));
        }
        Weighted { cumulative, total }
    }

    pub fn pick(&self, rng: &mut Rng) -> usize {
        let x = rng.below(self.total);
        let at = self.cumulative.partition_point(|(c, _)| *c <= x);
        self.cumulative[at].1
    }
}

/// A barcode from a bijection of `0..10^9` (odd multiplier, not a multiple of 5): unique, and
/// in no particular order, as barcodes come in a real file.
pub fn barcode(prefix: &str, i: u64, salt: u64) -> String {
    const M: u64 = 1_000_000_000;
    format!("{prefix}{:09}", (i.wrapping_mul(2_654_435_761) + salt) % M)
}

pub const BASE_YEAR: i32 = 2026;

pub fn date(days_from_ce: i32) -> String {
    NaiveDate::from_num_days_from_ce_opt(days_from_ce)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

pub fn days(y: i32, m: u32, d: u32) -> i32 {
    NaiveDate::from_ymd_opt(y, m, d)
        .map(|d| d.num_days_from_ce())
        .unwrap_or_default()
}

const ALNUM: &[u8] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

pub fn alnum(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(*rng.pick(ALNUM))).collect()
}

/// `catalog.csv` of `items`.
pub fn write_catalog(dir: &Path, items: &[Item]) -> BenchResult<()> {
    let mut w = writer(dir, "catalog.csv")?;
    w.write_record([
        "item",
        "name",
        "category",
        "tracking",
        "uom",
        "life_years",
        "inspect_days",
        "high_end",
        "unit_price",
    ])?;
    for it in items {
        w.write_record(it.line.split(','))?;
    }
    w.flush()?;
    Ok(())
}

pub fn writer(dir: &Path, name: &str) -> BenchResult<csv::Writer<BufWriter<File>>> {
    let f = File::create(dir.join(name))?;
    Ok(csv::Writer::from_writer(BufWriter::with_capacity(
        1 << 20,
        f,
    )))
}

/// Places that hold stock.
struct Places {
    /// Stations, township teams and micro stations.
    stations: Vec<String>,
    /// Brigades and detachments (they hold some equipment of their own).
    offices: Vec<String>,
    warehouses: Vec<String>,
}

/// Writes the register's files into `dir`.
pub fn generate(dir: &Path, size: Size) -> BenchResult<Register> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(0x5EED_DE90);
    let modules: Vec<String> = MODULES_CSV
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    std::fs::write(dir.join("modules.csv"), MODULES_CSV)?;
    let places = units(dir, size.units, &mut rng)?;
    let items = catalog();
    write_catalog(dir, &items)?;
    assets(dir, size.assets, &items, &places, &modules, &mut rng)?;
    lots(dir, size.lots, &items, &places, &modules, &mut rng)?;
    let mut bytes = 0;
    for f in FILES {
        bytes += std::fs::metadata(dir.join(f))?.len();
    }
    Ok(Register {
        units: size.units,
        warehouses: places.warehouses.len() as u64,
        modules: modules.len() as u64,
        items: items.len() as u64,
        assets: size.assets,
        lots: size.lots,
        bytes,
    })
}

/// A corps, 15 detachments of 10 brigades each, and stations under the brigades to make up
/// `n` units; a provincial depot, a city depot per detachment, a county depot per brigade and
/// five agreement reserves.
fn units(dir: &Path, n: u64, rng: &mut Rng) -> BenchResult<Places> {
    const DETACHMENTS: u64 = 15;
    const BRIGADES: u64 = 10;
    let mut w = writer(dir, "units.csv")?;
    w.write_record(["code", "name", "kind", "parent", "class"])?;
    w.write_record(["ZD", "某省消防救援总队", "corps", "", ""])?;
    let mut offices = Vec::new();
    let mut brigades = Vec::new();
    for d in 1..=DETACHMENTS {
        let code = format!("ZD{d:02}");
        w.write_record([&code, &format!("第{d}消防救援支队"), "detachment", "ZD", ""])?;
        for b in 1..=BRIGADES {
            let bc = format!("DD{d:02}{b:02}");
            w.write_record([&bc, &format!("第{d}支队第{b}大队"), "brigade", &code, ""])?;
            brigades.push(bc);
        }
        offices.push(code);
    }
    offices.extend(brigades.iter().cloned());
    let rest = n.saturating_sub(1 + DETACHMENTS * (1 + BRIGADES));
    let mut stations = Vec::with_capacity(rest as usize);
    for s in 0..rest {
        let parent = &brigades[(s % brigades.len() as u64) as usize];
        let code = format!("ZHAN-{s:06}");
        let (kind, class) = match rng.below(100) {
            0..=14 => ("level1", "station"),
            15..=49 => ("level2", "station"),
            50..=69 => ("small", "station"),
            70..=77 => ("special", "station"),
            78..=91 => ("", "township"),
            _ => ("", "micro"),
        };
        let name = format!("{parent}辖区第{s}消防救援站");
        w.write_record([&code, &name, class, parent, kind])?;
        stations.push(code);
    }
    w.flush()?;
    let mut w = writer(dir, "warehouses.csv")?;
    w.write_record(["code", "name", "level", "unit", "agreement", "partner"])?;
    let mut warehouses = vec!["CK-SHENG".to_owned()];
    w.write_record([
        "CK-SHENG",
        "省级应急装备物资储备库",
        "province",
        "ZD",
        "no",
        "",
    ])?;
    for d in 1..=DETACHMENTS {
        let code = format!("CK-S{d:02}");
        w.write_record([
            &code,
            &format!("第{d}支队应急装备物资储备库"),
            "city",
            &format!("ZD{d:02}"),
            "no",
            "",
        ])?;
        warehouses.push(code);
    }
    for b in &brigades {
        let code = format!("CK-X{}", &b[2..]);
        w.write_record([&code, &format!("{b}县级储备库"), "county", b, "no", ""])?;
        warehouses.push(code);
    }
    for a in 1..=5 {
        let code = format!("CK-XY{a:02}");
        let partner = format!("协议企业{a}有限公司");
        w.write_record([
            &code,
            &format!("协议储备库{a}"),
            "city",
            &format!("ZD{a:02}"),
            "yes",
            &partner,
        ])?;
        warehouses.push(code);
    }
    w.flush()?;
    Ok(Places {
        stations,
        offices,
        warehouses,
    })
}

fn assets(
    dir: &Path,
    n: u64,
    items: &[Item],
    places: &Places,
    modules: &[String],
    rng: &mut Rng,
) -> BenchResult<()> {
    let mut w = writer(dir, "assets.csv")?;
    w.write_record(ASSETS_HEADER)?;
    let pick = Weighted::new(items, true);
    let (first, last) = (days(2005, 1, 1), days(BASE_YEAR, 6, 30));
    let today = days(BASE_YEAR, 11, 1);
    const LETTERS: &[u8] = b"ABCDEFGHJK";
    const PROVINCES: &[&str] = &["清", "湘", "鄂", "赣", "皖"];
    for i in 0..n {
        let it = &items[pick.pick(rng)];
        let bc = barcode("FA", i, 17);
        let vehicle = it.category == "vehicle";
        let serial = if !rng.chance(92) {
            String::new()
        } else if vehicle {
            format!("LQZ{}", alnum(rng, 14))
        } else {
            format!(
                "{}{}{:06}",
                it.code.replace('-', ""),
                2005 + rng.below(22),
                rng.below(1_000_000)
            )
        };
        let (owner, module) = match rng.below(100) {
            0..=84 => (rng.pick(&places.stations).as_str(), ""),
            85..=89 => (rng.pick(&places.offices).as_str(), ""),
            _ => (
                rng.pick(&places.warehouses).as_str(),
                if rng.chance(90) {
                    rng.pick(modules).as_str()
                } else {
                    ""
                },
            ),
        };
        let status = match rng.below(100) {
            0..=87 => "ready",
            88..=92 => "maintenance",
            93..=95 => "out_of_service",
            _ => "retired",
        };
        let location = if status != "retired" && rng.chance(3) {
            let l = rng.pick(&places.stations).as_str();
            if l == owner { "" } else { l }
        } else {
            ""
        };
        let commissioned = first + rng.below((last - first) as u64) as i32;
        let inspected = if it.inspect && rng.chance(90) {
            let back = rng.below(730) as i32;
            date((today - back).max(commissioned))
        } else {
            String::new()
        };
        let plate = if vehicle {
            format!(
                "{}{}·{:04}应急",
                rng.pick(PROVINCES),
                char::from(*rng.pick(LETTERS)),
                rng.below(10_000)
            )
        } else {
            String::new()
        };
        w.write_record([
            bc.as_str(),
            &it.code,
            &serial,
            owner,
            location,
            module,
            status,
            &date(commissioned),
            &inspected,
            &plate,
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn lots(
    dir: &Path,
    n: u64,
    items: &[Item],
    places: &Places,
    modules: &[String],
    rng: &mut Rng,
) -> BenchResult<()> {
    let mut w = writer(dir, "lots.csv")?;
    w.write_record(LOTS_HEADER)?;
    let pick = Weighted::new(items, false);
    for i in 0..n {
        let it = &items[pick.pick(rng)];
        let bc = barcode("FL", i, 29);
        let (owner, module) = if rng.chance(80) {
            (
                rng.pick(&places.warehouses).as_str(),
                rng.pick(modules).as_str(),
            )
        } else {
            (rng.pick(&places.stations).as_str(), "")
        };
        write_lot(&mut w, rng, it, &bc, owner, module)?;
    }
    w.flush()?;
    Ok(())
}

/// A lot of `it` with barcode `bc` at `owner` (in `module`) as a row of `lots.csv`: when it was
/// received, how much, when it expires (agents and a few supplies) and its lot number drawn from
/// `rng`.
pub fn write_lot(
    w: &mut csv::Writer<BufWriter<File>>,
    rng: &mut Rng,
    it: &Item,
    bc: &str,
    owner: &str,
    module: &str,
) -> BenchResult<()> {
    let (first, last) = (days(2015, 1, 1), days(BASE_YEAR, 10, 31));
    let received = first + rng.below((last - first) as u64) as i32;
    let quantity = match it.uom.as_str() {
        "t" => format!("{}.{}", 1 + rng.below(40), rng.below(10)),
        "kg" | "L" => (50 + rng.below(5000)).to_string(),
        _ => (1 + rng.below(500)).to_string(),
    };
    let perishable = matches!(it.category.as_str(), "agent")
        || matches!(it.code.as_str(), "S-SP" | "S-YS" | "S-RY");
    let expires = if perishable {
        date(received + 365 * (1 + rng.below(5) as i32))
    } else {
        String::new()
    };
    let r = date(received);
    let lot = format!(
        "{}-{}{:02}",
        r.replace('-', ""),
        &it.code[2..],
        rng.below(100)
    );
    w.write_record([bc, &it.code, &lot, owner, module, &quantity, &expires, &r])?;
    Ok(())
}
