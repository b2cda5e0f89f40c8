//! First expired, first out: issuing or transferring a lot while a lot of the same item at the
//! same place (owner and module) expires earlier goes through, and the answer names the earlier lot and its
//! expiry date (on both engines, from the library and through the scan station's service).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use depot_domain::Lang;
use depot_service::scan::{self, Mode};
use depot_service::workflow;
use rust_decimal::Decimal;

use depot_testkit::on_both_engines;
use depot_testkit::register::*;

/// Expired lots never count: the sample has expired lots of the item in the place and module
/// that `lots_to_rotate` picks from (drinking water at CK-SJ).
fn expired_barcodes() -> Vec<String> {
    let today = chrono::Local::now().date_naive();
    lots()
        .into_iter()
        .filter(|l| l.expires.parse::<NaiveDate>().is_ok_and(|e| e < today))
        .map(|l| l.barcode)
        .collect()
}

on_both_engines! {
#[test]
fn issuing_a_later_lot_goes_through_and_names_the_earlier_one() {
    let store = sample_store();
    let (late, early) = lots_to_rotate();
    let have = lot(&store, &late.barcode).quantity;
    let done = workflow::issue(&store, &ctx(QM), &b(&late.barcode), Decimal::ONE, "INC-7").unwrap();
    let en = done.msg.say(Lang::En);
    assert_eq!(
        en,
        format!(
            "issued 1 to INC-7, {} left; first expired, first out: lot {} of the same item here \
             expires earlier ({}), use it first",
            (have - Decimal::ONE).normalize(),
            early.barcode,
            early.expires
        )
    );
    assert!(expired_barcodes().iter().all(|x| !en.contains(x.as_str())), "{en}");
    let zh = done.msg.say(Lang::Zh);
    assert!(zh.contains(&format!("先到期先出：此处同品类批次 {}", early.barcode)), "{zh}");
    // A warning, not a refusal: the quantity left.
    assert_eq!(lot(&store, &late.barcode).quantity, have - Decimal::ONE);
    // The earliest lot itself goes without a word.
    let first = workflow::issue(&store, &ctx(QM), &b(&early.barcode), Decimal::ONE, "INC-7").unwrap();
    assert!(!first.msg.say(Lang::En).contains("first expired"), "{}", first.msg.say(Lang::En));
    verified(&store);
}

#[test]
fn a_transfer_and_a_scan_say_it_too() {
    let store = sample_store();
    let (late, early) = lots_to_rotate();
    let to = if late.owner == "ZHAN-0101" { "CK-SJ" } else { "ZHAN-0101" };
    let done = workflow::transfer(&store, &ctx(QM), &b(&late.barcode), to, Some(Decimal::ONE))
        .unwrap();
    assert!(done.created.is_some(), "part of a lot splits off");
    let en = done.msg.say(Lang::En);
    assert!(en.contains(&format!("lot {} of the same item here expires earlier ({})", early.barcode, early.expires)), "{en}");
    // The whole of what is left, as the scan station transfers it.
    let mode = Mode::Transfer { to: to.to_owned() };
    let answer = scan::one(&store, &ctx_later(QM, 10), &mode, &late.barcode).unwrap();
    let en = answer.say(Lang::En);
    assert!(en.starts_with(&format!("OK {} transferred ", late.barcode)), "{en}");
    assert!(en.contains(&format!("lot {} of the same item here", early.barcode)), "{en}");
    assert_eq!(lot(&store, &late.barcode).owner.as_str(), to);
    verified(&store);
}
}

/// `depot issue` prints the same answer line, the warning in it, in either language.
#[test]
fn the_cli_prints_the_warning_on_the_answer_line() {
    let env = depot_testkit::cli::Env::sample();
    let (late, early) = lots_to_rotate();
    let out = env.stdout(&["issue", &late.barcode, "--qty", "1", "--ref", "INC-7"]);
    assert!(
        out.starts_with(&format!("OK {} issued 1 to INC-7", late.barcode)),
        "{out}"
    );
    assert!(
        out.ends_with(&format!(
            "; first expired, first out: lot {} of the same item here expires earlier ({}), use \
             it first\n",
            early.barcode, early.expires
        )),
        "{out}"
    );
    let out = env.stdout(&[
        "--lang",
        "zh",
        "transfer",
        &late.barcode,
        "--to",
        "ZHAN-0101",
        "--qty",
        "1",
    ]);
    assert!(
        out.contains(&format!(
            "先到期先出：此处同品类批次 {} 更早到期",
            early.barcode
        )),
        "{out}"
    );
    env.verify_ok();
}
