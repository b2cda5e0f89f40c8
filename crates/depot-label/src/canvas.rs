//! The grey-scale picture a PNG label is drawn on, shared by the outline text of the raster
//! and the built-in bitmap font.

/// A grey-scale picture, one byte a pixel, 255 white.
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub px: Vec<u8>,
}

impl Canvas {
    pub(crate) fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            px: vec![255; width as usize * height as usize],
        }
    }

    /// Darkens one pixel by `coverage` (0 to 1); outside the canvas nothing happens.
    pub fn darken(&mut self, x: i64, y: i64, coverage: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        let i = y as usize * self.width as usize + x as usize;
        let ink = (coverage.clamp(0.0, 1.0) * 255.0).round() as u8;
        self.px[i] = self.px[i].min(255 - ink);
    }

    /// Fills a rectangle black, clipped to the canvas.
    pub fn fill(&mut self, x: u32, y: u32, w: u32, h: u32) {
        let x1 = x.saturating_add(w).min(self.width) as usize;
        let y1 = y.saturating_add(h).min(self.height) as usize;
        let stride = self.width as usize;
        for row in (y as usize).min(y1)..y1 {
            let start = row * stride + (x as usize).min(x1);
            self.px[start..row * stride + x1].fill(0);
        }
    }
}
