//! What shipments between depots say: `depot ship`, `depot receive-shipment`,
//! `depot receive-receipt`, the peer depots' keys and the signed folders' checks.

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
    Away { barcode, location } =>
        "{barcode} is away at {location} (shipped there): it cannot be shipped again until it is received back; remove it from the list"
        / "{barcode} 已调出在 {location}（已发运）：收回前不能再次发运；请从清单中去掉",
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
    ReceiptMalformed { dir, what } =>
        "{dir}/manifest.json is not a receipt of schema version 1 ({what}): it was damaged or edited; ask the receiving depot for the receipt again"
        / "{dir}/manifest.json 不是第 1 版的签收单（{what}）：文件已损坏或被修改；请向接收库重新索取",
    ReceiptSchemaVersion { dir, found } =>
        "{dir} is a receipt of schema version {found}, and this depot reads version 1: update depot to read it"
        / "{dir} 是第 {found} 版的签收单，本程序只能读第 1 版：请升级 depot",
    ReceiptBadSignature { dir } =>
        "{dir}/manifest.json's signature does not verify with its public key: the receipt was edited after it was signed; do not take it, ask the receiving depot for it again"
        / "{dir}/manifest.json 的签名与其公钥不符：签收单签名后被修改过；请勿采用，向接收库重新索取",
    ReceiptFileChanged { dir, file, what } =>
        "{dir}/{file} does not match the receipt's manifest ({what}): it was edited or cut short on the way; do not take it, ask the receiving depot for it again"
        / "{dir}/{file} 与签收单清单不符（{what}）：途中被修改或截断；请勿采用，向接收库重新索取",
    PeerKeyNotHex =>
        "--public-key must be the 64 hex digits the other depot's `depot key show` prints"
        / "--public-key 应为对方库 `depot key show` 显示的 64 位十六进制数",
    PeerIsSelf { depot } =>
        "{depot} is this depot itself: enrol the keys of the other depots that ship to it"
        / "{depot} 就是本库：请登记向本库发运的其他库的公钥",
    PeerKeyOther { depot, enrolled, given } =>
        "depot {depot} is enrolled with another key ({enrolled}), not {given}: if {depot} made a new key, confirm its fingerprint with them and run again with --replace"
        / "库 {depot} 已登记另一公钥（{enrolled}），而非 {given}：如对方换了新密钥，请与其核对指纹后加 --replace 重新执行",
    PeerEnrolled { depot, fingerprint } =>
        "depot {depot} enrolled, key {fingerprint}: its shipments and receipts are checked against it"
        / "已登记库 {depot}，公钥 {fingerprint}：其发运单与签收单均以此核验",
    PeerSame { depot, fingerprint } =>
        "depot {depot} was already enrolled with this key ({fingerprint}); nothing changed"
        / "库 {depot} 已以此公钥（{fingerprint}）登记，未作更改",
    PeerReplaced { depot, old, new } =>
        "depot {depot}: key {old} replaced by {new}"
        / "库 {depot}：公钥 {old} 已替换为 {new}",
    UnknownDepot { dir, depot } =>
        "{dir} comes from depot {depot}, whose key is not enrolled here: confirm its key's fingerprint with {depot} and enrol it (`depot key enrol-depot {depot} --public-key HEX`), then run again"
        / "{dir} 来自库 {depot}，本库未登记其公钥：请与 {depot} 核对公钥指纹后登记（`depot key enrol-depot {depot} --public-key 公钥`），再重新执行",
    WrongKey { dir, depot, enrolled, found } =>
        "{dir} says it comes from depot {depot}, but is signed with key {found}, not with {depot}'s enrolled key {enrolled}: do not take it; ask {depot} whether it made a new key (then enrol it with --replace)"
        / "{dir} 自称来自库 {depot}，但签名公钥为 {found}，而非已登记的 {enrolled}：请勿采用；向 {depot} 确认是否更换了密钥（如是，以 --replace 重新登记）",
    WrongReceiver { dir, to, here } =>
        "{dir} is a shipment to {to}, not to this depot ({here}): send it on to {to} with the pieces"
        / "{dir} 是发往 {to} 的发运单，不是发给本库（{here}）的：请连同装备转交 {to}",
    ReceivedTwice { dir, id, at, from } =>
        "shipment {id} ({dir}) was already received here on {at}: nothing was taken in again; if pieces are still waiting, they were not in it; a piece its receipt recorded missing that turned up since is still {from}'s: send it back to {from}, which checks it in (`depot checkin`) and ships it again if it is to be yours"
        / "发运单 {id}（{dir}）已于 {at} 在本库签收：未再次入库；如仍有装备待收，它们不在该单中；签收单记为缺失、其后才找到的装备仍属 {from}：请退回 {from}，由其归还入库（`depot checkin`），如应归本库，再由其重新发运",
    FoundAgain { id } =>
        "found again after shipment {id} recorded it missing"
        / "发运单 {id} 记为缺失后寻回",
    Replayed { dir, id, at } =>
        "{dir} carries the id {id} of a different shipment received here on {at}: the sending depot reused an id (its register may have been restored from a backup); do not take it, ask the sender"
        / "{dir} 使用了 {at} 已签收的另一发运单的编号 {id}：发运库重复使用了编号（其数据库可能从备份恢复过）；请勿采用，向发运库核实",
    AlreadyHere { barcode, owner } =>
        "{barcode} is already in this register (held by {owner}), not away: a piece is never in two registers; ask the sending depot to check its register, and leave {barcode} out (scan the others)"
        / "{barcode} 已在本库登记（属 {owner}），并非调出在外：同一装备不能同时在两个库登记；请发运库核对其登记簿，并排除 {barcode}（只扫描其余装备）",
    ItemUnknown { barcode, item } =>
        "{barcode} is item {item}, which this depot's catalogue does not have: import the catalogue from headquarters (or add {item}), then receive the shipment"
        / "{barcode} 的品类 {item} 不在本库编目中：请先导入总部编目（或增补 {item}），再签收",
    Received { id, from, received, missing, unexpected } =>
        "shipment {id} from {from}: {received} received, {missing} missing, {unexpected} unexpected"
        / "来自 {from} 的发运单 {id}：签收 {received} 件，缺 {missing} 件，多出 {unexpected} 件",
    MissingList { barcodes } =>
        "  missing: {barcodes}"
        / "  缺：{barcodes}",
    UnexpectedList { barcodes } =>
        "  unexpected: {barcodes}"
        / "  多出：{barcodes}",
    ReceiptWritten { dir, to } =>
        "the signed receipt is {dir}: send it back to {to}, who closes the shipment with `depot receive-receipt`"
        / "签名签收单为 {dir}：请送回 {to}，由其以 `depot receive-receipt` 结清发运单",
    ReceiptNotOurs { dir, to, here } =>
        "{dir} is a receipt for depot {to}, not for this depot ({here}): send it on to {to}"
        / "{dir} 是给库 {to} 的签收单，不是给本库（{here}）的：请转交 {to}",
    ReceiptUnknownShipment { dir, id } =>
        "{dir} answers shipment {id}, which this depot did not send: check that the receipt came to the right depot"
        / "{dir} 签收的发运单 {id} 并非本库所发：请核对签收单是否送错了库",
    ReceiptOtherShipment { dir, id } =>
        "{dir} answers a shipment {id} that is not the one this depot sent under that id (its manifest differs): do not take it; ask the receiving depot which shipment it received"
        / "{dir} 签收的发运单 {id} 与本库以该编号发出的不同（清单不符）：请勿采用；向接收库核实其签收的是哪一单",
    ReceiptFromOther { dir, id, to, from } =>
        "{dir} answers shipment {id}, which went to {to}, but comes from {from}: do not take it; the receipt must come from {to}"
        / "{dir} 签收的发运单 {id} 发往 {to}，签收单却来自 {from}：请勿采用；签收单应由 {to} 出具",
    ReceiptTwice { dir, id, at } =>
        "shipment {id} was already closed on {at} by a receipt: {dir} changes nothing"
        / "发运单 {id} 已于 {at} 凭签收单结清：{dir} 不作任何更改",
    Closed { id, received, missing, unexpected } =>
        "shipment {id} closed: {received} received, {missing} missing (recorded as missing here), {unexpected} unexpected at the receiver"
        / "发运单 {id} 已结清：签收 {received} 件，缺 {missing} 件（已在本库记为缺失），接收库多出 {unexpected} 件",
    Shipped { id, count, to, dir } =>
        "shipment {id}: {count} pieces in transit to {to}; the signed folder is {dir}: send it with the pieces"
        / "发运单 {id}：{count} 件装备在途，发往 {to}；签名文件夹为 {dir}：请随装备一同送达",
    Lent { id, count, to, date, dir } =>
        "shipment {id}: {count} pieces lent to {to} until {date}; the signed folder is {dir}: send it with the pieces"
        / "发运单 {id}：{count} 件装备借给 {to}，{date} 前归还；签名文件夹为 {dir}：请随装备一同送达",
} }
