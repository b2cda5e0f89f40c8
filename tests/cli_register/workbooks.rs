//! Workbooks in: `depot import KIND FILE.xlsx` (and `.xls`, `.ods`) reads the sheets whose
//! header has the kind's columns, finds the header under title rows, skips total rows, and
//! names a bad cell by its sheet and reference; the rejected rows go back as a workbook.

use depot_testkit::cli::Env;

/// The cells of a sheet of the workbook at `path`, as text, from its first used cell.
fn sheet_cells(path: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut back = calamine::open_workbook_auto(path).unwrap();
    let range = back.worksheet_range(sheet).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "the sheet starts at A1");
    range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

/// `depot import KIND BOOK`, which must land.
fn import_ok(env: &Env, kind: &str, book: &std::path::Path) {
    env.depot()
        .args(["import", kind])
        .arg(book)
        .assert()
        .success();
}

/// The CSV export of `kind` as of a fixed day (so two databases compare).
fn export_csv(env: &Env, kind: &str) -> String {
    env.stdout(&["export", kind, "--out", "-", "--as-of", "2026-06-01"])
}

#[test]
fn a_workbook_exported_by_depot_imports_back_into_an_equal_register() {
    let from = Env::sample();
    for lang in ["en", "zh"] {
        let to = Env::reference();
        for kind in ["assets", "lots"] {
            let book = to.path(&format!("{kind}.xlsx"));
            from.depot()
                .args(["--lang", lang, "export", kind, "--format", "xlsx", "--out"])
                .arg(&book)
                .assert()
                .success();
            to.depot()
                .args(["--lang", lang, "import", kind])
                .arg(&book)
                .assert()
                .success();
        }
        for kind in ["assets", "lots"] {
            assert_eq!(
                export_csv(&from, kind),
                export_csv(&to, kind),
                "{kind} after a round trip through a workbook in {lang}"
            );
        }
    }
}

/// The register a spreadsheet program made (LibreOffice, from `register.fods`): three sheets,
/// title rows, totals, a sign-off line, real and text dates, names not codes, no barcodes.
fn fixture(ext: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/register")
        .join(format!("register.{ext}"))
}

/// The officer's decisions on the two names the sample's catalogue and places do not know.
const DECIDED: &str = "[items]\n\"抢险救援车\" = \"V-JY\"\n[places]\n\"滨江站\" = \"ZHAN-0102\"\n";

#[test]
fn a_register_without_barcodes_imports_after_one_round_of_decisions() {
    let env = Env::reference();
    let book = fixture("xlsx");
    let map = env.path("map.toml");
    // First: the columns are guessed, two names are not resolved, and nothing changes.
    let before = env.snapshot();
    let out = env
        .depot()
        .args(["--lang", "zh", "import", "register"])
        .arg(&book)
        .arg("--save-map")
        .arg(&map)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stdout.contains("车辆：表头在第 3 行"), "{stdout}");
    assert!(stdout.contains("→ `item_name`"), "{stdout}");
    assert!(
        stdout.contains("车辆!G5：“2018.6”只写到月或年，按 2018-06-01 计"),
        "{stdout}"
    );
    assert!(
        stderr.contains("未能识别：装备名称“抢险救援车”，见 车辆!B5；候选：V-JY 抢险救援消防车"),
        "{stderr}"
    );
    assert!(
        stderr.contains("“滨江站”，见 车辆!H5；候选：ZHAN-0102 青阳区滨江消防救援站"),
        "{stderr}"
    );
    assert!(stderr.contains("合计行"), "the total row is said: {stderr}");
    assert!(
        stderr.contains("器材!8：所读各列均为空，只有 '填表人：张三 审核人：李四'，已跳过"),
        "the sign-off line is no row: {stderr}"
    );
    assert_eq!(
        before,
        env.snapshot(),
        "an unresolved register changed the database"
    );
    let saved = std::fs::read_to_string(&map).unwrap();
    assert!(saved.contains("\"抢险救援车\" = \"\""), "{saved}");
    assert!(saved.contains("\"车牌号码\" = \"plate\""), "{saved}");

    // The officer decides in the map; without a prefix the pieces cannot get barcodes.
    let decided = saved
        .replace("\"抢险救援车\" = \"\"", "\"抢险救援车\" = \"V-JY\"")
        .replace("\"滨江站\" = \"\"", "\"滨江站\" = \"ZHAN-0102\"");
    std::fs::write(&map, decided).unwrap();
    let err = env.refused_cmd(&[
        "import",
        "register",
        book.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
    ]);
    assert!(err.contains("--barcode-prefix"), "{err}");

    let out = env.stdout(&[
        "import",
        "register",
        book.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--barcode-prefix",
        "JH",
    ]);
    assert!(
        out.contains("19 pieces, 2 lots; new barcodes JH000001–JH000021; print the labels: depot labels --import 1"),
        "{out}"
    );
    let assets = export_csv(&env, "assets");
    // Twelve breathing sets written once with 数量 12, three boats with their serials.
    assert_eq!(
        assets
            .matches(",P-KH,,ZHAN-0102,,,ready,2021-05-01,,")
            .count(),
        12
    );
    for (code, serial) in [("JH000015", "CF-01"), ("JH000017", "CF-03")] {
        assert!(
            assets.contains(&format!(
                "{code},R-CF,{serial},ZHAN-0101,,,maintenance,2020-07-01,,"
            )),
            "{assets}"
        );
    }
    assert!(assets.contains("JH000002,V-JY,,ZHAN-0102,,,ready,2018-06-01,,清A·1002应急"));
    let lots = export_csv(&env, "lots");
    assert!(
        lots.contains("JH000020,S-ZP,2024-01,CK-XJ-01,,200,2030-12-31,"),
        "{lots}"
    );
    assert!(
        lots.contains("JH000021,A-GF,,CK-XJ-01,,500,2028-06-01,"),
        "{lots}"
    );
    // One import in the ledger, each movement naming its sheet and row.
    let moves = export_csv(&env, "movements");
    assert_eq!(moves.matches(",import 1,").count(), 21, "{moves}");
    assert!(moves.contains("register.xlsx 物资:4"), "{moves}");
    env.verify_ok();

    // The labels of the import, place by place and shelf by shelf.
    env.stdout(&["labels", "--import", "1", "--out", "import.svg"]);
    let sheet = env.read("import.svg");
    let at = |code: &str| {
        sheet
            .find(code)
            .unwrap_or_else(|| panic!("{code} has no label"))
    };
    let walk = [
        "JH000020", // CK-XJ-01, A区3排
        "JH000021", // CK-XJ-01, B区
        "JH000015", // ZHAN-0101, 器材库
        "JH000018", // ZHAN-0102, 器材库1号架
        "JH000003", // ZHAN-0102, 器材库2号架
        "JH000001", // ZHAN-0102, 车库1号位
    ];
    for pair in walk.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }

    // The labelling counts: one per place, the import's pieces expected; what was not
    // scanned after the labels went on is listed.
    let ids = env.stdout(&["count", "open", "--import", "1"]);
    let ids: Vec<&str> = ids.lines().collect();
    assert_eq!(ids.len(), 3, "ZHAN-0101, ZHAN-0102 and CK-XJ-01: {ids:?}");
    // In code order: CK-XJ-01, ZHAN-0101 (the boats), ZHAN-0102.
    for code in ["JH000015", "JH000016"] {
        env.stdout(&["count", "scan", ids[1], code]);
    }
    let show = env.stdout(&["count", "show", ids[1]]);
    assert!(show.contains("expected 3  found 2"), "{show}");
    assert!(
        show.contains("missing     JH000017  1  R-CF  冲锋舟"),
        "the boat not scanned is missing: {show}"
    );
    // The unscanned boat's label, printed again.
    env.stdout(&["labels", "--count", ids[1], "--out", "again.svg"]);
    let again = env.read("again.svg");
    assert!(
        again.contains("JH000017") && !again.contains("JH000015"),
        "{again}"
    );
    let err = env.refused_cmd(&["count", "open", "--import", "9"]);
    assert!(err.contains("no register import 9"), "{err}");

    // A second import goes on with the sequence: a barcode is never given twice.
    let again = env.stdout(&[
        "import",
        "register",
        book.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(again.contains("JH000022–JH000042"), "{again}");

    // A copy made by migrate keeps the prefix, its sequence, the import and the shelves.
    let copy = env.path("copy.redb");
    env.stdout(&["migrate", "--to", copy.to_str().unwrap()]);
    let on_copy = |args: &[&str]| {
        let out = env
            .against(&copy)
            .args(["--operator", "测试员"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let again = on_copy(&[
        "import",
        "register",
        book.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(again.contains("JH000022–JH000042"), "{again}");
    on_copy(&["labels", "--import", "1", "--out", "copy.svg"]);
    let sheet = env.read("copy.svg");
    assert!(
        sheet.find("JH000018") < sheet.find("JH000003"),
        "shelves kept"
    );
}

#[test]
fn the_same_register_saved_as_xls_and_ods_gives_the_same_register() {
    let mut seen = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let env = Env::reference();
        let map = env.write("map.toml", DECIDED);
        env.depot()
            .args(["import", "register"])
            .arg(fixture(ext))
            .arg("--map")
            .arg(&map)
            .args(["--barcode-prefix", "JH"])
            .assert()
            .success();
        seen.push((ext, export_csv(&env, "assets") + &export_csv(&env, "lots")));
    }
    let (first, rest) = seen.split_first().unwrap();
    for (ext, register) in rest {
        assert_eq!(&first.1, register, "{ext} gave another register than xlsx");
    }
}

#[test]
fn a_bad_cell_of_a_workbook_is_named_by_its_sheet_and_reference_and_comes_back_in_a_workbook() {
    let env = Env::reference();
    let book = env.path("assets.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("资产").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        3,
        "青阳区装备登记表",
        &rust_xlsxwriter::Format::new(),
    )
    .unwrap();
    for (c, h) in ["条码", "品类编码", "所属单位", "启用日期"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, u16::try_from(c).unwrap(), *h).unwrap();
    }
    let rows = [
        ["QZX001", "V-SG", "ZHAN-0102", "2020-01-02"],
        ["QZX002", "V-SG", "ZHAN-0102", "2020-02-30"],
        ["合计", "", "", ""],
    ];
    for (r, row) in (2u32..).zip(rows) {
        for (c, v) in (0u16..).zip(row) {
            ws.write_string(r, c, v).unwrap();
        }
    }
    wb.save(&book).unwrap();
    let err = env.refused_cmd(&["import", "assets", book.to_str().unwrap()]);
    assert!(
        err.contains("assets.xlsx 资产!D4: column '启用日期' value '2020-02-30'"),
        "{err}"
    );
    assert!(err.contains("资产!5: a total row"), "{err}");
    // The rejects: a copy of the workbook, every row where it was, a reason beside the bad one.
    let rejects = env.path("assets.rejected.xlsx");
    // The title row is kept: the sheet starts at A1.
    let cells = sheet_cells(&rejects, "资产");
    assert_eq!(cells.len(), 5, "{cells:?}");
    assert_eq!(cells[1][4], "why rejected");
    assert_eq!((cells[2][0].as_str(), cells[2][4].as_str()), ("QZX001", ""));
    assert_eq!(cells[3][0], "QZX002");
    assert!(cells[3][4].contains("启用日期"), "{cells:?}");
    // Imported again as it is, the copy is refused at the same cell, and nothing else.
    let again = env.refused_cmd(&["import", "assets", rejects.to_str().unwrap()]);
    assert!(again.contains("assets.rejected.xlsx 资产!D4"), "{again}");
    assert_eq!(again.matches("error:").count(), 1, "{again}");
    // Fixed in the workbook, it imports.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["条码", "品类编码", "所属单位", "启用日期"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    ws.write_string(1, 0, "QZX002").unwrap();
    ws.write_string(1, 1, "V-SG").unwrap();
    ws.write_string(1, 2, "ZHAN-0102").unwrap();
    // A real date, shown as one.
    ws.write_datetime_with_format(
        1,
        3,
        rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 2, 28).unwrap(),
        &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
    )
    .unwrap();
    wb.save(&book).unwrap();
    import_ok(&env, "assets", &book);
    assert!(export_csv(&env, "assets").contains("QZX002,V-SG,,ZHAN-0102,,,ready,2020-02-28,,"));
}

#[test]
fn sheets_named_by_kind_go_each_to_their_own_import() {
    let env = Env::reference();
    let book = env.path("register.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheets: [(&str, &[&str], &[&str]); 2] = [
        (
            "资产",
            &["条码", "品类编码", "所属单位", "启用日期"],
            &["QZK001", "V-SG", "ZHAN-0102", "2020-01-02"],
        ),
        (
            "批次",
            &["条码", "品类编码", "所属单位", "数量"],
            &["QZK101", "S-ZP", "CK-SJ", "20"],
        ),
    ];
    for (name, header, row) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (c, (h, v)) in (0u16..).zip(header.iter().zip(row.iter())) {
            ws.write_string(0, c, *h).unwrap();
            ws.write_string(1, c, *v).unwrap();
        }
    }
    wb.save(&book).unwrap();
    // The lots sheet has the assets' required columns too: only the sheet named 资产 is read.
    let out = env
        .depot()
        .args(["import", "assets"])
        .arg(&book)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let assets = export_csv(&env, "assets");
    assert!(assets.contains("QZK001,V-SG"), "{assets}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("sheet '批次' is for lots"), "{said}");
    assert!(
        !assets.contains("QZK101"),
        "a lot imported as an asset: {assets}"
    );
    import_ok(&env, "lots", &book);
    assert!(export_csv(&env, "lots").contains("QZK101,S-ZP,,CK-SJ,,20,,"));
}

#[test]
fn a_registers_bad_rows_come_back_in_a_copy_of_it() {
    let env = Env::reference();
    let book = env.path("台账.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("器材").unwrap();
    ws.write_string(0, 0, "器材登记台账").unwrap();
    let rows: [&[&str]; 3] = [
        &["装备名称", "数量", "使用单位", "配发日期"],
        &["隔热服", "2", "ZHAN-0102", "2021-05-01"],
        &["隔热服", "十二", "ZHAN-0102", "2021-05-01"],
    ];
    for (r, row) in (1u32..).zip(rows) {
        for (c, v) in (0u16..).zip(row.iter()) {
            ws.write_string(r, c, *v).unwrap();
        }
    }
    wb.save(&book).unwrap();
    let args = [
        "--lang",
        "zh",
        "import",
        "register",
        "台账.xlsx",
        "--barcode-prefix",
        "JH",
    ];
    let out = env.depot().args(args).output().unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("台账.xlsx 器材!B4：列 '数量' 的值 '十二'"),
        "{said}"
    );
    assert!(said.contains("台账.rejected.xlsx"), "{said}");
    let cells = sheet_cells(&env.path("台账.rejected.xlsx"), "器材");
    assert_eq!(cells[1][4], "退回原因", "{cells:?}");
    assert_eq!(cells[2][4], "", "{cells:?}");
    assert!(cells[3][4].contains("不是数量"), "{cells:?}");
    assert_eq!(env.movement_count(), 0);
}
