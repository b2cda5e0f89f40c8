use super::*;

fn body() -> Unsigned {
    Unsigned {
        schema_version: SCHEMA_VERSION,
        kind: KIND.to_owned(),
        id: "ZD-A-7".to_owned(),
        from: Depot {
            code: "ZD-A".to_owned(),
            name: "甲支队".to_owned(),
        },
        to: "ZD-B".to_owned(),
        created: "2026-12-01T09:00:00+08:00".to_owned(),
        return_by: Some("2026-12-20".to_owned()),
        reference: None,
        files: Vec::new(),
        public_key: String::new(),
    }
}

fn piece(barcode: &str) -> Piece {
    Piece {
        barcode: barcode.to_owned(),
        item: "PUMP".to_owned(),
        tracking: "serial".to_owned(),
        quantity: "1".to_owned(),
        serial: "S, \"1\"".to_owned(),
        lot: String::new(),
        module: "water".to_owned(),
        status: "ready".to_owned(),
        commissioned: "2020-01-01".to_owned(),
        last_inspected: String::new(),
        expires: String::new(),
        plate: String::new(),
        seq: 7,
        hash: "ab".repeat(32),
    }
}

fn written() -> (tempfile::TempDir, Shipment) {
    let dir = tempfile::tempdir().unwrap();
    let key = DepotKey::generate().unwrap();
    let s = write(dir.path(), body(), &[piece("A1"), piece("A2")], &key).unwrap();
    (dir, s)
}

#[test]
fn a_written_shipment_checks_with_its_pieces() {
    let (dir, s) = written();
    let c = check(dir.path()).unwrap();
    assert_eq!(c.shipment, s);
    assert_eq!(c.pieces, vec![piece("A1"), piece("A2")]);
    assert_eq!(c.shipment.body.files[0].rows, 2);
}

#[test]
fn an_edited_piece_list_is_refused() {
    let (dir, _) = written();
    let p = dir.path().join(PIECES);
    let text = std::fs::read_to_string(&p).unwrap().replace("A2", "A3");
    std::fs::write(&p, text).unwrap();
    let e = check(dir.path()).unwrap_err();
    assert_eq!(e.0.key(), "FileChanged", "{e}");
}

#[test]
fn an_edited_manifest_is_refused() {
    let (dir, _) = written();
    let p = dir.path().join(MANIFEST);
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("\"ZD-B\"", "\"ZD-C\"");
    std::fs::write(&p, text).unwrap();
    let e = check(dir.path()).unwrap_err();
    assert_eq!(e.0.key(), "BadSignature", "{e}");
}

#[test]
fn a_newer_version_is_refused_as_such() {
    let (dir, _) = written();
    let p = dir.path().join(MANIFEST);
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("\"schema_version\": 1", "\"schema_version\": 2");
    std::fs::write(&p, text).unwrap();
    let e = check(dir.path()).unwrap_err();
    assert_eq!(e.0.key(), "SchemaVersion", "{e}");
    assert!(e.to_string().contains("update depot"), "{e}");
}

/// `schemas/shipment.json` lists the manifest's fields in signing order and the columns of
/// `pieces.csv` as written.
#[test]
fn the_published_schema_matches_what_is_written() {
    let (_, schema) = crate::columns::published("shipment");
    let (dir, _) = written();
    let json = std::fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
    assert_eq!(crate::columns::assert_signing_order(&schema, &json), 11);
    let columns: Vec<&str> = schema["pieces_csv"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(columns, COLUMNS);
    let csv = std::fs::read_to_string(dir.path().join(PIECES)).unwrap();
    assert_eq!(csv.lines().next().unwrap(), COLUMNS.join(","));
}
