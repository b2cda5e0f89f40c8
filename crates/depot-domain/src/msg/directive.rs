//! What headquarters' directives say: issuing one, a depot enrolling headquarters' key,
//! taking a directive in or refusing it (what was wrong and what to do), and a local import
//! that a directive does not allow.

crate::catalogue! { DirectiveMsg {
    HqKeyEnrolled { fingerprint } =>
        "headquarters' key enrolled, fingerprint {fingerprint}: check it with headquarters (read aloud) before taking a directive"
        / "已登记总队公钥，指纹 {fingerprint}：请先与总队核对指纹（口头读出）再导入指令",
    HqKeySame { fingerprint } =>
        "headquarters' key {fingerprint} was already enrolled; nothing changed"
        / "总队公钥 {fingerprint} 此前已登记；未作任何更改",
    HqKeyReplaced { old, new } =>
        "headquarters' key replaced: {old} -> {new}"
        / "已更换总队公钥：{old} -> {new}",
    HqKeyOther { enrolled, given } =>
        "another headquarters key is enrolled ({enrolled}), not {given}: if headquarters made a new key, check its fingerprint with them and give --replace"
        / "已登记的是另一把总队公钥（{enrolled}），不是 {given}：如总队换了新密钥，请与总队核对指纹后加 --replace",
    HqKeyNotHex =>
        "the public key is not 64 hex digits: give what `depot key show` printed at headquarters"
        / "公钥不是 64 位十六进制数字：请填写总队运行 `depot key show` 显示的公钥",
    NoHqKey { dir } =>
        "{dir}: no headquarters key is enrolled in this register, so the directive cannot be checked; nothing was changed. Get headquarters' public key by a channel you trust and run `depot key enrol-hq --public-key KEY`, then import again"
        / "{dir}：本库尚未登记总队公钥，无法核验该指令；未作任何更改。请经可信渠道取得总队公钥，运行 `depot key enrol-hq --public-key 公钥` 后重新导入",
    WrongKey { dir, found, enrolled } =>
        "{dir}: the directive is signed with the key {found}, not with headquarters' key enrolled here ({enrolled}); nothing was changed. Do not use it: ask headquarters whether they changed keys, and if so enrol the new one with `depot key enrol-hq --replace`"
        / "{dir}：该指令的签名密钥为 {found}，不是本库登记的总队公钥（{enrolled}）；未作任何更改。请勿使用：向总队确认是否更换了密钥，如是，用 `depot key enrol-hq --replace` 登记新公钥",
    Tampered { dir, what } =>
        "{dir}: the directive was changed after headquarters signed it ({what}); nothing was changed. Ask headquarters to send it again"
        / "{dir}：该指令在总队签名后被改动（{what}）；未作任何更改。请总队重新发送",
    Unreadable { dir, what } =>
        "{dir}: not a directive headquarters wrote ({what}); nothing was changed. Give the folder `depot hq directive --out` wrote, with its directive.json"
        / "{dir}：不是总队签发的指令（{what}）；未作任何更改。请指定 `depot hq directive --out` 生成的文件夹（内含 directive.json）",
    SchemaVersion { dir, found, ours } =>
        "{dir}: the directive has format version {found} and this depot reads version {ours}; nothing was changed. Update depot, then import it again"
        / "{dir}：该指令的格式版本为 {found}，本程序只能读取版本 {ours}；未作任何更改。请升级 depot 后重新导入",
    Older { dir, version, in_force } =>
        "{dir}: directive {version} is older than directive {in_force}, which is in force here; nothing was changed. Ask headquarters for its newest directive"
        / "{dir}：指令第 {version} 版早于本库现行的第 {in_force} 版；未作任何更改。请向总队索取最新指令",
    Replayed { dir, version } =>
        "{dir}: directive {version} is already in force here; nothing was changed and nothing needs doing"
        / "{dir}：指令第 {version} 版已在本库施行；未作任何更改，无需操作",
    SameVersionDiffers { dir, version } =>
        "{dir}: another directive with the same version {version} is in force here, with different contents; nothing was changed. Ask headquarters which is right: a corrected directive needs a new version"
        / "{dir}：本库现行的指令也是第 {version} 版，但内容不同；未作任何更改。请向总队确认哪一份有效：更正的指令应使用新的版本号",
    NotYetEffective { dir, version, effective, today } =>
        "{dir}: directive {version} takes effect on {effective}, and today is {today}; nothing was changed. Keep the folder and import it on or after {effective}"
        / "{dir}：指令第 {version} 版自 {effective} 起施行，今天是 {today}；未作任何更改。请保存该文件夹，于 {effective} 当天或之后导入",
    RowsRefused { dir, version, count } =>
        "{dir}: directive {version} has {count} rows this register cannot take (listed above); nothing was changed. Send the list to headquarters"
        / "{dir}：指令第 {version} 版有 {count} 行本库无法接收（见上）；未作任何更改。请将清单反馈总队",
    Taken { version, effective, issuer } =>
        "directive {version} of {issuer} is in force here from {effective}"
        / "{issuer}的指令第 {version} 版已在本库施行，自 {effective} 起",
    InForce { version, effective, issuer, local } =>
        "directive {version} of {issuer}, in force from {effective}; local additions allowed in: {local}"
        / "现行指令：{issuer}第 {version} 版，自 {effective} 起施行；允许本地增补：{local}",
    NoneInForce =>
        "no directive of headquarters is in force here"
        / "本库尚无总队指令",
    NoSections => "none" / "无",
    LineSetByDirective { version } =>
        "set by headquarters' directive {version}: a local file may not change it; ask headquarters to change it in its next directive, or leave the row out"
        / "由总队指令第 {version} 版规定：本地文件不得更改；请总队在下一版指令中修改，或删去该行",
    NoLocalAdditions { version, section } =>
        "headquarters' directive {version} allows no local additions to {section}; ask headquarters to add the line in its next directive, or leave the row out"
        / "总队指令第 {version} 版不允许在本地的 {section} 数据中新增行；请总队在下一版指令中增加该行，或删去该行",
    Issued { dir, version, effective, fingerprint, files } =>
        "directive {version} (effective {effective}) written to {dir}: {files}; signed with {fingerprint}"
        / "指令第 {version} 版（自 {effective} 起施行）已写入 {dir}：{files}；签名密钥 {fingerprint}",
    IssueNotNewer { version, last } =>
        "directive {last} was already issued from this database; a new one needs a higher version: give --version {version} or more"
        / "本数据库已签发过指令第 {last} 版；新指令须使用更高的版本号：请用 --version {version} 或更大",
    IssueNoFiles { dir, names } =>
        "{dir} holds none of {names}: put headquarters' reference files there"
        / "{dir} 中没有 {names} 中的任何文件：请将总队的基础数据文件放入该文件夹",
    UnknownSection { given } =>
        "--local: no section '{given}'; the sections are modules, catalog, standards and targets"
        / "--local：没有“{given}”这一部分；可选 modules、catalog、standards、targets",
    NoIssueKey { path } =>
        "no signing key at {path}: make headquarters' key with `depot key init` first, and send its public key (`depot key show`) to the depots"
        / "{path} 没有签名密钥：请先用 `depot key init` 生成总队密钥，并把公钥（`depot key show`）发给各库",
}}
