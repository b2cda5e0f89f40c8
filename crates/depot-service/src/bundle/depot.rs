//! Which depot a bundle is written for: the register's top unit, or the code given or
//! remembered.

use crate::{Error, Result};
use depot_domain::Unit;
use depot_domain::msg::service::ServiceMsg;
use depot_exchange::bundle::Depot;

/// The depot a bundle is written for: `given`, else the one remembered, else the register's
/// only top unit (a unit without a parent).
pub fn depot_of(units: &[Unit], given: Option<&str>, remembered: Option<&str>) -> Result<Depot> {
    let tops: Vec<&Unit> = units.iter().filter(|u| u.parent.is_none()).collect();
    let codes: Vec<String> = tops.iter().map(|u| u.code.to_string()).collect();
    let chosen = match given.or(remembered) {
        Some(code) => tops
            .iter()
            .find(|u| u.code.as_str() == code)
            .ok_or_else(|| {
                let (code, codes) = (code.to_owned(), codes.clone());
                Error::phrase(move |lang| ServiceMsg::NotTopUnit {
                    code: code.clone(),
                    tops: crate::error::join(&codes, lang),
                })
            })?,
        None => match tops.as_slice() {
            [one] => one,
            [] => {
                return Err(Error::Msg(ServiceMsg::NoUnits));
            }
            _ => {
                return Err(Error::phrase(move |lang| ServiceMsg::SeveralTops {
                    tops: crate::error::join(&codes, lang),
                }));
            }
        },
    };
    Ok(Depot {
        code: chosen.code.as_str().to_owned(),
        name: chosen.name.clone(),
    })
}
