//! Where a depot database is, and how it is opened.

use std::path::{Path, PathBuf};

/// Where a depot database is: what `--db` (or `DEPOT_DB`) names. A `postgres://` or
/// `postgresql://` URL is a PostgreSQL database, and so is a libpq `key=value` connection string
/// (`host=/run/postgresql dbname=qz`; never a file made with the string, and its password, for
/// a name); anything else is the path of a redb file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Server(String),
}

impl Location {
    pub fn parse(given: &str) -> Location {
        let lower = given.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://")
            || lower.starts_with("postgresql://")
            || is_key_value(&lower)
        {
            Location::Server(given.trim().to_owned())
        } else {
            Location::File(PathBuf::from(given))
        }
    }

    /// The file, for a redb database.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(p) => Some(p),
            Location::Server(_) => None,
        }
    }
}

/// Whether `text` (lower case) is a libpq `key=value` connection string: its first word is a
/// connection keyword followed by `=`.
fn is_key_value(text: &str) -> bool {
    const KEYWORDS: [&str; 17] = [
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "password",
        "passfile",
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "service",
        "options",
        "application_name",
        "connect_timeout",
        "target_session_attrs",
        "channel_binding",
    ];
    text.split_once('=')
        .is_some_and(|(k, _)| KEYWORDS.contains(&k.trim()))
}

impl From<&Path> for Location {
    fn from(p: &Path) -> Location {
        match p.to_str() {
            Some(s) => Location::parse(s),
            None => Location::File(p.to_owned()),
        }
    }
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Location, Self::Err> {
        Ok(Location::parse(s))
    }
}

/// How a database is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// An existing database; a missing one is an error.
    Existing,
    /// An existing database, or a new one created and initialised.
    Create,
    /// An existing database, for reading only (`verify`): nothing is written to it.
    ReadOnly,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_value_connection_string_is_a_server_not_a_file() {
        for s in [
            "host=db.local dbname=qz user=depot password=s3cret",
            "dbname = qz",
            "PASSWORD=x host=y",
        ] {
            assert!(matches!(Location::parse(s), Location::Server(_)), "{s}");
        }
        for s in ["depot.redb", "a=b.redb", "./host=x", "/tmp/qz.redb"] {
            assert!(matches!(Location::parse(s), Location::File(_)), "{s}");
        }
    }
}
