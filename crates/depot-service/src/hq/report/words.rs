//! The columns and the labels of headquarters' reports, and a depot's state in words.

use crate::hq::figures::DepotState;
use depot_report::words::{Lang, pick};

/// The columns of headquarters' reports.
pub(super) mod hc {
    use depot_report::table::{Col, Kind, col};
    pub const DEPOT: Col = col("depot", "depot", "库编码", Kind::Code);
    pub const DEPOT_NAME: Col = col("depot_name", "depot name", "库名称", Kind::Text);
    pub const AS_OF: Col = col("as_of", "as of", "数据截至", Kind::Date);
    pub const WRITTEN: Col = col("written", "written", "数据包生成", Kind::Date);
    pub const AGE: Col = col("age_days", "age (days)", "距今天数", Kind::Num);
    pub const STATE: Col = col("state", "state", "状态", Kind::Text);
    pub const SHORT: Col = col("lines_short", "short", "缺配条目", Kind::Num);
    pub const DUE: Col = col("replacements_due", "due", "到期待换", Kind::Num);
    pub const DUE_COST: Col = col("replacements_cost", "due cost", "待换费用", Kind::Money);
    pub const EQUIPPED: Col = col("equipped", "equipped", "配齐", Kind::Bool);
    pub const READY_MET: Col = col("ready_met", "ready met", "完好满足", Kind::Bool);
    pub const CREATED: Col = col("created", "written at", "生成时间", Kind::Text);
    pub const INGESTED: Col = col("ingested", "ingested at", "导入时间", Kind::Text);
    pub const COMMISSIONED: Col = col("commissioned", "commissioned", "启用日期", Kind::Text);
    pub const LIFE_END: Col = col("life_end", "life end", "到期日期", Kind::Text);
    pub const UNIT_PRICE: Col = col("unit_price", "unit price", "单价", Kind::Money);
    pub const DIRECTIVE: Col = col("directive", "directive", "执行指令版本", Kind::Num);
    pub const NEWEST: Col = col("newest", "newest", "最新指令版本", Kind::Num);
}

/// Labels of headquarters' headline figures.
pub(super) const TODAY: (&str, &str) = ("today", "今日");

pub(super) const DEPOTS: (&str, &str) = ("depots enrolled", "已登记的库");

pub(super) const STALE: (&str, &str) = ("stale or without a bundle", "过期或无数据包");

pub(super) const STALE_AFTER: (&str, &str) = ("stale after (days)", "过期天数");

pub(super) const DEPOT: (&str, &str) = ("depot", "库");

pub(super) const FIGURES_AS_OF: (&str, &str) = ("figures as of", "数据截至");

pub(super) const NOT_AVAILABLE: (&str, &str) = ("not available", "无法计算");

pub(super) fn state_word(s: DepotState, lang: Lang) -> &'static str {
    match s {
        DepotState::NoBundle => pick(lang, "no bundle", "无数据包"),
        DepotState::Current { .. } => pick(lang, "current", "正常"),
        DepotState::Stale { .. } => pick(lang, "stale", "过期"),
    }
}
