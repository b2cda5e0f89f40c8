//! An import file as `depot import KIND FILE` reads it: the bytes are written to a file, which
//! is decoded (UTF-8 with or without BOM, or GB18030, detected), read as CSV with its header
//! mapped (English or Chinese names), parsed cell by cell, checked against the sample register
//! and, when nothing is bad, landed in a transaction that is then rolled back (a dry run).
//!
//! When the file has problems it is imported again for real, as a user would: that writes the
//! rejects file beside it and must change nothing either.

use std::cell::OnceCell;

use depot_exchange::columns::Kind;
use depot_exchange::{InputEncoding, decode};
use depot_service::import::files::{self as import, Report, Source};
use depot_service::store::Store;

use super::fixture;

thread_local! {
    /// The register every import is checked against; a dry run leaves it as it was, so one is
    /// enough for a whole fuzzing run.
    static SAMPLE: OnceCell<Store> = const { OnceCell::new() };
}

pub fn run(kind: Kind, data: &[u8]) {
    // An encoding named with --encoding: text or an error, never a panic.
    for enc in [InputEncoding::Utf8, InputEncoding::Gb18030] {
        if let Err(e) = decode(data, enc) {
            assert!(!e.to_string().is_empty());
        }
    }
    let dir = fixture::scratch();
    let path = dir.path().join(kind.file_name());
    std::fs::write(&path, data).expect("the input is written");
    SAMPLE.with(|cell| {
        let store = cell.get_or_init(fixture::sample_store);
        let before = fixture::head(store);
        let sources = [Source::File(kind, path.clone())];
        let dry = import::import(store, &fixture::ctx(), &sources, InputEncoding::Auto, true);
        assert_eq!(
            fixture::head(store),
            before,
            "a dry run changed the register"
        );
        let dry = match dry {
            Ok(report) => report,
            Err(e) => {
                // The whole file refused (not text, a missing column …): the message names it.
                let message = e.to_string();
                assert!(
                    message.contains(&kind.file_name()),
                    "the error does not name the file: {message}"
                );
                return;
            }
        };
        check(kind, data, &dry);
        assert!(dry.rejects.is_empty(), "a dry run wrote {:?}", dry.rejects);
        if dry.problems.is_empty() {
            assert!(dry.summary.is_some(), "no problems, yet nothing would land");
            return;
        }
        let real = import::import(store, &fixture::ctx(), &sources, InputEncoding::Auto, false)
            .expect("the file read in the dry run reads again");
        assert_eq!(
            fixture::head(store),
            before,
            "a refused import changed the register"
        );
        assert_eq!(
            real.problems, dry.problems,
            "a dry run and a real run differ"
        );
        assert!(!real.landed());
        let rejects = real
            .rejects
            .first()
            .expect("a rejects file for a file with problems");
        let written = std::fs::read(rejects).expect("the rejects file is there");
        assert!(!written.is_empty());
    });
}

/// Every problem names the file and a line in it; every message can be shown.
fn check(kind: Kind, data: &[u8], report: &Report) {
    // A line number is at most one past the last line break (CR, LF or CRLF).
    let lines = 1
        + data.iter().filter(|&&b| b == b'\n').count() as u64
        + data
            .windows(2)
            .filter(|w| w[0] == b'\r' && w[1] != b'\n')
            .count() as u64
        + u64::from(data.last() == Some(&b'\r'));
    for p in &report.problems {
        assert!(
            p.file.ends_with(&kind.file_name()),
            "a problem names another file: {p}"
        );
        assert!(
            (1..=lines).contains(&p.line),
            "a problem names line {} of a file of {lines} lines: {p}",
            p.line
        );
        assert!(!p.reason.is_empty(), "a problem without a reason: {p:?}");
        let _ = p.to_string();
    }
    for w in &report.warnings {
        let w = w.say(depot_domain::Lang::En);
        assert!(
            w.contains(&kind.file_name()),
            "a warning without its file: {w}"
        );
    }
}
