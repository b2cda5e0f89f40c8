//! The chain row's lock: a write transaction begins by locking the row the ledger's hash chain
//! ends at, so that writers take turns, and reads the reference data's generation with it.

use crate::{cache, conn, convert, query};
use conn::Conn;
use postgres::SimpleQueryMessage;
use query::Res;

/// How long a write transaction waits for another to finish (seconds): writers take turns, and
/// a long import holds the others up.
pub(crate) const CHAIN_WAIT: u32 = if cfg!(test) { 2 } else { 30 };

/// What a write transaction found once it held the chain row: the ledger's head, and the
/// generation of the reference data (`cache.rs`).
pub(crate) struct Locked {
    pub(super) head: (u64, [u8; 32]),
    pub(super) generation: cache::Generation,
    /// The stock row of the barcode the transaction named as it began (`None` inside: no
    /// such row), read after the lock, with its last movement when that was made in the last
    /// minute (what the repeat guard asks for).
    pub(super) hinted: Option<Hinted>,
}

/// A barcode, its stock row and head if it has one, and its recent last movement.
pub(crate) type Hinted = (
    String,
    Option<(depot_store::Head, depot_domain::Stock)>,
    Option<depot_domain::movement::Movement>,
);

/// The plans a session prepares once (`Conn::plans`): `depot_hint`, a barcode's stock row with
/// its last movement when that was made in the last minute (what the repeat guard asks for);
/// `depot_put`, a movement appended with the stock row it leaves (`writer::APPEND_AND_PUT`).
fn plans() -> String {
    format!(
        "PREPARE depot_hint AS SELECT s.*, l.* FROM (SELECT {} FROM stock WHERE barcode = $1) s \
         LEFT JOIN LATERAL (SELECT {} FROM ledger WHERE seq = s.head_seq \
         AND s.head_at > now() - interval '1 minute') l ON true; \
         PREPARE depot_put AS {}",
        convert::stock_cols!(),
        convert::movement_cols!(),
        crate::writer::APPEND_AND_PUT,
    )
}

/// Begins a write transaction on `c`, locks the chain row and reads the reference data's
/// generation: one round trip (one simple query of six statements). The transaction commits
/// without waiting for the server's disk, so that the lock is not held through a flush; the
/// store flushes after the commit, before anyone is told (`PgStore::end`).
pub(crate) fn lock(c: &mut Conn, hint: Option<&str>) -> Res<Locked> {
    // A writer waits for the chain at most CHAIN_WAIT seconds (then says so), and a depot
    // program that stalls inside a write transaction loses its session (and the lock) after a
    // minute, rather than holding up every terminal. The generation is a statement of its own,
    // after the lock: a statement that waited for the lock sees, in its other tables, what was
    // committed when it began, before the writer it waited for committed.
    let mut sql = format!(
        "BEGIN ISOLATION LEVEL READ COMMITTED; \
         SET LOCAL lock_timeout = '{CHAIN_WAIT}s'; \
         SET LOCAL idle_in_transaction_session_timeout = '60s'; \
         SET LOCAL synchronous_commit = off; \
         SELECT seq, encode(hash, 'hex') FROM chain FOR UPDATE; \
         SELECT encode(value, 'hex') FROM meta WHERE key = '{}'",
        cache::GENERATION
    );
    if !c.plans {
        // Once per session, before any lock is held.
        c.client.batch_execute(&plans())?;
        c.plans = true;
    }
    if let Some(b) = hint {
        // A statement of its own after the lock, as the generation's: it sees the commit of the
        // writer this one waited for.
        sql.push_str(&format!(
            "; EXECUTE depot_hint({})",
            crate::literal::one(&b)
        ));
    }
    let (mut statement, mut chain, mut generation) = (0, None, None);
    let mut hinted = hint.map(|b| (b.to_owned(), None, None));
    for m in c.client.simple_query(&sql)? {
        match m {
            SimpleQueryMessage::Row(r) if statement == 6 => {
                if let Some((_, row, last)) = hinted.as_mut() {
                    *row = Some(convert::stock(&r)?);
                    if r.get(convert::STOCK_COLS).is_some() {
                        *last = Some(convert::movement_at(&r, convert::STOCK_COLS)?.0);
                    }
                }
            }
            SimpleQueryMessage::CommandComplete(_) => statement += 1,
            SimpleQueryMessage::Row(r) if statement == 4 => {
                chain = Some((r.get(0).map(str::to_owned), r.get(1).map(str::to_owned)));
            }
            SimpleQueryMessage::Row(r) if statement == 5 => {
                generation = r.get(0).map(str::to_owned);
            }
            _ => {}
        }
    }
    let missing = || convert::corrupt("chain", "", "the chain row is missing");
    let (Some(seq), Some(hash)) = chain.ok_or_else(missing)? else {
        return Err(missing().into());
    };
    let seq: u64 = seq
        .parse()
        .map_err(|_| convert::corrupt("chain", &seq, "the sequence is not a number"))?;
    let hash = convert::unhex(&hash)
        .and_then(|h| <[u8; 32]>::try_from(h).ok())
        .ok_or_else(|| convert::corrupt("chain", seq, "a hash is not 32 bytes"))?;
    Ok(Locked {
        head: (seq, hash),
        generation,
        hinted,
    })
}
