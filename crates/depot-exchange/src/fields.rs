//! Parsers for single cells: codes, dates, timestamps, decimals, booleans and enumerations in
//! English or Chinese. Each returns a `FieldError` with a reason in plain English; the reader
//! adds file, line, column and value.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;

pub use crate::error::FieldError;
use depot_domain::Lang;
use depot_domain::msg::exchange::ExchangeMsg as M;

type Result<T> = std::result::Result<T, FieldError>;

pub use depot_domain::ids::fold_width as fold_code;

use crate::columns::{DATE_MARKS, NO_ZH, YES_ZH};

/// A code (unit, warehouse, item, barcode): folded, not empty, printable ASCII only, at most
/// `max_len` characters when given.
pub fn parse_code(s: &str, max_len: Option<usize>) -> Result<String> {
    depot_domain::ids::parse_code(s, max_len).map_err(|e| FieldError::new(e.to_string(), e.zh()))
}

/// A reason that names the forms a date may take, each language with its own.
fn with_date_forms(msg: impl Fn(String) -> M) -> FieldError {
    let forms = |lang| M::DateForms.say(lang);
    FieldError::new(
        msg(forms(Lang::En)).say(Lang::En),
        msg(forms(Lang::Zh)).say(Lang::Zh),
    )
}

/// A date as `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日`.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    let folded = fold_code(s);
    if folded.is_empty() {
        return Err(with_date_forms(|forms| M::DateEmpty { forms }));
    }
    let [year_mark, month_mark, day_mark] = DATE_MARKS;
    let parts: Option<Vec<&str>> = if let Some(rest) = folded.strip_suffix(day_mark) {
        rest.split_once(year_mark)
            .and_then(|(y, md)| md.split_once(month_mark).map(|(m, d)| vec![y, m, d]))
    } else {
        ['-', '/', '.']
            .into_iter()
            .find(|&sep| folded.contains(sep))
            .map(|sep| folded.split(sep).collect())
    };
    let not_a_date = || with_date_forms(|forms| M::NotADate { forms });
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
        FieldError::said(M::NoSuchDate {
            date: format!("{year:04}-{month:02}-{day:02}"),
        })
    })
}

/// A timestamp in RFC 3339 with an offset, like `2024-03-01T08:30:00+08:00`.
pub fn parse_timestamp(s: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(&fold_code(s)).map_err(|_| FieldError::said(M::NotATimestamp))
}

/// A decimal with a dot: optional leading `-`, digits, optionally `.` and digits. No thousands
/// separators, exponents, `NaN` or infinities.
pub fn parse_decimal(s: &str) -> Result<Decimal> {
    let folded = fold_code(s);
    if folded.is_empty() {
        return Err(FieldError::said(M::NumberEmpty));
    }
    let unsigned = folded.strip_prefix('-').unwrap_or(&folded);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !frac.is_none_or(digits) {
        let reason = if folded.contains([',', '，']) {
            M::DecimalSeparators
        } else if folded.contains(['e', 'E']) && folded.chars().any(|c| c.is_ascii_digit()) {
            M::DecimalExponent
        } else {
            M::NotADecimal
        };
        return Err(FieldError::said(reason));
    }
    Decimal::from_str_exact(&folded).map_err(|_| FieldError::said(M::DecimalTooLarge))
}

/// A decimal that is not negative.
pub fn parse_quantity(s: &str) -> Result<Decimal> {
    let d = parse_decimal(s)?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(FieldError::said(M::QuantityNegative));
    }
    Ok(d.abs())
}

/// A whole number from 0 to 4294967295.
pub fn parse_u32(s: &str) -> Result<u32> {
    let folded = fold_code(s);
    if folded.is_empty() {
        return Err(FieldError::said(M::WholeEmpty));
    }
    if !folded.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::said(M::NotAWholeNumber));
    }
    u32::from_str(&folded).map_err(|_| FieldError::said(M::WholeTooLarge))
}

/// `yes`/`no`, `true`/`false`, `1`/`0`, `是`/`否` (ASCII case-insensitive).
pub fn parse_bool(s: &str) -> Result<bool> {
    let folded = fold_code(s).to_ascii_lowercase();
    match folded.as_str() {
        "yes" | "true" | "1" | YES_ZH => Ok(true),
        "no" | "false" | "0" | NO_ZH => Ok(false),
        _ => Err(FieldError::said(M::NotYesNo)),
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
        let value = s.trim().to_owned();
        FieldError::new(
            M::UnknownValue {
                value: value.clone(),
                allowed: T::allowed(),
            }
            .say(Lang::En),
            M::UnknownValue {
                value,
                allowed: T::allowed_zh(),
            }
            .say(Lang::Zh),
        )
    })
}

/// An asset's status in an imported file. `away` reads (a register exported while a piece is
/// at another depot says so); the import lets it stand only for a piece already away there
/// (`depot-service`'s import checks).
pub fn parse_asset_status(s: &str) -> Result<depot_domain::AssetStatus> {
    parse_enum::<depot_domain::AssetStatus>(s)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "fields_tests.rs"]
mod tests;
