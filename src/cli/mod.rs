//! The command line: clap definitions, each command calling one library function. One file
//! per group of commands; this one holds the top level and the dispatch.

mod backup;
mod help_zh;
mod label;
mod register;
mod report;
mod workflow;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use register::{ExportArgs, ImportArgs, status};

use crate::service::verify;
use crate::store::Store;
use crate::{Error, Result};
/// depot — the equipment register and strategic reserves of a fire-rescue service
/// (消防救援装备与战略储备物资管理).
#[derive(Debug, Parser)]
#[command(name = "depot", version, about, long_about = None)]
pub struct Cli {
    /// The database file.
    #[arg(long, global = true, env = "DEPOT_DB", default_value = "depot.redb")]
    pub db: PathBuf,
    /// Who makes the changes (named on every movement).
    #[arg(long, global = true, env = "DEPOT_OPERATOR")]
    pub operator: Option<String>,
    /// Language: zh or en. The terminal UI follows the locale, else Chinese; the other
    /// commands' answers and errors follow the locale, else English.
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Without a command: the terminal UI.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The terminal UI (also: `depot` with no command).
    Tui {
        /// The date figures are shown as of (YYYY-MM-DD); default today.
        #[arg(long, value_parser = parse_date_arg)]
        as_of: Option<NaiveDate>,
    },
    /// Create a new database (with --sample: filled with the sample detachment).
    Init {
        /// Import the built-in sample detachment of import/sample/.
        #[arg(long)]
        sample: bool,
    },
    /// Build demo.redb from the sample if it is missing, then open it.
    Demo,
    /// Import exchange files: `depot import DIR`, `depot import KIND FILE`, or `depot import
    /// defaults` (the modules, standards and targets shipped in schemas/).
    Import(ImportArgs),
    /// Export CSV or xlsx: inventory, assets, lots, movements, readiness or replacements.
    Export(ExportArgs),
    /// Recompute the ledger's hash chain and check every asset and lot against its movements.
    Verify,
    /// Counts of what the register holds.
    Status,
    /// Write a copy of the database to FILE, from one consistent snapshot, and check the copy.
    Backup(backup::BackupArgs),
    /// Put a backup in place of the database (checked first; the replaced file is kept).
    Restore(backup::RestoreArgs),
    /// Check assets (or kits) out to a unit, a vehicle or an incident.
    Checkout(workflow::CheckoutArgs),
    /// Check assets (or kits) back in: to their owner, or into a named warehouse.
    Checkin(workflow::CheckinArgs),
    /// Transfer an asset, a lot, part of a lot (split into a new lot) or a kit for good.
    Transfer {
        barcode: String,
        #[arg(long)]
        to: String,
        /// For a lot: how much (default: all of it).
        #[arg(long, value_parser = workflow_qty)]
        qty: Option<rust_decimal::Decimal>,
    },
    /// Issue a quantity of a lot to an incident.
    Issue {
        barcode: String,
        #[arg(long, value_parser = workflow_qty)]
        qty: rust_decimal::Decimal,
        #[arg(long = "ref")]
        reference: String,
    },
    /// Receive a new lot; prints its barcode.
    Receive {
        item: String,
        #[arg(long, value_parser = workflow_qty)]
        qty: rust_decimal::Decimal,
        #[arg(long)]
        to: String,
        #[arg(long)]
        module: Option<String>,
        #[arg(long, value_parser = parse_date_arg)]
        expires: Option<NaiveDate>,
        #[arg(long)]
        lot: Option<String>,
    },
    /// Record an inspection (resets the inspection clock).
    Inspect {
        barcode: String,
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
        /// The inspection failed: the asset goes to maintenance.
        #[arg(long)]
        failed: bool,
    },
    /// Send an asset to maintenance or return it.
    #[command(subcommand)]
    Repair(workflow::RepairCmd),
    /// Write off (报废) an asset or a lot quantity (officers).
    Writeoff {
        barcode: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_parser = workflow_qty)]
        qty: Option<rust_decimal::Decimal>,
    },
    /// Kits: barcoded boxes of assets and lot quantities.
    #[command(subcommand)]
    Kit(workflow::KitCmd),
    /// Stock counts (盘点).
    #[command(subcommand)]
    Count(workflow::CountCmd),
    /// Read barcodes from standard input, one per line, answering each as it is on disk.
    Scan(workflow::ScanArgs),
    /// Operators and their roles.
    #[command(subcommand)]
    Operator(workflow::OperatorCmd),
    /// The audit log: refused actions and operator changes.
    Audit,
    /// Reports: readiness, targets, shortfalls, replacements, inspections or expiry.
    Report(report::ReportArgs),
    /// Print labels: one SVG or PNG file per barcode.
    Label(label::LabelArgs),
    /// Print an A4 sheet of labels for everything a unit or warehouse holds.
    Labels(label::LabelsArgs),
}

impl Command {
    /// Whether the command looks for Ctrl+C and signals and stops cleanly (see `interrupt`).
    fn stops_cleanly(&self) -> bool {
        matches!(
            self,
            Command::Tui { .. }
                | Command::Demo
                | Command::Import(_)
                | Command::Export(_)
                | Command::Scan(_)
                | Command::Backup(_)
                | Command::Restore(_)
        )
    }
}

fn workflow_qty(s: &str) -> std::result::Result<rust_decimal::Decimal, String> {
    crate::exchange::parse_decimal(s).map_err(|e| e.reason)
}

pub fn parse_date_arg(s: &str) -> std::result::Result<NaiveDate, String> {
    crate::exchange::parse_date(s).map_err(|e| e.reason)
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs the command line; prints errors plainly and returns the exit code.
/// The language of the command line's messages, set once from `--lang` or the locale.
static LANG: std::sync::OnceLock<crate::tui::i18n::Lang> = std::sync::OnceLock::new();

/// Whether the command line speaks Chinese.
pub fn zh() -> bool {
    LANG.get() == Some(&crate::tui::i18n::Lang::Zh)
}

/// A message that exists in both languages, in the command line's.
pub fn say(en: &str, zh_text: &str) -> String {
    if zh() { zh_text } else { en }.to_owned()
}

/// The `--lang` of the raw arguments, looked at before clap parses them, so that `--help`
/// can be in the language asked for.
fn lang_arg() -> Option<String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().cloned();
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v.to_owned());
        }
    }
    None
}

pub fn main() -> ExitCode {
    let lang = crate::tui::i18n::Lang::for_cli(lang_arg().as_deref());
    let cmd = match lang {
        crate::tui::i18n::Lang::Zh => help_zh::translate(Cli::command()),
        crate::tui::i18n::Lang::En => Cli::command(),
    };
    let cli = match Cli::from_arg_matches(&cmd.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let _ = LANG.set(crate::tui::i18n::Lang::for_cli(cli.lang.as_deref()));
    crate::store::on_repair(repair_progress);
    std::panic::set_hook(Box::new(say_panic));
    let ran = std::panic::catch_unwind(|| run(cli));
    let Ok(ran) = ran else {
        // `say_panic` has said what happened; a transaction open at the panic was dropped
        // uncommitted, so nothing half done is on disk.
        return ExitCode::from(3);
    };
    match ran {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error of ours.
        Err(Error::Write(crate::exchange::WriteError::Io { source, .. }))
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        // Stopped on purpose: say what the stop left behind, with the status a shell expects.
        Err(e @ Error::Interrupted(_)) => {
            eprintln!("{}", say(&e.to_string(), &e.zh()));
            ExitCode::from(crate::interrupt::EXIT_STATUS)
        }
        Err(e) => {
            eprintln!(
                "{}",
                say(&format!("error: {e}"), &format!("错误：{}", e.zh()))
            );
            ExitCode::FAILURE
        }
    }
}

/// Says what a panic means to a user, instead of a backtrace. redb panics on some impossible
/// pages of a damaged file (a bit flipped on the disk, say) where it cannot return an error.
fn say_panic(info: &std::panic::PanicHookInfo<'_>) {
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    if crate::store::raised_by_engine(info) {
        eprintln!(
            "error: the database file is damaged: the storage engine stopped on a page that cannot be ({what}); nothing more was written. Restore it from a backup (`depot restore FILE`) and keep the damaged file for inspection"
        );
    } else {
        eprintln!(
            "error: depot stopped on an internal error (a bug, not your data): {what} at {}; every action answered before it is on disk; please report this message",
            info.location().map(|l| l.to_string()).unwrap_or_default()
        );
    }
}

/// Says that a database is being checked after an unclean shutdown, so that a long wait on a
/// big register is not taken for a hang: a bar on a terminal, one line elsewhere.
fn repair_progress(db: &std::path::Path, done: f64) {
    use std::io::IsTerminal;
    static BAR: std::sync::OnceLock<indicatif::ProgressBar> = std::sync::OnceLock::new();
    let bar = BAR.get_or_init(|| {
        let what = format!(
            "{} was not closed cleanly (a power cut or a stopped program); checking it before use",
            db.display()
        );
        if !std::io::stderr().is_terminal() {
            eprintln!("depot: {what}");
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(100);
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {percent}% [{elapsed}]") {
            bar.set_style(style);
        }
        bar.set_message(what);
        bar.enable_steady_tick(std::time::Duration::from_millis(500));
        bar
    });
    if done >= 1.0 {
        bar.finish_and_clear();
    } else {
        bar.set_position((done * 100.0) as u64);
    }
}

/// Opens the terminal UI on `db`; on something that is not a terminal, says so and prints
/// what the register holds instead.
pub fn tui(
    db: &std::path::Path,
    op: Option<&str>,
    lang: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let store = Store::open(db)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        print!("{}", status(&store)?);
        eprintln!(
            "the terminal UI needs a terminal; run `depot tui` in one (the other commands work anywhere: see --help)"
        );
        return Ok(ExitCode::FAILURE);
    }
    let opts = crate::tui::Options {
        lang: crate::tui::i18n::Lang::detect(lang),
        db: db.to_owned(),
        operator: op.map(str::to_owned),
        as_of: as_of.unwrap_or_else(today),
    };
    crate::tui::run(store, opts)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let op = cli.operator.as_deref();
    let lang = cli.lang.as_deref();
    // The commands that can run for a while stop cleanly on Ctrl+C, SIGTERM or SIGHUP; the
    // others are short, and a signal ends them as usual (redb commits whole or not at all).
    if cli.command.as_ref().is_none_or(Command::stops_cleanly) {
        crate::interrupt::install().map_err(|e| Error::io("signal handlers", e))?;
    }
    let Some(command) = cli.command else {
        return tui(&cli.db, op, lang, None);
    };
    match command {
        Command::Tui { as_of } => tui(&cli.db, op, lang, as_of),
        Command::Init { sample } => register::init(&cli.db, op, sample),
        Command::Demo => register::demo(op, lang),
        Command::Import(args) => register::import_cmd(&cli.db, op, args),
        Command::Export(args) => register::export_cmd(&cli.db, lang, args),
        Command::Verify => {
            // Checking a file never changes it.
            let store = Store::open_read_only(&cli.db)?;
            let report = verify::verify(&store)?;
            println!("{}", say(&report.to_string(), &report.zh()));
            Ok(if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Checkout(a) => workflow::checkout(&Store::open(&cli.db)?, op, a),
        Command::Checkin(a) => workflow::checkin(&Store::open(&cli.db)?, op, a),
        Command::Transfer { barcode, to, qty } => {
            workflow::transfer(&Store::open(&cli.db)?, op, &barcode, &to, qty)
        }
        Command::Issue {
            barcode,
            qty,
            reference,
        } => workflow::issue(&Store::open(&cli.db)?, op, &barcode, qty, &reference),
        Command::Receive {
            item,
            qty,
            to,
            module,
            expires,
            lot,
        } => workflow::receive(
            &Store::open(&cli.db)?,
            op,
            workflow::receive_req(&item, qty, to, module, expires, lot),
        ),
        Command::Inspect {
            barcode,
            date,
            failed,
        } => workflow::inspect(&Store::open(&cli.db)?, op, &barcode, date, failed),
        Command::Repair(cmd) => workflow::repair(&Store::open(&cli.db)?, op, cmd),
        Command::Writeoff {
            barcode,
            reason,
            qty,
        } => workflow::writeoff(&Store::open(&cli.db)?, op, &barcode, &reason, qty),
        Command::Kit(cmd) => workflow::kit_cmd(&Store::open(&cli.db)?, op, cmd),
        Command::Count(cmd) => workflow::count_cmd(&Store::open(&cli.db)?, op, cmd),
        Command::Scan(a) => workflow::scan_stream(&Store::open(&cli.db)?, op, a),
        Command::Operator(cmd) => workflow::operator_cmd(&cli.db, op, cmd),
        Command::Audit => workflow::audit(&cli.db),
        Command::Report(args) => report::report_cmd(&cli.db, lang, args),
        Command::Backup(args) => backup::backup_cmd(&cli.db, args),
        Command::Restore(args) => backup::restore_cmd(&cli.db, args),
        Command::Status => {
            let store = Store::open(&cli.db)?;
            print!("{}", status(&store)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Label(args) => label::label_cmd(&cli.db, args),
        Command::Labels(args) => label::labels_cmd(&cli.db, args),
    }
}
