//! A module is given by its code, its Chinese or its English name wherever one is given
//! (`receive`, `kit add`, `count open`, `checkin`, files), under its current names after a
//! modules.csv renamed it.

use depot_testkit::cli::Env;

#[test]
fn every_command_takes_a_module_by_its_current_names() {
    let env = Env::sample();
    // An earlier import renames the water module.
    env.write(
        "m/modules.csv",
        "code,name_zh,name_en\nwater,水上救援,Water and flood\n",
    );
    env.depot().args(["import", "m"]).assert().success();

    let out = env.stdout(&[
        "receive",
        "O-JS",
        "--qty",
        "3",
        "--to",
        "CK-SJ",
        "--module",
        "水上救援",
    ]);
    let lot = out.trim().to_owned();
    let lots = env.export("lots");
    let line = lots.lines().find(|l| l.starts_with(&lot)).unwrap();
    assert!(line.contains(",water,"), "{line}");
    env.stdout(&[
        "receive",
        "O-JS",
        "--qty",
        "1",
        "--to",
        "CK-SJ",
        "--module",
        "WATER AND FLOOD",
    ]);
    // The old name is no longer one; the message lists the modules.
    let stderr = env.refused_cmd(&[
        "receive", "O-JS", "--qty", "1", "--to", "CK-SJ", "--module", "水域",
    ]);
    assert!(
        stderr.contains("no module is called '水域'") && stderr.contains("水上救援"),
        "{stderr}"
    );

    env.stdout(&[
        "kit",
        "add",
        "KIT-W9",
        "--owner",
        "CK-SJ",
        "--module",
        "Mountain rescue",
    ]);
    let kit = env.stdout(&["kit", "show", "KIT-W9"]);
    assert!(kit.contains("module mountain"), "{kit}");

    let id = env.stdout(&["count", "open", "--scope", "CK-SJ", "--module", "山岳"]);
    let id: String = id.chars().filter(char::is_ascii_digit).collect();
    let count = env.stdout(&["count", "show", &id]);
    assert!(count.contains("mountain"), "{count}");

    let assets = env.export("assets");
    let barcode = assets
        .lines()
        .skip(1)
        .find(|l| l.contains(",ZHAN-0101,,,ready,"))
        .and_then(|l| l.split(',').next())
        .unwrap()
        .to_owned();
    env.stdout(&["checkout", &barcode, "--to", "ZHAN-0102"]);
    env.stdout(&["checkin", &barcode, "--into", "CK-SJ", "--module", "森林"]);
    let assets = env.export("assets");
    let line = assets.lines().find(|l| l.starts_with(&barcode)).unwrap();
    assert!(line.contains(",forest,"), "{line}");

    // A file of a later import, by the module's new names.
    env.write(
        "later/lots.csv",
        "barcode,item,owner,module,quantity\nL-NEW-1,O-JS,CK-SJ,水上救援,2\nL-NEW-2,O-JS,CK-SJ,water and flood,2\n",
    );
    env.depot().args(["import", "later"]).assert().success();
    let lots = env.export("lots");
    for b in ["L-NEW-1", "L-NEW-2"] {
        let line = lots.lines().find(|l| l.starts_with(b)).unwrap();
        assert!(line.contains(",water,"), "{line}");
    }
}
