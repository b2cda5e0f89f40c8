//! One entry per screen, each with its state, its update and its drawing: 1 dashboard (Tab:
//! readiness over time), 2 inventory, 3 scan station, 4 units and warehouses (Tab: the response
//! circles), 5 replacements, 6 exports. The
//! readiness screens (1, 4, 5) share the figures of one snapshot (`readiness`). On a
//! headquarters database screen 1 lists the depots instead (`hq`).

pub mod circle_plan;
pub mod circles;
pub mod common;
pub mod dashboard;
pub mod exports;
pub mod figures;
pub mod hq;
pub mod inventory;
pub mod nav;
pub mod readiness;
pub mod replacements;
pub mod scan;
pub mod trend;
pub mod units;
