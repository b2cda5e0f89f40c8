//! The quartermaster's commands: check-out, check-in, transfer, issue, receive, inspect,
//! repair, write-off, kits, stock counts, the scan stream, operators and the audit log.

mod answers;
mod count;
mod kit;
mod moves;
mod operator;
mod parse;
mod scan;

pub use count::{CountCmd, count_cmd};
pub use kit::{KitCmd, kit_cmd};
pub use moves::{
    CheckinArgs, CheckoutArgs, RepairCmd, checkin, checkout, inspect, issue, receive, receive_req,
    repair, transfer, writeoff,
};
pub use operator::{OperatorCmd, audit, operator_cmd};
pub use scan::{ScanArgs, scan_stream};
