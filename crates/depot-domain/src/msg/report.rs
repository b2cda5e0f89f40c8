//! What the reports say: their titles, the sections' titles, the labels of the headline
//! figures, the column names, the notes under a report, and the refusals of `depot report`.

crate::texts! { ReportWord {
    Yes => "yes" / "是",
    No => "no" / "否",
    NoRows => "none" / "无",
    NothingToMeasure => "nothing to measure" / "无可计算",
    // Money's units (a Chinese reader reads large sums in 万 and 亿).
    Yuan => "yuan" / "元",
    WanYuan => "ten thousand yuan" / "万元",
    YiYuan => "hundred million yuan" / "亿元",
    // Titles of the reports.
    TitleReadiness => "Readiness" / "战备状态",
    TitleTargets => "Targets" / "目标",
    TitleShortfalls => "Shortfalls" / "缺口",
    TitleReplacements => "Replacements" / "更新计划",
    TitleInspections => "Inspections" / "检测",
    TitleExpiry => "Expiry" / "有效期",
    TitleRotation => "Rotation of reserves" / "收储轮换",
    TitleDigest => "Digest: what needs action" / "待办摘要",
    TitleCircles => "Response circles" / "应急响应圈",
    // Titles of the sections.
    SecSummary => "Summary" / "概要",
    SecByScope => "By unit and warehouse (own and below)" / "分单位和储备库（含下级）",
    SecByCategory => "By category" / "分类别",
    SecModules => "Reserve modules" / "储备模块饱和度",
    SecPastDue => "Check-outs past due" / "借出逾期未还",
    SecOverAge => "Over-age pieces" / "超期服役装备",
    SecPlan => "Budgeted plan: rates at the end of each year" / "预算计划：各年末的比率",
    SecByLifeEndYear => "By life-end year" / "按到期年度",
    SecByOwner => "By owner" / "按单位",
    SecShortfalls => "Lines not met, and spare stock elsewhere (nearest first)" / "未满足的标准条目，及可调拨的富余库存（由近及远）",
    SecExpiringByItem => "Expiring, by module and item" / "分模块、品类的到期数量",
    SecModuleShares =>
        "Share of each module's baseline expiring (over the threshold: flagged)"
        / "各模块保障基数的到期占比（超过预警比例的标出）",
    SecUseFirst =>
        "Use first, earliest expiry first: in training, at incidents, or at the units named"
        / "按到期先后优先使用：用于训练、应急调用，或调拨给所列单位",
    SecBuy => "What to buy, by when, to keep every baseline whole" / "采购计划：何时买多少，使保障基数始终不低于标准",
    SecCircleAreas =>
        "Counties, cities and the province: the nearest stocked warehouse to the seat, and the units outside the circle"
        / "各县（市、区）、市和全省：离驻地最近的达标储备库，及响应圈外的单位",
    SecCircleOutside =>
        "Units outside an area's circle, one a row: the nearest stocked warehouse is further than the area's circle"
        / "各区域响应圈外的单位（每行一个）：最近的达标储备库超出该区域的响应圈",
    SecCircleUnits =>
        "Units: the nearest stocked warehouse of each module against the unit's own circle"
        / "各单位：每个模块最近的达标储备库，对照本单位所在响应圈",
    SecCircleStocked => "Warehouse modules: saturation and whether they count" / "储备库模块：饱和度及是否计入",
    SecUnlocated => "Units without a location" / "未标注位置的单位",
    SecDigestByPlace =>
        "By who can act: the unit or warehouse that has the items"
        / "按负责处理的单位或储备库",
    SecDigestTargets => "Targets behind or missed" / "未达成的目标",
    SecDigestTrend => "Headline rates over the last 12 months" / "近 12 个月的主要指标",
    SecTargets => "Targets, judged on the figure as of the report date" / "目标（按报告日期的数值评定）",
    // The levels of a response circle.
    LevelCounty => "county, 30 min" / "县（市、区）内半小时",
    LevelCity => "city, 1 h" / "市内1小时",
    LevelProvince => "province, 2 h" / "省内2小时",
    // The state of a line of standards.
    LineMet => "met" / "满足",
    LineNotReady => "not all ready" / "完好不足",
    LineShort => "short" / "缺配",
    // Notes under a report.
    NoteReadiness =>
        "equipped rate: the mean over the lines of min(held / required, 1); ready rate: \
         ready pieces / pieces held; ready coverage: the mean over the lines of \
         min(ready / required, 1); compliance: units and warehouses with every line \
         equipped / those with lines (EXCHANGE.md version 2). Empty: nothing to measure."
        / "配备率：各标准条目 min(在册/应配, 1) 的平均；完好率：完好件数/在册件数；\
         完好满足率：各条目 min(完好/应配, 1) 的平均；达标率：全部条目配齐的单位和储备库/\
         有标准的单位和储备库（交换格式第 2 版）。空白：无可计算。",
    NotePlanRule =>
        "Rule: pieces due by the end of each year, most ready-rate gain per yuan first; \
         what does not fit is carried to the next year; unspent money lapses."
        / "规则：每年更新当年年底前到期的装备，单位费用提升完好最多者优先；\
         超出预算的顺延到下一年；当年未用的预算不结转。",
    NoteEveryPiece => "Every piece: `depot export replacements`." / "逐件清单：`depot export replacements`。",
    NoteShortfalls =>
        "to equip: required − held; to make ready: required − ready (bring in, or make \
         ready); transfer from: a place's code, (the spare ready stock it can give \
         without falling short itself), its name."
        / "缺配：应配 − 在册；缺完好：应配 − 完好（调入或修复）；可调拨来源：单位编码、（在不低于\
         自身标准的前提下可调出的完好数量）、单位名称。",
    NoteRotation =>
        "Lots with a module only. A lot is good through its expiry date and lost in the period \
         holding it. Share of an item's baseline: expiring / required; of a module's: the mean \
         over its lines of min(expiring / required, 1). Purchases (lot items only) make up what a line is short \
         after each period's losses (what is short already, at once) and are taken to outlast \
         the plan; cost: quantity × the catalogue's unit price."
        / "仅计有模块的批次。批次在有效期当日仍可用，计入该日所在时段的到期数量。品类的到期占比：\
         到期数量/应配数量；模块的：各条目 min(到期/应配, 1) 的平均。采购（仅批次物资）补足每个时段到期后的缺口\
         （现已不足的立即补足），新购物资按有效期超出本计划计；费用：数量 × 品类目录单价。",
    NoteCircles =>
        "A warehouse counts for a module when its saturation (the mean over the module's lines \
         of min(held / required, 1)) is at or above the threshold; any warehouse may serve any \
         unit. Travel time: travel_times.csv, either way round; else estimated: great-circle \
         distance × road factor / average speed (estimated: yes). A unit's circle: the lowest \
         of county (brigade), city (detachment) and province (corps) that it is or lies in."
        / "储备库某模块的饱和度（该模块各条目 min(在册/应配, 1) 的平均）不低于阈值时计入；\
         任一储备库均可支援任一单位。行车时间：取 travel_times.csv（任一方向）；没有的按估算：\
         大圆距离 × 道路系数 ÷ 平均车速（估算：是）。单位的响应圈：按其所属最低一级的\
         县（大队）、市（支队）、省（总队）确定。",
    NoteDigest =>
        "Check-outs past due: the unit that lent the piece gets it back; inspections and lots: \
         the unit or warehouse that has them; lines below standard and targets: the officer. \
         Checked out on, issued by: the last check-out in the ledger."
        / "借出逾期：由借出单位收回；检测与批次：由持有的单位或储备库处理；未满足的标准条目与目标：\
         由管理员处理。借出日期、经办人：台账中最近一次借出。",
    // Labels of the headline figures.
    FigAsOf => "as of" / "截至",
    FigScope => "scope" / "范围",
    FigEverything => "everything" / "全部",
    FigLines => "lines of standards" / "配备标准条目",
    FigScopes => "units and warehouses with lines" / "有标准的单位和储备库",
    FigEquipped => "equipped rate" / "配备率",
    FigReady => "ready rate" / "完好率",
    FigCoverage => "ready coverage" / "完好满足率",
    FigCompliance => "compliance rate" / "达标率",
    FigSaturation => "reserve saturation" / "储备饱和度",
    FigHighEnd => "high-end share" / "高精尖占比",
    FigPieces => "pieces held" / "在册装备",
    FigPiecesReady => "pieces ready" / "完好装备",
    FigMaintenance => "in maintenance" / "维修中",
    FigOutOfService => "out of service" / "停用",
    FigOverAge => "over-age" / "超期服役",
    FigOverdue => "inspection overdue" / "逾期未检",
    FigCheckedOut => "checked out" / "借出",
    FigPastDue => "checked out past due" / "借出逾期",
    FigLots => "lots" / "批次",
    FigLotsExpired => "lots expired" / "已过期批次",
    FigLotsExpiring => "lots expiring" / "临期批次",
    FigLinesShort => "lines not met" / "未满足条目",
    FigWithLife => "pieces with a service life" / "有使用年限的装备",
    FigCost => "like-for-like cost" / "原样更新费用",
    FigOverdueN => "overdue" / "逾期",
    FigListed => "listed" / "列出",
    FigExpired => "expired" / "已过期",
    FigExpiring => "expiring" / "临期",
    FigTargetsMet => "targets met" / "已达成目标",
    FigThreshold => "flagged above" / "预警比例",
    FigPeriodsOver => "module periods over it" / "超过预警的模块时段",
    FigExpiringShare => "largest share of a module expiring in one period" / "单一时段模块到期占比最大值",
    FigUseFirst => "lots to use first" / "优先使用批次",
    FigToBuy => "purchases" / "采购笔数",
    FigBuyCost => "cost of the purchases" / "采购费用",
    FigTargets => "targets" / "目标",
    FigStockedFrom => "a module counts from saturation" / "模块计入的饱和度下限",
    FigRoadFactor => "road factor (estimates)" / "道路系数（估算用）",
    FigSpeed => "average speed, km/h (estimates)" / "平均车速（公里/小时，估算用）",
    FigCircleCoverage => "units within their circle (per module)" / "响应圈覆盖率（按模块）",
    FigUnitModules => "units × modules" / "单位 × 模块",
    FigOutsideCircle => "outside their circle" / "在响应圈外",
    FigUnlocated => "units without a location" / "未标注位置的单位",
    FigFromTable => "times from the travel-time table" / "取自行车时间表",
    FigEstimated => "times estimated" / "估算的行车时间",
    FigFor => "for" / "接收对象",
    FigInspectDueSoon => "inspections falling due" / "即将到期的检测",
    FigTargetsShort => "targets behind or missed" / "未达成的目标",
    // Column names.
    ColUnit => "code" / "编码",
    ColUnitName => "name" / "名称",
    ColKind => "kind" / "类型",
    ColLines => "lines" / "条目",
    ColEquippedLines => "equipped" / "已配齐",
    ColEquippedRate => "equipped" / "配备率",
    ColReadyCoverage => "ready cov." / "完好满足率",
    ColReadyRate => "ready" / "完好率",
    ColCompliant => "compliant" / "达标",
    ColWithLines => "with lines" / "有标准",
    ColComplianceRate => "compliance" / "达标率",
    ColPieces => "pieces" / "在册",
    ColPiecesReady => "ready" / "完好",
    ColOverAge => "over-age" / "超期",
    ColOverdue => "overdue" / "逾期未检",
    ColCategory => "category" / "类别编码",
    ColCategoryName => "category name" / "类别",
    ColHighEnd => "high-end" / "高精尖",
    ColHighEndShare => "high-end" / "高精尖占比",
    ColWarehouse => "warehouse" / "储备库编码",
    ColWarehouseName => "warehouse name" / "储备库",
    ColModule => "module" / "模块编码",
    ColModuleName => "module name" / "模块",
    ColSaturation => "saturation" / "饱和度",
    ColBarcode => "barcode" / "条码",
    ColItem => "item" / "品类编码",
    ColItemName => "item name" / "品类",
    ColOwner => "owner" / "所属单位编码",
    ColOwnerName => "owner name" / "所属单位",
    ColLocation => "at" / "当前位置",
    ColDue => "due" / "应还日期",
    ColDaysLate => "days late" / "逾期天数",
    ColMetric => "metric" / "指标编码",
    ColMetricName => "metric name" / "指标",
    ColScope => "scope" / "范围",
    ColScopeName => "scope name" / "范围名称",
    ColTarget => "target" / "目标值",
    ColDeadline => "deadline" / "截止日期",
    ColActual => "actual" / "当前值",
    ColStatus => "status" / "状态编码",
    ColStatusName => "status name" / "状态",
    ColGap => "gap" / "差距",
    ColGapUnit => "gap in" / "差距单位",
    ColSource => "source" / "依据",
    ColWhat => "what" / "配备对象编码",
    ColWhatName => "what (name)" / "配备对象",
    ColRequired => "required" / "应配",
    ColHeld => "held" / "在册",
    ColReady => "ready" / "完好",
    ColMissing => "to equip" / "缺配",
    ColNotReady => "to make ready" / "缺完好",
    ColLineStatus => "status" / "状态",
    ColTransferFrom => "transfer from" / "可调拨来源",
    ColYear => "year" / "年度",
    ColBudget => "budget" / "预算",
    ColSpent => "spent" / "支出",
    ColReplaced => "replaced" / "更新件数",
    ColCarried => "carried over" / "顺延件数",
    ColDueYear => "due year" / "到期年度",
    ColCost => "cost (yuan)" / "费用",
    ColLifeEnd => "life ended" / "使用年限到期",
    ColUnpriced => "unpriced" / "无单价",
    ColLast => "last inspected" / "上次检测",
    ColInspectDue => "due" / "应检日期",
    ColNever => "never inspected" / "从未检测",
    ColQuantity => "quantity" / "数量",
    ColUom => "uom" / "单位",
    ColExpires => "expires" / "有效期至",
    ColDaysLeft => "days left" / "剩余天数",
    ColPeriod => "period" / "时段",
    ColExpiring => "expiring" / "到期数量",
    ColShare => "share of baseline" / "占保障基数",
    ColOver => "over threshold" / "超过预警",
    ColUseAt => "use at" / "可调往",
    ColBuyBy => "by" / "最迟到货",
    ColUnitPrice => "unit price" / "单价",
    ColLocationName => "at (name)" / "当前位置名称",
    ColSince => "checked out on" / "借出日期",
    ColIssuedBy => "issued by" / "经办人",
    ColNPastDue => "past due" / "借出逾期",
    ColNInspections => "inspections" / "待检",
    ColNLots => "lots" / "到期批次",
    ColNLines => "lines short" / "未满足条目",
    ColArea => "area" / "区域编码",
    ColAreaName => "area name" / "区域",
    ColLevel => "level" / "层级编码",
    ColLevelName => "circle" / "响应圈",
    ColCircleMin => "circle (min)" / "时限（分钟）",
    ColMinutes => "minutes" / "行车分钟",
    ColEstimated => "estimated" / "估算",
    ColWithin => "within" / "圈内",
    ColLocatedUnits => "units" / "单位数",
    ColOutside => "outside" / "圈外",
    ColOutsideUnits => "units outside" / "圈外单位",
    ColOutsideUnit => "unit" / "单位编码",
    ColOutsideUnitName => "unit name" / "单位名称",
    ColStocked => "counts" / "计入",
    ColLocated => "located" / "已标注位置",
    ColWarehouseDepot => "depot" / "所属库",
    ColWarehouseDepotName => "depot name" / "所属库名称",
    // The summary's columns.
    ColKey => "key" / "键",
    ColFigure => "figure" / "指标",
    ColValue => "value" / "数值",
    ColDetail => "detail" / "说明",
    // Readiness over time (`depot report trend`).
    TitleTrend => "Readiness over time" / "战备状态变化趋势",
    SecTrendPoints => "Headline figures at each date" / "各日期的主要指标",
    SecTrendModules => "Saturation of each reserve module at each date" / "各日期的储备模块饱和度",
    SecTrendTargets => "Targets at each date" / "各日期的目标进度",
    FigFrom => "from" / "起始日期",
    FigTo => "to" / "截止日期",
    FigEvery => "every" / "间隔",
    FigDates => "dates" / "日期数",
    FigMovements => "ledger movements replayed" / "回放的台账记录",
    EveryMonth => "month" / "月",
    EveryQuarter => "quarter" / "季度",
    ColOn => "as of" / "截至",
    NoteTrend =>
        "Each date's figures are computed from the ledger: every movement dated on or before it, \
         in the ledger's order (a movement dated before its barcode's previous one counts from \
         that one's day)."
        / "各日期的指标由台账计算：计入该日及以前的全部出入库记录（按台账顺序；日期早于同一条码前一条记录的，\
         自前一条记录之日起计入）。",
    // The digest's lines below standard against the digest last sent (`depot digest`).
    ColChange => "since last sent" / "较上次摘要",
    ChangeNew => "new" / "新增",
    ChangeWorse => "worse" / "变差",
    ChangeBetter => "better" / "好转",
    ChangeUnchanged => "unchanged" / "未变",
    SecDigestResolved =>
        "Lines at standard again since the last digest sent"
        / "自上次摘要以来已满足标准的条目",
    FigSince => "compared with the digest sent" / "对比的上次摘要",
    FigLinesNew => "lines newly below standard" / "新增未满足条目",
    FigLinesWorse => "lines further below standard" / "缺口扩大的条目",
    FigLinesBetter => "lines nearer their standard" / "缺口缩小的条目",
    FigLinesUnchanged => "lines unchanged" / "缺口未变的条目",
    FigLinesResolved => "lines at standard again" / "已满足标准的条目",
    NoteDigestChanges =>
        "Since last sent: each line below standard against the digest last sent to the same \
         audience — new (not below standard then), worse (fewer ready, or as many ready and \
         fewer held, against what is required), better, unchanged; lines at standard again are \
         listed apart (their figures now)."
        / "较上次摘要：每个未满足的标准条目与上次发给同一对象的摘要相比——新增（当时未列入）、变差（相对应配数，\
         完好更少，或完好相同而在册更少）、好转、未变；已满足标准的条目另行列出（为当前数值）。",
    NoteTrendEachDate =>
        "The ledger has movements dated before movements recorded earlier (a terminal's clock \
         behind): each date was computed on its own."
        / "台账中有日期早于先前记录的出入库记录（某终端时钟偏慢）：各日期已分别单独计算。",
    NoteTrendScope =>
        "Empty cells: on that date the register was not kept in depot yet (no movement of its \
         ledger counts by then: it starts the day the register was imported), the scope was not \
         in it yet, or the scope had nothing to measure."
        / "空白：该日期时本系统尚未建账（台账中尚无截至该日的记录：台账自登记簿导入之日开始），\
         或该范围尚未登记，或无可计算的内容。",
    // Headquarters' trend by depot (`depot report trend --by depot`).
    TitleHqTrend => "Readiness over time by depot" / "各库战备状态变化趋势",
    SecHqTrendDepots =>
        "Each depot's headline figures at each date, from its bundles"
        / "各库各日期的主要指标（据其数据包）",
    SecHqTrendModules =>
        "Saturation of each depot's reserve modules at each date"
        / "各库各日期的储备模块饱和度",
    SecHqTrendTargets =>
        "Headquarters' targets for each depot at each date"
        / "各日期各库的总部目标进度",
    ColFiguresOf => "figures of" / "数据来源",
    FigBundlesKept => "bundles with figures kept" / "保存了指标的数据包",
    FigBundles => "bundles ingested" / "已导入的数据包",
    HqTrendBundle => "bundle" / "数据包",
    HqTrendNoBundle => "no bundle yet" / "尚无数据包",
    HqTrendNotKept => "not kept" / "未保存",
    HqTrendNotAvailable => "not available from a bundle" / "数据包中无此数值",
    NoteHqTrend =>
        "A depot's figures at a date are those of its last bundle as of that date or before \
         (figures of: that bundle's as-of date), counted from the bundle's readiness.csv, \
         inventory.csv and assets.csv as signed, when headquarters ingested it: one point per \
         bundle, not a replay of the depot's ledger, which headquarters cannot do without the \
         depot's standards and catalogue. No bundle yet: the depot sent no bundle as of that \
         date (empty, never 0). Not kept: that bundle was ingested before headquarters kept each \
         bundle's figures; only the latest bundle's are counted again from the files kept."
        / "某库在某日期的指标取自该日及以前的最后一个数据包（数据来源：该包的数据截至日期），\
         按总部导入该包时其签名的 readiness.csv、inventory.csv 与 assets.csv 计算：每个数据包一个点，\
         而不是回放该库台账——总部没有该库的配备标准与装备目录，无法回放。尚无数据包：该库截至该日期尚未报送数据包\
         （留空，不记为 0）。未保存：该包导入时总部尚未保存每个数据包的指标；只有最近一个数据包的指标可由保存的文件重新计算。",
    NoteHqTrendTargets =>
        "Headquarters' targets are judged on each date on the depot's figure then (a target for \
         unit:CODE only for that depot); by category, expiring share and circle coverage a \
         bundle does not carry: not available."
        / "总部目标按各日期该库当时的指标评定（unit:代码 的目标只评定该库）；按类别的目标、到期占比与响应圈覆盖率\
         数据包中没有：无法计算。",
}}

crate::catalogue! { ReportMsg {
    LinesEquipped { part, whole } =>
        "{part} of {whole} lines equipped; the mean of min(held / required, 1) over the lines"
        / "{whole} 条中 {part} 条配齐；各条按 min(在册/应配, 1) 平均",
    LinesReady { part, whole } =>
        "{part} of {whole} lines have enough ready"
        / "{whole} 条中 {part} 条完好数量满足标准",
    ScopesCompliant { part, whole } =>
        "{part} of {whole} units and warehouses with every line equipped"
        / "{whole} 个中 {part} 个全部配齐",
    PiecesReady { ready, held } =>
        "{ready} of {held} pieces held are ready"
        / "在册 {held} 件中完好 {ready} 件",
    WithinDays { days } => "within {days} days" / "{days} 天内到期",
    CategoryNamed { category } => "category {category}" / "类别：{category}",
    InspectionsDue { days } => "Overdue, or due within {days} days" / "逾期及 {days} 天内到期",
    MoreNotListed { count } =>
        "… and {count} more (all of them: --top 0)"
        / "……另有 {count} 项（全部列出：--top 0）",
    LotsExpiring { days } => "Lots expired, or expiring within {days} days" / "已过期及 {days} 天内到期的批次",
    Unpriced { count } =>
        "{count} pieces due have no unit price in the catalogue and are not in the plan."
        / "{count} 件到期装备在品类目录中无单价，未列入计划。",
    TargetMet { status, metric, scope, actual, target, pct, deadline } =>
        "{status} — {metric} {scope}: {actual} against {target}{pct} by {deadline}"
        / "{status} — {metric}（{scope}）当前 {actual}，目标 {target}{pct}，截止 {deadline}",
    TargetShort { status, metric, scope, actual, target, pct, deadline, gap, unit } =>
        "{status} — {metric} {scope}: {actual} against {target}{pct} by {deadline}: {gap} {unit}"
        / "{status} — {metric}（{scope}）当前 {actual}，目标 {target}{pct}，截止 {deadline}：{gap} {unit}",
    StaleIsHq =>
        "`report stale` is a headquarters report: build it with `service::hq::report::build`"
        / "`report stale` 是总部报表：请用 `service::hq::report::build` 生成",
    NoSuchScope { code } =>
        "no unit or warehouse has the code '{code}'; `depot status` counts what the register holds"
        / "没有代码为 '{code}' 的单位或储备库；`depot status` 可查看登记簿中的数量",
    NoSuchSection { report, key, sections } =>
        "the {report} report has no section '{key}': it has {sections}"
        / "{report}报表没有 '{key}' 这一部分：它有 {sections}",
    NoSectionLeft { report, sections } =>
        "the {report} report has no such section: it has {sections}"
        / "{report}报表没有这一部分：它有 {sections}",
    SeveralSections { report, count, sections } =>
        "the {report} report has {count} sections ({sections}): name one with --section, or write \
         them all with --out DIR (one CSV file each)"
        / "{report}报表有 {count} 个部分：{sections}；请用 --section 指定一个，或用 --out 文件夹 全部写出（每部分一个 CSV 文件）",
    NoSuchModule { given, known } =>
        "no reserve module '{given}' in the register: it has {known}"
        / "登记簿中没有储备模块 '{given}'：现有 {known}",
    Wrote { files } => "wrote {files}" / "已写入 {files}",
    UnchangedNotListed { count } =>
        "{count} lines below standard unchanged since the last digest sent are counted, not listed (all of them: --unchanged or --top 0)."
        / "自上次摘要以来未变的 {count} 个未满足条目只计数、不列出（全部列出：--unchanged 或 --top 0）。",
    TrendIsLedger =>
        "`report trend` is computed from the ledger: build it with `service::trend`"
        / "`report trend` 由台账计算：请用 `service::trend` 生成",
}}
