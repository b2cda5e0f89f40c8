//! The columns of every exchange file, as the importers and exporters use them, and the format's
//! own Chinese words in a cell (the marks of a date, yes and no). `schemas/` holds the same
//! column definitions for people and other programs; a test keeps the two equal.

use crate::reader::ColumnSpec;

const fn col(name: &'static str, zh: &'static str, required: bool) -> ColumnSpec {
    ColumnSpec { name, zh, required }
}

pub const UNITS: &[ColumnSpec] = &[
    col("code", "单位编码", true),
    col("name", "单位名称", true),
    col("kind", "单位类型", true),
    col("parent", "上级单位编码", false),
    col("class", "站级", false),
    col("lat", "纬度", false),
    col("lon", "经度", false),
];

pub const WAREHOUSES: &[ColumnSpec] = &[
    col("code", "储备库编码", true),
    col("name", "储备库名称", true),
    col("level", "级别", true),
    col("unit", "所属单位编码", true),
    col("agreement", "协议储备", false),
    col("partner", "协议企业", false),
    col("lat", "纬度", false),
    col("lon", "经度", false),
];

pub const TRAVEL_TIMES: &[ColumnSpec] = &[
    col("from", "起点编码", true),
    col("to", "终点编码", true),
    col("minutes", "行车时间分钟", true),
];

pub const MODULES: &[ColumnSpec] = &[
    col("code", "模块编码", true),
    col("name_zh", "中文名称", true),
    col("name_en", "英文名称", true),
];

pub const CATALOG: &[ColumnSpec] = &[
    col("item", "品类编码", true),
    col("name", "品类名称", true),
    col("category", "类别", true),
    col("tracking", "管理方式", true),
    col("uom", "计量单位", true),
    col("life_years", "使用年限", false),
    col("inspect_days", "检测周期天数", false),
    col("high_end", "高精尖", false),
    col("unit_price", "单价", false),
];

pub const ASSETS: &[ColumnSpec] = &[
    col("barcode", "条码", true),
    col("item", "品类编码", true),
    col("serial", "出厂编号", false),
    col("owner", "所属单位", true),
    col("location", "当前位置", false),
    col("module", "模块", false),
    col("status", "状态", false),
    col("commissioned", "启用日期", false),
    col("last_inspected", "上次检测日期", false),
    col("plate", "车牌号", false),
];

pub const LOTS: &[ColumnSpec] = &[
    col("barcode", "条码", true),
    col("item", "品类编码", true),
    col("lot", "批号", false),
    col("owner", "所属单位", true),
    col("module", "模块", false),
    col("quantity", "数量", true),
    col("expires", "有效期至", false),
    col("received", "入库日期", false),
];

pub const STANDARDS: &[ColumnSpec] = &[
    col("scope", "适用范围", true),
    col("module", "模块", false),
    col("what", "配备对象", true),
    col("required", "应配数量", true),
];

pub const TARGETS: &[ColumnSpec] = &[
    col("metric", "指标", true),
    col("scope", "范围", false),
    col("target", "目标值", true),
    col("deadline", "截止日期", true),
    col("source", "依据", false),
];

/// The import files, in the order a directory is imported (each after what it refers to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Modules,
    Units,
    Warehouses,
    /// The travel times between places, from the service's own map system.
    TravelTimes,
    Catalog,
    Assets,
    Lots,
    Standards,
    Targets,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Modules,
        Kind::Units,
        Kind::Warehouses,
        Kind::TravelTimes,
        Kind::Catalog,
        Kind::Assets,
        Kind::Lots,
        Kind::Standards,
        Kind::Targets,
    ];

    /// The kind's name on the command line, and its file's stem.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Modules => "modules",
            Kind::Units => "units",
            Kind::Warehouses => "warehouses",
            Kind::TravelTimes => "travel_times",
            Kind::Catalog => "catalog",
            Kind::Assets => "assets",
            Kind::Lots => "lots",
            Kind::Standards => "standards",
            Kind::Targets => "targets",
        }
    }

    /// The kind's name in Chinese, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Modules => "模块",
            Kind::Units => "单位",
            Kind::Warehouses => "仓库",
            Kind::TravelTimes => "行车时间",
            Kind::Catalog => "器材目录",
            Kind::Assets => "资产",
            Kind::Lots => "批次",
            Kind::Standards => "标准",
            Kind::Targets => "目标",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.csv", self.name())
    }

    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            Kind::Modules => MODULES,
            Kind::Units => UNITS,
            Kind::Warehouses => WAREHOUSES,
            Kind::TravelTimes => TRAVEL_TIMES,
            Kind::Catalog => CATALOG,
            Kind::Assets => ASSETS,
            Kind::Lots => LOTS,
            Kind::Standards => STANDARDS,
            Kind::Targets => TARGETS,
        }
    }
}

impl Kind {
    /// The kind a sheet's name names (`assets`, `资产`, any case), if any: a workbook whose
    /// sheets are named by kind gives each import its own sheets.
    pub fn of_sheet(name: &str) -> Option<Kind> {
        let name = name.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name) || k.zh() == name)
    }
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<_> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!(
                    "unknown import kind '{s}': expected one of {}",
                    names.join(", ")
                )
            })
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `schemas/NAME.json`, read for the tests that check code against it: its path and content.
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub fn published(name: &str) -> (String, serde_json::Value) {
    let path = format!("{}/../../schemas/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let schema = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    (path, schema)
}

/// Checks that `json`, a signed document written as depot writes it (two spaces, one field a
/// line), has the fields `schema` (a published `schemas/NAME.json`) lists, in that order, which
/// is the order they are signed in; answers how many fields the schema lists.
#[cfg(test)]
pub fn assert_signing_order(schema: &serde_json::Value, json: &str) -> usize {
    let names: Vec<&str> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let at: Vec<usize> = names
        .iter()
        .map(|n| json.find(&format!("\n  \"{n}\":")).unwrap_or(usize::MAX))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{names:?} {at:?}");
    names.len()
}

/// The marks of a date written the Chinese way (`2026年5月1日`): year, month, day.
pub const DATE_MARKS: [char; 3] = ['年', '月', '日'];

/// Yes and no, in a yes/no column written in Chinese.
pub const YES_ZH: &str = "是";
pub const NO_ZH: &str = "否";

#[cfg(test)]
mod tests {
    use super::*;

    /// The importers' columns are the ones `schemas/` publishes: same names, same Chinese
    /// names, same order, and a column is required in one exactly when it is in the other
    /// (a conditional requirement, such as `class` for stations, is checked by the importer).
    #[test]
    fn columns_match_the_published_schemas() {
        for kind in Kind::ALL {
            let (path, schema) = published(kind.name());
            assert_eq!(schema["file"], kind.file_name(), "{path}");
            let cols = schema["columns"].as_array().unwrap();
            let published: Vec<(&str, &str, bool)> = cols
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap(),
                        c["zh"].as_str().unwrap(),
                        c["required"] == true,
                    )
                })
                .collect();
            let ours: Vec<(&str, &str, bool)> = kind
                .columns()
                .iter()
                .map(|c| (c.name, c.zh, c.required))
                .collect();
            assert_eq!(ours, published, "{path}");
        }
    }
}
