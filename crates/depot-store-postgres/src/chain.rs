//! The chain row's lock: a write transaction begins by locking the row the ledger's hash chain
//! ends at, so that writers take turns, and reads the reference data's generation with it.

use crate::cells::Cells;
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

/// A barcode's stock row with its last movement when that was made in the last minute (what
/// the repeat guard asks for), `$1` the barcode.
macro_rules! hint {
    () => {
        concat!(
            "SELECT s.*, l.* FROM (SELECT ",
            convert::stock_cols!(),
            " FROM stock WHERE barcode = $1) s LEFT JOIN LATERAL (SELECT ",
            convert::movement_cols!(),
            " FROM ledger WHERE seq = s.head_seq AND s.head_at > now() - interval '1 minute') l \
             ON true"
        )
    };
}
pub(crate) use hint;

/// The plans a session prepares once (`Conn::plans`): `depot_hint`, a barcode's stock row
/// ([`hint!`]); `depot_look`, the chain row, the reference data's generation and that
/// barcode's row in one row, for a transaction that takes its turn at its commit;
/// `depot_put`, a movement appended with the stock row it leaves (`statements::APPEND_AND_PUT`);
/// `depot_place`, the same placed where the chain's head is at the commit (`statements::PLACE`).
fn plans() -> String {
    format!(
        "PREPARE depot_hint AS {hint}; \
         PREPARE depot_look AS SELECT c.seq, encode(c.hash, 'hex'), \
         (SELECT encode(value, 'hex') FROM meta WHERE key = '{generation}'), h.* \
         FROM chain c LEFT JOIN ({hint}) h ON true; \
         PREPARE depot_put AS {put}; \
         PREPARE depot_place({place_types}) AS {place}",
        hint = hint!(),
        generation = cache::GENERATION,
        put = crate::statements::APPEND_AND_PUT,
        place_types = crate::statements::PLACE_TYPES,
        place = crate::statements::PLACE,
    )
}

/// How a write transaction meets the chain row ([`lock`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    /// Begins the transaction and locks the row: the transaction takes its turn at once.
    Lock,
    /// Begins the transaction and reads the row without locking it: the transaction works
    /// first and takes its turn at its commit (`writer/turn.rs`). Needs a barcode.
    Look,
    /// Locks the row in a transaction begun by [`How::Look`]: the turn taken before the
    /// commit (`PgWriter::take_turn`).
    Take,
}

/// Begins a write transaction on `c` (but for [`How::Take`]), reads the chain row (locking it
/// but for [`How::Look`]) and the reference data's generation, and the stock row of `hint`:
/// one round trip (one simple query). The transaction commits without waiting for the
/// server's disk, so that the lock is not held through a flush; the store flushes after the
/// commit, before anyone is told (`PgStore::end`).
pub(crate) fn lock(c: &mut Conn, hint: Option<&str>, how: How) -> Res<Locked> {
    // A writer waits for the chain at most CHAIN_WAIT seconds (then says so), and a depot
    // program that stalls inside a write transaction loses its session (and the lock) after a
    // minute, rather than holding up every terminal. After a lock, the generation and the
    // barcode's row are statements of their own: a statement that waited for the lock sees,
    // in its other tables, what was committed when it began, before the writer it waited for
    // committed. Without one (`Look`), one statement reads all three.
    let mut sql = String::new();
    if how != How::Take {
        sql.push_str(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; \
             SELECT set_config('lock_timeout', '{CHAIN_WAIT}s', true), \
             set_config('idle_in_transaction_session_timeout', '60s', true), \
             set_config('synchronous_commit', 'off', true); "
        ));
    }
    let first = if how == How::Take { 0 } else { 2 };
    let look = match (how, hint) {
        (How::Look, Some(b)) => Some(b),
        _ => None,
    };
    match look {
        Some(b) => sql.push_str(&format!("EXECUTE depot_look({})", crate::literal::one(&b))),
        None => {
            sql.push_str(&format!(
                "SELECT seq, encode(hash, 'hex') FROM chain FOR UPDATE; \
                 SELECT encode(value, 'hex') FROM meta WHERE key = '{}'",
                cache::GENERATION
            ));
            if let Some(b) = hint {
                sql.push_str(&format!(
                    "; EXECUTE depot_hint({})",
                    crate::literal::one(&b)
                ));
            }
        }
    }
    if !c.plans {
        // Once per session, before any lock is held.
        c.client.batch_execute(&plans())?;
        c.plans = true;
    }
    let (mut statement, mut chain, mut generation) = (0, None, None);
    let mut hinted = hint.map(|b| (b.to_owned(), None, None));
    for m in c.client.simple_query(&sql)? {
        match m {
            SimpleQueryMessage::CommandComplete(_) => statement += 1,
            SimpleQueryMessage::Row(r) if statement == first && look.is_some() => {
                chain = Some((r.get(0).map(str::to_owned), r.get(1).map(str::to_owned)));
                generation = r.get(2).map(str::to_owned);
                read_hint(&mut hinted, &r, 3)?;
            }
            SimpleQueryMessage::Row(r) if statement == first + 2 => read_hint(&mut hinted, &r, 0)?,
            SimpleQueryMessage::Row(r) if statement == first => {
                chain = Some((r.get(0).map(str::to_owned), r.get(1).map(str::to_owned)));
            }
            SimpleQueryMessage::Row(r) if statement == first + 1 => {
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

/// Keeps in `hinted` the stock row (and its recent last movement) that `r` holds from column
/// `at` on, if it holds one (its barcode is not null).
fn read_hint<R: Cells>(hinted: &mut Option<Hinted>, r: &R, at: usize) -> Res<()> {
    let Some((_, row, last)) = hinted.as_mut() else {
        return Ok(());
    };
    let r = crate::cells::From(r, at);
    let there = |i| r.cell::<Option<&str>>(i).ok().flatten().is_some();
    if !there(0) {
        return Ok(());
    }
    *row = Some(convert::stock(&r)?);
    if there(convert::STOCK_COLS) {
        *last = Some(convert::movement_at(&r, convert::STOCK_COLS)?.0);
    }
    Ok(())
}
