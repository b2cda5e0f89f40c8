//! What `depot hq …` says at headquarters: depots enrolled, bundles ingested or refused, the
//! depots listed.

crate::catalogue! { CliHqMsg {
    PublicKeyNotHex =>
        "--public-key takes the 64 hex digits `depot key show` prints at the depot"
        / "--public-key 应为库端 `depot key show` 显示的 64 位十六进制公钥",
    Enrolled { code, fingerprint } =>
        "enrolled depot {code}: key {fingerprint}"
        / "已登记库 {code}：密钥 {fingerprint}",
    KeyReplaced { code, old, new } =>
        "depot {code}: key {old} replaced by {new}"
        / "库 {code}：密钥 {old} 已换为 {new}",
    SameKey { code, fingerprint } =>
        "depot {code} is enrolled with this key already ({fingerprint}); nothing changed"
        / "库 {code} 已用此密钥登记（{fingerprint}）；未作改动",
    NothingToVerify =>
        "no depot is enrolled: nothing to verify (depots get here with `depot hq ingest --trust-new DIR`)"
        / "尚未登记任何库：无可核验（各库经 `depot hq ingest --trust-new 目录` 进入总部数据库）",
    EnrolledOnIngest { bundle, depot, name, fingerprint } =>
        "{bundle}: enrolled depot {depot} ({name}) with key {fingerprint}"
        / "{bundle}：已登记库 {depot}（{name}），密钥 {fingerprint}",
    NoNewMovements => "no new movements" / "无新流水",
    Movements { first, last, appended } =>
        "movements {first} to {last}, {appended} new"
        / "流水第 {first} 至 {last} 条，新增 {appended} 条",
    /// `movements`: [`CliHqMsg::Movements`] or [`CliHqMsg::NoNewMovements`].
    Ingested { bundle, depot, name, as_of, movements } =>
        "{bundle}: ingested depot {depot} ({name}) as of {as_of}: {movements}"
        / "{bundle}：已导入库 {depot}（{name}），截至 {as_of}：{movements}",
    IngestedBefore { bundle, depot, as_of, ingested } =>
        "{bundle}: this bundle of depot {depot} (as of {as_of}) was ingested on {ingested}; nothing changed"
        / "{bundle}：库 {depot} 的这个数据包（截至 {as_of}）已于 {ingested} 导入；未作改动",
    Refused { error } => "refused: {error}" / "已拒绝：{error}",
    IngestTally { taken, again, refused } =>
        "{taken} ingested, {again} already held, {refused} refused"
        / "导入 {taken} 个，已有 {again} 个，拒绝 {refused} 个",
    NoDepotEnrolled =>
        "no depot is enrolled: `depot hq ingest --trust-new DIR` or `depot hq enrol CODE --public-key KEY`"
        / "尚未登记任何库：用 `depot hq ingest --trust-new 目录` 或 `depot hq enrol 代码 --public-key 公钥`",
    NoBundleYet => "no bundle yet" / "尚无数据包",
    DaysSinceBundle { days } => "{days} d" / "{days} 天",
    DaysSinceBundleStale { days } => "{days} d, STALE" / "{days} 天，已过期",
    LastBundle { as_of, last } =>
        "as of {as_of}, movements to {last}"
        / "截至 {as_of}，流水至第 {last} 条",
}}
