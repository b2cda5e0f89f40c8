//! What a scanner types: folding, EAN/UPC check digits, and ranking near misses.

use barcoders::sym::{ean8::EAN8, ean13::EAN13};

use super::ids::{BARCODE_MAX, Barcode, CodeError, parse_code};

/// Why a scanned code cannot stand for a barcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error("scanned code {0}")]
    Code(#[from] CodeError),
    #[error("{code} is not a valid {symbology}: the check digit should be {expected}; rescan it")]
    CheckDigit {
        code: String,
        symbology: &'static str,
        expected: char,
    },
}

impl ScanError {
    /// The reason in Chinese.
    pub fn zh(&self) -> String {
        match self {
            ScanError::Code(e) => format!("扫描的条码{}", e.zh()),
            ScanError::CheckDigit {
                code,
                symbology,
                expected,
            } => format!("{code} 不是有效的 {symbology} 码：校验位应为 {expected}，请重新扫码"),
        }
    }
}

/// The symbology an all-digit code of this length is read as.
fn retail(code: &str) -> Option<&'static str> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match code.len() {
        8 => Some("EAN-8"),
        12 => Some("UPC-A"),
        13 => Some("EAN-13"),
        _ => None,
    }
}

fn valid(symbology: &str, code: &str) -> bool {
    match symbology {
        "EAN-8" => EAN8::new(code).is_ok(),
        "UPC-A" => EAN13::new(format!("0{code}")).is_ok(),
        _ => EAN13::new(code).is_ok(),
    }
}

/// The GS character (ASCII 29) a GS1 scanner sends between the fields of a code (Ctrl+5 or
/// Ctrl+] on a keyboard). It separates, it is not part of the code: a scanner set not to send
/// it types the same code without it, and that is the code a label and the register carry.
pub const GS: char = '\u{1d}';

/// Folds a scanned code (dropping GS separators) and, for an EAN-8, UPC-A or EAN-13 code,
/// verifies its check digit.
pub fn read_scan(raw: &str) -> Result<Barcode, ScanError> {
    let joined;
    let raw = if raw.contains(GS) {
        joined = raw.replace(GS, "");
        joined.as_str()
    } else {
        raw
    };
    let code = parse_code(raw, Some(BARCODE_MAX))?;
    if let Some(symbology) = retail(&code)
        && !valid(symbology, &code)
    {
        let body = &code[..code.len() - 1];
        let expected = ('0'..='9')
            .find(|d| valid(symbology, &format!("{body}{d}")))
            .unwrap_or('?');
        return Err(ScanError::CheckDigit {
            code,
            symbology,
            expected,
        });
    }
    Ok(Barcode::new(code))
}

/// The closest of `known` to `code`, best first, at most `n`, only those within a few edits.
pub fn nearest<'a>(code: &str, known: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<String> {
    let limit = (code.len() / 3).clamp(1, 4);
    let mut scored: Vec<(usize, &str)> = known
        .into_iter()
        .filter_map(|k| {
            let d = strsim::damerau_levenshtein(code, k);
            (d <= limit).then_some((d, k))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(n)
        .map(|(_, k)| k.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19 finding 11: a GS1 scanner's GS inside a code is a separator, not a character
    /// that makes the code invalid.
    #[test]
    fn gs_between_the_fields_of_a_code_is_read_as_the_code_without_it() {
        assert_eq!(
            read_scan("0109501101020917\u{1d}10ABC").unwrap().as_str(),
            "010950110102091710ABC"
        );
        assert_eq!(
            read_scan("\u{1d}QZ87171735\u{1d}").unwrap().as_str(),
            "QZ87171735"
        );
        assert_eq!(read_scan("\u{1d}"), Err(ScanError::Code(CodeError::Empty)));
        // Other control characters are still no part of a code.
        assert!(read_scan("QZ\u{1c}1").is_err());
    }

    #[test]
    fn retail_codes_need_their_check_digit() {
        assert_eq!(
            read_scan("4006381333931").unwrap().as_str(),
            "4006381333931"
        );
        assert_eq!(read_scan("036000291452").unwrap().as_str(), "036000291452");
        assert_eq!(read_scan("96385074").unwrap().as_str(), "96385074");
        let e = read_scan("4006381333932").unwrap_err();
        assert_eq!(
            e,
            ScanError::CheckDigit {
                code: "4006381333932".into(),
                symbology: "EAN-13",
                expected: '1'
            }
        );
        assert!(matches!(
            read_scan("036000291453"),
            Err(ScanError::CheckDigit { expected: '2', .. })
        ));
        assert!(matches!(
            read_scan("96385070"),
            Err(ScanError::CheckDigit { expected: '4', .. })
        ));
        // Other lengths and mixed codes are plain codes.
        assert!(read_scan("1234567").is_ok());
        assert!(read_scan("QZ12345678").is_ok());
    }

    #[test]
    fn scans_fold_and_trim() {
        assert_eq!(read_scan(" ＱＺ０１\r").unwrap().as_str(), "QZ01");
        assert!(read_scan("   ").is_err());
    }

    #[test]
    fn nearest_ranks_by_edits() {
        let known = ["QZ10000001", "QZ10000002", "QZ10000071", "AB99999999"];
        // One insertion each for 01 and 71; an insertion and a substitution for 02.
        assert_eq!(
            nearest("QZ1000001", known, 3),
            vec!["QZ10000001", "QZ10000071", "QZ10000002"]
        );
        assert_eq!(nearest("QZ10000021", known, 1), vec!["QZ10000001"]);
        assert!(nearest("ZZZZ", known, 3).is_empty());
    }
}
