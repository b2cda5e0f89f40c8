//! `depot --help` in Chinese, under `--lang zh` or a Chinese locale: one table of
//! translations laid over the clap command built from the English doc comments. It covers the
//! top level (the program, every command's one line, the global options and clap's own
//! words); a command's own `--help` is still in English.

use clap::Command;

/// The program, then each command's one line, by name.
const COMMANDS: &[(&str, &str)] = &[
    ("", "消防救援装备与战略储备物资管理"),
    ("tui", "终端界面（不带命令的 `depot` 亦同）"),
    ("init", "新建数据库（加 --sample：装入示例支队）"),
    ("demo", "若无 demo.redb 则由示例生成，然后打开它"),
    (
        "import",
        "导入交换文件：`depot import 目录`、`depot import 种类 文件` 或 `depot import defaults`（schemas/ 中随附的模块、标准与目标）",
    ),
    (
        "export",
        "导出 CSV 或 xlsx：库存、资产、批次、台账记录、完好率或更新计划",
    ),
    (
        "verify",
        "重算台账的哈希链，并逐一核对资产与批次与其记录是否相符",
    ),
    ("status", "登记簿中各类数目"),
    ("backup", "从一致的快照将数据库复制到 FILE，并校验副本"),
    ("restore", "以备份替换数据库（先校验；被替换的文件保留）"),
    ("checkout", "将资产（或器材箱）借出至单位、车辆或灾情现场"),
    (
        "checkin",
        "归还资产（或器材箱）：归其所属单位，或入指定仓库",
    ),
    (
        "transfer",
        "调拨资产、批次、批次的一部分（拆为新批次）或器材箱，永久转移",
    ),
    ("issue", "从批次中发放一定数量至灾情现场"),
    ("receive", "接收新批次；输出其条码"),
    ("inspect", "记录一次检查（重新计算检查周期）"),
    ("repair", "送修资产或修毕返回"),
    ("writeoff", "报废资产或批次的一部分数量（限主管）"),
    ("kit", "器材箱：装有资产与批次数量、带条码的箱子"),
    ("count", "盘点"),
    ("scan", "从标准输入逐行读取条码，每个条码落盘后即答复"),
    ("operator", "操作员及其角色"),
    ("audit", "审计日志：被拒的操作与操作员变更"),
    ("report", "报表：完好率、目标、缺口、更新计划、检查或到期"),
    ("label", "打印标签：每个条码一个 SVG 或 PNG 文件"),
    ("labels", "为一个单位或仓库所持的全部物资打印 A4 标签页"),
    ("help", "显示本帮助，或所给命令的帮助"),
];

/// The global options and clap's own flags, by id.
const OPTIONS: &[(&str, &str)] = &[
    ("db", "数据库文件（环境变量 DEPOT_DB；默认 depot.redb）"),
    (
        "operator",
        "由谁进行更改（记入每条记录；环境变量 DEPOT_OPERATOR）",
    ),
    (
        "lang",
        "语言：zh 或 en。终端界面依区域设置，否则中文；其他命令的答复与错误依区域设置，否则英文",
    ),
    ("help", "显示帮助"),
    ("version", "显示版本"),
];

/// The options' value names, by id.
const VALUES: &[(&str, &str)] = &[("db", "文件"), ("operator", "姓名"), ("lang", "语言")];

fn zh(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// `cmd` (the built top-level command) with its top-level help in Chinese.
pub fn translate(mut cmd: Command) -> Command {
    cmd.build();
    if let Some(about) = zh(COMMANDS, "") {
        cmd = cmd.about(about).long_about(None);
    }
    cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .override_usage("depot [选项] [命令]")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        if let Some(about) = zh(COMMANDS, &name) {
            cmd = cmd.mut_subcommand(name, |s| s.about(about).long_about(None));
        }
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        if let Some(help) = zh(OPTIONS, &id) {
            let value = zh(VALUES, &id);
            cmd = cmd.mut_arg(id, |a| {
                let a = a
                    .help(help)
                    .long_help(None)
                    .hide_env(true)
                    .hide_default_value(true)
                    .help_heading("选项");
                match value {
                    Some(v) => a.value_name(v),
                    None => a,
                }
            });
        }
    }
    cmd
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
}
