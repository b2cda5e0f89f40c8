//! Unit tests of the header-mapped reader, row problems and rejects.

use super::*;
use crate::encoding::decode;
use crate::problems::rejects_path;
use std::path::Path;

use crate::encoding::InputEncoding;
use crate::error::{EncodingError, FieldError, ReadError};
use crate::fields::{parse_code, parse_date, parse_quantity};

const UNITS: &[ColumnSpec] = &[
    ColumnSpec {
        name: "code",
        zh: "单位编码",
        required: true,
    },
    ColumnSpec {
        name: "name",
        zh: "单位名称",
        required: true,
    },
    ColumnSpec {
        name: "parent",
        zh: "上级单位编码",
        required: false,
    },
    ColumnSpec {
        name: "since",
        zh: "启用日期",
        required: false,
    },
];

fn said(notes: &[depot_domain::msg::exchange::ExchangeMsg]) -> Vec<String> {
    notes
        .iter()
        .map(|n| n.say(depot_domain::Lang::En))
        .collect()
}

fn read(text: &str) -> Result<CsvTable, ReadError> {
    CsvTable::read(Path::new("units.csv"), text, UNITS)
}

#[test]
fn english_headers_any_case_and_order() {
    let t = read(" Name ,CODE\nZhejiang,ZD\n").unwrap();
    let rows: Vec<Row<'_>> = t.rows().collect();
    assert_eq!(rows.len(), 1);
    let row = rows.first().unwrap();
    assert_eq!(row.line, 2);
    assert_eq!(row.get("code"), Some("ZD"));
    assert_eq!(row.get("name"), Some("Zhejiang"));
    assert_eq!(row.get("parent"), None);
    assert!(!t.has_column("parent"));
    assert!(t.warnings().is_empty());
}

#[test]
fn chinese_headers_from_a_gb18030_file() {
    let text = "单位编码,单位名称,上级单位编码\r\nZD,浙江总队,\r\nZD01,杭州支队, ZD \r\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let decoded = decode(&bytes, InputEncoding::Auto).unwrap();
    assert_eq!(decoded.encoding, "GB18030");
    let t = CsvTable::read(Path::new("units.csv"), &decoded.text, UNITS).unwrap();
    let rows: Vec<Row<'_>> = t.rows().collect();
    let [first, second] = rows.as_slice() else {
        panic!("two rows expected");
    };
    assert_eq!(first.get("name"), Some("浙江总队"));
    assert_eq!(first.get("parent"), None);
    assert_eq!(second.get("parent"), Some("ZD"));
    assert_eq!(second.line, 3);
}

#[test]
fn open_reads_and_decodes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("units.csv");
    std::fs::write(&path, b"\xEF\xBB\xBFcode,name\nA,a\n").unwrap();
    let t = CsvTable::open(&path, InputEncoding::Auto, UNITS).unwrap();
    assert_eq!(t.encoding(), Some("UTF-8 with BOM"));
    assert_eq!(t.rows().next().unwrap().get("code"), Some("A"));
    std::fs::write(&path, b"").unwrap();
    let e = CsvTable::open(&path, InputEncoding::Auto, UNITS).unwrap_err();
    assert!(
        matches!(
            e,
            ReadError::Encoding {
                source: EncodingError::Empty,
                ..
            }
        ),
        "{e}"
    );
    let missing = dir.path().join("nope.csv");
    assert!(matches!(
        CsvTable::open(&missing, InputEncoding::Auto, UNITS).unwrap_err(),
        ReadError::Io { .. }
    ));
}

#[test]
fn full_width_headers_are_folded() {
    let t = read("ｃｏｄｅ,\u{3000}name\nA,a\n").unwrap();
    assert_eq!(t.rows().next().unwrap().get("code"), Some("A"));
}

#[test]
fn missing_required_column_rejects_the_file() {
    let e = read("code,parent\nA,\n").unwrap_err();
    assert!(matches!(
        e,
        ReadError::MissingColumn {
            column: "name",
            zh: "单位名称",
            ..
        }
    ));
    let msg = e.to_string();
    assert!(
        msg.contains("units.csv") && msg.contains("'name'") && !msg.contains("单位名称"),
        "{msg}"
    );
    let zh = e.zh();
    assert!(zh.contains("'name'") && zh.contains("单位名称"), "{zh}");
}

#[test]
fn duplicate_column_rejects_the_file() {
    let e = read("code,name,单位编码\nA,a,B\n").unwrap_err();
    assert!(matches!(
        e,
        ReadError::DuplicateColumn {
            column: "code",
            first: 1,
            second: 3,
            ..
        }
    ));
}

#[test]
fn unknown_columns_are_warned_about() {
    let t = read("code,name,colour,,x\nA,a,red,,\n").unwrap();
    assert_eq!(
        said(t.warnings()),
        [
            "units.csv: column 'colour' (column 3) is not known and is ignored",
            "units.csv: column 'x' (column 5) is not known and is ignored",
        ]
    );
    let t = read("code,name,\nA,a,stray\n").unwrap();
    assert_eq!(
        said(t.warnings()),
        ["units.csv: column 3 has no name in the header and is ignored"]
    );
}

#[test]
fn multi_line_cells_keep_the_lines_of_later_rows() {
    let text = "code,name\nA,\"two\nlines\"\nB,\"three\r\nlong\nlines\"\n\nC,c\n";
    let t = read(text).unwrap();
    let lines: Vec<(u64, &str)> = t.rows().map(|r| (r.line, r.get("code").unwrap())).collect();
    assert_eq!(lines, [(2, "A"), (4, "B"), (8, "C")]);
    assert_eq!(t.rows().next().unwrap().get("name"), Some("two\nlines"));
}

#[test]
fn blank_rows_are_skipped_and_bad_shapes_are_problems() {
    let text = "code,name\n\nA,a\n,\n  ,  \nB\nC,c,extra\nD,d,\n";
    let t = read(text).unwrap();
    let codes: Vec<&str> = t.rows().map(|r| r.get("code").unwrap()).collect();
    assert_eq!(codes, ["A", "D"]);
    let problems = t.problems();
    let lines: Vec<u64> = problems.errors().iter().map(|e| e.line).collect();
    assert_eq!(lines, [6, 7]);
    assert!(
        problems
            .errors()
            .iter()
            .all(|e| e.reason.contains("header has 2"))
    );
}

#[test]
fn row_helpers_report_file_line_column_and_value() {
    let t = read("单位编码,name,since\nＡ１,a,2019-02-30\n,b,\n").unwrap();
    let mut problems = t.problems();
    let mut good = Vec::new();
    for row in t.rows() {
        let code = problems.check(row.required("code", |s| parse_code(s, Some(8))));
        let since = problems.check(row.optional("since", parse_date));
        if let (Some(code), Some(since)) = (code, since) {
            good.push((code, since));
        }
    }
    assert!(good.is_empty());
    assert_eq!(problems.len(), 2);
    let shown: Vec<String> = problems.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "units.csv:2: column 'since' value '2019-02-30': no such date: 2019-02-30 is not in \
             the calendar",
            "units.csv:3: column '单位编码' value '': empty: a value for 'code' (单位编码) is \
             required",
        ]
    );
    let row = t.rows().next().unwrap();
    assert_eq!(row.required("code", |s| parse_code(s, None)).unwrap(), "A1");
    assert_eq!(row.optional("parent", parse_quantity).unwrap(), None);
    assert_eq!(
        row.row_error(FieldError::new("duplicate", "重复"))
            .to_string(),
        "units.csv:2: duplicate"
    );
}

#[test]
fn rejects_file_holds_the_bad_rows_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("units.csv");
    let text =
        "code,name,since\nA,a,2019-02-30\nB,\"b, with comma\",2020-01-01\nC,\"c\nmulti\",x\nD\n";
    let t = CsvTable::read(&input, text, UNITS).unwrap();
    let mut problems = t.problems();
    for row in t.rows() {
        if let Err(e) = row.required("since", parse_date) {
            problems.push(e);
        }
        if row.get("code") == Some("C") {
            problems
                .push(row.row_error(FieldError::new("unit C is listed twice", "单位 C 出现两次")));
        }
    }
    let out = rejects_path(&input);
    assert_eq!(out, dir.path().join("units.rejected.csv"));
    assert_eq!(problems.write_rejects(&t, &out).unwrap(), 3);
    let written = std::fs::read(&out).unwrap();
    let written = String::from_utf8(written).unwrap();
    assert_eq!(
        written,
        "\u{FEFF}code,name,since,reason\r\n\
         A,a,2019-02-30,since: no such date: 2019-02-30 is not in the calendar\r\n\
         C,\"c\nmulti\",x,\"since: not a date: expected YYYY-MM-DD (also YYYY/M/D, YYYY.M.D or \
         YYYY年M月D日); unit C is listed twice\"\r\n\
         D,,,\"the row has 1 cells but the header has 3: look for a missing or extra comma, or \
         an unclosed quote\"\r\n"
    );
    // The rejects file reads back with the same columns.
    let back = CsvTable::open(&out, InputEncoding::Auto, UNITS).unwrap();
    assert_eq!(back.len(), 3);
    assert_eq!(
        said(back.warnings()),
        [
            "units.rejected.csv: column 'reason' (column 4) is not known and is ignored"
                .replace("units.rejected.csv", &out.display().to_string())
        ]
    );
}

#[test]
fn rejects_path_keeps_the_folder() {
    assert_eq!(
        rejects_path(Path::new("in/lots.csv")),
        Path::new("in/lots.rejected.csv")
    );
    assert_eq!(
        rejects_path(Path::new("lots")),
        Path::new("lots.rejected.csv")
    );
}

#[test]
fn lines_with_crlf_lone_cr_and_leading_blank_lines() {
    let t = read("\r\n\r\ncode,name\r\nA,a\r\n\r\nB,\"b\r\nb\"\r\nC,c\r\n").unwrap();
    let lines: Vec<u64> = t.rows().map(|r| r.line).collect();
    assert_eq!(lines, [4, 6, 8]);
    let t = read("code,name\rA,a\rB,b\r").unwrap();
    let lines: Vec<u64> = t.rows().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3]);
}

proptest::proptest! {
    #[test]
    fn row_lines_match_the_text(
        cells in proptest::collection::vec(("[a-z]{1,3}", "[a-z\\n\\r,\" ]{0,6}"), 1..12),
        crlf in proptest::bool::ANY,
    ) {
        let mut w = csv::WriterBuilder::new()
            .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        w.write_record(["code", "name"]).unwrap();
        for (code, name) in &cells {
            w.write_record([code, name]).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let t = read(&text).unwrap();
        let got: Vec<(u64, String)> = t.rows().map(|r| (r.line, r.get("code").unwrap().to_owned())).collect();
        // Expected: each record starts on the line after the previous record's last line.
        let mut expected = Vec::new();
        let mut line = 2;
        for (code, name) in &cells {
            expected.push((line, code.clone()));
            let quoted = name.contains(['\n', '\r', ',', '"']);
            let breaks = if quoted {
                name.replace("\r\n", "\n").chars().filter(|&c| c == '\n' || c == '\r').count()
            } else {
                0
            };
            line += 1 + breaks as u64;
        }
        proptest::prop_assert_eq!(got, expected);
    }
}
