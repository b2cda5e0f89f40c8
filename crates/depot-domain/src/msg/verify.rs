//! What `depot verify` says of the ledger: that it is sound, or the first thing wrong with it.

crate::catalogue! { VerifyMsg {
    Sound { movements, stock } =>
        "ledger OK: {movements} movements chained, {stock} barcodes match their movements"
        / "台账正常：{movements} 条记录链接无误，{stock} 个条码与其记录相符",
    Bad { why } => "ledger BAD: {why}" / "台账有误：{why}",
    BadAt { seq, why } => "ledger BAD at seq {seq}: {why}" / "台账有误，第 {seq} 条记录：{why}",
    SeqGap { expected, seq } =>
        "expected seq {expected}, found {seq} (a movement is missing)"
        / "应为第 {expected} 条，实为第 {seq} 条（缺少一条记录）",
    PrevHash { found, prev, want } =>
        "prev_hash {found} does not match the hash of seq {prev} ({want})"
        / "前一哈希 {found} 与第 {prev} 条记录的哈希（{want}）不符",
    Altered =>
        "the movement's contents do not match its hash (it was altered)"
        / "记录的内容与其哈希不符（已被改动）",
    BadLink { link, barcode, last } =>
        "it links to seq {link} as the movement of {barcode} before it, but that was seq {last}"
        / "它把第 {link} 条记为 {barcode} 的上一条记录，但上一条是第 {last} 条",
    NotInCatalogue { item } => "item {item} is not in the catalogue" / "品类 {item} 不在装备目录中",
    CannotApply { why } => "the movement cannot apply: {why}" / "记录无法应用：{why}",
    Unexplained { barcode } =>
        "barcode {barcode} is in the register but no movement explains it"
        / "条码 {barcode} 在登记簿中，但没有任何记录说明它的来历",
    StateDiffers { barcode, stored, replayed } =>
        "barcode {barcode}: stored state differs from its movements: stored {stored}, ledger says {replayed}"
        / "条码 {barcode}：存储的状态与其记录不符：存储为 {stored}，台账为 {replayed}",
    HistoryStart { barcode, first, first_at, last, last_at } =>
        "barcode {barcode}: its history starts at seq {first} (time {first_at}), but its last movement is seq {last} (time {last_at})"
        / "条码 {barcode}：其历史从第 {first} 条（时间 {first_at}）查起，但其最后一条记录是第 {last} 条（时间 {last_at}）",
    NotInRegister { barcode } =>
        "barcode {barcode} has movements but is missing from the register"
        / "条码 {barcode} 有记录，但登记簿中没有它",
    // Why a movement does not replay (the ledger's rule, depot_domain::replay).
    ReplayExists { barcode, action } =>
        "barcode {barcode} already exists; a {action} movement cannot create it again"
        / "条码 {barcode} 已存在；{action} 记录不能再次创建它",
    ReplayMissing { barcode, action } =>
        "barcode {barcode} does not exist before this {action} movement"
        / "在这条{action}记录之前没有条码 {barcode}",
    ReplayWrongKind { action, what } =>
        "a {action} movement does not apply to {what}" / "{action}记录不适用于 {what}",
    ReplayWrongAttribute { attr, what } => "{attr} cannot be set on {what}" / "不能在 {what} 上设置 {attr}",
    ReplayNegative { barcode, qty } => "lot {barcode} would go negative ({qty})" / "批次 {barcode} 将成为负数（{qty}）",
    ReplayNegativeQuantity { action, qty } =>
        "a {action} movement moves a quantity, which cannot be negative ({qty}); only an adjust is signed"
        / "{action}记录的数量不能为负（{qty}）；只有盘点调整可带符号",
    ReplayNoReceiver { action } => "a {action} movement needs a receiver (to)" / "{action}记录需要接收方",
    ReplayItemMismatch { barcode, is, named } =>
        "barcode {barcode} is item {is}, but the movement names item {named}"
        / "条码 {barcode} 的品类是 {is}，但记录写的是 {named}",
}}
