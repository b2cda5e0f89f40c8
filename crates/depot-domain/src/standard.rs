//! Standards (what must be held) and targets (rates with deadlines).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ids::{ItemCode, ModuleCode, UnitCode, WarehouseCode};
use super::vocab::{Category, Metric, StationClass, Vocabulary};

/// Whom a line of a standard applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Every station of the class.
    Class(StationClass),
    Unit(UnitCode),
    Warehouse(WarehouseCode),
}

/// What a line of a standard counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum What {
    Item(ItemCode),
    Category(Category),
}

/// One line of a standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardLine {
    pub scope: Scope,
    /// For a warehouse: the module the line is for.
    pub module: Option<ModuleCode>,
    pub what: What,
    pub required: Decimal,
}

/// Whom a target applies to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetScope {
    Everything,
    /// That unit and all below it.
    Unit(UnitCode),
    Category(Category),
}

/// A rate (percent) or count with a deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub metric: Metric,
    pub scope: TargetScope,
    pub target: Decimal,
    pub deadline: NaiveDate,
    pub source: Option<String>,
}

/// Why a scope or what text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("'{0}' is not a scope: expected class:CLASS, unit:CODE or warehouse:CODE")]
    Scope(String),
    #[error("'{0}' is not a target scope: expected empty, unit:CODE or category:NAME")]
    TargetScope(String),
    #[error("unknown class in '{0}': expected one of {1}")]
    Class(String, String),
    #[error("unknown category in '{0}': expected one of {1}")]
    Category(String, String),
}

impl ScopeError {
    /// The reason in Chinese.
    pub fn zh(&self) -> String {
        match self {
            ScopeError::Scope(s) => {
                format!("'{s}' 不是适用范围：应为 class:站级、unit:代码 或 warehouse:代码")
            }
            ScopeError::TargetScope(s) => {
                format!("'{s}' 不是目标范围：应为空、unit:代码 或 category:类别")
            }
            ScopeError::Class(s, _) => format!(
                "'{s}' 中的站级未知：应为 {} 之一",
                <StationClass as Vocabulary>::allowed_zh()
            ),
            ScopeError::Category(s, _) => format!(
                "'{s}' 中的类别未知：应为 {} 之一",
                <Category as Vocabulary>::allowed_zh()
            ),
        }
    }
}

fn split(s: &str) -> Option<(&str, &str)> {
    let (k, v) = s.split_once(':').or_else(|| s.split_once('：'))?;
    let v = v.trim();
    (!v.is_empty()).then_some((k.trim(), v))
}

fn category(s: &str, v: &str) -> Result<Category, ScopeError> {
    Category::from_word(v).ok_or_else(|| ScopeError::Category(s.to_owned(), Category::allowed()))
}

impl std::str::FromStr for Scope {
    type Err = ScopeError;
    fn from_str(s: &str) -> Result<Self, ScopeError> {
        let bad = || ScopeError::Scope(s.to_owned());
        let (k, v) = split(s).ok_or_else(bad)?;
        match k.to_ascii_lowercase().as_str() {
            "class" => StationClass::from_word(v)
                .map(Scope::Class)
                .ok_or_else(|| ScopeError::Class(s.to_owned(), StationClass::allowed())),
            "unit" => Ok(Scope::Unit(UnitCode::new(v))),
            "warehouse" => Ok(Scope::Warehouse(WarehouseCode::new(v))),
            _ => Err(bad()),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Class(c) => write!(f, "class:{}", c.en()),
            Scope::Unit(u) => write!(f, "unit:{u}"),
            Scope::Warehouse(w) => write!(f, "warehouse:{w}"),
        }
    }
}

impl std::str::FromStr for What {
    type Err = ScopeError;
    fn from_str(s: &str) -> Result<Self, ScopeError> {
        match split(s) {
            Some((k, v)) if k.eq_ignore_ascii_case("category") => {
                category(s, v).map(What::Category)
            }
            _ => Ok(What::Item(ItemCode::new(s.trim()))),
        }
    }
}

impl std::fmt::Display for What {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Item(i) => write!(f, "{i}"),
            What::Category(c) => write!(f, "category:{}", c.en()),
        }
    }
}

impl std::str::FromStr for TargetScope {
    type Err = ScopeError;
    fn from_str(s: &str) -> Result<Self, ScopeError> {
        if s.trim().is_empty() {
            return Ok(TargetScope::Everything);
        }
        let bad = || ScopeError::TargetScope(s.to_owned());
        let (k, v) = split(s).ok_or_else(bad)?;
        match k.to_ascii_lowercase().as_str() {
            "unit" => Ok(TargetScope::Unit(UnitCode::new(v))),
            "category" => category(s, v).map(TargetScope::Category),
            _ => Err(bad()),
        }
    }
}

impl std::fmt::Display for TargetScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetScope::Everything => Ok(()),
            TargetScope::Unit(u) => write!(f, "unit:{u}"),
            TargetScope::Category(c) => write!(f, "category:{}", c.en()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip() {
        for s in ["class:level1", "unit:ZD-01", "warehouse:CK-1"] {
            assert_eq!(s.parse::<Scope>().unwrap().to_string(), s);
        }
        assert_eq!(
            "class:一级站".parse::<Scope>().unwrap(),
            Scope::Class(StationClass::Level1)
        );
        assert!("class:level9".parse::<Scope>().is_err());
        assert!("station:x".parse::<Scope>().is_err());
        assert_eq!(
            "category:车辆".parse::<What>().unwrap(),
            What::Category(Category::Vehicle)
        );
        assert_eq!("V-SG".parse::<What>().unwrap(), What::Item("V-SG".into()));
        assert_eq!("".parse::<TargetScope>().unwrap(), TargetScope::Everything);
        assert!("category:boats".parse::<TargetScope>().is_err());
    }
}
