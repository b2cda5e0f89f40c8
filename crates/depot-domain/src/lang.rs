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
