//! What `depot notify …` says: the digest's recipients added, removed and listed.

crate::catalogue! { CliNotifyMsg {
    /// `channel`: the channel's word in the reader's language.
    Added { audience, channel, address } =>
        "{audience}'s digest goes by {channel} to {address}"
        / "{audience} 的待办摘要将通过{channel}发送至 {address}",
    Removed { audience, address } =>
        "{address} no longer gets {audience}'s digest"
        / "{address} 不再接收 {audience} 的待办摘要",
    NoRecipients =>
        "no one gets the digest: an officer adds recipients with `depot notify add FOR mail ADDRESS` or `depot notify add FOR webhook URL --kind wecom`"
        / "尚无待办摘要的收件方：管理员可用 `depot notify add 对象 mail 地址` 或 `depot notify add 对象 webhook 网址 --kind wecom` 添加",
    /// One recipient of `depot notify list`; `sent`: [`CliNotifyMsg::LastSent`] or
    /// [`CliNotifyMsg::NotSentYet`].
    Listed { audience, channel, address, sent } =>
        "{audience}  {channel}  {address}  {sent}"
        / "{audience}  {channel}  {address}  {sent}",
    LastSent { at } => "last sent {at}" / "上次发送于 {at}",
    NotSentYet => "not sent yet" / "尚未发送",
    KindIsForWebhooks =>
        "--kind says what a webhook receives (json, wecom or dingtalk); a mail recipient takes none"
        / "--kind 用于指定 webhook 接收的格式（json、wecom 或 dingtalk）；邮件收件方无需此项",
    Sent { audience, channel, address } =>
        "sent {audience}'s digest by {channel} to {address}"
        / "已通过{channel}将 {audience} 的待办摘要发送至 {address}",
    /// Under [`CliNotifyMsg::Sent`]: what the digest says changed in the lines below standard.
    LinesChanged { new, worse, better, resolved, unchanged } =>
        "  lines below standard since the last digest sent: {new} new, {worse} worse, {better} better, {resolved} at standard again, {unchanged} unchanged"
        / "  较上次摘要的未满足条目：新增 {new}，变差 {worse}，好转 {better}，已满足 {resolved}，未变 {unchanged}",
    Unchanged { audience, address, at } =>
        "{address}: {audience}'s digest has not changed since it was sent on {at}; not sent again"
        / "{address}：{audience} 的待办摘要自 {at} 发送以来没有变化；不再重复发送",
    SendFailed { audience, address, error } =>
        "{audience}'s digest was not sent to {address}: {error}; the next `depot digest --send` tries again (see `depot audit`)"
        / "{audience} 的待办摘要未能发送至 {address}：{error}；下次运行 `depot digest --send` 时将重试（见 `depot audit`）",
}}
