//! The words the reports print, from the message catalogue ([`depot_domain::msg::report`]):
//! the labels of the headline figures and the columns by their role, and how money and yes/no
//! read.

use rust_decimal::Decimal;

pub use depot_domain::Lang;

pub use depot_domain::msg::report::{ReportMsg, ReportWord as W};

use crate::column::{Col, Kind, word_col};

/// A word of the domain's vocabulary (a category, a metric, a status) in `lang`.
pub fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `1234567.5` → `1,234,567.5` (the integer part grouped by thousands).
pub fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(a, b)| (a, Some(b)));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b { W::Yes } else { W::No }.get(lang)
}

pub fn none(lang: Lang) -> &'static str {
    W::NoRows.get(lang)
}

pub fn summary_title(lang: Lang) -> &'static str {
    W::SecSummary.get(lang)
}

/// Money as people read it: `2.46 亿元`, `24,564.39 万元`, `860 元`; in English the yuan
/// grouped by thousands, `245,643,860`.
pub fn money_text(m: Decimal, lang: Lang) -> String {
    let yi = Decimal::from(100_000_000);
    let wan = Decimal::from(10_000);
    let (n, unit) = match lang {
        Lang::En => return group(&m.round_dp(2).normalize().to_string()),
        Lang::Zh if m.abs() >= yi => (group(&(m / yi).round_dp(2).to_string()), W::YiYuan),
        Lang::Zh if m.abs() >= wan => (group(&(m / wan).round_dp(2).to_string()), W::WanYuan),
        Lang::Zh => (group(&m.round_dp(2).normalize().to_string()), W::Yuan),
    };
    format!("{n} {}", unit.get(lang))
}

pub const SUMMARY_COLS: [Col; 4] = [
    word_col("key", W::ColKey, Kind::Text),
    word_col("label", W::ColFigure, Kind::Text),
    word_col("value", W::ColValue, Kind::Text),
    word_col("detail", W::ColDetail, Kind::Text),
];

/// Labels of the headline figures.
pub mod label {
    use super::W;
    pub const AS_OF: W = W::FigAsOf;
    pub const SCOPE: W = W::FigScope;
    pub const EVERYTHING: W = W::FigEverything;
    pub const LINES: W = W::FigLines;
    pub const SCOPES: W = W::FigScopes;
    pub const EQUIPPED: W = W::FigEquipped;
    pub const READY: W = W::FigReady;
    pub const COVERAGE: W = W::FigCoverage;
    pub const COMPLIANCE: W = W::FigCompliance;
    pub const SATURATION: W = W::FigSaturation;
    pub const HIGH_END: W = W::FigHighEnd;
    pub const PIECES: W = W::FigPieces;
    pub const PIECES_READY: W = W::FigPiecesReady;
    pub const MAINTENANCE: W = W::FigMaintenance;
    pub const OUT_OF_SERVICE: W = W::FigOutOfService;
    pub const OVER_AGE: W = W::FigOverAge;
    pub const OVERDUE: W = W::FigOverdue;
    pub const CHECKED_OUT: W = W::FigCheckedOut;
    pub const PAST_DUE: W = W::FigPastDue;
    pub const LOTS: W = W::FigLots;
    pub const LOTS_EXPIRED: W = W::FigLotsExpired;
    pub const LOTS_EXPIRING: W = W::FigLotsExpiring;
    pub const LINES_SHORT: W = W::FigLinesShort;
    pub const WITH_LIFE: W = W::FigWithLife;
    pub const COST: W = W::FigCost;
    pub const OVERDUE_N: W = W::FigOverdueN;
    pub const LISTED: W = W::FigListed;
    pub const EXPIRED: W = W::FigExpired;
    pub const EXPIRING: W = W::FigExpiring;
    pub const TARGETS_MET: W = W::FigTargetsMet;
    pub const TARGETS: W = W::FigTargets;
    pub const THRESHOLD: W = W::FigThreshold;
    pub const EXPIRING_SHARE: W = W::FigExpiringShare;
    pub const PERIODS_OVER: W = W::FigPeriodsOver;
    pub const USE_FIRST: W = W::FigUseFirst;
    pub const TO_BUY: W = W::FigToBuy;
    pub const BUY_COST: W = W::FigBuyCost;
}

/// A word in both languages: a word of the catalogue, or an `(English, Chinese)` pair that
/// a caller outside this crate still writes itself.
pub trait Word {
    fn in_lang(self, lang: Lang) -> &'static str;
}

impl Word for W {
    fn in_lang(self, lang: Lang) -> &'static str {
        self.get(lang)
    }
}

impl Word for (&'static str, &'static str) {
    fn in_lang(self, lang: Lang) -> &'static str {
        pick(lang, self.0, self.1)
    }
}

/// `label::X` in `lang`.
pub fn l(lang: Lang, w: impl Word) -> &'static str {
    w.in_lang(lang)
}

/// Columns shared by the reports.
pub mod cols {
    use super::W;
    use crate::column::{Col, Kind, word_col};
    pub const UNIT: Col = word_col("code", W::ColUnit, Kind::Code);
    pub const UNIT_NAME: Col = word_col("name", W::ColUnitName, Kind::Text);
    pub const KIND: Col = word_col("kind", W::ColKind, Kind::Text);
    pub const LINES: Col = word_col("lines", W::ColLines, Kind::Num);
    pub const EQUIPPED_LINES: Col = word_col("lines_equipped", W::ColEquippedLines, Kind::Num);
    pub const EQUIPPED_RATE: Col = word_col("equipped_rate", W::ColEquippedRate, Kind::Pct);
    pub const READY_COVERAGE: Col = word_col("ready_coverage", W::ColReadyCoverage, Kind::Pct);
    pub const READY_RATE: Col = word_col("ready_rate", W::ColReadyRate, Kind::Pct);
    pub const COMPLIANT: Col = word_col("compliant", W::ColCompliant, Kind::Num);
    pub const WITH_LINES: Col = word_col("with_lines", W::ColWithLines, Kind::Num);
    pub const COMPLIANCE_RATE: Col = word_col("compliance_rate", W::ColComplianceRate, Kind::Pct);
    pub const PIECES: Col = word_col("pieces", W::ColPieces, Kind::Num);
    pub const PIECES_READY: Col = word_col("pieces_ready", W::ColPiecesReady, Kind::Num);
    pub const OVER_AGE: Col = word_col("over_age", W::ColOverAge, Kind::Num);
    pub const OVERDUE: Col = word_col("inspection_overdue", W::ColOverdue, Kind::Num);
    pub const CATEGORY: Col = word_col("category", W::ColCategory, Kind::Code);
    pub const CATEGORY_NAME: Col = word_col("category_name", W::ColCategoryName, Kind::Text);
    pub const HIGH_END: Col = word_col("high_end", W::ColHighEnd, Kind::Num);
    pub const HIGH_END_SHARE: Col = word_col("high_end_share", W::ColHighEndShare, Kind::Pct);
    pub const WAREHOUSE: Col = word_col("warehouse", W::ColWarehouse, Kind::Code);
    pub const WAREHOUSE_NAME: Col = word_col("warehouse_name", W::ColWarehouseName, Kind::Text);
    pub const MODULE: Col = word_col("module", W::ColModule, Kind::Code);
    pub const MODULE_NAME: Col = word_col("module_name", W::ColModuleName, Kind::Text);
    pub const SATURATION: Col = word_col("saturation", W::ColSaturation, Kind::Pct);
    pub const BARCODE: Col = word_col("barcode", W::ColBarcode, Kind::Code);
    pub const ITEM: Col = word_col("item", W::ColItem, Kind::Code);
    pub const ITEM_NAME: Col = word_col("item_name", W::ColItemName, Kind::Text);
    pub const OWNER: Col = word_col("owner", W::ColOwner, Kind::Code);
    pub const OWNER_NAME: Col = word_col("owner_name", W::ColOwnerName, Kind::Text);
    pub const LOCATION: Col = word_col("location", W::ColLocation, Kind::Code);
    pub const DUE: Col = word_col("due", W::ColDue, Kind::Date);
    pub const DAYS_LATE: Col = word_col("days_late", W::ColDaysLate, Kind::Num);
    pub const METRIC: Col = word_col("metric", W::ColMetric, Kind::Code);
    pub const METRIC_NAME: Col = word_col("metric_name", W::ColMetricName, Kind::Text);
    pub const SCOPE: Col = word_col("scope", W::ColScope, Kind::Code);
    pub const SCOPE_NAME: Col = word_col("scope_name", W::ColScopeName, Kind::Text);
    pub const TARGET: Col = word_col("target", W::ColTarget, Kind::Num);
    pub const DEADLINE: Col = word_col("deadline", W::ColDeadline, Kind::Date);
    pub const ACTUAL: Col = word_col("actual", W::ColActual, Kind::Num);
    pub const STATUS: Col = word_col("status", W::ColStatus, Kind::Code);
    pub const STATUS_NAME: Col = word_col("status_name", W::ColStatusName, Kind::Text);
    pub const GAP: Col = word_col("gap", W::ColGap, Kind::Num);
    pub const GAP_UNIT: Col = word_col("gap_unit", W::ColGapUnit, Kind::Text);
    pub const SOURCE: Col = word_col("source", W::ColSource, Kind::Text);
    pub const WHAT: Col = word_col("what", W::ColWhat, Kind::Code);
    pub const WHAT_NAME: Col = word_col("what_name", W::ColWhatName, Kind::Text);
    pub const REQUIRED: Col = word_col("required", W::ColRequired, Kind::Num);
    pub const HELD: Col = word_col("held", W::ColHeld, Kind::Num);
    pub const READY: Col = word_col("ready", W::ColReady, Kind::Num);
    pub const MISSING: Col = word_col("missing", W::ColMissing, Kind::Num);
    pub const NOT_READY: Col = word_col("not_ready", W::ColNotReady, Kind::Num);
    pub const LINE_STATUS: Col = word_col("line_status", W::ColLineStatus, Kind::Text);
    pub const TRANSFER_FROM: Col = word_col("transfer_from", W::ColTransferFrom, Kind::Codes);
    pub const YEAR: Col = word_col("year", W::ColYear, Kind::Year);
    pub const BUDGET: Col = word_col("budget", W::ColBudget, Kind::Money);
    pub const SPENT: Col = word_col("spent", W::ColSpent, Kind::Money);
    pub const REPLACED: Col = word_col("replaced", W::ColReplaced, Kind::Num);
    pub const CARRIED: Col = word_col("carried", W::ColCarried, Kind::Num);
    pub const DUE_YEAR: Col = word_col("due_year", W::ColDueYear, Kind::Year);
    pub const COST: Col = word_col("cost", W::ColCost, Kind::Money);
    pub const LIFE_END: Col = word_col("life_end", W::ColLifeEnd, Kind::Date);
    pub const UNPRICED: Col = word_col("unpriced", W::ColUnpriced, Kind::Num);
    pub const LAST: Col = word_col("last_inspected", W::ColLast, Kind::Date);
    pub const INSPECT_DUE: Col = word_col("due", W::ColInspectDue, Kind::Date);
    pub const NEVER: Col = word_col("never_inspected", W::ColNever, Kind::Bool);
    pub const QUANTITY: Col = word_col("quantity", W::ColQuantity, Kind::Num);
    pub const UOM: Col = word_col("uom", W::ColUom, Kind::Text);
    pub const EXPIRES: Col = word_col("expires", W::ColExpires, Kind::Date);
    pub const DAYS_LEFT: Col = word_col("days_left", W::ColDaysLeft, Kind::Num);
}
