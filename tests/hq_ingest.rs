//! Headquarters takes in depots' bundles, on both engines (the headquarters database is the
//! engine under test; the depots are redb registers in memory): rounds in order, the same
//! bundle again, bundles out of order, and every refusal the issue lists (an edited cell, a
//! bundle re-signed with another key, a truncated movements file, a skipped round, a forked
//! chain, a newer schema, an unknown depot). A refused bundle changes nothing.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use depot_exchange::InputEncoding;
use depot_exchange::bundle::manifest::{FILES, MANIFEST, data_rows, fingerprint, sha256_hex};
use depot_exchange::bundle::{DepotKey, FileEntry, Manifest};
use depot_service::Error;
use depot_service::bundle::{BundleRequest, Written, export_bundle};
use depot_service::hq::{self, IngestOptions, Ingested, Refusal};
use depot_service::import::files::Source;
use depot_service::store::Store;
use depot_service::store::hq::SNAPSHOT_FILES;
use depot_service::{Ctx, workflow};
use depot_testkit::on_both_engines;
use depot_testkit::register::*;

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-05-01T08:00:00+08:00").unwrap()
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
}

/// The sample register, imported at a fixed time: two depots made this way hold the same
/// ledger, movement for movement (what a restored backup shares with the depot it was of).
fn depot_register() -> Store {
    let store = depot_service::store::in_memory().unwrap();
    let report = depot_service::import::files::import(
        &store,
        &Ctx::fixed(OFFICER, t0()),
        &depot_exchange::sample::sources(),
        InputEncoding::Auto,
        false,
    )
    .unwrap();
    assert!(report.landed(), "{:?}", report.problems);
    store
}

/// One inspection at `t0 + secs`: a new movement.
fn inspect(store: &Store, nth: usize, secs: i64) {
    let a = &ready_home()[nth];
    workflow::inspect(
        store,
        &Ctx::fixed(OFFICER, t0() + Duration::seconds(secs)),
        &b(&a.barcode),
        Some(as_of()),
        false,
    )
    .unwrap();
}

fn bundle(store: &Store, dir: &Path, key: &DepotKey, full: bool, secs: i64) -> Written {
    export_bundle(
        store,
        &BundleRequest {
            out: dir,
            as_of: as_of(),
            full,
            depot: None,
            key,
            created: t0() + Duration::seconds(secs),
        },
    )
    .unwrap()
}

fn ingest(hq: &Store, dir: &Path) -> depot_service::Result<Ingested> {
    hq::ingest(hq, &ctx(OFFICER), dir, IngestOptions { trust_new: true })
}

fn refusal(hq: &Store, dir: &Path) -> Refusal {
    match ingest(hq, dir) {
        Err(Error::Hq(r)) => r,
        other => panic!("{} should be refused, got {other:?}", dir.display()),
    }
}

/// Everything headquarters holds, to show a refusal changed nothing.
fn held(hq: &Store) -> String {
    let r = hq.read().unwrap();
    let mut out = String::new();
    for d in r.hq_depots().unwrap() {
        out += &format!("{d:?}\n");
        for b in r.hq_bundles(&d.code).unwrap() {
            out += &format!(
                "bundle {} {}..{}\n",
                b.manifest_sha256, b.first_seq, b.last_seq
            );
        }
        let moves = r.hq_movements(&d.code, 1, u64::MAX).unwrap();
        out += &format!("movements {}\n", moves.len());
        if let Some(m) = moves.last() {
            out += &format!("last {} {:?}\n", m.seq, m.hash);
        }
        for f in SNAPSHOT_FILES {
            let bytes = r.hq_file(&d.code, f).unwrap().unwrap_or_default();
            out += &format!("{f} {}\n", sha256_hex(&bytes));
        }
    }
    out
}

fn held_to(hq: &Store) -> u64 {
    let r = hq.read().unwrap();
    r.hq_depot("ZD-QZ").unwrap().unwrap().last.unwrap().last_seq
}

/// Copies bundle `from` to `to`.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in FILES.iter().chain([&MANIFEST]) {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
}

/// Signs the bundle in `dir` again with `key`, its files as they are now (what a forger with
/// that key, or a depot with a bug, would send).
fn resign(dir: &Path, key: &DepotKey) {
    let m = Manifest::parse(&std::fs::read(dir.join(MANIFEST)).unwrap()).unwrap();
    let mut body = m.body;
    body.files = FILES
        .iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(f)).unwrap();
            FileEntry {
                name: (*f).to_owned(),
                rows: data_rows(&bytes).unwrap(),
                sha256: sha256_hex(&bytes),
            }
        })
        .collect();
    body.public_key = key.public_hex();
    std::fs::write(dir.join(MANIFEST), Manifest::sign(body, key).to_json()).unwrap();
}

/// A depot's register and key, with three bundles: the first (the import), then two rounds of
/// one inspection each.
struct Rounds {
    store: Store,
    key: DepotKey,
    tmp: tempfile::TempDir,
}

impl Rounds {
    fn new() -> Rounds {
        let r = Rounds {
            store: depot_register(),
            key: DepotKey::generate().unwrap(),
            tmp: tempfile::tempdir().unwrap(),
        };
        bundle(&r.store, &r.dir("r1"), &r.key, false, 10);
        inspect(&r.store, 0, 100);
        bundle(&r.store, &r.dir("r2"), &r.key, false, 200);
        inspect(&r.store, 1, 300);
        bundle(&r.store, &r.dir("r3"), &r.key, false, 400);
        r
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
}

on_both_engines! {
    #[test]
    fn rounds_in_order_and_the_same_bundle_again_changes_nothing() {
        let r = Rounds::new();
        let hq = new_store();
        let head = r.store.read().unwrap().ledger_head().unwrap();
        let one = ingest(&hq, &r.dir("r1")).unwrap();
        let Ingested::New { first_seq: 1, last_seq, appended, enrolled: Some(fp), .. } = one else {
            panic!("{one:?}")
        };
        assert_eq!(fp, r.key.fingerprint());
        assert_eq!(appended, last_seq);
        for round in ["r2", "r3"] {
            let n = ingest(&hq, &r.dir(round)).unwrap();
            assert!(matches!(n, Ingested::New { appended: 1, enrolled: None, .. }), "{n:?}");
        }
        assert_eq!(held_to(&hq), head.0);
        let d = hq.read().unwrap().hq_depot("ZD-QZ").unwrap().unwrap();
        assert_eq!(d.last.as_ref().unwrap().head_hash, head.1);
        // The held ledger is the depot's, movement for movement.
        let moves = hq.read().unwrap().hq_movements("ZD-QZ", 1, u64::MAX).unwrap();
        assert_eq!(moves.len() as u64, head.0);
        assert!(moves.iter().all(|m| m.hash_is_valid()));
        // The snapshot is the last bundle's files, byte for byte.
        for f in SNAPSHOT_FILES {
            let kept = hq.read().unwrap().hq_file("ZD-QZ", f).unwrap().unwrap();
            assert_eq!(kept, std::fs::read(r.dir("r3").join(f)).unwrap(), "{f}");
        }
        // The replacements due by the end of the as-of year, and their cost, as the depot's
        // own plan lists them.
        let mut plan = csv::Reader::from_path(r.dir("r3").join("replacements.csv")).unwrap();
        let (mut due, mut cost) = (0u64, rust_decimal::Decimal::ZERO);
        for row in plan.records() {
            let row = row.unwrap();
            if row[0].parse::<i32>().unwrap() <= 2026 {
                due += 1;
                cost += row[7].parse::<rust_decimal::Decimal>().unwrap_or_default();
            }
        }
        assert!(due > 0, "the sample has pieces due");
        let last = d.last.as_ref().unwrap();
        assert_eq!((last.due, last.due_cost), (due, cost));
        let before = held(&hq);
        for round in ["r1", "r2", "r3"] {
            let again = ingest(&hq, &r.dir(round)).unwrap();
            assert!(matches!(again, Ingested::Again { .. }), "{again:?}");
        }
        assert_eq!(held(&hq), before);
    }

    #[test]
    fn out_of_order_is_refused_naming_the_missing_movements_and_given_together_is_sorted() {
        let r = Rounds::new();
        let hq = new_store();
        ingest(&hq, &r.dir("r1")).unwrap();
        let held_seq = held_to(&hq);
        let before = held(&hq);
        let refused = refusal(&hq, &r.dir("r3"));
        let Refusal::SkippedMovements { from, to, .. } = &refused else { panic!("{refused:?}") };
        assert_eq!((*from, *to), (held_seq + 1, held_seq + 1));
        assert!(refused.to_string().contains(&format!("movements {from} to {to}")), "{refused}");
        assert!(refused.zh().contains(&format!("第 {from} 至 {to} 条")), "{}", refused.zh());
        assert_eq!(held(&hq), before, "a refused bundle changes nothing");
        // The refusal is in the audit log.
        let log = hq.read().unwrap().audit_log().unwrap();
        assert!(log.iter().any(|e| e.action.starts_with("hq ingest") && e.outcome.starts_with("refused")));
        ingest(&hq, &r.dir("r2")).unwrap();
        ingest(&hq, &r.dir("r3")).unwrap();
        assert_eq!(held_to(&hq), held_seq + 2);

        // Given in any order on one command line, they are taken in the order they were made.
        let order = hq::bundles_in(&[r.dir("r3"), r.dir("r1"), r.dir("r2")]);
        assert_eq!(order, vec![r.dir("r1"), r.dir("r2"), r.dir("r3")]);
        let folder = hq::bundles_in(&[r.tmp.path().to_path_buf()]);
        assert_eq!(folder, vec![r.dir("r1"), r.dir("r2"), r.dir("r3")]);
    }

    #[test]
    fn many_bundles_are_taken_in_turn_each_whole_a_refused_one_in_the_middle_alone() {
        let r = Rounds::new();
        let hq = new_store();
        let edited = r.dir("edited");
        copy(&r.dir("r2"), &edited);
        std::fs::write(edited.join("lots.csv"), "barcode\n").unwrap();
        let dirs = vec![r.dir("r1"), edited.clone(), r.dir("r2"), r.dir("r3"), r.dir("r2")];
        let mut said = Vec::new();
        hq::ingest_each(&hq, &ctx(OFFICER), &dirs, IngestOptions { trust_new: true }, |d, out| {
            said.push((d.to_path_buf(), match out {
                Ok(Ingested::New { .. }) => "new",
                Ok(Ingested::Again { .. }) => "again",
                Err(Error::Hq(_)) => "refused",
                Err(e) => panic!("{e}"),
            }));
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        let expected: Vec<(PathBuf, &str)> = dirs
            .iter()
            .cloned()
            .zip(["new", "refused", "new", "new", "again"])
            .collect();
        assert_eq!(said, expected);
        assert_eq!(held_to(&hq), r.store.read().unwrap().ledger_head().unwrap().0);
        // Stopped after the first: the others are not taken.
        let hq = new_store();
        let mut n = 0;
        hq::ingest_each(&hq, &ctx(OFFICER), &dirs, IngestOptions { trust_new: true }, |_, out| {
            out.unwrap();
            n += 1;
            std::ops::ControlFlow::Break(())
        })
        .unwrap();
        assert_eq!(n, 1);
        assert_eq!(hq.read().unwrap().hq_bundles("ZD-QZ").unwrap().len(), 1);
    }

    #[test]
    fn an_older_bundle_arriving_late_is_refused_and_a_full_bundle_rebases_after_a_lost_one() {
        let r = Rounds::new();
        let hq = new_store();
        ingest(&hq, &r.dir("r1")).unwrap();
        // r2 is lost on the way; the depot sends a full bundle instead.
        inspect(&r.store, 2, 500);
        bundle(&r.store, &r.dir("full"), &r.key, true, 600);
        let n = ingest(&hq, &r.dir("full")).unwrap();
        assert!(matches!(n, Ingested::New { first_seq: 1, appended: 3, .. }), "{n:?}");
        // r2 turns up after all: older than what is held.
        let before = held(&hq);
        let refused = refusal(&hq, &r.dir("r2"));
        assert!(matches!(refused, Refusal::Older { .. }), "{refused:?}");
        assert!(refused.to_string().contains("older"), "{refused}");
        assert_eq!(held(&hq), before);
    }

    #[test]
    fn one_edited_cell_is_refused_naming_the_file() {
        let r = Rounds::new();
        let hq = new_store();
        let edited = r.dir("edited");
        copy(&r.dir("r1"), &edited);
        let text = std::fs::read_to_string(edited.join("assets.csv")).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines[3] = lines[3].replacen("ready", "maintenance", 1);
        assert_ne!(lines.join("\n") + "\n", text, "a cell was edited");
        std::fs::write(edited.join("assets.csv"), lines.join("\n") + "\n").unwrap();
        let refused = refusal(&hq, &edited);
        assert!(refused.to_string().contains("assets.csv"), "{refused}");
        assert!(refused.zh().contains("assets.csv"), "{}", refused.zh());
        assert_eq!(held(&hq), "", "nothing enrolled, nothing held");
    }

    #[test]
    fn a_bundle_re_signed_with_another_key_is_refused_naming_both_keys() {
        let r = Rounds::new();
        let hq = new_store();
        ingest(&hq, &r.dir("r1")).unwrap();
        let forged = r.dir("forged");
        copy(&r.dir("r2"), &forged);
        let other = DepotKey::generate().unwrap();
        resign(&forged, &other);
        let before = held(&hq);
        let refused = refusal(&hq, &forged);
        let Refusal::WrongKey { found, enrolled, .. } = &refused else { panic!("{refused:?}") };
        assert_eq!(found, &other.fingerprint());
        assert_eq!(enrolled, &r.key.fingerprint());
        assert_eq!(held(&hq), before);
        // Enrolling the new key on purpose lets it in.
        let key = depot_exchange::bundle::manifest::unhex::<32>(&other.public_hex()).unwrap();
        hq::enrol(&hq, &ctx(OFFICER), "ZD-QZ", None, key, true).unwrap();
        ingest(&hq, &forged).unwrap();
    }

    #[test]
    fn a_truncated_movements_file_is_refused() {
        let r = Rounds::new();
        let hq = new_store();
        let cut = r.dir("cut");
        copy(&r.dir("r1"), &cut);
        let bytes = std::fs::read(cut.join("movements.csv")).unwrap();
        std::fs::write(cut.join("movements.csv"), &bytes[..bytes.len() / 2]).unwrap();
        let refused = refusal(&hq, &cut);
        assert!(refused.to_string().contains("movements.csv"), "{refused}");
        assert_eq!(held(&hq), "");

        // Cut short and signed again by the depot's own key (a depot with a bug): the chain
        // does not reach the manifest's head. Nothing of it is kept, though the first
        // movements were good.
        let whole: Vec<&[u8]> = bytes.split_inclusive(|c| *c == b'\n').collect();
        let short: Vec<u8> = whole[..whole.len() - 5].concat();
        std::fs::write(cut.join("movements.csv"), short).unwrap();
        resign(&cut, &r.key);
        let refused = refusal(&hq, &cut);
        assert!(refused.to_string().contains("movements.csv"), "{refused}");
        assert_eq!(held(&hq), "");
    }

    #[test]
    fn a_broken_chain_deep_in_a_bundle_leaves_nothing() {
        let r = Rounds::new();
        let hq = new_store();
        let bad = r.dir("bad");
        copy(&r.dir("r1"), &bad);
        // Movement 3000's reason is changed and the bundle signed again: its hash no longer
        // fits.
        let text = std::fs::read_to_string(bad.join("movements.csv")).unwrap();
        let mut rows: Vec<String> = text.lines().map(str::to_owned).collect();
        let row = &mut rows[3000];
        assert!(row.starts_with("3000,"), "{row}");
        *row = row.replacen(",import", ",imported", 1);
        std::fs::write(bad.join("movements.csv"), rows.join("\n") + "\n").unwrap();
        resign(&bad, &r.key);
        let refused = refusal(&hq, &bad);
        let Refusal::BadChain { seq: 3000, .. } = &refused else { panic!("{refused:?}") };
        assert_eq!(held(&hq), "", "nothing half ingested");

        // Every movement right, and the manifest's head_hash wrong (signed again): found at
        // the end, after every movement was appended in the transaction, which is undone.
        let wrong_head = r.dir("wrong-head");
        copy(&r.dir("r1"), &wrong_head);
        let m = Manifest::parse(&std::fs::read(wrong_head.join(MANIFEST)).unwrap()).unwrap();
        let mut body = m.body;
        body.head_hash = "ab".repeat(32);
        std::fs::write(wrong_head.join(MANIFEST), Manifest::sign(body, &r.key).to_json()).unwrap();
        let refused = refusal(&hq, &wrong_head);
        assert!(matches!(refused, Refusal::BadChain { .. }), "{refused:?}");
        assert!(refused.to_string().contains("head_hash"), "{refused}");
        assert_eq!(held(&hq), "", "nothing half ingested");
    }

    /// A movement whose note spans two lines of `movements.csv`: the file is read again when
    /// the bundle is taken in (the movements read first are kept only when each is on the line
    /// of its place), and taken in whole; its chain broken after that movement is found there.
    #[test]
    fn a_movement_over_two_lines_is_taken_in_and_its_chain_checked() {
        let store = depot_register();
        let key = DepotKey::generate().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let a = &ready_home()[0];
        workflow::repair(
            &store,
            &Ctx::fixed(OFFICER, t0() + Duration::seconds(100)),
            &b(&a.barcode),
            true,
            Some("hose split\nat the coupling"),
        )
        .unwrap();
        inspect(&store, 1, 150);
        let good = tmp.path().join("good");
        bundle(&store, &good, &key, false, 200);
        let text = std::fs::read_to_string(good.join("movements.csv")).unwrap();
        let rows = data_rows(text.as_bytes()).unwrap();
        assert!(text.lines().count() as u64 > rows + 1, "one movement on two lines");

        // The last movement chained to another than the one before it, its hash made again
        // to fit, signed again: refused where the file is read again (on its own line), and
        // nothing kept.
        let hq = new_store();
        let bad = tmp.path().join("bad");
        copy(&good, &bad);
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let at_line = lines.len() as u64;
        let last = lines.last_mut().unwrap();
        let mut cols: Vec<String> = last.split(',').map(str::to_owned).collect();
        assert_eq!(cols.len(), 14, "{last}");
        let seq: u64 = cols[0].parse().unwrap();
        cols[11] = "0".repeat(64);
        let fields: [&str; 11] = std::array::from_fn(|i| cols[if i < 10 { i + 1 } else { 13 }].as_str());
        let hash = depot_domain::movement::text_chain_hash(seq, &fields, &[0; 32]);
        cols[12] = depot_domain::movement::hex(&hash);
        *last = cols.join(",");
        std::fs::write(bad.join("movements.csv"), lines.join("\n") + "\n").unwrap();
        resign(&bad, &key);
        let refused = refusal(&hq, &bad);
        let Refusal::BadChain { line, seq: at, .. } = &refused else { panic!("{refused:?}") };
        assert_eq!((*line, *at), (at_line, seq), "{refused}");
        assert_eq!(held(&hq), "", "nothing half ingested");

        let Ingested::New { appended, .. } = ingest(&hq, &good).unwrap() else {
            panic!("the bundle is new")
        };
        assert_eq!(appended, rows);
        assert_eq!(held_to(&hq), rows);
    }

    #[test]
    fn a_skipped_round_without_movements_names_the_bundle_missing() {
        let r = Rounds::new();
        let hq = new_store();
        for round in ["r1", "r2", "r3"] {
            ingest(&hq, &r.dir(round)).unwrap();
        }
        // Two rounds without movements; the first of them is lost.
        let lost = bundle(&r.store, &r.dir("r4"), &r.key, false, 700);
        bundle(&r.store, &r.dir("r5"), &r.key, false, 800);
        let before = held(&hq);
        let refused = refusal(&hq, &r.dir("r5"));
        let Refusal::SkippedRound { previous, .. } = &refused else { panic!("{refused:?}") };
        assert_eq!(previous, &lost.manifest_sha256);
        assert_eq!(held(&hq), before);
        ingest(&hq, &r.dir("r4")).unwrap();
        ingest(&hq, &r.dir("r5")).unwrap();
    }

    #[test]
    fn a_forked_ledger_is_refused_naming_the_seq() {
        // Two registers with the same ledger and key (a depot, and a copy of it restored from
        // a backup), which then record different movements.
        let one = Rounds::new();
        let two = depot_register();
        bundle(&two, &one.dir("two-r1"), &one.key, false, 10);
        assert_eq!(
            std::fs::read(one.dir("two-r1").join(MANIFEST)).unwrap(),
            std::fs::read(one.dir("r1").join(MANIFEST)).unwrap(),
            "the copy's first bundle is the depot's"
        );
        inspect(&two, 5, 100);
        bundle(&two, &one.dir("two-r2"), &one.key, false, 200);
        bundle(&two, &one.dir("two-full"), &one.key, true, 250);

        let hq = new_store();
        for round in ["r1", "r2"] {
            ingest(&hq, &one.dir(round)).unwrap();
        }
        let fork = held_to(&hq);
        let before = held(&hq);
        for dir in ["two-r2", "two-full"] {
            let refused = refusal(&hq, &one.dir(dir));
            let Refusal::Fork { seq, .. } = &refused else { panic!("{dir}: {refused:?}") };
            assert_eq!(*seq, fork, "{dir}");
            assert!(refused.to_string().contains(&format!("movement {fork}")), "{refused}");
            assert_eq!(held(&hq), before);
        }
    }

    #[test]
    fn a_bundle_of_a_newer_schema_is_refused() {
        let r = Rounds::new();
        let hq = new_store();
        let newer = r.dir("newer");
        copy(&r.dir("r1"), &newer);
        let text = std::fs::read_to_string(newer.join(MANIFEST)).unwrap();
        let text = text.replacen("\"schema_version\": 2", "\"schema_version\": 3", 1);
        std::fs::write(newer.join(MANIFEST), text).unwrap();
        let refused = refusal(&hq, &newer);
        assert!(refused.to_string().contains("schema version 3"), "{refused}");
        assert!(refused.to_string().contains("update depot"), "{refused}");
        assert_eq!(held(&hq), "");
    }

    #[test]
    fn an_unknown_depot_is_refused_naming_its_fingerprint_unless_trusted_or_enrolled() {
        let r = Rounds::new();
        let hq = new_store();
        let strict = IngestOptions { trust_new: false };
        let refused = match hq::ingest(&hq, &ctx(OFFICER), &r.dir("r1"), strict) {
            Err(Error::Hq(r)) => r,
            other => panic!("{other:?}"),
        };
        let Refusal::UnknownDepot { fingerprint: fp, .. } = &refused else { panic!("{refused:?}") };
        assert_eq!(fp, &r.key.fingerprint());
        assert!(refused.to_string().contains("--trust-new"), "{refused}");
        assert_eq!(held(&hq), "");
        let key = depot_exchange::bundle::manifest::unhex::<32>(&r.key.public_hex()).unwrap();
        let out = hq::enrol(&hq, &ctx(OFFICER), "ZD-QZ", Some("清州"), key, false).unwrap();
        assert_eq!(out, hq::Enrolled::New { fingerprint: fingerprint(&key) });
        let n = hq::ingest(&hq, &ctx(OFFICER), &r.dir("r1"), strict).unwrap();
        assert!(matches!(n, Ingested::New { enrolled: None, .. }), "{n:?}");
        // Another key for an enrolled depot is refused without --replace.
        let other = DepotKey::generate().unwrap();
        let other = depot_exchange::bundle::manifest::unhex::<32>(&other.public_hex()).unwrap();
        assert!(hq::enrol(&hq, &ctx(OFFICER), "ZD-QZ", None, other, false).is_err());
    }

    #[test]
    fn a_known_key_under_a_new_code_is_not_enrolled_unasked() {
        let r = Rounds::new();
        let hq = new_store();
        ingest(&hq, &r.dir("r1")).unwrap();
        // The same depot, its top unit renamed, signing with its key.
        let renamed: Vec<Source> = depot_exchange::sample::sources()
            .into_iter()
            .map(|s| match s {
                Source::Bytes(kind, name, bytes) => {
                    let text = std::str::from_utf8(bytes).unwrap().replace("ZD-QZ", "ZD-QX");
                    Source::Bytes(kind, name, Box::leak(text.into_bytes().into_boxed_slice()))
                }
                s => s,
            })
            .collect();
        let store = depot_service::store::in_memory().unwrap();
        let at = Ctx::fixed(OFFICER, t0());
        let report =
            depot_service::import::files::import(&store, &at, &renamed, InputEncoding::Auto, false)
                .unwrap();
        assert!(report.landed(), "{:?}", report.problems);
        bundle(&store, &r.dir("renamed"), &r.key, false, 10);
        let before = held(&hq);
        let refused = refusal(&hq, &r.dir("renamed"));
        let Refusal::KeyOfAnother { code, other, .. } = &refused else { panic!("{refused:?}") };
        assert_eq!((code.as_str(), other.as_str()), ("ZD-QX", "ZD-QZ"));
        assert!(refused.zh().contains("ZD-QZ"), "{}", refused.zh());
        assert_eq!(held(&hq), before);
        // Enrolled on purpose, it is a depot of its own.
        let key = depot_exchange::bundle::manifest::unhex::<32>(&r.key.public_hex()).unwrap();
        hq::enrol(&hq, &ctx(OFFICER), "ZD-QX", None, key, false).unwrap();
        ingest(&hq, &r.dir("renamed")).unwrap();
    }

    #[test]
    fn a_quartermaster_may_not_ingest() {
        let r = Rounds::new();
        let hq = new_store();
        ingest(&hq, &r.dir("r1")).unwrap();
        depot_service::access::add_operator(
            &hq,
            &ctx(OFFICER),
            QM,
            depot_domain::access::Role::Quartermaster,
            None,
        )
        .unwrap();
        let before = held(&hq);
        let out = hq::ingest(&hq, &ctx(QM), &r.dir("r2"), IngestOptions::default());
        assert!(matches!(out, Err(Error::Refused { .. })), "{out:?}");
        assert_eq!(held(&hq), before);
    }
}
