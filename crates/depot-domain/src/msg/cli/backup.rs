//! What `depot backup`, `restore` and `migrate` say.

crate::catalogue! { CliBackupMsg {
    AlreadyOpen { db } =>
        "{db} is open in another program (the terminal UI, a scan stream …), and only one program may have it open: close that program and run `depot backup` again, or take the backup from the terminal UI (screen 6 导出, key b), which copies it from its own process"
        / "{db} 已被另一个程序打开（终端界面、扫码流程……），而同一时间只能有一个程序打开它：请关闭那个程序后再运行 `depot backup`，或在终端界面中备份（第 6 屏 导出，按 b 键），它在自己的进程内复制",
    /// `plan`: what the restore would do, in the reader's language.
    RestoreNeedsYes { plan } =>
        "restore would {plan}: give --yes to confirm it (standard input is not a terminal to ask on); nothing was changed"
        / "恢复将{plan}：请加 --yes 确认（标准输入不是终端，无法询问）；未作任何更改",
    RestoreAsk { plan } =>
        "Restore will {plan}. Go ahead? (y/N) "
        / "恢复将{plan}。确定吗？(y/N) ",
    RestoreNotConfirmed =>
        "restore not confirmed; nothing was changed"
        / "未确认恢复；未作任何更改",
    MigrateTargetExists { path } =>
        "{path} already exists: migrate writes a new database; give the path of a file that does not exist yet"
        / "{path} 已存在：迁移会写出一个新的数据库，请给出尚不存在的文件路径",
    CopyingMovements => "copying movements" / "复制台账记录",
    CopyingRows => "copying the assets' and lots' rows" / "复制资产与批次的当前状态",
    VerifyingCopy => "verifying the copy (its stock replayed from its ledger)" / "校验副本（按台账重放库存）",
    /// `verified`: the copy's check, in the reader's language.
    Migrated { target, movements, stock, last, head, verified } =>
        "copied to {target}: {movements} movements, {stock} assets and lots; both ledgers end at movement {last} ({head}); {verified}"
        / "已复制到 {target}：{movements} 条台账记录，{stock} 个资产与批次；两库台账均止于第 {last} 条（{head}）；{verified}",
}}
