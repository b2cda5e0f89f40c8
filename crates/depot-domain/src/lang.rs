//! The language people read: Chinese or English.

/// The language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn toggle(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The command line's language: `--lang`, else a Chinese locale (`LC_ALL`,
    /// `LC_MESSAGES`, `LANG`) gives Chinese; anything else (C, POSIX, none) English, the
    /// language scripts that read its output expect.
    pub fn for_cli(given: Option<&str>) -> Lang {
        if given.is_some() {
            return Lang::detect(given);
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese unless it says
    /// otherwise, since most users are Chinese speakers.
    pub fn detect(given: Option<&str>) -> Lang {
        let from = |s: &str| {
            let s = s.to_ascii_lowercase();
            if s.starts_with("zh") {
                Some(Lang::Zh)
            } else if s.starts_with("en") || s == "c" || s.starts_with("c.") || s == "posix" {
                Some(Lang::En)
            } else {
                None
            }
        };
        if let Some(l) = given.and_then(from) {
            return l;
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return from(&v).unwrap_or_default();
            }
        }
        Lang::Zh
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            _ => Err(format!("unknown language '{s}': expected zh or en")),
        }
    }
}

/// An I/O error's reason in `lang`: the system's words in English, the kind of error in
/// Chinese ([`io_zh`]).
pub fn io_said(e: &std::io::Error, lang: Lang) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => io_zh(e),
    }
}

/// An I/O error's reason in Chinese, for the kinds a user meets; else the system's words.
pub fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在".to_owned(),
        K::PermissionDenied => "没有权限".to_owned(),
        K::AlreadyExists => "已存在".to_owned(),
        K::IsADirectory => "这是文件夹，不是文件".to_owned(),
        K::NotADirectory => "路径中有一段不是文件夹".to_owned(),
        K::StorageFull | K::QuotaExceeded => "磁盘已满".to_owned(),
        K::ReadOnlyFilesystem => "文件系统是只读的".to_owned(),
        K::InvalidData => "内容无效".to_owned(),
        K::UnexpectedEof => "文件意外结束".to_owned(),
        K::BrokenPipe => "管道已关闭".to_owned(),
        // A printer on the network.
        K::ConnectionRefused => "连接被拒绝".to_owned(),
        K::ConnectionReset => "连接被重置".to_owned(),
        K::ConnectionAborted => "连接被中止".to_owned(),
        K::TimedOut => "超时".to_owned(),
        K::HostUnreachable => "主机不可达".to_owned(),
        K::NetworkUnreachable => "网络不可达".to_owned(),
        _ => format!("输入输出错误（`{e}`）"),
    }
}
