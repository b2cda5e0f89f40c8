//! What `depot key init|show` and `depot export bundle` say: the depot's signing key and the
//! signed bundle for headquarters.

crate::catalogue! { CliBundleMsg {
    Identity { fingerprint, public } =>
        "fingerprint: {fingerprint}\npublic key:  {public}\nheadquarters records both to enrol this depot"
        / "指纹：{fingerprint}\n公钥：{public}\n总部记录这两项以登记本库",
    KeyMade { path } =>
        "made the depot's key: {path} (readable by you only; keep it, and a copy in a safe place)"
        / "已生成本库密钥：{path}（仅您可读；请妥善保存并另存一份副本）",
    KeyAt { path } => "key: {path}" / "密钥：{path}",
    NoKey { path } =>
        "there is no key at {path}: make one with `depot key init`, or name the file with --key or DEPOT_KEY"
        / "{path} 处没有密钥：请用 `depot key init` 生成，或用 --key 或 DEPOT_KEY 指定文件",
    FileOptionsOnBundle =>
        "a bundle is plain UTF-8 CSV with its movements since the last bundle: --format, --excel, --encoding and --since are for single files; leave them out (--full sends the movements from the start)"
        / "数据包固定为 UTF-8 CSV，台账记录从上一个数据包之后开始：--format、--excel、--encoding 与 --since 只用于单个文件，请去掉（--full 从头导出台账记录）",
    BundleNeedsOut =>
        "a bundle is a folder: name a new one with --out DIR"
        / "数据包是一个目录：请用 --out 目录 指定一个新目录",
    KeyMadeForBundle { path } =>
        "this depot had no key: made one at {path} (readable by you only; keep it)"
        / "本库尚无密钥：已在 {path} 生成（仅您可读；请妥善保存）",
    NoNewMovements => "no new movements" / "无新台账记录",
    Movements { first, last } => "movements {first} to {last}" / "台账记录 {first} 至 {last}",
    LaterMovements { later, from, as_of } =>
        " ({later} later movements, from {from}, are dated after {as_of} and wait for the next bundle)"
        / "（其后 {later} 条台账记录自 {from} 起，日期晚于 {as_of}，留待下一个数据包）",
    /// `movements`: [`CliBundleMsg::Movements`] or [`CliBundleMsg::NoNewMovements`], with
    /// [`CliBundleMsg::LaterMovements`] where some wait.
    BundleWritten { dir, code, name, as_of, movements, sha256 } =>
        "wrote bundle {dir} for {code} {name} as of {as_of}: {movements}; manifest SHA-256 {sha256}"
        / "已写入数据包 {dir}（{code} {name}，截至 {as_of}）：{movements}；清单 SHA-256 {sha256}",
}}
