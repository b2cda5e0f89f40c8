//! Unit tests of the cell parsers.

use super::*;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn fold_code_folds_full_width_and_trims() {
    assert_eq!(fold_code("  ＡＢ１２ "), "AB12");
    assert_eq!(fold_code("\u{3000}ａｂ－９\u{3000}"), "ab-9");
    assert_eq!(fold_code("Ab"), "Ab");
    assert_eq!(fold_code("消防　站"), "消防 站");
    assert_eq!(fold_code("！～"), "!~");
}

#[test]
fn codes() {
    assert_eq!(parse_code(" ＺＤ－０１ ", None).unwrap(), "ZD-01");
    assert_eq!(parse_code("abC", Some(3)).unwrap(), "abC");
    assert!(
        parse_code("   ", None)
            .unwrap_err()
            .reason
            .starts_with("empty")
    );
    assert!(
        parse_code("abcd", Some(3))
            .unwrap_err()
            .reason
            .contains("at most 3")
    );
    let e = parse_code("站01", Some(32)).unwrap_err();
    assert!(e.reason.contains("U+7AD9"), "{e}");
    assert!(parse_code("a\tb", None).is_err());
    assert_eq!(parse_code(&"x".repeat(32), Some(32)).unwrap().len(), 32);
    assert!(parse_code(&"x".repeat(33), Some(32)).is_err());
}

#[test]
fn every_date_form() {
    let d = date(2019, 3, 7);
    for s in [
        "2019-03-07",
        "2019-3-7",
        "2019/3/7",
        "2019/03/07",
        "2019.3.7",
        "2019.03.07",
        "2019年3月7日",
        "2019年03月07日",
        " ２０１９－０３－０７ ",
        "２０１９年３月７日",
    ] {
        assert_eq!(parse_date(s).unwrap(), d, "{s}");
    }
}

#[test]
fn impossible_and_malformed_dates() {
    for s in [
        "2019-02-30",
        "2019/2/29",
        "2023年13月1日",
        "2019.04.31",
        "2020-00-10",
    ] {
        let e = parse_date(s).unwrap_err();
        assert!(e.reason.starts_with("no such date"), "{s}: {e}");
    }
    assert_eq!(parse_date("2020-02-29").unwrap(), date(2020, 2, 29));
    for s in [
        "",
        "2019",
        "19-3-7",
        "2019-3",
        "2019-3-7-1",
        "2019/3-7",
        "2019年3月7",
        "7.3.2019",
        "2019-003-07",
        "2019-03-07T00:00",
        "abc",
        "2019-+3-07",
    ] {
        let e = parse_date(s).unwrap_err();
        assert!(!e.reason.starts_with("no such date"), "{s}: {e}");
        assert!(e.reason.contains("YYYY-MM-DD"), "{s}: {e}");
    }
}

#[test]
fn timestamps() {
    let t = parse_timestamp("2024-03-01T08:30:00+08:00").unwrap();
    assert_eq!(t.offset().local_minus_utc(), 8 * 3600);
    assert!(parse_timestamp("2024-03-01T00:30:00Z").is_ok());
    assert!(parse_timestamp("2024-03-01 08:30:00").is_err());
    assert!(parse_timestamp("2024-03-01").is_err());
}

#[test]
fn decimals() {
    assert_eq!(parse_decimal("12").unwrap(), Decimal::from(12));
    assert_eq!(parse_decimal("-3.50").unwrap().to_string(), "-3.50");
    assert_eq!(parse_decimal("１２．５").unwrap().to_string(), "12.5");
    assert_eq!(parse_decimal(" 0.001 ").unwrap().to_string(), "0.001");
    let cases = [
        ("1,000", "thousands"),
        ("1，000", "thousands"),
        ("1e3", "exponents"),
        ("2.5E-1", "exponents"),
        ("abc", "expected digits"),
        ("NaN", "expected digits"),
        ("inf", "expected digits"),
        ("", "empty"),
        ("+1", "expected digits"),
        (".5", "expected digits"),
        ("5.", "expected digits"),
        ("1.2.3", "expected digits"),
        ("--1", "expected digits"),
        ("1 000", "expected digits"),
    ];
    for (s, why) in cases {
        let e = parse_decimal(s).unwrap_err();
        assert!(e.reason.contains(why), "{s}: {e}");
    }
    assert!(
        parse_decimal(&"9".repeat(40))
            .unwrap_err()
            .reason
            .contains("too large")
    );
}

#[test]
fn quantities_and_whole_numbers() {
    assert_eq!(parse_quantity("0").unwrap(), Decimal::ZERO);
    assert!(!parse_quantity("-0").unwrap().is_sign_negative());
    assert_eq!(parse_quantity("2.5").unwrap().to_string(), "2.5");
    assert!(
        parse_quantity("-1")
            .unwrap_err()
            .reason
            .contains("negative")
    );
    assert_eq!(parse_u32(" ８ ").unwrap(), 8);
    assert_eq!(parse_u32("4294967295").unwrap(), u32::MAX);
    assert!(
        parse_u32("4294967296")
            .unwrap_err()
            .reason
            .contains("too large")
    );
    for s in ["-1", "1.0", "", "x"] {
        assert!(parse_u32(s).is_err(), "{s}");
    }
}

#[test]
fn booleans() {
    for s in ["yes", "YES", "Yes", "true", "TRUE", "1", "是", " ｙｅｓ "] {
        assert!(parse_bool(s).unwrap(), "{s}");
    }
    for s in ["no", "No", "false", "False", "0", "否"] {
        assert!(!parse_bool(s).unwrap(), "{s}");
    }
    for s in ["", "y", "2", "对", "maybe"] {
        assert!(parse_bool(s).unwrap_err().reason.contains("yes/no"), "{s}");
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Corps,
    Detachment,
    Station,
}

impl Vocabulary for Kind {
    const ALL: &'static [Self] = &[Self::Corps, Self::Detachment, Self::Station];
    fn en(self) -> &'static str {
        match self {
            Self::Corps => "corps",
            Self::Detachment => "detachment",
            Self::Station => "station",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Self::Corps => "总队",
            Self::Detachment => "支队",
            Self::Station => "消防救援站",
        }
    }
}

#[test]
fn enums_in_english_and_chinese() {
    assert_eq!(parse_enum::<Kind>("corps").unwrap(), Kind::Corps);
    assert_eq!(
        parse_enum::<Kind>(" Detachment ").unwrap(),
        Kind::Detachment
    );
    assert_eq!(parse_enum::<Kind>("STATION").unwrap(), Kind::Station);
    assert_eq!(parse_enum::<Kind>("支队").unwrap(), Kind::Detachment);
    assert_eq!(parse_enum::<Kind>("消防救援站").unwrap(), Kind::Station);
    assert_eq!(
        parse_enum::<Kind>("station (消防救援站)").unwrap(),
        Kind::Station
    );
    assert_eq!(
        parse_enum::<Kind>("station（消防救援站）").unwrap(),
        Kind::Station
    );
    let e = parse_enum::<Kind>("xx").unwrap_err();
    assert_eq!(
        e.reason,
        "unknown value 'xx': expected one of corps, detachment, station"
    );
    assert!(parse_enum::<Kind>("").is_err());
    assert!(parse_enum::<Kind>("station (支队)").is_err());
}

proptest! {
    #[test]
    fn fold_code_is_idempotent(s in "\\PC*") {
        let once = fold_code(&s);
        prop_assert_eq!(fold_code(&once), once.clone());
    }

    #[test]
    fn any_valid_date_round_trips(days in 0i64..100_000) {
        let d = date(1900, 1, 1) + chrono::Duration::days(days);
        prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()).unwrap(), d);
        prop_assert_eq!(parse_date(&d.format("%Y/%-m/%-d").to_string()).unwrap(), d);
        prop_assert_eq!(parse_date(&d.format("%Y年%-m月%-d日").to_string()).unwrap(), d);
    }

    #[test]
    fn decimals_round_trip(units in any::<i64>(), scale in 0u32..10) {
        let d = Decimal::new(units, scale);
        prop_assert_eq!(parse_decimal(&d.to_string()).unwrap(), d);
    }

    #[test]
    fn parsers_never_panic(s in "\\PC*") {
        let _ = parse_date(&s);
        let _ = parse_decimal(&s);
        let _ = parse_u32(&s);
        let _ = parse_code(&s, Some(32));
        let _ = parse_timestamp(&s);
        let _ = parse_enum::<Kind>(&s);
    }
}

#[test]
fn an_asset_status_reads_in_either_language() {
    use depot_domain::AssetStatus;
    assert_eq!(parse_asset_status("ready").unwrap(), AssetStatus::Ready);
    for away in ["away", "调出"] {
        assert_eq!(
            parse_asset_status(away).unwrap(),
            AssetStatus::Away,
            "{away}"
        );
    }
}
