//! What `depot init`, `demo`, `import`, `export` (of single files) and `status` say.

crate::catalogue! { CliRegisterMsg {
    DatabaseExists { db } =>
        "{db} already exists; choose another --db path or remove the file first"
        / "{db} 已存在；请用 --db 另选路径，或先移走该文件",
    Created { db } => "created {db}" / "已创建 {db}",
    DemoRebuilt { aside } =>
        "demo.redb was built by an older depot: kept as {aside}, building it again from the sample"
        / "demo.redb 由旧版 depot 生成：已保留为 {aside}，正由示例重新生成",
    NoSuchFile { file } => "{file}: no such file" / "{file}：没有这个文件",
    ColumnsOf { at, row, rows } =>
        "{at}: header in row {row}, {rows} rows; columns:"
        / "{at}：表头在第 {row} 行，共 {rows} 行数据；各列：",
    FieldNotKept { field } => "{field} (read, not kept)" / "{field}（读取但不保存）",
    FieldNone => "(not read)" / "（不读取）",
    PartialDate { cell, written, taken } =>
        "{cell}: '{written}' is a month or a year; taken as {taken}"
        / "{cell}：“{written}”只写到月或年，按 {taken} 计",
    Unresolved { what, value, cells, candidates } =>
        "not resolved: {what} '{value}' in {cells}; candidates: {candidates}; decide in the map file (--save-map, then --map)"
        / "未能识别：{what}“{value}”，见 {cells}；候选：{candidates}；请在对照表中决定（--save-map 生成，--map 使用）",
    NameItem => "item" / "装备名称",
    NamePlace => "unit or warehouse" / "单位或储备库",
    NameStatus => "status" / "技术状况",
    NameModule => "module" / "模块",
    RegisterNotImported { names, rows } =>
        "nothing was imported: {names} names not resolved, {rows} bad rows"
        / "未导入任何内容：{names} 个名称未能识别，{rows} 行有误",
    NewBarcodes { first, last } => "new barcodes {first}–{last}" / "新条码 {first}–{last}",
    NoNewBarcodes => "no new barcodes" / "没有新条码",
    RegisterImported { file, assets, lots, barcodes, id } =>
        "imported from {file}: {assets} pieces, {lots} lots; {barcodes}; print the labels: depot labels --import {id}"
        / "从 {file} 导入 {assets} 件装备、{lots} 批物资；{barcodes}；打印标签：depot labels --import {id}",
    RegisterDryRun { file, assets, lots, barcodes } =>
        "dry run: {file} would import {assets} pieces, {lots} lots; {barcodes}; nothing was changed"
        / "试运行：{file} 将导入 {assets} 件装备、{lots} 批物资；{barcodes}；未作任何更改",
    MapSaved { path, pending } =>
        "map written to {path} ({pending} names to decide)"
        / "对照表已写入 {path}（{pending} 个名称待决定）",
    RegisterWhichFile =>
        "import register needs the register's file: depot import register BOOK.xlsx"
        / "按台账导入需要给出台账文件：depot import register 台账.xlsx",
    SheetOfText { file } =>
        "{file} is not a workbook (.xlsx, .xls, .ods): --sheet names a sheet of one; leave it out for a CSV file"
        / "{file} 不是工作簿（.xlsx、.xls、.ods）：--sheet 用于指定工作簿中的工作表；CSV 文件请去掉该选项",
    MoreBadRows { more } => "… and {more} more problems" / "…… 另有 {more} 处问题",
    ImportRejected { n, files } =>
        "import rejected: {n} bad rows ({files}); nothing was changed"
        / "导入被拒：{n} 行有误（{files}）；未作任何更改",
    RejectsFile { file } =>
        "rejected rows with their reasons: {file}"
        / "被拒的行及其原因：{file}",
    /// One kind of an import's summary; `kind` in the reader's language.
    KindCounts { kind, new, changed, same } =>
        "{kind}: {new} new, {changed} changed, {same} unchanged"
        / "{kind} 新增 {new}、变更 {changed}、未变 {same}",
    Imported { kinds, movements } =>
        "imported: {kinds}; {movements} movements"
        / "已导入：{kinds}；{movements} 条台账记录",
    WouldImport { kinds, movements } =>
        "dry run, nothing was changed; would import: {kinds}; {movements} movements"
        / "试运行，未作任何更改；将导入：{kinds}；{movements} 条台账记录",
    BundleOptionsOnFile =>
        "--full and --depot are for `depot export bundle`; a single file takes --since"
        / "--full 与 --depot 只用于 `depot export bundle`；单个文件请用 --since",
    CsvOptionsOnWorkbook =>
        "--excel and --encoding are for CSV; a workbook (--format xlsx) has typed cells and needs neither: leave them out"
        / "--excel 与 --encoding 只用于 CSV；工作簿（--format xlsx）的单元格带类型，两者都不需要：请去掉它们",
    WorkbookToStdout =>
        "a workbook cannot go to standard output: name a file with --out FILE.xlsx"
        / "工作簿不能写到标准输出：请用 --out 文件.xlsx 指定文件",
    WroteRows { rows, file } => "wrote {rows} rows to {file}" / "已写入 {rows} 行至 {file}",
    StatusItems { items } => "{items} items" / "{items} 种",
    StatusLedger { movements, head } =>
        "{movements} movements, head {head}"
        / "{movements} 条记录，链头 {head}",
    StatusStandards { lines, targets } =>
        "{lines} lines, {targets} targets"
        / "{lines} 行，{targets} 项目标",
}}
