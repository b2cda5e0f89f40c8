//! What a scanner types, as `read_scan` takes it: trimmed, full-width ASCII folded, checked to
//! be printable ASCII of 1 to 32 characters, and for an all-digit code of 8, 12 or 13 digits
//! (EAN-8, UPC-A, EAN-13) its check digit verified; and the near misses a refusal suggests.

use depot_domain::ids::{BARCODE_MAX, fold_width, parse_code};
use depot_domain::scan::{ScanError, nearest, read_scan};

/// Barcodes a register might hold, for the near-miss ranking.
const KNOWN: &[&str] = &[
    "A1",
    "QZ10000001",
    "4006381333931",
    "036000291452",
    "96385074",
];

pub fn run(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let folded = fold_width(raw);
    assert_eq!(fold_width(&folded), folded, "folding twice differs");
    match read_scan(raw) {
        Ok(b) => {
            let code = b.as_str();
            assert!(
                (1..=BARCODE_MAX).contains(&code.len()),
                "length of {code:?}"
            );
            assert!(
                code.bytes().all(|c| (b' '..=b'~').contains(&c)),
                "not printable ASCII: {code:?}"
            );
            assert_eq!(code, code.trim(), "not trimmed: {code:?}");
            assert_eq!(read_scan(code).as_ref(), Ok(&b), "reading twice differs");
        }
        Err(e) => {
            assert!(!e.to_string().is_empty() && !e.zh().is_empty());
            if let ScanError::CheckDigit { code, expected, .. } = &e {
                // The digit the message offers is the one that makes the code valid.
                assert!(
                    expected.is_ascii_digit(),
                    "check digit {expected:?} for {code}"
                );
                let mut fixed = code.clone();
                fixed.pop();
                fixed.push(*expected);
                assert!(
                    read_scan(&fixed).is_ok(),
                    "{fixed} offered for {code} is refused"
                );
            }
        }
    }
    let _ = parse_code(raw, None);
    for near in nearest(&folded, KNOWN.iter().copied(), 3) {
        assert!(KNOWN.contains(&near.as_str()));
    }
}
