//! Register commands: init, demo, import, export, verify, status.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use super::{parse_date_arg, today};
use crate::exchange::columns::Kind;
use crate::exchange::export::{self, ExportKind, ExportOptions};
use crate::exchange::import::{self, Report, Source};
use crate::exchange::{CsvOptions, InputEncoding, OutputEncoding, sample};
use crate::service::Ctx;
use crate::store::Store;
use crate::{Error, Result};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A directory of exchange files, or a kind (units, warehouses, modules, catalog, assets,
    /// lots, standards, targets) followed by its file.
    pub what: String,
    /// The file, when the first argument is a kind.
    pub file: Option<PathBuf>,
    /// Check and report everything, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Input encoding: auto (UTF-8 with or without BOM, else GB18030), utf-8 or gb18030.
    #[arg(long, default_value = "auto")]
    pub encoding: InputEncoding,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// inventory, assets, lots, movements, readiness or replacements.
    pub kind: ExportKind,
    /// Output file; `-` for standard output. Default: KIND-DEPOT-DATE.csv here.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// For Excel and WPS: BOM, CRLF line ends, formula-injection guard on text cells.
    #[arg(long)]
    pub excel: bool,
    /// Output encoding: utf-8 or gb18030 (for older tools).
    #[arg(long, default_value = "utf-8")]
    pub encoding: OutputEncoding,
    /// The date the figures are as of (YYYY-MM-DD); default today.
    #[arg(long, value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,
    /// Movements: start at this sequence number (for incremental exports).
    #[arg(long, default_value_t = 1)]
    pub since: u64,
}

pub(super) fn init(db: &Path, op: Option<&str>, sample: bool) -> Result<ExitCode> {
    if db.exists() {
        return Err(Error::Invalid(format!(
            "{} already exists; choose another --db path or remove the file first",
            db.display()
        )));
    }
    let store = Store::open_or_create(db)?;
    if sample {
        let ctx = Ctx::now(Some(op.unwrap_or(sample::SAMPLE_OPERATOR)))?;
        let report = import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false)?;
        print_report(&report);
        if !report.landed() {
            return Ok(ExitCode::FAILURE);
        }
    }
    println!("created {}", db.display());
    Ok(ExitCode::SUCCESS)
}

pub(super) fn demo(op: Option<&str>) -> Result<ExitCode> {
    let db = PathBuf::from("demo.redb");
    if !db.exists() {
        init(&db, op, true)?;
    }
    let store = Store::open(&db)?;
    print!("{}", status(&store)?);
    println!("(the terminal UI is not built yet: this is the register it will show)");
    Ok(ExitCode::SUCCESS)
}

pub(super) fn import_cmd(db: &Path, op: Option<&str>, args: ImportArgs) -> Result<ExitCode> {
    let ctx = Ctx::now(op)?;
    let sources: Vec<Source> = match &args.file {
        Some(file) => {
            let kind: Kind = args.what.parse().map_err(Error::Invalid)?;
            if !file.is_file() {
                return Err(Error::Invalid(format!("{}: no such file", file.display())));
            }
            vec![Source::File(kind, file.clone())]
        }
        None => import::sources_in(Path::new(&args.what))?,
    };
    let store = Store::open_or_create(db)?;
    let report = import::import(&store, &ctx, &sources, args.encoding, args.dry_run)?;
    print_report(&report);
    Ok(if report.landed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// How many problems to print before pointing at the rejects files.
const SHOW_PROBLEMS: usize = 200;

fn print_report(r: &Report) {
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    for p in r.problems.iter().take(SHOW_PROBLEMS) {
        eprintln!("error: {p}");
    }
    if r.problems.len() > SHOW_PROBLEMS {
        eprintln!("… and {} more bad rows", r.problems.len() - SHOW_PROBLEMS);
    }
    if !r.problems.is_empty() {
        let per_file: Vec<String> = import::problems_by_file(&r.problems)
            .into_iter()
            .map(|(f, n)| format!("{f}: {n}"))
            .collect();
        eprintln!(
            "import rejected: {} bad rows ({}); nothing was changed",
            r.problems.len(),
            per_file.join(", ")
        );
        for p in &r.rejects {
            eprintln!("rejected rows with their reasons: {}", p.display());
        }
        return;
    }
    if let Some(s) = &r.summary {
        let parts: Vec<String> = s
            .kinds
            .iter()
            .map(|(k, c)| {
                format!(
                    "{k}: {} new, {} changed, {} unchanged",
                    c.new, c.changed, c.same
                )
            })
            .collect();
        let verb = if r.dry_run {
            "dry run, nothing was changed; would import"
        } else {
            "imported"
        };
        println!("{verb}: {}; {} movements", parts.join("; "), s.movements);
    }
}

pub(super) fn export_cmd(db: &Path, args: ExportArgs) -> Result<ExitCode> {
    let store = Store::open(db)?;
    let as_of = args.as_of.unwrap_or_else(today);
    let opts = ExportOptions {
        csv: CsvOptions {
            excel: args.excel,
            encoding: args.encoding,
        },
        as_of,
        since: args.since,
    };
    let r = store.read()?;
    let out = args
        .out
        .unwrap_or_else(|| default_export_name(db, args.kind, as_of, args.since));
    let rows = if out.as_os_str() == "-" {
        let stdout = std::io::stdout().lock();
        export::export(&r, args.kind, &opts, stdout)?
    } else {
        // Write beside and rename: a failed export leaves no half file under the real name.
        let tmp = out.with_extension("csv.partial");
        let file = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let rows = match export::export(&r, args.kind, &opts, file) {
            Ok(n) => n,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        std::fs::rename(&tmp, &out).map_err(|e| Error::io(&out, e))?;
        eprintln!("wrote {rows} rows to {}", out.display());
        rows
    };
    let _ = std::io::stdout().flush();
    let _ = rows;
    Ok(ExitCode::SUCCESS)
}

/// `KIND-DEPOT-YYYYMMDD.csv`: every export names its depot and as-of date.
fn default_export_name(db: &Path, kind: ExportKind, as_of: NaiveDate, since: u64) -> PathBuf {
    let depot = db.file_stem().and_then(|s| s.to_str()).unwrap_or("depot");
    let name = match kind {
        ExportKind::Movements => format!(
            "movements-{depot}-from{since}-{}.csv",
            as_of.format("%Y%m%d")
        ),
        k => format!("{}-{depot}-{}.csv", k.name(), as_of.format("%Y%m%d")),
    };
    PathBuf::from(name)
}

/// A few lines on what the register holds.
pub fn status(store: &Store) -> Result<String> {
    let r = store.read()?;
    let (mut assets, mut lots) = (0u64, 0u64);
    r.for_each_stock(|_, row| -> Result<()> {
        match row {
            crate::store::StockRow::Asset(_) => assets += 1,
            crate::store::StockRow::Lot(_) => lots += 1,
        }
        Ok(())
    })?;
    let (seq, hash) = r.ledger_head()?;
    Ok(format!(
        "database   {}\nunits      {}\nwarehouses {}\nmodules    {}\ncatalogue  {} items\nassets     {assets}\nlots       {lots}\nledger     {seq} movements, head {}\nstandards  {} lines, {} targets\n",
        store.path().display(),
        r.units()?.len(),
        r.warehouses()?.len(),
        r.modules()?.len(),
        r.catalog()?.len(),
        &crate::domain::movement::hex(&hash)[..16],
        r.standards()?.len(),
        r.targets()?.len(),
    ))
}
