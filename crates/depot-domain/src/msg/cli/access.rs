//! What the command line says about the PIN of the operator who acts.

crate::catalogue! { CliAccessMsg {
    /// `var`: the variable a script gives the PIN in.
    PinNotGiven { name, var } =>
        "operator {name} has a PIN, and none was given: standard input is not a terminal to ask on, so set {var} for this command (e.g. `{var}=… depot …`); forgotten it? an officer sets a new one with `depot operator add {name} --role ROLE --pin NEW`. The refusal is in the audit log"
        / "操作员 {name} 设有密码，但未提供：标准输入不是终端，无法询问，请为本命令设置 {var}（如 `{var}=… depot …`）；忘记密码请管理员用 `depot operator add {name} --role 角色 --pin 新密码` 重设。此次拒绝已记入审计日志",
    PinWait { failures, minutes, secs } =>
        "{failures} wrong PINs for this operator in the last {minutes} minutes: waiting {secs} s before checking this one"
        / "该操作员最近 {minutes} 分钟内已输错密码 {failures} 次：等待 {secs} 秒后再核对",
    PinPrompt { name } => "PIN for {name}: " / "{name} 的密码：",
    NoPinGiven => "no PIN was given; nothing was done" / "未输入密码；未作任何操作",
}}
