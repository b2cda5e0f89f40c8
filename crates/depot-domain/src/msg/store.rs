//! What the store says when something is wrong with the database itself: which file, what is
//! wrong with it, and what to do.

crate::catalogue! { StoreMsg {
    AlreadyOpen { path } =>
        "the database is already open in another program ({path}); close that program first (only one program may use a depot database file at a time; a depot with several terminals needs PostgreSQL)"
        / "数据库已被另一个程序打开（{path}）；请先关闭那个程序（同一时间只能有一个程序使用 depot 数据库文件；多个终端同时使用需要 PostgreSQL）",
    NotDepot { path } =>
        "{path} is not a depot database (it is not a redb file, or was written by another program); check the path given with --db or DEPOT_DB"
        / "{path} 不是 depot 数据库（不是 redb 文件，或由其他程序写入）；请检查 --db 或 DEPOT_DB 给出的路径",
    Empty { path } =>
        "{path} is empty (0 bytes): it holds no database (a copy that failed, or an init that never finished); restore a backup (`depot restore FILE`), or remove it and run `depot init`"
        / "{path} 是空文件（0 字节），其中没有数据库（复制失败，或初始化未完成）；请恢复备份（`depot restore 文件`），或删除它后运行 `depot init`",
    IsDirectory { path } =>
        "{path} is a folder, not a database file; give the path of the database file with --db or DEPOT_DB (e.g. {path}/depot.redb)"
        / "{path} 是文件夹，不是数据库文件；请用 --db 或 DEPOT_DB 给出数据库文件的路径（如 {path}/depot.redb）",
    Damaged { path, detail } =>
        "{path} is damaged ({detail}); depot left it as it is: restore it from a backup (`depot restore FILE`) and keep the damaged file for inspection"
        / "{path} 已损坏（{detail}）；depot 未改动它：请用备份恢复（`depot restore 文件`），并保留损坏的文件以供检查",
    Truncated =>
        "the file ends before its own header says it does (truncated)"
        / "文件在其文件头所说的长度之前就结束了（被截断）",
    NewerSchema { path, found, known } =>
        "{path} was written by a newer depot (schema version {found}; this program knows {known}); use a newer depot"
        / "{path} 由更新版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）；请使用更新版本的 depot",
    OlderSchema { path, found, known } =>
        "{path} was written by an older depot (schema version {found}; this program knows {known}); export its assets and lots with that depot and import them into a new database (`depot init`, then `depot import`)"
        / "{path} 由旧版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）；请用那个版本导出其资产与批次，再导入新数据库（`depot init`，然后 `depot import`）",
    LegacyLog { db, log, reason } =>
        "{log} holds a write-ahead log of an earlier depot that does not fit {db} ({reason}); depot left both files as they were: if you put a backup in place of the database, move the -wal file away and open it again"
        / "{log} 中有早期 depot 的预写日志，与 {db} 不符（`{reason}`）；depot 未改动这两个文件：如果您用备份替换了数据库，请把 -wal 文件移走后再打开",
    Missing { path } =>
        "there is no database at {path}; create one with `depot init` (or `depot init --sample`)"
        / "{path} 处没有数据库；请用 `depot init`（或 `depot init --sample`）新建",
    DiskFull { target, disk } =>
        "the disk is full: depot could not write to {target}; nothing of this action was saved. Free space on the disk that holds {disk} (old exports, backups, labels) and try again"
        / "磁盘已满：depot 无法写入 {target}；此次操作未保存任何内容。请清理 {disk} 所在磁盘上的空间（旧的导出、备份、标签）后重试",
    TheDatabase => "the database" / "数据库",
    TheDatabasesFolder => "the database's folder" / "数据库所在文件夹",
    Io { path, error } =>
        "cannot read or write {path}: {error}"
        / "无法读写 {path}：{error}",
    Unsure { path, error } =>
        "the disk reported an error while saving to {path} ({error}): this action may or may not have been saved, and depot writes nothing more. Close depot, check the disk, and start it again: the register then shows whether it landed"
        / "保存到 {path} 时磁盘报告错误（{error}）：此次操作可能已保存，也可能没有，depot 不再写入。请关闭 depot，检查磁盘后重新启动：登记簿会显示它是否已保存",
    Corrupt { table, key, reason } =>
        "the database is damaged: table {table}, key '{key}': {reason}"
        / "数据库已损坏：表 `{table}`，键 '{key}'：`{reason}`；请运行 `depot verify`，并用备份恢复（`depot restore 文件`）",
    ReadOnly { path } =>
        "{path} was opened for reading only"
        / "{path} 以只读方式打开",
    Db { detail } =>
        "database error: {detail}"
        / "数据库错误（`{detail}`）",    // The port and the file engine.
    WriteNotRun =>
        "the engine ended a write transaction without running it" / "存储引擎未执行写事务就结束了它",
    NotAFile { path, doing } =>
        "{path}: {doing} is for a database file; a PostgreSQL database is backed up by the server's own tools (pg_dump), or copied into a file with `depot migrate --to FILE`"
        / "{path}：{doing} 只用于数据库文件；PostgreSQL 数据库请用服务器自带的工具（pg_dump）备份，或用 `depot migrate --to 文件` 复制成文件",
    MetaWrittenOnce { key } =>
        "the meta key '{key}' is written once, when the database is created, and cannot be changed"
        / "元数据键 '{key}' 只在创建数据库时写入一次，不能更改",
    PreviousIo { path } =>
        "cannot read or write {path}: an earlier write to the disk failed, so depot stopped writing; close depot and start it again"
        / "无法读写 {path}：之前一次写入磁盘失败，depot 已停止写入；请关闭 depot 后重新启动",
    LedgerChainRefused { at, refusal } =>
        "PostgreSQL at {at} refused a movement that does not continue the ledger's chain ({refusal}); nothing of this action was saved. Something other than depot wrote to the ledger, or its chain row no longer matches it: run `depot verify`"
        / "`{at}` 上的 PostgreSQL 拒绝了一笔接不上台账哈希链的记录（`{refusal}`）；此操作的任何内容都未保存。可能有 depot 以外的程序写入了台账，或其链头记录与台账不符：请运行 `depot verify`",
    ConnectionLost { at } =>
        "the connection to PostgreSQL at {at} broke before this action was saved, and depot checked on a new connection: nothing of it was saved; do it again"
        / "与 {at} 上的 PostgreSQL 的连接在此次操作保存之前中断，depot 已用新连接核实：此次操作的任何内容都未保存；请重新办理",
    ServerAway { at, secs } =>
        "PostgreSQL at {at} has not answered for {secs} s (a restart, the network?); nothing of this action was saved; try again once the server is back"
        / "{at} 上的 PostgreSQL 已 {secs} 秒没有应答（服务器重启，或网络中断？）；此次操作的任何内容都未保存；请待服务器恢复后重试",
    PinWithheld { name } =>
        "the PIN of operator '{name}' was withheld by the server (only the database owner's role reads PINs); copy or change it as that role"
        / "操作员“{name}”的 PIN 被服务器保留（只有数据库所有者的角色可以读取 PIN）；请用那个角色复制或更改",
    SignInUnheard { said } =>
        "the server answered a sign-in with '{said}', which this depot does not know"
        / "服务器对登录的回答是“{said}”，本程序不认识",
    CommitUnknown { at, secs } =>
        "the connection to PostgreSQL at {at} broke while this action was being saved, and the server has not answered since ({secs} s): depot cannot tell yet whether it was saved. Once the server is back, look at the register (the barcode's history) before doing it again"
        / "保存此次操作时与 {at} 上的 PostgreSQL 的连接中断，此后服务器一直没有应答（{secs} 秒）：depot 暂时无法判断它是否已保存。请待服务器恢复后先查看登记簿（该条码的记录），再决定是否重新办理",
    Reconnecting { at } =>
        "the connection to the server broke; reconnecting… ({at})"
        / "服务器连接中断，正在重连…（{at}）",
    Reconnected { at } =>
        "reconnected to the server ({at})"
        / "已重新连接服务器（{at}）",
    UpgradeOnWrite { at, found, known } =>
        "the register at {at} is of schema version {found}: this depot upgrades it to {known} when the database owner's role (the one that ran `depot init`) opens it to write, which a command that only reads does not do; run one that writes (the terminal UI, a scan, an import) once as that role, then every command works again"
        / "{at} 上的登记簿是数据结构版本 {found}：数据库所有者的角色（运行 `depot init` 的那个）以写入方式打开它时，本程序会把它升级到 {known}，只读的命令不会这样做；请用那个角色运行一次会写入的命令（终端界面、扫码、导入），之后所有命令即可照常使用",
    HqHoldsMovement { depot, seq } =>
        "headquarters already holds movement {seq} of depot {depot}" / "总部已有库 {depot} 的第 {seq} 笔记录",
    FileOpFailed { doing, path, error } => "{doing} {path}: {error}" / "{doing} {path} 时出错：{error}",
    UnknownTable { name } =>
        "the database has a table '{name}' that this depot's backup does not copy; nothing was written (use the depot that made the database)"
        / "数据库中有本 depot 的备份不复制的表 '{name}'；未写入任何内容（请使用建立该数据库的 depot）",
    BackupIsDatabase { path } =>
        "{path} is the database itself; name another file for the backup"
        / "{path} 就是数据库本身；请为备份另指定一个文件",
    BackupExists { path } =>
        "{path} already exists; name another file, or replace it with --force"
        / "{path} 已存在；请另指定一个文件，或用 --force 替换它",
    CannotCreate { path, error } => "creating {path}: {error}" / "无法创建 {path}（`{error}`）",
    NoDurability { error } =>
        "cannot set the copy's durability: {error}" / "无法设置副本的持久性（`{error}`）",
}}

crate::catalogue! { Doing {
    ABackup => "a backup" / "备份",
    CountingTables => "counting its tables" / "清点数据表",
    Syncing => "syncing" / "同步",
    SyncingDir => "syncing the directory" / "同步文件夹",
    Removing => "removing" / "删除",
    Renaming => "renaming the finished copy to" / "将完成的副本改名为",
    Copying => "copying" / "复制",
    MovingAside => "moving aside" / "移开",
    PuttingInPlace => "putting the restored copy in place at" / "将恢复的副本放到",
}}
