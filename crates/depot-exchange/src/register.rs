//! A register in its own shape (`depot import register`): the sheets of a workbook (or a CSV
//! file) people keep today, their columns matched to depot's fields by their headers (the
//! synonyms of [`crate::words::REGISTER_COLUMNS`], or a map file's `[columns]`), each row kept
//! as text with its place (file, sheet, row, column) for the service to resolve names into
//! codes. The map file (TOML, `schemas/register-map.md`) also carries the officer's decisions:
//! `[items]`, `[places]`, `[status]`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use depot_domain::ids::fold_width;
use depot_domain::msg::exchange::ExchangeMsg;
use serde::{Deserialize, Serialize};

use crate::encoding::{InputEncoding, with_text};
use crate::error::{ReadError, display_path};
use crate::sheet::{Grid, SheetRow, column_letters, is_workbook, read_workbook};
use crate::words::{REGISTER_COLUMNS, REGISTER_STATUS};

/// A field of depot a register's column can fill, by its key in a map file.
pub type Field = &'static str;

/// The key that leaves a column out on purpose.
pub const IGNORE: &str = "ignore";

/// The fields whose values are read but not kept by depot (said so in the mapping table).
pub const NOT_KEPT: [Field; 4] = ["maker", "unit_price", "remarks", "seq"];

/// The map file: the register's headers to depot's fields, and the officer's decisions on
/// names. Values left empty are undecided.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub items: BTreeMap<String, String>,
    #[serde(default)]
    pub places: BTreeMap<String, String>,
    #[serde(default)]
    pub status: BTreeMap<String, String>,
    #[serde(default)]
    pub modules: BTreeMap<String, String>,
}

impl MapFile {
    /// Reads a map file; a bad one is refused with the file and the reason.
    pub fn read(path: &Path) -> Result<MapFile, ReadError> {
        let file = display_path(path);
        let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
            file: file.clone(),
            source,
        })?;
        let map: MapFile = toml::from_str(&text).map_err(|e| ReadError::Map {
            file: file.clone(),
            reason: Box::new(ExchangeMsg::Said {
                text: e.to_string(),
            }),
        })?;
        for (header, field) in &map.columns {
            if field != IGNORE && field_of_key(field).is_none() {
                return Err(ReadError::Map {
                    file,
                    reason: Box::new(ExchangeMsg::UnknownField {
                        header: header.clone(),
                        field: field.clone(),
                        fields: field_keys()
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    }),
                });
            }
        }
        Ok(map)
    }

    /// The tables of decisions, by their names in the file.
    pub fn sections(&self) -> [(&'static str, &BTreeMap<String, String>); 4] {
        [
            ("items", &self.items),
            ("places", &self.places),
            ("status", &self.status),
            ("modules", &self.modules),
        ]
    }

    /// The table of decisions named `name` (`items`, `places`, `status`, `modules`).
    pub fn section_mut(&mut self, name: &str) -> Option<&mut BTreeMap<String, String>> {
        match name {
            "items" => Some(&mut self.items),
            "places" => Some(&mut self.places),
            "status" => Some(&mut self.status),
            "modules" => Some(&mut self.modules),
            _ => None,
        }
    }

    /// A decision of `section`, if made (a value left empty is undecided).
    pub fn decided<'m>(section: &'m BTreeMap<String, String>, value: &str) -> Option<&'m str> {
        let folded = fold_name(value);
        section
            .iter()
            .find(|(k, _)| fold_name(k) == folded)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// The keys of every field a column can be mapped to.
pub fn field_keys() -> Vec<&'static str> {
    REGISTER_COLUMNS.iter().map(|(k, _)| *k).collect()
}

fn field_of_key(key: &str) -> Option<Field> {
    REGISTER_COLUMNS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| k.eq_ignore_ascii_case(key.trim()))
}

/// A name or header folded for matching: full width made half, spaces and a trailing
/// bracketed note removed (`单价（元）` matches `单价`), any case.
pub fn fold_name(s: &str) -> String {
    let s: String = fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    s
}

fn without_note(folded: &str) -> &str {
    match folded.find('(') {
        Some(i) if i > 0 && folded.ends_with(')') => &folded[..i],
        _ => folded,
    }
}

/// The field a header names: the map's `[columns]` first, then the synonyms.
pub fn field_of_header(header: &str, map: &MapFile) -> Option<Field> {
    let folded = fold_name(header);
    if folded.is_empty() {
        return None;
    }
    if let Some((_, f)) = map.columns.iter().find(|(h, _)| fold_name(h) == folded) {
        return if f == IGNORE { None } else { field_of_key(f) };
    }
    let bare = without_note(&folded);
    REGISTER_COLUMNS
        .iter()
        .find(|(_, names)| {
            names
                .iter()
                .any(|n| fold_name(n) == folded || fold_name(n) == bare)
        })
        .map(|(k, _)| *k)
}

/// A register's status word as depot's status key (`ready` …), by the map or the words.
pub fn status_of_word(word: &str, map: &MapFile) -> Option<String> {
    if let Some(v) = MapFile::decided(&map.status, word) {
        return Some(v.to_owned());
    }
    static WORDS: std::sync::LazyLock<std::collections::HashMap<String, &'static str>> =
        std::sync::LazyLock::new(|| {
            let mut m = std::collections::HashMap::new();
            for (k, words) in REGISTER_STATUS {
                m.insert((*k).to_owned(), *k);
                for w in *words {
                    m.entry(fold_name(w)).or_insert(*k);
                }
            }
            m
        });
    WORDS.get(&fold_name(word)).map(|k| (*k).to_owned())
}

/// One column of a sheet matched (or not) to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its place in the sheet (0 = A).
    pub index: u32,
    pub header: String,
    pub field: Option<Field>,
    /// Up to three values from its rows, to show the guess.
    pub samples: Vec<String>,
}

/// One sheet of a register: its columns and its rows under the header.
#[derive(Debug, Clone)]
pub struct RegisterSheet {
    pub file: String,
    pub sheet: Option<String>,
    pub header_row: u32,
    pub columns: Vec<Column>,
    pub rows: Vec<SheetRow>,
    /// Title rows, totals and rows outside the table that were skipped.
    pub notes: Vec<ExchangeMsg>,
}

impl RegisterSheet {
    /// The cell of `field` in `row`, trimmed; `None` when empty or not mapped.
    pub fn cell<'r>(&self, row: &'r SheetRow, field: Field) -> Option<&'r str> {
        let c = self.columns.iter().find(|c| c.field == Some(field))?;
        let v = row.cells.get(c.index as usize)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// Whether a column is mapped to `field`.
    pub fn has(&self, field: Field) -> bool {
        self.columns.iter().any(|c| c.field == Some(field))
    }

    /// Where a cell is, as a message names it: `车辆!F17` (`F17` in a CSV file's row 17).
    pub fn at(&self, row: u32, field: Option<Field>) -> String {
        let col = field
            .and_then(|f| self.columns.iter().find(|c| c.field == Some(f)))
            .map(|c| column_letters(c.index))
            .unwrap_or_default();
        match &self.sheet {
            Some(s) => format!("{s}!{col}{row}"),
            None => format!("{col}{row}"),
        }
    }
}

/// Reads a register: every sheet of a workbook whose header names an item (or the sheet
/// `only`), or a CSV file; the columns matched by `map` and the synonyms. An error when no
/// sheet has such a header.
pub fn read_register(
    path: &Path,
    only: Option<&str>,
    map: &MapFile,
) -> Result<(Vec<RegisterSheet>, Vec<ExchangeMsg>), ReadError> {
    let file = display_path(path);
    let (grids, mut notes) = if is_workbook(path) {
        read_workbook(path, only)?
    } else {
        let grid = with_text(path, InputEncoding::Auto, |text, _| csv_grid(&file, text))?;
        (vec![grid], Vec::new())
    };
    let mut sheets = Vec::new();
    for grid in grids {
        let named = grid.sheet.clone();
        match register_sheet(grid, map, is_workbook(path)) {
            Some(s) => sheets.push(s),
            None => notes.push(ExchangeMsg::SheetSkipped {
                file: file.clone(),
                sheet: named,
            }),
        }
    }
    if sheets.is_empty() {
        return Err(ReadError::NoRegisterHeader { file });
    }
    Ok((sheets, notes))
}

/// A CSV file as one sheet without a name.
fn csv_grid(file: &str, text: &str) -> Result<Grid, ReadError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, rec) in (1..).zip(reader.records()) {
        let rec = rec.map_err(|e| ReadError::Csv {
            file: file.to_owned(),
            line: n,
            reason: e.to_string(),
        })?;
        let row = SheetRow {
            number: u32::try_from(rec.position().map_or(n, |p| p.line())).unwrap_or(u32::MAX),
            cells: rec.iter().map(str::to_owned).collect(),
        };
        if !row.is_blank() {
            rows.push(row);
        }
    }
    Ok(Grid {
        file: file.to_owned(),
        sheet: String::new(),
        rows,
    })
}

/// The sheet under its header: the first of its first rows naming an item (by name or code)
/// and at least one more field; `None` when no row does.
fn register_sheet(grid: Grid, map: &MapFile, named: bool) -> Option<RegisterSheet> {
    let Grid { file, sheet, rows } = grid;
    let at = rows
        .iter()
        .take(crate::reader::HEADER_SEARCH)
        .position(|r| {
            let fields: Vec<Field> = r
                .cells
                .iter()
                .filter_map(|c| field_of_header(c, map))
                .collect();
            (fields.contains(&"item_name") || fields.contains(&"item")) && fields.len() >= 2
        })?;
    let header = rows.get(at)?;
    let mut columns: Vec<Column> = (0..)
        .zip(&header.cells)
        .filter(|(_, h)| !h.trim().is_empty())
        .map(|(index, h)| Column {
            index,
            header: h.trim().to_owned(),
            field: field_of_header(h, map),
            samples: Vec::new(),
        })
        .collect();
    // A field named twice keeps its first column (the other is shown as not read).
    let mut seen = Vec::new();
    for c in &mut columns {
        if let Some(f) = c.field {
            if seen.contains(&f) {
                c.field = None;
            } else {
                seen.push(f);
            }
        }
    }
    let place = |n: u32| match named {
        true => format!("{file} {sheet}!{n}"),
        false => format!("{file}:{n}"),
    };
    let mut notes: Vec<ExchangeMsg> =
        crate::reader::title_note(&file, &sheet, rows.get(..at).unwrap_or_default())
            .into_iter()
            .collect();
    let header_row = header.number;
    let mut kept = Vec::new();
    for row in rows.into_iter().skip(at + 1) {
        let mapped = |c: &Column| {
            c.field.is_some_and(|f| !NOT_KEPT.contains(&f))
                && row
                    .cells
                    .get(c.index as usize)
                    .is_some_and(|v| !v.trim().is_empty())
        };
        // A sign-off line under the table (填表人：张三  审核人：李四) is not a row either.
        let signed = row.filled().all(|c| c.contains('：') || c.contains(':'));
        let reads = columns.iter().any(mapped) && !signed;
        if let Some(note) = crate::reader::not_a_row(&row, place(row.number), reads) {
            notes.push(note);
            continue;
        }
        kept.push(row);
    }
    for c in &mut columns {
        c.samples = kept
            .iter()
            .filter_map(|r| r.cells.get(c.index as usize))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .take(3)
            .map(str::to_owned)
            .collect();
    }
    Some(RegisterSheet {
        file,
        sheet: named.then_some(sheet),
        header_row,
        columns,
        rows: kept,
        notes,
    })
}

/// A date as registers write it: a full date in any of `parse_date`'s forms, or a month
/// (`2019.3`, `2019-03`, `2019年3月`) or a year (`2019`, `2019年`), which stand for their
/// first day. The date and whether it was partial.
pub fn parse_register_date(s: &str) -> Option<(NaiveDate, bool)> {
    if let Ok(d) = crate::fields::parse_date(s) {
        return Some((d, false));
    }
    let t = fold_width(s);
    let [year_mark, month_mark, _] = crate::columns::DATE_MARKS;
    let t = t.trim().trim_end_matches([month_mark, year_mark, '.']);
    let (y, m) = match t.split_once(['.', '-', '/', year_mark]) {
        Some((y, m)) => (y, Some(m)),
        None => (t, None),
    };
    let year: i32 = (y.len() == 4).then(|| y.parse().ok()).flatten()?;
    let month: u32 = match m {
        Some(m) if (1..=2).contains(&m.len()) => m.parse().ok()?,
        Some(_) => return None,
        None => 1,
    };
    Some((NaiveDate::from_ymd_opt(year, month, 1)?, true))
}

/// The serial numbers of a cell that lists several (`、`, `,`, `;` or line breaks between).
pub fn split_serials(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '，', ';', '；', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A decision still to make in a map file: in `section` (`items`, `places`, `status`,
/// `modules`), the value as the register writes it, the cells holding it and the candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub section: &'static str,
    pub value: String,
    pub cells: Vec<String>,
    pub candidates: Vec<(String, String)>,
}

/// The text of a map file: `map`'s decisions kept, the columns as guessed (`headers`, each
/// with its field or `ignore`), and each pending value with an empty code and its cells and
/// candidates in a comment (`lang`), for the officer to fill in and import again.
pub fn render_map(
    map: &MapFile,
    headers: &[(String, Option<Field>)],
    pending: &[Pending],
    lang: depot_domain::Lang,
) -> String {
    use std::fmt::Write;
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut out = String::new();
    let _ = writeln!(out, "# {}", ExchangeMsg::MapFileHead.say(lang));
    let _ = writeln!(out, "\n[columns]");
    let mut columns = map.columns.clone();
    for (h, f) in headers {
        columns
            .entry(h.clone())
            .or_insert_with(|| f.unwrap_or(IGNORE).to_owned());
    }
    for (h, f) in &columns {
        let _ = writeln!(out, "{} = {}", quote(h), quote(f));
    }
    for (section, decided) in map.sections() {
        let _ = writeln!(out, "\n[{section}]");
        for (k, v) in decided {
            let _ = writeln!(out, "{} = {}", quote(k), quote(v));
        }
        for p in pending.iter().filter(|p| p.section == section) {
            if decided.keys().any(|k| fold_name(k) == fold_name(&p.value)) {
                continue;
            }
            let cells = p
                .cells
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = p.cells.len().saturating_sub(5);
            let candidates = p
                .candidates
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join("; ");
            let note = ExchangeMsg::MapPending {
                cells: if more > 0 {
                    format!("{cells} (+{more})")
                } else {
                    cells
                },
                candidates: if candidates.is_empty() {
                    "-".to_owned()
                } else {
                    candidates
                },
            };
            let _ = writeln!(out, "# {}", note.say(lang));
            let _ = writeln!(out, "{} = \"\"", quote(&p.value));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_by_their_synonyms() {
        let map = MapFile::default();
        assert_eq!(field_of_header("装备名称", &map), Some("item_name"));
        assert_eq!(field_of_header(" 车牌号码 ", &map), Some("plate"));
        assert_eq!(field_of_header("车牌", &map), Some("plate"));
        assert_eq!(field_of_header("单价（元）", &map), Some("unit_price"));
        assert_eq!(field_of_header("使 用 单 位", &map), Some("owner_name"));
        assert_eq!(field_of_header("颜色", &map), None);
        let map = MapFile {
            columns: [("颜色".to_owned(), "remarks".to_owned())].into(),
            ..MapFile::default()
        };
        assert_eq!(field_of_header("颜色", &map), Some("remarks"));
    }

    #[test]
    fn dates_as_registers_write_them() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            parse_register_date("2019-03-15"),
            Some((d(2019, 3, 15), false))
        );
        assert_eq!(parse_register_date("2019.3"), Some((d(2019, 3, 1), true)));
        assert_eq!(
            parse_register_date("2019年3月"),
            Some((d(2019, 3, 1), true))
        );
        assert_eq!(parse_register_date("2019-03"), Some((d(2019, 3, 1), true)));
        assert_eq!(parse_register_date("2019年"), Some((d(2019, 1, 1), true)));
        assert_eq!(parse_register_date("三月"), None);
        assert_eq!(parse_register_date("2019.13"), None);
    }

    #[test]
    fn a_rendered_map_reads_back_with_the_decisions_still_to_make_left_empty() {
        let map = MapFile {
            items: [("水带".to_owned(), "O-SD".to_owned())].into(),
            ..MapFile::default()
        };
        let pending = [Pending {
            section: "items",
            value: "冲锋舟".to_owned(),
            cells: vec!["车辆!B5".to_owned()],
            candidates: vec![("B-CFZ".to_owned(), "玻璃钢冲锋舟".to_owned())],
        }];
        let headers = [
            ("装备名称".to_owned(), Some("item_name")),
            ("颜色".to_owned(), None),
        ];
        let text = render_map(&map, &headers, &pending, depot_domain::Lang::Zh);
        assert!(text.contains("B-CFZ 玻璃钢冲锋舟"), "{text}");
        let back: MapFile = toml::from_str(&text).unwrap();
        assert_eq!(back.columns.get("颜色").map(String::as_str), Some(IGNORE));
        assert_eq!(
            back.columns.get("装备名称").map(String::as_str),
            Some("item_name")
        );
        assert_eq!(back.items.get("冲锋舟").map(String::as_str), Some(""));
        assert_eq!(MapFile::decided(&back.items, "冲锋舟"), None);
        assert_eq!(MapFile::decided(&back.items, "水带"), Some("O-SD"));
    }

    #[test]
    fn serials_split_on_the_marks_people_use() {
        assert_eq!(
            split_serials("A1、A2,A3\nA4；A5"),
            ["A1", "A2", "A3", "A4", "A5"]
        );
        assert!(split_serials(" ").is_empty());
    }

    #[test]
    fn status_words_and_the_maps_decisions() {
        let map = MapFile::default();
        assert_eq!(status_of_word("良好", &map).as_deref(), Some("ready"));
        assert_eq!(
            status_of_word("维修中", &map).as_deref(),
            Some("maintenance")
        );
        assert_eq!(status_of_word("报废", &map).as_deref(), Some("retired"));
        assert_eq!(status_of_word("凑合", &map), None);
        let map = MapFile {
            status: [("凑合".to_owned(), "maintenance".to_owned())].into(),
            ..MapFile::default()
        };
        assert_eq!(status_of_word("凑合", &map).as_deref(), Some("maintenance"));
    }
}
