//! What the command line (`depot …`) says: one table per group of commands, and here the
//! sentences of the whole program (an error, a panic, a value on the command line that is
//! not one). Its `--help` in Chinese and clap's own errors in Chinese are tables of their own,
//! beside the clap definitions they translate (src/cli/help_zh.rs, src/cli/parse_zh.rs).

pub mod access;
pub mod backup;
pub mod bundle;
pub mod hq;
pub mod label;
pub mod notify;
pub mod register;
pub mod words;
pub mod workflow;

crate::catalogue! { CliMsg {
    /// An error, said in the reader's language.
    Error { error } => "error: {error}" / "错误：{error}",
    /// A warning, said in the reader's language.
    Warning { warning } => "warning: {warning}" / "警告：{warning}",
    DamagedFile { what } =>
        "error: the database file is damaged: the storage engine stopped on a page that cannot be ({what}); nothing more was written. Restore it from a backup (`depot restore FILE`) and keep the damaged file for inspection"
        / "错误：数据库文件已损坏：存储引擎停在一个不可能存在的页上（{what}）；此后未再写入。请用备份恢复（`depot restore 文件`），并保留损坏的文件以供检查",
    InternalError { what, at } =>
        "error: depot stopped on an internal error (a bug, not your data): {what} at {at}; every action answered before it is on disk; please report this message"
        / "错误：depot 因内部错误停止（程序缺陷，不是您的数据有问题）：{what}，位置 {at}；此前已答复的每项操作都已落盘；请报告这条消息",
    CheckingUncleanDatabase { db } =>
        "{db} was not closed cleanly (a power cut or a stopped program); checking it before use"
        / "{db} 上次未正常关闭（断电或程序被终止）；使用前正在检查",
    TuiNeedsTerminal =>
        "the terminal UI needs a terminal; run `depot tui` in one (the other commands work anywhere: see --help)"
        / "终端界面需要在终端中运行：请在终端里执行 `depot tui`（其他命令在任何地方都可运行：见 --help）",
    // The arguments a value parser refuses. Under English the command line gives the parser's
    // own reason; these are what it says under Chinese, and what they mean in English.
    NotAQuantity { given } =>
        "'{given}' is not a quantity: expected a number such as 12 or 2.5"
        / "'{given}' 不是数量：应为 12 或 2.5 这样的数",
    NotADate { given } =>
        "'{given}' is not a date: expected YEAR-MONTH-DAY, e.g. 2026-05-01"
        / "'{given}' 不是日期：应为 年-月-日，如 2026-05-01",
    /// `what` and `expected` are [`words::T`]'s names of the kind and of its values.
    UnknownName { what, given, expected } =>
        "unknown {what} '{given}': expected {expected}"
        / "未知的{what} '{given}'：应为 {expected}",
    NotABudget { given } =>
        "'{given}' is not a budget: expected YEAR=AMOUNT, e.g. 2026=5000000"
        / "'{given}' 不是预算：应为 年份=金额，如 2026=5000000",
    NotAShare { given } =>
        "'{given}' is not a share: expected a number above 0 and at most 1, e.g. 0.25"
        / "'{given}' 不是比例：应为大于 0、不超过 1 的数，如 0.25",
    NotPositive { given } =>
        "'{given}' is not a number above 0, e.g. 1.3 or 60"
        / "'{given}' 不是大于 0 的数，如 1.3 或 60",
    NotDegrees { given } =>
        "'{given}' is not in decimal degrees: latitude -90 to 90, longitude -180 to 180 (WGS-84), e.g. 30.27 120.15"
        / "'{given}' 不是十进制度数：纬度 -90 到 90，经度 -180 到 180（WGS-84），如 30.27 120.15",
    Located { code, lat, lon } =>
        "{code} is at {lat}, {lon}"
        / "{code} 位置已设为 纬度 {lat}、经度 {lon}",
    LocatedAlready { code, lat, lon } =>
        "{code} was at {lat}, {lon} already"
        / "{code} 位置本已是 纬度 {lat}、经度 {lon}",
}}

/// `(key, English, Chinese)` of every message of the command line's tables, arguments as
/// `⟨name⟩`: the catalogue's tests.
#[cfg(test)]
pub(super) fn samples() -> Vec<(String, String, String)> {
    use crate::Lang;
    fn of<M>(
        table: &str,
        all: Vec<M>,
        key: fn(&M) -> &'static str,
        say: fn(&M, Lang) -> String,
    ) -> Vec<(String, String, String)> {
        all.iter()
            .map(|m| {
                (
                    format!("cli.{table}.{}", key(m)),
                    say(m, Lang::En),
                    say(m, Lang::Zh),
                )
            })
            .collect()
    }
    let mut all: Vec<(String, String, String)> = words::T::ALL
        .iter()
        .map(|t| {
            (
                format!("cli.words.{t:?}"),
                t.get(Lang::En).to_owned(),
                t.get(Lang::Zh).to_owned(),
            )
        })
        .collect();
    all.extend(of("program", CliMsg::samples(), CliMsg::key, CliMsg::say));
    all.extend(of(
        "access",
        access::CliAccessMsg::samples(),
        access::CliAccessMsg::key,
        access::CliAccessMsg::say,
    ));
    all.extend(of(
        "backup",
        backup::CliBackupMsg::samples(),
        backup::CliBackupMsg::key,
        backup::CliBackupMsg::say,
    ));
    all.extend(of(
        "bundle",
        bundle::CliBundleMsg::samples(),
        bundle::CliBundleMsg::key,
        bundle::CliBundleMsg::say,
    ));
    all.extend(of(
        "hq",
        hq::CliHqMsg::samples(),
        hq::CliHqMsg::key,
        hq::CliHqMsg::say,
    ));
    all.extend(of(
        "notify",
        notify::CliNotifyMsg::samples(),
        notify::CliNotifyMsg::key,
        notify::CliNotifyMsg::say,
    ));
    all.extend(of(
        "label",
        label::CliLabelMsg::samples(),
        label::CliLabelMsg::key,
        label::CliLabelMsg::say,
    ));
    all.extend(of(
        "label_print",
        label::CliPrintMsg::samples(),
        label::CliPrintMsg::key,
        label::CliPrintMsg::say,
    ));
    all.extend(of(
        "register",
        register::CliRegisterMsg::samples(),
        register::CliRegisterMsg::key,
        register::CliRegisterMsg::say,
    ));
    all.extend(of(
        "workflow",
        workflow::CliWorkflowMsg::samples(),
        workflow::CliWorkflowMsg::key,
        workflow::CliWorkflowMsg::say,
    ));
    all
}
