//! The headquarters benchmark's fixture: `depots` registers of `assets` assets each, every one
//! a depot of its own (its own top unit, brigades and stations, warehouses, part of the
//! catalogue, its own standards and signing key). Each is built through the library as
//! `depot import` builds one (its exchange files written, then imported into a register in
//! memory), given a few hundred check-outs and check-ins by the scan service, and written with
//! `depot export bundle`'s function into `<dir>/bundles-<depots>x<assets>/dNNNN`. The export
//! renames a bundle's folder into place when it is complete, so a folder there is whole; a run
//! stopped half way goes on where it stopped, and a complete fixture is reused.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use depot_exchange::InputEncoding;
use depot_exchange::bundle::{DepotKey, Manifest};
use depot_service::Ctx;
use depot_service::bundle::{BundleRequest, export_bundle};
use depot_service::export::csv::{ASSETS_HEADER, LOTS_HEADER};
use depot_service::import::files::{self as import, sources_in};
use depot_service::scan::{self, Mode};
use depot_service::store::Store;
use depot_service::workflow::{CheckinReq, CheckoutReq, Condition};

use crate::BenchResult;
use crate::rng::Rng;
use crate::synth::{self, Item, Weighted};

/// The date every bundle's figures are for.
pub const AS_OF: (i32, u32, u32) = (2026, 11, 30);

/// The class lines and the provincial reserve baseline of the sample, which each depot's
/// standards are drawn from.
const SAMPLE_STANDARDS: &str = include_str!("../../../import/sample/standards.csv");
const BASELINE_OF: &str = "warehouse:CK-SJ,";

/// The bundles, made or found.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The folder holding one bundle folder per depot.
    pub dir: PathBuf,
    pub depots: u64,
    /// Data rows of the six CSV files of every bundle, as the manifests count them.
    pub rows: u64,
    /// Of which movements.
    pub movements: u64,
    /// Of which assets.
    pub assets: u64,
    /// Bytes of every bundle's files, manifests included.
    pub bytes: u64,
    /// Seconds spent making the bundles missing at the start (0 when all were there).
    pub made_in: f64,
}

fn name(n: u64) -> String {
    format!("d{n:04}")
}

/// The bundles of `depots` depots of `assets` assets each under `dir`, made first where
/// missing (on every core).
pub fn bundles(dir: &Path, depots: u64, assets: u64) -> BenchResult<Fixture> {
    let out = dir.join(format!("bundles-{depots}x{assets}"));
    std::fs::create_dir_all(&out)?;
    // What an interrupted run left: sources and partial bundles (hidden names).
    for e in std::fs::read_dir(&out)? {
        let e = e?;
        if e.file_name().to_string_lossy().starts_with('.') {
            std::fs::remove_dir_all(e.path())?;
        }
    }
    let todo: Vec<u64> = (0..depots)
        .filter(|n| !out.join(name(*n)).join("manifest.json").is_file())
        .collect();
    let t = Instant::now();
    if todo.is_empty() {
        eprintln!("hq: reusing the {depots} bundles in {}", out.display());
    } else {
        eprintln!(
            "hq: making {} of {depots} depot bundles of {assets} assets in {}",
            todo.len(),
            out.display()
        );
        make(&out, &todo, assets)?;
    }
    let made_in = if todo.is_empty() {
        0.0
    } else {
        t.elapsed().as_secs_f64()
    };
    let mut f = Fixture {
        dir: out.clone(),
        depots,
        rows: 0,
        movements: 0,
        assets: 0,
        bytes: 0,
        made_in,
    };
    for n in 0..depots {
        let b = out.join(name(n));
        let bytes = std::fs::read(b.join("manifest.json"))?;
        f.bytes += bytes.len() as u64;
        let m = Manifest::parse(&bytes).map_err(|e| format!("{}: {e}", b.display()))?;
        for file in &m.body.files {
            f.rows += file.rows;
            f.bytes += std::fs::metadata(b.join(&file.name))?.len();
            match file.name.as_str() {
                "movements.csv" => f.movements += file.rows,
                "assets.csv" => f.assets += file.rows,
                _ => {}
            }
        }
    }
    Ok(f)
}

/// Makes the bundles of the depots `todo` on every core, with a progress bar.
fn make(out: &Path, todo: &[u64], assets: u64) -> BenchResult<()> {
    let bar = ProgressBar::new(todo.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} bundles, {eta} left",
        )
        .map_err(|e| e.to_string())?
        .progress_chars("=> "),
    );
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let errors: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<(), String> {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&n) = todo.get(i) else {
                            return Ok(());
                        };
                        one(out, n, assets).map_err(|e| format!("depot {n}: {e}"))?;
                        bar.inc(1);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|w| match w.join() {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e),
                Err(_) => Some("a worker panicked".to_owned()),
            })
            .collect()
    });
    bar.finish();
    if let Some(e) = errors.first() {
        return Err(e.clone().into());
    }
    Ok(())
}

/// What a depot's register is made of, for its movements.
struct Register {
    stations: Vec<String>,
    /// Assets ready and at a station that owns them: (barcode, owner).
    ready: Vec<(String, String)>,
}

/// Builds depot `n`'s register, moves some of its assets, and writes its bundle.
fn one(out: &Path, n: u64, assets: u64) -> BenchResult<()> {
    let src = out.join(format!(".src-{}", name(n)));
    std::fs::create_dir_all(&src)?;
    let mut rng = Rng::new(0x4851_BE9C_0000_0000 ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let reg = register(&src, n, assets, &mut rng)?;
    let store = depot_service::store::in_memory()?;
    let (y, m, d) = AS_OF;
    let as_of = NaiveDate::from_ymd_opt(y, m, d).ok_or("bad as-of date")?;
    // Every movement stamped on the as-of day, so that the bundle, cut at its as-of date,
    // carries them all, whatever day the fixture is made.
    let at = as_of
        .and_hms_opt(17, 0, 0)
        .and_then(|t| {
            t.and_local_timezone(chrono::FixedOffset::east_opt(8 * 3600)?)
                .single()
        })
        .ok_or("bad as-of time")?;
    let ctx = Ctx::fixed("bench", at);
    let sources = sources_in(&src)?;
    let report = import::import(&store, &ctx, &sources, InputEncoding::Auto, false)?;
    crate::child::landed(&report, "the import")?;
    std::fs::remove_dir_all(&src)?;
    moves(&store, &ctx, &reg, &mut rng)?;
    let key = DepotKey::generate()?;
    export_bundle(
        &store,
        &BundleRequest {
            out: &out.join(name(n)),
            as_of,
            full: false,
            depot: None,
            key: &key,
            created: chrono::Local::now().fixed_offset(),
        },
    )?;
    Ok(())
}

/// A few hundred check-outs (in three batches, each to a station) and check-ins of most of
/// them (some damaged), as scan stations would make them.
fn moves(store: &Store, ctx: &Ctx, reg: &Register, rng: &mut Rng) -> BenchResult<()> {
    let k = (150 + rng.below(151)) as usize;
    let start = rng.below(reg.ready.len().saturating_sub(k).max(1) as u64) as usize;
    let chosen: Vec<&(String, String)> = reg.ready.iter().skip(start).take(k).collect();
    let mut out = Vec::new();
    for group in chosen.chunks(k.div_ceil(3).max(1)) {
        let to = rng.pick(&reg.stations).clone();
        let codes: Vec<String> = group
            .iter()
            .filter(|(_, owner)| *owner != to)
            .map(|(b, _)| b.clone())
            .collect();
        let mode = Mode::Out(CheckoutReq {
            to: Some(to),
            due: NaiveDate::from_ymd_opt(2026, 12, 15),
            reference: None,
            note: None,
        });
        let answers = scan::batch(store, ctx, &mode, &codes)?;
        out.extend(
            answers
                .into_iter()
                .filter(|a| a.result.is_ok())
                .map(|a| a.code),
        );
    }
    let back = out.len() * (50 + rng.below(40) as usize) / 100;
    let (damaged, ok) = out[..back].split_at(back / 10);
    for (codes, condition) in [(ok, Condition::Ok), (damaged, Condition::Damaged)] {
        let mode = Mode::In(CheckinReq {
            condition,
            ..CheckinReq::default()
        });
        scan::batch(store, ctx, &mode, codes)?;
    }
    Ok(())
}

/// Writes depot `n`'s exchange files into `dir`: its units, warehouses, the shipped modules,
/// part of the catalogue, `assets` assets, a few hundred lots, and standards drawn from the
/// sample's (its items only, the quantities scaled by the depot's own factor).
fn register(dir: &Path, n: u64, assets: u64, rng: &mut Rng) -> BenchResult<Register> {
    let top = format!("D{n:04}");
    std::fs::write(dir.join("modules.csv"), synth::MODULES_CSV)?;
    let modules: Vec<String> = synth::MODULES_CSV
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();

    let mut w = synth::writer(dir, "units.csv")?;
    w.write_record(["code", "name", "kind", "parent", "class"])?;
    w.write_record([
        top.as_str(),
        &format!("第{}消防救援支队", n + 1),
        "detachment",
        "",
        "",
    ])?;
    let brigades: Vec<String> = (1..=3 + rng.below(6))
        .map(|b| format!("{top}-DD{b:02}"))
        .collect();
    for (i, b) in brigades.iter().enumerate() {
        w.write_record([
            b,
            &format!("第{}支队第{}大队", n + 1, i + 1),
            "brigade",
            &top,
            "",
        ])?;
    }
    let mut stations = Vec::new();
    for s in 0..10 + rng.below(51) {
        let parent = rng.pick(&brigades).clone();
        let code = format!("{top}-ZHAN-{s:03}");
        let (kind, class) = match rng.below(100) {
            0..=14 => ("level1", "station"),
            15..=49 => ("level2", "station"),
            50..=69 => ("small", "station"),
            70..=77 => ("special", "station"),
            78..=91 => ("", "township"),
            _ => ("", "micro"),
        };
        let name = format!("{parent}辖区第{s}消防救援站");
        w.write_record([&code, &name, class, &parent, kind])?;
        stations.push(code);
    }
    w.flush()?;
    let mut offices = vec![top.clone()];
    offices.extend(brigades.iter().cloned());

    let mut w = synth::writer(dir, "warehouses.csv")?;
    w.write_record(["code", "name", "level", "unit", "agreement", "partner"])?;
    let city = format!("{top}-CK");
    w.write_record([&city, "支队应急装备物资储备库", "city", &top, "no", ""])?;
    let mut warehouses = vec![city];
    for (i, b) in brigades.iter().enumerate() {
        if rng.chance(60) {
            let code = format!("{top}-CKX{:02}", i + 1);
            w.write_record([&code, &format!("{b}县级储备库"), "county", b, "no", ""])?;
            warehouses.push(code);
        }
    }
    if rng.chance(25) {
        let code = format!("{top}-XY");
        w.write_record([&code, "协议储备库", "city", &top, "yes", "协议企业有限公司"])?;
        warehouses.push(code);
    }
    w.flush()?;

    // Part of the catalogue: every lot item, three serial items in four.
    let mut items: Vec<Item> = synth::catalog()
        .into_iter()
        .filter(|it| !it.serial || rng.chance(75))
        .collect();
    if items.iter().filter(|it| it.serial).count() < 5 {
        items = synth::catalog();
    }
    synth::write_catalog(dir, &items)?;

    let ready = write_assets(
        dir,
        n,
        assets,
        &items,
        (&stations, &offices, &warehouses),
        &modules,
        rng,
    )?;
    write_lots(dir, n, &items, &stations, &warehouses, &modules, rng)?;
    write_standards(dir, &top, &items, &warehouses, rng)?;
    Ok(Register { stations, ready })
}

fn write_assets(
    dir: &Path,
    n: u64,
    count: u64,
    items: &[Item],
    (stations, offices, warehouses): (&[String], &[String], &[String]),
    modules: &[String],
    rng: &mut Rng,
) -> BenchResult<Vec<(String, String)>> {
    let mut w = synth::writer(dir, "assets.csv")?;
    w.write_record(ASSETS_HEADER)?;
    let pick = Weighted::new(items, true);
    let (first, last) = (
        synth::days(2005, 1, 1),
        synth::days(synth::BASE_YEAR, 6, 30),
    );
    let today = synth::days(synth::BASE_YEAR, 11, 1);
    let mut ready = Vec::new();
    for i in 0..count {
        let it = &items[pick.pick(rng)];
        let bc = synth::barcode("FA", n * count + i, 17);
        let vehicle = it.category == "vehicle";
        let serial = if !rng.chance(92) {
            String::new()
        } else if vehicle {
            format!("LQZ{}", synth::alnum(rng, 14))
        } else {
            format!(
                "{}{}{:06}",
                it.code.replace('-', ""),
                2005 + rng.below(22),
                rng.below(1_000_000)
            )
        };
        let (owner, module, at_station) = match rng.below(100) {
            0..=84 => (rng.pick(stations).as_str(), "", true),
            85..=89 => (rng.pick(offices).as_str(), "", false),
            _ => (
                rng.pick(warehouses).as_str(),
                if rng.chance(90) {
                    rng.pick(modules).as_str()
                } else {
                    ""
                },
                false,
            ),
        };
        let status = match rng.below(100) {
            0..=87 => "ready",
            88..=92 => "maintenance",
            93..=95 => "out_of_service",
            _ => "retired",
        };
        let location = if status != "retired" && rng.chance(3) {
            let l = rng.pick(stations).as_str();
            if l == owner { "" } else { l }
        } else {
            ""
        };
        if status == "ready" && location.is_empty() && at_station {
            ready.push((bc.clone(), owner.to_owned()));
        }
        let commissioned = first + rng.below((last - first) as u64) as i32;
        let inspected = if it.inspect && rng.chance(90) {
            synth::date((today - rng.below(730) as i32).max(commissioned))
        } else {
            String::new()
        };
        let plate = if vehicle {
            format!(
                "清{}·{:04}应急",
                char::from(b'A' + (n % 10) as u8),
                i % 10_000
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
            &synth::date(commissioned),
            &inspected,
            &plate,
        ])?;
    }
    w.flush()?;
    Ok(ready)
}

fn write_lots(
    dir: &Path,
    n: u64,
    items: &[Item],
    stations: &[String],
    warehouses: &[String],
    modules: &[String],
    rng: &mut Rng,
) -> BenchResult<()> {
    let mut w = synth::writer(dir, "lots.csv")?;
    w.write_record(LOTS_HEADER)?;
    let pick = Weighted::new(items, false);
    for i in 0..100 + rng.below(400) {
        let it = &items[pick.pick(rng)];
        let bc = synth::barcode("FL", n * 1000 + i, 29);
        let (owner, module) = if rng.chance(80) {
            (rng.pick(warehouses).as_str(), rng.pick(modules).as_str())
        } else {
            (rng.pick(stations).as_str(), "")
        };
        synth::write_lot(&mut w, rng, it, &bc, owner, module)?;
    }
    w.flush()?;
    Ok(())
}

/// The sample's class lines and its provincial baseline (for every warehouse of the depot),
/// for the items the depot's catalogue has, each quantity scaled by 50 to 200 %; and one line
/// of vehicles for the depot's own top unit.
fn write_standards(
    dir: &Path,
    top: &str,
    items: &[Item],
    warehouses: &[String],
    rng: &mut Rng,
) -> BenchResult<()> {
    let known = |what: &str| what.starts_with("category:") || items.iter().any(|i| i.code == what);
    let mut scaled = |required: &str| {
        let r: f64 = required.parse().unwrap_or(1.0);
        let pct = 50 + rng.below(151);
        ((r * pct as f64 / 100.0).round() as u64).max(1)
    };
    let mut out = String::from("scope,module,what,required\n");
    for l in SAMPLE_STANDARDS.lines().filter(|l| l.starts_with("class:")) {
        let f: Vec<&str> = l.split(',').collect();
        if f.len() == 4 && known(f[2]) {
            out.push_str(&format!("{},{},{},{}\n", f[0], f[1], f[2], scaled(f[3])));
        }
    }
    let baseline: Vec<Vec<&str>> = SAMPLE_STANDARDS
        .lines()
        .filter_map(|l| l.strip_prefix(BASELINE_OF))
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f.len() == 3 && known(f[1]))
        .collect();
    for wh in warehouses {
        for f in &baseline {
            out.push_str(&format!(
                "warehouse:{wh},{},{},{}\n",
                f[0],
                f[1],
                scaled(f[2])
            ));
        }
    }
    out.push_str(&format!(
        "unit:{top},,category:vehicle,{}\n",
        1 + rng.below(3)
    ));
    std::fs::write(dir.join("standards.csv"), out)?;
    Ok(())
}
