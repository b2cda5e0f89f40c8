//! Readiness maths: as of a date, what each unit and warehouse holds against its standards,
//! the rates of `EXCHANGE.md` ("What the rates mean") rolled up the hierarchy, the targets,
//! the shortfalls, the replacement plan and the rotation of reserves. Pure: it reads a [`Snapshot`] and nothing else.
//!
//! Roll-up rule: the figures of a unit are its own, plus those of every unit below it, plus
//! those of every warehouse run by any of these units (a warehouse counts once, for the unit
//! that runs it). "Everything" is the sum over the roots.
//!
//! A line of a standard without a module counts stock of its place in any module; a line with
//! a module (a warehouse's baseline) counts only stock of that module. A category line counts
//! every item of the category. High-end share counts serialized pieces (lots have no pieces).

mod arena;
mod builder;
mod cells;
mod circles;
mod engine;
mod figures;
mod live;
mod numbers;
mod pass;
mod reference;
mod replace;
mod rotation;
mod shortfalls;
mod snapshot;
mod targets;
mod trend;

pub use builder::SnapshotBuilder;
pub use circles::{
    AreaRow, CircleLevel, CircleSpec, Circles, Reach, Stocked, UnitReach, circles, circles_of,
    travel,
};
pub use engine::{
    CellFigures, LineResult, Readiness, Within, evaluate, evaluate_in, line_stock,
    warehouse_modules, within,
};
pub use figures::{
    CategoryTally, Figures, LineStatus, RATIO_DP, StockTally, Tally, category_index, line_ratio,
    percent, rate_text, rate2,
};
pub use pass::{Order, StockPass};
pub use replace::{
    Budget, Plan, PlanYear, ReplacementRow, Total, plan, replacements, totals_by_owner,
    totals_by_year,
};
pub use rotation::{
    Buy, Every, HORIZON_MONTHS, ModuleShare, Period, Rotation, RotationRow, UseFirst, periods,
    rotation,
};
pub use shortfalls::{Shortfall, Source, lines_short, shortfalls, shortfalls_of};
pub use snapshot::{
    Arena, AssetRec, Cell, FxMap, Geo, LineDef, LineWhat, LotRec, NO_MODULE, NO_PLACE, Place,
    PlaceKind, Snapshot,
};
pub use targets::{
    GapUnit, TargetResult, TargetStatus, ceil_count, judge, judge_targets, lines_to_fill, verdict,
};

pub use numbers::{Link, Linked, Numbers};
pub use trend::{
    Pushed, Reference, Replay, Trend, TrendError, TrendPoint, as_of, dates, point, share,
};

#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cells;
#[cfg(test)]
mod tests_circles;
#[cfg(test)]
mod tests_dates;
#[cfg(test)]
mod tests_rotation;
#[cfg(test)]
mod tests_targets;
#[cfg(test)]
mod tests_trend;
#[cfg(test)]
mod tests_trend_live;
