//! What the exchange files' readers and writers say: which file, where in it, what is wrong,
//! and what to do.

crate::catalogue! { ExchangeMsg {
    UnknownEncoding { given, expected } =>
        "unknown encoding '{given}': expected one of {expected}"
        / "未知编码 '{given}'：应为 {expected} 之一",
    EmptyFile =>
        "the file is empty: it needs a header row and data rows"
        / "文件是空的：需要一行表头和若干数据行",
    BinaryFile { what } =>
        "the file is {what}, not a CSV text file: save it from the spreadsheet as CSV"
        / "该文件是{what}，不是 CSV 文本文件：请在电子表格中另存为 CSV",
    BomMismatch =>
        "the file starts with a UTF-8 byte order mark, so it is UTF-8, not GB18030: read it as utf-8 (or auto)"
        / "文件以 UTF-8 字节顺序标记（BOM）开头，因此是 UTF-8 而不是 GB18030：请按 utf-8（或 auto）读取",
    InvalidByte { what, byte, line, offset } =>
        "file is {what}: invalid byte 0x{byte} at line {line} (byte offset {offset}); save it as CSV (UTF-8) or name its encoding"
        / "文件{what}：第 {line} 行有无效字节 0x{byte}（字节偏移 {offset}）；请另存为 CSV（UTF-8）或指定其编码",
    NeitherUtf8NorGb18030 => "neither UTF-8 nor GB18030" / "既不是 UTF-8 也不是 GB18030",
    NotUtf8 => "not valid UTF-8" / "不是有效的 UTF-8",
    NotGb18030 => "not valid GB18030" / "不是有效的 GB18030",
    CannotRead { file, error } => "{file}: cannot read: {error}" / "{file}：无法读取：{error}",
    InFile { file, error } => "{file}: {error}" / "{file}：{error}",
    NotCsv { file, line, reason } =>
        "{file}: line {line}: not valid CSV: {reason}"
        / "{file}：第 {line} 行不是有效的 CSV（`{reason}`）",
    MissingColumn { file, column } =>
        "{file}: the required column {column} is missing from the header row; add it (under its English or its Chinese name)"
        / "{file}：表头中缺少必填列 {column}；请以其中任一名称添加该列",
    DuplicateColumn { file, column, first, second } =>
        "{file}: the column {column} appears twice in the header row, by one of its names (columns {first} and {second}); keep one of them"
        / "{file}：列 {column} 在表头中出现两次（第 {first} 列和第 {second} 列）；请只保留一列",
    CannotWrite { target, error } => "cannot write {target}: {error}" / "无法写入 {target}：{error}",
    Unencodable { row, column, ch, code } =>
        "row {row}, column '{column}': the character '{ch}' (U+{code}) cannot be written in GB18030; export as UTF-8 instead, or change the value"
        / "第 {row} 行，列 '{column}'：字符 '{ch}'（U+{code}）无法以 GB18030 写出；请改为 UTF-8 导出，或修改该值",
    FieldCount { row, got, expected } =>
        "row {row} has {got} cells but the header has {expected}"
        / "第 {row} 行有 {got} 个单元格，而表头有 {expected} 个",
}}
