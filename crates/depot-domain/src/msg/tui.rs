//! What the terminal UI's screens say with values of their own: the status line's keys, a
//! wait after wrong PINs, a scan's due date.

crate::catalogue! { TuiMsg {
    ServerAway =>
        "the connection to the server broke; reconnecting… (what you type is kept)"
        / "服务器连接中断，正在重连…（输入的内容会保留）",
    /// The status line's keys; the language key names both languages in both.
    StatusKeys { help, quit } =>
        "F1 {help}  F12 中文/English  Ctrl+C {quit}"
        / "F1 {help}  F12 中文/English  Ctrl+C {quit}",
    PinWait { count, minutes, left } =>
        "⏳ {count} wrong PINs in the last {minutes} minutes: checking in {left} s"
        / "⏳ 最近 {minutes} 分钟内已输错密码 {count} 次：{left} 秒后核对",
    DueBack { date } => ", due {date}" / "，{date} 前归还",
    /// The pooled row of the depots screen: depots whose last bundle is current, of all.
    DepotsCurrent { current, of } => "{current}/{of} current" / "正常 {current}/{of}",
    /// Under the headquarters chart's rates: the depots with figures on its last date, of all.
    DepotsWithFigures { with, of } => "depots with figures: {with}/{of}" / "有数值的库：{with}/{of}",
    /// Under the depot chart's rates, when its first dates come before the ledger: the first
    /// date with figures.
    TrendFiguresFrom { on } =>
        "figures from {on}: the ledger begins the day the register was imported"
        / "数值始于 {on}：台账自登记簿导入之日开始",
    /// How many days old a depot's figures are, after their state.
    DaysOld { days } => " {days} d" / " {days}天",
    /// The depots screen's footer: the depots by state.
    DepotsByState { depots, current, stale, days, none } =>
        "{depots}: {current} current, {stale} STALE (written more than {days} days before the as-of date), {none} with no bundle"
        / "{depots}：正常 {current}，过期 {stale}（生成距截至日期已超过 {days} 天），无数据包 {none}",
    /// A depot's last bundle.
    LastBundle { as_of, created, ingested_word, ingested, held_word, last_seq } =>
        "bundle as of {as_of} · written {created} · {ingested_word} {ingested} · {held_word} {last_seq}"
        / "数据包截至 {as_of} · 生成于 {created} · {ingested_word} {ingested} · {held_word} {last_seq} 条",
    /// An opened depot's short lines and replacements due.
    DepotShortAndDue { short, lines, year, due, cost } =>
        "Short lines {short} of {lines} · replacements due by the end of {year}: {due} (cost {cost})"
        / "缺项 {short}/{lines} · {year} 年底前到期应更新 {due} 件（费用 {cost}）",
    /// A piece of the shipment being counted, found.
    ShipFound { found, expected } =>
        "in the shipment: {found} of {expected} found"
        / "在单：已清点 {found}/{expected} 件",
    /// The shipment opened for counting.
    ShipOpened { id, from, pieces } =>
        "shipment {id} from {from}: {pieces} pieces expected; scan each one"
        / "来自 {from} 的发运单 {id}：应到 {pieces} 件；请逐件扫码",
}}
