//! The words of the spreadsheets people keep, which the readers recognise: a total row's
//! word, and (for `import register`) the names a register gives its columns and its
//! statuses. They are the file format's vocabulary, not sentences for people.

/// The words of a total row (spaces removed, any case).
pub const TOTAL_WORDS: [&str; 7] = [
    "合计",
    "小计",
    "总计",
    "共计",
    "total",
    "subtotal",
    "grandtotal",
];

/// What the columns of a register are called: depot's field (its key in a map file) and the
/// headers that name it (folded: spaces removed, full width made half, any case). The first
/// name is the one depot writes.
pub const REGISTER_COLUMNS: &[(&str, &[&str])] = &[
    (
        "item_name",
        &[
            "装备名称",
            "器材名称",
            "装备器材名称",
            "物资名称",
            "名称",
            "品名",
            "item name",
            "name",
        ],
    ),
    (
        "item",
        &["品类编码", "装备编码", "物资编码", "item", "item code"],
    ),
    (
        "spec",
        &[
            "规格型号",
            "型号规格",
            "规格",
            "型号",
            "specification",
            "model",
        ],
    ),
    (
        "maker",
        &[
            "生产厂家",
            "生产厂商",
            "厂家",
            "制造商",
            "manufacturer",
            "maker",
        ],
    ),
    (
        "serial",
        &[
            "出厂编号",
            "序列号",
            "设备编号",
            "机身编号",
            "serial",
            "serial number",
            "sn",
        ],
    ),
    ("plate", &["车牌号码", "车牌号", "车牌", "号牌", "plate"]),
    ("quantity", &["数量", "数目", "件数", "quantity", "qty"]),
    ("uom", &["计量单位", "单位", "uom", "unit of measure"]),
    (
        "commissioned",
        &[
            "出厂日期",
            "配发日期",
            "启用日期",
            "购置日期",
            "列装日期",
            "生产日期",
            "commissioned",
            "date",
        ],
    ),
    (
        "owner_name",
        &[
            "使用单位",
            "所属单位",
            "储备库",
            "配备单位",
            "owner",
            "unit",
        ],
    ),
    (
        "shelf",
        &["存放位置", "存放地点", "库位", "货架", "shelf", "place"],
    ),
    (
        "status",
        &[
            "技术状况",
            "技术状态",
            "装备状态",
            "状态",
            "状况",
            "status",
            "condition",
        ],
    ),
    ("module", &["模块", "所属模块", "储备模块", "module"]),
    ("lot", &["批号", "生产批号", "lot"]),
    ("expires", &["有效期至", "有效期", "失效日期", "expires"]),
    ("barcode", &["条码", "条形码", "barcode"]),
    (
        "unit_price",
        &["单价", "单价元", "单价(元)", "price", "unit price"],
    ),
    ("remarks", &["备注", "说明", "remarks", "notes"]),
    ("seq", &["序号", "编号序", "no", "no."]),
];

/// A register's words for a piece's condition, and depot's status for each.
pub const REGISTER_STATUS: &[(&str, &[&str])] = &[
    (
        "ready",
        &[
            "完好", "良好", "在用", "正常", "好", "可用", "在库", "ready", "good",
        ],
    ),
    (
        "maintenance",
        &[
            "待修",
            "维修中",
            "维修",
            "在修",
            "故障",
            "损坏",
            "maintenance",
            "repair",
        ],
    ),
    (
        "out_of_service",
        &["停用", "封存", "待报废", "out of service"],
    ),
    ("retired", &["报废", "已报废", "retired"]),
];
