//! The figures of a scope: additive tallies, so that a unit's figures are its own plus those of
//! everything below it, and the rates computed from them.

use std::ops::AddAssign;

use rust_decimal::Decimal;

use crate::Category;
use crate::vocab::Vocabulary;

/// Lines of standards: how many, how many are met, and the sums the rates are made of
/// (`EXCHANGE.md` version 2: every line weighs the same; quantities of different lines are
/// never added together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub lines: u32,
    /// Lines with held ≥ required.
    pub equipped: u32,
    /// Lines with ready ≥ required.
    pub ready_met: u32,
    /// Σ min(held / required, 1), each term rounded to [`RATIO_DP`] places.
    pub equipped_sum: Decimal,
    /// Σ min(ready / required, 1), likewise.
    pub ready_sum: Decimal,
}

/// Places each line's ratio is rounded to before the ratios are added, so that a sum is exact
/// and the same in whatever order the lines are added (a roll-up, a direct computation).
pub const RATIO_DP: u32 = 12;

/// min(have / required, 1) of one line, rounded to [`RATIO_DP`] places (a line of 0 or less,
/// which import refuses, counts as met).
pub fn line_ratio(have: Decimal, required: Decimal) -> Decimal {
    if have >= required {
        return Decimal::ONE;
    }
    if required <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    (have.max(Decimal::ZERO) / required).round_dp_with_strategy(
        RATIO_DP,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
}

impl Tally {
    /// 配备率: the mean over the lines of min(held / required, 1), in percent; `None` without
    /// lines.
    pub fn equipped_rate(&self) -> Option<Decimal> {
        percent(self.equipped_sum, Decimal::from(self.lines))
    }
    /// 完好满足率: the mean over the lines of min(ready / required, 1), in percent.
    pub fn ready_coverage(&self) -> Option<Decimal> {
        percent(self.ready_sum, Decimal::from(self.lines))
    }
    pub fn add_line(&mut self, required: Decimal, held: Decimal, ready: Decimal) {
        let status = LineStatus::of(required, held, ready);
        self.lines += 1;
        self.equipped += u32::from(status.equipped());
        self.ready_met += u32::from(status == LineStatus::Met);
        self.equipped_sum += line_ratio(held, required);
        self.ready_sum += line_ratio(ready, required);
    }
}

/// Where one line of a standard stands: the one judgement the units tree, the shortfall list,
/// `readiness.csv` and the rates all read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStatus {
    /// Held ≥ required and ready ≥ required.
    Met,
    /// Held ≥ required, ready < required: equipped, but not all of it can turn out.
    NotReady,
    /// Held < required.
    Short,
}

impl LineStatus {
    pub fn of(required: Decimal, held: Decimal, ready: Decimal) -> Self {
        if held < required {
            LineStatus::Short
        } else if ready < required {
            LineStatus::NotReady
        } else {
            LineStatus::Met
        }
    }
    pub fn equipped(self) -> bool {
        self != LineStatus::Short
    }
    pub fn ready_met(self) -> bool {
        self == LineStatus::Met
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, o: &Tally) {
        self.lines += o.lines;
        self.equipped += o.equipped;
        self.ready_met += o.ready_met;
        self.equipped_sum += o.equipped_sum;
        self.ready_sum += o.ready_sum;
    }
}

/// Counts of the stock itself (whether or not a standard names it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StockTally {
    /// Assets held (not retired).
    pub pieces: u64,
    pub pieces_ready: u64,
    pub checked_out: u64,
    /// Checked out with a return date before the report date.
    pub past_due: u64,
    pub maintenance: u64,
    pub out_of_service: u64,
    pub over_age: u64,
    pub inspection_overdue: u64,
    pub lots: u64,
    pub lots_expired: u64,
    /// Not expired, and expiring within the report's number of days.
    pub lots_expiring: u64,
}

impl AddAssign<&StockTally> for StockTally {
    fn add_assign(&mut self, o: &StockTally) {
        self.pieces += o.pieces;
        self.pieces_ready += o.pieces_ready;
        self.checked_out += o.checked_out;
        self.past_due += o.past_due;
        self.maintenance += o.maintenance;
        self.out_of_service += o.out_of_service;
        self.over_age += o.over_age;
        self.inspection_overdue += o.inspection_overdue;
        self.lots += o.lots;
        self.lots_expired += o.lots_expired;
        self.lots_expiring += o.lots_expiring;
    }
}

/// The figures of one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryTally {
    /// Lines whose item is of the category, or that name the category.
    pub lines: Tally,
    /// Units and warehouses with such lines, and those with all of them equipped.
    pub places_with_lines: u32,
    pub places_compliant: u32,
    /// Assets held, the ready ones and the high-end ones among them.
    pub pieces: u64,
    pub pieces_ready: u64,
    pub high_end: u64,
    pub over_age: u64,
}

impl CategoryTally {
    /// Ready pieces / pieces held, in percent.
    pub fn ready_rate(&self) -> Option<Decimal> {
        percent(Decimal::from(self.pieces_ready), Decimal::from(self.pieces))
    }
    pub fn high_end_share(&self) -> Option<Decimal> {
        percent(Decimal::from(self.high_end), Decimal::from(self.pieces))
    }
    pub fn compliance_rate(&self) -> Option<Decimal> {
        percent(
            Decimal::from(self.places_compliant),
            Decimal::from(self.places_with_lines),
        )
    }
}

impl AddAssign<&CategoryTally> for CategoryTally {
    fn add_assign(&mut self, o: &CategoryTally) {
        self.lines += &o.lines;
        self.places_with_lines += o.places_with_lines;
        self.places_compliant += o.places_compliant;
        self.pieces += o.pieces;
        self.pieces_ready += o.pieces_ready;
        self.high_end += o.high_end;
        self.over_age += o.over_age;
    }
}

/// Everything a report says about a scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Every line of a standard in the scope.
    pub lines: Tally,
    /// The lines of warehouses (the reserve baseline): saturation.
    pub reserve: Tally,
    /// Units and warehouses that have lines, and those with every line equipped.
    pub places_with_lines: u32,
    pub places_compliant: u32,
    pub stock: StockTally,
    /// By category, in the order of [`Category::ALL`].
    pub categories: [CategoryTally; 9],
}

impl Figures {
    /// 配备率: the mean over the scope's lines of min(held / required, 1).
    pub fn equipped_rate(&self) -> Option<Decimal> {
        self.lines.equipped_rate()
    }
    /// 完好满足率: the mean over the scope's lines of min(ready / required, 1).
    pub fn ready_coverage(&self) -> Option<Decimal> {
        self.lines.ready_coverage()
    }
    /// 完好率: ready pieces / pieces held (serialized assets only).
    pub fn ready_rate(&self) -> Option<Decimal> {
        percent(
            Decimal::from(self.stock.pieces_ready),
            Decimal::from(self.stock.pieces),
        )
    }
    /// Units and warehouses with every line equipped / those that have lines, in percent.
    pub fn compliance_rate(&self) -> Option<Decimal> {
        percent(
            Decimal::from(self.places_compliant),
            Decimal::from(self.places_with_lines),
        )
    }
    /// Saturation of the reserve: the mean over warehouse lines of min(held / required, 1).
    pub fn saturation(&self) -> Option<Decimal> {
        self.reserve.equipped_rate()
    }
    /// High-end pieces / pieces held, over every category.
    pub fn high_end_share(&self) -> Option<Decimal> {
        let (h, n) = self
            .categories
            .iter()
            .fold((0, 0), |(h, n), c| (h + c.high_end, n + c.pieces));
        percent(Decimal::from(h), Decimal::from(n))
    }
    pub fn category(&self, c: Category) -> &CategoryTally {
        &self.categories[category_index(c)]
    }
}

impl AddAssign<&Figures> for Figures {
    fn add_assign(&mut self, o: &Figures) {
        self.lines += &o.lines;
        self.reserve += &o.reserve;
        self.places_with_lines += o.places_with_lines;
        self.places_compliant += o.places_compliant;
        self.stock += &o.stock;
        for (a, b) in self.categories.iter_mut().zip(&o.categories) {
            *a += b;
        }
    }
}

/// The position of a category in [`Category::ALL`].
pub fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// `part / whole` in percent; `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        None
    } else {
        part.checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|p| p.checked_div(whole))
    }
}

/// A rate as data: percent rounded half-up to two places (`86.69`).
pub fn rate2(r: Decimal) -> Decimal {
    r.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// A rate as the reports show it: one decimal (rounded half-up), or empty without a base
/// (never 0 % or 100 %).
pub fn rate_text(r: Option<Decimal>) -> String {
    match r {
        Some(r) => format!(
            "{:.1}",
            r.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        ),
        None => String::new(),
    }
}
