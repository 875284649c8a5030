//! Sizes, colours and text drawing shared by every chart.
//!
//! Colours: the Okabe–Ito palette for categories (distinguishable with every common
//! colour-vision deficiency) and viridis for values (perceptually uniform, readable in
//! grey). Text sizes follow the canvas so a large chart is not all whitespace.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::FontTransform;

use super::{font, text, DrawResult};

/// Sizes and colours for one canvas.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Padding around the canvas and between panels, pixels.
    pub pad: u32,
    /// Label text size (plotters' size: 1.24 × em).
    pub text: f64,
    /// Tick labels, cell values, annotations.
    pub small: f64,
    /// Panel titles.
    pub heading: f64,
    /// The chart title.
    pub title: f64,
    /// Text and axes.
    pub ink: RGBColor,
    /// Secondary text.
    pub muted: RGBColor,
    /// Grid lines and panel rules.
    pub grid: RGBColor,
}

impl Theme {
    /// The theme for a `width` × `height` canvas.
    pub fn new(width: u32, height: u32) -> Theme {
        // A wide, short chart (a dispersion plot, a dendrogram) still gets readable text.
        let side = f64::from(width).min(1.3 * f64::from(height));
        let text = (side / 42.0).clamp(13.0, 30.0);
        Theme {
            pad: (side / 60.0).clamp(8.0, 30.0) as u32,
            text,
            small: text * 0.85,
            heading: text * 1.1,
            title: text * 1.4,
            ink: RGBColor(0x22, 0x22, 0x22),
            muted: RGBColor(0x66, 0x66, 0x66),
            grid: RGBColor(0xDD, 0xDD, 0xDD),
        }
    }

    /// Height of the band the title takes.
    pub fn title_band(&self) -> u32 {
        (f64::from(font::em(self.title)) * 2.0) as u32 + self.pad
    }

    /// A text height in pixels (one em) for `size`.
    pub fn em(size: f64) -> f64 {
        f64::from(font::em(size))
    }
}

/// Okabe–Ito, reordered so neighbouring categories contrast (yellow last: weak on white).
pub const CATEGORY: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x99, 0x99, 0x99), // grey
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// The colour of category `i` (cycling after eight).
pub fn category(i: usize) -> RGBColor {
    CATEGORY[i % CATEGORY.len()]
}

/// viridis at nine evenly spaced points (matplotlib's values).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2D, 0x7B),
    (0x3B, 0x52, 0x8B),
    (0x2C, 0x72, 0x8E),
    (0x21, 0x90, 0x8C),
    (0x27, 0xAD, 0x81),
    (0x5D, 0xC8, 0x63),
    (0xAA, 0xDC, 0x32),
    (0xFD, 0xE7, 0x25),
];

/// viridis at `t` in [0, 1] (clamped), interpolated between its nine anchors.
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Black or white, whichever reads better on `bg` (by relative luminance).
pub fn ink_on(bg: RGBColor) -> RGBColor {
    let lum = 0.2126 * f64::from(bg.0) + 0.7152 * f64::from(bg.1) + 0.0722 * f64::from(bg.2);
    if lum > 140.0 {
        RGBColor(0x11, 0x11, 0x11)
    } else {
        WHITE
    }
}

/// Where a label sits relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Anchor at the left end, vertically centred.
    Left,
    /// Anchor at the centre.
    Center,
    /// Anchor at the right end, vertically centred.
    Right,
    /// Turned to read upwards, hanging below the anchor: the anchor is the label's end.
    Up,
    /// Turned to read upwards, centred on the anchor (a y-axis name).
    UpCentre,
}

/// Draws `label` at `at` with the embedded font.
pub fn draw_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    at: (i32, i32),
    size: f64,
    align: Align,
    color: &RGBColor,
) -> DrawResult {
    let h = match align {
        Align::Left => HPos::Left,
        Align::Center | Align::UpCentre => HPos::Center,
        Align::Right | Align::Up => HPos::Right,
    };
    let mut style = TextStyle::from((font::FAMILY, size).into_font())
        .color(color)
        .pos(Pos::new(h, VPos::Center));
    if matches!(align, Align::Up | Align::UpCentre) {
        style = style.transform(FontTransform::Rotate270);
    }
    area.draw_text(label, &style, at)?;
    Ok(())
}

/// Says in the middle of `(x0, y0)–(x1, y1)` that there is nothing to draw (and why),
/// rather than leaving a blank chart.
pub fn nothing<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    why: &str,
) -> DrawResult {
    let msg = fit(why, t.text, (x1 - x0 - 8.0).max(0.0));
    let at = (((x0 + x1) / 2.0) as i32, ((y0 + y1) / 2.0) as i32);
    draw_text(area, &msg, at, t.text, Align::Center, &t.muted)
}

/// The whole of `area`, as a rectangle for [`nothing`].
pub fn whole<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> (f64, f64, f64, f64) {
    let (w, h) = area.dim_in_pixel();
    (0.0, 0.0, f64::from(w), f64::from(h))
}

/// Width in pixels of `label` drawn at `size`.
pub fn text_width(label: &str, size: f64) -> f64 {
    f64::from(font::width(&text::visual(label), font::em(size)))
}

/// `label`, cut to fit `max` pixels at `size` with an ellipsis (whole characters kept).
pub fn fit(label: &str, size: f64, max: f64) -> String {
    if text_width(label, size) <= max {
        return label.to_owned();
    }
    let chars: Vec<char> = label.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let s: String = chars[..mid].iter().collect::<String>() + "…";
        if text_width(&s, size) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        String::new()
    } else {
        chars[..lo].iter().collect::<String>() + "…"
    }
}

/// `labels` cut to `max` pixels at `size`, and the widest one's width; with no size (no
/// room for labels), empty labels of width 0.
pub fn fit_labels<'a>(
    labels: impl IntoIterator<Item = &'a str>,
    size: Option<f64>,
    max: f64,
) -> (Vec<String>, f64) {
    match size {
        Some(s) => {
            let cut: Vec<String> = labels.into_iter().map(|l| fit(l, s, max)).collect();
            let widest = cut.iter().map(|l| text_width(l, s)).fold(0.0, f64::max);
            (cut, widest)
        }
        None => (labels.into_iter().map(|_| String::new()).collect(), 0.0),
    }
}

/// A text size for labels `rows` pixels apart: the theme's, or smaller so they do not
/// touch; `None` when even 8-pixel text would overlap (draw no labels then).
pub fn size_for_rows(theme_size: f64, spacing: f64) -> Option<f64> {
    let fits = spacing / 1.15 * 1.24;
    let size = theme_size.min(fits);
    (Theme::em(size) >= 8.0).then_some(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends_and_middle() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xFD, 0xE7, 0x25));
        assert_eq!(viridis(0.5), RGBColor(0x21, 0x90, 0x8C));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
    }

    #[test]
    fn fit_cuts_long_arabic_labels_with_an_ellipsis() {
        let long = "تنظيم الدولة الإسلامية في العراق والشام";
        let cut = fit(long, 16.0, 80.0);
        assert!(cut.ends_with('…') && cut.len() < long.len(), "{cut}");
        assert!(text_width(&cut, 16.0) <= 80.0);
        assert_eq!(fit("داعش", 16.0, 500.0), "داعش");
    }

    #[test]
    fn contrast_ink() {
        assert_eq!(ink_on(viridis(0.0)), WHITE);
        assert_eq!(ink_on(viridis(1.0)), RGBColor(0x11, 0x11, 0x11));
    }
}
