//! The Chinese lines of the label commands' options and arguments (`depot label`, `depot
//! labels`), by the command's path and the argument's id, as in [`super::args`].

/// `(command, argument id, line, value name)`.
pub(super) const LABEL_ARGS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "label",
        "barcodes",
        "要打印标签的条码（每个一个文件，以条码命名）",
        None,
    ),
    (
        "label",
        "format",
        "`svg`（70 × 37 毫米，供打印）、`png`（300 dpi），或标签打印机的语言：`zpl`（斑马）或 `tspl`（台半、佳博、芯烨）",
        None,
    ),
    (
        "label",
        "calibrate",
        "改为打印一张校准标签（无须数据库）：距边缘 1 毫米的边框、毫米标尺、尺寸与 dpi，用于校准打印机",
        None,
    ),
    (
        "label",
        "out",
        "写入的目录（不存在则新建）；`zpl` 与 `tspl` 为一个打印任务文件（已有的目录：每张标签一个文件）；或打印机：`tcp://主机:端口` 或 `lp:队列`",
        Some("去处"),
    ),
    ("labels", "owner", "打印其物资标签的单位或仓库", None),
    ("labels", "module", "只含为此灾害模块储备的物资", None),
    (
        "labels",
        "import",
        "代替 --owner：这次台账导入新建的装备（编号由 `depot import register` 给出），按单位、再按存放位置排列，贴标时每处货架只走一遍",
        Some("编号"),
    ),
    (
        "labels",
        "count",
        "代替 --owner：该盘点应有而尚未扫到的装备（贴标核对时没扫到的标签），用于补打",
        Some("编号"),
    ),
    (
        "labels",
        "sheet",
        "标签纸：`a4`（每页 3 × 8 张 70 × 37 毫米的标签）；`zpl` 与 `tspl` 则打印在卷纸上",
        Some("纸张"),
    ),
    (
        "labels",
        "format",
        "`svg`、`png`（300 dpi）、`zpl` 或 `tspl`；默认依 --out 的扩展名，否则 `svg`",
        None,
    ),
    (
        "labels",
        "out",
        "写入的文件（`svg` 与 `png`：多于一页时写为 文件-1、文件-2 …；`zpl` 与 `tspl`：一个打印任务）；或打印机：`tcp://主机:端口` 或 `lp:队列`",
        Some("去处"),
    ),
    (
        "label",
        "symbology",
        "码制：`code128`（条码在文字下方），或方形的 `qr`、`datamatrix`（在文字左侧），用于放不下条码的小工具与气瓶",
        Some("码制"),
    ),
    ("label", "size", "标签尺寸，单位毫米：宽x高", Some("宽x高")),
    (
        "label",
        "dpi",
        "打印机的分辨率（每英寸点数）；默认：`zpl` 与 `tspl` 为 203，`svg` 与 `png` 为 300",
        Some("点数"),
    ),
    (
        "labels",
        "symbology",
        "码制：`code128`（条码在文字下方），或方形的 `qr`、`datamatrix`（在文字左侧），用于放不下条码的小工具与气瓶",
        Some("码制"),
    ),
    ("labels", "size", "标签尺寸，单位毫米：宽x高", Some("宽x高")),
    (
        "labels",
        "dpi",
        "打印机的分辨率（每英寸点数）；默认：`zpl` 与 `tspl` 为 203，`svg` 与 `png` 为 300",
        Some("点数"),
    ),
];
