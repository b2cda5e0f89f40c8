//! Signed bundles for headquarters, on both engines: a bundle verifies (signature, every
//! file's hash and row count), the next one continues the ledger exactly where the last ended
//! and names it as `previous`, `--full` starts at seq 1, a refused export changes nothing, and
//! the bundle's files are the single-file exports of the same snapshot and date.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::NaiveDate;
use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::{FILES, data_rows, fingerprint};
use depot_service::bundle::{BundleRequest, Written, check, export_bundle, watermark};
use depot_service::export::Extract;
use depot_service::export::csv::{ExportKind, ExportOptions, export};
use depot_service::workflow;
use depot_testkit::on_both_engines;
use depot_testkit::register::*;

/// Tomorrow: on or after the date of every movement these tests make (the sample is imported,
/// and the inspections made, on the local clock, a few minutes ahead at most), so that a
/// bundle, cut at its as-of date, carries them all.
fn as_of() -> NaiveDate {
    chrono::Local::now().date_naive() + chrono::Days::new(1)
}

fn bundle(store: &depot_service::store::Store, out: &Path, key: &DepotKey, full: bool) -> Written {
    export_bundle(
        store,
        &BundleRequest {
            out,
            as_of: as_of(),
            full,
            depot: None,
            key,
            created: chrono::Local::now().fixed_offset(),
        },
    )
    .unwrap()
}

/// The seqs of a bundle's movements.csv.
fn seqs(dir: &Path) -> Vec<u64> {
    let mut r = csv::Reader::from_path(dir.join("movements.csv")).unwrap();
    r.records()
        .map(|rec| rec.unwrap()[0].parse().unwrap())
        .collect()
}

/// Two inspections: two new movements.
fn two_movements(store: &depot_service::store::Store) {
    let a = ready_home();
    for (i, x) in a.iter().take(2).enumerate() {
        workflow::inspect(
            store,
            &ctx_later(OFFICER, 100 * (i as i64 + 1)),
            &b(&x.barcode),
            Some(chrono::Local::now().date_naive()),
            false,
        )
        .unwrap();
    }
}

on_both_engines! {
    #[test]
    fn a_bundle_verifies_and_the_next_continues_the_chain() {
        let store = sample_store();
        let dir = tempfile::tempdir().unwrap();
        let key = DepotKey::generate().unwrap();
        let head = store.read().unwrap().ledger_head().unwrap();

        let one = bundle(&store, &dir.path().join("one"), &key, false);
        let (m1, sha1) = check(&dir.path().join("one")).unwrap();
        assert_eq!(m1, one.manifest);
        assert_eq!(sha1, one.manifest_sha256);
        let b1 = &m1.body;
        assert_eq!(b1.depot.code, "ZD-QZ");
        assert_eq!(b1.as_of, as_of().to_string());
        assert_eq!((b1.first_seq, b1.last_seq), (1, head.0));
        assert_eq!(b1.head_hash, depot_domain::movement::hex(&head.1));
        assert_eq!(b1.previous, None);
        assert_eq!(b1.public_key, key.public_hex());
        assert_eq!(
            b1.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            FILES
        );
        for f in &b1.files {
            let bytes = std::fs::read(dir.path().join("one").join(&f.name)).unwrap();
            assert_eq!(data_rows(&bytes).unwrap(), f.rows, "{}", f.name);
        }
        assert_eq!(seqs(&dir.path().join("one")), (1..=head.0).collect::<Vec<_>>());
        let w = watermark(&store).unwrap().unwrap();
        assert_eq!((w.last_seq, w.manifest_sha256.as_str()), (head.0, sha1.as_str()));
        assert!(fingerprint(&key.public()).starts_with("SHA256:"));

        two_movements(&store);
        let two = bundle(&store, &dir.path().join("two"), &key, false);
        let b2 = &check(&dir.path().join("two")).unwrap().0.body;
        assert_eq!((b2.first_seq, b2.last_seq), (head.0 + 1, head.0 + 2));
        assert_eq!(seqs(&dir.path().join("two")), vec![head.0 + 1, head.0 + 2]);
        assert_eq!(b2.previous.as_deref(), Some(sha1.as_str()));
        assert!(!b2.full);

        // Nothing new: a valid bundle whose movements.csv is empty, first_seq = last_seq + 1.
        bundle(&store, &dir.path().join("three"), &key, false);
        let b3 = &check(&dir.path().join("three")).unwrap().0.body;
        assert_eq!((b3.first_seq, b3.last_seq), (head.0 + 3, head.0 + 2));
        assert!(seqs(&dir.path().join("three")).is_empty());
        assert_eq!(b3.previous.as_deref(), Some(two.manifest_sha256.as_str()));

        // --full: from seq 1, still chained to the last bundle.
        let full = bundle(&store, &dir.path().join("full"), &key, true);
        let b4 = &check(&dir.path().join("full")).unwrap().0.body;
        assert!(b4.full);
        assert_eq!((b4.first_seq, b4.last_seq), (1, head.0 + 2));
        assert_eq!(seqs(&dir.path().join("full")).len() as u64, head.0 + 2);
        assert_eq!(watermark(&store).unwrap().unwrap().manifest_sha256, full.manifest_sha256);
    }

    #[test]
    fn a_bundle_stops_at_its_as_of_and_the_next_carries_what_came_after() {
        use depot_service::hq::{self, IngestOptions, Ingested};
        let store = sample_store();
        let dir = tempfile::tempdir().unwrap();
        let key = DepotKey::generate().unwrap();
        let head = store.read().unwrap().ledger_head().unwrap().0;
        let now = chrono::Local::now().fixed_offset();
        let today = now.date_naive();
        let days = |n: u64| today + chrono::Days::new(n);
        let a = ready_home();
        // Tomorrow, then in three days, then (a terminal whose clock is behind) in two days.
        for (x, n) in a.iter().zip([1, 3, 2]) {
            let at = now + chrono::Duration::days(n as i64);
            workflow::inspect(&store, &depot_service::Ctx::fixed(OFFICER, at), &b(&x.barcode), None, false)
                .unwrap();
        }
        let write = |name: &str, on: NaiveDate| {
            export_bundle(
                &store,
                &BundleRequest {
                    out: &dir.path().join(name),
                    as_of: on,
                    full: false,
                    depot: None,
                    key: &key,
                    created: now,
                },
            )
        };
        // As of tomorrow: the sample and the first inspection; the two later ones left out,
        // the one dated earlier too, since it comes after one that is later.
        let one = write("one", days(1)).unwrap();
        let (m1, _) = check(&dir.path().join("one")).unwrap();
        assert_eq!((m1.body.first_seq, m1.body.last_seq), (1, head + 1));
        assert_eq!(seqs(&dir.path().join("one")), (1..=head + 1).collect::<Vec<_>>());
        let mut hashes = Vec::new();
        store
            .read()
            .unwrap()
            .for_each_movement(1, |m| -> depot_service::Result<()> {
                hashes.push(m.hash);
                Ok(())
            })
            .unwrap();
        assert_eq!(m1.body.head_hash, depot_domain::movement::hex(&hashes[head as usize]));
        assert_eq!(one.later, 2);
        assert_eq!(watermark(&store).unwrap().unwrap().last_seq, head + 1);
        // Going back before the last bundle's as-of is refused, in both languages.
        let e = write("back", today).unwrap_err();
        assert!(e.to_string().contains(&format!("as of {}", days(1))), "{e}");
        assert!(e.zh().contains(&format!("截至 {}", days(1))), "{}", e.zh());
        assert!(!dir.path().join("back").exists());
        // As of tomorrow again: nothing new, the later ones still waiting.
        let same = write("same", days(1)).unwrap();
        let (m2, _) = check(&dir.path().join("same")).unwrap();
        assert_eq!((m2.body.first_seq, m2.body.last_seq), (head + 2, head + 1));
        assert_eq!(m2.body.head_hash, m1.body.head_hash);
        assert_eq!(same.later, 2);
        // As of three days on: the rest.
        let three = write("three", days(3)).unwrap();
        let (m3, _) = check(&dir.path().join("three")).unwrap();
        assert_eq!((m3.body.first_seq, m3.body.last_seq), (head + 2, head + 3));
        assert_eq!(seqs(&dir.path().join("three")), vec![head + 2, head + 3]);
        assert_eq!(three.later, 0);
        // Headquarters takes the three in turn: the ledger continues where each ended.
        let hq_store = new_store();
        for (name, last) in [("one", head + 1), ("same", head + 1), ("three", head + 3)] {
            let got = hq::ingest(
                &hq_store,
                &depot_service::Ctx::new(Some(OFFICER)).unwrap(),
                &dir.path().join(name),
                IngestOptions { trust_new: true },
            )
            .unwrap();
            assert!(
                matches!(got, Ingested::New { last_seq, .. } if last_seq == last),
                "{name}: {got:?}"
            );
        }
    }

    #[test]
    fn a_refused_bundle_changes_nothing() {
        let store = sample_store();
        let dir = tempfile::tempdir().unwrap();
        let key = DepotKey::generate().unwrap();
        let out = dir.path().join("b");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.csv"), "x\n").unwrap();
        let e = export_bundle(
            &store,
            &BundleRequest {
                out: &out,
                as_of: as_of(),
                full: false,
                depot: None,
                key: &key,
                created: chrono::Local::now().fixed_offset(),
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("not empty"), "{e}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
        assert_eq!(watermark(&store).unwrap(), None);
        // An empty folder is fine.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        bundle(&store, &empty, &key, false);
        check(&empty).unwrap();
    }

    #[test]
    fn the_bundles_files_are_the_single_exports_of_the_same_date() {
        let store = sample_store();
        let dir = tempfile::tempdir().unwrap();
        let key = DepotKey::generate().unwrap();
        bundle(&store, &dir.path().join("b"), &key, true);
        let r = Extract::open(&store).unwrap();
        let opts = ExportOptions {
            csv: Default::default(),
            as_of: as_of(),
            since: 1,
        };
        for kind in ExportKind::ALL {
            let mut single = Vec::new();
            export(&r, kind, &opts, &mut single).unwrap();
            let name = format!("{}.csv", kind.name());
            assert_eq!(
                std::fs::read(dir.path().join("b").join(&name)).unwrap(),
                single,
                "{name}"
            );
        }
    }

    #[test]
    fn an_edited_file_or_manifest_is_caught() {
        let store = sample_store();
        let dir = tempfile::tempdir().unwrap();
        let key = DepotKey::generate().unwrap();
        let out = dir.path().join("b");
        bundle(&store, &out, &key, false);
        let inv = out.join("inventory.csv");
        let text = std::fs::read_to_string(&inv).unwrap();
        std::fs::write(&inv, text.replacen(",1,", ",2,", 1)).unwrap();
        let e = check(&out).unwrap_err().to_string();
        assert!(e.contains("inventory.csv"), "{e}");
        std::fs::write(&inv, &text).unwrap();
        check(&out).unwrap();
        let m = out.join("manifest.json");
        let json = std::fs::read_to_string(&m).unwrap();
        std::fs::write(&m, json.replacen("\"full\": false", "\"full\": true", 1)).unwrap();
        let e = check(&out).unwrap_err().to_string();
        assert!(e.contains("signature"), "{e}");
    }
}
