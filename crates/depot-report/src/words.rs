//! Every word the reports print, in English and Chinese: titles, labels of the headline
//! figures, column names, notes, and how money and yes/no read.

use rust_decimal::Decimal;

pub use depot_domain::Lang;

use crate::column::{Col, Kind, col};

/// Picks the word of `lang`.
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
    match (b, lang) {
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
    }
}

pub fn none(lang: Lang) -> &'static str {
    pick(lang, "none", "无")
}

pub fn summary_title(lang: Lang) -> &'static str {
    pick(lang, "Summary", "概要")
}

/// Money as people read it: `2.46 亿元`, `24,564.39 万元`, `860 元`; in English the yuan
/// grouped by thousands, `245,643,860`.
pub fn money_text(m: Decimal, lang: Lang) -> String {
    let yi = Decimal::from(100_000_000);
    let wan = Decimal::from(10_000);
    match lang {
        Lang::En => group(&m.round_dp(2).normalize().to_string()),
        Lang::Zh if m.abs() >= yi => format!("{} 亿元", group(&(m / yi).round_dp(2).to_string())),
        Lang::Zh if m.abs() >= wan => {
            format!("{} 万元", group(&(m / wan).round_dp(2).to_string()))
        }
        Lang::Zh => format!("{} 元", group(&m.round_dp(2).normalize().to_string())),
    }
}

pub const SUMMARY_COLS: [Col; 4] = [
    col("key", "key", "键", Kind::Text),
    col("label", "figure", "指标", Kind::Text),
    col("value", "value", "数值", Kind::Text),
    col("detail", "detail", "说明", Kind::Text),
];

/// Labels of the headline figures.
pub mod label {
    pub const AS_OF: (&str, &str) = ("as of", "截至");
    pub const SCOPE: (&str, &str) = ("scope", "范围");
    pub const EVERYTHING: (&str, &str) = ("everything", "全部");
    pub const LINES: (&str, &str) = ("lines of standards", "配备标准条目");
    pub const SCOPES: (&str, &str) = ("units and warehouses with lines", "有标准的单位和储备库");
    pub const EQUIPPED: (&str, &str) = ("equipped rate", "配备率");
    pub const READY: (&str, &str) = ("ready rate", "完好率");
    pub const COVERAGE: (&str, &str) = ("ready coverage", "完好满足率");
    pub const COMPLIANCE: (&str, &str) = ("compliance rate", "达标率");
    pub const SATURATION: (&str, &str) = ("reserve saturation", "储备饱和度");
    pub const HIGH_END: (&str, &str) = ("high-end share", "高精尖占比");
    pub const PIECES: (&str, &str) = ("pieces held", "在册装备");
    pub const PIECES_READY: (&str, &str) = ("pieces ready", "完好装备");
    pub const MAINTENANCE: (&str, &str) = ("in maintenance", "维修中");
    pub const OUT_OF_SERVICE: (&str, &str) = ("out of service", "停用");
    pub const OVER_AGE: (&str, &str) = ("over-age", "超期服役");
    pub const OVERDUE: (&str, &str) = ("inspection overdue", "逾期未检");
    pub const CHECKED_OUT: (&str, &str) = ("checked out", "借出");
    pub const PAST_DUE: (&str, &str) = ("checked out past due", "借出逾期");
    pub const LOTS: (&str, &str) = ("lots", "批次");
    pub const LOTS_EXPIRED: (&str, &str) = ("lots expired", "已过期批次");
    pub const LOTS_EXPIRING: (&str, &str) = ("lots expiring", "临期批次");
    pub const LINES_SHORT: (&str, &str) = ("lines not met", "未满足条目");
    pub const WITH_LIFE: (&str, &str) = ("pieces with a service life", "有使用年限的装备");
    pub const COST: (&str, &str) = ("like-for-like cost", "原样更新费用");
    pub const OVERDUE_N: (&str, &str) = ("overdue", "逾期");
    pub const LISTED: (&str, &str) = ("listed", "列出");
    pub const EXPIRED: (&str, &str) = ("expired", "已过期");
    pub const EXPIRING: (&str, &str) = ("expiring", "临期");
    pub const TARGETS_MET: (&str, &str) = ("targets met", "已达成目标");
    pub const TARGETS: (&str, &str) = ("targets", "目标");
}

/// `label::X` in `lang`.
pub fn l(lang: Lang, w: (&'static str, &'static str)) -> &'static str {
    pick(lang, w.0, w.1)
}

/// Columns shared by the reports.
pub mod cols {
    use crate::column::{Col, Kind, col};
    pub const UNIT: Col = col("code", "code", "编码", Kind::Code);
    pub const UNIT_NAME: Col = col("name", "name", "名称", Kind::Text);
    pub const KIND: Col = col("kind", "kind", "类型", Kind::Text);
    pub const LINES: Col = col("lines", "lines", "条目", Kind::Num);
    pub const EQUIPPED_LINES: Col = col("lines_equipped", "equipped", "已配齐", Kind::Num);
    pub const EQUIPPED_RATE: Col = col("equipped_rate", "equipped", "配备率", Kind::Pct);
    pub const READY_COVERAGE: Col = col("ready_coverage", "ready cov.", "完好满足率", Kind::Pct);
    pub const READY_RATE: Col = col("ready_rate", "ready", "完好率", Kind::Pct);
    pub const COMPLIANT: Col = col("compliant", "compliant", "达标", Kind::Num);
    pub const WITH_LINES: Col = col("with_lines", "with lines", "有标准", Kind::Num);
    pub const COMPLIANCE_RATE: Col = col("compliance_rate", "compliance", "达标率", Kind::Pct);
    pub const PIECES: Col = col("pieces", "pieces", "在册", Kind::Num);
    pub const PIECES_READY: Col = col("pieces_ready", "ready", "完好", Kind::Num);
    pub const OVER_AGE: Col = col("over_age", "over-age", "超期", Kind::Num);
    pub const OVERDUE: Col = col("inspection_overdue", "overdue", "逾期未检", Kind::Num);
    pub const CATEGORY: Col = col("category", "category", "类别编码", Kind::Code);
    pub const CATEGORY_NAME: Col = col("category_name", "category name", "类别", Kind::Text);
    pub const HIGH_END: Col = col("high_end", "high-end", "高精尖", Kind::Num);
    pub const HIGH_END_SHARE: Col = col("high_end_share", "high-end", "高精尖占比", Kind::Pct);
    pub const WAREHOUSE: Col = col("warehouse", "warehouse", "储备库编码", Kind::Code);
    pub const WAREHOUSE_NAME: Col = col("warehouse_name", "warehouse name", "储备库", Kind::Text);
    pub const MODULE: Col = col("module", "module", "模块编码", Kind::Code);
    pub const MODULE_NAME: Col = col("module_name", "module name", "模块", Kind::Text);
    pub const SATURATION: Col = col("saturation", "saturation", "饱和度", Kind::Pct);
    pub const BARCODE: Col = col("barcode", "barcode", "条码", Kind::Code);
    pub const ITEM: Col = col("item", "item", "品类编码", Kind::Code);
    pub const ITEM_NAME: Col = col("item_name", "item name", "品类", Kind::Text);
    pub const OWNER: Col = col("owner", "owner", "所属单位编码", Kind::Code);
    pub const OWNER_NAME: Col = col("owner_name", "owner name", "所属单位", Kind::Text);
    pub const LOCATION: Col = col("location", "at", "当前位置", Kind::Code);
    pub const DUE: Col = col("due", "due", "应还日期", Kind::Date);
    pub const DAYS_LATE: Col = col("days_late", "days late", "逾期天数", Kind::Num);
    pub const METRIC: Col = col("metric", "metric", "指标编码", Kind::Code);
    pub const METRIC_NAME: Col = col("metric_name", "metric name", "指标", Kind::Text);
    pub const SCOPE: Col = col("scope", "scope", "范围", Kind::Code);
    pub const SCOPE_NAME: Col = col("scope_name", "scope name", "范围名称", Kind::Text);
    pub const TARGET: Col = col("target", "target", "目标值", Kind::Num);
    pub const DEADLINE: Col = col("deadline", "deadline", "截止日期", Kind::Date);
    pub const ACTUAL: Col = col("actual", "actual", "当前值", Kind::Num);
    pub const STATUS: Col = col("status", "status", "状态编码", Kind::Code);
    pub const STATUS_NAME: Col = col("status_name", "status name", "状态", Kind::Text);
    pub const GAP: Col = col("gap", "gap", "差距", Kind::Num);
    pub const GAP_UNIT: Col = col("gap_unit", "gap in", "差距单位", Kind::Text);
    pub const SOURCE: Col = col("source", "source", "依据", Kind::Text);
    pub const WHAT: Col = col("what", "what", "配备对象编码", Kind::Code);
    pub const WHAT_NAME: Col = col("what_name", "what (name)", "配备对象", Kind::Text);
    pub const REQUIRED: Col = col("required", "required", "应配", Kind::Num);
    pub const HELD: Col = col("held", "held", "在册", Kind::Num);
    pub const READY: Col = col("ready", "ready", "完好", Kind::Num);
    pub const MISSING: Col = col("missing", "to equip", "缺配", Kind::Num);
    pub const NOT_READY: Col = col("not_ready", "to make ready", "缺完好", Kind::Num);
    pub const LINE_STATUS: Col = col("line_status", "status", "状态", Kind::Text);
    pub const TRANSFER_FROM: Col = col("transfer_from", "transfer from", "可调拨来源", Kind::Codes);
    pub const YEAR: Col = col("year", "year", "年度", Kind::Year);
    pub const BUDGET: Col = col("budget", "budget", "预算", Kind::Money);
    pub const SPENT: Col = col("spent", "spent", "支出", Kind::Money);
    pub const REPLACED: Col = col("replaced", "replaced", "更新件数", Kind::Num);
    pub const CARRIED: Col = col("carried", "carried over", "顺延件数", Kind::Num);
    pub const DUE_YEAR: Col = col("due_year", "due year", "到期年度", Kind::Year);
    pub const COST: Col = col("cost", "cost (yuan)", "费用", Kind::Money);
    pub const LIFE_END: Col = col("life_end", "life ended", "使用年限到期", Kind::Date);
    pub const UNPRICED: Col = col("unpriced", "unpriced", "无单价", Kind::Num);
    pub const LAST: Col = col("last_inspected", "last inspected", "上次检测", Kind::Date);
    pub const INSPECT_DUE: Col = col("due", "due", "应检日期", Kind::Date);
    pub const NEVER: Col = col("never_inspected", "never inspected", "从未检测", Kind::Bool);
    pub const QUANTITY: Col = col("quantity", "quantity", "数量", Kind::Num);
    pub const UOM: Col = col("uom", "uom", "单位", Kind::Text);
    pub const EXPIRES: Col = col("expires", "expires", "有效期至", Kind::Date);
    pub const DAYS_LEFT: Col = col("days_left", "days left", "剩余天数", Kind::Num);
}
