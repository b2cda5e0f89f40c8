//! Bad input of issue 2: each is refused with an error naming file, line, column and value,
//! exits non-zero, writes the rejected rows beside the input with a reason column, and changes
//! nothing. `Env::refused` checks the exit code and the unchanged register for every case.

use depot_testkit::cli::{ASSETS_HEADER, Env, LOTS_HEADER, assert_row_error, error_lines};

/// An asset of the sample catalogue that is fine on its own.
fn asset(barcode: &str) -> String {
    format!("{barcode},V-SG,SN-{barcode},ZHAN-0001,,,ready,2020-01-01,2026-01-01,\n")
}

/// Asserts that the rejects file of `name` has the input's header plus `reason`, and exactly
/// the rows whose first cell is in `barcodes`, each with a reason mentioning `words`.
fn assert_rejects(env: &Env, name: &str, header: &str, rows: &[(&str, &str)]) {
    let (h, got) = env.rejects(name);
    let mut want_header: Vec<String> = header.trim_end().split(',').map(String::from).collect();
    want_header.push("reason".into());
    assert_eq!(h, want_header);
    assert_eq!(got.len(), rows.len(), "rejected rows: {got:?}");
    for (row, (barcode, word)) in got.iter().zip(rows) {
        assert_eq!(row.first().map(String::as_str), Some(*barcode), "{row:?}");
        assert_eq!(row.len(), want_header.len(), "{row:?}");
        let reason = row.last().unwrap();
        assert!(reason.contains(word), "reason '{reason}' lacks '{word}'");
    }
}

#[test]
fn duplicate_barcode_within_a_file() {
    let env = Env::sample();
    let file = format!("{ASSETS_HEADER}{}{}", asset("QZT0001"), asset("QZT0001"));
    let err = env.refused("assets", "assets.csv", file);
    assert_row_error(&err, "assets.csv", 3, "barcode", "QZT0001");
    assert!(err.contains("already used at assets.csv:2"), "{err}");
    assert_rejects(&env, "assets.csv", ASSETS_HEADER, &[("QZT0001", "barcode")]);
}

#[test]
fn barcode_of_an_existing_asset_imported_as_a_lot() {
    let env = Env::sample();
    // QZ56977190 is an asset of the sample; QZL83109967 a lot.
    let file = format!("{LOTS_HEADER}QZ56977190,O-SD,,CK-SJ,,10,,\n");
    let err = env.refused("lots", "lots.csv", file);
    assert_row_error(&err, "lots.csv", 2, "barcode", "QZ56977190");
    assert!(err.contains("already an asset"), "{err}");
    assert_rejects(&env, "lots.csv", LOTS_HEADER, &[("QZ56977190", "barcode")]);

    let file = format!("{ASSETS_HEADER}{}", asset("QZL83109967"));
    let err = env.refused("assets", "assets.csv", file);
    assert_row_error(&err, "assets.csv", 2, "barcode", "QZL83109967");
    assert!(err.contains("already a lot"), "{err}");
}

#[test]
fn duplicate_barcode_across_assets_and_lots_of_one_import() {
    let env = Env::sample();
    env.write(
        "new/assets.csv",
        format!("{ASSETS_HEADER}{}", asset("QZT0002")),
    );
    env.write(
        "new/lots.csv",
        format!("{LOTS_HEADER}QZT0002,O-SD,,CK-SJ,,10,,\n"),
    );
    let err = env.refused_cmd(&["import", "new"]);
    assert_row_error(&err, "new/lots.csv", 2, "barcode", "QZT0002");
    assert!(err.contains("already used at new/assets.csv:2"), "{err}");
    assert_rejects(&env, "new/lots.csv", LOTS_HEADER, &[("QZT0002", "barcode")]);
}

#[test]
fn unknown_item_owner_and_module_all_reported() {
    let env = Env::sample();
    let file = format!(
        "{ASSETS_HEADER}{}{}{}{}",
        "QZT0010,NOPE,,ZHAN-0001,,,,2020-01-01,,\n",
        "QZT0011,V-SG,,ZHAN-9999,,,,2020-01-01,,\n",
        asset("QZT0012"),
        "QZT0013,V-SG,,ZHAN-0001,,lava,,2020-01-01,,\n",
    );
    let err = env.refused("assets", "assets.csv", file);
    assert_row_error(&err, "assets.csv", 2, "item", "NOPE");
    assert_row_error(&err, "assets.csv", 3, "owner", "ZHAN-9999");
    assert_row_error(&err, "assets.csv", 5, "module", "lava");
    assert!(err.contains("not in the catalogue"), "{err}");
    assert!(err.contains("no unit or warehouse has this code"), "{err}");
    assert!(err.contains("no module has this code"), "{err}");
    // Every bad row, not the first: three errors, counted in the summary.
    assert_eq!(error_lines(&err).len(), 3, "{err}");
    assert!(err.contains("3 bad rows"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_rejects(
        &env,
        "assets.csv",
        ASSETS_HEADER,
        &[
            ("QZT0010", "item"),
            ("QZT0011", "owner"),
            ("QZT0013", "module"),
        ],
    );
}

#[test]
fn three_different_bad_rows_give_three_errors() {
    let env = Env::sample();
    let file = format!(
        "{LOTS_HEADER}{}{}{}{}",
        "QZT0020,O-SD,,CK-SJ,,-1,,\n",
        "QZT0021,O-SD,,CK-SJ,,10,2026-13-01,\n",
        "QZT0022,O-SD,,CK-SJ,,10,,\n",
        "QZT0023,V-SG,,CK-SJ,,10,,\n",
    );
    let err = env.refused("lots", "lots.csv", file);
    assert_eq!(error_lines(&err).len(), 3, "{err}");
    assert_row_error(&err, "lots.csv", 2, "quantity", "-1");
    assert_row_error(&err, "lots.csv", 3, "expires", "2026-13-01");
    assert_row_error(&err, "lots.csv", 5, "item", "V-SG");
    assert_rejects(
        &env,
        "lots.csv",
        LOTS_HEADER,
        &[
            ("QZT0020", "quantity"),
            ("QZT0021", "expires"),
            ("QZT0023", "item"),
        ],
    );
}

#[test]
fn lot_item_as_an_asset_and_the_reverse() {
    let env = Env::sample();
    let file = format!("{ASSETS_HEADER}QZT0030,A-AF,,ZHAN-0001,,,,,,\n");
    let err = env.refused("assets", "assets.csv", file);
    assert_row_error(&err, "assets.csv", 2, "item", "A-AF");
    assert!(err.contains("a lot item: it belongs in lots.csv"), "{err}");
    assert_rejects(
        &env,
        "assets.csv",
        ASSETS_HEADER,
        &[("QZT0030", "lots.csv")],
    );

    let file = format!("{LOTS_HEADER}QZT0031,V-SG,,CK-SJ,,1,,\n");
    let err = env.refused("lots", "lots.csv", file);
    assert_row_error(&err, "lots.csv", 2, "item", "V-SG");
    assert!(
        err.contains("a serial item: it belongs in assets.csv"),
        "{err}"
    );
    assert_rejects(&env, "lots.csv", LOTS_HEADER, &[("QZT0031", "assets.csv")]);
}

#[test]
fn impossible_dates() {
    let env = Env::sample();
    let file = format!(
        "{ASSETS_HEADER}{}{}",
        "QZT0040,V-SG,,ZHAN-0001,,,,2019-02-30,,\n",
        "QZT0041,V-SG,,ZHAN-0001,,,,2020-01-01,2019年2月30日,\n",
    );
    let err = env.refused("assets", "assets.csv", file);
    assert_row_error(&err, "assets.csv", 2, "commissioned", "2019-02-30");
    assert_row_error(&err, "assets.csv", 3, "last_inspected", "2019年2月30日");
    assert!(err.contains("no such date: 2019-02-30"), "{err}");
    assert_rejects(
        &env,
        "assets.csv",
        ASSETS_HEADER,
        &[("QZT0040", "commissioned"), ("QZT0041", "last_inspected")],
    );
}

#[test]
fn negative_and_non_numeric_quantities() {
    let env = Env::sample();
    let file = format!(
        "{LOTS_HEADER}{}{}{}{}",
        "QZT0050,O-SD,,CK-SJ,,-5,,\n",
        "QZT0051,O-SD,,CK-SJ,,abc,,\n",
        "QZT0052,O-SD,,CK-SJ,,\"1,000\",,\n",
        "QZT0053,O-SD,,CK-SJ,,,,\n",
    );
    let err = env.refused("lots", "lots.csv", file);
    assert_eq!(error_lines(&err).len(), 4, "{err}");
    assert_row_error(&err, "lots.csv", 2, "quantity", "-5");
    assert_row_error(&err, "lots.csv", 3, "quantity", "abc");
    assert_row_error(&err, "lots.csv", 4, "quantity", "1,000");
    assert_row_error(&err, "lots.csv", 5, "quantity", "");
    assert!(err.contains("negative"), "{err}");
    assert!(err.contains("not a decimal"), "{err}");
    assert!(err.contains("thousands separators"), "{err}");
    assert!(err.contains("required"), "{err}");
    assert_rejects(
        &env,
        "lots.csv",
        LOTS_HEADER,
        &[
            ("QZT0050", "quantity"),
            ("QZT0051", "quantity"),
            ("QZT0052", "quantity"),
            ("QZT0053", "quantity"),
        ],
    );
}

#[test]
fn missing_required_column_rejects_the_whole_file() {
    let env = Env::sample();
    let file = "barcode,item,serial,location,commissioned\nQZT0060,V-SG,S1,,2020-01-01\n";
    let err = env.refused("assets", "assets.csv", file);
    assert!(
        err.contains("assets.csv: the required column 'owner' is missing"),
        "{err}"
    );
    // The same file under Chinese headers is missing the same column.
    let file = "条码,品类编码,启用日期\nQZT0060,V-SG,2020-01-01\n";
    let err = env.refused("assets", "zh.csv", file);
    assert!(err.contains("zh.csv: the required column 'owner'"), "{err}");
}

#[test]
fn unknown_enumeration_value_lists_the_allowed_ones() {
    let env = Env::sample();
    let file = format!("{ASSETS_HEADER}QZT0070,V-SG,,ZHAN-0001,,,broken,2020-01-01,,\n");
    let err = env.refused("assets", "assets.csv", file);
    assert_row_error(&err, "assets.csv", 2, "status", "broken");
    assert!(
        err.contains("expected one of ready, maintenance, out_of_service, retired"),
        "{err}"
    );
    assert_rejects(&env, "assets.csv", ASSETS_HEADER, &[("QZT0070", "status")]);

    let file = "item,name,category,tracking,uom\nX-1,新品,vehicle,bulk,台\n";
    let err = env.refused("catalog", "catalog.csv", file);
    assert_row_error(&err, "catalog.csv", 2, "tracking", "bulk");
    assert!(err.contains("expected one of serial, lot"), "{err}");
}

#[test]
fn utf16_file_is_refused() {
    let env = Env::sample();
    let text = format!("{ASSETS_HEADER}{}", asset("QZT0080"));
    let mut with_bom = vec![0xFF, 0xFE];
    let mut without_bom = Vec::new();
    for u in text.encode_utf16() {
        with_bom.extend_from_slice(&u.to_le_bytes());
        without_bom.extend_from_slice(&u.to_le_bytes());
    }
    let err = env.refused("assets", "assets.csv", with_bom);
    assert!(err.contains("assets.csv: the file is UTF-16 text"), "{err}");
    let err = env.refused("assets", "assets.csv", without_bom);
    assert!(err.contains("assets.csv: the file is binary data"), "{err}");
}

#[test]
fn bytes_that_are_neither_utf8_nor_gb18030_are_refused() {
    let env = Env::sample();
    let mut bytes = ASSETS_HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"QZT0090,V-SG,\xFF\xFF\x80,ZHAN-0001,,,,2020-01-01,,\n");
    let err = env.refused("assets", "assets.csv", &bytes);
    assert!(err.contains("assets.csv"), "{err}");
    assert!(err.contains("neither UTF-8 nor GB18030"), "{err}");
    assert!(err.contains("at line 2"), "{err}");
    // Named explicitly, either encoding refuses the bytes too.
    for enc in ["utf-8", "gb18030"] {
        let err = env.refused_cmd(&["import", "assets", "assets.csv", "--encoding", enc]);
        assert!(err.contains("invalid byte 0x"), "{enc}: {err}");
    }
}

#[test]
fn empty_files_are_refused() {
    let env = Env::sample();
    for (name, content) in [
        ("empty.csv", &b""[..]),
        ("bom.csv", b"\xEF\xBB\xBF"),
        ("blank.csv", b"\n\r\n  \n"),
    ] {
        let err = env.refused("assets", name, content);
        assert!(
            err.contains(&format!("{name}: the file is empty")),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_bad_file_in_a_directory_import_stops_the_whole_import() {
    let env = Env::reference();
    env.write(
        "dir/assets.csv",
        format!("{ASSETS_HEADER}{}", asset("QZT0100")),
    );
    env.write(
        "dir/lots.csv",
        format!("{LOTS_HEADER}QZT0101,O-SD,,CK-SJ,,x,,\n"),
    );
    let err = env.refused_cmd(&["import", "dir"]);
    assert_row_error(&err, "dir/lots.csv", 2, "quantity", "x");
    assert!(!env.export("assets").contains("QZT0100"));
}

/// Issue 19 finding 8: a commissioning or an inspection in the future cannot be true, in an
/// import as at the scan station (the service's one rule for each kind of date).
#[test]
fn dates_in_the_future_are_refused() {
    let env = Env::sample();
    let file = format!(
        "{ASSETS_HEADER}{}{}",
        "QZT0042,V-SG,,ZHAN-0001,,,,2030年3月5日,,\n",
        "QZT0043,V-SG,,ZHAN-0001,,,,2020-01-01,2099-01-01,\n",
    );
    let err = env.refused("assets", "assets.csv", file);
    assert_row_error(&err, "assets.csv", 2, "commissioned", "2030-03-05");
    assert_row_error(&err, "assets.csv", 3, "last_inspected", "2099-01-01");
    assert!(err.contains("is after today"), "{err}");
}
