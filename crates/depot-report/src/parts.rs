//! What every report is built from: names beside codes in the report's language, numbers,
//! a part of a whole in words, the empty report with its title, and dates from day numbers.

use crate::table::{Cell, Report};
use crate::words::{Lang, ReportMsg, W, pick};
use chrono::NaiveDate;
use depot_domain::Category;
use depot_domain::readiness::{self as rd, Snapshot};
use depot_domain::vocab::Vocabulary;
use rust_decimal::Decimal;

/// Names beside codes, in the report's language.
pub(crate) struct Names<'a> {
    pub(crate) s: &'a Snapshot,
    pub(crate) lang: Lang,
}

impl Names<'_> {
    pub(crate) fn place(&self, p: u32) -> [Cell; 2] {
        let place = self.s.place(p);
        [
            Cell::text(place.code.clone()),
            Cell::text(place.name.clone()),
        ]
    }
    pub(crate) fn item(&self, i: u32) -> [Cell; 2] {
        let it = self.s.item(i);
        [Cell::text(it.code.to_string()), Cell::text(it.name.clone())]
    }
    pub(crate) fn module(&self, m: u16) -> [Cell; 2] {
        [
            Cell::text(self.s.module(m)),
            Cell::text(self.s.module_name(m, self.lang == Lang::Zh)),
        ]
    }
    pub(crate) fn category(&self, c: Category) -> [Cell; 2] {
        [
            Cell::text(c.en()),
            Cell::text(pick(self.lang, c.en(), c.zh())),
        ]
    }
    pub(crate) fn what(&self, l: &rd::LineDef) -> [Cell; 2] {
        match l.what {
            rd::LineWhat::Item(i) => self.item(i),
            rd::LineWhat::Category(c) => [
                Cell::text(format!("category:{c}")),
                Cell::text(
                    ReportMsg::CategoryNamed {
                        category: pick(self.lang, c.en(), c.zh()).to_owned(),
                    }
                    .say(self.lang),
                ),
            ],
        }
    }
}

pub(crate) fn q(d: Decimal) -> Cell {
    Cell::Num(d)
}

pub(crate) fn report(title: W, lang: Lang) -> Report {
    Report {
        title: title.get(lang).to_owned(),
        lang,
        ..Report::default()
    }
}

pub(crate) fn day(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d)
}
