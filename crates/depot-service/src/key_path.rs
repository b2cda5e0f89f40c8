//! Where the depot's key lives when neither `--key` nor `DEPOT_KEY` names a file.

use crate::store::Location;
use crate::{Error, Result};
use depot_domain::msg::service::ServiceMsg;
use std::path::{Path, PathBuf};

/// Where the key of the database at `db` lives when neither `--key` nor `DEPOT_KEY` names a
/// file: beside a database file (`depot.redb` → `depot.redb.key`); for a PostgreSQL
/// database, `$XDG_CONFIG_HOME/depot/HOST-PORT-DATABASE.key` (else `~/.config/depot/…`),
/// anything but letters, digits, `.`, `_` and `-` in the name turned into `_`.
/// `var` reads the environment.
pub fn default_path(db: &Location, var: impl Fn(&str) -> Option<String>) -> Result<PathBuf> {
    match db {
        Location::File(p) => {
            let mut name = p.as_os_str().to_owned();
            name.push(".key");
            Ok(PathBuf::from(name))
        }
        Location::Server(url) => {
            let (host, port, dbname) = crate::store::postgres::host_port_database(url)?;
            let name: String = format!("{host}-{port}-{dbname}.key")
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let config = var("XDG_CONFIG_HOME")
                .filter(|d| Path::new(d).is_absolute())
                .map(PathBuf::from)
                .or_else(|| var("HOME").map(|h| Path::new(&h).join(".config")))
                .ok_or_else(|| Error::Msg(ServiceMsg::NoKeyHome))?;
            Ok(config.join("depot").join(name))
        }
    }
}

#[cfg(test)]
mod key_path_tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::store::Location;

    #[test]
    fn the_key_lives_beside_a_file_or_under_the_config_folder_for_a_server() {
        let none = |_: &str| None::<String>;
        assert_eq!(
            default_path(&Location::parse("data/depot.redb"), none).unwrap(),
            PathBuf::from("data/depot.redb.key")
        );
        let env = |k: &str| (k == "HOME").then(|| "/home/q".to_owned());
        assert_eq!(
            default_path(
                &Location::parse("postgres://depot:pw@db-host:5433/qz_depot"),
                env
            )
            .unwrap(),
            PathBuf::from("/home/q/.config/depot/db-host-5433-qz_depot.key")
        );
        let xdg = |k: &str| (k == "XDG_CONFIG_HOME").then(|| "/etc/x".to_owned());
        assert_eq!(
            default_path(&Location::parse("postgres://depot@h/d"), xdg).unwrap(),
            PathBuf::from("/etc/x/depot/h-5432-d.key")
        );
    }
}
