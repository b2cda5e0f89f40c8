//! The Chinese lines of `depot notify`'s inner commands, options and arguments, and of
//! `depot digest`'s options that send it, by the command's path and the argument's id, as in
//! [`super::args`].

/// `(command, line)`.
pub(super) const NOTIFY_SUBCOMMANDS: &[(&str, &str)] = &[
    (
        "notify add",
        "将某角色或某单位的待办摘要发送至邮件地址或 webhook（限管理员）",
    ),
    ("notify list", "待办摘要发给谁，以及上次各自发送的时间"),
    (
        "notify remove",
        "不再将某角色或某单位的待办摘要发送至某地址（限管理员）",
    ),
];

/// `(command, argument id, line, value name)`.
pub(super) const NOTIFY_ARGS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "notify add",
        "for_whom",
        "一个角色（`quartermaster` 保管员、`officer` 管理员、`auditor` 审计员，中文亦可）或一个单位或储备库的代码：发送谁的摘要",
        Some("对象"),
    ),
    ("notify add", "channel", "发送方式", Some("方式")),
    (
        "notify add",
        "address",
        "邮件地址，或 webhook 的网址",
        Some("地址"),
    ),
    (
        "notify add",
        "kind",
        "webhook 接收的内容：摘要的 JSON，或企业微信、钉钉群机器人的消息（默认 json）",
        Some("格式"),
    ),
    (
        "notify remove",
        "for_whom",
        "角色或单位、仓库的代码",
        Some("对象"),
    ),
    (
        "notify remove",
        "address",
        "邮件地址，或 webhook 的网址",
        Some("地址"),
    ),
    (
        "digest",
        "send",
        "将各收件方（`depot notify`）的待办摘要发给他们（仅当与上次发送的内容不同）；发送失败的下次运行时重试",
        None,
    ),
    (
        "digest",
        "smtp",
        "发送摘要邮件所用的邮件服务器，如 `smtp://用户:密码@mail.example.cn:587?tls=required`（先加密连接，再登录）",
        Some("地址"),
    ),
    ("digest", "mail_from", "摘要邮件的发件地址", Some("地址")),
    (
        "digest",
        "unchanged",
        "与 --send 同用：自上次发送以来未变的未满足标准条目也列出（默认只计数；--top 0 时全部列出）",
        None,
    ),
    (
        "digest",
        "smtp_ca",
        "除公共根证书外，邮件服务器 TLS 还信任的证书（PEM）：服务器自己的，或本单位签发它的机构的",
        Some("文件"),
    ),
];
