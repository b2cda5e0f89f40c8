//! F8 on the scan station in count mode: the labels of what the open count expects and has
//! not found yet (after a labelling count, the labels not scanned), printed again. They go to
//! the printer `DEPOT_PRINTER` names (read when the terminal starts) (`tcp://HOST:PORT` or `lp:QUEUE`, as a ZPL job, or TSPL
//! with `DEPOT_PRINTER_FORMAT=tspl`), or else onto A4 sheets written beside the database's
//! working folder (`labels-count-N.svg`).

use depot_label::{self as label, Dpi, Fonts, Format, Printer, Size, Stock, Symbology, layout};
use depot_service::store::Store;

use crate::app::App;
use crate::i18n::T;
use crate::outcome::Outcome;
use crate::words::say;

pub fn missing(app: &mut App, store: &Store) -> Outcome {
    let Some(id) = app.scan.count else {
        return Outcome::Bell;
    };
    match print(store, id, app.printer.as_deref(), &app.label_dir) {
        Err(Failed::Printer(e)) => {
            app.status = Some(e.say(app.lang));
            Outcome::Bell
        }
        Ok(Some((n, to))) => {
            app.status = Some(format!("{} {n} → {to}", app.t(T::CountReprint)));
            Outcome::None
        }
        Ok(None) => {
            app.status = Some(app.t(T::NothingMissing).to_owned());
            Outcome::None
        }
        Err(Failed::Service(e)) => {
            app.status = Some(say(app, &e));
            Outcome::Bell
        }
    }
}

/// Why the labels were not printed.
enum Failed {
    Service(depot_service::Error),
    Printer(depot_label::SendError),
}

impl From<depot_service::Error> for Failed {
    fn from(e: depot_service::Error) -> Self {
        Failed::Service(e)
    }
}

/// How many labels went where; `None` when the count misses nothing.
fn print(
    store: &Store,
    id: u64,
    printer: Option<&str>,
    dir: &std::path::Path,
) -> Result<Option<(usize, String)>, Failed> {
    let labels = depot_service::label::for_count_missing(store, id)?;
    if labels.is_empty() {
        return Ok(None);
    }
    let n = labels.len();
    let coded = label::symbols(labels, Symbology::Code128).map_err(depot_service::Error::from)?;
    let printer = match printer.map(Printer::parse) {
        Some(Err(e)) => return Err(Failed::Printer(e)),
        Some(Ok(p)) => p,
        None => None,
    };
    let fonts = Fonts::find();
    if let Some(printer) = printer {
        let format = match std::env::var("DEPOT_PRINTER_FORMAT").as_deref() {
            Ok("tspl") => Format::Tspl,
            _ => Format::Zpl,
        };
        let stock = Stock::new(Size::DEFAULT, Dpi::D203);
        let job = label::job(&coded, &stock, format, &fonts).map_err(depot_service::Error::from)?;
        printer.send(&job).map_err(Failed::Printer)?;
        return Ok(Some((n, printer.to_string())));
    }
    let pages = layout::sheets(&coded);
    let mut first = None;
    for (i, page) in pages.iter().enumerate() {
        let name = if pages.len() == 1 {
            format!("labels-count-{id}.svg")
        } else {
            format!("labels-count-{id}-{}.svg", i + 1)
        };
        let path = dir.join(name);
        let bytes = label::render(page, Format::Svg, &fonts).map_err(depot_service::Error::from)?;
        std::fs::write(&path, bytes).map_err(|e| depot_service::Error::io(&path, e))?;
        first.get_or_insert(path.display().to_string());
    }
    Ok(first.map(|f| (n, f)))
}
