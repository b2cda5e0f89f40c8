//! What labels say: besides their codes and names, the marks of a lot and the lines of a
//! calibration label; and what sending labels to a printer says when it fails.

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
        / "'{given}' 不是打印机地址：应为 tcp://主机:端口，如 tcp://192.168.1.50:9100",
    /// `--out lp:` without a queue.
    NoQueue { given } =>
        "'{given}' names no print queue: expected lp:QUEUE (the queues are listed by `lpstat -p`)"
        / "'{given}' 未给出打印队列：应为 lp:队列名（`lpstat -p` 列出所有队列）",
    /// The host name did not resolve.
    UnknownHost { host, port, error } =>
        "the printer {host} (port {port}) could not be found: {error}; check the name or give its IP address"
        / "找不到打印机 {host}（端口 {port}）：{error}；请检查名称，或改用其 IP 地址",
    /// No connection within the time allowed, or refused.
    Connect { host, port, error, seconds } =>
        "could not connect to the printer at {host} port {port} within {seconds} s: {error}; check that it is on and on the network, and that {port} is its raw printing port (9100 on most)"
        / "无法在 {seconds} 秒内连接打印机 {host} 端口 {port}：{error}；请检查打印机已开机并已联网，且 {port} 是其原始打印端口（多数为 9100）",
    /// The connection broke while sending.
    Send { host, port, error } =>
        "the printer at {host} port {port} stopped taking the labels: {error}; some may have printed, check the printer before sending again"
        / "打印机 {host} 端口 {port} 中途停止接收标签：{error}；可能已打印了一部分，重新发送前请查看打印机",
    /// `lp` is not installed.
    LpMissing { queue } =>
        "could not run `lp` to print to the queue {queue}: it is not installed (Debian: cups-client); or send to the printer directly with --out tcp://HOST:9100"
        / "无法运行 `lp` 向队列 {queue} 打印：未安装（Debian：cups-client）；也可用 --out tcp://主机:9100 直接发往打印机",
    /// `lp` could not be started for another reason.
    LpStart { queue, error } =>
        "could not run `lp` to print to the queue {queue}: {error}"
        / "无法运行 `lp` 向队列 {queue} 打印：{error}",
    /// `lp` refused the job.
    LpFailed { queue, status, said } =>
        "`lp -d {queue} -o raw` failed ({status}): {said}; `lpstat -p` lists the queues"
        / "`lp -d {queue} -o raw` 失败（{status}）：{said}；`lpstat -p` 列出所有队列",
}}
