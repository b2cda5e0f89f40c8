//! What headquarters' check can find wrong with a depot's bundles, and what to do about it,
//! in both languages.

/// What is wrong with something headquarters holds of a depot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A held movement's hash is not the one its text and prev_hash give.
    Hash { seq: u64 },
    /// A held movement's prev_hash is not the hash of the one before it.
    Link { seq: u64 },
    /// Movements `from..=to` are missing from the held ledger.
    Missing { from: u64, to: u64 },
    /// A movement after the last one recorded is held.
    Extra { seq: u64 },
    /// The last held movement's hash is not the head hash recorded for the depot.
    Head { seq: u64 },
    /// A kept manifest: the bundle as of `as_of` whose manifest hashed to `sha256`.
    Manifest {
        as_of: String,
        sha256: String,
        what: ManifestFault,
    },
    /// The manifest of the last bundle recorded is not kept.
    NoLastManifest { sha256: String },
    /// A kept snapshot file: missing, or not the bytes the last manifest lists.
    File { name: &'static str, missing: bool },
}

/// What is wrong with a kept manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ManifestFault {
    /// Its bytes are not the ones ingested.
    Changed,
    /// It does not read as a manifest.
    Unreadable(String),
    /// It reads, but names another depot or other seqs than recorded.
    Differs,
    /// Its signature does not verify with its own key.
    Signature,
    /// Its key is not one headquarters trusted for the depot.
    Key { fingerprint: String },
}

const RESTORE_EN: &str = "restore the headquarters database from a backup (`depot restore FILE`) and keep this one for inspection";

const RESTORE_ZH: &str = "请用备份恢复总部数据库（`depot restore 文件`），并保留此数据库以供检查";

impl Problem {
    /// The problem, naming the depot, and what to do.
    pub fn en(&self, depot: &str) -> String {
        let altered = "headquarters' copy of its ledger was altered after it was ingested";
        match self {
            Problem::Hash { seq } => format!(
                "depot {depot}, movement {seq}: its hash is not the one its columns and prev_hash give: {altered}; {RESTORE_EN}"
            ),
            Problem::Link { seq } => format!(
                "depot {depot}, movement {seq}: its prev_hash is not the hash of movement {}: {altered}; {RESTORE_EN}",
                seq - 1
            ),
            Problem::Missing { from, to } => format!(
                "depot {depot}, movements {from} to {to}: missing from the held ledger: {altered}; {RESTORE_EN}"
            ),
            Problem::Extra { seq } => format!(
                "depot {depot}, movement {seq}: held, though the last bundle ingested ends before it: {altered}; {RESTORE_EN}"
            ),
            Problem::Head { seq } => format!(
                "depot {depot}, movement {seq}: its hash is not the head hash recorded from the last bundle: {altered}; {RESTORE_EN}"
            ),
            Problem::Manifest {
                as_of,
                sha256,
                what,
            } => {
                let what = match what {
                    ManifestFault::Changed => {
                        "its bytes are not the ones ingested (their SHA-256 differs)".to_owned()
                    }
                    ManifestFault::Unreadable(e) => format!("it does not read as a manifest ({e})"),
                    ManifestFault::Differs => {
                        "it names another depot or other movements than headquarters recorded"
                            .to_owned()
                    }
                    ManifestFault::Signature => {
                        "its signature does not verify with the key it carries".to_owned()
                    }
                    ManifestFault::Key { fingerprint } => format!(
                        "it is signed with key {fingerprint}, which was never enrolled for the depot here, and no later bundle names it"
                    ),
                };
                format!(
                    "depot {depot}, manifest.json of the bundle as of {as_of} (SHA-256 {}): {what}; {RESTORE_EN}",
                    short(sha256)
                )
            }
            Problem::NoLastManifest { sha256 } => format!(
                "depot {depot}: the manifest of its last bundle (SHA-256 {}) is not kept; {RESTORE_EN}",
                short(sha256)
            ),
            Problem::File {
                name,
                missing: true,
            } => format!(
                "depot {depot}, {name}: not kept, though its last bundle listed it; {RESTORE_EN}, or ingest the depot's next bundle, which replaces it"
            ),
            Problem::File { name, .. } => format!(
                "depot {depot}, {name}: its SHA-256 is not the one the last manifest lists: the kept file was altered; {RESTORE_EN}, or ingest the depot's next bundle, which replaces it"
            ),
        }
    }

    /// The problem in Chinese.
    pub fn zh(&self, depot: &str) -> String {
        let altered = "总部所存的该库流水在导入后被改动过";
        match self {
            Problem::Hash { seq } => format!(
                "库 {depot}，第 {seq} 条流水：其哈希与其各列及 prev_hash 算出的不符：{altered}；{RESTORE_ZH}"
            ),
            Problem::Link { seq } => format!(
                "库 {depot}，第 {seq} 条流水：其 prev_hash 不是第 {} 条的哈希：{altered}；{RESTORE_ZH}",
                seq - 1
            ),
            Problem::Missing { from, to } => format!(
                "库 {depot}，第 {from} 至 {to} 条流水：总部所存流水中缺失：{altered}；{RESTORE_ZH}"
            ),
            Problem::Extra { seq } => format!(
                "库 {depot}，第 {seq} 条流水：最近导入的数据包在它之前就已结束，总部却存有此条：{altered}；{RESTORE_ZH}"
            ),
            Problem::Head { seq } => format!(
                "库 {depot}，第 {seq} 条流水：其哈希不是最近数据包记下的末条哈希：{altered}；{RESTORE_ZH}"
            ),
            Problem::Manifest {
                as_of,
                sha256,
                what,
            } => {
                let what = match what {
                    ManifestFault::Changed => "其内容不是导入时的内容（SHA-256 不同）".to_owned(),
                    ManifestFault::Unreadable(e) => format!("无法作为清单读取（{e}）"),
                    ManifestFault::Differs => "其所写的库或流水与总部记录的不符".to_owned(),
                    ManifestFault::Signature => "其签名与其所带的公钥不符".to_owned(),
                    ManifestFault::Key { fingerprint } => format!(
                        "由密钥 {fingerprint} 签名，该密钥从未在总部为该库登记，也没有后来的数据包指向它"
                    ),
                };
                format!(
                    "库 {depot}，截至 {as_of} 的数据包的 manifest.json（SHA-256 {}）：{what}；{RESTORE_ZH}",
                    short(sha256)
                )
            }
            Problem::NoLastManifest { sha256 } => format!(
                "库 {depot}：最近数据包的清单（SHA-256 {}）未保存；{RESTORE_ZH}",
                short(sha256)
            ),
            Problem::File {
                name,
                missing: true,
            } => format!(
                "库 {depot}，{name}：最近的数据包列有此文件，总部却未保存；{RESTORE_ZH}，或导入该库的下一个数据包（它会替换此文件）"
            ),
            Problem::File { name, .. } => format!(
                "库 {depot}，{name}：其 SHA-256 与最近清单所列的不符：所存文件被改动过；{RESTORE_ZH}，或导入该库的下一个数据包（它会替换此文件）"
            ),
        }
    }
}

fn short(sha: &str) -> &str {
    sha.get(..16).unwrap_or(sha)
}
