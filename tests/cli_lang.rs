//! The command line speaks one language at a time: every command's `--help` and clap's parse
//! errors hold no English words under `--lang zh` (beyond code names: commands, options, the
//! values an option takes, formats and file names), and no Chinese under `--lang en`. So do the
//! errors and answers of every layer (import, exchange, store, PostgreSQL, access, reports,
//! audit), provoked against a sample register.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use assert_cmd::Command;
use clap::CommandFactory;

/// Words that are names, not English: formats, products, units, placeholders of dates.
const NAMES: &[&str] = &[
    "depot",
    "redb",
    "postgres",
    "PostgreSQL",
    "CSV",
    "JSON",
    "xlsx",
    "Excel",
    "WPS",
    "BOM",
    "CRLF",
    "UTF",
    "PIN",
    "URL",
    "ASCII",
    "PEM",
    "PKCS",
    "ZIP",
    "DNS",
    "TLS",
    "CA",
    "ERROR",
    "OK",
    "YYYY",
    "MM",
    "DD",
    "dpi",
    "svg",
    "png",
    "SVG",
    "PNG",
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

/// The English words of `text`: outside `code spans`, options (`--db`), file names, quoted
/// values ('…' as the user typed them), names of variables (`DEPOT_DB`) and [`code_words`].
/// Chinese punctuation separates words as spaces do (`（--confirm）` is an option).
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
        .split(|c: char| c.is_whitespace() || !c.is_ascii())
        .map(|t| t.trim_matches(|c: char| c.is_ascii_punctuation() && c != '-'))
        .filter(|t| !t.starts_with('-') && !file_name(t) && !code(t))
        .flat_map(|t| t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !allowed.contains(*w) && !NAMES.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Whether `token` is a code of the register with parts (`ZHAN-0102`, `ZD-QZ`).
fn code(token: &str) -> bool {
    token.contains('-')
        && token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Whether `token` names a file: it has the extension of a format depot reads or writes
/// (`a1.rejected.csv`, `r1.xlsx`, `k.pem`), or is named after one (the replaced database kept
/// as `depot.redb.replaced-20261130-101500`).
fn file_name(token: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "csv", "xlsx", "ods", "redb", "json", "svg", "png", "pdf", "pem",
    ];
    token.split_once('.').is_some_and(|(stem, exts)| {
        !stem.is_empty()
            && exts
                .split('.')
                .any(|e| EXTENSIONS.contains(&e.split('-').next().unwrap_or(e)))
    })
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

/// An officer and a quartermaster of the provoking register.
const OFFICER: &str = "王伟";
const QM: &str = "李娜";

/// One provoked error or answer: the arguments after the language (run in a folder holding
/// the sample register `depot.redb` and the files below), who acts with what PIN, and what
/// goes to standard input.
struct Case {
    args: &'static [&'static str],
    operator: Option<(&'static str, &'static str)>,
    stdin: &'static str,
}

const fn case(args: &'static [&'static str]) -> Case {
    Case {
        args,
        operator: Some((OFFICER, "1357")),
        stdin: "",
    }
}

/// The errors of every layer, each provoked once.
const PROVOKED: &[Case] = &[
    // import: a row problem, a missing column, a spreadsheet given as the file
    case(&["import", "assets", "a1.csv"]),
    case(&["import", "assets", "a2.csv"]),
    case(&["import", "assets", "a3.xlsx"]),
    case(&["import", "units", "u1.csv"]),
    // a register: names not resolved, a bad map, no barcode prefix, a register without items
    case(&["import", "register", "r1.csv"]),
    case(&["import", "register", "r1.csv", "--map", "m1.toml"]),
    case(&["import", "register", "r2.csv", "--owner", "ZHAN-0001"]),
    case(&["import", "register", "r3.csv"]),
    // workflows: a module no one has, an adjustment without confirming, without a reason
    case(&[
        "receive", "A-AF", "--qty", "1", "--to", "CK-SJ", "--module", "石化",
    ]),
    case(&["count", "close", "1", "--reason", "r"]),
    case(&["count", "close", "1", "--reason", " ", "--confirm"]),
    // scans: a GS character inside a code, a check-out with no receiver
    Case {
        args: &["scan", "--mode", "out", "--to", "ZHAN-0102"],
        operator: Some((OFFICER, "1357")),
        stdin: "QZ5909\u{1d}3872\n",
    },
    Case {
        args: &["scan", "--mode", "out"],
        operator: Some((OFFICER, "1357")),
        stdin: "QZ59093872\n",
    },
    // reports: a CSV of every section to one stream, a workbook written
    case(&["report", "readiness", "--format", "csv"]),
    case(&[
        "report",
        "readiness",
        "--format",
        "xlsx",
        "--out",
        "r1.xlsx",
    ]),
    // the store: a backup over a file, a restore of a file that is no database
    case(&["backup", "b1.redb"]),
    case(&["restore", "b2.redb"]),
    // access: a wrong PIN, an action beyond the role
    Case {
        args: &["checkout", "QZ59093872", "--to", "ZHAN-0102"],
        operator: Some((QM, "0000")),
        stdin: "",
    },
    Case {
        args: &["writeoff", "QZ59093872", "--reason", "r"],
        operator: Some((QM, "2468")),
        stdin: "",
    },
    // the depot's key: a file that is no key, a key that would be replaced
    case(&["key", "show", "--key", "bad.pem"]),
    case(&["key", "init", "--key", "bad.pem"]),
    // an import folder with no import files, a file given as the folder
    case(&["import", "d1"]),
    case(&["import", "f1.json"]),
    // kits: a new kit without its owner, a kit code that is no code
    case(&["kit", "add", "KIT1", "QZ59093872"]),
    case(&["kit", "add", "冲1", "QZ59093872", "--owner", "CK-SJ"]),
    // a migration into a folder that does not exist
    case(&["migrate", "--to", "nowhere/x.redb"]),
    // a report of a code no one has; a bundle into a file, of a depot that is no top unit
    case(&["report", "readiness", "--scope", "NOPE"]),
    case(&["export", "bundle", "--out", "f1.json"]),
    case(&["export", "bundle", "--out", "b3", "--depot", "NOPE"]),
    // operators: a PIN too short, a name that is blank
    case(&["operator", "add", "x", "--role", "officer", "--pin", "12"]),
    case(&["operator", "add", " ", "--role", "officer"]),
    // headquarters: a depot not enrolled, an enrolment without a code
    case(&["hq", "verify", "--depot", "X"]),
    case(&[
        "hq",
        "enrol",
        " ",
        "--public-key",
        "6624fb61165ec5ffaaf3e6a546fe66ccb223da9c212e1d512401c9c8d838a864",
    ]),
    // the audit log of both, of a restore, and of a right PIN after wrong ones
    case(&["audit"]),
];

/// PostgreSQL that cannot be reached: no server listening, a name that resolves nowhere, a URL
/// that does not parse, TLS that cannot be set up as asked.
const PG_URLS: &[&str] = &[
    "postgres://depot@127.0.0.1:9/depot",
    "postgres://depot@nowhere.invalid/depot",
    "postgres://depot@127.0.0.1:notaport/depot",
    "postgres://depot@127.0.0.1:9/depot?sslmode=sure",
    "postgres://depot@127.0.0.1:9/depot?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
    "postgres://depot@127.0.0.1:9/depot?sslcert=/tmp/c.pem",
];

/// A running PostgreSQL's refusals (with `DEPOT_TEST_PG`): a wrong password, a database
/// that does not exist.
fn pg_refusals() -> Vec<String> {
    let Ok(url) = std::env::var("DEPOT_TEST_PG") else {
        eprintln!("DEPOT_TEST_PG is not set: PostgreSQL's own refusals are not provoked");
        return Vec::new();
    };
    let (base, _db) = url.rsplit_once('/').unwrap();
    let (scheme_user, host) = base.rsplit_once('@').unwrap();
    let user = scheme_user.rsplit_once(':').unwrap().0;
    vec![
        format!("{user}:wrong@{host}/postgres"),
        format!("{base}/no_such_database"),
    ]
}

/// A folder with the sample register, its officer and quartermaster with PINs, an open count,
/// and the files the cases name.
fn provoking_register() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = |who: &str, pin: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_depot"))
            .current_dir(dir.path())
            .env("LANG", "C")
            .env("DEPOT_PIN", pin)
            .env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .args(["--db", "depot.redb", "--operator", who])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(OFFICER, "", &["init", "--sample"]);
    run(
        OFFICER,
        "",
        &[
            "operator", "add", OFFICER, "--role", "officer", "--pin", "1357",
        ],
    );
    run(
        OFFICER,
        "1357",
        &[
            "operator",
            "add",
            QM,
            "--role",
            "quartermaster",
            "--pin",
            "2468",
        ],
    );
    run(OFFICER, "1357", &["count", "open", "--scope", "CK-SJ"]);
    // The depot's key, so that no case prints a new one's fingerprint.
    run(OFFICER, "1357", &["key", "init"]);
    run(OFFICER, "1357", &["backup", "bk.redb"]);
    run(OFFICER, "1357", &["restore", "bk.redb", "--yes"]);
    let wrong = Command::new(env!("CARGO_BIN_EXE_depot"))
        .current_dir(dir.path())
        .env("LANG", "C")
        .env("DEPOT_PIN", "0000")
        .env_remove("DEPOT_DB")
        .args(["--db", "depot.redb", "--operator", OFFICER])
        .args(["checkout", "QZ59093872", "--to", "ZHAN-0102"])
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    let file = |name: &str, text: &[u8]| std::fs::write(dir.path().join(name), text).unwrap();
    file(
        "a1.csv",
        "barcode,item,serial,owner,location,module,status,commissioned,last_inspected,plate\n\
         冲1,V-JY,S1,ZHAN-0001,,,ready,2020-01-01,2026-01-01,\n\
         QZ00000001,V-JY,S2,ZHAN-0001,,,ready,2020-13-01,2026-01-01,\n\
         QZ00000002,NOPE,S3,NOWHERE,,,lost,2020-01-01,2026-01-01,\n"
            .as_bytes(),
    );
    file("a2.csv", b"item,serial,owner\nV-JY,S1,ZHAN-0001\n");
    file("a3.xlsx", b"PK\x03\x04 not really a workbook");
    file(
        "r1.csv",
        "装备名称,数量,使用单位,技术状况,出厂日期\n某某车,1,某某站,凑合,三月\n".as_bytes(),
    );
    file("m1.toml", "[columns]\n\"数量\" = \"amount\"\n".as_bytes());
    file("r2.csv", "装备名称,数量\n水罐消防车,2\n".as_bytes());
    file("r3.csv", "数量,备注\n2,好\n".as_bytes());
    file(
        "u1.csv",
        "code,name,kind,parent,class\nZD-QZ,x,detachment,,\nU1,y,station,U9,bogus\n".as_bytes(),
    );
    file("bad.pem", b"not a key\n");
    file("f1.json", b"a file, not a folder\n");
    std::fs::create_dir(dir.path().join("d1")).unwrap();
    file("b1.redb", b"");
    file("b2.redb", b"not a database at all");
    dir
}

/// `depot` in `dir` with the language given as `lang` (a `--lang`, or `None` for the Chinese
/// locale).
fn provoke(dir: &std::path::Path, lang: Option<&str>, db: &str, c: &Case) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_depot"));
    cmd.current_dir(dir)
        .env("LANG", if lang.is_none() { "zh_CN.UTF-8" } else { "C" })
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("DEPOT_DB")
        .env_remove("DEPOT_OPERATOR")
        .env_remove("DEPOT_PIN")
        .write_stdin(c.stdin);
    if let Some(l) = lang {
        cmd.args(["--lang", l]);
    }
    cmd.args(["--db", db]);
    if let Some((who, pin)) = c.operator {
        cmd.args(["--operator", who]).env("DEPOT_PIN", pin);
    }
    let out = cmd.args(c.args).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The Chinese of `text` that is not data: outside quoted values, and not a name the register
/// holds (of `import/sample/`, or an operator's).
fn chinese_words(text: &str, data: &BTreeSet<String>) -> Vec<String> {
    let mut plain = String::new();
    let mut in_quote = false;
    for c in text.chars() {
        match c {
            '\'' => in_quote = !in_quote,
            _ if in_quote => {}
            _ => plain.push(c),
        }
    }
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in plain.chars().chain(std::iter::once(' ')) {
        if chinese(&c.to_string()) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.retain(|r| !data.contains(r));
    runs
}

/// Every run of Chinese in the sample's files, and the operators' names: data, not words.
fn sample_names() -> BTreeSet<String> {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("import/sample");
    let mut names: BTreeSet<String> = [OFFICER, QM].map(str::to_owned).into();
    for f in std::fs::read_dir(sample).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap_or_default();
        names.extend(chinese_words(&text, &BTreeSet::new()));
    }
    names
}

#[test]
fn every_layer_speaks_the_language_asked_for() {
    let dir = provoking_register();
    let mut cmd = depot::cli::Cli::command();
    cmd.build();
    let mut allowed = BTreeSet::new();
    code_words(&cmd, &mut allowed);
    // A map file's extension, as a file name carries it.
    allowed.insert("toml".to_owned());
    let mut data = sample_names();
    // The registers' own words are data too.
    for f in ["r1.csv", "r2.csv", "r3.csv"] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        data.extend(chinese_words(&text, &BTreeSet::new()));
    }
    let refusals = pg_refusals();
    let urls: Vec<&str> = PG_URLS
        .iter()
        .copied()
        .chain(refusals.iter().map(String::as_str))
        .collect();
    let pg: Vec<Case> = urls.iter().map(|_| case(&["status"])).collect();
    let runs = PROVOKED
        .iter()
        .map(|c| ("depot.redb", c))
        .chain(urls.iter().copied().zip(&pg));
    let mut found = Vec::new();
    for (db, c) in runs {
        let zh = provoke(dir.path(), None, db, c);
        let words = english_words(&zh, &allowed);
        if !chinese(&zh) || !words.is_empty() {
            found.push(format!("{db} {:?} under zh: {words:?}\n{zh}", c.args));
        }
        let en = provoke(dir.path(), Some("en"), db, c);
        let words = chinese_words(&en, &data);
        if !words.is_empty() {
            found.push(format!("{db} {:?} under en: {words:?}\n{en}", c.args));
        }
    }
    // The reasons an import hands back beside the file speak the same language.
    let import = case(&["import", "assets", "a1.csv"]);
    for lang in [None, Some("en")] {
        provoke(dir.path(), lang, "depot.redb", &import);
        let mut rejects = csv::Reader::from_path(dir.path().join("a1.rejected.csv")).unwrap();
        let reasons: Vec<String> = rejects
            .records()
            .map(|r| r.unwrap().iter().next_back().unwrap().to_owned())
            .collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        for reason in reasons {
            let wrong = match lang {
                None => english_words(&reason, &allowed),
                Some(_) => chinese_words(&reason, &data),
            };
            if !wrong.is_empty() || (lang.is_none() && !chinese(&reason)) {
                found.push(format!(
                    "a1.rejected.csv under {lang:?}: {wrong:?}\n{reason}"
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
