//! The bundle a depot sends headquarters: a folder of exchange files and `manifest.json`, which
//! names every file with its row count and SHA-256 and is signed with the depot's Ed25519 key
//! (`schemas/bundle.md`). The format and its checks live here, for the side that writes a
//! bundle (`service::bundle`) and the side that reads one (headquarters) alike.

pub mod key;
pub mod manifest;
pub mod signed;

pub use key::{DepotKey, KeyError};
pub use manifest::{BundleError, Depot, FileEntry, Manifest, Unsigned};
