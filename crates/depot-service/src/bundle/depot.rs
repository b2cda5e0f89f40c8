//! Which depot a bundle is written for: the register's top unit, or the code given or
//! remembered.

use crate::{Error, Result};
use depot_domain::Unit;
use depot_exchange::bundle::Depot;

/// The depot a bundle is written for: `given`, else the one remembered, else the register's
/// only top unit (a unit without a parent).
pub fn depot_of(units: &[Unit], given: Option<&str>, remembered: Option<&str>) -> Result<Depot> {
    let tops: Vec<&Unit> = units.iter().filter(|u| u.parent.is_none()).collect();
    let codes = |sep: &str| {
        tops.iter()
            .map(|u| u.code.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let chosen = match given.or(remembered) {
        Some(code) => tops.iter().find(|u| u.code.as_str() == code).ok_or_else(|| {
            Error::said(
                format!(
                    "{code} is not a top unit of this register (a unit without a parent); the top units are: {}",
                    codes(", ")
                ),
                format!(
                    "'{code}' 不是本登记簿的顶级单位（没有上级的单位）；顶级单位为：{}",
                    codes("、")
                ),
            )
        })?,
        None => match tops.as_slice() {
            [one] => one,
            [] => {
                return Err(Error::said(
                    "the register has no units, so the bundle cannot name its depot: import units.csv first",
                    "登记簿中没有单位，数据包无法写明所属的库：请先导入 units.csv",
                ));
            }
            _ => {
                return Err(Error::said(
                    format!(
                        "the register has several top units ({}): name the depot with --depot CODE (it is remembered for the next bundles)",
                        codes(", ")
                    ),
                    format!(
                        "登记簿有多个顶级单位（{}）：请用 --depot 代码 指定库（之后的数据包会沿用）",
                        codes("、")
                    ),
                ));
            }
        },
    };
    Ok(Depot {
        code: chosen.code.as_str().to_owned(),
        name: chosen.name.clone(),
    })
}
