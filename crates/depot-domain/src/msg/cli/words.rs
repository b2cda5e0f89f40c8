//! The command line's single words: the names of what `depot status` counts, the kinds of
//! value an argument takes and the values each may be (said under Chinese when one is not
//! known), and the words a count's listing puts after a line.

crate::texts! {
    StatusDatabase => "database" / "数据库",
    StatusUnits => "units" / "单位",
    StatusWarehouses => "warehouses" / "仓库",
    StatusModules => "modules" / "模块",
    StatusCatalogue => "catalogue" / "器材目录",
    StatusAssets => "assets" / "资产",
    StatusLots => "lots" / "批次",
    ImportLocations => "locations" / "位置",
    StatusLedger => "ledger" / "台账",
    StatusStandards => "standards" / "标准",
    EncodingKind => "encoding" / "编码",
    InputEncodings => "auto, utf-8, gb18030 (or gbk)" / "`auto`、`utf-8` 或 `gb18030`（或 `gbk`）",
    OutputEncodings => "utf-8, gb18030 (or gbk)" / "`utf-8` 或 `gb18030`（或 `gbk`）",
    ExportKindKind => "export" / "导出种类",
    ExportKinds =>
        "inventory, assets, lots, movements, readiness, replacements or bundle"
        / "`inventory`、`assets`、`lots`、`movements`、`readiness`、`replacements` 或 `bundle`",
    ConditionKind => "condition" / "状况",
    Conditions => "ok or damaged" / "`ok`（完好）或 `damaged`（损坏）",
    DecisionKind => "decision" / "决定",
    Decisions =>
        "take, return or away"
        / "`take`（调拨到此处）、`return`（退回）或 `away`（在外）",
    RoleKind => "role" / "角色",
    Roles =>
        "quartermaster, officer or auditor"
        / "`quartermaster`（保管员）、`officer`（管理员）或 `auditor`（审计员）",
    AllModules => "(all modules)" / "（全部模块）",
    CountOpen => "open" / "进行中",
    MissingSetOutOfService => "  → set out of service" / "  → 已设为停用",
    MissingClosingSetsOutOfService => "  → closing sets it out of service" / "  → 关闭盘点时设为停用",
    Undecided => "  → ?" / "  → ？",
}
