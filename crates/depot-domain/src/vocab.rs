//! Enumerated words of the domain, each with its English and Chinese name.
//!
//! The English word is what files and the database carry; the Chinese word is accepted on input
//! and shown in the Chinese UI.

/// An enumeration whose values have an English and a Chinese word.
pub trait Vocabulary: Sized + Copy + Eq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The English word (the canonical one, stored and exported).
    fn en(self) -> &'static str;
    /// The Chinese word.
    fn zh(self) -> &'static str;

    /// The value whose English word (ASCII case-insensitive) or Chinese word is `word`.
    fn from_word(word: &str) -> Option<Self> {
        let word = word.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.en().eq_ignore_ascii_case(word) || v.zh() == word)
    }

    /// "a, b": the allowed English words, for English error messages.
    fn allowed() -> String {
        Self::ALL
            .iter()
            .map(|v| v.en())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "甲、乙": the allowed Chinese words, for Chinese error messages.
    fn allowed_zh() -> String {
        Self::ALL
            .iter()
            .map(|v| v.zh())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Defines an enumeration with its English and Chinese words.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $en:literal / $zh:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $crate::vocab::Vocabulary for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn en(self) -> &'static str { match self { $(Self::$variant => $en),+ } }
            fn zh(self) -> &'static str { match self { $(Self::$variant => $zh),+ } }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::vocab::Vocabulary::en(*self))
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                use $crate::vocab::Vocabulary;
                Self::from_word(s).ok_or_else(|| {
                    format!("unknown value '{}': expected one of {}", s.trim(), Self::allowed())
                })
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// A node kind of the hierarchy.
    UnitKind {
        Corps = "corps" / "总队",
        Detachment = "detachment" / "支队",
        Brigade = "brigade" / "大队",
        Station = "station" / "消防救援站",
        Township = "township" / "乡镇专职队",
        Micro = "micro" / "微型消防站",
    }
}

vocabulary! {
    /// The class of a station, on which its duty-vehicle standard depends.
    StationClass {
        Level1 = "level1" / "一级站",
        Level2 = "level2" / "二级站",
        Small = "small" / "小型站",
        Special = "special" / "特勤站",
    }
}

vocabulary! {
    /// The level of a reserve depot.
    WarehouseLevel {
        Province = "province" / "省级",
        City = "city" / "市级",
        County = "county" / "县级",
    }
}

vocabulary! {
    /// The category of a catalogue item.
    Category {
        Vehicle = "vehicle" / "车辆",
        Protective = "protective" / "防护装备",
        Rescue = "rescue" / "救援器材",
        Communication = "communication" / "通信装备",
        Drone = "drone" / "无人机",
        Pump = "pump" / "泵",
        Agent = "agent" / "灭火药剂",
        Supply = "supply" / "保障物资",
        Other = "other" / "其他",
    }
}

vocabulary! {
    /// How a catalogue item is tracked: one barcode per piece, or one per quantity.
    Tracking {
        Serial = "serial" / "单件",
        Lot = "lot" / "批次",
    }
}

vocabulary! {
    /// The condition of an asset.
    AssetStatus {
        Ready = "ready" / "完好",
        Maintenance = "maintenance" / "维修",
        OutOfService = "out_of_service" / "停用",
        Retired = "retired" / "报废",
        /// Sent to another depot (its location): in transit, lent until its due date, or
        /// handed over there; not held here, so neither counted nor ready. Only a shipment
        /// makes it so, and receiving the piece back ends it.
        Away = "away" / "调出",
    }
}

vocabulary! {
    /// A rate or count that a target sets.
    Metric {
        EquippedRate = "equipped_rate" / "配备率",
        ReadyRate = "ready_rate" / "完好率",
        ReadyCoverage = "ready_coverage" / "完好满足率",
        ComplianceRate = "compliance_rate" / "达标率",
        HighEndShare = "high_end_share" / "高精尖占比",
        OverAge = "over_age" / "超期服役",
        Saturation = "saturation" / "储备饱和度",
        ExpiringShare = "expiring_share" / "单月到期占比",
        CircleCoverage = "circle_coverage" / "响应圈覆盖率",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_in_both_languages() {
        assert_eq!("Station".parse::<UnitKind>(), Ok(UnitKind::Station));
        assert_eq!("特勤站".parse::<StationClass>(), Ok(StationClass::Special));
        let err = "bogus".parse::<WarehouseLevel>().unwrap_err();
        assert!(
            err.contains("expected one of province, city, county"),
            "{err}"
        );
        assert!(!err.contains("省级"), "{err}");
        assert_eq!(WarehouseLevel::allowed_zh(), "省级、市级、县级");
    }
}
