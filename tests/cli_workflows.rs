//! The barcode workflows from the outside: the `depot` binary on a sample database file, its
//! answer lines, messages and exit codes.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use assert_cmd::Command;
use depot_domain::AssetStatus;
use depot_service::store::Store;
use predicates::prelude::*;
use rust_decimal::Decimal;
use tempfile::TempDir;

use depot_testkit::register;
use depot_testkit::register::{AUDITOR, OFFICER, QM};

const STATION: &str = "ZHAN-0101";

/// A sample database file in a temporary directory, with an officer, a quartermaster and an
/// auditor.
struct Db {
    _dir: TempDir,
    path: PathBuf,
}

impl Db {
    fn sample() -> Db {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("depot.redb");
        let db = Db { _dir: dir, path };
        db.as_(OFFICER)
            .args(["init", "--sample"])
            .assert()
            .success();
        db.as_(OFFICER)
            .args(["operator", "add", QM, "--role", "quartermaster"])
            .assert()
            .success()
            .stdout(format!("operator {QM}: quartermaster\n"));
        db.as_(OFFICER)
            .args(["operator", "add", AUDITOR, "--role", "auditor"])
            .assert()
            .success();
        db
    }

    /// `depot --db <this> --operator <op>`.
    fn as_(&self, op: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_depot"));
        c.env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .arg("--db")
            .arg(&self.path)
            .arg("--operator")
            .arg(op);
        c
    }

    fn store(&self) -> Store {
        depot_service::store::open(&self.path).unwrap()
    }

    fn verify(&self) {
        self.as_(OFFICER)
            .arg("verify")
            .assert()
            .success()
            .stdout(predicate::str::starts_with("ledger OK"));
    }
}

fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

#[test]
fn checkout_and_checkin_answer_a_line_each_and_fail_on_any_error() {
    let db = Db::sample();
    let ready = register::ready_home_not_of(STATION);
    let (x, y, z) = (&ready[0].barcode, &ready[1].barcode, &ready[2].barcode);
    db.as_(QM)
        .args(["checkout", x, y, "--to", STATION, "--due", "2026-12-31"])
        .assert()
        .success()
        .stdout(format!(
            "OK {x} checked out to {STATION}\nOK {y} checked out to {STATION}\n"
        ));
    // One good and one unknown code: the good one lands, the exit code says something failed.
    let mut typo = z.clone();
    typo.pop();
    db.as_(QM)
        .args(["checkout", z, &typo, "--to", STATION])
        .assert()
        .failure()
        .stdout(
            predicate::str::starts_with(format!(
                "OK {z} checked out to {STATION}\nERROR {typo} unknown barcode {typo}; did you mean "
            ))
            .and(predicate::str::contains(z.as_str())),
        );
    // Already out, to somewhere else.
    db.as_(QM)
        .args(["checkout", x, "--to", "ZHAN-0102"])
        .assert()
        .failure()
        .stdout(
            predicate::str::starts_with(format!(
                "ERROR {x} {x} is already checked out to {STATION} (by {QM} at "
            ))
            .and(predicate::str::ends_with("; check it in first\n")),
        );
    {
        let s = db.store();
        let a = register::asset(&s, x);
        assert_eq!(a.location.map(|l| l.to_string()), Some(STATION.into()));
        assert_eq!(a.due, Some("2026-12-31".parse().unwrap()));
        assert_eq!(a.owner.as_str(), ready[0].owner);
    }
    db.as_(QM)
        .args(["checkin", x])
        .assert()
        .success()
        .stdout(format!("OK {x} checked in to {}\n", ready[0].owner));
    db.as_(QM)
        .args(["checkin", y, "--condition", "damaged"])
        .assert()
        .success()
        .stdout(format!(
            "OK {y} checked in to {}, to maintenance\n",
            ready[1].owner
        ));
    db.as_(QM)
        .args(["checkin", z, "--into", "CK-SJ", "--module", "water"])
        .assert()
        .success()
        .stdout(format!("OK {z} checked in to CK-SJ\n"));
    // Not out.
    let w = &ready[3].barcode;
    db.as_(QM)
        .args(["checkin", w])
        .assert()
        .failure()
        .stdout(format!("ERROR {w} {w} is not checked out\n"));
    db.as_(QM)
        .args(["checkin", w, "--condition", "broken"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown condition 'broken'"));
    {
        let s = db.store();
        assert_eq!(register::asset(&s, x).location, None);
        assert_eq!(register::asset(&s, y).status, AssetStatus::Maintenance);
        let a = register::asset(&s, z);
        assert_eq!(a.owner.as_str(), "CK-SJ");
        assert_eq!(a.module.map(|m| m.to_string()), Some("water".into()));
    }
    db.verify();
}

#[test]
fn checkout_of_an_unavailable_asset_is_refused_from_the_cli() {
    let db = Db::sample();
    let head = db.store().read().unwrap().ledger_head().unwrap();
    for status in ["maintenance", "retired"] {
        let a = register::asset_in(status);
        let to = if a.owner == STATION { "CK-SJ" } else { STATION };
        db.as_(QM)
            .args(["checkout", &a.barcode, "--to", to])
            .assert()
            .failure()
            .stdout(format!(
                "ERROR {0} {0} is {status} and cannot be checked out\n",
                a.barcode
            ));
    }
    // A wrong EAN-13 check digit.
    db.as_(QM)
        .args(["checkout", "4006381333932", "--to", STATION])
        .assert()
        .failure()
        .stdout(
            "ERROR 4006381333932 4006381333932 is not a valid EAN-13: the check digit should be 1; rescan it\n",
        );
    // A receiver that does not exist.
    let a = &register::ready_home_not_of(STATION)[0].barcode;
    db.as_(QM)
        .args(["checkout", a, "--to", "ZHAN-O101"])
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "unknown place ZHAN-O101: not a unit, warehouse or vehicle; did you mean ZHAN-0101,",
        ));
    assert_eq!(db.store().read().unwrap().ledger_head().unwrap(), head);
}

#[test]
fn scan_stream_answers_every_line_in_order_and_sums_up() {
    let db = Db::sample();
    let ready = register::ready_home_not_of(STATION);
    let (x, y) = (&ready[0].barcode, &ready[1].barcode);
    let out = register::asset_out();
    let input = format!(
        "{x}\n\nNOSUCHCODE\n  {y}  \r\n4006381333932\n{}\n{x}\n",
        out.barcode
    );
    let a = db
        .as_(QM)
        .args(["scan", "--mode", "out", "--to", STATION])
        .write_stdin(input)
        .assert()
        .failure()
        .stderr(predicate::str::contains("6 scans: 2 ok, 4 errors"));
    let text = stdout_of(&a);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(lines[0], format!("OK {x} checked out to {STATION}"));
    assert!(
        lines[1].starts_with("ERROR NOSUCHCODE unknown barcode NOSUCHCODE"),
        "{text}"
    );
    assert_eq!(lines[2], format!("OK {y} checked out to {STATION}"));
    assert!(
        lines[3].starts_with("ERROR 4006381333932 4006381333932 is not a valid EAN-13"),
        "{text}"
    );
    assert!(
        lines[4].starts_with(&format!(
            "ERROR {0} {0} is already checked out to {1} (by ",
            out.barcode, out.location
        )) && lines[4].ends_with("; check it in first"),
        "{text}"
    );
    assert!(
        lines[5].starts_with(&format!(
            "ERROR {x} repeat scan: {x} was already checked out"
        )),
        "{text}"
    );
    // All good: exit 0. Back in, in the same way.
    db.as_(QM)
        .args(["scan", "--mode", "in"])
        .write_stdin(format!("{x}\n{y}\n"))
        .assert()
        .success()
        .stdout(format!(
            "OK {x} checked in to {}\nOK {y} checked in to {}\n",
            ready[0].owner, ready[1].owner
        ))
        .stderr(predicate::str::contains("2 scans: 2 ok, 0 errors"));
    // A mode that needs more says so.
    db.as_(QM)
        .args(["scan", "--mode", "issue"])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(predicate::str::contains("--mode issue needs --qty N"));
    db.verify();
}

#[test]
fn a_stock_count_from_the_cli() {
    let db = Db::sample();
    let scope = "CK-XJ-04";
    let mine: Vec<String> = register::assets()
        .into_iter()
        .filter(|a| {
            a.owner == scope
                && a.location.is_empty()
                && a.module == "geological"
                && a.status != "retired"
        })
        .map(|a| a.barcode)
        .collect();
    assert!(mine.len() >= 3);
    let a = db
        .as_(QM)
        .args(["count", "open", "--scope", scope, "--module", "geological"])
        .assert()
        .success();
    let id = stdout_of(&a).trim().to_owned();
    assert_eq!(id, "1");
    // All but the first are on the shelf; the second is scanned twice.
    db.as_(QM)
        .args(["count", "scan", &id, &mine[1]])
        .assert()
        .success()
        .stdout(format!("OK {} counted in count {id}\n", mine[1]));
    db.as_(QM)
        .args(["count", "scan", &id, &mine[1]])
        .assert()
        .success()
        .stdout(format!(
            "OK {} already counted in count {id}; counted once\n",
            mine[1]
        ));
    let rest: String = mine[2..].iter().map(|b| format!("{b}\n")).collect();
    db.as_(QM)
        .args(["scan", "--mode", "count", "--count", &id])
        .write_stdin(rest)
        .assert()
        .success();
    db.as_(QM)
        .args(["count", "show", &id])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("expected {}  found {}", mine.len(), mine.len() - 1))
                .and(predicate::str::contains(format!(
                    "  missing     {}  1",
                    mine[0]
                ))),
        );
    // Without --confirm: shown, refused, nothing posted.
    db.as_(OFFICER)
        .args(["count", "close", &id, "--reason", "monthly"])
        .assert()
        .failure()
        .stdout(predicate::str::contains(format!("missing     {}", mine[0])))
        .stderr(predicate::str::contains("confirm it (--confirm)"));
    // A quartermaster may not post adjustments.
    db.as_(QM)
        .args(["count", "close", &id, "--reason", "monthly", "--confirm"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "operator {QM} (quartermaster) may not post count adjustments"
        )));
    assert_ne!(
        register::asset(&db.store(), &mine[0]).status,
        AssetStatus::OutOfService
    );
    db.as_(OFFICER)
        .args(["count", "close", &id, "--reason", "monthly", "--confirm"])
        .assert()
        .success()
        .stdout(format!("OK {} missing: out of service\n", mine[0]))
        .stderr(predicate::str::contains(format!(
            "count {id} closed: 1 adjustments posted"
        )));
    assert_eq!(
        register::asset(&db.store(), &mine[0]).status,
        AssetStatus::OutOfService
    );
    db.as_(OFFICER)
        .args(["count", "show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("closed").and(predicate::str::contains(OFFICER)));
    db.verify();
}

#[test]
fn roles_refuse_writeoffs_and_the_audit_log_records_it() {
    let db = Db::sample();
    let a = &register::ready_home_not_of(STATION)[0].barcode;
    db.as_(OFFICER)
        .args(["operator", "list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("{OFFICER}\tofficer\t-"))
                .and(predicate::str::contains(format!("{QM}\tquartermaster\t-")))
                .and(predicate::str::contains(format!("{AUDITOR}\tauditor\t-"))),
        );
    let head = db.store().read().unwrap().ledger_head().unwrap();
    db.as_(QM)
        .args(["writeoff", a, "--reason", "burnt"])
        .assert()
        .failure()
        .stdout("")
        .stderr(format!(
            "error: operator {QM} (quartermaster) may not write off; ask an officer\n"
        ));
    db.as_(AUDITOR)
        .args(["checkout", a, "--to", STATION])
        .assert()
        .failure()
        .stdout(predicate::str::contains("(auditor) may not check out"));
    db.as_(QM)
        .args(["operator", "add", "张三", "--role", "officer"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("may not add operators"));
    // Imports are for officers too.
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/import/sample");
    db.as_(QM)
        .args(["import", sample])
        .assert()
        .failure()
        .stderr(predicate::str::contains(format!(
            "operator {QM} (quartermaster) may not import"
        )));
    db.as_("陌生人")
        .args(["checkout", a, "--to", STATION])
        .assert()
        .failure()
        .stdout(predicate::str::contains("陌生人 is not registered"));
    assert_eq!(db.store().read().unwrap().ledger_head().unwrap(), head);
    assert_eq!(register::asset(&db.store(), a).status, AssetStatus::Ready);
    let log = db.as_(AUDITOR).arg("audit").assert().success();
    let log = stdout_of(&log);
    assert!(
        log.lines()
            .any(|l| l.contains(&format!("\t{QM}\twriteoff {a}\trefused: "))),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains(&format!("\t{AUDITOR}\tscan out {a}\trefused"))),
        "{log}"
    );
    assert!(log.lines().any(|l| l.contains("\t陌生人\t")), "{log}");
    // The officer may.
    db.as_(OFFICER)
        .args(["writeoff", a, "--reason", "burnt"])
        .assert()
        .success()
        .stdout(format!("OK {a} written off\n"));
    assert_eq!(register::asset(&db.store(), a).status, AssetStatus::Retired);
    db.verify();
}

#[test]
fn the_operator_who_creates_the_sample_is_its_officer() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("d.redb");
    let depot = |op: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_depot"));
        c.env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .arg("--db")
            .arg(&path)
            .arg("--operator")
            .arg(op);
        c
    };
    depot(OFFICER).args(["init", "--sample"]).assert().success();
    // Somebody else writing first does not become the officer.
    let a = &register::ready_home_not_of(STATION)[0].barcode;
    depot(QM)
        .args(["checkout", a, "--to", STATION])
        .assert()
        .failure()
        .stdout(predicate::str::contains(format!("{QM} is not registered")));
    depot(OFFICER)
        .args(["operator", "list"])
        .assert()
        .success()
        .stdout(format!("{OFFICER}\tofficer\t-\n"));
}

#[test]
fn receive_prints_a_barcode_that_the_lots_export_then_holds() {
    let db = Db::sample();
    let a = db
        .as_(QM)
        .args([
            "receive",
            "S-YS",
            "--qty",
            "40",
            "--to",
            "CK-SJ",
            "--module",
            "water",
            "--expires",
            "2028-06-30",
            "--lot",
            "20261123-YS77",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("received 40 箱 of S-YS at CK-SJ"));
    let code = stdout_of(&a);
    let code = code.trim_end_matches('\n');
    assert!(
        !code.is_empty() && !code.contains(char::is_whitespace),
        "{code:?}"
    );
    let lots = db
        .as_(OFFICER)
        .args(["export", "lots", "--out", "-"])
        .assert()
        .success();
    let lots = stdout_of(&lots);
    let row = lots
        .lines()
        .find(|l| l.starts_with(&format!("{code},")))
        .unwrap_or_else(|| panic!("{code} is not in the lots export"));
    for cell in [
        "S-YS",
        "20261123-YS77",
        "CK-SJ",
        "water",
        "40",
        "2028-06-30",
    ] {
        assert!(row.split(',').any(|c| c == cell), "{cell} missing in {row}");
    }
    // Issue from it, and not more than it holds; zero and negative quantities are refused.
    db.as_(QM)
        .args(["issue", code, "--qty", "15", "--ref", "INC-42"])
        .assert()
        .success()
        .stdout(format!("OK {code} issued 15 to INC-42, 25 left\n"));
    db.as_(QM)
        .args(["issue", code, "--qty", "26", "--ref", "INC-43"])
        .assert()
        .failure()
        .stderr(format!(
            "error: lot {code} holds 25; 26 cannot be taken from it\n"
        ));
    // 饮用水 is counted in boxes (箱): whole ones only, on every path.
    db.as_(QM)
        .args(["issue", code, "--qty", "2.5", "--ref", "INC-45"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("箱 counts whole pieces"));
    db.as_(QM)
        .args(["transfer", code, "--to", STATION, "--qty", "0.5"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("箱 counts whole pieces"));
    for bad in ["0", "-3"] {
        db.as_(QM)
            .args(["issue", code, &format!("--qty={bad}"), "--ref", "INC-44"])
            .assert()
            .failure()
            .stderr(predicate::str::contains(format!(
                "the quantity must be more than zero (got {bad})"
            )));
    }
    // Part of it to a station: a new lot barcode, printed on a line of its own.
    let t = db
        .as_(QM)
        .args(["transfer", code, "--to", STATION, "--qty", "10"])
        .assert()
        .success();
    let out = stdout_of(&t);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let split = lines[1];
    assert!(
        lines[0].starts_with(&format!(
            "OK {code} transferred 10 to {STATION} as new lot {split}"
        )),
        "{out}"
    );
    let s = db.store();
    assert_eq!(register::lot(&s, code).quantity, Decimal::from(15));
    let l = register::lot(&s, split);
    assert_eq!(
        (l.quantity, l.owner.as_str(), l.lot.as_deref()),
        (Decimal::from(10), STATION, Some("20261123-YS77"))
    );
    drop(s);
    // Transfers to nowhere, or to where it already is.
    db.as_(QM)
        .args(["transfer", split, "--to", "NOWHERE"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown place NOWHERE"));
    db.as_(QM)
        .args(["transfer", code, "--to", "CK-SJ", "--qty", "1"])
        .assert()
        .failure()
        .stderr(format!("error: {code} already belongs to CK-SJ\n"));
    db.verify();
}

/// Issue 19 (finding 10): `kit show` and `count show` name what they list, beside the codes,
/// in the language asked for; (finding 11) a count says that its close sets missing assets out
/// of service, before and after.
#[test]
fn kit_show_and_count_show_name_what_they_list() {
    use depot_service::store::StockView;
    let db = Db::sample();
    let (boat, jackets) = ("QZ87171735", "QZL14686420");
    db.as_(QM)
        .args([
            "kit", "add", "KIT-W2", boat, "--owner", "CK-SJ", "--module", "water",
        ])
        .assert()
        .success();
    db.as_(QM)
        .args(["kit", "add", "KIT-W2", jackets, "--qty", "4"])
        .assert()
        .success();
    let (depot_name, boat_name, jacket_name, water) = {
        let s = db.store();
        let r = s.read().unwrap();
        let name = |b: &str| {
            let s = r.stock(b).unwrap().unwrap();
            r.item(s.item().as_str()).unwrap().unwrap().name
        };
        let m = r.module("water").unwrap().unwrap();
        (
            r.warehouse("CK-SJ")
                .unwrap()
                .map(|h| h.name)
                .or_else(|| r.unit("CK-SJ").unwrap().map(|u| u.name))
                .unwrap(),
            name(boat),
            name(jackets),
            (m.name_en, m.name_zh),
        )
    };
    let show = |lang: &str| {
        let a = db
            .as_(QM)
            .args(["--lang", lang, "kit", "show", "KIT-W2"])
            .assert()
            .success();
        stdout_of(&a)
    };
    let en = show("en");
    assert!(
        en.contains(&format!(
            "owner CK-SJ ({depot_name}) module water ({})",
            water.0
        )),
        "{en}"
    );
    assert!(
        en.contains(&format!("  {boat}  1  R-CF  {boat_name}")),
        "{en}"
    );
    assert!(en.contains(&format!("  4  O-JS  {jacket_name}")), "{en}");
    let zh = show("zh");
    assert!(
        zh.contains(&format!("所属 `CK-SJ`（{depot_name}） 模块 {}", water.1)),
        "{zh}"
    );
    assert!(!zh.contains(&water.0), "{zh}");

    // A count of the station: one asset missing, one found that belongs elsewhere.
    let scope = "CK-XJ-04";
    let mine: Vec<register::AssetCsv> = register::assets()
        .into_iter()
        .filter(|a| {
            a.owner == scope
                && a.location.is_empty()
                && a.module == "geological"
                && a.status != "retired"
        })
        .collect();
    let stranger = register::ready_home_not_of(scope).remove(0);
    let a = db
        .as_(QM)
        .args(["count", "open", "--scope", scope, "--module", "geological"])
        .assert()
        .success();
    let id = stdout_of(&a).trim().to_owned();
    let mut codes: String = mine[1..]
        .iter()
        .map(|a| format!("{}\n", a.barcode))
        .collect();
    codes.push_str(&format!("{}\n", stranger.barcode));
    db.as_(QM)
        .args(["scan", "--mode", "count", "--count", &id])
        .write_stdin(codes)
        .assert()
        .success();
    let (owner_name, stranger_name, missing_name) = {
        let s = db.store();
        let r = s.read().unwrap();
        let place = |c: &str| match r.unit(c).unwrap() {
            Some(u) => u.name,
            None => r.warehouse(c).unwrap().unwrap().name,
        };
        let item = |c: &str| r.item(c).unwrap().unwrap().name;
        (
            place(&stranger.owner),
            item(&stranger.item),
            item(&mine[0].item),
        )
    };
    let close = |lang: &str| {
        let a = db
            .as_(OFFICER)
            .args(["--lang", lang, "count", "close", &id, "--reason", "monthly"])
            .assert()
            .failure();
        stdout_of(&a)
    };
    let en = close("en");
    assert!(
        en.contains(&format!(
            "  unexpected  {}  1  {}  {stranger_name}  belongs to {} ({owner_name})  → ?",
            stranger.barcode, stranger.item, stranger.owner
        )),
        "{en}"
    );
    assert!(
        en.contains(&format!(
            "  missing     {}  1  {}  {missing_name}  → closing sets it out of service",
            mine[0].barcode, mine[0].item
        )),
        "{en}"
    );
    assert!(
        en.contains("closing this count sets the 1 missing assets out of service"),
        "{en}"
    );
    let zh = close("zh");
    assert!(
        zh.contains(&format!(
            "  多出  {}  1  `{}`  {stranger_name}  属 `{}`（{owner_name}）  → ？",
            stranger.barcode, stranger.item, stranger.owner
        )),
        "{zh}"
    );
    assert!(
        zh.contains("关闭本次盘点将把 1 件缺少的装备设为停用"),
        "{zh}"
    );
    db.as_(OFFICER)
        .args([
            "--lang",
            "zh",
            "count",
            "close",
            &id,
            "--reason",
            "monthly",
            "--confirm",
            "--unexpected",
            "take",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "盘点 {id} 已关闭：过账 2 条调整；1 件缺少的装备已设为停用"
        )));
    let a = db
        .as_(OFFICER)
        .args(["--lang", "zh", "count", "show", &id])
        .assert()
        .success();
    let shown = stdout_of(&a);
    assert!(
        shown.contains(&format!(
            "  多出  {}  1  `{}`  {stranger_name}  属 `{}`（{owner_name}）  → 调拨至本处",
            stranger.barcode, stranger.item, stranger.owner
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "  缺少  {}  1  `{}`  {missing_name}  → 已设为停用",
            mine[0].barcode, mine[0].item
        )),
        "{shown}"
    );
    db.verify();
}

#[test]
fn inspect_repair_and_a_kit_from_the_cli() {
    let db = Db::sample();
    let ready = register::ready_home_not_of(STATION);
    let (x, y) = (&ready[0].barcode, &ready[1].barcode);
    db.as_(QM)
        .args(["inspect", x, "--date", "2026-11-20"])
        .assert()
        .success()
        .stdout(format!("OK {x} inspected on 2026-11-20: passed\n"));
    db.as_(QM)
        .args(["repair", "start", x])
        .assert()
        .success()
        .stdout(format!("OK {x} sent to maintenance\n"));
    db.as_(QM)
        .args(["checkout", x, "--to", STATION])
        .assert()
        .failure()
        .stdout(format!(
            "ERROR {x} {x} is maintenance and cannot be checked out\n"
        ));
    db.as_(QM)
        .args(["repair", "done", x])
        .assert()
        .success()
        .stdout(format!("OK {x} back from maintenance, ready\n"));
    let s = db.store();
    let a = register::asset(&s, x);
    assert_eq!(a.last_inspected, Some("2026-11-20".parse().unwrap()));
    assert_eq!(a.status, AssetStatus::Ready);
    drop(s);
    // A kit of x and y; y goes out alone first, so the kit cannot go out.
    db.as_(QM)
        .args([
            "kit",
            "add",
            "BOX-7",
            "--owner",
            "CK-SJ",
            "--name",
            "水域箱",
        ])
        .assert()
        .success();
    for c in [x, y] {
        db.as_(QM)
            .args(["kit", "add", "BOX-7", c])
            .assert()
            .success();
    }
    db.as_(QM)
        .args(["kit", "show", "BOX-7"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("kit BOX-7 「水域箱」 owner CK-SJ")
                .and(predicate::str::contains(format!("  {x}  1")))
                .and(predicate::str::contains(format!("  {y}  1"))),
        );
    let elsewhere = if ready[1].owner == "ZHAN-0102" {
        "ZHAN-0103"
    } else {
        "ZHAN-0102"
    };
    db.as_(QM)
        .args(["checkout", y, "--to", elsewhere])
        .assert()
        .success();
    let head = db.store().read().unwrap().ledger_head().unwrap();
    db.as_(QM)
        .args(["checkout", "BOX-7", "--to", STATION])
        .assert()
        .failure()
        .stdout(
            predicate::str::starts_with(format!(
                "ERROR BOX-7 {y} is already checked out to {elsewhere} (by "
            ))
            .and(predicate::str::ends_with("; check it in first\n")),
        );
    assert_eq!(db.store().read().unwrap().ledger_head().unwrap(), head);
    assert_eq!(register::asset(&db.store(), x).location, None);
    // Finding 13: a kit transferred from the command line (it opened the database twice and
    // said it was open in another program).
    db.as_(QM).args(["checkin", y]).assert().success();
    db.as_(QM)
        .args(["transfer", "BOX-7", "--to", STATION])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("OK BOX-7"));
    assert_eq!(register::asset(&db.store(), x).owner.as_str(), STATION);
    db.verify();
}

#[test]
fn finding_11_the_command_line_speaks_the_chosen_language() {
    let db = Db::sample();
    let ready = register::ready_home_not_of(STATION);
    let code = ready[0].barcode.as_str();
    // Chinese by --lang: the answer and the error.
    db.as_(QM)
        .args(["--lang", "zh", "checkout", code, "--to", STATION])
        .assert()
        .success()
        .stdout(format!("OK {code} 已借出至 {STATION}\n"));
    db.as_(QM)
        .args(["--lang", "zh", "checkout", code, "--to", STATION])
        .assert()
        .failure()
        .stdout(predicate::str::contains(format!("ERROR {code} ")))
        .stdout(predicate::str::contains("请先归还").or(predicate::str::contains("重复扫码")));
    db.as_(QM)
        .args([
            "--lang",
            "zh",
            "issue",
            "QZL83109967",
            "--qty",
            "2.5",
            "--ref",
            "INC-1",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::starts_with("错误：").and(predicate::str::contains("以「件」计")));
    // Chinese by the locale; English by --lang over it.
    db.as_(QM)
        .env("LC_ALL", "zh_CN.UTF-8")
        .args(["issue", "QZL83109967", "--qty", "2.5", "--ref", "INC-1"])
        .assert()
        .failure()
        .stderr(predicate::str::starts_with("错误："));
    db.as_(QM)
        .env("LC_ALL", "zh_CN.UTF-8")
        .args([
            "--lang",
            "en",
            "issue",
            "QZL83109967",
            "--qty",
            "2.5",
            "--ref",
            "INC-1",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::starts_with("error: 2.5 件 of O-JS"));
}

/// The runs of two or more ASCII letters in `text` that are not a hexadecimal hash: the
/// English words of a line that should have none.
fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !(w.len() == 16 && w.chars().all(|c| c.is_ascii_hexdigit())))
        .filter(|w| {
            w.as_bytes()
                .windows(2)
                .any(|p| p[0].is_ascii_alphabetic() && p[1].is_ascii_alphabetic())
        })
        .map(str::to_owned)
        .collect()
}

/// The summaries of `init`, `import`, `status`, `verify`, `backup`, a count's close and a scan
/// stream, in the language of `--lang`: Chinese with no English word but the file names, or
/// English.
#[test]
fn finding_12_every_summary_line_follows_the_language() {
    for lang in ["zh", "en"] {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("depot.redb");
        let db = Db {
            _dir: dir,
            path: path.clone(),
        };
        let run = |args: &[&str], stdin: &str| {
            let a = db
                .as_(OFFICER)
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env_remove("LANG")
                .args(["--lang", lang])
                .args(args)
                .write_stdin(stdin.to_owned())
                .assert()
                .success();
            let out = a.get_output();
            let text = String::from_utf8(out.stdout.clone()).unwrap()
                + &String::from_utf8(out.stderr.clone()).unwrap();
            // File names are names, in any language.
            text.replace(&*path.to_string_lossy(), "<1>")
                .replace(&*db._dir.path().to_string_lossy(), "<0>")
        };
        let mut said = Vec::new();
        said.push(run(&["init", "--sample"], ""));
        said.push(run(&["import", "defaults", "--dry-run"], ""));
        said.push(run(&["status"], ""));
        said.push(run(&["verify"], ""));
        said.push(run(&["backup", &format!("{}.2", path.display())], ""));
        let id = run(
            &[
                "count",
                "open",
                "--scope",
                STATION,
                "--module",
                "geological",
            ],
            "",
        );
        let id = id.lines().next().unwrap().trim().to_owned();
        // The answer lines of a count's close and of a scan stream are the documented
        // protocol (`OK …`, `ERROR …`); their summaries are what is said in the language.
        let close = run(&["count", "close", &id, "--reason", "x", "--confirm"], "");
        said.extend(
            close
                .lines()
                .filter(|l| !l.starts_with("OK "))
                .map(str::to_owned),
        );
        let scan = run(&["scan", "--mode", "in"], "");
        said.extend(scan.lines().map(str::to_owned));
        let said = said.join("\n");
        if lang == "zh" {
            for line in said.lines() {
                let words = english_words(line);
                assert!(
                    words.is_empty(),
                    "English {words:?} under --lang zh: {line}"
                );
            }
            for zh in [
                "已创建",
                "已导入",
                "将导入",
                "台账",
                "台账正常",
                "已写入备份",
                "已关闭",
                "共扫描",
            ] {
                assert!(said.contains(zh), "no {zh} in:\n{said}");
            }
            // The locale, when no --lang is given.
            db.as_(OFFICER)
                .env("LC_ALL", "zh_CN.UTF-8")
                .arg("verify")
                .assert()
                .success()
                .stdout(predicate::str::starts_with("台账正常"));
        } else {
            for en in [
                "created <1>",
                "imported: ",
                "would import",
                "units ",
                "movements, head",
                "ledger OK",
                "backup written: <1>.2",
                "closed: ",
                "0 scans: 0 ok, 0 errors",
            ] {
                assert!(said.contains(en), "no {en} in:\n{said}");
            }
        }
    }
}

/// Issue 19 finding 11: a reader that stops early (`depot count show 1 | head -1`) ends the
/// command quietly with success, for every command that prints, instead of an internal error.
#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let db = Db::sample();
    db.as_(OFFICER)
        .args(["count", "open", "--scope", "CK-XJ-04"])
        .assert()
        .success();
    for args in [
        &["count", "show", "1"][..],
        &["status"],
        &["audit"],
        &["operator", "list"],
        &["export", "movements", "--out", "-"],
        &["report", "readiness"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_depot"))
            .env_remove("DEPOT_DB")
            .env_remove("DEPOT_OPERATOR")
            .arg("--db")
            .arg(&db.path)
            .args(["--operator", OFFICER, "--lang", "en"])
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before the command prints its first line.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
    }
}
