//! The command line speaks one language at a time: every command's `--help` and clap's parse
//! errors hold no English words under `--lang zh` (beyond code names: commands, options, the
//! values an option takes, formats and file names), and no Chinese under `--lang en`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use assert_cmd::Command;
use clap::CommandFactory;

/// Words that are names, not English: formats, products, units, placeholders of dates.
const NAMES: &[&str] = &[
    "depot", "redb", "CSV", "JSON", "xlsx", "Excel", "WPS", "BOM", "CRLF", "UTF", "PIN", "YYYY",
    "MM", "DD", "dpi", "svg", "png", "SVG", "PNG",
];

/// Every command's path: `["checkout"]`, `["count", "close"]` …
fn paths(cmd: &clap::Command, at: &[String], out: &mut Vec<Vec<String>>) {
    for s in cmd.get_subcommands() {
        let mut path = at.to_vec();
        path.push(s.get_name().to_owned());
        out.push(path.clone());
        paths(s, &path, out);
    }
}

/// The words a user types that may stand in Chinese text: command names, possible and default
/// values, and [`NAMES`].
fn code_words(cmd: &clap::Command, out: &mut BTreeSet<String>) {
    let mut words = |v: &str| {
        for w in v.split(|c: char| !c.is_ascii_alphanumeric()) {
            out.insert(w.to_owned());
        }
    };
    words(cmd.get_name());
    for a in cmd.get_arguments() {
        for v in a.get_possible_values() {
            words(v.get_name());
        }
        for v in a.get_default_values() {
            words(&v.to_string_lossy());
        }
    }
    for s in cmd.get_subcommands() {
        code_words(s, out);
    }
}

fn depot(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_depot"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("DEPOT_DB")
        .env_remove("DEPOT_OPERATOR")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The English words of `text`: outside `code spans`, options (`--db`), quoted values
/// ('…' as the user typed them), names of variables (`DEPOT_DB`) and [`code_words`].
fn english_words(text: &str, allowed: &BTreeSet<String>) -> Vec<String> {
    let mut plain = String::new();
    let (mut in_code, mut in_quote) = (false, false);
    for c in text.chars() {
        match c {
            '`' => in_code = !in_code,
            '\'' => in_quote = !in_quote,
            _ if in_code || in_quote => {}
            _ => plain.push(c),
        }
    }
    plain
        .split_whitespace()
        .filter(|t| !t.starts_with('-'))
        .flat_map(|t| t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !allowed.contains(*w) && !NAMES.contains(w))
        .map(str::to_owned)
        .collect()
}

fn chinese(text: &str) -> bool {
    text.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    })
}

/// Parse errors of every kind a user meets first.
const BAD: &[&[&str]] = &[
    &["checkout"],
    &["checkoutt"],
    &["checkout", "X", "--bogus"],
    &["checkout", "X", "--due", "2020-13-01"],
    &["issue", "X", "--qty", "two", "--ref", "R"],
    &["export", "nothing"],
    &["count"],
    &["count", "close", "1"],
    &["count", "close", "1", "--reason", "r", "--decide", "X"],
    &["transfer", "X", "--to"],
    &[
        "report",
        "readiness",
        "--format",
        "table",
        "--format",
        "csv",
    ],
];

fn all_paths() -> Vec<Vec<String>> {
    let mut cmd = depot::cli::Cli::command();
    cmd.build();
    let mut out = vec![Vec::new()];
    paths(&cmd, &[], &mut out);
    out
}

#[test]
fn chinese_help_and_errors_hold_no_english() {
    let mut cmd = depot::cli::Cli::command();
    cmd.build();
    let mut allowed = BTreeSet::new();
    code_words(&cmd, &mut allowed);
    let mut found = Vec::new();
    let mut runs: Vec<Vec<String>> = all_paths()
        .into_iter()
        .map(|mut p| {
            p.push("--help".into());
            p
        })
        .collect();
    runs.extend(
        BAD.iter()
            .map(|a| a.iter().map(|s| (*s).to_owned()).collect()),
    );
    runs.push(vec![
        "checkin".into(),
        "X".into(),
        "--condition".into(),
        "bad".into(),
    ]);
    for run in runs {
        let mut args = vec!["--lang", "zh"];
        args.extend(run.iter().map(String::as_str));
        let (out, err) = depot(&args);
        let text = format!("{out}{err}");
        assert!(chinese(&text), "{args:?} said nothing in Chinese:\n{text}");
        let words = english_words(&text, &allowed);
        if !words.is_empty() {
            found.push(format!("{args:?}: {words:?}\n{text}"));
        }
    }
    assert!(
        found.is_empty(),
        "English under --lang zh:\n{}",
        found.join("\n")
    );
}

#[test]
fn english_help_and_errors_hold_no_chinese() {
    let mut found = Vec::new();
    let runs = all_paths().into_iter().map(|mut p| {
        p.push("--help".into());
        p
    });
    let bad = BAD
        .iter()
        .map(|a| a.iter().map(|s| (*s).to_owned()).collect());
    for run in runs.chain(bad) {
        let mut args = vec!["--lang", "en"];
        args.extend(run.iter().map(String::as_str));
        let (out, err) = depot(&args);
        let text = format!("{out}{err}");
        if chinese(&text) {
            found.push(format!("{args:?}:\n{text}"));
        }
    }
    assert!(
        found.is_empty(),
        "Chinese under --lang en:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_chinese_locale_gives_chinese_help_of_a_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_depot"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["checkout", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("用法：depot checkout [选项] <条码>..."),
        "{text}"
    );
    assert!(text.contains("--to <代码>"), "{text}");
}
