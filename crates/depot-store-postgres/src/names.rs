//! Names the schema gives to what the rest of the engine recognises in the server's answers:
//! a leaf, so that the connection's error handling need not reach up to the schema.

/// The name under which the database refuses a movement that does not continue the chain
/// (the refusal's constraint), so that it is said as such (`conn::error`).
pub const LEDGER_CHAIN: &str = "ledger_chain";

/// The SQLSTATE with which `depot.turn` (`schema.rs`) refuses a transaction whose reads changed
/// before its turn (`writer/turn.rs`): it is run again.
pub const TURN_MISSED: &str = "DP001";
