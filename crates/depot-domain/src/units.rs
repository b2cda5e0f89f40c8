//! Units of measure that count whole pieces: a quantity of an item measured in 件, 台, 套 …
//! is a whole number. A lot of 40 tents can lose 2 tents, never 2.5.

use rust_decimal::Decimal;

use super::ItemCode;

/// Units of measure that count pieces (Chinese measure words and their usual English).
const PIECES: &[&str] = &[
    "件", "台", "套", "辆", "个", "只", "顶", "双", "把", "根", "部", "架", "艘", "具", "块", "组",
    "箱", "桶", "瓶", "袋", "卷", "张", "床", "条", "副", "盏", "支", "盒", "包", "捆", "片", "枚",
    "pcs", "pc", "piece", "pieces", "each", "ea", "unit", "units", "set", "sets", "box", "boxes",
    "pair", "pairs", "roll", "rolls", "bottle", "bottles", "bag", "bags", "drum", "drums",
];

/// Whether `uom` counts pieces (so quantities in it are whole).
pub fn counts_pieces(uom: &str) -> bool {
    let u = uom.trim();
    PIECES.iter().any(|p| p.eq_ignore_ascii_case(u))
}

/// A fractional quantity of an item counted in pieces.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} {uom} of {item}: {uom} counts whole pieces, so the quantity must be a whole number", .quantity.normalize())]
pub struct Fractional {
    pub item: ItemCode,
    pub uom: String,
    pub quantity: Decimal,
}

impl Fractional {
    pub fn zh(&self) -> String {
        format!(
            "{} 以「{}」计，数量必须是整数（输入为 {}）",
            self.item,
            self.uom,
            self.quantity.normalize()
        )
    }
}

/// `quantity` of `item`, refused when `uom` counts pieces and it is not whole.
pub fn whole(item: &ItemCode, uom: &str, quantity: Decimal) -> Result<(), Fractional> {
    if counts_pieces(uom) && !quantity.fract().is_zero() {
        return Err(Fractional {
            item: item.clone(),
            uom: uom.trim().to_owned(),
            quantity,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_whole_and_measures_are_not() {
        let jacket = ItemCode::new("R-JSY");
        assert!(whole(&jacket, "件", Decimal::new(2, 0)).is_ok());
        let e = whole(&jacket, "件", Decimal::new(25, 1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "2.5 件 of R-JSY: 件 counts whole pieces, so the quantity must be a whole number"
        );
        assert!(e.zh().contains("以「件」计"));
        assert!(whole(&jacket, " PCS ", Decimal::new(5, 1)).is_err());
        assert!(whole(&jacket, "t", Decimal::new(25, 1)).is_ok());
        assert!(whole(&jacket, "kg", Decimal::new(25, 1)).is_ok());
        assert!(whole(&jacket, "L", Decimal::new(-5, 1)).is_ok());
        assert!(whole(&jacket, "箱", Decimal::new(-5, 1)).is_err());
    }
}
