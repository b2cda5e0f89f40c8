//! Register commands: init, demo, import, export, verify, status.

use depot_domain::msg::service::ServiceMsg;
use depot_exchange::sheet::is_workbook;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use unicode_width::UnicodeWidthStr;

use super::export_args::{ExportArgs, ExportFormat, ExportWhat};
use super::{language, pick, refuse, today};
use depot_domain::Lang;
use depot_domain::msg::cli::CliMsg;
use depot_domain::msg::cli::register::CliRegisterMsg;
use depot_domain::msg::cli::words::T;
use depot_exchange::columns::Kind;
use depot_exchange::{CsvOptions, InputEncoding, OutputEncoding, sample};
use depot_service::Ctx;
use depot_service::export::Extract;
use depot_service::export::csv::{self as export, ExportKind, ExportOptions};
use depot_service::import::files::{self as import, Report, Source};
use depot_service::store::Store;
use depot_service::{Error, Result};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A directory of exchange files, a kind (units, warehouses, modules, catalog, assets,
    /// lots, standards, targets) followed by its file, or `register` followed by a register.
    pub what: String,
    /// The file, when the first argument is a kind.
    pub file: Option<PathBuf>,
    /// Check and report everything, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Input encoding: auto (UTF-8 with or without BOM, else GB18030), utf-8 or gb18030.
    #[arg(long, default_value = "auto", value_parser = parse_input_encoding)]
    pub encoding: InputEncoding,
    /// Of a workbook (.xlsx, .xls, .ods), only this sheet (default: every sheet whose header
    /// has the kind's columns).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The map file (TOML): which field each header is, and which code each name is
    /// (`register` only).
    #[arg(long)]
    pub map: Option<PathBuf>,
    /// Write the guessed columns and the names not yet resolved (with candidates) to this map
    /// file, to edit and import again (`register` only).
    #[arg(long)]
    pub save_map: Option<PathBuf>,
    /// The unit or warehouse that owns every piece, where the register has no such column
    /// (`register` only).
    #[arg(long)]
    pub owner: Option<String>,
    /// The prefix of the barcodes given to pieces without one (kept in the database; needed
    /// the first time), e.g. JH (`register` only).
    #[arg(long)]
    pub barcode_prefix: Option<String>,
}

fn parse_input_encoding(s: &str) -> std::result::Result<InputEncoding, String> {
    super::named(s, T::EncodingKind, T::InputEncodings)
}

pub(super) fn init(db: &Path, op: Option<&str>, sample: bool) -> Result<ExitCode> {
    let (_, landed) = create(db, op, sample)?;
    Ok(if landed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Creates the database `db` (filled with the sample with `sample`); says whether the sample
/// landed.
fn create(db: &Path, op: Option<&str>, sample: bool) -> Result<(Store, bool)> {
    if db.is_dir() {
        return Err(depot_service::store::StoreError::IsDirectory(db.to_owned()).into());
    }
    if db.exists() {
        return Err(refuse(CliRegisterMsg::DatabaseExists {
            db: db.display().to_string(),
        }));
    }
    let store = depot_service::store::create_new(&depot_service::store::Location::from(db))?;
    if sample {
        let ctx = Ctx::new(Some(op.unwrap_or(sample::SAMPLE_OPERATOR)))?;
        let report = import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false)?;
        print_report(&report);
        if !report.landed() {
            return Ok((store, false));
        }
    }
    println!(
        "{}",
        CliRegisterMsg::Created {
            db: store.path().display().to_string()
        }
        .say(language())
    );
    Ok((store, true))
}

/// The operator of the demo when none is named.
const DEMO_OPERATOR: &str = "demo";

pub(super) fn demo(op: Option<&str>, lang: Option<&str>) -> Result<ExitCode> {
    let db = PathBuf::from("demo.redb");
    let op = op.unwrap_or(DEMO_OPERATOR);
    let store = match depot_service::store::open(&db) {
        Ok(store) => store,
        // A demo database an older depot built is put aside and built again from the sample.
        Err(depot_service::store::StoreError::OlderSchema { found, .. }) => {
            let aside = PathBuf::from(format!("demo.redb.schema{found}"));
            std::fs::rename(&db, &aside).map_err(|e| Error::io(&db, e))?;
            eprintln!(
                "{}",
                CliRegisterMsg::DemoRebuilt {
                    aside: aside.display().to_string()
                }
                .say(language())
            );
            create(&db, Some(op), true)?.0
        }
        Err(depot_service::store::StoreError::Missing(_)) => create(&db, Some(op), true)?.0,
        Err(e) => return Err(e.into()),
    };
    super::tui(store, Some(op), lang, None)
}

/// The file of `depot import register FILE`, which must exist.
pub(super) fn register_file(args: &ImportArgs) -> Result<PathBuf> {
    let Some(file) = &args.file else {
        return Err(refuse(CliRegisterMsg::RegisterWhichFile));
    };
    if !file.is_file() {
        return Err(refuse(CliRegisterMsg::NoSuchFile {
            file: file.display().to_string(),
        }));
    }
    Ok(file.clone())
}

/// The context and the files of `depot import`, checked before any database is opened.
pub(super) fn import_plan(op: Option<&str>, args: &ImportArgs) -> Result<(Ctx, Vec<Source>)> {
    let ctx = Ctx::new(op)?;
    let sources: Vec<Source> = match &args.file {
        Some(file) => {
            let kind: Kind = args.what.parse().map_err(Error::Invalid)?;
            if !file.is_file() {
                return Err(refuse(CliRegisterMsg::NoSuchFile {
                    file: file.display().to_string(),
                }));
            }
            match &args.sheet {
                Some(sheet) if is_workbook(file) => {
                    vec![Source::Sheet(kind, file.clone(), sheet.clone())]
                }
                Some(_) => {
                    return Err(refuse(CliRegisterMsg::SheetOfText {
                        file: file.display().to_string(),
                    }));
                }
                None => vec![Source::File(kind, file.clone())],
            }
        }
        // `defaults`: the modules, standards and targets shipped in schemas/ (unless a directory
        // of that name is meant).
        None if args.what == "defaults" && !Path::new("defaults").is_dir() => sample::defaults(),
        None => import::sources_in(Path::new(&args.what))?,
    };
    Ok((ctx, sources))
}

pub(super) fn import_cmd(
    store: &Store,
    ctx: &Ctx,
    sources: &[Source],
    args: ImportArgs,
) -> Result<ExitCode> {
    let report = import::import_in(store, ctx, sources, args.encoding, args.dry_run, language())?;
    print_report(&report);
    Ok(if report.landed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// How many problems to print before pointing at the rejects files.
const SHOW_PROBLEMS: usize = 200;

pub(super) fn print_report(r: &Report) {
    let lang = language();
    for w in &r.warnings {
        let warning = w.say(lang);
        eprintln!("{}", CliMsg::Warning { warning }.say(lang));
    }
    for p in r.problems.iter().take(SHOW_PROBLEMS) {
        let error = pick(&p.to_string(), &p.zh());
        eprintln!("{}", CliMsg::Error { error }.say(lang));
    }
    if r.problems.len() > SHOW_PROBLEMS {
        let more = (r.problems.len() - SHOW_PROBLEMS).to_string();
        eprintln!("{}", CliRegisterMsg::MoreBadRows { more }.say(lang));
    }
    if !r.problems.is_empty() {
        let by_file = import::problems_by_file(&r.problems);
        let rows: usize = by_file.iter().map(|(_, n)| n).sum();
        let per_file: Vec<String> = by_file.iter().map(|(f, n)| format!("{f}: {n}")).collect();
        let (n, files) = (rows.to_string(), per_file.join(", "));
        eprintln!("{}", CliRegisterMsg::ImportRejected { n, files }.say(lang));
        for p in &r.rejects {
            let file = p.display().to_string();
            eprintln!("{}", CliRegisterMsg::RejectsFile { file }.say(lang));
        }
        return;
    }
    if let Some(s) = &r.summary {
        let parts: Vec<String> = s
            .kinds
            .iter()
            .map(|(k, c)| {
                let kind = match lang {
                    Lang::En => (*k).to_owned(),
                    // The places' locations come with units.csv and warehouses.csv, not a
                    // file of their own.
                    Lang::Zh if *k == "locations" => T::ImportLocations.get(lang).to_owned(),
                    Lang::Zh => k.parse::<Kind>().map_or(*k, Kind::zh).to_owned(),
                };
                CliRegisterMsg::KindCounts {
                    kind,
                    new: c.new.to_string(),
                    changed: c.changed.to_string(),
                    same: c.same.to_string(),
                }
                .say(lang)
            })
            .collect();
        let kinds = parts.join(match lang {
            Lang::En => "; ",
            Lang::Zh => "；",
        });
        let movements = s.movements.to_string();
        let said = if r.dry_run {
            CliRegisterMsg::WouldImport { kinds, movements }
        } else {
            CliRegisterMsg::Imported { kinds, movements }
        };
        println!("{}", said.say(lang));
    }
}

/// What a stopped export to standard output left behind.
pub(super) const EXPORT_TO_STDOUT_STOPPED: ServiceMsg = ServiceMsg::ExportToStdoutStopped;

pub(super) fn export_cmd(store: &Store, lang: Option<&str>, args: ExportArgs) -> Result<ExitCode> {
    let ExportWhat::File(kind) = args.kind else {
        return super::bundle::export_bundle_cmd(store, args);
    };
    if args.full || args.depot.is_some() {
        return Err(refuse(CliRegisterMsg::BundleOptionsOnFile));
    }
    if args.format == ExportFormat::Xlsx {
        return export_xlsx(store, lang, kind, args);
    }
    let db = store.path();
    let as_of = args.as_of.unwrap_or_else(today);
    let opts = ExportOptions {
        csv: CsvOptions {
            excel: args.excel,
            encoding: args.encoding,
        },
        as_of,
        since: args.since,
    };
    let r = Extract::open(store)?;
    let out = args
        .out
        .unwrap_or_else(|| export::default_file_name(db, kind, as_of, args.since));
    let rows = if out.as_os_str() == "-" {
        let stdout = depot_service::interrupt::Stoppable(std::io::stdout().lock());
        export::export(&r, kind, &opts, stdout).map_err(|e| {
            if depot_service::interrupt::requested() {
                Error::Interrupted(EXPORT_TO_STDOUT_STOPPED)
            } else {
                e
            }
        })?
    } else {
        let rows = export::to_file(&r, kind, &opts, &out, None)?;
        eprintln!("{}", wrote(rows, &out));
        rows
    };
    let _ = std::io::stdout().flush();
    let _ = rows;
    Ok(ExitCode::SUCCESS)
}

/// `depot export KIND --format xlsx`.
fn export_xlsx(
    store: &Store,
    lang: Option<&str>,
    kind: ExportKind,
    args: ExportArgs,
) -> Result<ExitCode> {
    if args.excel || args.encoding != OutputEncoding::Utf8 {
        return Err(refuse(CliRegisterMsg::CsvOptionsOnWorkbook));
    }
    if args.out.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        return Err(refuse(CliRegisterMsg::WorkbookToStdout));
    }
    let db = store.path();
    let as_of = args.as_of.unwrap_or_else(today);
    let opts = ExportOptions {
        csv: CsvOptions::default(),
        as_of,
        since: args.since,
    };
    let out = args.out.unwrap_or_else(|| {
        export::default_file_name(db, kind, as_of, args.since).with_extension("xlsx")
    });
    let r = Extract::open(store)?;
    let lang = depot_report::words::Lang::detect(lang);
    let rows = depot_service::export::xlsx::to_xlsx(&r, kind, &opts, lang, &out)?;
    eprintln!("{}", wrote(rows, &out));
    Ok(ExitCode::SUCCESS)
}

/// That an export wrote `rows` rows to `out`.
fn wrote(rows: impl ToString, out: &Path) -> String {
    CliRegisterMsg::WroteRows {
        rows: rows.to_string(),
        file: out.display().to_string(),
    }
    .say(language())
}

/// A few lines on what the register holds.
pub fn status(store: &Store) -> Result<String> {
    let h = depot_service::status::holdings(store)?;
    let (seq, standards, targets) = (h.movements, h.standard_lines, h.targets);
    let head = &depot_domain::movement::hex(&h.head)[..16];
    let lang = language();
    let lines = [
        (T::StatusDatabase, store.path().display().to_string()),
        (T::StatusUnits, h.units.to_string()),
        (T::StatusWarehouses, h.warehouses.to_string()),
        (T::StatusModules, h.modules.to_string()),
        (
            T::StatusCatalogue,
            CliRegisterMsg::StatusItems {
                items: h.items.to_string(),
            }
            .say(lang),
        ),
        (T::StatusAssets, h.assets.to_string()),
        (T::StatusLots, h.lots.to_string()),
        (
            T::StatusLedger,
            CliRegisterMsg::StatusLedger {
                movements: seq.to_string(),
                head: head.to_owned(),
            }
            .say(lang),
        ),
        (
            T::StatusStandards,
            CliRegisterMsg::StatusStandards {
                lines: standards.to_string(),
                targets: targets.to_string(),
            }
            .say(lang),
        ),
    ];
    let labels: Vec<&str> = lines.iter().map(|(word, _)| word.get(lang)).collect();
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, (_, value)) in labels.iter().zip(&lines) {
        let pad = " ".repeat(width + 1 - label.width());
        out.push_str(&format!("{label}{pad}{value}\n"));
    }
    Ok(out)
}
