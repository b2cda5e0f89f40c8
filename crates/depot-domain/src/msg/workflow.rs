//! What the workflows say: what a scan or a step did (checked out, received, counted, a kit
//! moved), and why one refuses.

crate::catalogue! { WorkflowMsg {
    // What a workflow did.
    CheckedOut { to } => "checked out to {to}" / "已借出至 {to}",
    CheckedIn { to } => "checked in to {to}" / "已归还至 {to}",
    CheckedInDamaged { to } => "checked in to {to}, to maintenance" / "已归还至 {to}，送修",
    FoundHome { id, to } =>
        "found again (shipment {id} recorded it missing): home at {to}"
        / "已寻回（发运单 {id} 曾记为缺失）：已归还至 {to}",
    FoundHomeDamaged { id, to } =>
        "found again (shipment {id} recorded it missing): home at {to}, to maintenance"
        / "已寻回（发运单 {id} 曾记为缺失）：已归还至 {to}，送修",
    Issued { qty, reference, left } =>
        "issued {qty} to {reference}, {left} left" / "已调用 {qty} 至 {reference}，余 {left}",
    Received { qty, uom, item, to } =>
        "received {qty} {uom} of {item} at {to}" / "已入库 {qty} {uom} {item}，存于 {to}",
    SentToRepair => "sent to maintenance" / "已送修",
    BackFromRepair => "back from maintenance, ready" / "修竣，完好",
    InspectionPassed { on } => "inspected on {on}: passed" / "{on} 检测合格",
    InspectionFailed { on } => "inspected on {on}: failed, to maintenance" / "{on} 检测不合格，送修",
    WrittenOff => "written off" / "已报废",
    Transferred { to } => "transferred to {to}" / "已调拨至 {to}",
    TransferredQty { qty, to } => "transferred {qty} to {to}" / "已调拨 {qty} 至 {to}",
    TransferredSplit { qty, to, split } =>
        "transferred {qty} to {to} as new lot {split}" / "已调拨 {qty} 至 {to}，新批次 {split}",
    EarlierLot { barcode, expires } =>
        "; first expired, first out: lot {barcode} of the same item here expires earlier ({expires}), use it first"
        / "；先到期先出：此处同品类批次 {barcode} 更早到期（{expires}），应先使用",
    Undone { seq } => "undone: seq {seq} reversed" / "已撤销：第 {seq} 笔已冲回",
    ScannedAs { code } =>
        " (scanned as {code}: matched ignoring case)" / "（扫描为 {code}，忽略大小写匹配）",
    Tally { scans, ok, errors } => "{scans} scans: {ok} ok, {errors} errors" / "共扫描 {scans} 次：成功 {ok}，出错 {errors}",
    // A count.
    Counted { id } => "counted in count {id}" / "已计入盘点 {id}",
    CountedAgain { id } => "already counted in count {id}; counted once" / "盘点 {id} 已扫过，只计一次",
    CountMissingAsset => "missing: out of service" / "盘点调整：缺失：停用",
    CountMissingLot { qty } => "missing: {qty} taken off" / "盘点调整：缺失：减去 {qty}",
    CountDiffers { found, expected } =>
        "counted {found} of {expected}" / "盘点调整：实盘 {found}，账面 {expected}",
    CountTakenOver { scope } => "taken over at {scope}" / "盘点调整：调拨至 {scope}",
    CountSentBack { owner } => "sent back to {owner}" / "盘点调整：退回 {owner}",
    CountFoundAway { owner, scope } =>
        "found away from {owner}, at {scope}" / "盘点调整：在 {scope} 发现（属 {owner}）",
    DecideTakeOver => "take over here (transfer)" / "调拨至本处",
    DecideSendBack => "send back to its owner" / "退回所属单位",
    DecideFoundAway => "record as found away from its owner" / "登记为在外发现",
    // A kit.
    KitCheckedOut { kit, moved, of } => "kit {kit}: {moved} of {of} checked out" / "器材箱 {kit}：{of} 件中 {moved} 件已借出",
    KitCheckedIn { kit, moved, of } => "kit {kit}: {moved} of {of} checked in" / "器材箱 {kit}：{of} 件中 {moved} 件已归还",
    KitTransferred { kit, moved, of } => "kit {kit}: {moved} of {of} transferred" / "器材箱 {kit}：{of} 件中 {moved} 件已调拨",
    KitMissing { list } => "; missing from it: {list}" / "；缺少：{list}",
    KitShort { barcode, have, want } => "{barcode} (holds {have} of {want})" / "{barcode}（仅余 {have}，应有 {want}）",
    KitNotOut { list } => "; not out with the kit: {list}" / "；未随器材箱借出：{list}",
    // Why a workflow refuses.
    UnknownBarcode { barcode, maybe } => "unknown barcode {barcode}{maybe}" / "未知条码 {barcode}{maybe}",
    UnknownPlace { code, maybe } =>
        "unknown place {code}: not a unit, warehouse or vehicle{maybe}"
        / "未知去向 {code}：不是单位、储备库或车辆{maybe}",
    DidYouMean { codes } => "; did you mean {codes}?" / "；您要找的是不是 {codes}？",
    AlreadyOut { barcode, location, by } =>
        "{barcode} is already checked out to {location}{by}; check it in first"
        / "{barcode} 已借出至 {location}{by}，请先归还",
    OutBy { who, at } => " (by {who} at {at})" / "（{who} 于 {at} 办理）",
    NotOut { barcode } => "{barcode} is not checked out" / "{barcode} 未借出",
    ShippedAway { barcode, depot, doing } =>
        "{barcode} was shipped to depot {depot} and cannot be {doing} here: it comes back with a shipment from that depot (depot receive-shipment); if it never reached {depot} and is here, take {depot}'s receipt first (depot receive-receipt): once that records it missing, checking it in here brings it home"
        / "{barcode} 已发运至 {depot}，不能在本库{doing}：须随该库发回的货物接收（depot receive-shipment）；如它未到达 {depot} 而在本库，请先接收 {depot} 的签收单（depot receive-receipt）：签收单记为缺失后，在本库归还即可入库",
    LotCondition { barcode } =>
        "{barcode} is a lot and has no condition: check it in without --condition damaged, then write off (depot writeoff) what is spoiled"
        / "{barcode} 是批次物资，没有完好/损坏之分：请不带 --condition damaged 归还，再将损坏部分报废（depot writeoff）",
    Unavailable { barcode, status, doing } =>
        "{barcode} is {status} and cannot be {doing}" / "{barcode} 状态为{status}，不能{doing}",
    IsLot { barcode, doing } =>
        "{barcode} is a lot; lots are issued or transferred, not {doing}"
        / "{barcode} 是批次物资，只能调用或调拨，不能{doing}",
    IsAsset { barcode, doing } =>
        "{barcode} is a single asset; {doing} takes a lot" / "{barcode} 是单件装备，{doing}需要批次物资",
    SamePlace { barcode, code } => "{barcode} already belongs to {code}" / "{barcode} 已属于 {code}",
    Insufficient { barcode, have, want } =>
        "lot {barcode} holds {have}; {want} cannot be taken from it" / "批次 {barcode} 仅余 {have}，不够 {want}",
    BadQuantity { got } => "the quantity must be more than zero (got {got})" / "数量必须大于零（输入为 {got}）",
    Repeat { barcode, done, at } =>
        "repeat scan: {barcode} was already {done} at {at}; not applied again"
        / "重复扫码：{barcode} 已于 {at} {done}，未重复办理",
    CheckoutNeedsReceiver =>
        "a check-out needs a receiver (--to) or an incident reference (--ref)"
        / "借出需要接收方（--to）或事故编号（--ref）",
    IssueNeedsReference => "an issue needs the incident reference (--ref)" / "应急调用需要事故编号（--ref）",
    WriteoffNeedsReason => "a write-off needs a reason (--reason)" / "报废需要填写原因（--reason）",
    TrackedByPiece { item } =>
        "{item} is tracked by piece; register pieces with `depot import assets FILE`"
        / "{item} 按单件管理；请用 `depot import assets 文件` 登记单件装备",
    NoSuchModule { given, modules } =>
        "no module is called '{given}': give a module's code, Chinese or English name: {modules}"
        / "没有名为 '{given}' 的模块：请给出模块的代码、中文名或英文名：{modules}",
    NothingToUndo => "nothing to undo: that scan wrote no movement" / "没有可撤销的：那次扫码没有写入出入库记录",
    SplitNotUndoable =>
        "a split or a kit cannot be undone in one step; move the parts back"
        / "拆分或器材箱不能一步撤销；请把各部分逐一移回",
    NoMovements { barcode } => "{barcode} has no movements" / "{barcode} 没有出入库记录",
    MovedSince { barcode, seq } =>
        "{barcode} has moved again since (seq {seq}); undo that first"
        / "{barcode} 之后又有变动（第 {seq} 笔）；请先撤销那一笔",
    CannotUndo { action } =>
        "a {action} cannot be undone; correct it with a new movement"
        / "{action}不能撤销；请用一笔新的出入库记录更正",
    NotBefore { barcode, seq } =>
        "{barcode} did not exist before seq {seq}" / "{barcode} 在第 {seq} 笔之前并不存在，无法撤销",
    NoCount { id } => "there is no count {id}" / "没有盘点 {id}",
    CountClosed { id } => "count {id} is closed" / "盘点 {id} 已结束",
    CountNeedsReason => "adjustments need a reason (--reason)" / "盘点调整需要填写原因（--reason）",
    Undecided { id, list } =>
        "count {id} found items the register does not expect there: {list}; decide for each: take it over here, send it back to its owner, or record it as found away (--unexpected take|return|away, or --decide BARCODE=…)"
        / "盘点 {id} 发现了登记簿中不应在此处的物资：{list}；请逐一决定：在此接收、退回其归属单位，或记为在别处找到（--unexpected take|return|away，或 --decide 条码=…）",
    KitCode { problem } => "kit code {problem}" / "器材箱代码{problem}",
    KitCodeTaken { code } =>
        "{code} is already an asset or lot barcode; give the kit a code of its own"
        / "{code} 已是装备或批次的条码；请给器材箱另取一个代码",
    KitNeedsOwner { code } =>
        "kit {code} is new: give its owner (--owner)" / "器材箱 {code} 是新建的：请用 --owner 给出它的归属单位",
    KitNotScanned { barcode, mode } =>
        "{barcode} is a kit; kits are checked out, checked in or transferred, not scanned in {mode} mode"
        / "{barcode} 是器材箱，只能整箱借出、归还或调拨，不能在 {mode} 模式下扫码",
}}

crate::catalogue! { Doing {
    CheckOut => "checked out" / "借出",
    CheckIn => "checked in" / "归还",
    Transfer => "transferred" / "调拨",
    Inspect => "inspected" / "检测",
    Repair => "repaired" / "维修",
    SendToRepair => "sent to repair" / "送修",
    ReturnFromRepair => "returned from repair" / "修竣返回",
    WriteOffAgain => "written off again" / "再次报废",
    WriteOff => "written off" / "报废",
    Pack => "packed into a kit" / "装箱",
    Issue => "an issue" / "应急调用",
}}

/// How `lang` joins the items of a list: `a, b` / `a、b`.
pub fn join(items: &[String], lang: crate::Lang) -> String {
    items.join(match lang {
        crate::Lang::En => ", ",
        crate::Lang::Zh => "、",
    })
}

/// How `lang` adds a clause to a sentence: `…; more` / `…；more`.
pub fn then(lang: crate::Lang) -> &'static str {
    match lang {
        crate::Lang::En => "; ",
        crate::Lang::Zh => "；",
    }
}
