//! The relational schema of the server engine, its version, and the role a depot connects as.
//!
//! Everything lives in the PostgreSQL schema `depot`, so a database shared with other programs
//! keeps its own tables apart. Text keys are `COLLATE "C"`: PostgreSQL then orders them as redb
//! does (the bytes of their UTF-8), so every listing comes out in the same order on both engines.
//!
//! Owners: a stock row's owner is a unit or a warehouse. Both register their code in `places`
//! (`put_unit`/`put_warehouse` do), and `stock.owner` has a real foreign key to it.

use crate::roles;

/// The version of the schema below; a database of a newer one is refused on open. Separate
/// from redb's `SCHEMA_VERSION`: the two layouts change for different reasons.
///
/// 2: the headquarters tables (`hq.rs`), which opening a version 1 database adds
/// ([`upgrade_statements`]).
/// 3: `count_lines`, what a count decided at its close, which opening an older one adds.
/// 4: the ledger's link kept by the database ([`ledger_chain`]), which opening an older one
/// adds.
/// 5: `commits`, every write transaction's id ([`COMMITS`]), which opening an older one adds.
/// 6: the server holds the line itself (`roles.rs`): operators sign in on it, and triggers
/// hold the terminals' role to the signed-in operator; opening an older one adds them, and
/// takes from the terminals' role what the recipe no longer gives ([`roles::UPGRADE_STATEMENTS`]).
/// 7: `depot.turn`, a scan's turn in the chain taken at its commit, and `depot.prune_commits`
/// ([`turn`]), which opening an older one adds.
/// 8: the digest's recipients and what was last sent to each ([`NOTIFY`]), which opening an
/// older one adds.
/// 9: the server's checks without a parse in every statement they guard
/// ([`roles::parse_free`]), which opening an older one makes so.
/// 10, "places located": the places' locations and the travel-time table ([`GEO`]), and the
/// targets' metrics as depot knows them now ([`metrics_check`]), which opening an older one
/// adds.
/// 11, "officers' keys": what only an officer writes outside the reference tables, held by the
/// server too ([`officers_keys`]): the meta keys of headquarters' directives (its enrolled key,
/// the directive in force, those issued) and the headquarters tables; opening an older one adds
/// the triggers.
/// 12, "shipments": the ledger's action check and the stock's status check made again with
/// every action and status depot knows ([`vocabulary_checks`]): a shipment's `ship` movement
/// and the status `away` of a piece shipped to another depot; which opening an older one
/// makes so; and the officers' meta keys of 11 extended to the peer depots' keys it enrols
/// (`ship.peers`, `ship.peer.CODE`), against which a forged shipment or receipt would pass.
/// 13, "digest lines": the lines below standard of the digest last sent to each recipient
/// ([`DIGEST_LINES`]), which opening an older one adds.
/// 14, "counts and kits": stock counts and kits held to the signed-in operator by the server too
/// ([`roles::counts_and_kits`]): opened and scanned by one who may scan, closed by an officer,
/// each in their own name; which opening an older one adds.
/// 15, "shipment index": headquarters' partial index of the movements that name a shipment
/// ([`crate::hq::SHIPMENT_INDEX`]), which `report transit` reads instead of every movement;
/// opening an older one adds it.
/// 16, "bundle figures": headquarters' figures of every bundle ingested, for the trend by depot
/// (`hq_figures.rs`), which opening an older one adds (empty: the bundles ingested before
/// have none kept).
pub const SCHEMA_VERSION: u32 = 16;

/// The version that holds counts and kits to the signed-in operator ([`roles::counts_and_kits`]).
const COUNTS_AND_KITS: u32 = 14;

/// The version that indexes headquarters' shipment movements ([`crate::hq::SHIPMENT_INDEX`]).
const SHIPMENT_INDEX_VERSION: u32 = 15;

/// The version that keeps the figures of every bundle ingested (`hq_figures.rs`).
const BUNDLE_FIGURES: u32 = 16;

/// The version that keeps the lines below standard of each digest sent ([`DIGEST_LINES`]).
const DIGEST_LINES_VERSION: u32 = 13;

/// Only a signed-in officer (or the owner) writes a directive's meta key (`directive.…`: the
/// enrolled key of headquarters that every directive is checked against, the directive in
/// force, those issued, each depot's stated version), a peer depot's enrolled key (`ship.peers`,
/// `ship.peer.CODE`: what every shipment and receipt is checked against) or the headquarters tables (what a bundle
/// ingested says). The library asks the same of every path that writes them; a terminal's
/// credentials alone would otherwise let a hand in SQL enrol a key of its own. The tables are
/// checked once a statement (an ingest writes many rows), the meta rows each.
fn officers_keys() -> String {
    use depot_domain::Vocabulary as _;
    let officer = depot_domain::access::Role::Officer.en();
    format!(
        r#"
CREATE OR REPLACE FUNCTION officers_key(k text) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT k LIKE 'directive.%' OR k = 'ship.peers' OR k LIKE 'ship.peer.%' $$;
CREATE OR REPLACE FUNCTION meta_officers() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
BEGIN
    IF (depot.officers_key(NEW.key) OR (TG_OP = 'UPDATE' AND depot.officers_key(OLD.key)))
        AND (SELECT s.role FROM depot.signed_in() s) IS DISTINCT FROM '{officer}' THEN
        RAISE EXCEPTION 'only a signed-in officer changes % in %', NEW.key, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS meta_officers ON meta;
CREATE TRIGGER meta_officers BEFORE INSERT OR UPDATE ON meta
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION meta_officers();
DROP TRIGGER IF EXISTS hq_depots_officers ON hq_depots;
CREATE TRIGGER hq_depots_officers BEFORE INSERT OR UPDATE ON hq_depots
    FOR EACH STATEMENT WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
DROP TRIGGER IF EXISTS hq_files_officers ON hq_files;
CREATE TRIGGER hq_files_officers BEFORE INSERT OR UPDATE ON hq_files
    FOR EACH STATEMENT WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
DROP TRIGGER IF EXISTS hq_bundles_officers ON hq_bundles;
CREATE TRIGGER hq_bundles_officers BEFORE INSERT ON hq_bundles
    FOR EACH STATEMENT WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
DROP TRIGGER IF EXISTS hq_movements_officers ON hq_movements;
CREATE TRIGGER hq_movements_officers BEFORE INSERT ON hq_movements
    FOR EACH STATEMENT WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
"#
    )
}

/// The lines below standard that the digest last sent to a recipient counted, with their
/// figures then, which whoever sends the digest writes (all of a recipient's at once, in
/// place of what was before); they go with the record of what was sent.
const DIGEST_LINES: &str = r#"
CREATE TABLE digest_lines (
    audience text COLLATE "C" NOT NULL,
    address text COLLATE "C" NOT NULL,
    unit text COLLATE "C" NOT NULL,
    module text COLLATE "C" NOT NULL,
    what text COLLATE "C" NOT NULL,
    required numeric NOT NULL,
    held numeric NOT NULL,
    ready numeric NOT NULL,
    PRIMARY KEY (audience, address, unit, module, what),
    FOREIGN KEY (audience, address) REFERENCES digests_sent ON DELETE CASCADE
);
"#;

/// What the recipe gives the terminals on the lines of the digests sent.
const DIGEST_LINES_GRANTS: &[&str] = &[
    "INSERT, DELETE ON depot.digest_lines",
    "SELECT ON depot.digest_lines",
];

/// The version that adds the places' locations and the travel-time table ([`GEO`]).
const PLACES_LOCATED: u32 = 10;

/// The version whose checks admit shipments ([`vocabulary_checks`]).
const SHIPMENTS: u32 = 12;

/// The places' locations (decimal degrees) and the travel times the service's map system
/// gives between two places, an officer's like the rest of the reference data.
const GEO: &str = r#"
CREATE TABLE place_locations (
    code text COLLATE "C" PRIMARY KEY REFERENCES places (code),
    lat numeric NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon numeric NOT NULL CHECK (lon BETWEEN -180 AND 180)
);
CREATE TRIGGER place_locations_officers BEFORE INSERT OR UPDATE ON place_locations
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
CREATE TABLE travel_times (
    from_place text COLLATE "C" NOT NULL REFERENCES places (code),
    to_place text COLLATE "C" NOT NULL REFERENCES places (code),
    minutes numeric NOT NULL CHECK (minutes > 0),
    PRIMARY KEY (from_place, to_place)
);
CREATE TRIGGER travel_times_officers BEFORE INSERT OR UPDATE ON travel_times
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
"#;

/// What the recipe gives the terminals on the places' locations and the travel times.
const GEO_GRANTS: &[&str] = &[
    "INSERT, UPDATE ON depot.place_locations, depot.travel_times",
    "SELECT ON depot.place_locations, depot.travel_times",
];

/// The targets' metric check made again with every metric depot knows (a database made
/// before a metric was added refuses it otherwise).
fn metrics_check() -> String {
    format!(
        "ALTER TABLE targets DROP CONSTRAINT IF EXISTS targets_metric_check, \
         ADD CONSTRAINT targets_metric_check CHECK (metric IN ({}));\n",
        words::<depot_domain::Metric>()
    )
}

/// The ledger's action check and the stock's status check made again with every action and
/// status depot knows (a database made before `ship` and `away` refuses them otherwise).
fn vocabulary_checks() -> String {
    format!(
        "ALTER TABLE ledger DROP CONSTRAINT IF EXISTS ledger_action_check, \
         ADD CONSTRAINT ledger_action_check CHECK (action IN ({}));\n\
         ALTER TABLE stock DROP CONSTRAINT IF EXISTS stock_status_check, \
         ADD CONSTRAINT stock_status_check CHECK (status IN ({}));\n",
        words::<depot_domain::Action>(),
        words::<depot_domain::AssetStatus>()
    )
}

/// The digest's recipients, an officer's (the same check as the reference data's, removal
/// too), and what was last sent to each, which whoever sends the digest writes; removing a
/// recipient removes what was sent to it.
const NOTIFY: &str = r#"
CREATE TABLE recipients (
    audience text COLLATE "C" NOT NULL,
    address text COLLATE "C" NOT NULL,
    channel text NOT NULL CHECK (channel IN ('mail', 'json', 'wecom', 'dingtalk')),
    PRIMARY KEY (audience, address)
);
CREATE TRIGGER recipients_officers BEFORE INSERT OR UPDATE OR DELETE ON recipients
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();
CREATE TABLE digests_sent (
    audience text COLLATE "C" NOT NULL,
    address text COLLATE "C" NOT NULL,
    fingerprint text NOT NULL,
    at text NOT NULL,
    PRIMARY KEY (audience, address),
    FOREIGN KEY (audience, address) REFERENCES recipients ON DELETE CASCADE
);
"#;

/// What the recipe gives the terminals on the digest's recipients and what was sent.
const NOTIFY_GRANTS: &[&str] = &[
    "INSERT, UPDATE, DELETE ON depot.recipients",
    "INSERT, UPDATE ON depot.digests_sent",
    "SELECT ON depot.recipients, depot.digests_sent",
];

/// Every committed write transaction's id, chosen by the terminal, and the ledger's last
/// movement as it committed: a terminal whose connection broke at a COMMIT looks its id up on
/// a new connection to know whether the commit happened (`PgStore::resolve`).
const COMMITS: &str = r#"
CREATE TABLE commits (
    id bytea PRIMARY KEY CHECK (length(id) = 16),
    at timestamptz NOT NULL DEFAULT now(),
    last_seq bigint NOT NULL
);
"#;

/// What the recipe gives the terminals on `commits`.
const COMMITS_GRANTS: &[&str] = &["SELECT, INSERT ON depot.commits"];

pub use crate::names::{LEDGER_CHAIN, TURN_MISSED};

/// The ledger's link, kept by the database itself as redb's port keeps it: a BEFORE INSERT
/// trigger refuses a row whose `seq` is not the one after the ledger's last, or whose
/// `prev_hash` is not that last one's hash (the genesis hash for movement 1), whoever inserts
/// it, a depot of any version or a hand in psql. It fires for each row of a COPY too, and sees
/// the rows the same COPY inserted before it. One look-up a row: the last row, by the primary
/// key's index.
fn ledger_chain() -> String {
    let genesis = crate::convert::hex(&depot_domain::movement::GENESIS);
    format!(
        r#"
CREATE FUNCTION ledger_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq bigint;
    last_hash bytea;
BEGIN
    SELECT l.seq, l.hash INTO last_seq, last_hash FROM depot.ledger l ORDER BY l.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        last_seq := 0;
        last_hash := '\x{genesis}'::bytea;
    END IF;
    IF NEW.seq IS DISTINCT FROM last_seq + 1 THEN
        RAISE EXCEPTION 'movement % is not the next in the ledger, whose last is movement %',
            NEW.seq, last_seq
            USING ERRCODE = 'check_violation', CONSTRAINT = '{LEDGER_CHAIN}',
                  TABLE = 'ledger', SCHEMA = 'depot';
    END IF;
    IF NEW.prev_hash IS DISTINCT FROM last_hash THEN
        RAISE EXCEPTION 'movement % does not link to movement %: its prev_hash is not that one''s hash',
            NEW.seq, last_seq
            USING ERRCODE = 'check_violation', CONSTRAINT = '{LEDGER_CHAIN}',
                  TABLE = 'ledger', SCHEMA = 'depot';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER {LEDGER_CHAIN} BEFORE INSERT ON ledger
    FOR EACH ROW EXECUTE FUNCTION ledger_link();
"#
    )
}

/// A scan's turn in the ledger's chain, taken in its COMMIT's simple query (`statements::PLACE`),
/// so that the chain's lock is held for no round trip at all: the transaction read the chain
/// row, the scanned barcode's stock row and the reference data's generation without locking,
/// did its work, and sealed its movement after the head it read. Here, under the lock: what it
/// read must still hold (the generation, the stock row's last movement: `held` is -1 for no
/// row, 0 for a row without one) and its time must not be earlier than the head movement's,
/// or the transaction is refused with SQLSTATE `DP001` and run again in turn; then the
/// movement gets the next seq, the head's hash as its link and its hash: SHA-256 of the link,
/// the seq as the canonical encoding writes it (`<digits>:<seq>`) and the rest of its
/// canonical encoding (`rest`, as `NewMovement::canonical_after_seq` gives it). The chain row
/// moves on to it. SECURITY INVOKER: the terminal's own rights and triggers apply.
fn turn() -> String {
    format!(
        r#"
CREATE FUNCTION turn(sealed bigint, held bigint, code text, stamped timestamptz,
                     generation bytea, rest bytea, OUT n bigint, OUT p bytea, OUT h bytea)
LANGUAGE plpgsql AS $$
DECLARE
    now_held bigint;
    head_at timestamptz;
BEGIN
    SELECT c.seq, c.hash INTO n, p FROM depot.chain c FOR UPDATE;
    IF (SELECT m.value FROM depot.meta m WHERE m.key = '{generation}')
       IS DISTINCT FROM generation THEN
        RAISE EXCEPTION 'depot: the reference data changed before this transaction''s turn'
            USING ERRCODE = '{TURN_MISSED}';
    END IF;
    SELECT coalesce(s.head_seq, 0) INTO now_held FROM depot.stock s WHERE s.barcode = code;
    IF NOT FOUND THEN
        now_held := -1;
    END IF;
    IF now_held <> held THEN
        RAISE EXCEPTION 'depot: % moved before this transaction''s turn', code
            USING ERRCODE = '{TURN_MISSED}';
    END IF;
    SELECT l.at INTO head_at FROM depot.ledger l WHERE l.seq = n;
    IF date_trunc('second', head_at) > date_trunc('second', stamped) THEN
        RAISE EXCEPTION 'depot: movement % is later than this transaction''s time', n
            USING ERRCODE = '{TURN_MISSED}';
    END IF;
    n := n + 1;
    h := sha256(p || convert_to(length(n::text) || ':' || n::text, 'UTF8') || rest);
    UPDATE depot.chain SET seq = n, hash = h;
END
$$;

-- The commits of more than a day ago: a terminal looks its commit up within minutes of a
-- broken connection (`PgStore::resolve`), never later. Any depot program prunes them as it
-- opens the register, as the owner (SECURITY DEFINER: the terminals may only add commits),
-- through the key's order (an id begins with its clock: big-endian nanoseconds).
CREATE FUNCTION prune_commits() RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = depot, pg_temp AS $$
    WITH gone AS (
        DELETE FROM depot.commits
        WHERE id < int8send(((extract(epoch FROM now()) - 86400) * 1000000000)::bigint)
          AND at < now() - interval '1 day'
        RETURNING 1)
    SELECT count(*) FROM gone
$$;
"#,
        generation = crate::cache::GENERATION,
    )
}

/// What a count decided when it closed, line by line: a barcode it expected or found there.
const COUNT_LINES: &str = r#"
CREATE TABLE count_lines (
    count_id bigint NOT NULL REFERENCES counts (id),
    barcode text COLLATE "C" NOT NULL,
    expected numeric,
    owner text NOT NULL,
    decision text,
    PRIMARY KEY (count_id, barcode)
);
"#;

/// Gives the roles that append to the ledger (the terminals' role of the README's recipe) the
/// privileges `grants` (`"SELECT ON depot.t"`) on tables that did not exist when the recipe
/// was run, as the recipe now gives them.
fn grants_to_terminals(grants: &[&str]) -> String {
    let statements: Vec<String> = grants.iter().map(|g| format!("GRANT {g} TO %I")).collect();
    to_terminals(&statements.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Runs each of `statements` (`%I`: the role) for the roles that append to the ledger (the
/// terminals' role of the README's recipe), as the recipe now has it.
fn to_terminals(statements: &[&str]) -> String {
    let execute: String = statements
        .iter()
        .map(|s| format!("        EXECUTE format('{s}', r.grantee);\n"))
        .collect();
    format!(
        r#"
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
             WHERE table_schema = 'depot' AND table_name = 'ledger'
               AND privilege_type = 'INSERT' AND grantee <> current_user
    LOOP
{execute}    END LOOP;
END
$$;
"#
    )
}

/// What the recipe gives the terminals on the headquarters tables.
const HQ_GRANTS: &[&str] = &[
    "SELECT ON depot.hq_depots, depot.hq_bundles, depot.hq_movements, depot.hq_files",
    "INSERT, UPDATE ON depot.hq_depots, depot.hq_files",
    "INSERT ON depot.hq_bundles, depot.hq_movements",
];

/// What the recipe gives the terminals on `count_lines`.
const COUNT_LINES_GRANTS: &[&str] = &["SELECT, INSERT, UPDATE ON depot.count_lines"];

/// What brings a database of version `from` to [`SCHEMA_VERSION`], if depot knows how: each
/// version's additions after `from`, in order.
pub fn upgrade_statements(from: u32) -> Option<String> {
    if !(1..SCHEMA_VERSION).contains(&from) {
        return None;
    }
    let mut sql = String::from("SET LOCAL search_path TO depot;\n");
    if from < 2 {
        sql.push_str(crate::hq::STATEMENTS);
        sql.push_str(&grants_to_terminals(HQ_GRANTS));
    }
    if from < 3 {
        sql.push_str(COUNT_LINES);
        sql.push_str(&grants_to_terminals(COUNT_LINES_GRANTS));
    }
    if from < 4 {
        sql.push_str(&ledger_chain());
    }
    if from < 5 {
        sql.push_str(COMMITS);
        sql.push_str(&grants_to_terminals(COMMITS_GRANTS));
    }
    if from < 6 {
        sql.push_str(&roles::statements());
        sql.push_str(&to_terminals(roles::UPGRADE_STATEMENTS));
    }
    if from < 7 {
        sql.push_str(&turn());
    }
    if from < 8 {
        sql.push_str(&roles::officers_only());
        sql.push_str(NOTIFY);
        sql.push_str(&grants_to_terminals(NOTIFY_GRANTS));
    }
    if from < PLACES_LOCATED {
        sql.push_str(GEO);
        sql.push_str(&grants_to_terminals(GEO_GRANTS));
        sql.push_str(&metrics_check());
    }
    if from < SHIPMENTS {
        sql.push_str(&vocabulary_checks());
        // 11's triggers, and 12's function that also holds the peer depots' keys (both
        // idempotent).
        sql.push_str(&officers_keys());
    }
    if from < DIGEST_LINES_VERSION {
        sql.push_str(DIGEST_LINES);
        sql.push_str(&grants_to_terminals(DIGEST_LINES_GRANTS));
    }
    if from < COUNTS_AND_KITS {
        sql.push_str(&roles::counts_and_kits());
    }
    if from < SHIPMENT_INDEX_VERSION {
        sql.push_str(crate::hq::SHIPMENT_INDEX);
    }
    if from < BUNDLE_FIGURES {
        sql.push_str(crate::hq_figures::STATEMENTS);
        sql.push_str(&grants_to_terminals(crate::hq_figures::GRANTS));
    }
    sql.push_str(&roles::parse_free());
    sql.push_str(&format!(
        "UPDATE schema_version SET version = {SCHEMA_VERSION};"
    ));
    Some(sql)
}

/// The values a vocabulary column admits, as SQL: `'a', 'b'`.
fn words<T: depot_domain::Vocabulary>() -> String {
    T::ALL
        .iter()
        .map(|v| format!("'{}'", v.en()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statements that create the schema, in order.
pub fn create_statements() -> String {
    use depot_domain::{
        Action, AssetStatus, Category, Metric, StationClass, Tracking, UnitKind, WarehouseLevel,
    };
    let (unit_kinds, classes, levels) = (
        words::<UnitKind>(),
        words::<StationClass>(),
        words::<WarehouseLevel>(),
    );
    let (categories, trackings, statuses) = (
        words::<Category>(),
        words::<Tracking>(),
        words::<AssetStatus>(),
    );
    let (actions, metrics) = (words::<Action>(), words::<Metric>());
    format!(
        r#"
CREATE SCHEMA depot;
SET LOCAL search_path TO depot;

CREATE TABLE schema_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version integer NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);

-- Written by create: magic, schema_version, created (as redb's meta table holds them); then
-- what the services keep through the port's put_meta (the bundle watermark).
CREATE TABLE meta (
    key text COLLATE "C" PRIMARY KEY,
    value bytea NOT NULL
);

-- The ledger's last movement: every write transaction locks this row first (SELECT … FOR
-- UPDATE), so writers take turns and the chain never forks.
CREATE TABLE chain (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    seq bigint NOT NULL CHECK (seq >= 0),
    hash bytea NOT NULL CHECK (length(hash) = 32)
);

-- Every code a stock row may be owned by: the units' and the warehouses'.
CREATE TABLE places (
    code text COLLATE "C" PRIMARY KEY
);

CREATE TABLE units (
    code text COLLATE "C" PRIMARY KEY REFERENCES places (code),
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ({unit_kinds})),
    parent text COLLATE "C",
    class text CHECK (class IN ({classes}))
);

CREATE TABLE warehouses (
    code text COLLATE "C" PRIMARY KEY REFERENCES places (code),
    name text NOT NULL,
    level text NOT NULL CHECK (level IN ({levels})),
    unit text COLLATE "C" NOT NULL,
    agreement boolean NOT NULL,
    partner text
);

CREATE TABLE modules (
    code text COLLATE "C" PRIMARY KEY,
    name_zh text NOT NULL,
    name_en text NOT NULL
);

CREATE TABLE catalog (
    code text COLLATE "C" PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL CHECK (category IN ({categories})),
    tracking text NOT NULL CHECK (tracking IN ({trackings})),
    uom text NOT NULL,
    life_years bigint CHECK (life_years BETWEEN 0 AND 4294967295),
    inspect_days bigint CHECK (inspect_days BETWEEN 0 AND 4294967295),
    high_end boolean NOT NULL,
    unit_price numeric
);

-- A standard line's module is '' when it has none (part of the key, as on redb).
CREATE TABLE standards (
    scope text COLLATE "C" NOT NULL,
    module text COLLATE "C" NOT NULL,
    what text COLLATE "C" NOT NULL,
    required numeric NOT NULL,
    PRIMARY KEY (scope, module, what)
);

-- A target's source is '' when it has none (part of the key, as on redb).
CREATE TABLE targets (
    metric text COLLATE "C" NOT NULL CHECK (metric IN ({metrics})),
    scope text COLLATE "C" NOT NULL,
    deadline date NOT NULL,
    source text COLLATE "C" NOT NULL,
    target numeric NOT NULL,
    PRIMARY KEY (metric, scope, deadline, source)
);

-- The ledger, append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, and depot's role has
-- no such privilege; another (ledger_chain) refuses a row that does not continue the chain.
-- `at` is the instant, `at_offset` the UTC offset it was written with (seconds east), so the
-- time reads back exactly; `before` is the same barcode's movement before this one (NULL:
-- none), the link its history follows.
CREATE TABLE ledger (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    at timestamptz NOT NULL,
    at_offset integer NOT NULL CHECK (at_offset > -86400 AND at_offset < 86400),
    action text NOT NULL CHECK (action IN ({actions})),
    barcode text COLLATE "C" NOT NULL,
    item text COLLATE "C" NOT NULL,
    quantity numeric NOT NULL,
    from_place text COLLATE "C",
    to_place text COLLATE "C",
    operator text NOT NULL,
    reference text,
    reason text,
    change_keys text[] NOT NULL,
    change_values text[] NOT NULL,
    prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    before bigint REFERENCES ledger (seq) CHECK (before < seq),
    CHECK (cardinality(change_keys) = cardinality(change_values))
);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'movements are corrected by a new movement, never by changing one';
END
$$;
CREATE TRIGGER ledger_no_update BEFORE UPDATE OR DELETE ON ledger
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
{chain}
-- Assets and lots in one table, so a barcode is unique across both. `head_seq`/`head_at`: the
-- barcode's last movement and its time (redb's Head); `life_end`: an asset's commissioned date
-- plus its item's service life, kept for the life-end look-up.
CREATE TABLE stock (
    barcode text COLLATE "C" PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('asset', 'lot')),
    item text COLLATE "C" NOT NULL REFERENCES catalog (code),
    owner text COLLATE "C" NOT NULL REFERENCES places (code),
    module text COLLATE "C",
    serial text,
    location text COLLATE "C",
    status text CHECK (status IN ({statuses})),
    commissioned date,
    last_inspected date,
    plate text,
    due date,
    lot text,
    quantity numeric,
    expires date,
    received date,
    life_end date,
    head_seq bigint REFERENCES ledger (seq) DEFERRABLE INITIALLY DEFERRED,
    head_at timestamptz NOT NULL,
    CHECK (kind = 'lot' OR (status IS NOT NULL AND lot IS NULL AND quantity IS NULL
                            AND expires IS NULL AND received IS NULL)),
    CHECK (kind = 'asset' OR (quantity IS NOT NULL AND status IS NULL AND serial IS NULL
                              AND location IS NULL AND commissioned IS NULL
                              AND last_inspected IS NULL AND plate IS NULL AND due IS NULL
                              AND life_end IS NULL))
);
CREATE INDEX stock_owner ON stock (owner, barcode);
CREATE INDEX stock_item ON stock (item, barcode);
CREATE INDEX stock_module ON stock (module, barcode) WHERE module IS NOT NULL;
CREATE INDEX stock_status ON stock (status, barcode) WHERE status <> 'ready';
CREATE INDEX stock_life_end ON stock (life_end, barcode) WHERE life_end IS NOT NULL;
CREATE INDEX stock_expires ON stock (expires, barcode) WHERE expires IS NOT NULL;
-- A scan of an unknown code looks for the one code equal to it ignoring ASCII case (lower() of
-- C-collated text folds ASCII letters only).
CREATE INDEX stock_folded ON stock (lower(barcode));

CREATE TABLE operators (
    name text COLLATE "C" PRIMARY KEY,
    role text NOT NULL,
    pin_salt bytea CHECK (length(pin_salt) = 16),
    pin_hash bytea CHECK (length(pin_hash) = 32),
    CHECK ((pin_salt IS NULL) = (pin_hash IS NULL))
);

-- `at_ns`: the nanoseconds of `at`'s second (timestamptz keeps microseconds), so an entry reads
-- back exactly as written.
CREATE TABLE audit (
    id bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    at_offset integer NOT NULL,
    at_ns integer NOT NULL CHECK (at_ns >= 0 AND at_ns < 2000000000),
    operator text NOT NULL,
    action text NOT NULL,
    outcome text NOT NULL
);

CREATE TABLE counts (
    id bigint PRIMARY KEY,
    scope text NOT NULL,
    module text,
    opened_at text NOT NULL,
    opened_by text NOT NULL,
    closed_at text,
    closed_by text,
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);

CREATE TABLE count_scans (
    count_id bigint NOT NULL REFERENCES counts (id),
    barcode text COLLATE "C" NOT NULL,
    quantity numeric NOT NULL,
    PRIMARY KEY (count_id, barcode)
);
{COUNT_LINES}
{COMMITS}

-- A kit's contents keep their order (position).
CREATE TABLE kits (
    code text COLLATE "C" PRIMARY KEY,
    name text NOT NULL,
    owner text NOT NULL,
    module text
);
CREATE TABLE kit_contents (
    kit text COLLATE "C" NOT NULL REFERENCES kits (code) ON DELETE CASCADE,
    position integer NOT NULL,
    barcode text NOT NULL,
    quantity numeric NOT NULL,
    PRIMARY KEY (kit, position)
);
{hq}{roles}{turn}{NOTIFY}{GEO}{officers_keys}{DIGEST_LINES}{counts_and_kits}{hq_figures}{parse_free}"#,
        hq_figures = crate::hq_figures::STATEMENTS,
        officers_keys = officers_keys(),
        counts_and_kits = roles::counts_and_kits(),
        turn = turn(),
        parse_free = roles::parse_free(),
        hq = crate::hq::STATEMENTS,
        chain = ledger_chain(),
        roles = roles::statements(),
    )
}

/// What a database administrator runs to give depot's programs a role with only what they need:
/// read everything but the operators' PINs and the sessions, add and change the register's
/// rows, append to the ledger and the audit log (and a temporary table for a batch's changed
/// rows), sign operators in and, as a signed-in officer, add them; never change or remove a
/// movement, nor the schema or its version. What it writes the server checks against the
/// operator signed in (`roles.rs`). The meta table takes the bundle watermark; the keys written
/// at creation are refused by the port (`Writer::put_meta`). For the README's recipe, run by
/// the database's owner after `depot init`; `role` and `password` are the new role's.
pub fn grant_statements(role: &str, database: &str, password: &str) -> String {
    let pw = password.replace('\'', "''");
    let db = database.replace('"', "\"\"");
    let role = role.replace('"', "\"\"");
    format!(
        r#"CREATE ROLE "{role}" LOGIN PASSWORD '{pw}';
GRANT CONNECT, TEMPORARY ON DATABASE "{db}" TO "{role}";
GRANT USAGE ON SCHEMA depot TO "{role}";
GRANT SELECT ON ALL TABLES IN SCHEMA depot TO "{role}";
REVOKE SELECT ON depot.operators, depot.sessions, depot.pin_tries FROM "{role}";
GRANT SELECT (name, role) ON depot.operators TO "{role}";
GRANT INSERT, UPDATE ON depot.chain, depot.places, depot.units, depot.warehouses,
    depot.modules, depot.catalog, depot.standards, depot.targets, depot.stock,
    depot.counts, depot.count_scans, depot.count_lines, depot.kits, depot.meta,
    depot.place_locations, depot.travel_times TO "{role}";
GRANT INSERT, UPDATE, DELETE ON depot.kit_contents, depot.recipients TO "{role}";
GRANT INSERT, UPDATE ON depot.digests_sent TO "{role}";
GRANT INSERT, DELETE ON depot.digest_lines TO "{role}";
GRANT INSERT ON depot.ledger, depot.audit, depot.commits TO "{role}";
GRANT INSERT, UPDATE ON depot.hq_depots, depot.hq_files TO "{role}";
GRANT INSERT ON depot.hq_bundles, depot.hq_movements, depot.hq_figures TO "{role}";
GRANT EXECUTE ON FUNCTION depot.sign_in, depot.pin_salt, depot.signed_in, depot.put_operator
    TO "{role}";
"#
    )
}

#[cfg(test)]
mod readme_tests {
    /// The README's recipe for the terminals' role is this module's, word for word.
    #[test]
    fn the_readme_recipe_is_the_role_depot_tests() {
        let readme = include_str!("../../../README.md");
        let start = readme
            .find("CREATE ROLE \"depot\"")
            .expect("the README gives the role recipe");
        let end = start + readme[start..].find("\nSQL\n").expect("the recipe ends");
        assert_eq!(
            readme[start..end].trim(),
            crate::grant_statements("depot", "qz_depot", "change me").trim()
        );
    }
}
