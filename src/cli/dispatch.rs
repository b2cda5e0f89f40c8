//! Runs one parsed command: opens the database once, the way the command needs it (read-only
//! where it only reads), checks the PIN of the operator who acts, and hands the store down.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Cli, Command, backup, label, language, pick, pin, register, status, today, workflow};
use depot_domain::msg::cli::CliMsg;
use depot_service::store::{Store, StoreError};
use depot_service::verify;
use depot_service::{Error, Result};

/// How a command opens the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// It only reads: nothing is written to the file.
    Read,
    /// An existing database, read and written.
    Write,
    /// An existing database, or a new one.
    Create,
}

impl Command {
    /// How the command opens the database; `None`: it opens (or replaces) the file itself
    /// after looking at the path (`init`, `demo`, `restore`, `import`).
    fn opening(&self) -> Option<Opening> {
        use super::workflow::{CountCmd, KitCmd, OperatorCmd};
        Some(match self {
            Command::Init { .. }
            | Command::Demo
            | Command::Restore(_)
            | Command::Import(_)
            | Command::Key(_) => {
                return None;
            }
            // A sent digest is recorded.
            Command::Digest(a) if a.send => Opening::Write,
            // A bundle stores its watermark.
            Command::Export(a) if a.kind == super::ExportWhat::Bundle => Opening::Write,
            // What a count has not found is read as `count show` reads it (below).
            Command::Labels(a) if a.count.is_some() => Opening::Write,
            Command::Verify
            | Command::Status
            | Command::Export(_)
            | Command::Report(_)
            | Command::Digest(_)
            | Command::Label(_)
            | Command::Labels(_)
            | Command::Audit
            | Command::Migrate { .. }
            | Command::Operator(OperatorCmd::List)
            | Command::Notify(super::notify::NotifyCmd::List)
            | Command::Kit(KitCmd::Show { .. }) => Opening::Read,
            // A count is shown through a trial write transaction (the close's look-ups), so it
            // needs the file writable, though it writes nothing; it acts as no one.
            Command::Count(CountCmd::Show { .. }) => Opening::Write,
            Command::Operator(OperatorCmd::Add { .. }) => Opening::Create,
            // Headquarters' database may be new when the first bundle arrives.
            Command::Hq(
                super::hq::HqCmd::Ingest { .. }
                | super::hq::HqCmd::Enrol { .. }
                | super::hq::HqCmd::Directive(_),
            ) => Opening::Create,
            Command::Hq(super::hq::HqCmd::Depots { .. } | super::hq::HqCmd::Verify { .. }) => {
                Opening::Read
            }
            _ => Opening::Write,
        })
    }

    /// Whether the command acts as an operator (and so needs their PIN, where they have one).
    /// The terminal UI asks for the PIN on its own login screen.
    fn acts(&self) -> bool {
        !matches!(
            self,
            Command::Tui { .. }
                | Command::Backup(_)
                | Command::Export(_)
                | Command::Count(super::workflow::CountCmd::Show { .. })
        ) && self.opening().is_none_or(|o| o != Opening::Read)
    }
}

/// Opens `db` as `how`. A command that finds the server gone while it runs says so on
/// standard error while it waits for it, and when it is back.
fn open(db: &Path, how: Opening) -> Result<Store> {
    let store = match how {
        Opening::Read => depot_service::store::open_read_only(db)?,
        Opening::Write => depot_service::store::open(db)?,
        Opening::Create => depot_service::store::open_or_create(db)?,
    };
    let at = store.path().display().to_string();
    store.on_link(std::sync::Arc::new(move |link| {
        use depot_domain::msg::store::StoreMsg;
        let said = match link {
            depot_service::store::Link::Away => StoreMsg::Reconnecting { at: at.clone() },
            depot_service::store::Link::Back => StoreMsg::Reconnected { at: at.clone() },
        };
        eprintln!("{}", said.say(language()));
    }));
    Ok(store)
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let op = cli.operator.as_deref();
    let lang = cli.lang.as_deref();
    // The commands that can run for a while stop cleanly on Ctrl+C, SIGTERM or SIGHUP; the
    // others are short, and a signal ends them as usual (redb commits whole or not at all).
    if cli.command.as_ref().is_none_or(Command::stops_cleanly) {
        depot_service::interrupt::install().map_err(|e| Error::io("signal handlers", e))?;
    }
    let command = cli.command.unwrap_or(Command::Tui { as_of: None });
    let db = cli.db.as_path();
    let how = match command {
        Command::Init { sample } => return register::init(db, op, sample),
        Command::Demo => return register::demo(op, lang),
        Command::Restore(args) => return backup::restore_cmd(db, op, args),
        Command::Key(super::bundle::KeyCmd::EnrolHq {
            public_key,
            replace,
        }) => {
            let store = open(db, Opening::Write)?;
            pin::confirm(&store, op)?;
            return super::directive::enrol_cmd(&store, op, &public_key, replace);
        }
        Command::Key(super::bundle::KeyCmd::EnrolDepot {
            depot,
            public_key,
            replace,
        }) => {
            let store = open(db, Opening::Write)?;
            pin::confirm(&store, op)?;
            return super::ship::enrol_cmd(&store, op, &depot, &public_key, replace);
        }
        Command::Key(cmd) => return super::bundle::key_cmd(db, cmd),
        // `import directive DIR`: headquarters' signed directive.
        Command::Import(args) if args.what == "directive" && args.file.is_some() => {
            let dir = args.file.unwrap_or_default();
            let store = open(db, Opening::Write)?;
            pin::confirm(&store, op)?;
            return super::directive::import_cmd(&store, op, &dir);
        }
        // `import register BOOK` (a folder named `register` is imported as a folder).
        Command::Import(args)
            if args.what == "register"
                && (args.file.is_some() || !Path::new("register").is_dir()) =>
        {
            let ctx = depot_service::Ctx::new(op)?;
            let file = register::register_file(&args)?;
            let opts = super::register_import::options(&args)?;
            let store = open(db, Opening::Write)?;
            pin::confirm(&store, op)?;
            return super::register_import::register_cmd(
                &store,
                &ctx,
                &file,
                &opts,
                args.save_map.as_deref(),
            );
        }
        // A calibration label needs no register.
        Command::Label(args) if args.calibrate => return label::calibrate_cmd(args),
        Command::Import(args) => {
            // The arguments are checked before a database is created for them.
            let (ctx, sources) = register::import_plan(op, &args)?;
            let store = open(db, Opening::Create)?;
            pin::confirm(&store, op)?;
            return register::import_cmd(&store, &ctx, &sources, args);
        }
        ref c => c.opening().unwrap_or(Opening::Write),
    };
    let store = match open(db, how) {
        Err(Error::Store(StoreError::AlreadyOpen(_))) if matches!(command, Command::Backup(_)) => {
            return Err(backup::already_open(db));
        }
        opened => opened?,
    };
    if command.acts() {
        pin::confirm(&store, op)?;
    }
    on(store, op, lang, command)
}

/// Runs `command` on the store opened for it.
fn on(store: Store, op: Option<&str>, lang: Option<&str>, command: Command) -> Result<ExitCode> {
    let s = &store;
    match command {
        Command::Tui { as_of } => tui(store, op, lang, as_of),
        Command::Export(args) => register::export_cmd(s, lang, args),
        Command::Verify => {
            let report = verify::verify(s)?;
            println!("{}", pick(&report.to_string(), &report.zh()));
            Ok(if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Checkout(a) => workflow::checkout(s, op, a),
        Command::Checkin(a) => workflow::checkin(s, op, a),
        Command::Ship(args) => super::ship::ship_cmd(s, op, args),
        Command::ReceiveShipment(args) => super::ship::receive_cmd(s, op, args),
        Command::ReceiveReceipt(args) => super::ship::receipt_cmd(s, op, args),
        Command::Transfer { barcode, to, qty } => workflow::transfer(s, op, &barcode, &to, qty),
        Command::Issue {
            barcode,
            qty,
            reference,
        } => workflow::issue(s, op, &barcode, qty, &reference),
        Command::Receive {
            item,
            qty,
            to,
            module,
            expires,
            lot,
        } => workflow::receive(
            s,
            op,
            workflow::receive_req(&item, qty, to, module, expires, lot),
        ),
        Command::Inspect {
            barcode,
            date,
            failed,
        } => workflow::inspect(s, op, &barcode, date, failed),
        Command::Repair(cmd) => workflow::repair(s, op, cmd),
        Command::Writeoff {
            barcode,
            reason,
            qty,
        } => workflow::writeoff(s, op, &barcode, &reason, qty),
        Command::Kit(cmd) => workflow::kit_cmd(s, op, cmd),
        Command::Count(cmd) => workflow::count_cmd(s, op, cmd),
        Command::Scan(a) => workflow::scan_stream(s, op, a),
        Command::Operator(cmd) => workflow::operator_cmd(s, op, cmd),
        Command::Audit => workflow::audit(s),
        Command::Hq(cmd) => super::hq::hq_cmd(s, op, cmd),
        Command::Report(args) => super::report::report_cmd(s, lang, args),
        Command::Digest(args) => super::digest::digest_cmd(s, op, lang, args),
        Command::Notify(cmd) => super::notify::notify_cmd(s, op, cmd),
        Command::Place(cmd) => super::place::place_cmd(s, op, cmd),
        Command::Backup(args) => backup::backup_cmd(s, args),
        Command::Migrate { to } => backup::migrate_cmd(s, &to),
        Command::Status => {
            print!("{}", status(s)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Label(args) => label::label_cmd(s, args),
        Command::Labels(args) => label::labels_cmd(s, args),
        Command::Init { .. }
        | Command::Demo
        | Command::Restore(_)
        | Command::Import(_)
        | Command::Key(_) => {
            unreachable!("run() handles the commands that open the file themselves")
        }
    }
}

/// Opens the terminal UI on `store`; on something that is not a terminal, says so and prints
/// what the register holds instead.
pub fn tui(
    store: Store,
    op: Option<&str>,
    lang: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        print!("{}", status(&store)?);
        eprintln!("{}", CliMsg::TuiNeedsTerminal.say(language()));
        return Ok(ExitCode::FAILURE);
    }
    let opts = depot_tui::Options {
        lang: depot_tui::i18n::Lang::detect(lang),
        db: store.path().to_owned(),
        operator: op.map(str::to_owned),
        as_of: as_of.unwrap_or_else(today),
    };
    depot_tui::run(store, opts)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn command(args: &[&str]) -> Command {
        let mut argv = vec!["depot"];
        argv.extend(args);
        Cli::try_parse_from(argv)
            .unwrap_or_else(|e| panic!("{e}"))
            .command
            .unwrap_or_else(|| panic!("no command in {args:?}"))
    }

    /// The commands that only read open the file read-only and act as no one (no PIN); the
    /// others open it for writing and act as the operator.
    #[test]
    fn each_command_opens_the_database_as_it_needs_it() {
        for read in [
            &["verify"][..],
            &["status"],
            &["export", "assets"],
            &["report", "readiness"],
            &["label", "X"],
            &["labels", "--owner", "U", "--out", "a.svg"],
            &["audit"],
            &["operator", "list"],
            &["kit", "show", "K"],
            &["hq", "verify"],
            &["hq", "depots"],
            &["report", "stale"],
            &["digest", "--for", "officer"],
        ] {
            let c = command(read);
            assert_eq!(c.opening(), Some(Opening::Read), "{read:?}");
            assert!(!c.acts(), "{read:?}");
        }
        for write in [
            &["checkout", "X", "--to", "U"][..],
            &["checkin", "X"],
            &["transfer", "X", "--to", "U"],
            &["count", "open", "--scope", "U"],
            &["scan", "--mode", "out"],
            &["kit", "add", "K"],
        ] {
            let c = command(write);
            assert_eq!(c.opening(), Some(Opening::Write), "{write:?}");
            assert!(c.acts(), "{write:?}");
        }
        let add = command(&["operator", "add", "x", "--role", "auditor"]);
        assert_eq!(add.opening(), Some(Opening::Create));
        assert!(add.acts());
        let bundle = command(&["export", "bundle", "--out", "b"]);
        assert_eq!(bundle.opening(), Some(Opening::Write));
        assert!(!bundle.acts());
        for own in [
            &["init"][..],
            &["import", "defaults"],
            &["restore", "f"],
            &["key", "init"],
        ] {
            assert_eq!(command(own).opening(), None, "{own:?}");
        }
        let show = command(&["count", "show", "1"]);
        assert_eq!(show.opening(), Some(Opening::Write));
        assert!(!show.acts());
        assert!(!command(&["backup", "f"]).acts());
        assert!(!command(&["tui"]).acts());
    }
}
