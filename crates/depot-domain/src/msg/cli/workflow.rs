//! What the quartermaster's commands say: stock counts listed, opened and closed, kits shown,
//! the scan stream's refusals and stop, operators added, and the arguments they refuse.

crate::catalogue! { CliWorkflowMsg {
    CountClosedBy { at, by } => "closed {at} by {by}" / "已于 {at} 由 {by} 关闭",
    /// `module`: the module (or [`super::words::T::AllModules`]) as the reader's language
    /// writes it; `state`: open, or [`CliWorkflowMsg::CountClosedBy`].
    CountHeader { id, scope, module, state } =>
        "count {id} of {scope} {module}: {state}"
        / "盘点 {id}：`{scope}` {module}：{state}",
    ExpectedFound { expected, found } =>
        "expected {expected}  found {found}"
        / "应有 {expected}  实有 {found}",
    /// `then`: what becomes of it ([`super::words::T::MissingSetOutOfService`] …), or nothing.
    Missing { barcode, qty, item, name, then } =>
        "  missing     {barcode}  {qty}  {item}  {name}{then}"
        / "  缺少  {barcode}  {qty}  `{item}`  {name}{then}",
    /// `decision`: the decision taken, in the reader's language.
    Decided { decision } => "  → {decision}" / "  → {decision}",
    /// `owner`: the owner with its name as the reader's language writes it; `then`:
    /// [`CliWorkflowMsg::Decided`], [`super::words::T::Undecided`] or nothing.
    Unexpected { barcode, qty, item, name, owner, then } =>
        "  unexpected  {barcode}  {qty}  {item}  {name}  belongs to {owner}{then}"
        / "  多出  {barcode}  {qty}  `{item}`  {name}  属 {owner}{then}",
    RetiredFound { barcode, item, name } =>
        "  written off {barcode}  {item}  {name}  found where it belongs; retired, nothing to decide"
        / "  已报废  {barcode}  `{item}`  {name}  在所属单位发现；已报废，无需处理",
    QuantityDiffers { barcode, expected, found, item, name } =>
        "  quantity    {barcode}  expected {expected}  found {found}  {item}  {name}"
        / "  数量  {barcode}  应有 {expected}  实有 {found}  `{item}`  {name}",
    ClosingSetsOutOfService { n } =>
        "closing this count sets the {n} missing assets out of service"
        / "关闭本次盘点将把 {n} 件缺少的装备设为停用",
    CountOpened { id, scope } =>
        "count {id} opened for {scope}; scan with `depot scan --mode count --count {id}`"
        / "已为 {scope} 开始盘点 {id}；用 `depot scan --mode count --count {id}` 扫码",
    SetOutOfService { n } =>
        "; {n} missing assets set out of service"
        / "；{n} 件缺少的装备已设为停用",
    /// `also`: [`CliWorkflowMsg::SetOutOfService`], or nothing.
    CountClosed { id, n, also } =>
        "count {id} closed: {n} adjustments posted{also}"
        / "盘点 {id} 已关闭：过账 {n} 条调整{also}",
    NoKit { code } => "there is no kit {code}" / "没有器材箱 {code}",
    /// `owner` and `module` as the reader's language writes them.
    KitHeader { code, name, owner, module } =>
        "kit {code} 「{name}」 owner {owner} module {module}"
        / "器材箱 {code} 「{name}」 所属 {owner} 模块 {module}",
    TransferNeedsTo => "--mode transfer needs --to CODE" / "--mode transfer 需要 --to 代码",
    IssueNeedsQty => "--mode issue needs --qty N" / "--mode issue 需要 --qty 数量",
    IssueNeedsRef => "--mode issue needs --ref INCIDENT" / "--mode issue 需要 --ref 灾情编号",
    CountNeedsId =>
        "--mode count needs --count ID (see `depot count open`)"
        / "--mode count 需要 --count 盘点编号（见 `depot count open`）",
    CodesNotApplied { waiting } =>
        "{waiting} codes read after the last answer were not applied; scan them again"
        / "最后一条答复之后读到的 {waiting} 个条码未处理；请重新扫描",
    /// `role` in the reader's language.
    OperatorAdded { name, role } => "operator {name}: {role}" / "操作员 {name}：{role}",
    HasPin => "PIN" / "设有密码",
    NotADecisionPair { given } =>
        "'{given}': expected BARCODE=take|return|away"
        / "'{given}'：应为 `条码=take|return|away`",
}}
