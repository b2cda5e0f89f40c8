//! Errors said in Chinese at the command line: the library's own Chinese, from the message
//! catalogue (`depot_domain::msg`), for every error, a stop's outcome among them.

use depot_service::Error;

/// `e` in Chinese.
pub(super) fn error_zh(e: &Error) -> String {
    e.zh()
}

#[cfg(test)]
mod tests {
    use super::*;
    use depot_domain::msg::service::ServiceMsg;
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

    /// Every stop says what it left behind in the reader's language: a bundle export's stop
    /// was said in English under Chinese before the catalogue held it.
    #[test]
    fn every_stop_is_said_in_chinese() {
        for outcome in [
            depot_service::bundle::NOT_BUNDLED,
            depot_service::import::NOT_IMPORTED,
            depot_service::backup::NOT_BACKED_UP,
            ServiceMsg::ScanStopped,
        ] {
            let zh = error_zh(&Error::Interrupted(outcome.clone()));
            let left = zh.strip_prefix("已中止：").expect("a stop says so first");
            assert!(depot_domain::msg::has_han(left), "{zh}");
            assert_eq!(
                zh,
                format!("已中止：{}", outcome.say(depot_domain::Lang::Zh))
            );
        }
    }
}
