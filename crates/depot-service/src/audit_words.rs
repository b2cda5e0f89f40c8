//! The audit log in either language. An entry stores its action and outcome as text; one
//! written now keeps a refusal in both languages (see [`both`]), and the phrases of the log's
//! own making (a sign-in, an operator added, a key enrolled, a refusal by role, as earlier
//! versions wrote them too) are said in Chinese when shown, so an old database reads the same.

use depot_domain::access::Role;
use depot_domain::msg::service::ServiceMsg;
use depot_domain::{Lang, Vocabulary};

/// Separates the English of a stored text from its Chinese (ASCII unit separator).
const SEP: char = '\u{1f}';

/// A text stored in the audit log in both languages; [`shown`] picks one.
pub fn both(en: &str, zh: &str) -> String {
    format!("{en}{SEP}{zh}")
}

/// A text stored in the audit log: a message of the catalogue, in both languages.
pub fn said(m: &ServiceMsg) -> String {
    both(&m.say(Lang::En), &m.say(Lang::Zh))
}

/// The outcome of a refusal: `refused: <the reason>`, in both languages.
pub fn refused(e: &crate::Error) -> String {
    both(
        &ServiceMsg::AuditRefused {
            reason: e.say(Lang::En),
        }
        .say(Lang::En),
        &ServiceMsg::AuditRefused {
            reason: e.say(Lang::Zh),
        }
        .say(Lang::Zh),
    )
}

/// A stored action or outcome in the language asked for.
pub fn shown(stored: &str, zh: bool) -> String {
    if let Some((en, chinese)) = stored.split_once(SEP) {
        return if zh { chinese } else { en }.to_owned();
    }
    if !zh {
        return stored.to_owned();
    }
    phrase_zh(stored).unwrap_or_else(|| stored.to_owned())
}

/// What an action of `authorize` is called in Chinese: "write off" → "报废".
pub fn action_zh(en: &str) -> Option<&'static str> {
    const ACTIONS: &[(&str, &str)] = &[
        ("add operators", "添加操作员"),
        ("check in", "归还"),
        ("check out", "借出"),
        ("count stock", "盘点"),
        ("enrol a depot", "登记储备单位"),
        ("import", "导入"),
        ("ingest a bundle", "接收数据包"),
        ("issue", "应急调用"),
        ("manage digest recipients", "管理摘要收件方"),
        ("pack kits", "成套装箱"),
        ("post count adjustments", "过账盘点调整"),
        ("receive", "入库"),
        ("record inspections", "登记检测"),
        ("record repairs", "登记维修"),
        ("scan kits", "扫描成套装备"),
        ("transfer", "调拨"),
        ("undo", "撤销"),
        ("write off", "报废"),
    ];
    ACTIONS.iter().find(|(e, _)| *e == en).map(|(_, z)| *z)
}

/// The actions the log names (the command, then its code or name), in Chinese.
const ENTRY_ACTIONS: &[(&str, &str)] = &[
    ("sign in", "登录"),
    ("operator add", "添加操作员"),
    ("hq enrol", "总部登记"),
    ("notify add", "添加摘要收件方"),
    ("notify remove", "移除摘要收件方"),
    ("digest send", "发送摘要"),
    ("hq ingest", "总部接收"),
    ("restore", "恢复"),
    ("count close", "结束盘点"),
    ("count open", "开始盘点"),
    ("count scan", "盘点扫码"),
    ("scan out", "扫码借出"),
    ("scan in", "扫码归还"),
    ("scan transfer", "扫码调拨"),
    ("scan issue", "扫码调用"),
    ("scan count", "扫码盘点"),
    ("checkin", "归还"),
    ("checkout", "借出"),
    ("inspect", "检测"),
    ("issue", "应急调用"),
    ("kit", "成套装备"),
    ("receive", "入库"),
    ("repair", "维修"),
    ("transfer", "调拨"),
    ("undo", "撤销"),
    ("writeoff", "报废"),
];

// The outcome of a right PIN after wrong ones: it ends the slowdown, the failures before it
// no longer count.
pub(super) use depot_domain::access::sign_in::RIGHT_PIN;

/// Fixed outcomes.
const OUTCOMES: &[(&str, &str)] = &[
    ("refused: wrong PIN", "拒绝：密码错误"),
    ("refused: no PIN given", "拒绝：未填写密码"),
    ("refused: unknown operator", "拒绝：未登记的操作员"),
    ("first operator, made officer", "首位操作员，设为管理员"),
    (RIGHT_PIN, "接受：此前输错密码后输入了正确密码"),
];

/// A phrase the log writes, in Chinese; `None` for one it does not know.
fn phrase_zh(s: &str) -> Option<String> {
    if let Some((_, zh)) = OUTCOMES.iter().find(|(en, _)| *en == s) {
        return Some((*zh).to_owned());
    }
    if let Some(role) = s.strip_prefix("role ") {
        return role
            .parse::<Role>()
            .ok()
            .map(|r| format!("角色 {}", r.zh()));
    }
    if let Some(key) = s.strip_prefix("key ") {
        return Some(match key.split_once(" replaced by ") {
            Some((old, new)) => format!("密钥 {old} 已换为 {new}"),
            None => format!("密钥 {key}"),
        });
    }
    if let Some(r) = s.strip_prefix("refused: ") {
        return refusal_zh(r).map(|r| format!("拒绝：{r}"));
    }
    if let Some(i) = ingested_zh(s) {
        return Some(i);
    }
    ENTRY_ACTIONS.iter().find_map(|(en, zh)| {
        let rest = s.strip_prefix(en)?;
        (rest.is_empty() || rest.starts_with(' ')).then(|| format!("{zh}{rest}"))
    })
}

/// A bundle ingested, as earlier versions wrote it in English only: "depot ZD-QZ, movements
/// 1 to 40, as of 2026-11-30, enrolled".
fn ingested_zh(s: &str) -> Option<String> {
    let (code, rest) = s.strip_prefix("depot ")?.split_once(", movements ")?;
    let (first, rest) = rest.split_once(" to ")?;
    let (last, rest) = rest.split_once(", as of ")?;
    let (as_of, enrolled) = match rest.strip_suffix(", enrolled") {
        Some(d) => (d, "，已登记"),
        None => (rest, ""),
    };
    Some(format!(
        "库 {code}，第 {first} 至第 {last} 笔，截至 {as_of}{enrolled}"
    ))
}

/// The refusals `act` wrote in English: of a role, of an operator not registered.
fn refusal_zh(r: &str) -> Option<String> {
    if let Some(rest) = r.strip_prefix("operator ")
        && let Some((who, rest)) = rest.split_once(" (")
        && let Some((role, rest)) = rest.split_once(") may not ")
        && let Some(action) = rest.strip_suffix("; ask an officer")
    {
        let role = role.parse::<Role>().ok()?;
        return Some(
            crate::Error::Refused {
                operator: who.to_owned(),
                role,
                action: action.to_owned(),
            }
            .zh(),
        );
    }
    let who = r
        .strip_prefix("operator ")?
        .split_once(" is not registered")?
        .0;
    Some(crate::Error::UnknownOperator(who.to_owned()).zh())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_entries_read_in_chinese_and_new_ones_in_either() {
        assert_eq!(shown("refused: wrong PIN", true), "拒绝：密码错误");
        assert_eq!(shown("refused: wrong PIN", false), "refused: wrong PIN");
        assert_eq!(shown("writeoff QZ1", true), "报废 QZ1");
        assert_eq!(shown("role quartermaster", true), "角色 保管员");
        assert_eq!(
            shown("accepted: right PIN after wrong ones", true),
            "接受：此前输错密码后输入了正确密码"
        );
        assert_eq!(
            shown(
                "depot ZD-QZ, movements 1 to 40, as of 2026-11-30, enrolled",
                true
            ),
            "库 ZD-QZ，第 1 至第 40 笔，截至 2026-11-30，已登记"
        );
        assert_eq!(shown("restore", true), "恢复");
        assert_eq!(
            shown(
                "refused: operator 李娜 (quartermaster) may not write off; ask an officer",
                true
            ),
            "拒绝：操作员 李娜（保管员）无权执行：报废，请联系管理员"
        );
        let b = both("refused: x", "拒绝：甲");
        assert_eq!(shown(&b, true), "拒绝：甲");
        assert_eq!(shown(&b, false), "refused: x");
    }
}
