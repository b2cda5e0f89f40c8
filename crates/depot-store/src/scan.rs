//! How two threads share out a full scan of the stock ([`Claims`]) and which end a scan starts
//! from ([`End`]).

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
