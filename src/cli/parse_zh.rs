//! clap's parse errors in Chinese: each kind of error rendered from its context (the argument
//! named, the value given, what would be valid, the usage line), as clap's own formatter does
//! in English.

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};

/// Renders a clap error in Chinese.
pub struct Zh;

fn text(e: &clap::error::Error<Zh>, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list(e: &clap::error::Error<Zh>, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Whether a value parser's reason is in Chinese (after the value it quotes); an English one
/// is left out under Chinese.
fn in_chinese(why: &str) -> bool {
    let rest = match why.strip_prefix('\'') {
        Some(quoted) => quoted.split_once('\'').map_or("", |(_, rest)| rest),
        None => why,
    };
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii())
}

/// The first line of an error.
fn headline(e: &clap::error::Error<Zh>) -> String {
    let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = text(e, ContextKind::InvalidValue).unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => format!("意外的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "没有命令 '{}'",
            text(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => {
            let missing = list(e, ContextKind::InvalidArg);
            format!("缺少必需的参数：\n  {}", missing.join("\n  "))
        }
        ErrorKind::MissingSubcommand => format!(
            "'{}' 需要一个命令，但没有给出",
            text(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("参数 '{arg}' 需要一个值，但没有给出")
        }
        ErrorKind::InvalidValue => format!("参数 '{arg}' 的值 '{value}' 无效"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .filter(|s| in_chinese(s));
            match why {
                Some(why) => format!("参数 '{arg}' 的值 '{value}' 无效：{why}"),
                None => format!("参数 '{arg}' 的值 '{value}' 无效"),
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(e, ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                format!("参数 '{arg}' 不能给出多次")
            } else {
                format!("参数 '{arg}' 不能与 '{prior}' 同时使用")
            }
        }
        ErrorKind::NoEquals => format!("参数 '{arg}' 的值须用 '=' 给出"),
        ErrorKind::TooManyValues => format!("意外的值 '{value}'（参数 '{arg}' 不再接受更多的值）"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "参数 '{arg}' 需要 {} 个值，但给出了 {} 个",
            text(e, ContextKind::ExpectedNumValues).unwrap_or_default(),
            text(e, ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_owned(),
        _ => "命令行有误".to_owned(),
    }
}

impl ErrorFormatter for Zh {
    fn format_error(e: &clap::error::Error<Self>) -> StyledStr {
        let mut out = format!("错误：{}\n", headline(e));
        let valid = list(e, ContextKind::ValidValue);
        if !valid.is_empty() {
            out.push_str(&format!("  [可选值：{}]\n", valid.join("、")));
        }
        let subcommands = list(e, ContextKind::ValidSubcommand);
        if !subcommands.is_empty() {
            out.push_str(&format!("  [可用命令：{}]\n", subcommands.join("、")));
        }
        for (kind, what) in [
            (ContextKind::SuggestedSubcommand, "命令"),
            (ContextKind::SuggestedArg, "参数"),
            (ContextKind::SuggestedValue, "值"),
        ] {
            if let Some(s) = text(e, kind) {
                out.push_str(&format!("\n  提示：相近的{what}有 '{s}'\n"));
            }
        }
        if let Some(trailing) = e.get(ContextKind::TrailingArg)
            && *trailing == ContextValue::Bool(true)
        {
            let arg = text(e, ContextKind::InvalidArg).unwrap_or_default();
            out.push_str(&format!(
                "\n  提示：若要把 '{arg}' 当作值，请用 '-- {arg}'\n"
            ));
        }
        if let Some(usage) = text(e, ContextKind::Usage) {
            let usage = usage.trim();
            let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
            out.push_str(&format!(
                "\n用法：{}\n",
                super::help_zh::placeholders(usage)
            ));
        }
        out.push_str("\n更多信息请用 '--help'。\n");
        StyledStr::from(out)
    }
}
