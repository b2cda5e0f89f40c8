//! Every string the terminal shows, in Chinese and English.

/// The language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn toggle(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The command line's language: `--lang`, else a Chinese locale (`LC_ALL`,
    /// `LC_MESSAGES`, `LANG`) gives Chinese; anything else (C, POSIX, none) English, the
    /// language scripts that read its output expect.
    pub fn for_cli(given: Option<&str>) -> Lang {
        if given.is_some() {
            return Lang::detect(given);
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese unless it says
    /// otherwise, since most users are Chinese speakers.
    pub fn detect(given: Option<&str>) -> Lang {
        let from = |s: &str| {
            let s = s.to_ascii_lowercase();
            if s.starts_with("zh") {
                Some(Lang::Zh)
            } else if s.starts_with("en") || s == "c" || s.starts_with("c.") || s == "posix" {
                Some(Lang::En)
            } else {
                None
            }
        };
        if let Some(l) = given.and_then(from) {
            return l;
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return from(&v).unwrap_or_default();
            }
        }
        Lang::Zh
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            _ => Err(format!("unknown language '{s}': expected zh or en")),
        }
    }
}

macro_rules! texts {
    ($($key:ident => $en:literal / $zh:literal),+ $(,)?) => {
        /// A string of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),+ }

        impl T {
            /// Every string, for the tests that look for one in the wrong language.
            pub const ALL: &'static [T] = &[$(T::$key),+];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Zh) => $zh,)+
                }
            }
        }
    };
}

texts! {
    AppTitle => "depot · equipment and reserves" / "depot · 装备与储备物资管理",
    Dashboard => "Dashboard" / "总览",
    Inventory => "Inventory" / "库存",
    Scan => "Scan" / "扫码",
    Units => "Units & depots" / "单位/储备库",
    Replacements => "Replacements" / "更新计划",
    Exports => "Exports" / "导出",
    Help => "Help" / "帮助",
    Login => "Log in" / "登录",
    Operator => "Operator" / "操作员",
    Pin => "PIN" / "密码",
    LoginHint => "Enter: log in   Tab: next field   Esc: quit" / "Enter 登录   Tab 下一项   Esc 退出",
    TooSmall => "The terminal is too small: depot needs at least 80×24. Enlarge the window." / "终端窗口太小：至少需要 80×24，请放大窗口。",
    Filter => "Filter" / "筛选",
    FilterHint => "type to filter: barcode, name, owner, module, status, category" / "输入即筛选：条码、名称、单位、模块、状态、类别",
    Barcode => "Barcode" / "条码",
    Item => "Item" / "品类",
    Owner => "Owner" / "所属单位",
    Module => "Module" / "模块",
    Status => "Status" / "状态",
    Quantity => "Qty" / "数量",
    Location => "Location" / "位置",
    History => "History" / "履历",
    Rows => "rows" / "条",
    Mode => "Mode" / "模式",
    ModeOut => "Check-out" / "出库/借出",
    ModeIn => "Check-in" / "归还",
    ModeTransfer => "Transfer" / "调拨",
    ModeIssue => "Issue" / "应急调用",
    ModeCount => "Count" / "盘点",
    Receiver => "Receiver" / "接收方",
    Reference => "Incident ref" / "事件编号",
    QtyPerScan => "Qty per scan" / "每次数量",
    ScanHere => "Scan a barcode (the scanner types it and presses Enter)" / "请扫码（扫码枪输入条码并回车）",
    ScanSetup => "F-keys set the fields · Ctrl+Z undo the last scan · Esc back" / "功能键设置各项 · Ctrl+Z 撤销上一笔 · Esc 返回",
    FieldTo => "To" / "借给",
    FieldInto => "Into warehouse" / "归还入库",
    FieldTransferTo => "Transfer to" / "调拨至",
    FieldScope => "Count at" / "盘点范围",
    FieldDue => "Due back" / "归还期限",
    IntoOwner => "its owner" / "原所属单位",
    Condition => "Condition" / "状况",
    CondOk => "ok" / "完好",
    CondDamaged => "damaged → repair" / "损坏（送修）",
    ChooseFirst => "choose first:" / "请先设置",
    NoSuchPlace => "no such place here; type part of a code or name and pick one with ↑↓" / "没有这个去向；请输入代码或名称的一部分，用 ↑↓ 选择",
    DueInPast => "the due date is before today" / "归还期限早于今天",
    BadDate => "not a date: type 2026-12-01" / "不是日期：请输入如 2026-12-01",
    BadQuantity => "the quantity must be a number above zero" / "数量必须是大于零的数",
    KindUnit => "unit" / "单位",
    KindWarehouse => "warehouse" / "储备库",
    KindVehicle => "vehicle" / "车辆",
    PickPlace => "Pick a place" / "选择去向",
    Matches => "matching" / "项匹配",
    Reason => "Reason (required)" / "原因（必填）",
    ReasonNeeded => "type the reason for the count's adjustments first" / "请先填写盘点调整的原因",
    DecideEach => "decide for each unexpected item with ←→ (take over, send back, found away)" / "请用 ←→ 为每件多出的物品作出处理（调拨至本处、退回、登记在外）",
    Undecided => "? decide with ←→" / "？请用 ←→ 选择处理",
    ClosingKeys => "type the reason · ↑↓ item · ←→ decision · Enter post · Esc back to counting" / "输入原因 · ↑↓ 选择 · ←→ 处理方式 · 回车过账 · Esc 继续盘点",
    CountRefresh => "refresh" / "刷新",
    CountClose => "close the count" / "结束盘点",
    Expected => "expected" / "应有",
    Found => "found" / "实盘",
    Missing => "missing" / "缺失",
    Unexpected => "unexpected" / "多出",
    QtyDiffers => "quantity differs" / "数量不符",
    Tally => "Tally" / "统计",
    Ok => "OK" / "成功",
    Errors => "Errors" / "错误",
    ImeWarning => "Letters arrived as IME composition: switch the input method to English" / "检测到输入法组字：请将输入法切换为英文",
    Undone => "Undone" / "已撤销",
    NothingToUndo => "Nothing to undo" / "没有可撤销的操作",
    QuitConfirm => "Quit depot? This would abandon:" / "确定退出？以下内容将被放弃：",
    PendingCount => "an open stock count (it stays open in the database)" / "未结束的盘点（数据库中仍保持打开）",
    PendingScan => "a code typed but not yet scanned" / "已输入但尚未提交的条码",
    PendingField => "a field being edited" / "正在编辑的输入项",
    PendingJob => "an export or backup still running (it is finished first)" / "仍在进行的导出或备份（会先完成）",
    KeyUndo => "undo the last scan" / "撤销上一笔扫码",
    BurstWithoutEnter => "characters arrived at scanner speed without Enter and were not taken as keys; set the scanner to end each code with Enter" / "字符以扫码枪速度输入但没有回车，未当作按键处理；请将扫码枪设置为每个条码后发送回车",
    ScanRefusedQuestion => "scan not taken: answer the question first (y/n), then scan again" / "扫码未受理：请先回答提示（y/n），再重新扫码",
    ScanRefusedField => "scan not taken: finish or cancel the field being edited (Enter/Esc), then scan again" / "扫码未受理：请先完成或取消正在编辑的输入项（回车/Esc），再重新扫码",
    ScanRefusedLogin => "log in before scanning" / "请先登录再扫码",
    ScanLookedUp => "looked up, nothing checked out or in: a scan does that only at the scan station (Alt+3)" / "仅查询，未出入库：扫码出入库请按 Alt+3 到扫码台",
    ScanUnknown => "no item has this barcode" / "没有此条码的装备",
    ScanKitAtStation => "a kit: it has no item page; scan it at the scan station (Alt+3) to move it" / "这是成套装备箱，没有单件页面；请按 Alt+3 到扫码台扫码出入库",
    Confirm => "Confirm" / "确认",
    YesNo => "y: yes   n: no" / "y 是   n 否",
    EditField => "Type, Enter to keep, Esc to cancel" / "输入后回车确认，Esc 取消",
    HelpTitle => "Keys of this screen" / "本屏按键",
    KeyQuit => "quit" / "退出",
    KeyHelp => "help" / "帮助",
    KeyLang => "中文 / English" / "中文 / English",
    KeyTabs => "switch screen" / "切换页面",
    KeyMove => "move" / "移动",
    KeyPage => "page up / down" / "翻页",
    KeySort => "sort by next column" / "按下一列排序",
    KeyFocus => "next pane" / "下一窗格",
    KeyBack => "back" / "返回",
    KeyOpen => "open" / "打开",
    Equipped => "Equipped" / "配备率",
    Ready => "Ready" / "完好率",
    Coverage => "Ready coverage" / "完好满足率",
    Compliance => "Compliance" / "达标率",
    HighEnd => "High-end" / "高精尖",
    HighEndVehicles => "High-end vehicles" / "高精尖车辆占比",
    OverAge => "Over-age" / "超期服役",
    Overdue => "Inspections overdue" / "检测逾期",
    PastDue => "Check-outs past due" / "借出逾期",
    Expiring => "Lots expiring ≤90 d" / "90天内到期批次",
    Saturation => "Reserve saturation" / "储备饱和度",
    ByYear => "Replacements by year (cost)" / "逐年更新（费用）",
    Target => "target" / "目标",
    By => "by" / "截止",
    Assets => "assets" / "件",
    Lots => "lots" / "批",
    Movements => "movements" / "笔流水",
    Written => "Written" / "已写入",
    Path => "Path" / "路径",
    Excel => "Excel mode (BOM, CRLF, formula guard)" / "Excel 模式（BOM、CRLF、公式防护）",
    Gb18030 => "GB18030 encoding" / "GB18030 编码",
    AsOf => "As of" / "截至",
    Start => "Enter: export" / "Enter 导出",
    Backup => "b  back up the database (a verified copy beside it)" / "b  备份数据库（在其旁写一份经校验的副本）",
    BackingUp => "Backing up …" / "正在备份……",
    Xlsx => "Excel workbook (.xlsx, typed cells)" / "Excel 工作簿（.xlsx，单元格带类型）",
    CsvOnly => "(CSV only)" / "（仅用于 CSV）",
    BackupServer => "Backup: a PostgreSQL database is backed up with the server's own pg_dump, or copied into a database file with `depot migrate --to FILE`" / "备份：PostgreSQL 数据库请用服务器自带的 pg_dump 备份，或用 `depot migrate --to 文件` 复制为数据库文件",
    ExportStopped => "The export stopped unexpectedly" / "导出意外中止",
    BackupStopped => "The backup stopped unexpectedly" / "备份意外中止",
    BackedUp => "Backup written" / "已备份",
    Verified => "verified" / "已校验",
    Required => "Required" / "应配",
    Held => "Held" / "在册",
    ReadyCount => "Ready" / "完好",
    Shortfalls => "Shortfalls" / "缺口",
    Year => "Year" / "年度",
    Cost => "Cost" / "费用",
    Count => "Count" / "数量",
    Budget => "Budgeted plan" / "预算计划",
    None => "none" / "无",
    BudgetForm => "expected YEAR=AMOUNT, e.g. 2026=5000000" / "应为 年度=金额，如 2026=5000000",
    ItemPage => "Item" / "装备详情",
    OwnerName => "Owner's name" / "单位名称",
    Kit => "Kit" / "器材箱",
    Serial => "Serial" / "出厂编号",
    Plate => "Plate" / "车牌",
    AtOwner => "at its owner" / "在所属单位",
    Commissioned => "In service" / "列装日期",
    LifeEnd => "Life ends" / "报废年限至",
    LastInspected => "Inspected" / "上次检测",
    NextInspection => "Next inspection" / "下次检测",
    DueBack => "Due back" / "应归还",
    LotNo => "Lot" / "批号",
    Expires => "Expires" / "有效期至",
    Received => "Received" / "入库日期",
    KeySortReverse => "sort the other way" / "反向排序",
    KeyItemPage => "the item's page" / "查看装备详情",
    MoreOnUnits => "more: all on screen 4" / "更多：见第 4 屏",
    CategoryOf => "category " / "类别：",
    HqNoRegister => "This is headquarters' database: it holds the depots' bundles, not a register of its own, so this screen has nothing to show. The depots' figures are on screen 1 (Enter opens a depot's lines); reports take --by depot." / "这是总部数据库：只保存各库上报的数据包，没有本库的登记簿，所以本屏没有内容。各库的数据见第 1 屏（Enter 打开某库的条目）；报表可加 --by depot 按库查看。",
    ExportInventory => "inventory" / "库存",
    ExportAssets => "assets" / "单件装备",
    ExportLots => "lots" / "批次物资",
    ExportMovements => "movements" / "出入库记录",
    ExportReadiness => "readiness" / "战备指标",
    ExportReplacements => "replacements" / "更新计划",
    HqDepots => "Depots · stale first, then by code" / "各库 · 过期的在前，其余按代码",
    HqCode => "Code" / "代码",
    HqName => "Name" / "名称",
    HqEquippedPct => "Equip %" / "配备率%",
    HqCoveragePct => "Cover %" / "满足率%",
    HqCompliancePct => "Compl %" / "达标率%",
    HqShort => "Short" / "缺项",
    HqWritten => "Written" / "生成时间",
    HqCurrent => "current" / "正常",
    HqStale => "STALE" / "过期",
    HqNoBundle => "no bundle" / "无数据包",
    HqAll => "ALL" / "全部",
    HqDepotCount => "depots" / "个库",
    HqPooled => "ALL: every line of every depot's latest bundle pooled, each line weighing the same (stale depots included); Cover: ready coverage" / "全部：各库最新数据包的全部标准条目合并计算，每条同权（含过期的库）；满足率：完好满足率",
    HqIngested => "ingested" / "导入于",
    HqMovementsTo => "movements held to" / "已收流水至第",
    HqLines => "Lines of its latest readiness.csv" / "最新数据包的战备明细",
    HqScope => "Scope" / "范围",
    HqLineMet => "met" / "达标",
    HqLineNotReady => "not ready" / "完好不足",
    HqLineShort => "short" / "缺配",
    HqOpen => "Enter: its figures" / "Enter 查看该库",
}
