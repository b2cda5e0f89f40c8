//! The onboard benchmark (a depot's first day): a register workbook of 10,000 rows, each a
//! serialised item written once with 数量 3, by names rather than codes and without barcodes
//! (30,000 pieces after expansion), read, mapped and imported by `import register`; beside
//! it, the same 30,000 pieces as an assets CSV with their barcodes, imported by
//! `import assets`. Each import runs in a child process on a database that already holds the
//! sample's reference data; only the import itself is timed.
//!
//! Goal: the register's import takes less than 2× the CSV's.

use std::path::{Path, PathBuf};
use std::time::Instant;

use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_service::Ctx;
use depot_service::import::files::{self as import, Source};
use depot_service::import::register::{RegisterOptions, import_register};

use crate::child::{Outcome, landed, remove_db, spawn};
use crate::report::{Goal, Report};
use crate::{BenchResult, Common};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Rows of the register (each three pieces).
    #[arg(long, default_value_t = 10_000)]
    pub rows: u32,
}

/// The reference files every database of the benchmark starts from: the sample's.
fn sample_refs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../import/sample")
}

/// The serialised items and the stations of the sample, as (code, name).
fn sample_names(
    file: &str,
    keep: impl Fn(&csv::StringRecord) -> bool,
) -> BenchResult<Vec<(String, String)>> {
    let mut r = csv::Reader::from_path(sample_refs().join(file))?;
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        if keep(&rec) {
            out.push((rec[0].to_owned(), rec[1].to_owned()));
        }
    }
    Ok(out)
}

/// Writes the register workbook and the assets CSV of the same pieces into `dir`.
fn generate(dir: &Path, rows: u32) -> BenchResult<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir)?;
    let items = sample_names("catalog.csv", |r| &r[3] == "serial")?;
    let owners = sample_names("units.csv", |r| &r[2] == "station")?;
    let book = dir.join("onboard.xlsx");
    let csv_dir = dir.join("onboard-csv");
    std::fs::create_dir_all(&csv_dir)?;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("装备")?;
    ws.merge_range(
        0,
        0,
        0,
        7,
        "装备器材登记台账",
        &rust_xlsxwriter::Format::new(),
    )?;
    let header = [
        "序号",
        "装备名称",
        "数量",
        "计量单位",
        "配发日期",
        "使用单位",
        "存放位置",
        "技术状况",
    ];
    for (c, h) in (0u16..).zip(header) {
        ws.write_string(1, c, h)?;
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let mut csv = csv::Writer::from_path(csv_dir.join("assets.csv"))?;
    csv.write_record(depot_service::export::csv::ASSETS_HEADER)?;
    let uoms = sample_uoms()?;
    for i in 0..rows {
        let (code, name) = &items[i as usize % items.len()];
        let (owner, owner_name) = &owners[(i as usize / 7) % owners.len()];
        let r = i + 2;
        let day = chrono::NaiveDate::from_ymd_opt(2015 + (i % 10) as i32, 1 + i % 12, 1 + i % 28)
            .ok_or("no such day")?;
        ws.write_number(r, 0, f64::from(i + 1))?;
        ws.write_string(r, 1, name)?;
        ws.write_number(r, 2, 3.0)?;
        ws.write_string(r, 3, uoms.get(code).map_or("", String::as_str))?;
        ws.write_datetime_with_format(
            r,
            4,
            rust_xlsxwriter::ExcelDateTime::parse_from_str(&day.to_string())?,
            &date,
        )?;
        ws.write_string(r, 5, owner_name)?;
        ws.write_string(r, 6, format!("器材库{}号架", i % 40 + 1))?;
        ws.write_string(r, 7, "完好")?;
        for p in 0..3 {
            let barcode = format!("OC{:06}", i * 3 + p + 1);
            csv.write_record([
                barcode.as_str(),
                code,
                "",
                owner,
                "",
                "",
                "ready",
                &day.to_string(),
                "",
                "",
            ])?;
        }
    }
    csv.flush()?;
    wb.save(&book)?;
    Ok((book, csv_dir.join("assets.csv")))
}

fn sample_uoms() -> BenchResult<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(sample_refs().join("catalog.csv"))?;
    let mut out = std::collections::HashMap::new();
    for rec in r.records() {
        let rec = rec?;
        out.insert(rec[0].to_owned(), rec[4].to_owned());
    }
    Ok(out)
}

pub fn run(common: &Common, args: &Args) -> BenchResult<Report> {
    let dir = common.dir.join("onboard");
    let mut rep = Report::new("onboard");
    eprintln!(
        "onboard: generating a register of {} rows in {}",
        args.rows,
        dir.display()
    );
    let (book, csv) = generate(&dir, args.rows)?;
    rep.setup("rows", args.rows);
    rep.setup("pieces", u64::from(args.rows) * 3);
    let path = |p: &Path| p.display().to_string();
    let reg = spawn(&[
        "onboard-register",
        &path(&book),
        &path(&dir.join("register.redb")),
    ])?;
    let csv = spawn(&["onboard-csv", &path(&csv), &path(&dir.join("csv.redb"))])?;
    rep.info("import register (xlsx)", reg.seconds, "s");
    rep.info("import register CPU", reg.cpu_seconds, "s");
    rep.info("import assets (CSV)", csv.seconds, "s");
    rep.info("import assets CPU", csv.cpu_seconds, "s");
    rep.info(
        "register peak memory",
        reg.peak_rss_kb as f64 / 1024.0,
        "MB",
    );
    rep.goal(
        "register / CSV",
        reg.seconds / csv.seconds.max(1e-9),
        "×",
        Goal::AtMost(2.0),
    );
    print!("{}", rep.table());
    let saved = rep.save(&common.dir)?;
    eprintln!("onboard: results in {}", saved.display());
    Ok(rep)
}

/// A new database at `db` holding the sample's reference data.
fn with_refs(db: &Path) -> BenchResult<(depot_service::store::Store, Ctx)> {
    remove_db(db)?;
    let store = depot_service::store::open_or_create(db)?;
    let ctx = Ctx::new(Some("bench"))?;
    let refs: Vec<Source> = [Kind::Units, Kind::Warehouses, Kind::Modules, Kind::Catalog]
        .into_iter()
        .map(|k| Source::File(k, sample_refs().join(k.file_name())))
        .collect();
    let report = import::import(&store, &ctx, &refs, InputEncoding::Auto, false)?;
    landed(&report, "the reference data")?;
    Ok((store, ctx))
}

/// The child's step: `import register BOOK` into a new database DB.
pub fn register_step(book: &Path, db: &Path) -> BenchResult<Outcome> {
    let (store, ctx) = with_refs(db)?;
    let opts = RegisterOptions {
        barcode_prefix: Some("OB".to_owned()),
        ..RegisterOptions::default()
    };
    let start = Instant::now();
    let report = import_register(&store, &ctx, book, &opts)?;
    let seconds = start.elapsed().as_secs_f64();
    let Some((record, _)) = report.landed else {
        let first: Vec<String> = report
            .unresolved
            .iter()
            .map(|u| u.value.clone())
            .chain(report.problems.iter().map(|p| p.to_string()))
            .take(5)
            .collect();
        return Err(format!("the register did not land: {}", first.join("; ")).into());
    };
    Ok(Outcome {
        seconds,
        rows: record.assets + record.lots,
        ..Outcome::default()
    })
}

/// The child's step: `import assets CSV` into a new database DB.
pub fn csv_step(csv: &Path, db: &Path) -> BenchResult<Outcome> {
    let (store, ctx) = with_refs(db)?;
    let start = Instant::now();
    let src = [Source::File(Kind::Assets, csv.to_path_buf())];
    let report = import::import(&store, &ctx, &src, InputEncoding::Auto, false)?;
    landed(&report, "the assets import")?;
    Ok(Outcome {
        seconds: start.elapsed().as_secs_f64(),
        rows: report
            .summary
            .map_or(0, |s| s.kinds.iter().map(|(_, c)| c.new).sum()),
        ..Outcome::default()
    })
}
