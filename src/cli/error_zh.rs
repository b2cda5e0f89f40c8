//! Errors a user meets at the command line that the library says in English only, in Chinese:
//! the database's (the file is missing, open elsewhere, not a depot database, of another
//! version, damaged, on a full disk) and what a stop (Ctrl+C) left behind. Others keep the
//! library's own Chinese, else their English.

use crate::Error;
use crate::store::StoreError;

/// `e` in Chinese, where the command line has its words.
pub(super) fn error_zh(e: &Error) -> String {
    match e {
        Error::Store(s) => store_zh(s).unwrap_or_else(|| e.zh()),
        Error::Interrupted(outcome) => format!("已中止：{}", stopped_zh(outcome)),
        _ => e.zh(),
    }
}

/// What a stop left behind, in Chinese.
fn stopped_zh(outcome: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            crate::exchange::export::NOT_EXPORTED,
            "导出已停止；未写入任何文件",
        ),
        (
            crate::service::backup::NOT_BACKED_UP,
            "备份已停止；未写入任何文件",
        ),
        (
            crate::service::backup::NOT_RESTORED,
            "未恢复任何内容；数据库保持原样",
        ),
        (
            crate::service::import::NOT_IMPORTED,
            "未导入任何内容；数据库保持原样",
        ),
        (
            super::workflow::SCAN_STOPPED,
            "每个答复 OK 的扫码都已落盘；其余均未处理",
        ),
        (
            super::hq::NOT_INGESTED,
            "上面显示已导入的数据包均已导入；正在核验的那个及其余的均未导入",
        ),
        (
            crate::service::hq::verify::NOT_VERIFIED,
            "未作任何改动；核验未完成",
        ),
        (
            super::register::EXPORT_TO_STDOUT_STOPPED,
            "导出已停止；写到标准输出的内容不完整",
        ),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| *en == outcome)
        .map_or_else(|| outcome.to_owned(), |(_, zh)| (*zh).to_owned())
}

fn store_zh(e: &StoreError) -> Option<String> {
    Some(match e {
        StoreError::AlreadyOpen(p) => format!(
            "数据库已被另一个程序打开（{}）；请先关闭那个程序（同一时间只能有一个程序使用 depot 数据库文件；多个终端同时使用需要 PostgreSQL）",
            p.display()
        ),
        StoreError::NotDepot(p) => format!(
            "{} 不是 depot 数据库（不是 redb 文件，或由其他程序写入）；请检查 --db 或 DEPOT_DB 给出的路径",
            p.display()
        ),
        StoreError::Empty(p) => format!(
            "{} 是空文件（0 字节），其中没有数据库（复制失败，或初始化未完成）；请恢复备份（`depot restore 文件`），或删除它后运行 `depot init`",
            p.display()
        ),
        StoreError::IsDirectory(p) => format!(
            "{0} 是文件夹，不是数据库文件；请用 --db 或 DEPOT_DB 给出数据库文件的路径（如 {0}/depot.redb）",
            p.display()
        ),
        StoreError::Missing(p) => format!(
            "{} 处没有数据库；请用 `depot init`（或 `depot init --sample`）新建",
            p.display()
        ),
        StoreError::NewerSchema { path, found, known } => format!(
            "{} 由更新版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）；请使用更新版本的 depot",
            path.display()
        ),
        StoreError::OlderSchema { path, found, known } => format!(
            "{} 由旧版本的 depot 写入（数据结构版本 {found}；本程序为 {known}）；请用那个版本导出其资产与批次，再导入新数据库（`depot init`，然后 `depot import`）",
            path.display()
        ),
        StoreError::Damaged { path, detail } => format!(
            "{} 已损坏（{}）；depot 未改动它：请用备份恢复（`depot restore 文件`），并保留损坏的文件以供检查",
            path.display(),
            if detail == crate::store::error::TRUNCATED {
                "文件在其文件头所说的长度之前就结束了（被截断）".to_owned()
            } else {
                format!("`{detail}`")
            }
        ),
        StoreError::Io { path, source } => format!(
            "无法读写 {}：{}",
            path.display(),
            crate::exchange::error::io_zh(source)
        ),
        StoreError::Unsure { path, source } => format!(
            "保存到 {} 时磁盘报告错误（{}）：此次操作可能已保存，也可能没有，depot 不再写入。请关闭 depot，检查磁盘后重新启动：登记簿会显示它是否已保存",
            path.display(),
            crate::exchange::error::io_zh(source)
        ),
        StoreError::LegacyLog { db, log, reason } => format!(
            "{} 中有早期 depot 的预写日志，与 {} 不符（`{reason}`）；depot 未改动这两个文件：如果您用备份替换了数据库，请把 -wal 文件移走后再打开",
            log.display(),
            db.display()
        ),
        StoreError::Corrupt { table, key, reason } => format!(
            "数据库已损坏：表 `{table}`，键 '{key}'：`{reason}`；请运行 `depot verify`，并用备份恢复（`depot restore 文件`）"
        ),
        StoreError::Db(detail) => format!("数据库错误（`{detail}`）"),
        StoreError::DiskFull(p) => format!(
            "磁盘已满：depot 无法写入 {}；此次操作未保存任何内容。请清理该磁盘上的空间（旧的导出、备份、标签）后重试",
            p.display()
        ),
        StoreError::ReadOnly(p) => format!("{} 以只读方式打开", p.display()),
        StoreError::Said { zh, .. } => zh.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_database_errors_are_said_in_chinese() {
        let p = std::path::PathBuf::from("x.redb");
        let e = Error::Store(StoreError::Missing(p.clone()));
        assert_eq!(
            error_zh(&e),
            "x.redb 处没有数据库；请用 `depot init`（或 `depot init --sample`）新建"
        );
        let e = Error::Store(StoreError::AlreadyOpen(p));
        assert!(error_zh(&e).starts_with("数据库已被另一个程序打开"));
        assert_eq!(error_zh(&Error::NoOperator), Error::NoOperator.zh());
    }
}
