//! `depot --help` and every command's own `--help` in Chinese, under `--lang zh` or a Chinese
//! locale: tables of translations laid over the clap command built from the English doc
//! comments (the program, every command's line, every option and argument with its value's
//! name, clap's own words); clap's unicode widths keep the columns aligned. Usage lines are
//! rendered by clap and their placeholders put in Chinese. clap's parse errors are in
//! [`super::parse_zh`].

mod args;
mod label;
mod notify;

use clap::{Arg, Command};

use args::{ARGS, SUBCOMMANDS, VALUE_NAMES};
use label::LABEL_ARGS;
use notify::{NOTIFY_ARGS, NOTIFY_SUBCOMMANDS};

/// The program, then each command's one line, by name.
const COMMANDS: &[(&str, &str)] = &[
    ("", "消防救援装备与战略储备物资管理"),
    ("tui", "终端界面（不带命令的 `depot` 亦同）"),
    ("init", "新建数据库（加 --sample：装入示例支队）"),
    ("demo", "若无 demo.redb 则由示例生成，然后打开它"),
    (
        "import",
        "导入交换文件：`depot import 目录`、`depot import 种类 文件`（CSV 或工作簿）、`depot import defaults`（`schemas/` 中随附的模块、标准与目标），或按原样导入台账：`depot import register 台账.xlsx`",
    ),
    (
        "export",
        "导出 CSV 或 xlsx：库存、资产、批次、台账记录、完好率或更新计划；或为总部导出签名的数据包（`export bundle --out 目录`）",
    ),
    ("key", "本库为数据包签名的密钥：`key init`、`key show`"),
    (
        "hq",
        "总部：登记各库、导入其数据包、列出各库、核验所存内容（`hq ingest 目录...`）",
    ),
    (
        "verify",
        "重算台账的哈希链，并逐一核对资产与批次与其记录是否相符",
    ),
    ("status", "登记簿中各类数目"),
    ("backup", "从一致的快照将数据库复制到指定文件，并校验副本"),
    ("restore", "以备份替换数据库（先校验；被替换的文件保留）"),
    (
        "migrate",
        "将整个仓库复制到另一个数据库（文件或 postgres:// 地址，任一引擎）并校验副本；本库只读",
    ),
    ("checkout", "将资产（或器材箱）借出至单位、车辆或灾情现场"),
    (
        "checkin",
        "归还资产（或器材箱）：归其所属单位，或入指定仓库",
    ),
    (
        "transfer",
        "调拨资产、批次、批次的一部分（拆为新批次）或器材箱，永久转移",
    ),
    (
        "ship",
        "把装备发运到另一个库，或借出（--return-by），附带随货同行的签名发运单文件夹",
    ),
    (
        "receive-shipment",
        "签收另一个库的发运单（签名文件夹），按随货找到的条码清点，并写出寄回的签名签收单",
    ),
    (
        "receive-receipt",
        "采用接收库寄回的本库发运单的签名签收单，结清该发运单",
    ),
    ("issue", "从批次中发放一定数量至灾情现场"),
    ("receive", "接收新批次；输出其条码"),
    ("inspect", "记录一次检查（重新计算检查周期）"),
    ("repair", "送修资产或修毕返回"),
    ("writeoff", "报废资产或批次的一部分数量（限管理员）"),
    ("kit", "器材箱：装有资产与批次数量、带条码的箱子"),
    ("count", "盘点"),
    ("scan", "从标准输入逐行读取条码，每个条码落盘后即答复"),
    ("operator", "操作员及其角色"),
    ("audit", "审计日志：被拒的操作与操作员变更"),
    (
        "report",
        "报表：完好率、目标、缺口、更新计划、检查或到期；总部：分库报表（`--by depot`）与未按时报送的库（`stale`）",
    ),
    (
        "digest",
        "待办摘要：借出逾期、待检与到期批次、未满足的标准条目、未达成的目标、未按时报送的库；按负责处理的一方分列",
    ),
    (
        "notify",
        "待办摘要发给谁：按角色或单位登记的收件方，经邮件或 webhook 发送",
    ),
    (
        "place",
        "地点：单位或储备库的位置（`place locate 代码 纬度 经度`），用于应急响应圈",
    ),
    (
        "label",
        "打印标签：每个条码一个 SVG 或 PNG 文件，或为标签打印机生成 `zpl`、`tspl` 打印任务（文件、`tcp://主机:端口` 或 `lp:队列`）；--calibrate 校准打印机",
    ),
    (
        "labels",
        "为一个单位或仓库所持的全部物资打印 A4 标签页，或发往标签打印机",
    ),
    ("help", "显示本帮助，或所给命令的帮助"),
];

/// The global options and clap's own flags, by id.
const OPTIONS: &[(&str, &str)] = &[
    (
        "db",
        "数据库：redb 文件，或 postgres:// 地址（环境变量 DEPOT_DB；默认 depot.redb）",
    ),
    (
        "operator",
        "由谁进行更改（记入每条记录；环境变量 DEPOT_OPERATOR）",
    ),
    (
        "lang",
        "语言：`zh` 或 `en`。终端界面依区域设置，否则中文；其他命令的答复与错误依区域设置，否则英文",
    ),
    ("help", "显示帮助"),
    ("version", "显示版本"),
];

/// The options' value names, by id.
const VALUES: &[(&str, &str)] = &[("db", "文件或地址"), ("operator", "姓名"), ("lang", "语言")];

fn zh(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The Chinese line of the inner command at `path` (`count close` …).
fn subcommand_zh(path: &str) -> Option<&'static str> {
    zh(SUBCOMMANDS, path).or_else(|| zh(NOTIFY_SUBCOMMANDS, path))
}

/// The layout of every help page: clap's default with its words in Chinese.
const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `cmd` (the built top-level command) with its help, and every command's, in Chinese.
pub fn translate(mut cmd: Command) -> Command {
    cmd.build();
    if let Some(about) = zh(COMMANDS, "") {
        cmd = cmd.about(about).long_about(None);
    }
    tree(cmd, "")
}

/// `cmd`, at `path` (`""` for the top level, `count close` …), and the commands inside it.
fn tree(mut cmd: Command, path: &str) -> Command {
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = arg_zh(path, &id)
            .map(|(help, _)| help)
            .or_else(|| zh(OPTIONS, &id));
        let value = arg_zh(path, &id)
            .and_then(|(_, v)| v)
            .or_else(|| zh(VALUES, &id))
            .or_else(|| zh(VALUE_NAMES, &id));
        cmd = cmd.mut_arg(id, |a| arg(a, help, value));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let inner = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        let about = if path.is_empty() || name == "help" {
            zh(COMMANDS, &name)
        } else {
            subcommand_zh(&inner)
        };
        cmd = cmd.mut_subcommand(name, |s| {
            let s = match about {
                Some(about) => s.about(about).long_about(None),
                None => s,
            };
            tree(s, &inner)
        });
    }
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    cmd.override_usage(placeholders(usage))
}

/// A usage line with clap's placeholders in Chinese.
pub(super) fn placeholders(usage: &str) -> String {
    usage
        .replace("[OPTIONS]", "[选项]")
        .replace("[COMMAND]", "[命令]")
        .replace("<COMMAND>", "<命令>")
}

/// The Chinese line and value name of argument `id` of the command at `path`.
fn arg_zh(path: &str, id: &str) -> Option<(&'static str, Option<&'static str>)> {
    ARGS.iter()
        .chain(LABEL_ARGS)
        .chain(NOTIFY_ARGS)
        .find(|(p, i, _, _)| *p == path && *i == id)
        .map(|(_, _, help, value)| (*help, *value))
}

/// `a` with its line in Chinese, its default and possible values said in Chinese after it, and
/// its heading (arguments, options) in Chinese.
fn arg(a: Arg, help: Option<&str>, value: Option<&'static str>) -> Arg {
    let mut line = help.map(str::to_owned).unwrap_or_default();
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_possible_values_set() {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !values.is_empty() {
            line.push_str(&format!(" [可选值：{}]", values.join("、")));
        }
    }
    if takes_values && !a.is_hide_default_value_set() && !a.is_global_set() {
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            line.push_str(&format!(" [默认：{}]", defaults.join("、")));
        }
    }
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let a = a
        .help(line.trim_start().to_owned())
        .long_help(None)
        .hide_env(true)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading);
    match value {
        Some(v) if takes_values => a.value_name(v),
        _ => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command has its line in the table, and the table names no command that is gone.
    #[test]
    fn every_command_has_its_chinese_line() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let names: Vec<&str> = cmd.get_subcommands().map(|s| s.get_name()).collect();
        for n in &names {
            assert!(zh(COMMANDS, n).is_some(), "no Chinese line for `{n}`");
        }
        for (k, _) in COMMANDS.iter().filter(|(k, _)| !k.is_empty()) {
            assert!(names.contains(k), "`{k}` is not a command");
        }
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        for (k, _) in OPTIONS {
            assert!(ids.iter().any(|i| i == k), "`--{k}` is not an option");
        }
    }

    /// Every argument and inner command has its Chinese line, and the tables name none that
    /// is gone.
    #[test]
    fn every_argument_has_its_chinese_line() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut seen = Vec::new();
        walk(&cmd, "", &mut seen);
        for (path, id, _, _) in ARGS.iter().chain(LABEL_ARGS).chain(NOTIFY_ARGS) {
            assert!(
                seen.iter().any(|(p, i)| p == path && i == id),
                "`{path}` has no argument `{id}`"
            );
        }
        for (path, _) in SUBCOMMANDS.iter().chain(NOTIFY_SUBCOMMANDS) {
            assert!(
                seen.iter().any(|(p, _)| p == path),
                "`{path}` is not a command"
            );
        }
    }

    fn walk(cmd: &Command, path: &str, seen: &mut Vec<(String, String)>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if !a.is_global_set() && id != "help" && id != "version" {
                assert!(
                    arg_zh(path, id).is_some(),
                    "no Chinese line for `{path}` `{id}`"
                );
            }
            seen.push((path.to_owned(), id.to_owned()));
        }
        for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let inner = if path.is_empty() {
                s.get_name().to_owned()
            } else {
                format!("{path} {}", s.get_name())
            };
            if !path.is_empty() {
                assert!(
                    subcommand_zh(&inner).is_some(),
                    "no Chinese line for `{inner}`"
                );
            }
            walk(s, &inner, seen);
        }
    }
}
