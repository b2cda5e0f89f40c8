//! Receiving a shipment at the scan station: the folder opened with F3, scanner bursts counted
//! against it (expected / found / missing / unexpected, live, each scan on disk before it is
//! answered), F7 taking it in with the same service, refusals and receipt as the command line;
//! snapshots at both sizes in both languages.

use std::path::Path;

use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::unhex;
use depot_service::ship::{self, ShipRequest};

use super::*;

/// The sending depot's pieces: three new to this register.
const PIECES: [&str; 3] = ["LS-KH-0001", "LS-KH-0002", "LS-PC-0001"];

fn at(s: &str) -> Ctx {
    Ctx::fixed(OPERATOR, DateTime::parse_from_rfc3339(s).unwrap())
}

/// Another depot, ZD-LS, with the sample's catalogue and three pieces of its own, ships them
/// to ZD-QZ (the sample) into `dir`/s1; the sample enrols its key. Returns the sample's
/// register, its key's file and the shipment's id.
fn shipped(dir: &Path) -> (Arc<Store>, std::path::PathBuf, String) {
    let files = dir.join("ls");
    std::fs::create_dir(&files).unwrap();
    let sample_file = |n: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../import/sample")
                .join(n),
        )
        .unwrap()
    };
    std::fs::write(files.join("catalog.csv"), sample_file("catalog.csv")).unwrap();
    std::fs::write(
        files.join("units.csv"),
        "code,name,kind,parent,class\nZD-LS,临水市消防救援支队,detachment,,\n",
    )
    .unwrap();
    std::fs::write(
        files.join("assets.csv"),
        format!(
            "barcode,item,owner,commissioned\n{},P-KH,ZD-LS,2024-03-01\n{},P-KH,ZD-LS,2024-03-01\n{},R-PC,ZD-LS,2023-06-01\n",
            PIECES[0], PIECES[1], PIECES[2]
        ),
    )
    .unwrap();
    let sender = depot_service::store::in_memory().unwrap();
    let officer = at("2026-11-20T08:00:00+08:00");
    let sources = import::sources_in(&files).unwrap();
    let r = import::import(&sender, &officer, &sources, InputEncoding::Auto, false).unwrap();
    assert!(r.landed(), "{:?}", r.problems);
    let sender_key = DepotKey::generate().unwrap();
    let barcodes: Vec<depot_domain::Barcode> = PIECES
        .iter()
        .map(|b| depot_domain::Barcode::new(*b))
        .collect();
    let sent = ship::ship(
        &sender,
        &at("2026-11-21T09:00:00+08:00"),
        &ShipRequest {
            out: &dir.join("s1"),
            to: "ZD-QZ",
            barcodes: &barcodes,
            return_by: None,
            reference: Some("调拨令 2026-17"),
            depot: None,
            key: &sender_key,
        },
    )
    .unwrap();
    let here = sample_store();
    let k = unhex::<32>(&sender_key.public_hex()).unwrap();
    ship::enrol_peer(&here, &officer, "ZD-LS", k, false).unwrap();
    let key = dir.join("qz.key");
    DepotKey::generate().unwrap().save(&key, false).unwrap();
    (here, key, sent.shipment.body.id)
}

/// The scan station in receive mode with `dir`/s1 open.
fn receiving(store: &Arc<Store>, lang: Lang, size: (u16, u16), dir: &Path, key_file: &Path) -> App {
    let mut app = app_on(store, lang, size, Screen::Scan);
    app.key = Some(key_file.to_owned());
    to_mode(&mut app, store, crate::app::ScanMode::Receive);
    feed(&mut app, store, [key(KeyCode::F(3))]);
    feed(
        &mut app,
        store,
        typed(&dir.join("s1").display().to_string()),
    );
    feed(&mut app, store, [key(KeyCode::Enter)]);
    app
}

/// A scanner's burst through the input layer, as the loop hands it over.
fn burst(app: &mut App, store: &Arc<Store>, code: &str) -> Outcome {
    let mut clock = std::time::Instant::now();
    timed(app, store, &mut clock, 3, scanner(code))
}

#[test]
fn a_shipment_counted_by_bursts_is_taken_in_with_its_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let (store, key_file, id) = shipped(dir.path());
    let mut app = receiving(&store, Lang::En, (160, 48), dir.path(), &key_file);
    let o = app.scan.shipment.as_ref().expect("the shipment is open");
    assert_eq!(
        (o.pieces.len(), o.shipment.body.id.as_str()),
        (3, id.as_str())
    );

    assert_eq!(burst(&mut app, &store, PIECES[0]), Outcome::None);
    let line = app.scan.lines.front().unwrap().clone();
    assert!(line.ok && line.text.contains("1 of 3 found"), "{line:?}");
    assert_eq!(line.item.as_deref(), Some("正压式消防空气呼吸器"));
    // A piece of this register is not in the shipment: the bell, set aside.
    let stray = ready_asset().0;
    assert_eq!(burst(&mut app, &store, &stray), Outcome::Bell);
    let line = app.scan.lines.front().unwrap().clone();
    assert!(
        !line.ok && line.text.contains("not in this shipment"),
        "{line:?}"
    );
    burst(&mut app, &store, PIECES[2]);
    assert_eq!(burst(&mut app, &store, PIECES[2]), Outcome::None);
    assert!(
        app.scan
            .lines
            .front()
            .unwrap()
            .text
            .contains("scanned already")
    );
    let screen = render(&app);
    assert!(screen.contains("expected 3  found 2"), "{screen}");
    assert!(
        screen.contains("missing 1") && screen.contains(PIECES[1]),
        "{screen}"
    );
    assert!(
        screen.contains("unexpected 1") && screen.contains(&stray),
        "{screen}"
    );

    // What the officer saw counted is on disk: the folder opened afresh carries on.
    let again = ship::open_shipment(&store, &dir.path().join("s1"), None).unwrap();
    assert_eq!(
        again.scanned,
        vec![PIECES[0].to_owned(), stray.clone(), PIECES[2].to_owned()]
    );
    assert!(
        depot_service::places::item_name(&store, PIECES[0])
            .unwrap()
            .is_none()
    );

    // F7: the receipt's folder proposed beside the shipment's; Enter takes it in.
    feed(&mut app, &store, [key(KeyCode::F(7))]);
    let proposed = app.scan.receiving.as_ref().unwrap().receipt_out.clone();
    assert_eq!(Path::new(&proposed), dir.path().join("s1-receipt"));
    // A burst while the dialog is open is refused whole, not typed into the folder.
    assert_eq!(burst(&mut app, &store, PIECES[1]), Outcome::Bell);
    assert_eq!(app.scan.receiving.as_ref().unwrap().receipt_out, proposed);
    assert_eq!(feed(&mut app, &store, [key(KeyCode::Enter)]), Outcome::None);
    assert!(app.scan.receiving.is_none() && app.scan.shipment.is_none());
    let done = app.scan.lines.front().unwrap().clone();
    assert!(
        done.ok && done.text.contains("2 received, 1 missing, 1 unexpected"),
        "{done:?}"
    );
    assert!(done.text.contains("s1-receipt"), "{done:?}");
    let lines = std::fs::read_to_string(dir.path().join("s1-receipt/lines.csv")).unwrap();
    assert!(
        lines.contains(&format!("{},received", PIECES[0])),
        "{lines}"
    );
    assert!(lines.contains(&format!("{},missing", PIECES[1])), "{lines}");
    assert!(lines.contains(&format!("{stray},unexpected")), "{lines}");
    let arrived = depot_service::places::item_name(&store, PIECES[0]).unwrap();
    assert_eq!(arrived.as_deref(), Some("正压式消防空气呼吸器"));
    assert!(
        depot_service::places::item_name(&store, PIECES[1])
            .unwrap()
            .is_none()
    );

    // Taken in: opening it again is refused as the command line refuses it.
    let mut app = receiving(&store, Lang::En, (160, 48), dir.path(), &key_file);
    assert!(app.scan.shipment.is_none());
    let e = app.scan.field_error.clone().unwrap();
    assert!(e.contains("already received here"), "{e}");
    // And without a folder open, a scan says what to do first.
    feed(&mut app, &store, [key(KeyCode::Esc)]);
    assert_eq!(burst(&mut app, &store, PIECES[1]), Outcome::Bell);
    assert!(app.scan.lines.front().unwrap().text.contains("F3"));
}

#[test]
fn without_the_depots_key_nothing_is_taken_in_and_the_dialog_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = shipped(dir.path());
    let missing = dir.path().join("nowhere.key");
    let mut app = receiving(&store, Lang::Zh, (80, 24), dir.path(), &missing);
    burst(&mut app, &store, PIECES[0]);
    feed(&mut app, &store, [key(KeyCode::F(7)), key(KeyCode::Enter)]);
    let e = app.scan.receiving.as_ref().unwrap().error.clone().unwrap();
    assert!(e.contains("没有密钥") && e.contains("nowhere.key"), "{e}");
    assert!(!dir.path().join("s1-receipt").exists());
    assert!(
        depot_service::places::item_name(&store, PIECES[0])
            .unwrap()
            .is_none()
    );
    assert!(app.scan.shipment.is_some(), "the count stays open");
}

#[test]
fn snapshot_a_shipment_being_counted_and_taken_in() {
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let dir = tempfile::tempdir().unwrap();
            let (store, key_file, _) = shipped(dir.path());
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            let mut app = receiving(&store, lang, (w, h), dir.path(), &key_file);
            burst(&mut app, &store, PIECES[0]);
            burst(&mut app, &store, "STRAY-0001");
            insta::assert_snapshot!(format!("receive_{w}x{h}_{l}"), render(&app));
            feed(&mut app, &store, [key(KeyCode::F(7))]);
            // The proposed folder holds the test's own temporary path: a fixed one instead.
            app.scan.receiving.as_mut().unwrap().receipt_out = "s1-receipt".into();
            insta::assert_snapshot!(format!("receive_confirm_{w}x{h}_{l}"), render(&app));
        }
    }
}
