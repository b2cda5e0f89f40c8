//! `depot place`: where a unit or warehouse is, for the response circles.

use std::process::ExitCode;

use clap::Subcommand;
use rust_decimal::Decimal;

use super::{language, refuse};
use depot_domain::GeoPoint;
use depot_domain::msg::cli::CliMsg;
use depot_service::store::{Store, Upsert};
use depot_service::{Ctx, Result, places};

#[derive(Debug, Subcommand)]
pub enum PlaceCmd {
    /// Give a unit or warehouse its location, in decimal degrees (WGS-84) (officers).
    Locate {
        /// The unit's or warehouse's code.
        code: String,
        /// Degrees north, -90 to 90.
        #[arg(allow_negative_numbers = true, value_parser = degrees)]
        lat: Decimal,
        /// Degrees east, -180 to 180.
        #[arg(allow_negative_numbers = true, value_parser = degrees)]
        lon: Decimal,
    },
}

fn degrees(s: &str) -> std::result::Result<Decimal, String> {
    depot_exchange::parse_decimal(s).map_err(|_| {
        CliMsg::NotDegrees {
            given: s.to_owned(),
        }
        .say(language())
    })
}

pub fn place_cmd(s: &Store, op: Option<&str>, cmd: PlaceCmd) -> Result<ExitCode> {
    match cmd {
        PlaceCmd::Locate { code, lat, lon } => {
            let point = GeoPoint::new(lat, lon).map_err(|_| {
                refuse(CliMsg::NotDegrees {
                    given: format!("{lat} {lon}"),
                })
            })?;
            let ctx = Ctx::new(op)?;
            let done = places::locate(s, &ctx, &code, point)?;
            let (code, lat, lon) = (code.trim().to_owned(), lat.to_string(), lon.to_string());
            let said = match done {
                Upsert::Same => CliMsg::LocatedAlready { code, lat, lon },
                _ => CliMsg::Located { code, lat, lon },
            };
            println!("{}", said.say(language()));
            Ok(ExitCode::SUCCESS)
        }
    }
}
