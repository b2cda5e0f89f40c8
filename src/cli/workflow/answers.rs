//! What the quartermaster's commands print: the answers of scans, a movement done, a code with
//! its name.

use depot_service::Ctx;
use depot_service::Result;
use depot_service::scan::{self, Answer, Mode, Tally};
use depot_service::store::Store;
use depot_service::workflow::{self};
use std::io::Write;
use std::process::ExitCode;

pub(super) fn print_answers(answers: &[Answer], tally: &mut Tally) {
    let mut out = std::io::stdout().lock();
    for a in answers {
        tally.add(a);
        let _ = writeln!(out, "{}", a.line(crate::cli::zh()));
    }
    let _ = out.flush();
}

/// Runs codes one by one in `mode` (each its own transaction) and prints an answer each.
pub(super) fn each(
    store: &Store,
    op: Option<&str>,
    mode: &Mode,
    codes: &[String],
) -> Result<ExitCode> {
    let ctx = Ctx::new(op)?;
    let mut tally = Tally::default();
    for c in codes {
        print_answers(&[scan::one(store, &ctx, mode, c)?], &mut tally);
    }
    Ok(if tally.errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub(super) fn done(d: workflow::Done) -> ExitCode {
    println!("OK {} {}", d.barcode, d.msg.say(crate::cli::language()));
    if let Some(c) = d.created {
        println!("{c}");
    }
    ExitCode::SUCCESS
}

/// `code (name)`, or the code alone when there is no name.
pub(super) fn named(code: &str, name: &str, zh: bool) -> String {
    match (name.is_empty(), zh) {
        (true, _) => code.to_owned(),
        (false, true) => format!("`{code}`（{name}）"),
        (false, false) => format!("{code} ({name})"),
    }
}
