//! Unit tests of decoding and encoding.

use super::*;

fn gb(text: &str) -> Vec<u8> {
    let (bytes, _, had_errors) = GB18030.encode(text);
    assert!(!had_errors);
    bytes.into_owned()
}

#[test]
fn encodings_parse_and_display() {
    assert_eq!(
        "auto".parse::<InputEncoding>().unwrap(),
        InputEncoding::Auto
    );
    assert_eq!(
        "UTF-8".parse::<InputEncoding>().unwrap(),
        InputEncoding::Utf8
    );
    assert_eq!(
        "utf8".parse::<InputEncoding>().unwrap(),
        InputEncoding::Utf8
    );
    assert_eq!(
        "GBK".parse::<InputEncoding>().unwrap(),
        InputEncoding::Gb18030
    );
    assert_eq!(
        "gb18030".parse::<InputEncoding>().unwrap(),
        InputEncoding::Gb18030
    );
    let e = "latin1".parse::<InputEncoding>().unwrap_err();
    assert!(e.to_string().contains("'latin1'"), "{e}");
    for enc in [
        InputEncoding::Auto,
        InputEncoding::Utf8,
        InputEncoding::Gb18030,
    ] {
        assert_eq!(enc.to_string().parse::<InputEncoding>().unwrap(), enc);
    }
    for enc in [OutputEncoding::Utf8, OutputEncoding::Gb18030] {
        assert_eq!(enc.to_string().parse::<OutputEncoding>().unwrap(), enc);
    }
}

#[test]
fn plain_utf8_and_bom() {
    let d = decode("code,单位名称\nA,总队\n".as_bytes(), InputEncoding::Auto).unwrap();
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.text, "code,单位名称\nA,总队\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("code\nA\n".as_bytes());
    for enc in [InputEncoding::Auto, InputEncoding::Utf8] {
        let d = decode(&bytes, enc).unwrap();
        assert_eq!(d.encoding, "UTF-8 with BOM");
        assert_eq!(d.text, "code\nA\n");
    }
    assert_eq!(
        decode(&bytes, InputEncoding::Gb18030).unwrap_err(),
        EncodingError::BomMismatch
    );
}

#[test]
fn gb18030_detected_and_decoded() {
    let text = "单位编码,单位名称,单位类型\r\nZD01,浙江省消防救援总队,总队\r\n";
    let bytes = gb(text);
    assert!(std::str::from_utf8(&bytes).is_err());
    let d = decode(&bytes, InputEncoding::Auto).unwrap();
    assert_eq!(d.encoding, "GB18030");
    assert_eq!(d.text, text);
    assert_eq!(decode(&bytes, InputEncoding::Gb18030).unwrap().text, text);
    // Named UTF-8, the same bytes are refused with the line of the first bad byte.
    let e = decode(&bytes, InputEncoding::Utf8).unwrap_err();
    assert!(
        matches!(
            e,
            EncodingError::Invalid {
                line: 1,
                offset: 0,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn invalid_bytes_name_the_line() {
    let mut bytes = "code,name\nA,ok\nB,".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xFF\xFFbad\n");
    let e = decode(&bytes, InputEncoding::Auto).unwrap_err();
    assert_eq!(
        e,
        EncodingError::Invalid {
            what: "neither UTF-8 nor GB18030",
            byte: 0xFF,
            offset: 17,
            line: 3
        }
    );
    let msg = e.to_string();
    assert!(
        msg.starts_with("file is neither UTF-8 nor GB18030: invalid byte 0xFF at line 3"),
        "{msg}"
    );
    // A BOM promises UTF-8: a broken byte after it is not taken for GB18030.
    let mut bytes = b"\xEF\xBB\xBFcode\n".to_vec();
    bytes.extend_from_slice(&gb("总队"));
    let e = decode(&bytes, InputEncoding::Auto).unwrap_err();
    assert!(
        matches!(
            e,
            EncodingError::Invalid {
                line: 2,
                what: "not valid UTF-8",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn empty_files() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF", b"  \r\n\n\t", b"\xEF\xBB\xBF \n"] {
        assert_eq!(
            decode(bytes, InputEncoding::Auto).unwrap_err(),
            EncodingError::Empty
        );
    }
}

#[test]
fn binary_files() {
    let cases: [&[u8]; 4] = [
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00",
        b"\xFF\xFEc\x00o\x00",
        b"code\nA\x00B\n",
    ];
    for bytes in cases {
        let e = decode(bytes, InputEncoding::Auto).unwrap_err();
        assert!(matches!(e, EncodingError::Binary { .. }), "{e}");
    }
    let noisy: Vec<u8> = (0..200u8).map(|i| i % 31 + 1).collect();
    assert!(matches!(
        decode(&noisy, InputEncoding::Auto).unwrap_err(),
        EncodingError::Binary { .. }
    ));
}

#[test]
fn gb18030_encoding_round_trips_chinese_and_emoji() {
    let text = "浙江省消防救援总队,泵 🚒,€,ＡＢ,\u{3000}";
    let mut out = Vec::new();
    encode_gb18030(text, &mut out).unwrap();
    let back = GB18030
        .decode_without_bom_handling_and_without_replacement(&out)
        .unwrap();
    assert_eq!(back, text);
    let mut ascii = b"x".to_vec();
    encode_gb18030("plain", &mut ascii).unwrap();
    assert_eq!(ascii, b"xplain");
}

#[test]
fn gb18030_encoding_fails_on_the_unmappable() {
    let mut out = Vec::new();
    assert_eq!(encode_gb18030("总队\u{E5E5}x", &mut out), Err('\u{E5E5}'));
}
