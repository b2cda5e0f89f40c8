//! Errors a user meets at the command line that the library says in English only, in Chinese:
//! what a stop (Ctrl+C) left behind. Others keep the library's own Chinese (the database's
//! errors: [`depot_service::store::StoreError::zh`]).

use depot_service::Error;

/// `e` in Chinese, where the command line has its words.
pub(super) fn error_zh(e: &Error) -> String {
    match e {
        Error::Interrupted(outcome) => format!("已中止：{}", stopped_zh(outcome)),
        _ => e.zh(),
    }
}

/// What a stop between two bundles leaves behind.
pub(super) const NOT_INGESTED: &str =
    "the bundles said to be ingested above are in; the one being checked and the rest are not";

/// What a stop left behind, in Chinese.
fn stopped_zh(outcome: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        (
            depot_service::export::csv::NOT_EXPORTED,
            "导出已停止；未写入任何文件",
        ),
        (
            depot_service::backup::NOT_BACKED_UP,
            "备份已停止；未写入任何文件",
        ),
        (
            depot_service::backup::NOT_RESTORED,
            "未恢复任何内容；数据库保持原样",
        ),
        (
            depot_service::import::NOT_IMPORTED,
            "未导入任何内容；数据库保持原样",
        ),
        (
            super::workflow::SCAN_STOPPED,
            "每个答复 OK 的扫码都已落盘；其余均未处理",
        ),
        (
            NOT_INGESTED,
            "上面显示已导入的数据包均已导入；正在核验的那个及其余的均未导入",
        ),
        (
            depot_service::hq::verify::NOT_VERIFIED,
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

#[cfg(test)]
mod tests {
    use super::*;
    use depot_service::store::StoreError;

    #[test]
    fn the_common_database_errors_are_said_in_chinese() {
        let p = std::path::PathBuf::from("x.redb");
        let e = Error::Store(StoreError::Missing(p.clone()));
        assert_eq!(
            error_zh(&e),
            "x.redb 处没有数据库；请用 `depot init`（或 `depot init --sample`）新建"
        );
        // The terminal UI, which says `e.zh()`, reads them in Chinese too.
        assert_eq!(e.zh(), error_zh(&e));
        let e = Error::Store(StoreError::AlreadyOpen(p));
        assert!(error_zh(&e).starts_with("数据库已被另一个程序打开"));
        assert!(e.zh().starts_with("数据库已被另一个程序打开"));
        assert_eq!(error_zh(&Error::NoOperator), Error::NoOperator.zh());
    }
}
