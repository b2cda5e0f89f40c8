//! A `modules.csv` as a user's file reaches `depot import modules FILE`: see [`super::import`].

use depot_exchange::columns::Kind;

pub fn run(data: &[u8]) {
    super::import::run(Kind::Modules, data);
}
