//! Who may write what, held by the server itself: the terminals of a depot share one database
//! role and its password, so the database must refuse what depot's own checks would.
//!
//! Each server process may have an operator signed in (`sessions`, keyed by the process and
//! its start, so a reused process id never inherits one): [`sign_in`] checks the operator's
//! PIN inside the server (the terminal sends PBKDF2 of the PIN under the salt `pin_salt` gives,
//! the stored hash never leaves the server), counts the failures (`pin_tries`) and refuses an
//! attempt made before its wait without checking it. Triggers then hold the terminals' role to
//! the signed-in operator: a movement is theirs and one their role may write, an audit entry is
//! theirs, a stock row changes only with a movement of it in the same transaction, the
//! reference data is an officer's. The terminals' role reads the operators' names and roles
//! only, and writes operators only through `put_operator`, as a signed-in officer.
//!
//! The owner's role (the one that ran `depot init`, and superusers) is trusted: every trigger
//! here is skipped for it by its `WHEN` clause, so an import or a migration as the owner pays
//! one cheap test a row (a role membership the server keeps cached: `depot.trusted()`, written
//! out in the clause itself by [`parse_free`]). Every function here names its tables with their
//! schema, or runs with `search_path = depot, pg_temp`, so that a temporary table of a
//! terminal's cannot stand in.

use depot_domain::access::{FREE_FAILURES, MAX_WAIT_SECS, Permission, Role, sign_in as said};
use depot_domain::{Action, Vocabulary};

/// The first answer words of `depot.sign_in` other than a role (see `PgStore::sign_in`).
pub const FIRST: &str = "first";
pub const UNKNOWN: &str = "unknown operator";
pub const NO_PROOF: &str = "no proof given";
pub const WRONG: &str = "wrong PIN";
/// `wait N s after F failures`.
pub const WAIT: &str = "wait";

/// The reference tables: written by an officer's import only.
const REFERENCE: &[&str] = &[
    "places",
    "units",
    "warehouses",
    "modules",
    "catalog",
    "standards",
    "targets",
];

/// The pairs (action, role) of a movement a role may write, as the elements of a SQL array of
/// text: `checkout officer,…`.
fn movement_roles() -> String {
    let mut pairs = Vec::new();
    for a in Action::ALL {
        for r in Role::ALL {
            if r.allows(Permission::to_write(*a)) {
                pairs.push(format!("{} {}", a.en(), r.en()));
            }
        }
    }
    format!("{{\"{}\"}}", pairs.join("\",\""))
}

/// The check of a movement a terminal writes: it is the signed-in operator's, and one their role
/// may write, tested against a constant array (schema version 9; version 6 planned a list of
/// rows for it, in every scan, under the chain's lock). The operator comes from `signed_in()`,
/// whose default argument (`backend_start()`) must be read with the terminal's own rights: the
/// owner does not see another role's server process start.
fn ledger_actor() -> String {
    let pairs = movement_roles();
    format!(
        r#"
-- A movement is the signed-in operator's, and one their role may write.
CREATE OR REPLACE FUNCTION depot.ledger_actor() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
DECLARE
    who text;
    said_role text;
BEGIN
    SELECT s.operator, s.role INTO who, said_role FROM depot.signed_in() s;
    IF who IS NULL THEN
        RAISE EXCEPTION 'movement %: no operator is signed in on this connection', NEW.seq
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'an operator signs in with depot.sign_in(name, proof)';
    END IF;
    IF NEW.operator IS DISTINCT FROM who THEN
        RAISE EXCEPTION 'movement % names operator %, and % is signed in', NEW.seq,
            NEW.operator, who USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT (NEW.action || ' ' || said_role) = ANY ('{pairs}'::text[]) THEN
        RAISE EXCEPTION 'movement %: a % may not write a movement of %', NEW.seq, said_role,
            NEW.action USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
"#
    )
}

/// The statements that add the sessions, the sign-in and the triggers (schema version 6).
pub fn statements() -> String {
    let roles = Role::ALL
        .iter()
        .map(|r| format!("'{}'", r.en()))
        .collect::<Vec<_>>()
        .join(", ");
    let officer = Role::Officer.en();
    let free = FREE_FAILURES;
    let max = MAX_WAIT_SECS;
    let window = depot_domain::access::FAILURE_WINDOW_MINUTES;
    let (action, unknown_said, no_pin_said, wrong_said, right_said) = (
        said::ACTION,
        said::UNKNOWN_OPERATOR,
        said::NO_PIN,
        said::WRONG_PIN,
        said::RIGHT_PIN,
    );
    let reference_triggers: String = REFERENCE
        .iter()
        .map(|t| {
            format!(
                "CREATE TRIGGER {t}_officers BEFORE INSERT OR UPDATE ON {t}\n    \
                 FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION officers_only();\n"
            )
        })
        .collect();
    format!(
        r#"
-- The operator signed in on a server process: `started` is the process's start, so a process
-- id the server gives again never inherits a sign-in. The owner's alone. Unlogged: a sign-in
-- writes nothing the disk must keep, and a crash ends every server process anyway.
CREATE UNLOGGED TABLE sessions (
    pid integer NOT NULL,
    started timestamptz NOT NULL,
    operator text NOT NULL,
    role text NOT NULL,
    PRIMARY KEY (pid, started)
);
-- Failed sign-ins since an operator's last right PIN. The owner's alone.
CREATE TABLE pin_tries (
    name text COLLATE "C" PRIMARY KEY,
    failures integer NOT NULL,
    last timestamptz NOT NULL
);

-- Whether the current role is trusted: a member of the schema owner's role (the owner, a
-- superuser). The owner is written into the function as it is made (one look-up a row would
-- double the time of an owner's bulk import): a schema given to another owner later makes
-- this again (`CREATE OR REPLACE` with the new owner's oid), and the triggers' clauses, where
-- schema version 9 writes the test out (`parse_free`).
DO $$
BEGIN
    EXECUTE format(
        'CREATE FUNCTION depot.trusted() RETURNS boolean LANGUAGE sql STABLE AS %L',
        format('SELECT pg_catalog.pg_has_role(current_user, %s::oid, ''MEMBER'')',
               (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'depot')));
END
$$;

-- This server process's start, as the process's own role sees it (another role may not).
CREATE FUNCTION backend_start() RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT a.backend_start FROM pg_catalog.pg_stat_get_activity(pg_catalog.pg_backend_pid()) a
$$;

-- The operator signed in on this server process, and their role (NULLs: none).
CREATE FUNCTION signed_in(started timestamptz DEFAULT depot.backend_start(),
                          OUT operator text, OUT role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = depot, pg_temp AS $$
    SELECT s.operator, s.role FROM depot.sessions s
    WHERE s.pid = pg_catalog.pg_backend_pid() AND s.started = $1
$$;

-- The salt of an operator's PIN (NULL: no PIN, or no such operator).
CREATE FUNCTION pin_salt(who text) RETURNS bytea
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = depot, pg_temp AS $$
    SELECT o.pin_salt FROM depot.operators o WHERE o.name = $1
$$;

-- Signs `who` in on this server process with `proof`, PBKDF2-SHA256 of the PIN under its salt
-- (100,000 rounds): the operator's role, or why not ('{UNKNOWN}', '{NO_PROOF}', '{WRONG}',
-- '{WAIT} N s after F failures': an attempt before the wait is over is not checked). A register
-- without operators lets the first name in as its officer ('{FIRST}'). Refusals are written to
-- the audit log here, and never raised: a raise would take the failure back.
CREATE FUNCTION sign_in(who text, proof bytea, started timestamptz DEFAULT depot.backend_start())
    RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = depot, pg_temp AS $$
DECLARE
    o record;
    t timestamptz := clock_timestamp();
    n_failed integer := 0;
    last_at timestamptz;
    wait_s integer;
    answer text;
    logged text;
BEGIN
    DELETE FROM depot.sessions s WHERE s.pid = pg_backend_pid();
    SELECT op.role, op.pin_hash INTO o FROM depot.operators op WHERE op.name = who;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT 1 FROM depot.operators) THEN
            INSERT INTO depot.sessions VALUES (pg_backend_pid(), started, who, '{officer}');
            RETURN '{FIRST}';
        END IF;
        answer := '{UNKNOWN}';
        logged := '{unknown_said}';
    ELSIF o.pin_hash IS NULL THEN
        answer := o.role;
    ELSIF proof IS NULL THEN
        answer := '{NO_PROOF}';
        logged := '{no_pin_said}';
    ELSE
        -- One attempt at a time, in turn with the writers (the audit log's numbers).
        PERFORM 1 FROM depot.chain FOR UPDATE;
        SELECT p.failures, p.last INTO n_failed, last_at FROM depot.pin_tries p
            WHERE p.name = who;
        IF NOT FOUND OR last_at < t - interval '{window} minutes' THEN
            n_failed := 0;
        END IF;
        wait_s := CASE WHEN n_failed < {free} THEN 0
                       WHEN n_failed - {free} >= 5 THEN {max}
                       ELSE least(1 << (n_failed - {free}), {max}) END;
        IF wait_s > 0 AND t < last_at + make_interval(secs => wait_s) THEN
            RETURN format('{WAIT} %s s after %s failures',
                ceil(extract(epoch FROM last_at + make_interval(secs => wait_s) - t))::integer,
                n_failed);
        ELSIF proof IS DISTINCT FROM o.pin_hash THEN
            INSERT INTO depot.pin_tries AS p VALUES (who, n_failed + 1, t)
                ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, last = excluded.last;
            answer := '{WRONG}';
            logged := '{wrong_said}';
        ELSE
            IF n_failed > 0 THEN
                logged := '{right_said}';
            END IF;
            DELETE FROM depot.pin_tries p WHERE p.name = who;
            answer := o.role;
        END IF;
    END IF;
    IF logged IS NOT NULL THEN
        PERFORM 1 FROM depot.chain FOR UPDATE;
        INSERT INTO depot.audit (id, at, at_offset, at_ns, operator, action, outcome)
            SELECT coalesce(max(a.id), 0) + 1, t, 0,
                   (extract(microseconds FROM t)::integer % 1000000) * 1000,
                   who, '{action}', logged
            FROM depot.audit a;
    END IF;
    IF answer IN ({roles}) THEN
        INSERT INTO depot.sessions VALUES (pg_backend_pid(), started, who, answer);
    END IF;
    RETURN answer;
END
$$;

-- Adds an operator or changes one's role and PIN: the owner, a signed-in officer, or anyone
-- on a register without operators (its first).
CREATE FUNCTION put_operator(who text, role text, salt bytea, hash bytea,
                             started timestamptz DEFAULT depot.backend_start())
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = depot, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user,
                       (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'depot'),
                       'MEMBER')
       AND EXISTS (SELECT 1 FROM depot.operators)
       AND NOT EXISTS (SELECT 1 FROM depot.sessions s WHERE s.pid = pg_backend_pid()
                       AND s.started = put_operator.started AND s.role = '{officer}') THEN
        RAISE EXCEPTION 'only a signed-in officer adds or changes operators'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF put_operator.role NOT IN ({roles}) THEN
        RAISE EXCEPTION 'no role %', put_operator.role USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO depot.operators AS o (name, role, pin_salt, pin_hash)
        VALUES (who, put_operator.role, salt, hash)
        ON CONFLICT (name) DO UPDATE SET role = excluded.role, pin_salt = excluded.pin_salt,
            pin_hash = excluded.pin_hash;
END
$$;
REVOKE EXECUTE ON FUNCTION signed_in, pin_salt, sign_in, put_operator FROM PUBLIC;

-- The operators as depot reads them: whether one has a PIN for anyone, the PIN itself for the
-- trusted only.
CREATE VIEW operator_list AS
    SELECT o.name, o.role, o.pin_hash IS NOT NULL AS has_pin,
           CASE WHEN depot.trusted() THEN o.pin_salt END AS pin_salt,
           CASE WHEN depot.trusted() THEN o.pin_hash END AS pin_hash
    FROM depot.operators o;

{ledger_actor}CREATE TRIGGER ledger_actor BEFORE INSERT ON ledger
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION ledger_actor();

-- An audit entry is the signed-in operator's.
CREATE FUNCTION audit_actor() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
BEGIN
    IF NEW.operator IS DISTINCT FROM (SELECT s.operator FROM depot.signed_in() s) THEN
        RAISE EXCEPTION 'an audit entry of % is written only by % signed in', NEW.operator,
            NEW.operator USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_actor BEFORE INSERT ON audit
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION audit_actor();

-- A stock row changes only with a movement of its barcode in the same transaction (its new
-- head), checked at the commit; a signed-in officer's import may move a life end alone (an
-- item's service life changed).
CREATE FUNCTION stock_moved() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM depot.ledger l WHERE l.seq = NEW.head_seq
               AND l.barcode = NEW.barcode AND l.xmin = pg_current_xact_id()::xid) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'life_end') = (to_jsonb(NEW) - 'life_end')
       AND (SELECT s.role FROM depot.signed_in() s) = '{officer}' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'stock % changed without a movement of it', NEW.barcode
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'stock changes with a movement in the ledger, in the same transaction';
END
$$;
CREATE CONSTRAINT TRIGGER stock_moved AFTER INSERT OR UPDATE ON stock
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION stock_moved();

{officers_only}{reference_triggers}"#,
        officers_only = officers_only(),
        ledger_actor = ledger_actor(),
    )
}

/// Schema version 9: the server's checks without a parse in every statement they guard. A
/// trigger's `WHEN (NOT depot.trusted())` had the server inline `trusted()` (parse its SQL
/// text) each time a statement fired the trigger (every scan's movement and stock row, under
/// the chain's lock), and `signed_in()`, a SQL function the triggers call, was parsed and
/// planned at every call (every movement a terminal writes), as was `backend_start()`, which
/// it takes by default (a query with a FROM is never inlined). Now every trigger whose clause
/// calls `depot.trusted()` is made again with the membership test written out (the schema
/// owner's oid, as `trusted()` has it), and `signed_in()` and `backend_start()` are PL/pgSQL,
/// whose plans a server process keeps; and the movement's check ([`ledger_actor`]) tests the
/// operator's role against an array. Run at the end of the creation and of every upgrade: a trigger added with
/// `depot.trusted()` in its clause is rewritten too.
pub fn parse_free() -> String {
    ledger_actor()
        + r#"
CREATE OR REPLACE FUNCTION depot.backend_start() RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT a.backend_start
            FROM pg_catalog.pg_stat_get_activity(pg_catalog.pg_backend_pid()) a);
END
$$;
CREATE OR REPLACE FUNCTION depot.signed_in(started timestamptz DEFAULT depot.backend_start(),
                                           OUT operator text, OUT role text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = depot, pg_temp AS $$
BEGIN
    SELECT s.operator, s.role INTO operator, role FROM depot.sessions s
    WHERE s.pid = pg_catalog.pg_backend_pid() AND s.started = signed_in.started;
END
$$;
DO $$
DECLARE
    t record;
    owner oid := (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'depot');
    path text := pg_catalog.current_setting('search_path');
BEGIN
    -- Definitions with every name qualified, whatever the path the caller set.
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);
    FOR t IN SELECT g.tgname, g.tgrelid::regclass AS tab, pg_catalog.pg_get_triggerdef(g.oid) AS def
             FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid
             WHERE c.relnamespace = 'depot'::regnamespace AND NOT g.tgisinternal
               AND pg_catalog.pg_get_triggerdef(g.oid) LIKE '%depot.trusted()%'
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.tab);
        EXECUTE replace(t.def, 'depot.trusted()',
                        format('pg_catalog.pg_has_role(CURRENT_USER, %s::oid, ''MEMBER'')', owner));
    END LOOP;
    PERFORM pg_catalog.set_config('search_path', path, true);
END
$$;
"#
}

/// The check of the reference data, an officer's: a row inserted, changed or (the digest's
/// recipients, schema version 8) removed by anyone else is refused. Version 8 replaces the
/// version 6 one, which let a row through only as inserted or changed.
pub fn officers_only() -> String {
    let officer = Role::Officer.en();
    format!(
        r#"
-- The reference data is an officer's.
CREATE OR REPLACE FUNCTION officers_only() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
BEGIN
    IF (SELECT s.role FROM depot.signed_in() s) IS DISTINCT FROM '{officer}' THEN
        RAISE EXCEPTION 'only a signed-in officer changes %', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN coalesce(NEW, OLD);
END
$$;
"#
    )
}

/// What a terminals' role of an older recipe loses and gains (`%I`: the role).
pub const UPGRADE_STATEMENTS: &[&str] = &[
    "REVOKE INSERT, UPDATE ON depot.operators FROM %I",
    "REVOKE SELECT ON depot.operators, depot.sessions, depot.pin_tries FROM %I",
    "GRANT SELECT (name, role) ON depot.operators TO %I",
    "GRANT SELECT ON depot.operator_list TO %I",
    "GRANT EXECUTE ON FUNCTION depot.sign_in, depot.pin_salt, depot.signed_in, depot.put_operator TO %I",
];

/// The roles that may scan (`Permission::Scan`), as the elements of a SQL array of text.
fn scanning_roles() -> String {
    let roles: Vec<&str> = Role::ALL
        .iter()
        .filter(|r| r.allows(Permission::Scan))
        .map(|r| r.en())
        .collect();
    format!("{{\"{}\"}}", roles.join("\",\""))
}

/// Counts and kits held to the signed-in operator (schema version 14, "counts and kits"), as
/// the library holds them: a count is opened, and scanned into, by an operator who may scan and
/// in their own name, into a count still open; it is closed, with its lines, by a signed-in
/// officer in their own name, and nothing of its opening changes then, nor of a closed count
/// ever; a kit and its contents are packed by an operator who may scan. Without it the
/// terminals' credentials alone (nobody signed in, or an auditor) could open counts in anyone's
/// name, scan into a closed count, or close one as an officer they are not. Idempotent.
pub fn counts_and_kits() -> String {
    let scanners = scanning_roles();
    let officer = Role::Officer.en();
    format!(
        r#"
-- A count is opened by an operator who may scan, in their name; closed by an officer, in theirs.
CREATE OR REPLACE FUNCTION depot.count_actor() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
DECLARE
    who text;
    said_role text;
BEGIN
    SELECT s.operator, s.role INTO who, said_role FROM depot.signed_in() s;
    IF TG_OP = 'INSERT' AND NEW.closed_at IS NULL THEN
        IF NOT coalesce(said_role = ANY ('{scanners}'::text[]), false) THEN
            RAISE EXCEPTION 'count %: only a signed-in operator who may scan opens a count',
                NEW.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.opened_by IS DISTINCT FROM who THEN
            RAISE EXCEPTION 'count % names % as its opener, and % is signed in', NEW.id,
                NEW.opened_by, who USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    -- A closing: the whole record written with its closing, or the row changed.
    IF said_role IS DISTINCT FROM '{officer}' THEN
        RAISE EXCEPTION 'count %: only a signed-in officer closes a count', NEW.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.closed_by IS DISTINCT FROM who THEN
        RAISE EXCEPTION 'count % names % as its closer, and % is signed in', NEW.id,
            NEW.closed_by, who USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND (OLD.closed_at IS NOT NULL
        OR (OLD.id, OLD.scope, OLD.module, OLD.opened_at, OLD.opened_by)
           IS DISTINCT FROM (NEW.id, NEW.scope, NEW.module, NEW.opened_at, NEW.opened_by)) THEN
        RAISE EXCEPTION 'count % was closed already, or its opening would change', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- What a count found goes into an open count, by an operator who may scan.
CREATE OR REPLACE FUNCTION depot.count_scan_actor() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
BEGIN
    IF NOT coalesce((SELECT s.role FROM depot.signed_in() s) = ANY ('{scanners}'::text[]),
                    false) THEN
        RAISE EXCEPTION 'count %: only a signed-in operator who may scan counts', NEW.count_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM depot.counts c
                   WHERE c.id = NEW.count_id AND c.closed_at IS NULL) THEN
        RAISE EXCEPTION 'count % is not open', NEW.count_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
-- Kits are packed by an operator who may scan.
CREATE OR REPLACE FUNCTION depot.scanners_only() RETURNS trigger LANGUAGE plpgsql
    SET search_path = depot, pg_temp AS $$
BEGIN
    IF NOT coalesce((SELECT s.role FROM depot.signed_in() s) = ANY ('{scanners}'::text[]),
                    false) THEN
        RAISE EXCEPTION 'only a signed-in operator who may scan changes %', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN coalesce(NEW, OLD);
END
$$;
DROP TRIGGER IF EXISTS counts_actor ON depot.counts;
CREATE TRIGGER counts_actor BEFORE INSERT OR UPDATE ON depot.counts
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION depot.count_actor();
DROP TRIGGER IF EXISTS count_scans_actor ON depot.count_scans;
CREATE TRIGGER count_scans_actor BEFORE INSERT OR UPDATE ON depot.count_scans
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION depot.count_scan_actor();
DROP TRIGGER IF EXISTS count_lines_officers ON depot.count_lines;
CREATE TRIGGER count_lines_officers BEFORE INSERT OR UPDATE ON depot.count_lines
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION depot.officers_only();
DROP TRIGGER IF EXISTS kits_scanners ON depot.kits;
CREATE TRIGGER kits_scanners BEFORE INSERT OR UPDATE ON depot.kits
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION depot.scanners_only();
DROP TRIGGER IF EXISTS kit_contents_scanners ON depot.kit_contents;
CREATE TRIGGER kit_contents_scanners BEFORE INSERT OR UPDATE OR DELETE ON depot.kit_contents
    FOR EACH ROW WHEN (NOT depot.trusted()) EXECUTE FUNCTION depot.scanners_only();
"#
    )
}
