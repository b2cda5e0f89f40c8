//! Read models for the front ends: the inventory index that a terminal filters as the user
//! types, and an item's history. Built from one snapshot; nothing here writes.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::Result;
use crate::store::Store;
use depot_domain::StockRef;
use depot_domain::movement::Movement;
use depot_domain::vocab::Vocabulary;
use depot_domain::{AssetStatus, Category};

/// A place (unit or warehouse) or catalogue item, interned: rows refer to it by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub code: String,
    pub name: String,
    /// Lower-case `code name` (and category words for items), what a filter matches.
    search: String,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Asset(AssetStatus),
    Lot,
}

/// One asset or lot of the inventory table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvRow {
    pub barcode: Box<str>,
    pub item: u32,
    pub owner: u32,
    pub module: Option<Box<str>>,
    pub kind: RowKind,
    /// Checked out to (assets).
    pub location: Option<Box<str>>,
    /// 1 for an asset.
    pub quantity: Decimal,
}

/// Columns the inventory sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Barcode,
    Item,
    Owner,
    Module,
    Status,
    Quantity,
}

/// Every asset and lot, with its items and places interned, ready to filter and sort.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub rows: Vec<InvRow>,
    pub items: Vec<Named>,
    pub categories: Vec<Category>,
    pub places: Vec<Named>,
    /// The modules, so a filter finds `水域` as well as `water`.
    pub modules: Vec<Named>,
}

fn status_words(k: RowKind) -> (&'static str, &'static str) {
    match k {
        RowKind::Asset(s) => (s.en(), s.zh()),
        RowKind::Lot => ("lot", "批次"),
    }
}

impl Inventory {
    /// The indices of the rows matching every whitespace-separated term of `query` (case
    /// folded) in barcode, item code or name or category, owner code or name, module code or
    /// name, location or status; all rows for an empty query.
    pub fn filter(&self, query: &str) -> Vec<u32> {
        let terms = self.terms(query);
        if terms.is_empty() {
            return (0..self.rows.len() as u32).collect();
        }
        (0..self.rows.len() as u32)
            .filter(|&i| self.matches(&terms, i))
            .collect()
    }

    /// [`Self::filter`] within `view`, the rows an earlier query matched, keeping their
    /// order. When `query` only adds characters to that earlier query, every row it matches
    /// is in `view`: a query typed one key at a time narrows instead of rescanning.
    pub fn narrow(&self, query: &str, view: &[u32]) -> Vec<u32> {
        let terms = self.terms(query);
        view.iter()
            .copied()
            .filter(|&i| self.matches(&terms, i))
            .collect()
    }

    /// The terms of a query, with the items, places and statuses each one matches decided
    /// once, not once per row.
    fn terms(&self, query: &str) -> Vec<Term> {
        query
            .split_whitespace()
            .map(|t| {
                let text = depot_domain::ids::fold_width(t).to_lowercase();
                let t = text.as_str();
                Term {
                    modules: self
                        .modules
                        .iter()
                        .filter(|n| n.search.contains(t))
                        .map(|n| n.code.clone().into_boxed_str())
                        .collect(),
                    items: self.items.iter().map(|n| n.search.contains(t)).collect(),
                    places: self.places.iter().map(|n| n.search.contains(t)).collect(),
                    kinds: KINDS.map(|k| {
                        let (en, zh) = status_words(k);
                        en.contains(t) || zh.contains(t)
                    }),
                    text,
                }
            })
            .collect()
    }

    fn matches(&self, terms: &[Term], i: u32) -> bool {
        let r = &self.rows[i as usize];
        let kind = KINDS.iter().position(|k| *k == r.kind).unwrap_or(0);
        terms.iter().all(|t| {
            t.items[r.item as usize]
                || t.places[r.owner as usize]
                || t.kinds[kind]
                || contains_folded(&r.barcode, &t.text)
                || r.module.as_deref().is_some_and(|m| {
                    contains_folded(m, &t.text) || t.modules.iter().any(|c| **c == *m)
                })
                || r.location
                    .as_deref()
                    .is_some_and(|l| contains_folded(l, &t.text))
        })
    }

    /// Sorts row indices by a column (stable, so equal keys keep barcode order).
    pub fn sort(&self, idx: &mut [u32], key: SortKey, descending: bool) {
        let rows = &self.rows;
        let name = |i: u32| -> &str { &self.items[rows[i as usize].item as usize].name };
        let owner = |i: u32| -> &str { &self.places[rows[i as usize].owner as usize].code };
        match key {
            SortKey::Barcode => {
                idx.sort_by(|a, b| rows[*a as usize].barcode.cmp(&rows[*b as usize].barcode))
            }
            SortKey::Item => idx.sort_by(|a, b| name(*a).cmp(name(*b))),
            SortKey::Owner => idx.sort_by(|a, b| owner(*a).cmp(owner(*b))),
            SortKey::Module => {
                idx.sort_by(|a, b| rows[*a as usize].module.cmp(&rows[*b as usize].module))
            }
            SortKey::Status => idx.sort_by_key(|i| status_words(rows[*i as usize].kind).0),
            SortKey::Quantity => {
                idx.sort_by(|a, b| rows[*a as usize].quantity.cmp(&rows[*b as usize].quantity))
            }
        }
        if descending {
            idx.reverse();
        }
    }

    pub fn item_of(&self, r: &InvRow) -> &Named {
        &self.items[r.item as usize]
    }

    pub fn owner_of(&self, r: &InvRow) -> &Named {
        &self.places[r.owner as usize]
    }

    pub fn category_of(&self, r: &InvRow) -> Category {
        self.categories[r.item as usize]
    }
}

/// ASCII-case-insensitive `contains` for codes (which are ASCII), without allocating.
/// Whether `hay`, ASCII-case-folded, contains `needle_lower`. Looks for the needle's first
/// byte (in either case) before comparing the rest: a filter runs this on a million barcodes.
fn contains_folded(hay: &str, needle_lower: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle_lower.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    let Some(last_start) = h.len().checked_sub(n.len()) else {
        return false;
    };
    let upper = first.to_ascii_uppercase();
    (0..=last_start).any(|i| {
        (h[i] == first || h[i] == upper)
            && h[i + 1..i + n.len()]
                .iter()
                .zip(rest)
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

/// One term of a filter query; see [`Inventory::terms`].
struct Term {
    text: String,
    /// The codes of the modules whose name matches (a handful).
    modules: Vec<Box<str>>,
    items: Vec<bool>,
    places: Vec<bool>,
    kinds: [bool; KINDS.len()],
}

/// Every kind of row, in a fixed order (what a term's `kinds` are indexed by).
const KINDS: [RowKind; 5] = [
    RowKind::Asset(AssetStatus::Ready),
    RowKind::Asset(AssetStatus::Maintenance),
    RowKind::Asset(AssetStatus::OutOfService),
    RowKind::Asset(AssetStatus::Retired),
    RowKind::Lot,
];

/// Builds the inventory from one snapshot of the register.
pub fn inventory(store: &Store) -> Result<Inventory> {
    let r = store.read()?;
    let mut inv = Inventory::default();
    let mut item_ix: HashMap<String, u32> = HashMap::new();
    for c in r.catalog()? {
        item_ix.insert(c.code.to_string(), inv.items.len() as u32);
        let search = format!(
            "{} {} {} {}",
            c.code,
            c.name,
            c.category.en(),
            c.category.zh()
        )
        .to_lowercase();
        inv.categories.push(c.category);
        inv.items.push(Named {
            code: c.code.to_string(),
            name: c.name,
            search,
        });
    }
    let mut place_ix: HashMap<String, u32> = HashMap::new();
    let places = r
        .units()?
        .into_iter()
        .map(|u| (u.code.to_string(), u.name))
        .chain(
            r.warehouses()?
                .into_iter()
                .map(|w| (w.code.to_string(), w.name)),
        );
    for (code, name) in places {
        place_ix.insert(code.clone(), inv.places.len() as u32);
        let search = format!("{code} {name}").to_lowercase();
        inv.places.push(Named { code, name, search });
    }
    for m in r.modules()? {
        let search = format!("{} {} {}", m.code, m.name_zh, m.name_en).to_lowercase();
        inv.modules.push(Named {
            code: m.code.to_string(),
            name: m.name_zh,
            search,
        });
    }
    let intern = |ix: &mut HashMap<String, u32>, list: &mut Vec<Named>, code: &str| -> u32 {
        *ix.entry(code.to_owned()).or_insert_with(|| {
            list.push(Named {
                code: code.to_owned(),
                name: String::new(),
                search: code.to_lowercase(),
            });
            list.len() as u32 - 1
        })
    };
    inv.rows.reserve(r.stock_count()? as usize);
    r.for_each_stock(|row| -> Result<()> {
        let barcode = row.barcode();
        let (item, owner, module) = match &row {
            StockRef::Asset(a) => (a.item, a.owner, a.module),
            StockRef::Lot(l) => (l.item, l.owner, l.module),
        };
        let before = inv.items.len();
        let item = intern(&mut item_ix, &mut inv.items, item);
        if inv.items.len() > before {
            inv.categories.push(Category::Other);
        }
        let owner = intern(&mut place_ix, &mut inv.places, owner);
        let (kind, location, quantity) = match row {
            StockRef::Asset(a) => (
                RowKind::Asset(a.status),
                a.location.map(Into::into),
                Decimal::ONE,
            ),
            StockRef::Lot(l) => (RowKind::Lot, None, l.quantity),
        };
        inv.rows.push(InvRow {
            barcode: barcode.into(),
            item,
            owner,
            module: module.map(Into::into),
            kind,
            location,
            quantity,
        });
        Ok(())
    })?;
    Ok(inv)
}

/// The movements of one barcode, oldest first.
pub fn history(store: &Store, barcode: &str) -> Result<Vec<Movement>> {
    Ok(store.read()?.history(barcode)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ctx;
    use crate::import::files as import;
    use depot_exchange::{InputEncoding, sample};

    #[test]
    fn filter_matches_every_term_in_any_field() {
        let store = crate::store::in_memory().unwrap();
        import::import(
            &store,
            &Ctx::new(Some("t")).unwrap(),
            &sample::sources(),
            InputEncoding::Auto,
            false,
        )
        .unwrap();
        let inv = inventory(&store).unwrap();
        assert_eq!(inv.rows.len(), 3690);
        assert_eq!(inv.filter("").len(), 3690);
        // Modules by their Chinese name as well as their code (finding 10).
        let water = inv.filter("water");
        assert!(!water.is_empty());
        let zh = inv.filter("水域");
        assert!(
            water.iter().all(|i| zh.contains(i)),
            "水域 misses rows of water"
        );
        let breathing = inv.filter("呼吸器");
        assert!(!breathing.is_empty());
        assert!(
            breathing
                .iter()
                .all(|i| inv.item_of(&inv.rows[*i as usize]).name.contains("呼吸器"))
        );
        let narrower = inv.filter("呼吸器 维修");
        assert!(!narrower.is_empty() && narrower.len() < breathing.len());
        assert!(
            narrower
                .iter()
                .all(|i| inv.rows[*i as usize].kind == RowKind::Asset(AssetStatus::Maintenance))
        );
        // A module by its code, Chinese or English name.
        let water = inv.filter("water");
        assert!(!water.is_empty());
        assert_eq!(inv.filter("水域"), water);
        assert_eq!(inv.filter("Water RESCUE"), inv.filter("water rescue"));
        assert!(inv.filter("water rescue").iter().all(|i| water.contains(i)));
        assert!(
            inv.filter("水域")
                .iter()
                .all(|i| inv.rows[*i as usize].module.as_deref() == Some("water"))
        );
        let one = &inv.rows[100].barcode;
        assert!(inv.filter(&one.to_lowercase()).contains(&100));
        let mut idx = inv.filter("");
        inv.sort(&mut idx, SortKey::Quantity, true);
        assert!(inv.rows[idx[0] as usize].quantity >= inv.rows[idx[1] as usize].quantity);

        // Typed one key at a time, narrowing what the query matched so far gives what a
        // fresh filter gives, for every prefix.
        for query in ["qz0005 维修", "ZHAN-01 呼吸", "lot 2", &one.to_lowercase()] {
            let mut view = inv.filter("");
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                view = inv.narrow(&typed, &view);
                assert_eq!(view, inv.filter(&typed), "{typed}");
            }
        }
    }

    #[test]
    fn contains_folded_ignores_ascii_case_of_the_haystack() {
        assert!(contains_folded("QZ-0012", "z-00"));
        assert!(contains_folded("qz-0012", "qz-0012"));
        assert!(contains_folded("ZHAN-0101 城关", "城关"));
        assert!(!contains_folded("QZ-0012", "qz-0013"));
        assert!(!contains_folded("QZ", "qz-"));
        assert!(contains_folded("", ""));
    }
}
