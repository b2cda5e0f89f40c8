//! One depot's exchange files for the headquarters fixture: its units and warehouses, assets,
//! lots and standards, written as `depot import` reads them.

use crate::BenchResult;
use crate::rng::Rng;
use crate::synth::{self, Item, Weighted};
use depot_service::export::csv::{ASSETS_HEADER, LOTS_HEADER};
use std::path::Path;

/// The class lines and the provincial reserve baseline of the sample, which each depot's
/// standards are drawn from.
const SAMPLE_STANDARDS: &str = include_str!("../../../import/sample/standards.csv");
const BASELINE_OF: &str = "warehouse:CK-SJ,";

/// What a depot's register is made of, for its movements.
pub(super) struct Register {
    pub(super) stations: Vec<String>,
    /// Assets ready and at a station that owns them: (barcode, owner).
    pub(super) ready: Vec<(String, String)>,
}

/// Writes depot `n`'s exchange files into `dir`: its units, warehouses, the shipped modules,
/// part of the catalogue, `assets` assets, a few hundred lots, and standards drawn from the
/// sample's (its items only, the quantities scaled by the depot's own factor).
pub(super) fn register(dir: &Path, n: u64, assets: u64, rng: &mut Rng) -> BenchResult<Register> {
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
