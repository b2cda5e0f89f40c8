//! What shipments between depots say: `depot ship` and the shipment folder's checks.

crate::catalogue! { ShipMsg {
    NoPieces =>
        "no barcode given: name the pieces to ship, `depot ship --to DEPOT BARCODE…`"
        / "未给出条码：请列出要发运的装备，`depot ship --to 库 条码…`",
    ToSelf { to } =>
        "{to} is this depot itself: a shipment goes to another depot; give its code with --to"
        / "{to} 就是本库：发运要发往另一个库；请用 --to 给出对方的编码",
    Twice { barcode } =>
        "{barcode} is named twice in this shipment: name each piece once"
        / "{barcode} 在本次发运中出现了两次：每件装备只写一次",
    NotHere { barcode, location } =>
        "{barcode} is not at its owner but at {location}: check it in first (`depot checkin {barcode}`), then ship it"
        / "{barcode} 不在所属单位，而在 {location}：请先归还（`depot checkin {barcode}`），再发运",
    Retired { barcode } =>
        "{barcode} is written off and cannot be shipped; remove it from the list"
        / "{barcode} 已报废，不能发运；请从清单中去掉",
    NotReady { barcode, status } =>
        "{barcode} is {status}, not ready: finish its repair (`depot repair {barcode} --done`) or leave it out of the shipment"
        / "{barcode} 状态为 {status}，不是完好：请先修竣（`depot repair {barcode} --done`）或不发运它",
    EmptyLot { barcode } =>
        "lot {barcode} holds nothing: leave it out of the shipment"
        / "批次 {barcode} 数量为零：请不要发运它",
    ReturnByPast { date, today } =>
        "--return-by {date} is before today ({today}): give the date the loan is to come back by"
        / "--return-by {date} 早于今天（{today}）：请给出借出装备的归还期限",
    Malformed { dir, what } =>
        "{dir}/manifest.json is not a shipment manifest of schema version 1 ({what}): it was damaged or edited; ask the sending depot for the shipment again"
        / "{dir}/manifest.json 不是第 1 版的发运清单（{what}）：文件已损坏或被修改；请向发运库重新索取",
    SchemaVersion { dir, found } =>
        "{dir} is a shipment of schema version {found}, and this depot reads version 1: update depot to read it"
        / "{dir} 是第 {found} 版的发运清单，本程序只能读第 1 版：请升级 depot",
    BadSignature { dir } =>
        "{dir}/manifest.json's signature does not verify with its public key: it was edited after it was signed; do not receive it, ask the sending depot for it again"
        / "{dir}/manifest.json 的签名与其公钥不符：签名后被修改过；请勿接收，向发运库重新索取",
    FileChanged { dir, file, what } =>
        "{dir}/{file} does not match the manifest ({what}): it was edited or cut short on the way; do not receive it, ask the sending depot for it again"
        / "{dir}/{file} 与清单不符（{what}）：途中被修改或截断；请勿接收，向发运库重新索取",
    Shipped { id, count, to, dir } =>
        "shipment {id}: {count} pieces in transit to {to}; the signed folder is {dir}: send it with the pieces"
        / "发运单 {id}：{count} 件装备在途，发往 {to}；签名文件夹为 {dir}：请随装备一同送达",
    Lent { id, count, to, date, dir } =>
        "shipment {id}: {count} pieces lent to {to} until {date}; the signed folder is {dir}: send it with the pieces"
        / "发运单 {id}：{count} 件装备借给 {to}，{date} 前归还；签名文件夹为 {dir}：请随装备一同送达",
} }
