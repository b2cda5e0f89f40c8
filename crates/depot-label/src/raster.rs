//! Pages drawn dot for dot (300 dpi by default, or the printer's): bars filled, text
//! rasterized with the font found on the system (or the built-in bitmap font), grey-scale;
//! as PNG with the resolution recorded so a print comes out at the label's size, or handed
//! to the printers' languages ([`crate::printer`]).

use ab_glyph::{Font, FontVec, PxScale, ScaleFont, point};

use crate::LabelError;
use crate::bitmap;
pub use crate::canvas::Canvas;
use crate::font::Fonts;
use crate::layout::{Mark, Page, Text};

/// Draws a page.
pub fn draw(page: &Page, fonts: &Fonts) -> Canvas {
    let mut canvas = Canvas::new(page.width, page.height);
    for mark in &page.marks {
        match mark {
            Mark::Rect { x, y, w, h } => canvas.fill(*x, *y, *w, *h),
            Mark::Text(t) => match &fonts.face {
                Some(face) => outline_text(&mut canvas, t, face),
                None => bitmap::draw(&mut canvas, t),
            },
        }
    }
    canvas
}

/// Draws a page and encodes it as PNG.
pub fn render(page: &Page, fonts: &Fonts) -> Result<Vec<u8>, LabelError> {
    encode(&draw(page, fonts), page.dpi)
}

/// Encodes a canvas as an 8-bit grey PNG that says it is `dpi` dots an inch.
pub fn encode(canvas: &Canvas, dpi: u32) -> Result<Vec<u8>, LabelError> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, canvas.width, canvas.height);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    enc.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let png_error = |e: png::EncodingError| LabelError::Png(e.to_string());
    let mut writer = enc.write_header().map_err(png_error)?;
    writer.write_image_data(&canvas.px).map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(out)
}

/// Draws `t` with an outline font, centred, shrunk if the font runs wider than the layout
/// guessed.
fn outline_text(canvas: &mut Canvas, t: &Text, face: &FontVec) {
    // The layout's size is the em; ab_glyph scales by ascent - descent.
    let per_em = face.height_unscaled() / face.units_per_em().unwrap_or(1000.0);
    let mut scale = PxScale::from(t.size as f32 * per_em);
    let mut width = advance(face, scale, &t.text);
    if width > t.max_width as f32 && width > 0.0 {
        let k = t.max_width as f32 / width;
        scale = PxScale::from(scale.y * k);
        width *= k;
    }
    let scaled = face.as_scaled(scale);
    let mut x = t.x as f32 - width / 2.0;
    let baseline = t.baseline as f32;
    let mut prev = None;
    for c in t.text.chars() {
        let id = face.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(x, baseline));
        if let Some(outline) = face.outline_glyph(glyph) {
            let b = outline.px_bounds();
            let (ox, oy) = (b.min.x as i64, b.min.y as i64);
            outline.draw(|gx, gy, cov| canvas.darken(ox + i64::from(gx), oy + i64::from(gy), cov));
        }
        x += scaled.h_advance(id);
        prev = Some(id);
    }
}

/// The width of `text` at `scale`, kerning included.
fn advance(face: &FontVec, scale: PxScale, text: &str) -> f32 {
    let scaled = face.as_scaled(scale);
    let mut prev = None;
    let mut w = 0.0;
    for c in text.chars() {
        let id = face.glyph_id(c);
        if let Some(p) = prev {
            w += scaled.kern(p, id);
        }
        w += scaled.h_advance(id);
        prev = Some(id);
    }
    w
}
