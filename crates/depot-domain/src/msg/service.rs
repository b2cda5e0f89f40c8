//! What the services say when an action stops or is refused.

crate::catalogue! { ServiceMsg {
    UnknownItem { item } =>
        "item {item} is not in the catalogue; import it with `depot import catalog FILE` first"
        / "品类 {item} 不在装备目录中；请先用 `depot import catalog 文件` 导入",
    UnknownOwner { place } =>
        "{place} is not a unit or a warehouse of this register, so nothing can belong to it; import it first (`depot import units FILE` or `depot import warehouses FILE`)"
        / "{place} 不是本登记簿中的单位或储备库，物资不能归属于它；请先导入（`depot import units 文件` 或 `depot import warehouses 文件`）",
    NoOperator =>
        "no operator named: give --operator NAME or set DEPOT_OPERATOR; every write names who made it"
        / "未指定操作员：请用 --operator 或 DEPOT_OPERATOR；每次写入都要写明操作人",
    Refused { operator, role, action } =>
        "operator {operator} ({role}) may not {action}; ask an officer"
        / "操作员 {operator}（{role}）无权执行：{action}，请联系管理员",
    ThisAction => "do this" / "此操作",
    UnknownOperator { operator } =>
        "operator {operator} is not registered; an officer adds operators with `depot operator add NAME --role ROLE`"
        / "操作员 {operator} 未登记；请管理员用 `depot operator add 姓名 --role 角色` 添加",
    Io { path, error } => "{path}: {error}" / "{path}：{error}",
    WrongPin { operator } =>
        "wrong or missing PIN for operator {operator}: give the PIN {operator} was given (a script sets DEPOT_PIN); forgotten it? an officer sets a new one with `depot operator add {operator} --role ROLE --pin NEW`. Refusals are audited, and after three in 15 minutes each attempt waits longer"
        / "操作员 {operator} 的密码错误或未填写：请输入为 {operator} 设置的密码（脚本中设置 DEPOT_PIN）；忘记密码请管理员用 `depot operator add {operator} --role 角色 --pin 新密码` 重设。每次拒绝都记入审计日志，15 分钟内失败三次后每次尝试都要等待更久",
    Interrupted { outcome } => "interrupted: {outcome}" / "已中止：{outcome}",
    NotExported =>
        "the export was stopped; no file was written"
        / "导出已停止；未写入任何文件",
    NotBackedUp =>
        "the backup was stopped; no file was written"
        / "备份已停止；未写入任何文件",
    NotRestored =>
        "nothing was restored; the database is as it was"
        / "未恢复任何内容；数据库保持原样",
    NotBundled =>
        "the bundle export was stopped; no folder was written and the next bundle starts where it would have"
        / "数据包导出已停止；未写出任何文件夹，下一个数据包仍从原处开始",
    NotImported =>
        "nothing was imported; the database is as it was"
        / "未导入任何内容；数据库保持原样",
    ScanStopped =>
        "every scan answered OK is on disk; nothing else was applied"
        / "每个答复 OK 的扫码都已落盘；其余均未处理",
    NotIngested =>
        "the bundles said to be ingested above are in; the one being checked and the rest are not"
        / "上面显示已导入的数据包均已导入；正在核验的那个及其余的均未导入",
    NotVerified =>
        "nothing was changed; the check was not finished"
        / "未作任何改动；核验未完成",
    ExportToStdoutStopped =>
        "the export was stopped; what it wrote to standard output is incomplete"
        / "导出已停止；写到标准输出的内容不完整",    AuditRefused { reason } => "refused: {reason}" / "拒绝：{reason}",
    CountNeedsConfirm { id } =>
        "closing count {id} posts its differences as adjustments: confirm it (--confirm)"
        / "结束盘点 {id} 会把差异过账为盘点调整：请确认（--confirm）",
}}
