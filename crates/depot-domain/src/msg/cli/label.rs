//! What `depot label` and `depot labels` say.

crate::catalogue! { CliLabelMsg {
    SheetsWritten { labels, pages } =>
        "{labels} labels on {pages} A4 pages"
        / "{labels} 张标签，共 {pages} 页 A4",
    FormatMismatch { out, ext } =>
        "--out {out} does not end in .{ext}; give a file name that matches --format"
        / "--out {out} 的扩展名不是 .{ext}；请给出与 --format 相符的文件名",
}}
