//! Where a depot database is, and how it is opened.

use std::path::{Path, PathBuf};

/// Where a depot database is: what `--db` (or `DEPOT_DB`) names. A `postgres://` or
/// `postgresql://` URL is a PostgreSQL database; anything else is the path of a redb file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Server(String),
}

impl Location {
    pub fn parse(given: &str) -> Location {
        let lower = given.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
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
