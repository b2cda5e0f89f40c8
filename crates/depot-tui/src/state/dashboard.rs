//! The dashboard's state: the figure selected, and the figures that open a list.

/// The dashboard's own state: which figure is selected.
#[derive(Debug, Clone, Copy, Default)]
pub struct DashboardState {
    pub tile: usize,
}

/// The dashboard's figures that open a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tile {
    Equipped,
    Ready,
    Compliance,
    HighEnd,
    OverAge,
    Overdue,
    PastDue,
    Expiring,
}

impl Tile {
    pub const ALL: [Tile; 8] = [
        Tile::Equipped,
        Tile::Ready,
        Tile::Compliance,
        Tile::HighEnd,
        Tile::OverAge,
        Tile::Overdue,
        Tile::PastDue,
        Tile::Expiring,
    ];
}
