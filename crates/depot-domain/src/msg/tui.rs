//! What the terminal UI's screens say with values of their own: the status line's keys, a
//! wait after wrong PINs, a scan's due date.

crate::catalogue! { TuiMsg {
    /// The status line's keys; the language key names both languages in both.
    StatusKeys { help, quit } =>
        "F1 {help}  F12 中文/English  Ctrl+C {quit}"
        / "F1 {help}  F12 中文/English  Ctrl+C {quit}",
    PinWait { count, minutes, left } =>
        "⏳ {count} wrong PINs in the last {minutes} minutes: checking in {left} s"
        / "⏳ 最近 {minutes} 分钟内已输错密码 {count} 次：{left} 秒后核对",
    DueBack { date } => ", due {date}" / "，{date} 前归还",
}}
