//! What the services say when an action stops or is refused.

crate::catalogue! { ServiceMsg {
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
        / "导出已停止；写到标准输出的内容不完整",
}}
