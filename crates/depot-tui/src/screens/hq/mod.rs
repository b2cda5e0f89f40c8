//! Screen 1 on a headquarters database (one with enrolled depots): the depots that send it
//! bundles, each with its rates, its last bundle and how current that is, under a row for the
//! whole service; Enter opens one depot's figures and the lines of its latest `readiness.csv`,
//! Esc goes back; Tab shows readiness over time instead, of the whole service on the list and
//! of the depot on its lines (`chart`), and Tab again the response circles (`circles`). The figures are `service::hq::figures`'s, read again
//! when another terminal ingests (`update::others`).

mod chart;
mod circles;
mod draw;
mod layout;
mod load;
mod text;
mod update;

pub use chart::{ask as ask_chart, take as take_chart};
pub use circles::{ask as ask_circles, circles_of, take as take_circles};
pub use draw::draw;
pub use load::{changed, load, open_depot, take};
pub use text::without_register;
pub use update::update;
