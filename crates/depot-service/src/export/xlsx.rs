//! An export as a workbook (`depot export KIND --format xlsx`): the rows of the CSV export,
//! typed by the column types of `schemas/KIND.json` (numbers as numbers, dates as dates, codes,
//! barcodes and serials as text), headers in the user's language (the Chinese names of the
//! schemas), written by the reports' workbook writer (`report::xlsx`: frozen header, filters,
//! column widths).

use depot_domain::msg::service::ServiceMsg;
use std::path::Path;

use rust_decimal::Decimal;

use super::csv::{ExportKind, ExportOptions, export};
use crate::export::Extract;
use crate::{Error, Result};
use depot_exchange::{CsvOptions, OutputEncoding};
use depot_report::table::{Cell, Col, Kind, Section, col};
use depot_report::words::Lang;

const T: Kind = Kind::Text;
const C: Kind = Kind::Code;
const N: Kind = Kind::Num;
const D: Kind = Kind::Date;
const Y: Kind = Kind::Year;
const B: Kind = Kind::Bool;

/// The columns of each export, in order, with their Chinese names and cell types (checked
/// against `schemas/` by a test).
fn columns(kind: ExportKind) -> &'static [Col] {
    const INVENTORY: [Col; 14] = [
        col("owner", "owner", "所属单位", C),
        col("owner_name", "owner_name", "单位名称", T),
        col("module", "module", "模块", C),
        col("item", "item", "品类编码", C),
        col("item_name", "item_name", "品类名称", T),
        col("category", "category", "类别", T),
        col("uom", "uom", "计量单位", T),
        col("held", "held", "在册数", N),
        col("ready", "ready", "完好数", N),
        col("checked_out", "checked_out", "借出数", N),
        col("maintenance", "maintenance", "维修数", N),
        col("over_age", "over_age", "超期数", N),
        col("expiring_90d", "expiring_90d", "90天内到期", N),
        col("value", "value", "金额", N),
    ];
    const ASSETS: [Col; 10] = [
        col("barcode", "barcode", "条码", C),
        col("item", "item", "品类编码", C),
        col("serial", "serial", "出厂编号", T),
        col("owner", "owner", "所属单位", C),
        col("location", "location", "当前位置", C),
        col("module", "module", "模块", C),
        col("status", "status", "状态", T),
        col("commissioned", "commissioned", "启用日期", D),
        col("last_inspected", "last_inspected", "上次检测日期", D),
        col("plate", "plate", "车牌号", T),
    ];
    const LOTS: [Col; 8] = [
        col("barcode", "barcode", "条码", C),
        col("item", "item", "品类编码", C),
        col("lot", "lot", "批号", T),
        col("owner", "owner", "所属单位", C),
        col("module", "module", "模块", C),
        col("quantity", "quantity", "数量", N),
        col("expires", "expires", "有效期至", D),
        col("received", "received", "入库日期", D),
    ];
    const MOVEMENTS: [Col; 14] = [
        col("seq", "seq", "序号", Y),
        // RFC 3339 with its offset: kept as written (a spreadsheet's date-time has no offset).
        col("at", "at", "时间", T),
        col("action", "action", "动作", T),
        col("barcode", "barcode", "条码", C),
        col("item", "item", "品类编码", C),
        col("quantity", "quantity", "数量", N),
        col("from", "from", "调出方", C),
        col("to", "to", "调入方", C),
        col("operator", "operator", "操作员", T),
        col("reference", "reference", "单据号", T),
        col("reason", "reason", "原因", T),
        col("prev_hash", "prev_hash", "前序哈希", C),
        col("hash", "hash", "本条哈希", C),
        col("detail", "detail", "变更明细", T),
    ];
    const READINESS: [Col; 9] = [
        col("scope", "scope", "适用范围", C),
        col("scope_name", "scope_name", "范围名称", T),
        col("module", "module", "模块", C),
        col("what", "what", "配备对象", C),
        col("required", "required", "应配数量", N),
        col("held", "held", "在册数", N),
        col("ready", "ready", "完好数", N),
        col("equipped", "equipped", "已配齐", B),
        col("ready_met", "ready_met", "完好达标", B),
    ];
    const REPLACEMENTS: [Col; 8] = [
        col("due_year", "due_year", "到期年度", Y),
        col("barcode", "barcode", "条码", C),
        col("item", "item", "品类编码", C),
        col("item_name", "item_name", "品类名称", T),
        col("owner", "owner", "所属单位", C),
        col("commissioned", "commissioned", "启用日期", D),
        col("life_end", "life_end", "服役期满日期", D),
        col("unit_price", "unit_price", "单价", N),
    ];
    match kind {
        ExportKind::Inventory => &INVENTORY,
        ExportKind::Assets => &ASSETS,
        ExportKind::Lots => &LOTS,
        ExportKind::Movements => &MOVEMENTS,
        ExportKind::Readiness => &READINESS,
        ExportKind::Replacements => &REPLACEMENTS,
    }
}

/// The sheet's name in Chinese.
fn sheet_zh(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Inventory => "库存",
        ExportKind::Assets => "装备台账",
        ExportKind::Lots => "批次物资",
        ExportKind::Movements => "出入库流水",
        ExportKind::Readiness => "标准条目",
        ExportKind::Replacements => "到期更新",
    }
}

/// One CSV cell as the typed cell of its column; `None` when the text is not of that type
/// (an export bug: the caller names it).
fn typed(kind: Kind, s: &str) -> Option<Cell> {
    if s.is_empty() {
        return Some(Cell::Empty);
    }
    Some(match kind {
        Kind::Num => Cell::Num(s.parse::<Decimal>().ok()?),
        Kind::Year => Cell::Int(s.parse::<i64>().ok()?),
        Kind::Date => Cell::Date(s.parse().ok()?),
        Kind::Bool => Cell::Bool(depot_exchange::parse_bool(s).ok()?),
        _ => Cell::text(s),
    })
}

/// A Chinese workbook is read by people: its categories, modules, conditions and actions in
/// Chinese words (`水域`, `完好`), not the English codes a CSV carries for programs (an import
/// reads a module's name or a condition's Chinese word as it reads the code).
fn in_words(r: &Extract, sec: &mut Section) -> Result<()> {
    use depot_domain::vocab::Vocabulary;
    use depot_domain::{Action, AssetStatus, Category};
    fn word<V: Vocabulary>(s: &str) -> Option<String> {
        V::from_word(s).map(|v| v.zh().to_owned())
    }
    let modules = r.modules()?;
    let module = |s: &str| {
        modules
            .iter()
            .find(|m| m.code.as_str() == s)
            .filter(|m| !m.name_zh.is_empty())
            .map(|m| m.name_zh.clone())
    };
    let keys: Vec<&str> = sec.cols.iter().map(|c| c.key).collect();
    for row in &mut sec.rows {
        for (cell, key) in row.iter_mut().zip(&keys) {
            let Cell::Text(s) = cell else { continue };
            let said = match *key {
                "category" => word::<Category>(s),
                "status" => word::<AssetStatus>(s),
                "action" => word::<Action>(s),
                "module" => module(s),
                _ => None,
            };
            if let Some(w) = said {
                *s = w;
            }
        }
    }
    Ok(())
}

/// Writes `kind` as a workbook at `path` (one sheet, named after the export); returns the
/// number of data rows. The rows are the CSV export's, so the two never differ in content.
pub fn to_xlsx(
    r: &Extract,
    kind: ExportKind,
    opts: &ExportOptions,
    lang: Lang,
    path: &Path,
) -> Result<u64> {
    let sec = sheet(r, kind, opts, lang)?;
    crate::interrupt::check(super::csv::NOT_EXPORTED)?;
    let n = sec.rows.len() as u64;
    depot_report::xlsx::write_sections(&[sec], lang, path)?;
    Ok(n)
}

/// The workbook's one sheet: the CSV export's rows, typed, in `lang`'s words.
fn sheet(r: &Extract, kind: ExportKind, opts: &ExportOptions, lang: Lang) -> Result<Section> {
    let plain = ExportOptions {
        csv: CsvOptions {
            excel: false,
            encoding: OutputEncoding::Utf8,
        },
        ..*opts
    };
    let mut bytes = Vec::new();
    export(r, kind, &plain, crate::interrupt::Stoppable(&mut bytes))
        .map_err(super::csv::stopped_or)?;
    let cols = columns(kind);
    let title = depot_report::words::pick(lang, kind.name(), sheet_zh(kind));
    let mut sec = Section::new(kind.name(), title, cols.to_vec());
    let mut rd = csv::Reader::from_reader(bytes.as_slice());
    let bug = |what: String| {
        let what = what.to_string();
        Error::phrase(move |lang| ServiceMsg::ExportBug {
            sheet: match lang {
                depot_domain::Lang::En => kind.name().to_owned(),
                depot_domain::Lang::Zh => sheet_zh(kind).to_owned(),
            },
            what: what.clone(),
        })
    };
    let header = rd.headers().map_err(|e| bug(e.to_string()))?.clone();
    let names: Vec<&str> = header.iter().collect();
    let want: Vec<&str> = cols.iter().map(|c| c.key).collect();
    if names != want {
        return Err(bug(format!("columns {names:?}, expected {want:?}")));
    }
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.map_err(|e| bug(e.to_string()))?;
        let row = rec
            .iter()
            .zip(cols)
            .map(|(s, c)| {
                typed(c.kind, s)
                    .ok_or_else(|| bug(format!("row {}: column '{}' value '{s}'", i + 1, c.key)))
            })
            .collect::<Result<Vec<_>>>()?;
        sec.rows.push(row);
    }
    if lang == Lang::Zh {
        in_words(r, &mut sec)?;
    }
    Ok(sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_workbook_says_categories_modules_conditions_and_actions_in_words() {
        use crate::import::files as import;
        use depot_exchange::{InputEncoding, sample};
        let store = crate::store::in_memory().unwrap();
        let ctx = crate::Ctx::fixed(
            "王伟",
            chrono::DateTime::parse_from_rfc3339("2026-11-20T08:00:00+08:00").unwrap(),
        );
        import::import(&store, &ctx, &sample::sources(), InputEncoding::Auto, false).unwrap();
        let x = Extract::open(&store).unwrap();
        let opts = ExportOptions {
            csv: CsvOptions::default(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            since: 1,
        };
        let column = |sec: &Section, key: &str| -> Vec<String> {
            let j = sec.cols.iter().position(|c| c.key == key).unwrap();
            sec.rows
                .iter()
                .map(|r| match &r[j] {
                    Cell::Text(s) => s.clone(),
                    _ => String::new(),
                })
                .collect()
        };
        for (kind, key, code, word) in [
            (ExportKind::Assets, "status", "ready", "完好"),
            (ExportKind::Assets, "module", "water", "水域"),
            (ExportKind::Inventory, "category", "supply", "保障物资"),
            (ExportKind::Inventory, "module", "building", "建筑火灾"),
            (ExportKind::Movements, "action", "opening", "期初"),
        ] {
            let zh = column(&sheet(&x, kind, &opts, Lang::Zh).unwrap(), key);
            assert!(zh.iter().any(|v| v == word), "{kind:?} {key}: {word}");
            assert!(!zh.iter().any(|v| v == code), "{kind:?} {key}: {code}");
            // An English workbook keeps the codes, as the CSV does.
            let en = column(&sheet(&x, kind, &opts, Lang::En).unwrap(), key);
            assert!(en.iter().any(|v| v == code), "{kind:?} {key}: {code}");
        }
    }

    #[test]
    fn columns_match_the_published_schemas() {
        for kind in ExportKind::ALL {
            let (path, schema) = depot_exchange::columns::published(kind.name());
            let published: Vec<(String, String, Kind)> = schema["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let kind = match c["type"].as_str().unwrap() {
                        "decimal" => N,
                        "integer" => Y,
                        "date" => D,
                        "bool" => B,
                        "code" | "what" | "hash" => C,
                        _ => T,
                    };
                    (
                        c["name"].as_str().unwrap().to_owned(),
                        c["zh"].as_str().unwrap().to_owned(),
                        kind,
                    )
                })
                .collect();
            let ours: Vec<(String, String, Kind)> = columns(kind)
                .iter()
                .map(|c| (c.key.to_owned(), c.zh.to_owned(), c.kind))
                .collect();
            assert_eq!(ours, published, "{path}");
        }
    }

    #[test]
    fn cells_are_typed_by_their_column() {
        assert_eq!(typed(C, "00123"), Some(Cell::text("00123")));
        assert_eq!(typed(T, "1E5"), Some(Cell::text("1E5")));
        assert_eq!(typed(N, "2.50"), Some(Cell::Num("2.50".parse().unwrap())));
        assert_eq!(typed(Y, "2027"), Some(Cell::Int(2027)));
        assert_eq!(
            typed(D, "2026-11-23"),
            Some(Cell::Date("2026-11-23".parse().unwrap()))
        );
        assert_eq!(typed(B, "yes"), Some(Cell::Bool(true)));
        assert_eq!(typed(N, ""), Some(Cell::Empty));
        assert_eq!(typed(N, "x"), None);
    }
}
