//! What `depot label` and `depot labels` say: about files and sheets, and about printers.

crate::catalogue! { CliLabelMsg {
    NothingToLabel =>
        "nothing to label: every label of that count was scanned"
        / "没有需要打印的标签：该盘点的标签均已扫到",
    SheetsWritten { labels, pages } =>
        "{labels} labels on {pages} A4 pages"
        / "{labels} 张标签，共 {pages} 页 A4",
    FormatMismatch { out, ext } =>
        "--out {out} does not end in .{ext}; give a file name that matches --format"
        / "--out {out} 的扩展名不是 .{ext}；请给出与 --format 相符的文件名",
}}

crate::catalogue! { CliPrintMsg {
    NeedsPrinterFormat { out } =>
        "--out {out} is a printer: give its language, --format zpl (Zebra) or --format tspl (TSC, Gprinter, Xprinter)"
        / "--out {out} 是打印机：请给出其语言：--format zpl（斑马）或 --format tspl（台半、佳博、芯烨）",
    SheetStock =>
        "an A4 sheet holds labels of 70 × 37 mm at 300 dpi: --size and --dpi are for zpl and tspl, which print one label after another (or `depot label` for single files)"
        / "A4 标签页上的标签为 70 × 37 毫米、300 dpi：--size 与 --dpi 用于逐张打印的 zpl 与 tspl（或用 `depot label` 逐个生成文件）",
    Sent { labels, to } =>
        "{labels} labels sent to {to}"
        / "已将 {labels} 张标签发送至 {to}",
    NotASize { given } =>
        "'{given}' is not a label size: expected WIDTHxHEIGHT in millimetres, each from 5 to 1000, e.g. 70x37"
        / "'{given}' 不是标签尺寸：应为 宽x高（毫米，各在 5 至 1000 之间），如 70x37",
}}
