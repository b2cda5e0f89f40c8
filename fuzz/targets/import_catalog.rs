//! A `catalog.csv` as a user's file reaches `depot import catalog FILE`: see [`super::import`].

use depot_exchange::columns::Kind;

pub fn run(data: &[u8]) {
    super::import::run(Kind::Catalog, data);
}
