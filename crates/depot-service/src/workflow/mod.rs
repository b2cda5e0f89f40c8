//! The quartermaster's workflows: check-out, check-in, transfer, issue, receive, inspect,
//! repair and write-off. Each `*_in` function checks everything before its first write, so a
//! refused scan inside a batch leaves nothing behind; the plain functions run one of them as
//! one durable transaction.

mod checkin;
mod checkout;
mod error;
mod fefo;
mod inspect;
mod issue;
mod receive;
mod repair;
mod steps;
mod transfer;
mod undo;
mod writeoff;

pub use checkin::{CheckinReq, Condition, checkin, checkin_in};
pub(crate) use checkout::checkout_to;
pub use checkout::{CheckoutReq, checkout, checkout_in};
pub use error::{WorkflowError, done_word};
pub use inspect::inspect;
pub use issue::{issue, issue_in};
pub use receive::{ReceiveReq, receive};
pub use repair::repair;
pub use steps::{
    Done, More, REPEAT_SECONDS, Told, find, holder, lot_out, module_named, refuse_away,
};
pub(crate) use steps::{already_out, movement, some_text};
pub(crate) use transfer::split_lot;
pub use transfer::{transfer, transfer_in};
pub use undo::undo;
pub use writeoff::writeoff;
