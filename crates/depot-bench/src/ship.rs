//! The shipment benchmark: 1,000 pieces shipped from a depot to another (`depot ship`: the
//! pieces checked, shipped in one transaction, the signed folder written) and received there
//! (`depot receive-shipment`: the folder checked, the pieces taken in, the signed receipt
//! written), then the receipt taken back at the sender. On redb the sender is a copy of the
//! shared register (a million assets, ten million ledger rows); on PostgreSQL (with
//! `--server`) a register of the synthetic units, catalogue and the first `--pg-assets`
//! assets. The receiver is a new register of the same catalogue under another top unit.
//!
//! Goal: sent and received under 2 s each.

use std::path::{Path, PathBuf};
use std::time::Instant;

use depot_domain::{AssetStatus, Barcode, Stock};
use depot_exchange::InputEncoding;
use depot_exchange::bundle::DepotKey;
use depot_exchange::bundle::manifest::unhex;
use depot_service::Ctx;
use depot_service::ship::{
    ReceiveRequest, ShipRequest, enrol_peer, receive_receipt, receive_shipment, ship,
};
use depot_service::store::{Access, Location, Store};

use crate::fixture::{self, path};
use crate::report::{Goal, Report};
use crate::{BenchResult, Common};

const OPERATOR: &str = "bench";
const PEER: &str = "PEER";

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Pieces in the shipment.
    #[arg(long, default_value_t = 1000)]
    pub pieces: usize,
    /// Admin URL of a PostgreSQL server: the same on PostgreSQL too.
    #[arg(long, env = "DEPOT_TEST_PG")]
    pub server: Option<String>,
    /// Assets of the sender's register on PostgreSQL.
    #[arg(long, default_value_t = 50_000)]
    pub pg_assets: usize,
}

/// A folder of the synthetic register's files for an import: its catalogue, and either its
/// units, warehouses, modules and first `assets` assets, or one top unit `PEER` (the receiver).
fn sources(f: &Path, into: &Path, assets: Option<usize>) -> BenchResult<()> {
    std::fs::create_dir_all(into)?;
    std::fs::copy(f.join("catalog.csv"), into.join("catalog.csv"))?;
    match assets {
        Some(n) => {
            for name in ["units.csv", "warehouses.csv", "modules.csv"] {
                std::fs::copy(f.join(name), into.join(name))?;
            }
            let text = std::fs::read_to_string(f.join("assets.csv"))?;
            let kept: Vec<&str> = text.lines().take(n + 1).collect();
            std::fs::write(into.join("assets.csv"), kept.join("\n") + "\n")?;
        }
        None => std::fs::write(
            into.join("units.csv"),
            format!("code,name,kind,parent,class\n{PEER},对方支队,detachment,,\n"),
        )?,
    }
    Ok(())
}

fn import(store: &Store, dir: &Path) -> BenchResult<()> {
    let sources = depot_service::import::files::sources_in(dir)?;
    let ctx = Ctx::new(Some(OPERATOR))?;
    let r =
        depot_service::import::files::import(store, &ctx, &sources, InputEncoding::Auto, false)?;
    if !r.landed() {
        let first: Vec<_> = r.problems.iter().take(3).collect();
        return Err(format!(
            "import of {} did not land ({} problems; the first: {first:?})",
            dir.display(),
            r.problems.len()
        )
        .into());
    }
    Ok(())
}

/// The first `n` pieces of the register that can be shipped (ready, at home).
fn shippable(store: &Store, candidates: &[fixture::Ready], n: usize) -> BenchResult<Vec<Barcode>> {
    let r = store.read()?;
    let mut out = Vec::with_capacity(n);
    for c in candidates {
        if let Some(Stock::Asset(a)) = r.stock(&c.barcode)?
            && a.status == AssetStatus::Ready
            && a.location.is_none()
        {
            out.push(Barcode::new(c.barcode.as_str()));
            if out.len() == n {
                return Ok(out);
            }
        }
    }
    Err(format!("only {} pieces can be shipped", out.len()).into())
}

/// Ships `args.pieces` from `sender` to `receiver`, receives them and takes the receipt back;
/// the three times in seconds.
fn round(
    sender: &Store,
    receiver: &Store,
    candidates: &[fixture::Ready],
    n: usize,
    work: &Path,
) -> BenchResult<(f64, f64, f64)> {
    let (ks, kr) = (DepotKey::generate()?, DepotKey::generate()?);
    let ctx = Ctx::new(Some(OPERATOR))?;
    let top = |s: &Store| -> BenchResult<String> {
        Ok(depot_service::bundle::depot_of(&s.read()?.units()?, None, None)?.code)
    };
    let from = top(sender)?;
    enrol_peer(
        receiver,
        &ctx,
        &from,
        unhex(&ks.public_hex()).ok_or("key")?,
        true,
    )?;
    enrol_peer(
        sender,
        &ctx,
        PEER,
        unhex(&kr.public_hex()).ok_or("key")?,
        true,
    )?;
    let barcodes = shippable(sender, candidates, n)?;
    let (out, receipt) = (work.join("shipment"), work.join("receipt"));
    for d in [&out, &receipt] {
        let _ = std::fs::remove_dir_all(d);
    }
    let t = Instant::now();
    ship(
        sender,
        &ctx,
        &ShipRequest {
            out: &out,
            to: PEER,
            barcodes: &barcodes,
            return_by: None,
            reference: Some("bench"),
            depot: None,
            key: &ks,
        },
    )?;
    let sent = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let got = receive_shipment(
        receiver,
        &ctx,
        &ReceiveRequest {
            dir: &out,
            found: None,
            receipt_out: &receipt,
            depot: None,
            key: &kr,
        },
    )?;
    let received = t.elapsed().as_secs_f64();
    if got.got.received.len() != n {
        return Err(format!("{} of {n} received", got.got.received.len()).into());
    }
    let t = Instant::now();
    receive_receipt(sender, &ctx, &receipt, None)?;
    Ok((sent, received, t.elapsed().as_secs_f64()))
}

fn figures(rep: &mut Report, engine: &str, n: usize, (sent, received, closed): (f64, f64, f64)) {
    rep.goal(
        &format!("{engine}: {n} pieces shipped"),
        sent,
        "s",
        Goal::AtMost(2.0),
    );
    rep.goal(
        &format!("{engine}: {n} pieces received"),
        received,
        "s",
        Goal::AtMost(2.0),
    );
    rep.info(&format!("{engine}: receipt taken back"), closed, "s");
}

pub fn run(common: &Common, args: &Args) -> BenchResult<Report> {
    let f = fixture::base(common)?;
    let mut rep = Report::new("ship");
    let work: PathBuf = f.dir.join("ship");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let candidates = fixture::ready_assets(&f.dir)?;
    rep.setup("pieces", args.pieces);
    rep.setup("load average", crate::pg::load_average());

    // redb: a copy of the shared register sends (it is written to), a new one receives.
    let copy = work.join("sender.redb");
    std::fs::copy(&f.depot, &copy)?;
    rep.setup("redb sender", format!("a copy of {}", path(&f.depot)));
    let peer_files = work.join("peer");
    sources(&f.dir, &peer_files, None)?;
    let times = {
        let sender = depot_service::store::open(&copy)?;
        let receiver =
            depot_service::store::at(&Location::File(work.join("receiver.redb")), Access::Create)?;
        import(&receiver, &peer_files)?;
        round(&sender, &receiver, &candidates, args.pieces, &work)?
    };
    figures(&mut rep, "redb", args.pieces, times);
    std::fs::remove_file(&copy)?;

    if let Some(server) = &args.server {
        let server = crate::pg::Server {
            server: server.clone(),
        };
        let s_url = crate::pg::recreate(&server, "depot_bench_ship_a")?;
        let r_url = crate::pg::recreate(&server, "depot_bench_ship_b")?;
        let files = work.join("pg-sender");
        sources(&f.dir, &files, Some(args.pg_assets))?;
        rep.setup(
            "PostgreSQL sender",
            format!(
                "the synthetic units and catalogue, {} assets",
                args.pg_assets
            ),
        );
        let times = {
            let sender = depot_service::store::at(&Location::Server(s_url), Access::Create)?;
            import(&sender, &files)?;
            let receiver = depot_service::store::at(&Location::Server(r_url), Access::Create)?;
            import(&receiver, &peer_files)?;
            round(&sender, &receiver, &candidates, args.pieces, &work)?
        };
        figures(&mut rep, "PostgreSQL", args.pieces, times);
        crate::pg::drop_database(&server, "depot_bench_ship_a")?;
        crate::pg::drop_database(&server, "depot_bench_ship_b")?;
    }
    print!("{}", rep.table());
    let saved = rep.save(&f.dir)?;
    eprintln!("ship: results in {}", saved.display());
    let _ = std::fs::remove_dir_all(&work);
    Ok(rep)
}
