//! Parsers for single cells: codes, dates, timestamps, decimals, booleans and enumerations in
//! English or Chinese. Each returns a `FieldError` with a reason in plain English; the reader
//! adds file, line, column and value.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

pub use crate::error::FieldError;

type Result<T> = std::result::Result<T, FieldError>;

pub use depot_domain::ids::fold_width as fold_code;

/// A code (unit, warehouse, item, barcode): folded, not empty, printable ASCII only, at most
/// `max_len` characters when given.
pub fn parse_code(s: &str, max_len: Option<usize>) -> Result<String> {
    depot_domain::ids::parse_code(s, max_len).map_err(|e| FieldError::new(e.to_string(), e.zh()))
}

const DATE_FORMS: &str = "expected YYYY-MM-DD (also YYYY/M/D, YYYY.M.D or YYYY年M月D日)";
const DATE_FORMS_ZH: &str = "应为 YYYY-MM-DD（也可 YYYY/M/D、YYYY.M.D 或 YYYY年M月D日）";

/// A date as `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let folded = fold_code(s);
    if folded.is_empty() {
        return Err(FieldError::new(
            format!("empty: a date is required, {DATE_FORMS}"),
            format!("为空：必须填写日期，{DATE_FORMS_ZH}"),
        ));
    }
    let parts: Option<Vec<&str>> = if let Some(rest) = folded.strip_suffix('日') {
        rest.split_once('年')
            .and_then(|(y, md)| md.split_once('月').map(|(m, d)| vec![y, m, d]))
    } else {
        ['-', '/', '.']
            .into_iter()
            .find(|&sep| folded.contains(sep))
            .map(|sep| folded.split(sep).collect())
    };
    let not_a_date = || {
        FieldError::new(
            format!("not a date: {DATE_FORMS}"),
            format!("不是日期：{DATE_FORMS_ZH}"),
        )
    };
    let [y, m, d] = parts.as_deref().ok_or_else(not_a_date)? else {
        return Err(not_a_date());
    };
    let number = |p: &str, min: usize, max: usize| -> Option<u32> {
        let ok = (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| p.parse().ok()).flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(y, 4, 4), number(m, 1, 2), number(d, 1, 2))
    else {
        return Err(not_a_date());
    };
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
        FieldError::new(
            format!("no such date: {year:04}-{month:02}-{day:02} is not in the calendar"),
            format!("没有这一天：{year:04}-{month:02}-{day:02} 不在日历上"),
        )
    })
}

/// A timestamp in RFC 3339 with an offset, like `2024-03-01T08:30:00+08:00`.
pub fn parse_timestamp(s: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&fold_code(s)).map_err(|_| {
        FieldError::new(
            "not a timestamp: expected RFC 3339 with an offset, like 2024-03-01T08:30:00+08:00",
            "不是时间戳：应为带时区偏移的 `RFC 3339` 格式，如 2024-03-01T08:30:00+08:00",
        )
    })
}

/// A decimal with a dot: optional leading `-`, digits, optionally `.` and digits. No thousands
/// separators, exponents, `NaN` or infinities.
pub fn parse_decimal(s: &str) -> Result<Decimal> {
    let folded = fold_code(s);
    if folded.is_empty() {
        return Err(FieldError::new(
            "empty: a number is required",
            "为空：必须填写数字",
        ));
    }
    let unsigned = folded.strip_prefix('-').unwrap_or(&folded);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) {
        let (reason, zh) = if folded.contains([',', '，']) {
            (
                "not a decimal: write it without thousands separators and with a dot, like 1000 or 3.5",
                "不是小数：请不加千位分隔符、用小数点书写，如 1000 或 3.5",
            )
        } else if folded.contains(['e', 'E']) && folded.chars().any(|c| c.is_ascii_digit()) {
            (
                "not a decimal: exponents are not allowed, write the number out, like 1000",
                "不是小数：不能用指数，请写出完整数字，如 1000",
            )
        } else {
            (
                "not a decimal: expected digits with an optional dot, like 12 or 3.5",
                "不是小数：应为数字，可带小数点，如 12 或 3.5",
            )
        };
        return Err(FieldError::new(reason, zh));
    }
    Decimal::from_str_exact(&folded).map_err(|_| {
        FieldError::new(
            "too large or too precise: at most 28 significant digits",
            "过大或过于精确：最多 28 位有效数字",
        )
    })
}

/// A decimal that is not negative.
pub fn parse_quantity(s: &str) -> Result<Decimal> {
    let d = parse_decimal(s)?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(FieldError::new(
            "negative: a quantity cannot be below 0",
            "为负数：数量不能小于 0",
        ));
    }
    Ok(d.abs())
}

/// A whole number from 0 to 4294967295.
pub fn parse_u32(s: &str) -> Result<u32> {
    let folded = fold_code(s);
    if folded.is_empty() {
        return Err(FieldError::new(
            "empty: a whole number is required",
            "为空：必须填写整数",
        ));
    }
    if !folded.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(
            "not a whole number: expected digits only, like 10",
            "不是整数：只能是数字，如 10",
        ));
    }
    u32::from_str(&folded)
        .map_err(|_| FieldError::new("too large for a whole number here", "整数过大"))
}

/// `yes`/`no`, `true`/`false`, `1`/`0`, `是`/`否` (ASCII case-insensitive).
pub fn parse_bool(s: &str) -> Result<bool> {
    let folded = fold_code(s).to_ascii_lowercase();
    match folded.as_str() {
        "yes" | "true" | "1" | "是" => Ok(true),
        "no" | "false" | "0" | "否" => Ok(false),
        _ => Err(FieldError::new(
            "not yes or no: expected yes/no (also true/false, 1/0, 是/否)",
            "不是“是”或“否”：应为 是/否（也可 `yes`/`no`、`true`/`false`、1/0）",
        )),
    }
}

pub use depot_domain::vocab::Vocabulary;

/// The English word (ASCII case-insensitive), the Chinese word, or both as `en (zh)`.
pub fn parse_enum<T: Vocabulary>(s: &str) -> Result<T> {
    let folded = fold_code(s);
    let found = T::ALL.iter().copied().find(|v| {
        folded.eq_ignore_ascii_case(v.en())
            || folded == v.zh()
            || folded
                .strip_suffix(')')
                .and_then(|f| f.split_once('('))
                .is_some_and(|(en, zh)| {
                    en.trim().eq_ignore_ascii_case(v.en()) && zh.trim() == v.zh()
                })
    });
    found.ok_or_else(|| {
        FieldError::new(
            format!(
                "unknown value '{}': expected one of {}",
                s.trim(),
                T::allowed()
            ),
            format!("未知的值 '{}'：应为 {} 之一", s.trim(), T::allowed_zh()),
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "fields_tests.rs"]
mod tests;
