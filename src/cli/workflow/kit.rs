//! `depot kit`: kits shown, made and changed.

use super::answers::named;
use super::parse::{barcode, parse_qty};
use clap::Subcommand;
use depot_service::store::Store;
use depot_service::{Ctx, kit};
use depot_service::{Error, Result};
use rust_decimal::Decimal;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum KitCmd {
    /// Create a kit, or add an asset or lot quantity to it.
    Add {
        kit: String,
        /// What goes in (omit to create an empty kit).
        barcode: Option<String>,
        #[arg(long, value_parser = parse_qty, default_value = "1")]
        qty: Decimal,
        /// The kit's owner (when it is new).
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        module: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
    /// Take something out of a kit.
    Remove { kit: String, barcode: String },
    /// What a kit holds.
    Show { kit: String },
}

fn show_kit(store: &Store, code: &str) -> Result<()> {
    let v = kit::describe(store, code)?.ok_or_else(|| {
        Error::Invalid(crate::cli::say(
            &format!("there is no kit {code}"),
            &format!("没有器材箱 {code}"),
        ))
    })?;
    let k = &v.kit;
    let (code, name) = (&k.code, &k.name);
    let module = |zh: bool| match (&k.module, &v.module_names) {
        // A module speaks its name in Chinese: its code is English.
        (Some(_), Some((name_zh, _))) if zh => name_zh.clone(),
        (Some(m), Some((_, name_en))) => named(m, name_en, zh),
        (Some(m), None) => m.clone(),
        (None, _) => "-".to_owned(),
    };
    println!(
        "{}",
        crate::cli::say(
            &format!(
                "kit {code} 「{name}」 owner {} module {}",
                named(&k.owner, &v.owner_name, false),
                module(false)
            ),
            &format!(
                "器材箱 {code} 「{name}」 所属 {} 模块 {}",
                named(&k.owner, &v.owner_name, true),
                module(true)
            )
        )
    );
    for ((b, q), (item, item_name)) in k.contents.iter().zip(&v.items) {
        println!("  {b}  {}  {item}  {item_name}", q.normalize());
    }
    Ok(())
}

pub fn kit_cmd(store: &Store, op: Option<&str>, cmd: KitCmd) -> Result<ExitCode> {
    match cmd {
        KitCmd::Show { kit } => show_kit(store, &depot_domain::ids::fold_width(&kit))?,
        KitCmd::Add {
            kit,
            barcode: b,
            qty,
            owner,
            module,
            name,
        } => {
            let ctx = Ctx::new(op)?;
            let b = b.map(|b| barcode(&b)).transpose()?;
            let k = kit::pack(
                store,
                &ctx,
                &kit,
                owner.as_deref(),
                module.as_deref(),
                name.as_deref(),
                b.as_ref().map(|b| (b, qty)),
            )?;
            show_kit(store, &k.code)?;
        }
        KitCmd::Remove { kit, barcode: b } => {
            let ctx = Ctx::new(op)?;
            let b = barcode(&b)?;
            let k = kit::pack(
                store,
                &ctx,
                &kit,
                None,
                None,
                None,
                Some((&b, Decimal::ZERO)),
            )?;
            show_kit(store, &k.code)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
