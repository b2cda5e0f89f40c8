//! An import's files read into records: each row parsed (`parse`), every problem reported with
//! its file, line and column, and the rows that parsed gathered into a [`Bundle`] for the
//! import service to check and land.

use std::path::PathBuf;

use depot_domain::{
    CatalogItem, Module, PlaceLocation, StandardLine, Target, TravelTime, Unit, Warehouse,
};

use crate::columns::Kind;

pub mod parse;
pub mod rows;

pub use rows::{Compact, Rows};

/// One file to import.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk (CSV text, or a workbook whose sheets with a header of this kind are
    /// read); its rejects are written beside it.
    File(Kind, PathBuf),
    /// One sheet of a workbook on disk.
    Sheet(Kind, PathBuf, String),
    /// Bytes built into the program (the sample); `name` stands for its path in messages.
    Bytes(Kind, &'static str, &'static [u8]),
    /// Bytes read and checked before the import (a directive's files, their SHA-256 checked
    /// against its signed list): imported as checked, never read again. `name` stands for its
    /// path in messages.
    Owned(Kind, String, Vec<u8>),
}

impl Source {
    /// What the file holds.
    pub fn kind(&self) -> Kind {
        match self {
            Source::File(k, _)
            | Source::Sheet(k, _, _)
            | Source::Bytes(k, _, _)
            | Source::Owned(k, _, _) => *k,
        }
    }

    /// The file on disk, if the source is one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Source::File(_, p) | Source::Sheet(_, p, _) => Some(p),
            Source::Bytes(..) | Source::Owned(..) => None,
        }
    }
}

/// Where a record came from: file and line (a workbook's sheet and its row number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: u64,
    /// The sheet, for a row of a workbook.
    pub sheet: Option<Box<str>>,
}

/// Parsed records of one import, each with its origin.
#[derive(Debug, Default)]
pub struct Bundle {
    pub modules: Vec<(Origin, Module)>,
    pub units: Vec<(Origin, Unit)>,
    pub warehouses: Vec<(Origin, Warehouse)>,
    /// The locations that units.csv and warehouses.csv give (`lat`, `lon`).
    pub locations: Vec<(Origin, PlaceLocation)>,
    pub travel_times: Vec<(Origin, TravelTime)>,
    pub catalog: Vec<(Origin, CatalogItem)>,
    pub assets: Rows<depot_domain::Asset>,
    pub lots: Rows<depot_domain::Lot>,
    pub standards: Vec<(Origin, StandardLine)>,
    pub targets: Vec<(Origin, Target)>,
    /// What the movements of the import refer to (`import 7` for a register's import).
    pub reference: Option<String>,
}

/// What the exchange side read of an import's files: the rows it could parse, and whether any
/// row could not be read (those it reports itself, with file, line and column).
#[derive(Debug, Default)]
pub struct Read {
    pub bundle: Bundle,
    pub unreadable: bool,
}
