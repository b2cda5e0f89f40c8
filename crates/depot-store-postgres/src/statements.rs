//! The statements a write transaction sends for a movement and a stock row: a leaf that the
//! chain's lock (which prepares them once per session, `chain::plans`) and the writer share.

/// Appends a movement (`MovementCols::params`).
pub(crate) const APPEND: &str = "INSERT INTO ledger (seq, at, at_offset, action, barcode, item, quantity, \
     from_place, to_place, operator, reference, reason, change_keys, change_values, prev_hash, \
     hash, before) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";

/// The upsert of a stock row (`StockCols::params`), its parameters from `$` and the number.
macro_rules! put_stock {
    ($p:literal) => {
        concat!(
            "INSERT INTO stock (barcode, kind, item, owner, module, serial, location, status, \
             commissioned, last_inspected, plate, due, lot, quantity, expires, received, \
             life_end, head_seq, head_at) VALUES (",
            $p,
            ") ON CONFLICT (barcode) DO UPDATE SET kind = excluded.kind, \
             item = excluded.item, owner = excluded.owner, module = excluded.module, \
             serial = excluded.serial, location = excluded.location, status = excluded.status, \
             commissioned = excluded.commissioned, last_inspected = excluded.last_inspected, \
             plate = excluded.plate, due = excluded.due, lot = excluded.lot, \
             quantity = excluded.quantity, expires = excluded.expires, \
             received = excluded.received, life_end = excluded.life_end, \
             head_seq = excluded.head_seq, head_at = excluded.head_at"
        )
    };
}

/// Stores a stock row.
pub(crate) const PUT: &str = put_stock!(
    "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19"
);

/// Appends a movement and stores the stock row it leaves (the row's head is checked against
/// the ledger at commit, so the order within the statement does not matter).
pub(crate) const APPEND_AND_PUT: &str = concat!(
    "WITH appended AS (INSERT INTO ledger (seq, at, at_offset, action, barcode, item, \
     quantity, from_place, to_place, operator, reference, reason, change_keys, change_values, \
     prev_hash, hash, before) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)) ",
    put_stock!(
        "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, \
         $35, $36"
    )
);

/// The types of [`PLACE`]'s parameters: a movement's and a stock row's columns as
/// [`APPEND_AND_PUT`] takes them, then what the stock row held when read (`Turn::held`), the
/// reference data's generation as read, the movement's canonical encoding after its seq, and
/// the transaction's id (`commits`).
pub(crate) const PLACE_TYPES: &str = "bigint, timestamptz, integer, text, text, text, numeric, \
     text, text, text, text, text, text[], text[], bytea, bytea, bigint, \
     text, text, text, text, text, text, text, text, date, date, text, date, text, numeric, \
     date, date, date, bigint, timestamptz, bigint, bytea, bytea, bytea";

/// Appends a movement sealed for another place in the chain, and stores the stock row it
/// leaves, at the place the chain's head gives it now: `depot.turn` takes the chain's lock,
/// checks that what the transaction read still holds, and gives the movement's seq, link and
/// hash (computed as the domain computes it). Keeps the transaction's id with the seq, and
/// answers the seq.
pub(crate) const PLACE: &str = concat!(
    "WITH t AS (SELECT * FROM depot.turn($1, $37, $5, $2, $38, $39)), \
     kept AS (INSERT INTO commits (id, last_seq) VALUES ($40, (SELECT n FROM t))), \
     appended AS (INSERT INTO ledger (seq, at, at_offset, action, barcode, item, \
     quantity, from_place, to_place, operator, reference, reason, change_keys, change_values, \
     prev_hash, hash, before) \
     VALUES ((SELECT n FROM t), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
     (SELECT p FROM t), (SELECT h FROM t), $17)) ",
    put_stock!(
        "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, \
         (SELECT n FROM t), $36"
    ),
    " RETURNING head_seq"
);
