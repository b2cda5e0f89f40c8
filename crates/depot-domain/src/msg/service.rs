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
        / "结束盘点 {id} 会把差异过账为盘点调整：请确认（--confirm）",    // A backup and a restore.
    BackupWritten { path, copy } => "backup written: {path} ({copy})" / "已写入备份：{path}（{copy}）",
    Restored { db, from, copy } => "restored {db} from {from} ({copy})" / "已从 {from} 恢复 {db}（{copy}）",
    CopyChecked { movements, barcodes, head } =>
        "{movements} movements, {barcodes} assets and lots, head {head}, verified"
        / "{movements} 条记录，{barcodes} 件资产与批次，链头 {head}，已校验",
    RestoredAside { aside } =>
        "; the database it replaced is kept as {aside}" / "；被替换的数据库保存为 {aside}",
    RestoredNothingBefore => "; there was no database there before" / "；此前该处没有数据库",
    PlanNow { db, movements, head } =>
        "the register {db} ({movements} movements, head {head})" / "台账 {db}（{movements} 条记录，链头 {head}）",
    PlanNothingNow { db } =>
        "{db} (no readable register there now)" / "{db}（该处目前没有可读的台账）",
    Plan { now, from, movements, head } =>
        "replace {now} with the backup {from} ({movements} movements, head {head}); whatever was recorded after that backup is then only in the replaced file, kept aside"
        / "以备份 {from}（{movements} 条记录，链头 {head}）替换{now}；此备份之后登记的一切将只留在被替换、另行保存的文件中",
    BackupIsDirectory { path, example } =>
        "{path} is a directory; name the backup file, e.g. {example}"
        / "{path} 是文件夹；请给出备份文件名，如 {example}",
    BackupIsDatabase { path } =>
        "{path} is the database itself; name another file for the backup"
        / "{path} 就是数据库本身；请给备份另起一个文件名",
    BackupExists { path } =>
        "{path} already exists; name another file, or replace it with --force"
        / "{path} 已存在；请另起文件名，或用 --force 替换它",
    BackupUnfit { path, why } =>
        "the backup written to {path} does not check out: {why}; do not rely on it (run `depot verify` on the database)"
        / "写到 {path} 的备份未通过核验：{why}；请勿依赖它（对数据库运行 `depot verify`）",
    NoBackupFile { path } =>
        "{path}: no such file; name the backup to restore" / "{path}：没有这个文件；请给出要恢复的备份",
    RestoreIsDatabase { path } =>
        "{path} is the database itself; name a backup file to restore"
        / "{path} 就是数据库本身；请给出要恢复的备份文件",
    RestoreUnfit { path, why } =>
        "{path} cannot be restored: {why}; nothing was changed" / "{path} 无法恢复：{why}；未作任何改动",
    RestoreOpen { path } =>
        "{path} is open in another program (the terminal UI, a scan stream …); close that program and restore again; nothing was changed"
        / "{path} 已被另一个程序打开（终端界面、扫码流程……）；请关闭那个程序后再恢复；未作任何改动",
    UnfitNotDepot =>
        "it is not a depot database, or it is damaged (cut short, overwritten, another program's file)"
        / "它不是 depot 数据库，或已损坏（被截断、被覆盖、是其他程序的文件）",
    UnfitNewer { found, known } =>
        "it was written by a newer depot (schema version {found}; this program knows {known}); restore it with that depot"
        / "它由更新版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）；请用那个版本恢复",
    UnfitOlder { found, known } =>
        "it was written by an older depot (schema version {found}; this program knows {known})"
        / "它由旧版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）",
    UnfitOpen => "another program has it open" / "另一个程序正打开着它",
    UnfitDamaged { why } => "{why}" / "它已损坏（`{why}`）",
    RestoredReplaced { db, movements, head, aside } =>
        "replaced {db} (ledger {movements} movements, head {head}), kept as {aside}"
        / "替换了 {db}（台账 {movements} 笔，链头 {head}），原库保留为 {aside}",
    RestoredPutInPlace { db } =>
        "put in place at {db} (no readable database there before)"
        / "放置于 {db}（此前那里没有可读的数据库）",
    RestoredFrom { before, from, movements, head } =>
        "{before}; restored from {from} (ledger {movements} movements, head {head})"
        / "{before}；从 {from} 恢复（台账 {movements} 笔，链头 {head}）",
    // Where things are, and what is in the register.
    NoKeyHome =>
        "neither XDG_CONFIG_HOME nor HOME is set, so there is no place for the depot's key: name a file with --key or DEPOT_KEY"
        / "XDG_CONFIG_HOME 与 HOME 都未设置，库密钥无处存放：请用 --key 或 DEPOT_KEY 指定文件",
    TrendBackwards { from, to } =>
        "the trend's first date {from} is after its last {to}: give --from on or before --to"
        / "趋势的起始日期 {from} 晚于截止日期 {to}：--from 须不晚于 --to",
    NoSuchScope { code } =>
        "no unit or warehouse has the code '{code}'; `depot status` counts what the register holds"
        / "没有代码为 '{code}' 的单位或储备库；`depot status` 可查看登记簿中的数量",
    MigrateTargetHolds =>
        "the target database already holds a register; migrate copies into a new, empty database (run `depot --db TARGET init` first, without --sample)"
        / "目标数据库中已有登记簿；迁移只复制到新的空数据库（请先运行 `depot --db TARGET init`，不加 --sample）",
    MigrateCopyShort { copy, source } =>
        "the copy's ledger ends at movement {copy} but the source's at {source}; the copy is not usable"
        / "副本的台账止于第 {copy} 笔，而源数据库的止于第 {source} 笔；副本不可用",
    ImportNotDirectory { path } =>
        "{path} is not a directory: give the folder that holds the import files, or `depot import KIND FILE` for one file"
        / "{path} 不是文件夹：请给出存放导入文件的文件夹，单个文件请用 `depot import KIND FILE`",
    NoImportFiles { path, names } =>
        "{path} holds none of the import files ({names})"
        / "{path} 中没有任何导入文件（{names}）；请检查文件夹与文件名",
    // A depot's bundle.
    NotTopUnit { code, tops } =>
        "{code} is not a top unit of this register (a unit without a parent); the top units are: {tops}"
        / "'{code}' 不是本登记簿的顶级单位（没有上级的单位）；顶级单位为：{tops}",
    NoUnits =>
        "the register has no units, so the bundle cannot name its depot: import units.csv first"
        / "登记簿中没有单位，数据包无法写明所属的库：请先导入 units.csv",
    SeveralTops { tops } =>
        "the register has several top units ({tops}): name the depot with --depot CODE (it is remembered for the next bundles)"
        / "登记簿有多个顶级单位（{tops}）：请用 --depot 代码 指定库（之后的数据包会沿用）",
    BundleOutIsFile { path, error } =>
        "{path} is a file; a bundle, shipment, receipt or directive is written into a new folder: name one with --out ({error})"
        / "{path} 是文件；数据包、发运单、签收单或指令须写入一个新文件夹：请用 --out 指定一个文件夹（{error}）",
    BundleOutNotEmpty { path } =>
        "{path} is not empty; a bundle, shipment, receipt or directive is written into a new (or empty) folder, so that nothing of an older one is mixed in: name another with --out"
        / "{path} 不是空文件夹；数据包、发运单、签收单或指令须写入新的（或空的）文件夹，以免混入旧文件的内容：请用 --out 指定另一个",
    LedgerBehindBundle { ended, head } =>
        "the last bundle ended at movement {ended} but the ledger ends at {head}: this database is older than the one that wrote it (a restored backup?); give --full"
        / "上一个数据包止于第 {ended} 笔，而台账止于第 {head} 笔：本数据库比写出那个数据包的数据库旧（恢复过备份？）；请加 --full",
    BundleOutNoName { path } =>
        "{path} names no folder: give --out DIR" / "{path} 不是文件夹名：请用 --out 目录 指定",
    LedgerShort { first, last, read } =>
        "the ledger should hold movements {first} to {last}, and {read} were read: run `depot verify`"
        / "台账应有第 {first} 至第 {last} 笔记录，却读到 {read} 笔：请运行 `depot verify`",
    BundleMeanwhile { other } =>
        "another bundle was made meanwhile (its manifest's SHA-256 is {other}); this one would chain to the same bundle as that one, so it was not kept: run `depot export bundle` again"
        / "其间已生成了另一个数据包（其清单的 SHA-256 为 {other}）；本数据包会与它接在同一个数据包之后，因此未保留：请重新运行 `depot export bundle`",
    BadWatermark { key, seq } =>
        "the database's bundle watermark ({key} = '{seq}') is not a number; the database was changed by hand: give --full"
        / "数据库中数据包的水位标记（`{key}` = '{seq}'）不是数字，数据库被手工改动过：请加 --full",
    // Operators.
    OperatorNeedsName => "an operator needs a name" / "操作员需要姓名：请给出非空的姓名",
    PinTooShort => "a PIN needs at least 4 characters" / "密码至少需要 4 个字符",
    NoRandomness { error } =>
        "no randomness for the PIN salt: {error}"
        / "系统未提供随机数，无法为密码加盐（`{error}`）；请稍后重试",
    // The digest's recipients.
    NotWebhookUrl { address } =>
        "'{address}' is not a webhook's address: give its URL, starting with http:// or https://"
        / "'{address}' 不是 webhook 地址：请给出以 http:// 或 https:// 开头的网址",
    NotMailAddress { address } =>
        "'{address}' is not a mail address: give one such as name@example.cn"
        / "'{address}' 不是邮件地址：请给出 name@example.cn 这样的地址",
    NoRecipient { audience, address } =>
        "{audience} has no recipient {address}: `depot notify list` shows who gets the digest"
        / "{audience} 没有收件方 {address}：用 `depot notify list` 查看摘要发给谁",
    // The digest delivered.
    WebhookStatus { status, body } =>
        "the webhook answered HTTP {status}: {body}"
        / "webhook 返回 HTTP {status}：{body}",
    RobotRefused { code, message } =>
        "the group robot refused the message (errcode {code}: {message})"
        / "群机器人拒收了消息（errcode {code}：{message}）",
    WebhookUnreachable { error } =>
        "the webhook could not be reached: {error}"
        / "无法连接 webhook：{error}",
    NoMailServer =>
        "no mail server is set: give --smtp URL and --mail-from ADDRESS (or set DEPOT_SMTP and DEPOT_MAIL_FROM), e.g. smtp://USER:PASSWORD@mail.example.cn:587?tls=required"
        / "未设置邮件服务器：请给出 --smtp 地址与 --mail-from 发件地址（或设置 DEPOT_SMTP 与 DEPOT_MAIL_FROM），如 smtp://用户:密码@mail.example.cn:587?tls=required",
    MailServerUrl { error } =>
        "the mail server's URL cannot be read: {error}"
        / "无法识别邮件服务器地址：{error}",
    MailCertificate { error } =>
        "the certificate given by --smtp-ca (DEPOT_SMTP_CA) cannot be read: {error}; give the PEM file of the mail server's certificate or of the authority that signed it"
        / "无法读取 --smtp-ca（DEPOT_SMTP_CA）给出的证书：{error}；请给出邮件服务器证书或其签发机构证书的 PEM 文件",
    SentNotRecorded { audience, address, error } =>
        "{audience}'s digest went to {address}, but recording it failed: {error}; the next `depot digest --send` sends it again, and the recipients after it then"
        / "{audience} 的待办摘要已发送至 {address}，但未能记录：{error}；下次运行 `depot digest --send` 时将再次发送，其后的接收方届时发送",
    MailNotTaken { error } =>
        "the mail server did not take the message: {error}"
        / "邮件服务器未接收该邮件：{error}",
    // Headquarters.
    HqNeedsDepotCode =>
        "give the depot's code (its top unit's, as its bundles name it)"
        / "请给出库的代码（其顶级单位的代码，与其数据包中写的一致）",
    HqEnrolledOtherKey { code, old, new } =>
        "depot {code} is enrolled with key {old}; give --replace to enrol {new} in its place (only when the depot says it made a new key)"
        / "库 {code} 已用密钥 {old} 登记；要改用 {new} 登记，请加 --replace（仅当该库确认已生成新密钥时）",
    HqNoDepots { code } =>
        "no depot is enrolled in this database, so there is no depot {code} to verify: depots get here with `depot hq ingest --trust-new DIR`"
        / "本数据库中没有登记任何库，因此没有可核验的库 {code}：各库经 `depot hq ingest --trust-new 目录` 进入总部数据库",
    HqNotEnrolledOf { code, codes } =>
        "no depot {code} is enrolled here; the depots enrolled are {codes}"
        / "总部未登记库 {code}；已登记的库为：{codes}",
    HqNotEnrolled { code } => "no depot {code} is enrolled here" / "总部未登记库 {code}",
    HqMovementMissing { code, held, missing } =>
        "headquarters holds depot {code}'s movements up to {held} but not movement {missing}: run `depot hq verify --depot {code}`"
        / "总部保存的库 {code} 的记录到第 {held} 笔为止，但没有第 {missing} 笔：请运行 `depot hq verify --depot {code}`",
    HqKeptFileBad { depot, name, line, what } =>
        "depot {depot}'s {name} as headquarters keeps it, line {line}: {what}; run `depot hq verify --depot {depot}`"
        / "总部保存的库 {depot} 的 {name} 第 {line} 行有误（`{what}`）；请运行 `depot hq verify --depot {depot}`",
    ExportBug { sheet, what } =>
        "{sheet} export: {what} (a bug in depot)" / "{sheet}导出：`{what}`（depot 的程序错误）",
    // `depot import register`.
    RegisterNoSuchOwner { code } =>
        "--owner {code}: no unit or warehouse has that code or name"
        / "--owner {code}：没有这个代码或名称的单位或储备库",
    RegisterNoOwner =>
        "the register does not say who owns its pieces: give --owner CODE, or an owner column (owner_name)"
        / "台账中没有写明装备所属单位：请给出 --owner 代码，或加一列“使用单位”",
    RegisterNoOwnerHere =>
        "empty: whose piece is it? fill in the owner, or give --owner"
        / "为空：请填写所属单位，或给出 --owner",
    RegisterNoPrefix =>
        "pieces without a barcode need one: give --barcode-prefix (letters such as `JH`); the database keeps it for later imports"
        / "没有条码的装备需要编新条码：请给出 --barcode-prefix（如 `JH`），数据库会保存它供以后导入使用",
    RegisterBadPrefix { prefix } =>
        "'{prefix}' cannot begin a barcode: use 1 to 12 letters, digits or '-'"
        / "'{prefix}' 不能作为条码前缀：请用 1 至 12 个字母、数字或“-”",
    RegisterNotADate =>
        "not a date: write it as 2019-03-15, 2019.3 or 2019-03"
        / "不是日期：请写成 2019-03-15、2019.3 或 2019年3月",
    RegisterBadQuantity =>
        "not a quantity: write a number above 0, like 12"
        / "不是数量：请写大于 0 的数，如 12",
    RegisterPiecesWhole =>
        "a serialised item counts whole pieces: write a whole number"
        / "单件管理的装备按整件计数：请写整数",
    RegisterSerialCount { serials, quantity } =>
        "{serials} serial numbers for a quantity of {quantity}: give one serial number per piece, or none"
        / "数量为 {quantity}，却有 {serials} 个出厂编号：请每件一个编号，或都不填",
    RegisterOneForMany =>
        "one value for several pieces: write the row once per piece"
        / "多件装备共用了一个值：请每件单独写一行",
    RegisterNoItem =>
        "empty: which item is it? fill in its name"
        / "为空：请填写装备名称",
    RegisterMapNoItem { name, code } =>
        "the map file gives '{name}' the item {code}, which the catalogue does not have"
        / "对照表把 '{name}' 对应到品类 {code}，但目录中没有该品类",
    RegisterMapNoPlace { name, code } =>
        "the map file gives '{name}' the place {code}, which is no unit or warehouse"
        / "对照表把 '{name}' 对应到 {code}，但没有这个单位或储备库",
    RegisterUomDiffers { given, item, uom } =>
        "counted in '{given}', but the catalogue counts {item} in '{uom}'"
        / "计量单位为“{given}”，而目录中 {item} 的计量单位是“{uom}”",
    NoRegisterImport { id } =>
        "there is no register import {id}: `depot import register` says the number of each"
        / "没有第 {id} 次台账导入：每次 `depot import register` 都会给出其编号",
}}
