//! The reference data of the register: units, warehouses, modules and the catalogue.

use rust_decimal::Decimal;

use super::ids::{ItemCode, ModuleCode, UnitCode, WarehouseCode};
use super::vocab::{Category, StationClass, Tracking, UnitKind, WarehouseLevel};

/// A node of the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    /// Empty only for a root.
    pub parent: Option<UnitCode>,
    /// Set for stations (and only for them).
    pub class: Option<StationClass>,
}

/// A reserve depot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warehouse {
    pub code: WarehouseCode,
    pub name: String,
    pub level: WarehouseLevel,
    /// The unit that runs it.
    pub unit: UnitCode,
    /// An enterprise holds this stock under contract.
    pub agreement: bool,
    pub partner: Option<String>,
}

/// The modules every new database knows (`EXCHANGE.md`: "the shipped eight"; the same as
/// `schemas/modules.csv`, which a test checks): code, Chinese name, English name.
pub const SHIPPED_MODULES: [(&str, &str, &str); 8] = [
    ("geological", "地质灾害", "Geological disaster"),
    ("water", "水域", "Water rescue"),
    ("mountain", "山岳", "Mountain rescue"),
    ("petrochemical", "石油化工", "Petrochemical"),
    ("building", "建筑火灾", "Building fire"),
    ("forest", "森林", "Forest fire"),
    ("life_support", "生活保障", "Life support"),
    ("general", "通用", "General"),
];

/// The shipped modules as values.
pub fn shipped_modules() -> Vec<Module> {
    SHIPPED_MODULES
        .iter()
        .map(|(code, zh, en)| Module {
            code: ModuleCode::from(*code),
            name_zh: (*zh).to_owned(),
            name_en: (*en).to_owned(),
        })
        .collect()
}

/// The code of the module that `given` names among `modules`: its code, its Chinese name or
/// its English name (ASCII case-insensitive); `None` when none does.
pub fn module_code<'a>(modules: &'a [Module], given: &str) -> Option<&'a ModuleCode> {
    let g = given.trim();
    modules
        .iter()
        .find(|m| m.code.as_str() == g)
        .or_else(|| {
            modules
                .iter()
                .find(|m| m.name_zh == g || m.name_en.eq_ignore_ascii_case(g))
        })
        .map(|m| &m.code)
}

/// A disaster module that reserves are packed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    pub code: ModuleCode,
    pub name_zh: String,
    pub name_en: String,
}

/// A type of equipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogItem {
    pub code: ItemCode,
    pub name: String,
    pub category: Category,
    pub tracking: Tracking,
    pub uom: String,
    /// Service life in whole years.
    pub life_years: Option<u32>,
    /// Days between inspections.
    pub inspect_days: Option<u32>,
    pub high_end: bool,
    /// Yuan.
    pub unit_price: Option<Decimal>,
}

/// Why a unit record is inconsistent in itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("a station needs a class (level1, level2, small or special)")]
    StationWithoutClass,
    #[error("only a station has a class; this unit is a {0}")]
    ClassOnNonStation(UnitKind),
    #[error("a unit cannot be its own parent")]
    OwnParent,
}

impl UnitError {
    /// The reason in Chinese.
    pub fn zh(&self) -> String {
        match self {
            UnitError::StationWithoutClass => {
                "消防救援站必须填写站级（一级站、二级站、小型站或特勤站）".to_owned()
            }
            UnitError::ClassOnNonStation(kind) => format!(
                "只有消防救援站有站级；这个单位是{}",
                crate::Vocabulary::zh(*kind)
            ),
            UnitError::OwnParent => "单位不能是自己的上级".to_owned(),
        }
    }
}

impl Unit {
    /// Checks the rules a unit obeys on its own (the parent's existence is checked elsewhere).
    pub fn validate(&self) -> Result<(), UnitError> {
        match (self.kind, self.class) {
            (UnitKind::Station, None) => return Err(UnitError::StationWithoutClass),
            (kind, Some(_)) if kind != UnitKind::Station => {
                return Err(UnitError::ClassOnNonStation(kind));
            }
            _ => {}
        }
        if self.parent.as_ref() == Some(&self.code) {
            return Err(UnitError::OwnParent);
        }
        Ok(())
    }
}
