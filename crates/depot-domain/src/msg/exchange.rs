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
    /// `{also}`: the column's Chinese name, which the Chinese sentence gives after its
    /// English one and the English sentence leaves out (empty).
    MissingColumn { file, column, also } =>
        "{file}: the required column '{column}'{also} is missing from the header row; add it (under its English or its Chinese name)"
        / "{file}：表头中缺少必填列 '{column}'{also}；请以其中任一名称添加该列",
    DuplicateColumn { file, column, also, first, second } =>
        "{file}: the column '{column}'{also} appears twice in the header row, by one of its names (columns {first} and {second}); keep one of them"
        / "{file}：列 '{column}'{also}在表头中出现两次（第 {first} 列和第 {second} 列）；请只保留一列",
    CannotWrite { target, error } => "cannot write {target}: {error}" / "无法写入 {target}：{error}",
    Unencodable { row, column, ch, code } =>
        "row {row}, column '{column}': the character '{ch}' (U+{code}) cannot be written in GB18030; export as UTF-8 instead, or change the value"
        / "第 {row} 行，列 '{column}'：字符 '{ch}'（U+{code}）无法以 GB18030 写出；请改为 UTF-8 导出，或修改该值",
    FieldCount { row, got, expected } =>
        "row {row} has {got} cells but the header has {expected}"
        / "第 {row} 行有 {got} 个单元格，而表头有 {expected} 个",
    // What an input file's type is, when it is not CSV text.
    XlsxOrZip => "an Excel workbook (.xlsx) or another zip archive" / "Excel 工作簿（.xlsx）或其他 ZIP 压缩包",
    OldXls => "an old Excel workbook (.xls)" / "旧版 Excel 工作簿（.xls）",
    Utf16 => "UTF-16 text (Excel's \"Unicode text\")" / "UTF-16 文本（Excel 的“Unicode 文本”）",
    NulByte { line } => "binary data (a NUL byte at line {line})" / "二进制数据（第 {line} 行有 NUL 字节）",
    ControlCharacters => "binary data (many control characters)" / "二进制数据（控制字符过多）",
    // Why a cell does not parse.
    /// The forms a date may take, the Chinese one included in both languages.
    DateForms =>
        "expected YYYY-MM-DD (also YYYY/M/D, YYYY.M.D or YYYY年M月D日)"
        / "应为 YYYY-MM-DD（也可 YYYY/M/D、YYYY.M.D 或 YYYY年M月D日）",
    DateEmpty { forms } => "empty: a date is required, {forms}" / "为空：必须填写日期，{forms}",
    NotADate { forms } => "not a date: {forms}" / "不是日期：{forms}",
    NoSuchDate { date } =>
        "no such date: {date} is not in the calendar"
        / "没有这一天：{date} 不在日历上",
    NotATimestamp =>
        "not a timestamp: expected RFC 3339 with an offset, like 2024-03-01T08:30:00+08:00"
        / "不是时间戳：应为带时区偏移的 `RFC 3339` 格式，如 2024-03-01T08:30:00+08:00",
    NumberEmpty => "empty: a number is required" / "为空：必须填写数字",
    DecimalSeparators =>
        "not a decimal: write it without thousands separators and with a dot, like 1000 or 3.5"
        / "不是小数：请不加千位分隔符、用小数点书写，如 1000 或 3.5",
    DecimalExponent =>
        "not a decimal: exponents are not allowed, write the number out, like 1000"
        / "不是小数：不能用指数，请写出完整数字，如 1000",
    NotADecimal =>
        "not a decimal: expected digits with an optional dot, like 12 or 3.5"
        / "不是小数：应为数字，可带小数点，如 12 或 3.5",
    DecimalTooLarge =>
        "too large or too precise: at most 28 significant digits"
        / "过大或过于精确：最多 28 位有效数字",
    QuantityNegative => "negative: a quantity cannot be below 0" / "为负数：数量不能小于 0",
    MustNotBeNegative => "must not be negative" / "不能为负数",
    LatitudeRange =>
        "not a latitude: decimal degrees from -90 to 90 (WGS-84), like 30.27"
        / "不是纬度：应为 -90 到 90 之间的十进制度数（WGS-84），如 30.27",
    LongitudeRange =>
        "not a longitude: decimal degrees from -180 to 180 (WGS-84), like 120.15"
        / "不是经度：应为 -180 到 180 之间的十进制度数（WGS-84），如 120.15",
    LatLonPair =>
        "a location needs both lat and lon: fill in both, or leave both empty"
        / "位置须同时填写纬度和经度：请两项都填，或都留空",
    MinutesPositive =>
        "not a travel time: minutes above 0, like 25 or 12.5"
        / "不是行车时间：应为大于 0 的分钟数，如 25 或 12.5",
    WholeEmpty => "empty: a whole number is required" / "为空：必须填写整数",
    NotAWholeNumber =>
        "not a whole number: expected digits only, like 10"
        / "不是整数：只能是数字，如 10",
    WholeTooLarge => "too large for a whole number here" / "整数过大",
    /// The words a yes/no cell may hold, the Chinese ones included in both languages.
    NotYesNo =>
        "not yes or no: expected yes/no (also true/false, 1/0, 是/否)"
        / "不是“是”或“否”：应为 是/否（也可 `yes`/`no`、`true`/`false`、1/0）",
    AwayStaysAway { barcode, depot } =>
        "{barcode} is away at depot {depot} (shipped there): an import does not change its status, place or owner; it comes back with a shipment from that depot (depot receive-shipment): keep its row as exported (status away, location {depot}) or leave the row out"
        / "{barcode} 已发运至 {depot}：导入不能改变其状态、位置或归属，须随该库发回的货物接收（depot receive-shipment）；请保持导出时的内容（状态“调出”，位置 {depot}），或删去此行",
    AwayOnlyByShipment =>
        "status away is set only by a shipment (depot ship); give the status the piece has here (ready, if it is on the shelf)"
        / "状态“调出”只能由发运（depot ship）产生；请填写该件在本库的实际状态（在库完好即填“完好”）",
    UnknownValue { value, allowed } =>
        "unknown value '{value}': expected one of {allowed}"
        / "未知的值 '{value}'：应为 {allowed} 之一",
    CellEmpty { column, name } =>
        "empty: a value for '{column}' ({name}) is required"
        / "为空：必须填写 '{column}'（{name}）",
    StandardZero =>
        "0: a line of a standard requires more than 0 (leave the line out)"
        / "为 0：配备标准的一行要求的数量必须大于 0（不需要就删去这一行）",
    ModuleNotWarehouse =>
        "a module applies only to a warehouse line (scope warehouse:CODE)"
        / "模块只适用于储备库的标准行（适用范围 warehouse:代码）",
    // A bad row, and where it is.
    RowCells { got, expected } =>
        "the row has {got} cells but the header has {expected}: look for a \
         missing or extra comma, or an unclosed quote"
        / "这一行有 {got} 个单元格，而表头有 {expected} 个：请检查是否缺少或多了逗号，或引号未闭合",
    BadRow { file, line, reason } => "{file}:{line}: {reason}" / "{file}:{line}：{reason}",
    BadCell { file, line, column, value, reason } =>
        "{file}:{line}: column '{column}' value '{value}': {reason}"
        / "{file}:{line}：列 '{column}' 的值 '{value}'：{reason}",
    /// A problem in a cell of a spreadsheet: `{cell}` is `Sheet!F17`.
    SheetCell { file, cell, column, value, reason } =>
        "{file} {cell}: column '{column}' value '{value}': {reason}"
        / "{file} {cell}：列 '{column}' 的值 '{value}'：{reason}",
    SheetRow { file, sheet, line, reason } =>
        "{file} {sheet}!{line}: {reason}" / "{file} {sheet}!{line}：{reason}",
    // Notes on what an import did not read.
    UnknownColumn { file, column, index } =>
        "{file}: column '{column}' (column {index}) is not known and is ignored"
        / "{file}：第 {index} 列 '{column}' 无法识别，已忽略",
    UnnamedColumn { file, index } =>
        "{file}: column {index} has no name in the header and is ignored"
        / "{file}：第 {index} 列在表头中没有列名，已忽略",
    // Workbooks.
    NotAWorkbook { file, reason } =>
        "{file}: cannot read the workbook ({reason}); open it in Excel or WPS and save it again as .xlsx"
        / "{file}：无法读取该工作簿（{reason}）；请用 Excel 或 WPS 打开后另存为 .xlsx",
    NoSuchSheet { file, sheet, sheets } =>
        "{file}: there is no sheet '{sheet}'; its sheets are {sheets}"
        / "{file}：没有名为 '{sheet}' 的工作表；现有工作表：{sheets}",
    NoSheets => "it has no sheets" / "其中没有工作表",
    DamagedWorkbook =>
        "the file is damaged or is not a workbook of that type"
        / "文件已损坏，或不是该类型的工作簿",
    BadToml =>
        "it is not valid TOML; see schemas/register-map.md"
        / "不是有效的 `TOML` 格式；格式见 `schemas/register-map.md`",
    HiddenSheet { file, sheet } =>
        "{file}: the hidden sheet '{sheet}' is not read (name it with --sheet to read it)"
        / "{file}：隐藏的工作表 '{sheet}' 未读取（如需读取，请用 --sheet 指定）",
    SheetSkipped { file, sheet } =>
        "{file}: sheet '{sheet}' has no header row with the columns of this import and is skipped"
        / "{file}：工作表 '{sheet}' 中没有本次导入所需各列的表头行，已跳过",
    SheetOfAnotherKind { file, sheet, kind } =>
        "{file}: sheet '{sheet}' is for {kind} and is not read by this import"
        / "{file}：工作表 '{sheet}' 属于 `{kind}`，本次导入不读取",
    NoSheetWithHeader { file, error } =>
        "{file}: no sheet has a header row with the columns of this import; the first sheet: {error}"
        / "{file}：没有任何工作表含有本次导入所需各列的表头行；第一个工作表：{error}",
    TitleRowsSkipped { file, sheet, rows, text } =>
        "{file} {sheet}: row(s) {rows} above the header are skipped: {text}"
        / "{file} {sheet}：表头上方的第 {rows} 行已跳过：{text}",
    /// `{at}`: the file and the row (`台账.xlsx 车辆!40`, `台账.csv:40`).
    TotalRowSkipped { at, text } =>
        "{at}: a total row ({text}) is skipped" / "{at}：合计行（{text}）已跳过",
    OffTableRowSkipped { at, text } =>
        "{at}: nothing in the columns read, only '{text}'; skipped"
        / "{at}：所读各列均为空，只有 '{text}'，已跳过",
    NoRegisterHeader { file } =>
        "{file}: no sheet has a header row naming the items (an item name or item code column) and another column; name the columns with --map (schemas/register-map.md)"
        / "{file}：没有任何工作表含有写明装备（装备名称、器材名称、名称或品类编码）及其他列的表头行；请用 --map 指定各列（见 `schemas/register-map.md`）",
    MapFileHead =>
        "depot import register: which field each column is, and which code each name is. Fill in the empty values (\"\" = not decided yet) and import again with --map; the format is in schemas/register-map.md"
        / "depot import register 对照表：各列对应的字段，以及各名称对应的代码。请填写空着的值（\"\" 表示尚未决定），再用 --map 导入；格式见 `schemas/register-map.md`",
    MapPending { cells, candidates } =>
        "in {cells}; candidates: {candidates}" / "出现于 {cells}；候选：{candidates}",
    /// Words of another library (a parser's message), as it gave them.
    Said { text } => "{text}" / "{text}",
    BadMap { file, reason } =>
        "{file}: not a map file: {reason}" / "{file}：不是有效的对照表文件（{reason}）",
    UnknownField { header, field, fields } =>
        "the column '{header}' is mapped to '{field}', which is not a field; the fields are {fields}, or `ignore`"
        / "列 '{header}' 对应的 '{field}' 不是字段；字段有 {fields}，或 `ignore`",
    /// The header of the reasons' column in a workbook of rejected rows.
    RejectReasonColumn => "why rejected" / "退回原因",
    /// A reason in a rejects file, after the column it is about.
    RejectedCell { column, reason } => "{column}: {reason}" / "列 '{column}'：{reason}",
    // The depot's signing key.
    NoRandomNumbers { error } =>
        "no random numbers for a new key: {error}"
        / "系统未提供随机数，无法生成新密钥（{error}）；请稍后重试",
    NotAKey { path } =>
        "{path} is not a depot key (an Ed25519 private key in PKCS#8 PEM); name the right file with --key or DEPOT_KEY"
        / "{path} 不是库密钥（PKCS#8 PEM 格式的 Ed25519 私钥）；请用 --key 或 DEPOT_KEY 指定正确的文件",
    KeyExists { path } =>
        "{path} already holds a key, and headquarters knows this depot by it; keep it (`depot key show`), or give --force to make a new one (headquarters must then enrol the new key)"
        / "{path} 已有密钥，总部凭它识别本库；请保留它（`depot key show`），或用 --force 生成新密钥（总部随后须登记新密钥）",
    CannotEncodeKey { error } =>
        "cannot encode the key: {error}"
        / "无法编码密钥（{error}）；未写入任何文件",
}}
