//! A full scan of the stock that leaves text unchecked: codes come as the stored bytes, for a
//! reader that checks only the codes it keeps, once each.

use crate::rows;

/// An asset as a scan reads it: [`super::AssetRow`] with its text as bytes.
#[derive(Debug, Clone, Copy)]
pub struct AssetScan<'a> {
    pub item: &'a [u8],
    pub serial: Option<&'a [u8]>,
    pub owner: &'a [u8],
    pub location: Option<&'a [u8]>,
    pub module: Option<&'a [u8]>,
    pub status: u8,
    pub commissioned: Option<i32>,
    pub last_inspected: Option<i32>,
    pub plate: Option<&'a [u8]>,
    pub due: Option<i32>,
}

/// A lot as a scan reads it: [`super::LotRow`] with its text as bytes.
#[derive(Debug, Clone, Copy)]
pub struct LotScan<'a> {
    pub item: &'a [u8],
    pub lot: Option<&'a [u8]>,
    pub owner: &'a [u8],
    pub module: Option<&'a [u8]>,
    pub quantity: [u8; 16],
    pub expires: Option<i32>,
    pub received: Option<i32>,
}

/// A value of the stock table as a scan reads it.
#[derive(Debug, Clone, Copy)]
pub enum StockScan<'a> {
    Asset(AssetScan<'a>),
    Lot(LotScan<'a>),
}

impl AssetScan<'_> {
    pub fn status(&self) -> depot_domain::AssetStatus {
        rows::status_of(self.status)
    }
}

impl LotScan<'_> {
    pub fn quantity(&self) -> rust_decimal::Decimal {
        rows::undec(self.quantity)
    }
}

/// The rows of the stock, shared out in blocks between two threads that read it from its two
/// ends, so that they meet wherever their speeds take them (no split key to guess).
pub struct Claims {
    rows: u64,
    taken: std::sync::atomic::AtomicU64,
    block: u64,
}

impl Claims {
    /// `rows` rows (the stock's count in the readers' snapshot), `block` at a time.
    pub fn new(rows: u64, block: u64) -> Self {
        Claims {
            rows,
            taken: std::sync::atomic::AtomicU64::new(0),
            block: block.max(1),
        }
    }

    /// How many more rows the caller is to read (0: none are left).
    pub fn claim(&self) -> u64 {
        let before = self
            .taken
            .fetch_add(self.block, std::sync::atomic::Ordering::Relaxed);
        self.rows.saturating_sub(before).min(self.block)
    }
}

/// The end of the barcode order a scan starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    First,
    Last,
}
