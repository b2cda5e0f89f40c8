//! Values written as SQL literals, for the one statement that cannot take parameters: the
//! COMMIT's simple query, which carries a scan's movement and stock row with the chain row's
//! move and the COMMIT, so that a scan holds the chain's lock for one round trip less
//! (`PgWriter::commit_text`). Text is quoted as standard SQL quotes it (the connection sets
//! `standard_conforming_strings`, so a backslash is an ordinary character), and every other
//! value is cast to its column's type.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

/// A value that can be written as a literal.
pub trait Lit {
    fn lit(&self, out: &mut String);
}

/// A column's value, sent as a parameter or written as a literal: a row's columns are listed
/// once (`StockCols::values`, `MovementCols::values`) for both.
pub trait Value: postgres::types::ToSql + Lit {}

impl<T: postgres::types::ToSql + Lit> Value for T {}

/// `values` as parameters.
pub fn params<const N: usize>(
    values: [&(dyn Value + Sync); N],
) -> [&(dyn postgres::types::ToSql + Sync); N] {
    values.map(|v| v as &(dyn postgres::types::ToSql + Sync))
}

/// `value` as a literal.
pub fn one(value: &dyn Lit) -> String {
    let mut out = String::new();
    value.lit(&mut out);
    out
}

/// `values` as a parenthesised list of literals.
pub fn list(values: &[&(dyn Value + Sync)]) -> String {
    let mut out = String::from("(");
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        v.lit(&mut out);
    }
    out.push(')');
    out
}

fn quoted(s: &str, out: &mut String) {
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
}

impl Lit for str {
    fn lit(&self, out: &mut String) {
        quoted(self, out);
    }
}

impl Lit for &str {
    fn lit(&self, out: &mut String) {
        quoted(self, out);
    }
}

impl Lit for String {
    fn lit(&self, out: &mut String) {
        quoted(self, out);
    }
}

impl Lit for i64 {
    fn lit(&self, out: &mut String) {
        let _ = write!(out, "{self}::bigint");
    }
}

impl Lit for i32 {
    fn lit(&self, out: &mut String) {
        let _ = write!(out, "{self}::integer");
    }
}

impl Lit for Decimal {
    fn lit(&self, out: &mut String) {
        // Quoted, so the scale is kept as written (12.50 stays 12.50).
        let _ = write!(out, "'{self}'::numeric");
    }
}

impl Lit for NaiveDate {
    fn lit(&self, out: &mut String) {
        let _ = write!(out, "'{}'::date", self.format("%Y-%m-%d"));
    }
}

impl Lit for DateTime<Utc> {
    fn lit(&self, out: &mut String) {
        let _ = write!(
            out,
            "'{}'::timestamptz",
            self.format("%Y-%m-%d %H:%M:%S%.6f+00")
        );
    }
}

impl Lit for &[u8] {
    fn lit(&self, out: &mut String) {
        let _ = write!(out, "'\\x{}'::bytea", hex(self));
    }
}

impl Lit for Vec<String> {
    fn lit(&self, out: &mut String) {
        out.push_str("ARRAY[");
        for (i, s) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            quoted(s, out);
        }
        out.push_str("]::text[]");
    }
}

impl<T: Lit> Lit for Option<T> {
    fn lit(&self, out: &mut String) {
        match self {
            Some(v) => v.lit(out),
            None => out.push_str("NULL"),
        }
    }
}

/// Bytes as lowercase hex, as `encode(…, 'hex')` writes them: for values put in the text of a
/// simple query, which takes no parameters.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of hex text (`encode(…, 'hex')`); `None` when it is not hex.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|d| u8::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal reads back, on a real server, as the value a parameter would have sent.
    #[test]
    fn literals_read_back_as_parameters_do() {
        let Some(db) = crate::testing::TestDb::new() else {
            return;
        };
        let mut c = db.admin();
        c.batch_execute("SET standard_conforming_strings = on")
            .unwrap();
        let text = "it's a \\ back'slash 消防 \"q\" {a,b} ";
        let day = NaiveDate::from_ymd_opt(2020, 2, 29).unwrap();
        let at: DateTime<Utc> = "2026-12-07T02:11:22.123456Z".parse().unwrap();
        let amount = Decimal::new(1250, 2);
        let bytes: &[u8] = &[0, 1, 0xfe, 0xff];
        let array = vec![
            "a,b".to_owned(),
            "{c}".to_owned(),
            "d\"e".to_owned(),
            String::new(),
        ];
        let none: Option<String> = None;
        let sql = format!(
            "SELECT {} = $1, {} = $2, {} = $3, {} = $4, {} = $5, {} = $6, {} IS NULL, {} = $7, {} = $8",
            {
                let mut s = String::new();
                text.lit(&mut s);
                s
            },
            list(&[&day]).trim_matches(['(', ')']),
            list(&[&at]).trim_matches(['(', ')']),
            list(&[&amount]).trim_matches(['(', ')']),
            list(&[&bytes]).trim_matches(['(', ')']),
            list(&[&array]).trim_matches(['(', ')']),
            list(&[&none]).trim_matches(['(', ')']),
            list(&[&7i64]).trim_matches(['(', ')']),
            list(&[&-3i32]).trim_matches(['(', ')']),
        );
        let r = c
            .query_one(
                sql.as_str(),
                &[&text, &day, &at, &amount, &bytes, &array, &7i64, &-3i32],
            )
            .unwrap();
        for i in 0..9 {
            assert!(r.get::<_, bool>(i), "column {i}: {sql}");
        }
        // The scale is kept.
        let scale: String = c
            .query_one(format!("SELECT {}::text", list(&[&amount])).as_str(), &[])
            .unwrap()
            .get(0);
        assert_eq!(scale, "12.50");
    }
}
