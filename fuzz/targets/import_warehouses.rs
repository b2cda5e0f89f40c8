//! A `warehouses.csv` as a user's file reaches `depot import warehouses FILE`: see [`super::import`].

use depot_exchange::columns::Kind;

pub fn run(data: &[u8]) {
    super::import::run(Kind::Warehouses, data);
}
