//! The rule for each kind of date a person gives (a check-out's due date, an inspection's date,
//! a lot's expiry, an asset's commissioning): refused where it cannot be true, a warning where
//! it is unusual. One rule per kind, used by every front end through the services (command
//! line, terminal UI, import).

use chrono::NaiveDate;

/// A kind of date a person gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// When a checked-out item is due back.
    Due,
    /// When an inspection was made.
    Inspected,
    /// When a lot expires.
    Expires,
    /// When an asset was put into service.
    Commissioned,
}

impl DateKind {
    fn en(self) -> &'static str {
        match self {
            DateKind::Due => "the due date",
            DateKind::Inspected => "the inspection date",
            DateKind::Expires => "the expiry date",
            DateKind::Commissioned => "the commissioning date",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            DateKind::Due => "归还期限",
            DateKind::Inspected => "检测日期",
            DateKind::Expires => "有效期",
            DateKind::Commissioned => "启用日期",
        }
    }
}

/// A date that cannot be true.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{} {date} is before today ({today}): a check-out is due back today or later", .kind.en())]
    Past {
        kind: DateKind,
        date: NaiveDate,
        today: NaiveDate,
    },
    #[error("{} {date} is after today ({today}): it cannot have happened yet; give the day it did", .kind.en())]
    Future {
        kind: DateKind,
        date: NaiveDate,
        today: NaiveDate,
    },
}

impl DateError {
    /// The reason in Chinese.
    pub fn zh(&self) -> String {
        match self {
            DateError::Past { kind, date, today } => format!(
                "{} {date} 早于今天（{today}）：借出的物品应于今天或以后归还",
                kind.zh()
            ),
            DateError::Future { kind, date, today } => format!(
                "{} {date} 晚于今天（{today}）：尚未发生，请填写实际日期",
                kind.zh()
            ),
        }
    }
}

/// A date that may be true but is unusual: said beside the answer, not refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateWarning {
    /// A lot received already expired.
    Expired { date: NaiveDate, today: NaiveDate },
}

impl DateWarning {
    pub fn en(&self) -> String {
        match self {
            DateWarning::Expired { date, today } => format!(
                "warning: the expiry date {date} is before today ({today}): this lot is already expired"
            ),
        }
    }

    pub fn zh(&self) -> String {
        match self {
            DateWarning::Expired { date, today } => {
                format!("警告：有效期 {date} 早于今天（{today}），该批物资已过期")
            }
        }
    }
}

/// Checks `date` of `kind` against `today`: an error where it cannot be true, a warning where
/// it is unusual.
pub fn check(
    kind: DateKind,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<Option<DateWarning>, DateError> {
    match kind {
        DateKind::Due if date < today => Err(DateError::Past { kind, date, today }),
        DateKind::Inspected | DateKind::Commissioned if date > today => {
            Err(DateError::Future { kind, date, today })
        }
        DateKind::Expires if date < today => Ok(Some(DateWarning::Expired { date, today })),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn each_kind_of_date_has_its_rule() {
        let today = d("2026-12-06");
        assert!(check(DateKind::Due, d("2026-01-01"), today).is_err());
        assert_eq!(check(DateKind::Due, today, today), Ok(None));
        assert!(check(DateKind::Inspected, d("2027-01-01"), today).is_err());
        assert_eq!(check(DateKind::Inspected, d("2026-01-01"), today), Ok(None));
        assert!(check(DateKind::Commissioned, d("2030-03-05"), today).is_err());
        assert_eq!(
            check(DateKind::Expires, d("2020-01-01"), today),
            Ok(Some(DateWarning::Expired {
                date: d("2020-01-01"),
                today
            }))
        );
        assert_eq!(check(DateKind::Expires, d("2030-01-01"), today), Ok(None));
    }
}
