//! Reference data in a write transaction: units, warehouses, modules, the catalogue,
//! standards and targets, each stored over what was there, saying what it found (as redb's
//! upserts do).

use depot_domain::{CatalogItem, Module, StandardLine, Target, Unit, Vocabulary, Warehouse};
use depot_store::{StockView, StoreError, Upsert};

use crate::convert;
use crate::query;
use crate::writer::PgWriter;

impl PgWriter<'_> {
    /// Stores a unit (and its code among the places stock can belong to).
    pub fn put_unit(&mut self, u: &Unit) -> Result<Upsert, StoreError> {
        let code = u.code.as_str();
        let old = StockView::unit(self, code)?;
        let found = upsert(old.as_ref(), u);
        if found != Upsert::Same {
            self.changes_reference()?;
            self.raw(|c| {
                Ok(c.execute(
                    "WITH place AS (INSERT INTO places (code) VALUES ($1) ON CONFLICT DO NOTHING) \
                     INSERT INTO units (code, name, kind, parent, class) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET \
                     name = excluded.name, kind = excluded.kind, parent = excluded.parent, \
                     class = excluded.class",
                    &[
                        &code,
                        &u.name,
                        &u.kind.en(),
                        &u.parent.as_ref().map(|p| p.as_str()),
                        &u.class.map(Vocabulary::en),
                    ],
                )?)
            })?;
        }
        self.units.get_mut().keep(code, Some(u.clone()));
        Ok(found)
    }

    pub fn put_warehouse(&mut self, w: &Warehouse) -> Result<Upsert, StoreError> {
        let code = w.code.as_str();
        let old = StockView::warehouse(self, code)?;
        let found = upsert(old.as_ref(), w);
        if found != Upsert::Same {
            self.changes_reference()?;
            self.raw(|c| {
                Ok(c.execute(
                    "WITH place AS (INSERT INTO places (code) VALUES ($1) ON CONFLICT DO NOTHING) \
                     INSERT INTO warehouses (code, name, level, unit, agreement, partner) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO UPDATE SET \
                     name = excluded.name, level = excluded.level, unit = excluded.unit, \
                     agreement = excluded.agreement, partner = excluded.partner",
                    &[
                        &code,
                        &w.name,
                        &w.level.en(),
                        &w.unit.as_str(),
                        &w.agreement,
                        &w.partner,
                    ],
                )?)
            })?;
        }
        self.warehouses.get_mut().keep(code, Some(w.clone()));
        Ok(found)
    }

    pub fn put_module(&mut self, m: &Module) -> Result<Upsert, StoreError> {
        let code = m.code.as_str();
        let old = self.raw(|c| query::module(c, code))?;
        let found = upsert(old.as_ref(), m);
        if found != Upsert::Same {
            self.raw(|c| {
                Ok(c.execute(
                    "INSERT INTO modules (code, name_zh, name_en) VALUES ($1, $2, $3) \
                     ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, \
                     name_en = excluded.name_en",
                    &[&code, &m.name_zh, &m.name_en],
                )?)
            })?;
        }
        Ok(found)
    }

    /// Stores a catalogue item; a changed service life moves the life ends of its assets.
    pub fn put_item(&mut self, i: &CatalogItem) -> Result<Upsert, StoreError> {
        let code = i.code.as_str();
        let old = self.raw(|c| query::item(c, code))?;
        let found = upsert(old.as_ref(), i);
        if found != Upsert::Same {
            self.changes_reference()?;
            let years = |y: Option<u32>| y.map(i64::from);
            self.raw(|c| {
                Ok(c.execute(
                    "INSERT INTO catalog (code, name, category, tracking, uom, life_years, \
                     inspect_days, high_end, unit_price) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO UPDATE \
                     SET name = excluded.name, category = excluded.category, \
                     tracking = excluded.tracking, uom = excluded.uom, \
                     life_years = excluded.life_years, inspect_days = excluded.inspect_days, \
                     high_end = excluded.high_end, unit_price = excluded.unit_price",
                    &[
                        &code,
                        &i.name,
                        &i.category.en(),
                        &i.tracking.en(),
                        &i.uom,
                        &years(i.life_years),
                        &years(i.inspect_days),
                        &i.high_end,
                        &i.unit_price,
                    ],
                )?)
            })?;
        }
        self.items.get_mut().keep(code, Some(i.clone()));
        if let Some(o) = old
            && o.life_years != i.life_years
        {
            self.relife(code, i.life_years)?;
        }
        Ok(found)
    }

    /// Moves the life ends of the assets of `item` to a service life of `years`. The same
    /// calendar rule as `domain::stock::life_end` (whole years; 29 February ends on 28
    /// February); a life end past the calendar is none.
    fn relife(&mut self, item: &str, years: Option<u32>) -> Result<(), StoreError> {
        let years = years.map(i64::from);
        self.with(|c| {
            Ok(c.execute(
                "UPDATE stock SET life_end = CASE \
                   WHEN $2::bigint IS NULL OR commissioned IS NULL OR $2 > 200000 THEN NULL \
                   ELSE (commissioned + make_interval(years => $2::integer))::date END \
                 WHERE item = $1 AND kind = 'asset'",
                &[&item, &years],
            )?)
        })?;
        Ok(())
    }

    pub fn put_standard(&mut self, l: &StandardLine) -> Result<Upsert, StoreError> {
        let scope = l.scope.to_string();
        let module = l.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        let what = l.what.to_string();
        let old = self.raw(|c| {
            let r = c.query_opt(
                concat!(
                    "SELECT ",
                    convert::standard_cols!(),
                    " FROM standards WHERE scope = $1 AND module = $2 AND what = $3"
                ),
                &[&scope, &module, &what],
            )?;
            Ok(r.as_ref().map(convert::standard).transpose()?)
        })?;
        let found = upsert(old.as_ref(), l);
        if found != Upsert::Same {
            self.raw(|c| {
                Ok(c.execute(
                    "INSERT INTO standards (scope, module, what, required) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (scope, module, what) \
                     DO UPDATE SET required = excluded.required",
                    &[&scope, &module, &what, &l.required],
                )?)
            })?;
        }
        Ok(found)
    }

    pub fn put_target(&mut self, t: &Target) -> Result<Upsert, StoreError> {
        let scope = t.scope.to_string();
        let source = t.source.as_deref().unwrap_or("");
        let metric = t.metric.en();
        let old = self.raw(|c| {
            let r = c.query_opt(
                concat!(
                    "SELECT ",
                    convert::target_cols!(),
                    " FROM targets WHERE metric = $1 AND scope = $2 AND deadline = $3 \
                     AND source = $4"
                ),
                &[&metric, &scope, &t.deadline, &source],
            )?;
            Ok(r.as_ref().map(convert::target).transpose()?)
        })?;
        let found = upsert(old.as_ref(), t);
        if found != Upsert::Same {
            self.raw(|c| {
                Ok(c.execute(
                    "INSERT INTO targets (metric, scope, deadline, source, target) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (metric, scope, deadline, source) \
                     DO UPDATE SET target = excluded.target",
                    &[&metric, &scope, &t.deadline, &source, &t.target],
                )?)
            })?;
        }
        Ok(found)
    }
}

/// What storing `new` over `old` is, as redb tells it from the stored bytes: the domain values
/// compared with every decimal's scale (`1.0` and `1.00` are stored apart), which their debug
/// text shows.
fn upsert<T: PartialEq + std::fmt::Debug>(old: Option<&T>, new: &T) -> Upsert {
    match old {
        None => Upsert::New,
        Some(o) if o == new && format!("{o:?}") == format!("{new:?}") => Upsert::Same,
        Some(_) => Upsert::Changed,
    }
}
