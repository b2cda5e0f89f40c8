//! What spreadsheets write and read: GB18030 and BOMs, Chinese headers and words, date forms,
//! full-width codes; Excel-mode and GB18030 exports.

use depot_domain::Vocabulary;
use depot_service::store::StockView;
use encoding_rs::GB18030;
use predicates::prelude::*;

use depot_testkit::cli::{ASSETS_HEADER, Env, LOTS_HEADER};

/// The exported row of `barcode`, split into cells (no quoted cells in these tests).
fn exported_row(env: &Env, kind: &str, barcode: &str) -> Vec<String> {
    let text = env.export(kind);
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{barcode},")))
        .unwrap_or_else(|| panic!("{barcode} not in the {kind} export:\n{text}"));
    line.split(',').map(String::from).collect()
}

#[test]
fn gb18030_file_with_chinese_headers_and_words() {
    let env = Env::reference();
    let text = "条码,品类编码,出厂编号,所属单位,当前位置,模块,状态,启用日期,上次检测日期,车牌号\n\
                QZG001,V-SG,厂号一,ZHAN-0001,,,维修,2020-05-06,2026-01-02,清A·0001应急\n\
                QZG002,P-KH,,CK-SJ,,water,停用,2021-07-08,,\n";
    let (bytes, _, unmappable) = GB18030.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test file must not be UTF-8"
    );
    env.write("资产.csv", &bytes);
    let before = env.movement_count();
    env.depot()
        .args(["import", "assets", "资产.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "assets: 2 new, 0 changed, 0 unchanged",
        ));
    assert_eq!(env.movement_count(), before + 2);
    assert_eq!(
        exported_row(&env, "assets", "QZG001"),
        [
            "QZG001",
            "V-SG",
            "厂号一",
            "ZHAN-0001",
            "",
            "",
            "maintenance",
            "2020-05-06",
            "2026-01-02",
            "清A·0001应急"
        ]
    );
    let row = exported_row(&env, "assets", "QZG002");
    assert_eq!(
        (row[5].as_str(), row[6].as_str()),
        ("water", "out_of_service")
    );
    env.verify_ok();
}

#[test]
fn explicit_gb18030_encoding_option() {
    let env = Env::reference();
    let text = format!("{LOTS_HEADER}QZG010,S-ZP,批号甲,CK-SJ,life_support,12,2030-01-01,\n");
    let (bytes, _, _) = GB18030.encode(&text);
    env.write("lots.csv", &bytes);
    env.depot()
        .args(["import", "lots", "lots.csv", "--encoding", "gb18030"])
        .assert()
        .success();
    assert_eq!(exported_row(&env, "lots", "QZG010")[2], "批号甲");
}

#[test]
fn utf8_with_bom_and_chinese_lot_headers() {
    let env = Env::reference();
    let text = "\u{feff}条码,品类编码,批号,所属单位,模块,数量,有效期至,入库日期\r\n\
                QZB001,A-GF,批-1,CK-SJ,life_support,40.5,2027年1月2日,2026/3/4\r\n";
    env.write("lots.csv", text);
    env.depot()
        .args(["import", "lots", "lots.csv"])
        .assert()
        .success();
    assert_eq!(
        exported_row(&env, "lots", "QZB001"),
        [
            "QZB001",
            "A-GF",
            "批-1",
            "CK-SJ",
            "life_support",
            "40.5",
            "2027-01-02",
            "2026-03-04"
        ]
    );
}

#[test]
fn date_forms_full_width_codes_and_chinese_status() {
    let env = Env::reference();
    let file = format!(
        "{ASSETS_HEADER}{}{}{}{}",
        "QZD001,V-SG,,ZHAN-0001,,,完好,2020/3/5,2024.11.9,\n",
        "QZD002,V-SG,,ZHAN-0001,,,报废,2020.3.5,2024/1/9,\n",
        "QZD003,V-SG,,ZHAN-0001,,,Maintenance,2020年3月5日,2024年12月31日,\n",
        "ＱＺ００１,Ｖ－ＳＧ, ,ＺＨＡＮ－０００１ ,,ｗａｔｅｒ,,2020-03-05,,\n",
    );
    env.write("assets.csv", file);
    env.depot()
        .args(["import", "assets", "assets.csv"])
        .assert()
        .success();
    let d1 = exported_row(&env, "assets", "QZD001");
    assert_eq!(
        (d1[6].as_str(), d1[7].as_str(), d1[8].as_str()),
        ("ready", "2020-03-05", "2024-11-09")
    );
    let d2 = exported_row(&env, "assets", "QZD002");
    assert_eq!(
        (d2[6].as_str(), d2[7].as_str(), d2[8].as_str()),
        ("retired", "2020-03-05", "2024-01-09")
    );
    let d3 = exported_row(&env, "assets", "QZD003");
    assert_eq!(
        (d3[6].as_str(), d3[7].as_str(), d3[8].as_str()),
        ("maintenance", "2020-03-05", "2024-12-31")
    );
    let fw = exported_row(&env, "assets", "QZ001");
    assert_eq!(
        fw,
        [
            "QZ001",
            "V-SG",
            "",
            "ZHAN-0001",
            "",
            "water",
            "ready",
            "2020-03-05",
            "",
            ""
        ]
    );
    // Folded codes are the same codes: the full-width barcode is QZ001 for a re-import too.
    env.write(
        "again.csv",
        format!("{ASSETS_HEADER}QZ001,V-SG,,ZHAN-0001,,water,,2020-03-05,,\n"),
    );
    env.depot()
        .args(["import", "assets", "again.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "assets: 0 new, 0 changed, 1 unchanged",
        ));
}

#[test]
fn chinese_booleans_and_enumerations_in_reference_files() {
    let env = Env::reference();
    env.write(
        "ref/units.csv",
        "单位编码,单位名称,单位类型,上级单位编码,站级\n\
         ZHAN-9001,测试一级站,消防救援站,DD-01,一级站\n\
         XZ-9001,测试乡镇队,乡镇专职队,DD-01,\n",
    );
    env.write(
        "ref/warehouses.csv",
        "储备库编码,储备库名称,级别,所属单位编码,协议储备,协议企业\n\
         CK-T1,测试协议库,县级,DD-01,是,某企业\n\
         CK-T2,测试库,省级,DD-01,否,\n",
    );
    env.write(
        "ref/catalog.csv",
        "品类编码,品类名称,类别,管理方式,计量单位,使用年限,检测周期天数,高精尖,单价\n\
         T-CAR,测试车,车辆,单件,辆,15,365,是,100.50\n\
         T-BAG,测试袋,保障物资,批次,个,,,否,\n",
    );
    env.depot().args(["import", "ref"]).assert().success();
    let store = depot_service::store::open(&env.db).unwrap();
    let r = store.read().unwrap();
    let car = r.item("T-CAR").unwrap().unwrap();
    assert!(car.high_end);
    assert_eq!(
        (
            car.category.en(),
            car.tracking.en(),
            car.life_years,
            car.inspect_days
        ),
        ("vehicle", "serial", Some(15), Some(365))
    );
    assert_eq!(
        car.unit_price.map(|p| p.to_string()).as_deref(),
        Some("100.50")
    );
    let bag = r.item("T-BAG").unwrap().unwrap();
    assert_eq!((bag.high_end, bag.tracking.en()), (false, "lot"));
    let t1 = r.warehouse("CK-T1").unwrap().unwrap();
    assert!(t1.agreement);
    assert_eq!(t1.level.en(), "county");
    assert!(!r.warehouse("CK-T2").unwrap().unwrap().agreement);
    let u = r.unit("ZHAN-9001").unwrap().unwrap();
    assert_eq!(
        (u.kind.en(), u.class.map(|c| c.en())),
        ("station", Some("level1"))
    );
    assert_eq!(r.unit("XZ-9001").unwrap().unwrap().kind.en(), "township");
}

#[test]
fn excel_export_has_bom_crlf_and_guards_text_cells_only() {
    let env = Env::reference();
    env.write(
        "assets.csv",
        format!(
            "{ASSETS_HEADER}QZE001,V-SG,=1+2,ZHAN-0001,,,,2020-01-01,,@SUM(A1)\n\
             QZE002,V-SG,-3,ZHAN-0001,,,,2020-01-01,,+CMD\n"
        ),
    );
    env.write(
        "lots.csv",
        format!("{LOTS_HEADER}QZE010,O-SD,=HYPERLINK(1),CK-SJ,,10,,\n"),
    );
    env.depot()
        .args(["import", "assets", "assets.csv"])
        .assert()
        .success();
    env.depot()
        .args(["import", "lots", "lots.csv"])
        .assert()
        .success();
    // A stock-take finds 3 bags fewer: an adjustment of -3, a negative number.
    env.write(
        "lots.csv",
        format!("{LOTS_HEADER}QZE010,O-SD,=HYPERLINK(1),CK-SJ,,7,,\n"),
    );
    env.depot()
        .args(["import", "lots", "lots.csv"])
        .assert()
        .success();

    let excel = |kind: &str| {
        let out = env
            .depot()
            .args(["export", kind, "--excel", "--out", "-"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let assets = excel("assets");
    assert!(assets.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = String::from_utf8(assets[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "bare LF"
    );
    assert!(
        text.contains("QZE001,V-SG,'=1+2,ZHAN-0001,,,ready,2020-01-01,,'@SUM(A1)\r\n"),
        "{text}"
    );
    assert!(
        text.contains("QZE002,V-SG,'-3,ZHAN-0001,,,ready,2020-01-01,,'+CMD\r\n"),
        "{text}"
    );
    // Without --excel nothing is guarded.
    assert!(
        env.export("assets")
            .contains("QZE001,V-SG,=1+2,ZHAN-0001,,,ready,2020-01-01,,@SUM(A1)\n")
    );

    let lots = String::from_utf8(excel("lots")[3..].to_vec()).unwrap();
    assert!(
        lots.contains("QZE010,O-SD,'=HYPERLINK(1),CK-SJ,,7,,\r\n"),
        "{lots}"
    );
    // Numeric columns stay numbers, even a negative one.
    let moves = String::from_utf8(excel("movements")[3..].to_vec()).unwrap();
    let adjust = moves
        .lines()
        .find(|l| l.contains(",adjust,QZE010,"))
        .unwrap_or_else(|| panic!("no adjustment in:\n{moves}"));
    assert!(adjust.contains(",adjust,QZE010,O-SD,-3,"), "{adjust}");
    assert!(!adjust.starts_with('\''), "{adjust}");
}

#[test]
fn gb18030_export_decodes_to_the_same_text() {
    let env = Env::sample();
    for kind in ["assets", "lots", "inventory", "movements"] {
        let args = ["export", kind, "--out", "-", "--as-of", "2026-01-01"];
        let utf8 = env.stdout(&args);
        let out = env
            .depot()
            .args(args)
            .args(["--encoding", "gb18030"])
            .output()
            .unwrap();
        assert!(out.status.success());
        if matches!(kind, "assets" | "inventory") {
            assert!(
                std::str::from_utf8(&out.stdout).is_err(),
                "{kind}: the sample has Chinese text here, so GB18030 output is not UTF-8"
            );
        }
        let (decoded, _, malformed) = GB18030.decode(&out.stdout);
        assert!(!malformed);
        assert_eq!(decoded, utf8, "{kind}");
    }
}

#[test]
fn gb18030_export_fails_loudly_on_a_character_it_cannot_hold() {
    let env = Env::reference();
    env.write(
        "assets.csv",
        format!("{ASSETS_HEADER}QZU001,V-SG,ok,ZHAN-0001,,,,2020-01-01,,\nQZU002,V-SG,x\u{e5e5}y,ZHAN-0001,,,,2020-01-01,,\n"),
    );
    env.depot()
        .args(["import", "assets", "assets.csv"])
        .assert()
        .success();
    env.depot()
        .args([
            "export",
            "assets",
            "--encoding",
            "gb18030",
            "--out",
            "out.csv",
        ])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("row 2, column 'serial'")
                .and(predicate::str::contains("U+E5E5")),
        );
    assert!(
        !env.path("out.csv").exists(),
        "a failed export left a file behind"
    );
}
