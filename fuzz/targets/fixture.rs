//! What the targets share: a fixed operator and clock, a scratch folder in memory, and two
//! registers — the bundled sample, and a small one whose every barcode a scan can reach.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use depot_exchange::InputEncoding;
use depot_exchange::columns::Kind;
use depot_service::Ctx;
use depot_service::import::files::{self as import, Source};
use depot_service::store::Store;

/// The operator of every target: the first importer, so an officer.
pub const OPERATOR: &str = "fuzz";

/// A fixed clock, so that a run is the same every time.
pub fn ctx() -> Ctx {
    Ctx::fixed(OPERATOR, at(0))
}

/// The fixed clock `minutes` later.
pub fn at(minutes: i64) -> DateTime<FixedOffset> {
    let start =
        DateTime::parse_from_rfc3339("2025-06-01T10:00:00+08:00").expect("a valid timestamp");
    start + chrono::Duration::minutes(minutes)
}

/// A fresh folder for one input's files, in memory where the machine has `/dev/shm`; removed
/// with everything in it when dropped.
pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    tempfile::Builder::new()
        .prefix("depot-fuzz-")
        .tempdir_in(base)
        .expect("a scratch folder")
}

/// Lands `sources` in `store` as the fixture's operator; they must land.
fn land(store: &Store, sources: &[Source]) {
    let report = import::import(store, &ctx(), sources, InputEncoding::Auto, false)
        .expect("the fixture imports");
    assert!(
        report.landed(),
        "the fixture is refused: {:?}",
        report.problems
    );
}

/// The sample detachment of `import/sample/`, in memory.
pub fn sample_store() -> Store {
    let store = depot_service::store::in_memory().expect("an in-memory store");
    land(&store, &depot_exchange::sample::sources());
    store
}

/// A small register: a module `water`, a detachment D1 with stations U1 and U2 and a warehouse W1; serial items
/// PUMP (with a service life) and SUIT (with an inspection period) and lot item FOAM.
pub const SMALL: &[(Kind, &str, &[u8])] = &[
    (
        Kind::Modules,
        "modules.csv",
        b"code,name_zh,name_en\nwater,\xe6\xb0\xb4\xe5\x9f\x9f,Water rescue\n",
    ),
    (
        Kind::Units,
        "units.csv",
        b"code,name,kind,parent,class\n\
          D1,Detachment,detachment,,\n\
          U1,Station one,station,D1,level1\n\
          U2,Station two,station,D1,level2\n",
    ),
    (
        Kind::Warehouses,
        "warehouses.csv",
        b"code,name,level,unit\nW1,Reserve,city,D1\n",
    ),
    (
        Kind::Catalog,
        "catalog.csv",
        b"item,name,category,tracking,uom,life_years,inspect_days\n\
          PUMP,Pump,pump,serial,pc,10,\n\
          SUIT,Suit,protective,serial,set,,365\n\
          FOAM,Foam,agent,lot,kg,,\n",
    ),
    (
        Kind::Assets,
        "assets.csv",
        b"barcode,item,owner,location,module,status,commissioned,last_inspected\n\
          A1,PUMP,U1,,,ready,2020-01-01,\n\
          A2,PUMP,U1,U2,,ready,2020-01-01,\n\
          A3,SUIT,U2,,,maintenance,,2025-01-01\n\
          4006381333931,SUIT,W1,,water,ready,,2025-05-01\n\
          A5,PUMP,U1,,,ready,2010-01-01,\n\
          A6,PUMP,U2,,,retired,2015-01-01,\n",
    ),
    (
        Kind::Lots,
        "lots.csv",
        b"barcode,item,owner,module,quantity,expires\n\
          L1,FOAM,W1,water,100,2030-01-01\n\
          L2,FOAM,U1,,0.5,2020-01-01\n",
    ),
];

/// The small register in memory.
pub fn small_store() -> Store {
    let store = depot_service::store::in_memory().expect("an in-memory store");
    let sources: Vec<Source> = SMALL
        .iter()
        .map(|&(kind, name, bytes)| Source::Bytes(kind, name, bytes))
        .collect();
    land(&store, &sources);
    store
}

/// The ledger's head and the number of barcodes: what a change to the register moves.
pub fn head(store: &Store) -> ((u64, [u8; 32]), u64) {
    let r = store.read().expect("a read snapshot");
    (
        r.ledger_head().expect("the ledger head"),
        r.stock_count().expect("the stock count"),
    )
}
