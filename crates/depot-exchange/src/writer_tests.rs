//! Unit tests of the writer, and writer → reader round trips.

use super::*;
use crate::encoding::{InputEncoding, decode};
use crate::reader::{ColumnSpec, CsvTable};
use proptest::prelude::*;
use std::path::Path;

fn write(opts: CsvOptions, header: &[&str], numeric: &[bool], rows: &[&[&str]]) -> Vec<u8> {
    let mut out = CsvOut::new(Vec::new(), opts, header, numeric).unwrap();
    for row in rows {
        out.write_row(row).unwrap();
    }
    assert_eq!(out.rows(), rows.len() as u64);
    out.finish().unwrap()
}

const EXCEL: CsvOptions = CsvOptions {
    excel: true,
    encoding: OutputEncoding::Utf8,
};

#[test]
fn plain_mode_is_utf8_with_lf_and_no_guard() {
    let bytes = write(
        CsvOptions::default(),
        &["item", "held"],
        &[false, true],
        &[&["=SUM(A1)", "-3.5"], &["a,\"b\"", "1"]],
    );
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "item,held\n=SUM(A1),-3.5\n\"a,\"\"b\"\"\",1\n"
    );
}

#[test]
fn excel_mode_has_bom_crlf_and_guards_text_cells_only() {
    let bytes = write(
        EXCEL,
        &["item", "held", "note"],
        &[false, true],
        &[
            &["=SUM(A1)", "-3.5", "+86 571"],
            &["@cmd", "=1+1", "-x"],
            &["\tx", "2", "line\nbreak"],
            &["泵", "0", "\nstarts with LF"],
            &["a=b", "1", ""],
        ],
    );
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text,
        "\u{FEFF}item,held,note\r\n\
         '=SUM(A1),-3.5,'+86 571\r\n\
         '@cmd,=1+1,'-x\r\n\
         '\tx,2,\"line\nbreak\"\r\n\
         泵,0,\"'\nstarts with LF\"\r\n\
         a=b,1,\r\n"
    );
}

#[test]
fn gb18030_mode_encodes_without_bom_and_round_trips() {
    let opts = CsvOptions {
        excel: true,
        encoding: OutputEncoding::Gb18030,
    };
    let bytes = write(
        opts,
        &["名称", "数量"],
        &[false, true],
        &[&["抢险救援消防车 🚒", "-2"], &["=危险", "1.5"]],
    );
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    let d = decode(&bytes, InputEncoding::Auto).unwrap();
    assert_eq!(d.encoding, "GB18030");
    assert_eq!(
        d.text,
        "名称,数量\r\n抢险救援消防车 🚒,-2\r\n'=危险,1.5\r\n"
    );
}

#[test]
fn gb18030_mode_fails_naming_the_row() {
    let opts = CsvOptions {
        excel: false,
        encoding: OutputEncoding::Gb18030,
    };
    let mut out = CsvOut::new(Vec::new(), opts, &["item", "name"], &[]).unwrap();
    out.write_row(&["A", "泵"]).unwrap();
    let e = out.write_row(&["B", "bad \u{E5E5}"]).unwrap_err();
    assert!(
        matches!(
            e,
            WriteError::Unencodable {
                row: 2,
                ch: '\u{E5E5}',
                ..
            }
        ),
        "{e}"
    );
    let msg = e.to_string();
    assert!(
        msg.starts_with("row 2, column 'name':") && msg.contains("U+E5E5"),
        "{msg}"
    );
    // Nothing of the failed row was written.
    out.write_row(&["C", "ok"]).unwrap();
    assert_eq!(out.finish().unwrap(), b"item,name\nA,\xB1\xC3\nC,ok\n");
}

#[test]
fn a_row_of_the_wrong_width_is_an_error() {
    let mut out = CsvOut::new(Vec::new(), CsvOptions::default(), &["a", "b"], &[]).unwrap();
    let e = out.write_row(&["1"]).unwrap_err();
    assert!(matches!(
        e,
        WriteError::FieldCount {
            row: 1,
            expected: 2,
            got: 1
        }
    ));
}

#[test]
fn a_million_rows_are_written_quickly() {
    let header = ["owner", "item", "name", "held", "value"];
    let numeric = [false, false, false, true, true];
    let mut out = CsvOut::new(std::io::sink(), EXCEL, &header, &numeric).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..1_000_000 {
        out.write_row(&[
            "ZD01-03",
            "PUMP-07",
            "手抬机动消防泵, \"大\"",
            "-12.5",
            "38000.00",
        ])
        .unwrap();
    }
    out.finish().unwrap();
    // Generous for a debug build; the release build does this in well under a second.
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

const ANY: &[ColumnSpec] = &[
    ColumnSpec {
        name: "a",
        zh: "甲",
        required: true,
    },
    ColumnSpec {
        name: "b",
        zh: "乙",
        required: true,
    },
    ColumnSpec {
        name: "c",
        zh: "丙",
        required: true,
    },
];

proptest! {
    #[test]
    fn plain_output_reads_back_unchanged(
        rows in proptest::collection::vec(
            proptest::array::uniform3("(\\PC|[\"\\r\\n,\\t ]){0,12}"),
            0..20,
        )
    ) {
        let mut out = CsvOut::new(Vec::new(), CsvOptions::default(), &["a", "b", "c"], &[]).unwrap();
        for row in &rows {
            let cells: Vec<&str> = row.iter().map(String::as_str).collect();
            out.write_row(&cells).unwrap();
        }
        let text = String::from_utf8(out.finish().unwrap()).unwrap();
        let table = CsvTable::read(Path::new("t.csv"), &text, ANY).unwrap();
        let back: Vec<Vec<String>> = table
            .rows()
            .map(|r| r.raw_fields().iter().map(str::to_owned).collect())
            .collect();
        // The reader skips rows whose cells are all blank.
        let expected: Vec<Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .map(|r| r.to_vec())
            .collect();
        prop_assert!(table.problems().is_empty());
        prop_assert_eq!(back, expected);
    }
}

#[test]
fn excel_guarded_cells_read_back_as_written() {
    let cells = ["=SUM(A1)", "-闸门", "@home", "'quoted", "plain"];
    let bytes = write(
        EXCEL,
        &["a", "b", "c"],
        &[],
        &[&[cells[0], cells[1], cells[2]], &[cells[3], cells[4], "+1"]],
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("'=SUM(A1)"), "{text}");
    let d = decode(text.as_bytes(), InputEncoding::Auto).unwrap();
    let table = CsvTable::read(Path::new("t.csv"), &d.text, ANY).unwrap();
    let back: Vec<Vec<&str>> = table
        .rows()
        .map(|r| ["a", "b", "c"].map(|c| r.get(c).unwrap()).to_vec())
        .collect();
    assert_eq!(
        back,
        vec![
            vec!["=SUM(A1)", "-闸门", "@home"],
            vec!["'quoted", "plain", "+1"]
        ]
    );
}

#[test]
fn excel_mode_keeps_numeric_looking_text_as_text() {
    for (cell, text) in [
        ("00123", true),
        ("1E5", true),
        ("6901234567892", true),
        ("3-5", true),
        ("1/2", true),
        ("10:30", true),
        ("5-Mar", true),
        ("1,234", true),
        ("50%", true),
        ("TRUE", true),
        ("QZ00123", false),
        ("2026-11-23", false),
        ("水域", false),
        ("ZHAN-0102", false),
        ("", false),
    ] {
        assert_eq!(super::looks_numeric(cell), text, "{cell}");
    }
    let opts = CsvOptions {
        excel: true,
        ..CsvOptions::default()
    };
    let mut csv = CsvOut::new(Vec::new(), opts, &["serial", "qty"], &[false, true]).unwrap();
    csv.write_row(&["00123", "5"]).unwrap();
    csv.write_row(&["1E5", "-2"]).unwrap();
    csv.write_row(&["=1+1", "0"]).unwrap();
    let out = String::from_utf8(csv.finish().unwrap()).unwrap();
    assert!(out.contains("\"=\"\"00123\"\"\",5\r\n"), "{out}");
    assert!(out.contains("\"=\"\"1E5\"\"\",-2\r\n"), "{out}");
    assert!(out.contains("'=1+1,0\r\n"), "{out}");
    assert_eq!(super::unguard("=\"00123\""), "00123");
}
