//! Identifier newtypes: a code is never a bare string once it has been read.

use serde::{Deserialize, Serialize};

macro_rules! code {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an already folded and validated code.
            pub fn new(code: impl Into<String>) -> Self {
                Self(code.into())
            }
            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

code!(
    /// The barcode of an asset or a lot: unique across both, printable ASCII, 1-32 characters.
    Barcode
);
code!(
    /// The code of a catalogue item.
    ItemCode
);
code!(
    /// The code of a unit of the hierarchy.
    UnitCode
);
code!(
    /// The code of a reserve depot; distinct from every unit code.
    WarehouseCode
);
code!(
    /// The code of a disaster module.
    ModuleCode
);
code!(
    /// A place that holds stock: a unit or warehouse code; as a location (where a checked-out
    /// asset is) also a vehicle barcode or an incident reference.
    PlaceCode
);
code!(
    /// The name of an operator, who is named on every write.
    Operator
);

impl From<&UnitCode> for PlaceCode {
    fn from(c: &UnitCode) -> Self {
        Self(c.0.clone())
    }
}

impl From<&WarehouseCode> for PlaceCode {
    fn from(c: &WarehouseCode) -> Self {
        Self(c.0.clone())
    }
}

/// Trims and folds full-width ASCII (`ＡＢ１２`, U+FF01..U+FF5E) and the ideographic space
/// (U+3000) to their half-width forms. Case is kept.
pub fn fold_width(s: &str) -> String {
    let s = s.trim();
    if s.is_ascii() {
        return s.to_owned();
    }
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Why a text is not a valid code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("empty: a code is required")]
    Empty,
    #[error("too long: {0} characters, at most {1} allowed")]
    TooLong(usize, usize),
    #[error("contains '{0}' (U+{code:04X}): a code may only contain ASCII letters, digits and signs", code = *.0 as u32)]
    NotAscii(char),
}

impl CodeError {
    /// The reason in Chinese.
    pub fn zh(&self) -> String {
        match self {
            CodeError::Empty => "为空：必须填写代码".to_owned(),
            CodeError::TooLong(n, max) => format!("过长：{n} 个字符，最多 {max} 个"),
            CodeError::NotAscii(c) => format!(
                "含有 '{}'（U+{:04X}）：代码只能由 ASCII 字母、数字和符号组成",
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                },
                *c as u32
            ),
        }
    }
}

/// The longest barcode allowed.
pub const BARCODE_MAX: usize = 32;

/// Folds and checks a code: non-empty printable ASCII (space allowed inside), at most `max`
/// characters when given.
pub fn parse_code(s: &str, max: Option<usize>) -> Result<String, CodeError> {
    let folded = fold_width(s);
    if folded.is_empty() {
        return Err(CodeError::Empty);
    }
    if let Some(c) = folded.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(CodeError::NotAscii(c));
    }
    if let Some(max) = max
        && folded.len() > max
    {
        return Err(CodeError::TooLong(folded.len(), max));
    }
    Ok(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_folds_and_trims() {
        assert_eq!(fold_width(" ＡＢ１２\u{3000}"), "AB12");
        assert_eq!(
            parse_code("ＱＺ－００１", Some(32)),
            Ok("QZ-001".to_owned())
        );
        assert_eq!(parse_code("  ", Some(32)), Err(CodeError::Empty));
        assert_eq!(parse_code("车A", Some(32)), Err(CodeError::NotAscii('车')));
        assert_eq!(
            parse_code(&"x".repeat(33), Some(32)),
            Err(CodeError::TooLong(33, 32))
        );
    }
}
