//! The command line: clap definitions, each command calling one library function. One file
//! per group of commands; this one holds the top level and the dispatch.

mod backup;
mod bundle;
mod digest;
mod directive;
mod dispatch;
mod error_zh;
mod export_args;
mod help_zh;
mod hq;
mod label;
mod label_out;
mod notify;
mod parse_zh;
mod pin;
mod place;
mod register;
mod register_import;
mod report;
mod ship;
mod workflow;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use dispatch::{run, tui};
pub use export_args::{ExportArgs, ExportWhat};
pub use register::{ImportArgs, status};

use depot_domain::Lang;
use depot_domain::msg::cli::CliMsg;
use depot_domain::msg::cli::words::T;
use depot_service::Error;
/// depot — the equipment register and strategic reserves of a fire-rescue service.
#[derive(Debug, Parser)]
#[command(name = "depot", version, about, long_about = None)]
pub struct Cli {
    /// The database: a redb file, or a postgres:// URL (a PostgreSQL database, for a depot
    /// with several terminals).
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
    /// Import exchange files: `depot import DIR`, `depot import KIND FILE` (CSV or a
    /// workbook), `depot import defaults` (the modules, standards and targets shipped in
    /// schemas/), or a register as it is kept: `depot import register BOOK.xlsx`.
    Import(ImportArgs),
    /// Export CSV or xlsx: inventory, assets, lots, movements, readiness or replacements; or
    /// a signed bundle of them for headquarters (`export bundle --out DIR`).
    Export(ExportArgs),
    /// The depot's signing key for bundles: `key init`, `key show`.
    #[command(subcommand)]
    Key(bundle::KeyCmd),
    /// Headquarters: enrol depots, ingest their bundles, list them, verify what is held (`hq
    /// ingest DIR...`).
    #[command(subcommand)]
    Hq(hq::HqCmd),
    /// Recompute the ledger's hash chain and check every asset and lot against its movements.
    Verify,
    /// Counts of what the register holds.
    Status,
    /// Write a copy of the database to FILE, from one consistent snapshot, and check the copy.
    Backup(backup::BackupArgs),
    /// Put a backup in place of the database (checked first; the replaced file is kept).
    Restore(backup::RestoreArgs),
    /// Copy the whole depot into another database, on either engine (a file or a postgres://
    /// URL), and verify the copy; this one is only read.
    Migrate {
        /// The new database: a redb file, or a postgres:// URL of a database without a
        /// register yet.
        #[arg(long)]
        to: String,
    },
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
    /// Ship pieces to another depot, or lend them (--return-by), with a signed shipment
    /// folder that goes with them (`ship --to DEPOT --out DIR BARCODE...`).
    Ship(ship::ShipArgs),
    /// Take in a shipment from another depot (its signed folder), counted against the
    /// barcodes found with it, and write the signed receipt that goes back
    /// (`receive-shipment DIR --receipt-out DIR [BARCODE...]`).
    ReceiveShipment(ship::ReceiveShipmentArgs),
    /// Take the receiving depot's signed receipt of a shipment this depot sent, closing it
    /// (`receive-receipt DIR`).
    ReceiveReceipt(ship::ReceiveReceiptArgs),
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
    /// Write off an asset or a lot quantity (officers).
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
    /// Stock counts.
    #[command(subcommand)]
    Count(workflow::CountCmd),
    /// Read barcodes from standard input, one per line, answering each as it is on disk.
    Scan(workflow::ScanArgs),
    /// Operators and their roles.
    #[command(subcommand)]
    Operator(workflow::OperatorCmd),
    /// The audit log: refused actions and operator changes.
    Audit,
    /// Reports: readiness, targets, shortfalls, replacements, inspections or expiry;
    /// headquarters: by depot (`--by depot`) and the depots without a recent bundle (`stale`).
    Report(report::ReportArgs),
    /// What needs someone's action: check-outs past due, inspections and lots due, lines
    /// below standard, targets behind or missed, stale depots; by who can act.
    Digest(digest::DigestArgs),
    /// Who gets the digest: recipients by role or unit, by mail or webhook.
    #[command(subcommand)]
    Notify(notify::NotifyCmd),
    /// Places: where a unit or warehouse is (`place locate CODE LAT LON`), for the response
    /// circles.
    #[command(subcommand)]
    Place(place::PlaceCmd),
    /// Print labels: one SVG or PNG file per barcode, or a ZPL or TSPL job for a label
    /// printer (a file, tcp://HOST:PORT or lp:QUEUE); --calibrate lines a printer up.
    Label(label::LabelArgs),
    /// Print an A4 sheet of labels for everything a unit or warehouse holds, or send them to
    /// a label printer.
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
                | Command::Hq(_)
        )
    }
}

fn workflow_qty(s: &str) -> std::result::Result<rust_decimal::Decimal, String> {
    parse_qty_arg(s)
}

/// A quantity on the command line; the reason it is not one in the command line's language.
pub fn parse_qty_arg(s: &str) -> std::result::Result<rust_decimal::Decimal, String> {
    depot_exchange::parse_decimal(s).map_err(|e| match language() {
        Lang::En => e.reason,
        Lang::Zh => CliMsg::NotAQuantity {
            given: s.to_owned(),
        }
        .say(Lang::Zh),
    })
}

/// A `V` named on the command line. Under Chinese, a name it is not is said in Chinese with
/// the kind of value (`what`, e.g. [`T::ConditionKind`]) and the names it could be (`names`,
/// e.g. [`T::Conditions`]); under English, the type's own reason without its Chinese glosses.
fn named<V: std::str::FromStr>(s: &str, what: T, names: T) -> std::result::Result<V, String>
where
    V::Err: std::fmt::Display,
{
    s.parse::<V>().map_err(|e| match language() {
        Lang::En => without_glosses(&e.to_string()),
        Lang::Zh => CliMsg::UnknownName {
            what: what.get(Lang::Zh).to_owned(),
            given: s.to_owned(),
            expected: names.get(Lang::Zh).to_owned(),
        }
        .say(Lang::Zh),
    })
}

/// `text` without the Chinese glosses in brackets (`ok (完好)` → `ok`).
fn without_glosses(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(" (") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find(')') {
            Some(end) if !after[..end].is_ascii() => rest = &after[end + 1..],
            _ => {
                out.push_str(" (");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn parse_date_arg(s: &str) -> std::result::Result<NaiveDate, String> {
    depot_exchange::parse_date(s).map_err(|e| match language() {
        Lang::En => e.reason,
        Lang::Zh => CliMsg::NotADate {
            given: s.to_owned(),
        }
        .say(Lang::Zh),
    })
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Runs the command line; prints errors plainly and returns the exit code.
/// The language of the command line's messages, set once from `--lang` or the locale.
static LANG: std::sync::OnceLock<depot_tui::i18n::Lang> = std::sync::OnceLock::new();

/// The language the command line speaks (English until it is set).
pub fn language() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

/// Whether the command line speaks Chinese.
pub fn zh() -> bool {
    language() == Lang::Zh
}

/// One of the two renderings a library value gives of itself (its `to_string()` and its
/// `zh()`), in the command line's language. The command line's own sentences are in the
/// message catalogue (`depot_domain::msg::cli`), said with `.say(language())`.
pub fn pick(en: &str, zh_text: &str) -> String {
    if zh() { zh_text } else { en }.to_owned()
}

/// A message of the command line's catalogue.
pub trait Msg {
    fn say(&self, lang: Lang) -> String;
}

macro_rules! msgs {
    ($($t:ty),+) => {
        $(impl Msg for $t {
            fn say(&self, lang: Lang) -> String {
                <$t>::say(self, lang)
            }
        })+
    };
}

msgs!(
    CliMsg,
    depot_domain::msg::cli::access::CliAccessMsg,
    depot_domain::msg::cli::backup::CliBackupMsg,
    depot_domain::msg::cli::bundle::CliBundleMsg,
    depot_domain::msg::cli::hq::CliHqMsg,
    depot_domain::msg::cli::label::CliLabelMsg,
    depot_domain::msg::cli::label::CliPrintMsg,
    depot_domain::msg::cli::notify::CliNotifyMsg,
    depot_domain::msg::cli::register::CliRegisterMsg,
    depot_domain::msg::cli::workflow::CliWorkflowMsg
);

/// A refusal of the command line, from its catalogue: said in English and in Chinese, so
/// that the error speaks the reader's language wherever it is shown.
pub fn refuse(m: impl Msg) -> Error {
    Error::said(m.say(Lang::En), m.say(Lang::Zh))
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
    // Set before parsing, so that help, parse errors and the value parsers' reasons are in it.
    let lang = *LANG.get_or_init(|| depot_tui::i18n::Lang::for_cli(lang_arg().as_deref()));
    let zh = lang == depot_tui::i18n::Lang::Zh;
    let cmd = if zh {
        help_zh::translate(Cli::command())
    } else {
        Cli::command()
    };
    let cli = match cmd
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) if zh => e.apply::<parse_zh::Zh>().exit(),
        Err(e) => e.exit(),
    };
    depot_service::store::on_repair(repair_progress);
    std::panic::set_hook(Box::new(say_panic));
    let ran = std::panic::catch_unwind(|| run(cli));
    let Ok(ran) = ran else {
        // A reader that stops early (`| head`): `println!` gave up on the closed pipe.
        if READER_GONE.load(std::sync::atomic::Ordering::SeqCst) {
            return ExitCode::SUCCESS;
        }
        // `say_panic` has said what happened; a transaction open at the panic was dropped
        // uncommitted, so nothing half done is on disk.
        return ExitCode::from(3);
    };
    match ran {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error of ours.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        // Stopped on purpose: say what the stop left behind, with the status a shell expects.
        Err(e @ Error::Interrupted(_)) => {
            eprintln!("{}", pick(&e.to_string(), &error_zh::error_zh(&e)));
            ExitCode::from(depot_service::interrupt::EXIT_STATUS)
        }
        Err(e) => {
            let error = pick(&e.to_string(), &error_zh::error_zh(&e));
            eprintln!("{}", CliMsg::Error { error }.say(language()));
            ExitCode::FAILURE
        }
    }
}

/// Set when `println!` or `print!` stopped on a closed pipe: the reader went away.
static READER_GONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `e` is standard output (or an export's output) closed by its reader, as `| head`
/// does when it has read enough: the end of the command, not an error of ours.
fn closed_pipe(e: &Error) -> bool {
    let mut at: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = at {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return true;
        }
        at = err.source();
    }
    false
}

/// Whether a panic is the standard library giving up printing to a closed pipe (`print!`
/// and `println!` panic where they cannot write; their message names the broken pipe).
fn printing_to_closed_pipe(what: &str) -> bool {
    what.starts_with("failed printing to std")
        && (what.contains("Broken pipe") || what.contains("os error 32"))
}

/// Says what a panic means to a user, instead of a backtrace. redb panics on some impossible
/// pages of a damaged file (a bit flipped on the disk, say) where it cannot return an error.
/// Printing to a reader that went away (`| head`) is no panic to speak of: it ends quietly.
fn say_panic(info: &std::panic::PanicHookInfo<'_>) {
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    if printing_to_closed_pipe(&what) {
        READER_GONE.store(true, std::sync::atomic::Ordering::SeqCst);
        return;
    }
    if depot_service::store::raised_by_engine(info) {
        eprintln!("{}", CliMsg::DamagedFile { what }.say(language()));
    } else {
        let at = info.location().map(|l| l.to_string()).unwrap_or_default();
        eprintln!("{}", CliMsg::InternalError { what, at }.say(language()));
    }
}

/// Says that a database is being checked after an unclean shutdown, so that a long wait on a
/// big register is not taken for a hang: a bar on a terminal, one line elsewhere.
fn repair_progress(db: &std::path::Path, done: f64) {
    use std::io::IsTerminal;
    static BAR: std::sync::OnceLock<indicatif::ProgressBar> = std::sync::OnceLock::new();
    let bar = BAR.get_or_init(|| {
        let what = CliMsg::CheckingUncleanDatabase {
            db: db.display().to_string(),
        }
        .say(language());
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

#[cfg(test)]
mod tests {
    use super::without_glosses;

    #[test]
    fn english_reasons_lose_their_chinese_glosses_only() {
        assert_eq!(
            without_glosses("expected ok (完好) or damaged (损坏)"),
            "expected ok or damaged"
        );
        assert_eq!(
            without_glosses("expected one of auto, utf-8, gb18030 (or gbk)"),
            "expected one of auto, utf-8, gb18030 (or gbk)"
        );
        assert_eq!(without_glosses("a (b"), "a (b");
    }
}
