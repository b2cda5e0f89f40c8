//! What `depot scan` does with the lines on its standard input: each line a scanned code,
//! blank lines skipped, reading stopped at the first line that is not UTF-8, the codes landed
//! in batches (`service::scan::batch`) in one mode, against the small register with a kit
//! and an open count. The first byte chooses the mode and how many lines go in a batch.
//!
//! Every code gets one answer of one line, and afterwards the ledger replays to the stored
//! register (`depot verify`).

use std::io::BufRead;

use depot_domain::Barcode;
use depot_service::scan::{self, Mode};
use depot_service::workflow::{CheckinReq, CheckoutReq};
use depot_service::{Ctx, count, kit};
use rust_decimal::Decimal;

use super::fixture;

pub fn run(data: &[u8]) {
    let Some((&choice, input)) = data.split_first() else {
        return;
    };
    let store = fixture::small_store();
    let ctx = fixture::ctx();
    kit::pack(
        &store,
        &ctx,
        "K1",
        Some("U1"),
        None,
        Some("kit"),
        Some((&Barcode::new("A1"), Decimal::ONE)),
    )
    .expect("kit K1 is packed");
    kit::pack(
        &store,
        &ctx,
        "K1",
        None,
        None,
        None,
        Some((&Barcode::new("L1"), Decimal::TWO)),
    )
    .expect("kit K1 holds some foam");
    let counted = count::open(&store, &ctx, "U1", None).expect("a count of U1 opens");
    let to = |s: &str| Some(s.to_owned());
    let mode = match choice % 8 {
        0 => Mode::Out(CheckoutReq {
            reference: to("INC-1"),
            ..CheckoutReq::default()
        }),
        1 => Mode::Out(CheckoutReq {
            to: to("U2"),
            ..CheckoutReq::default()
        }),
        2 => Mode::In(CheckinReq::default()),
        3 => Mode::In(CheckinReq {
            into: to("W1"),
            ..CheckinReq::default()
        }),
        4 => Mode::Transfer { to: "U2".into() },
        5 => Mode::Transfer { to: "W1".into() },
        6 => Mode::Issue {
            qty: Decimal::ONE,
            reference: "INC-1".into(),
        },
        _ => Mode::Count { id: counted },
    };
    // 0: every line in one batch (as when a file is piped in), else that many per batch (as
    // when a person scans, a line at a time).
    let per_batch = match usize::from(choice >> 3) % 4 {
        0 => usize::MAX,
        n => n,
    };
    let lines: Vec<String> = input.lines().map_while(Result::ok).collect();
    let codes: Vec<String> = lines.into_iter().filter(|c| !c.trim().is_empty()).collect();
    for (i, batch) in codes.chunks(per_batch.min(codes.len().max(1))).enumerate() {
        // A while between batches, so that a code scanned again later is not a repeat.
        let ctx = Ctx::fixed(ctx.operator.clone(), fixture::at(10 * i as i64));
        let answers = scan::batch(&store, &ctx, &mode, batch).expect("the store works");
        assert_eq!(answers.len(), batch.len(), "one answer per code");
        for a in &answers {
            let line = a.to_string();
            assert!(!line.contains('\n'), "an answer of several lines: {line:?}");
            assert!(!a.say(depot_domain::Lang::Zh).is_empty());
        }
    }
    let report = depot_service::verify::verify(&store).expect("verify runs");
    assert!(report.ok(), "{report}");
}
