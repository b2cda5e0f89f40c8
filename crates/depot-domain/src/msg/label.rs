//! What labels say: besides their codes and names, the marks of a lot and the lines of a
//! calibration label; why labels could not be made; and what sending labels to a printer
//! says when it fails.

crate::catalogue! { LabelMsg {
    /// A lot's line. A label speaks Chinese with the marks packaging prints the world over
    /// (LOT, EXP), whatever language the screen speaks: the printer uses the Chinese line.
    LotLine { number, expires } =>
        "LOT {number}  EXP {expires}"
        / "批号/LOT {number}  有效期/EXP {expires}",
    /// The same line in two, for a label whose texts share it with a square symbol.
    LotNumber { number } => "LOT {number}" / "批号/LOT {number}",
    LotExpires { expires } => "EXP {expires}" / "有效期/EXP {expires}",
}}

crate::catalogue! { CalibrationMsg {
    /// The first line of a calibration label: the label's size and the printer's resolution.
    Size { width, height, dpi } =>
        "calibration {width} × {height} mm, {dpi} dpi"
        / "校准 {width} × {height} 毫米，{dpi} dpi",
    /// Its second line: the size in the printer's dots, and where the border is.
    Dots { width, height } =>
        "{width} × {height} dots; border 1 mm inside the edge"
        / "{width} × {height} 点；边框距边缘 1 毫米",
}}

crate::catalogue! { PrintMsg {
    /// `--out tcp://…` that is not a host and a port.
    BadAddress { given } =>
        "'{given}' is not a printer's address: expected tcp://HOST:PORT, e.g. tcp://192.168.1.50:9100"
        / "'{given}' 不是打印机地址：应为 `tcp://主机:端口`，如 `tcp://192.168.1.50:9100`",
    /// `--out lp:` without a queue.
    NoQueue { given } =>
        "'{given}' names no print queue: expected lp:QUEUE (the queues are listed by `lpstat -p`)"
        / "'{given}' 未给出打印队列：应为 `lp:队列名`（`lpstat -p` 列出所有队列）",
    /// The host name did not resolve.
    UnknownHost { host, port, error } =>
        "the printer {host} (port {port}) could not be found: {error}; check the name or give its IP address"
        / "找不到打印机 {host}（端口 {port}）：{error}；请检查名称，或改用其 IP 地址",
    /// No connection within the time allowed, or refused.
    Connect { host, port, error, seconds } =>
        "could not connect to the printer at {host} port {port}: {error} (waited up to {seconds} s); check that it is on and on the network, and that {port} is its raw printing port (9100 on most)"
        / "无法连接打印机 {host} 端口 {port}：{error}（最多等待 {seconds} 秒）；请检查打印机已开机并已联网，且 {port} 是其原始打印端口（多数为 9100）",
    /// The connection broke while sending.
    Send { host, port, error } =>
        "the printer at {host} port {port} stopped taking the labels: {error}; some may have printed, check the printer before sending again"
        / "打印机 {host} 端口 {port} 中途停止接收标签：{error}；可能已打印了一部分，重新发送前请查看打印机",
    /// `lp` is not installed.
    LpMissing { queue } =>
        "could not run `lp` to print to the queue {queue}: it is not installed (Debian: cups-client); or send to the printer directly with --out tcp://HOST:9100"
        / "无法运行 `lp` 向队列 {queue} 打印：未安装（Debian 软件包 `cups-client`）；也可用 `--out tcp://主机:9100` 直接发往打印机",
    /// `lp` could not be started for another reason.
    LpStart { queue, error } =>
        "could not run `lp` to print to the queue {queue}: {error}"
        / "无法运行 `lp` 向队列 {queue} 打印：{error}",
    /// `lp` refused the job.
    LpFailed { queue, status, said } =>
        "`lp -d {queue} -o raw` failed ({status}): {said}; `lpstat -p` lists the queues"
        / "`lp -d {queue} -o raw` 失败（{status}）：{said}；`lpstat -p` 列出所有队列",
}}

crate::catalogue! { LabelErrorMsg {
    /// A typed code that is not a code; `reason` is the code's own, in the reader's language.
    BadCode { code, reason } => "barcode '{code}': {reason}" / "条码 '{code}'：{reason}",
    UnknownBarcodes { codes } =>
        "not in the register: {codes}; check the code (`depot export assets` and `depot export lots` list every barcode)"
        / "登记簿中没有：{codes}；请检查条码（`depot export assets` 与 `depot export lots` 列出所有条码）",
    UnknownOwner { owner } =>
        "no unit or warehouse has the code {owner}; owners are the codes of units.csv and warehouses.csv"
        / "没有代码为 {owner} 的单位或仓库；所属单位是 units.csv 与 warehouses.csv 中的代码",
    UnknownModule { module } =>
        "there is no module {module}; the modules are those of modules.csv"
        / "没有模块 {module}；模块是 modules.csv 中所列的",
    Nothing { owner } => "{owner} holds nothing to label" / "{owner} 没有需要打印标签的物资",
    NothingInModule { owner, module } =>
        "{owner} (module {module}) holds nothing to label"
        / "{owner}（模块 {module}）没有需要打印标签的物资",
    /// A code that cannot be drawn as the symbol asked for; `reason` is one of the Symbol…
    /// messages below.
    Symbol { barcode, reason } => "barcode {barcode}: {reason}" / "条码 {barcode}：{reason}",
    SymbolCharset { code } =>
        "'{code}' cannot be printed as Code128: only ASCII letters, digits and signs can"
        / "'{code}' 无法印成条码：只能包含 ASCII 字母、数字和符号",
    SymbolEmpty => "an empty code cannot be printed" / "空的代码无法打印",
    SymbolTooLong { code } =>
        "'{code}' is too long for the symbol chosen; try --symbology qr"
        / "'{code}' 对所选码制过长；请改用 --symbology qr",
    SameFile { first, second, file } =>
        "barcodes '{first}' and '{second}' would both be written to {file}; label them in separate runs or directories"
        / "条码 '{first}' 与 '{second}' 会写入同一个文件 {file}；请分次或分目录打印",
    Png { error } => "could not encode the PNG: {error}" / "无法编码 PNG：{error}",
}}
