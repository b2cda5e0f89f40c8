//! `depot report rotation` from outside, on the sample: its figures equal an independent
//! computation from the sample's files (each lot's expiry month summed by module and item, each
//! module's share of its baseline), and it comes in every format and both languages.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use depot_testkit::cli::Env;
use depot_testkit::register::{lots, sample_dir};
use rust_decimal::Decimal;

const AS_OF: &str = "2026-11-23";

type Key = (String, String, String, String);

fn as_of() -> NaiveDate {
    AS_OF.parse().unwrap()
}

/// The period of a date: `2027-03`, or `2027-Q1`.
fn period(d: NaiveDate, quarter: bool) -> String {
    if quarter {
        format!("{}-Q{}", d.year(), d.month0() / 3 + 1)
    } else {
        format!("{}-{:02}", d.year(), d.month())
    }
}

/// The last day of the plan: 24 months from the start of the as-of month (quarter).
fn horizon_end(quarter: bool) -> NaiveDate {
    let on = as_of();
    let m0 = if quarter {
        on.month0() / 3 * 3
    } else {
        on.month0()
    };
    let start = NaiveDate::from_ymd_opt(on.year(), m0 + 1, 1).unwrap();
    start
        .checked_add_months(Months::new(24))
        .unwrap()
        .pred_opt()
        .unwrap()
}

/// Independently, from lots.csv: Σ quantity by (owner, module, item, period) of the lots with
/// a module expiring from the as-of date to the end of the plan.
fn expected(quarter: bool) -> BTreeMap<Key, Decimal> {
    let mut m = BTreeMap::new();
    for l in lots() {
        let Ok(e) = l.expires.parse::<NaiveDate>() else {
            continue;
        };
        if l.module.is_empty() || e < as_of() || e > horizon_end(quarter) {
            continue;
        }
        *m.entry((l.owner, l.module, l.item, period(e, quarter)))
            .or_insert(Decimal::ZERO) += l.quantity.parse::<Decimal>().unwrap();
    }
    m
}

/// The sample's warehouse baselines: (warehouse, module) → [(item, required)].
fn baselines() -> BTreeMap<(String, String), Vec<(String, Decimal)>> {
    let text = std::fs::read_to_string(sample_dir().join("standards.csv")).unwrap();
    let mut m: BTreeMap<(String, String), Vec<(String, Decimal)>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if let Some(w) = f[0].strip_prefix("warehouse:")
            && !f[1].is_empty()
        {
            m.entry((w.to_owned(), f[1].to_owned()))
                .or_default()
                .push((f[2].to_owned(), f[3].parse().unwrap()));
        }
    }
    m
}

fn dec(v: &serde_json::Value) -> Decimal {
    v.to_string().parse().unwrap()
}

fn text(v: &serde_json::Value) -> String {
    v.as_str().unwrap().to_owned()
}

#[test]
fn the_plan_equals_an_independent_computation_on_the_sample() {
    let env = Env::sample();
    for quarter in [false, true] {
        let every = if quarter { "quarter" } else { "month" };
        let json = env.stdout(&[
            "report", "rotation", "--format", "json", "--as-of", AS_OF, "--every", every,
        ]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["report"], "rotation");
        assert_eq!(v["threshold"].as_f64(), Some(25.0));
        let want = expected(quarter);
        assert!(
            want.len() > 10,
            "the sample has lots expiring within two years"
        );
        let mut got = BTreeMap::new();
        for r in v["expiring"].as_array().unwrap() {
            let key = (
                text(&r["owner"]),
                text(&r["module"]),
                text(&r["item"]),
                text(&r["period"]),
            );
            assert!(got.insert(key, dec(&r["expiring"])).is_none(), "{r}");
        }
        assert_eq!(got, want, "{every}");
        // Each module's share: the mean over its lines of min(expiring / required, 1).
        let base = baselines();
        let mut shares = BTreeMap::new();
        for ((o, m, i, p), q) in &want {
            let Some(lines) = base.get(&(o.clone(), m.clone())) else {
                continue;
            };
            if let Some((_, req)) = lines.iter().find(|(it, _)| it == i) {
                let ratio = (*q / *req).min(Decimal::ONE);
                *shares
                    .entry((o.clone(), m.clone(), p.clone()))
                    .or_insert(Decimal::ZERO) += ratio / Decimal::from(lines.len());
            }
        }
        let modules = v["modules"].as_array().unwrap();
        assert_eq!(modules.len(), shares.len(), "{every}");
        let mut most = Decimal::ZERO;
        for r in modules {
            let key = (
                text(&r["warehouse"]),
                text(&r["module"]),
                text(&r["period"]),
            );
            let want = (shares[&key] * Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(dec(&r["share"]), want, "{r}");
            assert_eq!(
                r["over_threshold"],
                serde_json::json!(want > Decimal::from(25))
            );
            most = most.max(want);
        }
        assert_eq!(dec(&v["expiring_share"]), most);
        // Lots to use first: every lot counted, earliest expiry first.
        let first = v["use_first"].as_array().unwrap();
        let n: usize = lots()
            .iter()
            .filter(|l| {
                !l.module.is_empty()
                    && l.expires
                        .parse::<NaiveDate>()
                        .is_ok_and(|e| e >= as_of() && e <= horizon_end(quarter))
            })
            .count();
        assert_eq!(first.len(), n);
        assert!(
            first
                .windows(2)
                .all(|w| text(&w[0]["expires"]) <= text(&w[1]["expires"]))
        );
        // What to buy costs its quantity at the catalogue's unit price.
        let buys = v["buy"].as_array().unwrap();
        assert!(!buys.is_empty());
        let mut total = Decimal::ZERO;
        for b in buys {
            assert_eq!(
                dec(&b["cost"]),
                (dec(&b["quantity"]) * dec(&b["unit_price"])).round_dp(2),
                "{b}"
            );
            total += dec(&b["cost"]);
        }
        assert_eq!(dec(&v["cost"]), total);
    }
}

#[test]
fn every_format_and_both_languages() {
    let env = Env::sample();
    let table = env.stdout(&[
        "--lang", "zh", "report", "rotation", "--as-of", AS_OF, "--width", "160",
    ]);
    for want in [
        "收储轮换",
        "各模块保障基数的到期占比",
        "采购计划",
        "优先使用",
        "预警比例",
    ] {
        assert!(table.contains(want), "no '{want}' in:\n{table}");
    }
    let table = env.stdout(&[
        "--lang",
        "en",
        "report",
        "rotation",
        "--as-of",
        AS_OF,
        "--threshold",
        "0.5",
        "--every",
        "quarter",
    ]);
    for want in ["Rotation of reserves", "What to buy", "2027-Q1", "50"] {
        assert!(table.contains(want), "no '{want}' in:\n{table}");
    }
    env.depot()
        .args([
            "--lang", "en", "report", "rotation", "--format", "csv", "--out", "rot", "--as-of",
            AS_OF,
        ])
        .assert()
        .success();
    for sec in ["summary", "modules", "expiring", "use_first", "buy"] {
        assert!(env.path(&format!("rot/{sec}.csv")).is_file(), "{sec}.csv");
    }
    let buy = env.read("rot/buy.csv");
    assert!(buy.starts_with("by,period,owner,"), "{buy}");
    env.depot()
        .args([
            "report", "rotation", "--format", "xlsx", "--out", "rot.xlsx", "--as-of", AS_OF,
        ])
        .assert()
        .success();
    assert!(
        std::fs::read(env.path("rot.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
    // A threshold is a share of the baseline, and a period a month or a quarter, said plainly
    // in the reader's language when they are not.
    for (args, said) in [
        (["en", "--threshold", "25"], "'25' is not a share"),
        (["zh", "--threshold", "0"], "'0' 不是比例"),
        (
            ["en", "--every", "week"],
            "[possible values: month, quarter]",
        ),
        (["zh", "--every", "week"], "'week' 无效"),
    ] {
        let out = env
            .depot()
            .args(["--lang", args[0], "report", "rotation", args[1], args[2]])
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!out.status.success() && err.contains(said), "{err}");
    }
}

/// A target of metric `expiring_share` (lower is better) is judged on the rotation plan's
/// largest share of one module's baseline expiring in one month, by either of its names.
#[test]
fn the_expiring_share_target_reads_the_plan() {
    let env = Env::sample();
    let file = env.write(
        "targets.csv",
        "metric,scope,target,deadline\nexpiring_share,,5,2027-12-31\n单月到期占比,unit:ZD-QZ,50,2025-12-31\n",
    );
    env.depot()
        .arg("import")
        .arg("targets")
        .arg(&file)
        .assert()
        .success();
    let plan: serde_json::Value = serde_json::from_str(
        &env.stdout(&["report", "rotation", "--format", "json", "--as-of", AS_OF]),
    )
    .unwrap();
    let most = dec(&plan["expiring_share"]);
    let over5 = plan["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| dec(&m["share"]) > Decimal::from(5))
        .count();
    let json = env.stdout(&["report", "targets", "--format", "json", "--as-of", AS_OF]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows: Vec<&serde_json::Value> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["metric"] == "expiring_share")
        .collect();
    assert_eq!(rows.len(), 2, "{json}");
    let scoped = |scope: &str| *rows.iter().find(|t| t["scope"] == scope).unwrap();
    let all = scoped("");
    assert_eq!(dec(&all["actual"]), most);
    assert!(
        most > Decimal::from(5) && most < Decimal::from(50),
        "{most}"
    );
    assert_eq!(all["status"], "behind");
    assert_eq!(all["gap"].as_u64(), Some(over5 as u64));
    let zd = scoped("unit:ZD-QZ");
    assert_eq!(
        dec(&zd["actual"]),
        most,
        "every warehouse of the sample is below ZD-QZ"
    );
    assert_eq!(zd["status"], "met");
    let zh = env.stdout(&["--lang", "zh", "report", "targets", "--as-of", AS_OF]);
    assert!(zh.contains("单月到期占比"), "{zh}");
}
