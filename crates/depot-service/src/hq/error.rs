//! Why headquarters refuses a bundle, in words that say which check failed and what to do, in
//! English and in Chinese.

use depot_exchange::bundle::BundleError;

/// A bundle headquarters refuses. Nothing of it was kept.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{dir}: {source}")]
    Bundle { dir: String, source: BundleError },
    #[error(
        "{dir}: {file} lists {found} where a bundle of schema version {version} has {expected}: the bundle was made by another program or edited; ask the depot for a new one"
    )]
    Files {
        dir: String,
        file: &'static str,
        version: u32,
        found: String,
        expected: String,
    },
    #[error(
        "{dir}: depot {code} ({name}) is not enrolled here; its key's fingerprint is {fingerprint}. Compare it with the one the depot gave you (by phone or on paper), then enrol it with `depot hq ingest --trust-new DIR` or `depot hq enrol {code} --public-key KEY`"
    )]
    UnknownDepot {
        dir: String,
        code: String,
        name: String,
        fingerprint: String,
    },
    #[error(
        "{dir}: the bundle names depot {code}, but its key is the one enrolled for depot {other}: the depot's code changed (its top unit renamed), or two depots share a key. Ask the depot; to take it as a depot of its own, enrol it on purpose with `depot hq enrol {code} --public-key KEY`"
    )]
    KeyOfAnother {
        dir: String,
        code: String,
        other: String,
    },
    #[error(
        "{dir}: the bundle of depot {code} is signed with key {found}, but the depot is enrolled with key {enrolled}: someone else signed it, or the depot made a new key. Ask the depot: if it replaced its key, enrol the new one with `depot hq enrol {code} --public-key KEY --replace`"
    )]
    WrongKey {
        dir: String,
        code: String,
        found: String,
        enrolled: String,
    },
    #[error(
        "{dir}: movements {from} to {to} of depot {code} are missing: headquarters holds up to {held}, and this bundle starts at {first}. Ingest the bundle(s) before it first, or ask the depot for a full bundle (`depot export bundle --full --out DIR`)"
    )]
    SkippedMovements {
        dir: String,
        code: String,
        held: u64,
        first: u64,
        from: u64,
        to: u64,
    },
    #[error(
        "{dir}: the bundle of depot {code} follows a bundle headquarters never received (manifest SHA-256 {previous}); it carried no movements, so none are missing. Ingest that bundle first, or ask the depot for a full bundle (`depot export bundle --full --out DIR`)"
    )]
    SkippedRound {
        dir: String,
        code: String,
        previous: String,
    },
    #[error(
        "{dir}: the bundle of depot {code} (movements {first} to {last}, as of {as_of}) is older than what headquarters holds (up to movement {held}, as of {held_as_of}): it arrived out of order and adds nothing; nothing to do"
    )]
    Older {
        dir: String,
        code: String,
        first: u64,
        last: u64,
        as_of: String,
        held: u64,
        held_as_of: String,
    },
    #[error(
        "{dir}: the ledger of depot {code} forks from what headquarters holds at movement {seq}: the depot's ledger was rewritten or restored from an old backup. Nothing was ingested; ask the depot to run `depot verify` and call headquarters"
    )]
    Fork { dir: String, code: String, seq: u64 },
    #[error(
        "{dir}: movements.csv line {line} (movement {seq}): {what}; the depot's ledger is damaged: ask the depot to run `depot verify`"
    )]
    BadChain {
        dir: String,
        line: u64,
        seq: u64,
        what: String,
    },
}

impl Refusal {
    /// The folder of the bundle refused.
    pub fn dir(&self) -> &str {
        match self {
            Refusal::Bundle { dir, .. }
            | Refusal::Files { dir, .. }
            | Refusal::UnknownDepot { dir, .. }
            | Refusal::WrongKey { dir, .. }
            | Refusal::KeyOfAnother { dir, .. }
            | Refusal::SkippedMovements { dir, .. }
            | Refusal::SkippedRound { dir, .. }
            | Refusal::Older { dir, .. }
            | Refusal::Fork { dir, .. }
            | Refusal::BadChain { dir, .. } => dir,
        }
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Refusal::Bundle { dir, source } => format!("{dir}：{}", bundle_zh(source)),
            Refusal::Files {
                dir,
                file,
                version,
                found,
                expected,
            } => format!(
                "{dir}：{file} 列出的是 {found}，而第 {version} 版数据包应为 {expected}：数据包由其他程序生成或被修改过；请向该库索取新的数据包"
            ),
            Refusal::UnknownDepot {
                dir,
                code,
                name,
                fingerprint,
            } => format!(
                "{dir}：库 {code}（{name}）尚未在总部登记；其密钥指纹为 {fingerprint}。请与该库（电话或书面）提供的指纹核对无误后，用 `depot hq ingest --trust-new 目录` 或 `depot hq enrol {code} --public-key 公钥` 登记"
            ),
            Refusal::KeyOfAnother { dir, code, other } => format!(
                "{dir}：数据包写的是库 {code}，但其密钥是已登记的库 {other} 的：该库的代码改了（顶级单位改名），或两个库共用一把密钥。请与该库核实；如确作为另一个库接收，请用 `depot hq enrol {code} --public-key 公钥` 专门登记"
            ),
            Refusal::WrongKey {
                dir,
                code,
                found,
                enrolled,
            } => format!(
                "{dir}：库 {code} 的数据包由密钥 {found} 签名，但该库登记的密钥是 {enrolled}：可能是他人签名，或该库换了新密钥。请与该库核实；如确已更换密钥，用 `depot hq enrol {code} --public-key 公钥 --replace` 登记新密钥"
            ),
            Refusal::SkippedMovements {
                dir,
                code,
                held,
                first,
                from,
                to,
            } => format!(
                "{dir}：缺少库 {code} 的第 {from} 至 {to} 条流水：总部已有至第 {held} 条，而本数据包从第 {first} 条开始。请先导入之前的数据包，或请该库导出完整数据包（`depot export bundle --full --out 目录`）"
            ),
            Refusal::SkippedRound {
                dir,
                code,
                previous,
            } => format!(
                "{dir}：库 {code} 的本数据包接在一个总部从未收到的数据包之后（清单 SHA-256 {previous}）；那个数据包没有流水，因此流水并未缺失。请先导入那个数据包，或请该库导出完整数据包（`depot export bundle --full --out 目录`）"
            ),
            Refusal::Older {
                dir,
                code,
                first,
                last,
                as_of,
                held,
                held_as_of,
            } => format!(
                "{dir}：库 {code} 的本数据包（第 {first} 至 {last} 条流水，截至 {as_of}）比总部已有的（至第 {held} 条，截至 {held_as_of}）更旧：它到得晚了，没有新内容；无需处理"
            ),
            Refusal::Fork { dir, code, seq } => format!(
                "{dir}：库 {code} 的流水在第 {seq} 条与总部所存的分叉：该库的流水被改写过，或从旧备份恢复过。未导入任何内容；请该库运行 `depot verify` 并联系总部"
            ),
            Refusal::BadChain {
                dir,
                line,
                seq,
                what,
            } => format!(
                "{dir}：movements.csv 第 {line} 行（第 {seq} 条流水）：{what}；该库的流水已损坏：请该库运行 `depot verify`"
            ),
        }
    }
}

/// A bundle's own check, in Chinese.
pub fn bundle_zh(e: &BundleError) -> String {
    use depot_exchange::bundle::manifest::{OLDEST_VERSION, SCHEMA_VERSION};
    match e {
        BundleError::Io { path, source } => {
            if source.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "找不到 {path}：这不是完整的数据包文件夹；请检查路径，或向该库索取新的数据包"
                )
            } else {
                format!("无法读取 {path}：{source}")
            }
        }
        BundleError::Malformed(what) => format!(
            "manifest.json 不是第 {OLDEST_VERSION} 至 {SCHEMA_VERSION} 版数据包清单：{what}；数据包已损坏或被修改：请向该库索取新的数据包"
        ),
        BundleError::SchemaVersion { found } => format!(
            "数据包的格式版本为 {found}，本程序只能读取第 {OLDEST_VERSION} 至 {SCHEMA_VERSION} 版；请升级 depot 后再导入"
        ),
        BundleError::BadSignature => {
            "manifest.json 的签名与其公钥不符：清单在签名后被修改过；请向该库索取新的数据包"
                .to_owned()
        }
        BundleError::FileChanged { file, what } => format!(
            "{file} 与清单不符（{}）：文件在传递途中被修改或截断；请向该库索取新的数据包",
            changed_zh(what)
        ),
    }
}

/// The detail of a changed file, in Chinese where it is one of ours.
fn changed_zh(what: &str) -> String {
    if what == "its SHA-256 differs" {
        return "SHA-256 不同".to_owned();
    }
    if let Some((found, said)) = what.split_once(" rows, the manifest says ") {
        return format!("有 {found} 行，清单写的是 {said} 行");
    }
    what.to_owned()
}
