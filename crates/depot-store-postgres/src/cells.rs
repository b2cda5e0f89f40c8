//! Columns read by position from a row in either of PostgreSQL's formats: a prepared
//! statement's binary row, or a simple query's text row. The chain's lock is a simple query
//! (`chain::lock`), and it reads the scanned barcode's stock row as its last statement, so that
//! a scan holds the lock for one round trip less; that row is read by the same conversions as
//! every other (`convert::stock_row`, `convert::movement_at`), through [`Cells`].
//!
//! Text is as the connection sets it (`conn`): dates ISO, times in UTC, bytea in hex.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use postgres::types::FromSql;
use postgres::{Row, SimpleQueryRow};
use rust_decimal::Decimal;

/// A row whose columns can be read by position as any [`Cell`].
pub trait Cells {
    fn cell<'r, T: Cell<'r>>(&'r self, i: usize) -> Result<T, String>;
}

/// A value a column holds, read from either format.
pub trait Cell<'r>: Sized {
    fn of_row(r: &'r Row, i: usize) -> Result<Self, String>;
    fn of_text(t: Option<&'r str>) -> Result<Self, String>;
}

impl Cells for Row {
    fn cell<'r, T: Cell<'r>>(&'r self, i: usize) -> Result<T, String> {
        T::of_row(self, i)
    }
}

impl Cells for SimpleQueryRow {
    fn cell<'r, T: Cell<'r>>(&'r self, i: usize) -> Result<T, String> {
        T::of_text(self.try_get(i).map_err(|e| e.to_string())?)
    }
}

/// The columns of a row from the `.1`th on, as a row of their own.
pub struct From<'a, R>(pub &'a R, pub usize);

impl<R: Cells> Cells for From<'_, R> {
    fn cell<'r, T: Cell<'r>>(&'r self, i: usize) -> Result<T, String> {
        self.0.cell(i + self.1)
    }
}

fn binary<'r, T: FromSql<'r>>(r: &'r Row, i: usize) -> Result<T, String> {
    r.try_get(i).map_err(|e| e.to_string())
}

fn present(t: Option<&str>) -> Result<&str, String> {
    t.ok_or_else(|| "NULL where a value must be".to_owned())
}

/// A type read from text by `parse`, and from a binary row as itself; and its `Option`.
macro_rules! cell {
    ($t:ty, $parse:expr) => {
        impl<'r> Cell<'r> for $t {
            fn of_row(r: &'r Row, i: usize) -> Result<Self, String> {
                binary(r, i)
            }
            fn of_text(t: Option<&'r str>) -> Result<Self, String> {
                let parse: fn(&'r str) -> Result<$t, String> = $parse;
                parse(present(t)?)
            }
        }
        impl<'r> Cell<'r> for Option<$t> {
            fn of_row(r: &'r Row, i: usize) -> Result<Self, String> {
                binary(r, i)
            }
            fn of_text(t: Option<&'r str>) -> Result<Self, String> {
                let parse: fn(&'r str) -> Result<$t, String> = $parse;
                t.map(parse).transpose()
            }
        }
    };
}

cell!(&'r str, Ok);
cell!(String, |s| Ok(s.to_owned()));
cell!(i64, |s| s.parse().map_err(|e| format!("'{s}': {e}")));
cell!(i32, |s| s.parse().map_err(|e| format!("'{s}': {e}")));
cell!(Decimal, |s| s.parse().map_err(|e| format!("'{s}': {e}")));
cell!(NaiveDate, |s| NaiveDate::parse_from_str(s, "%Y-%m-%d")
    .map_err(|e| format!("'{s}': {e}")));
cell!(DateTime<Utc>, instant);
cell!(Vec<String>, texts);

/// A 32-byte hash: bytea.
impl<'r> Cell<'r> for [u8; 32] {
    fn of_row(r: &'r Row, i: usize) -> Result<Self, String> {
        let v: &[u8] = binary(r, i)?;
        <[u8; 32]>::try_from(v).map_err(|_| "a hash is not 32 bytes".to_owned())
    }
    fn of_text(t: Option<&'r str>) -> Result<Self, String> {
        let t = present(t)?;
        t.strip_prefix("\\x")
            .and_then(crate::literal::unhex)
            .and_then(|v| <[u8; 32]>::try_from(v).ok())
            .ok_or_else(|| format!("'{t}' is not a 32-byte hash"))
    }
}

/// A timestamptz as the server writes it in UTC: `2026-12-07 02:11:22.5+00`.
fn instant(s: &str) -> Result<DateTime<Utc>, String> {
    let bare = s.strip_suffix("+00").unwrap_or(s);
    NaiveDateTime::parse_from_str(bare, "%Y-%m-%d %H:%M:%S%.f")
        .map(|t| t.and_utc())
        .map_err(|e| format!("'{s}': {e}"))
}

/// A text[] as the server writes it: `{a,"b c","d\"e",""}`.
fn texts(s: &str) -> Result<Vec<String>, String> {
    let bad = || format!("'{s}' is not an array of text");
    let inner = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .ok_or_else(bad)?;
    let mut out = Vec::new();
    if inner.is_empty() {
        return Ok(out);
    }
    let mut chars = inner.chars().peekable();
    loop {
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next().ok_or_else(bad)? {
                    '"' => break,
                    '\\' => item.push(chars.next().ok_or_else(bad)?),
                    c => item.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                item.push(c);
                chars.next();
            }
            if item == "NULL" {
                return Err(bad());
            }
        }
        out.push(item);
        match chars.next() {
            None => return Ok(out),
            Some(',') => {}
            Some(_) => return Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type reads the same from the server's text as from its binary row.
    #[test]
    fn text_and_binary_rows_read_alike() {
        let Some(db) = crate::testing::TestDb::new() else {
            return;
        };
        let mut c = db.admin();
        c.batch_execute("SET TIME ZONE 'UTC'; SET DateStyle = ISO; SET bytea_output = hex")
            .unwrap();
        let sql = "SELECT 'it''s \\ 消防'::text, NULL::text, 9007199254740993::bigint, \
                   -7::integer, '12.50'::numeric, '2020-02-29'::date, \
                   '2026-12-07 02:11:22.123456+00'::timestamptz, \
                   '2026-12-07 02:11:22+00'::timestamptz, \
                   ARRAY['a,b', '{c}', 'd\"e', '', 'f\\g', 'NULL']::text[], \
                   ARRAY[]::text[], decode(repeat('ab', 32), 'hex')";
        let row = c.query_one(sql, &[]).unwrap();
        let text = c
            .simple_query(sql)
            .unwrap()
            .into_iter()
            .find_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => Some(r),
                _ => None,
            })
            .unwrap();
        fn same<'r, T: Cell<'r> + PartialEq + std::fmt::Debug>(
            row: &'r Row,
            text: &'r SimpleQueryRow,
            i: usize,
        ) {
            assert_eq!(row.cell::<T>(i).unwrap(), text.cell::<T>(i).unwrap(), "{i}");
        }
        same::<&str>(&row, &text, 0);
        same::<Option<&str>>(&row, &text, 1);
        same::<i64>(&row, &text, 2);
        same::<i32>(&row, &text, 3);
        same::<Decimal>(&row, &text, 4);
        assert_eq!(text.cell::<Decimal>(4).unwrap().to_string(), "12.50");
        same::<NaiveDate>(&row, &text, 5);
        same::<DateTime<Utc>>(&row, &text, 6);
        same::<DateTime<Utc>>(&row, &text, 7);
        same::<Vec<String>>(&row, &text, 8);
        same::<Vec<String>>(&row, &text, 9);
        same::<[u8; 32]>(&row, &text, 10);
    }
}
