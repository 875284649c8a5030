//! Horizontal bar charts: top terms of the corpus, or small multiples of them (one panel
//! per document, cluster or topic).
//!
//! Horizontal, because term labels are words: they read in a column beside their bars
//! instead of crowding under them. Longest bar on top; panels share no scale, since each
//! answers its own question (which terms matter here).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{round_ticks, Axes};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};

/// One panel: a title and (label, value) pairs, drawn in the given order from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Drawn above the bars (may be empty).
    pub title: String,
    /// The bars.
    pub items: Vec<(String, f64)>,
}

impl Panel {
    /// A panel of `items` under `title`.
    pub fn new(title: &str, items: Vec<(String, f64)>) -> Panel {
        Panel {
            title: title.to_owned(),
            items,
        }
    }
}

/// One or more bar panels in a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// The panels, filled row by row.
    pub panels: Vec<Panel>,
    /// What the values are (axis label), e.g. `frequency` or `TF-IDF`.
    pub measure: String,
    /// Colour each panel differently (topics, clusters) rather than all alike.
    pub colour_panels: bool,
    /// The default title.
    pub title: String,
}

impl Bars {
    /// A single panel.
    pub fn single(panel: Panel, measure: &str) -> Bars {
        Bars {
            panels: vec![panel],
            measure: measure.to_owned(),
            colour_panels: false,
            title: format!("Top terms by {measure}"),
        }
    }

    /// Small multiples, one panel per group.
    pub fn grid(panels: Vec<Panel>, measure: &str, title: &str) -> Bars {
        Bars {
            panels,
            measure: measure.to_owned(),
            colour_panels: true,
            title: title.to_owned(),
        }
    }

    /// Columns of the grid: as square as the panels allow, at most 4 across.
    fn columns(&self) -> usize {
        let p = self.panels.len().max(1);
        ((p as f64).sqrt().ceil() as usize).clamp(1, 4)
    }
}

/// A value label: three significant digits, no exponent for everyday magnitudes.
pub fn value_label(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let a = v.abs();
    if a >= 1000.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else {
        let decimals = (2 - a.log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.decimals$}")
    }
}

/// Draws one panel of horizontal bars inside `(x0, y0)–(x1, y1)`.
pub fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    rect: (f64, f64, f64, f64),
    panel: &Panel,
    measure: &str,
    color: &RGBColor,
) -> DrawResult {
    draw_panel_to(area, t, rect, panel, measure, color, None)
}

/// [`draw_panel`] with the bars' full length at `top` instead of the panel's largest
/// value: panels that share a scale.
#[allow(clippy::too_many_arguments)]
pub fn draw_panel_to<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    panel: &Panel,
    measure: &str,
    color: &RGBColor,
    top_value: Option<f64>,
) -> DrawResult {
    let mut top = y0;
    if !panel.title.is_empty() {
        let band = Theme::em(t.heading) * 1.8;
        let title = theme::fit(&panel.title, t.heading, x1 - x0);
        theme::draw_text(
            area,
            &title,
            (((x0 + x1) / 2.0) as i32, (top + band / 2.0) as i32),
            t.heading,
            Align::Center,
            &t.ink,
        )?;
        top += band;
    }
    let axis_band = Theme::em(t.small) * 2.2
        + if measure.is_empty() {
            0.0
        } else {
            Theme::em(t.small) * 1.4
        };
    let bottom = y1 - axis_band;
    let k = panel.items.len();
    if k == 0 || bottom <= top {
        return theme::nothing(area, t, (x0, top, x1, y1), "no terms");
    }
    // Rows no taller than a comfortable bar: a panel of two terms is not two slabs.
    let row = ((bottom - top) / k as f64).min(Theme::em(t.text) * 2.2);
    let bottom = top + row * k as f64;
    let label_size = theme::size_for_rows(t.text, row);
    let max_label = (x1 - x0) * 0.42;
    let (labels, label_w) = theme::fit_labels(
        panel.items.iter().map(|(l, _)| l.as_str()),
        label_size,
        max_label,
    );
    let max = panel.items.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let max = top_value.unwrap_or(0.0).max(max);
    let max = if max > 0.0 { max } else { 1.0 };
    let value_size = label_size.map(|s| s.min(t.small));
    let value_w = value_size.map_or(0.0, |s| {
        panel
            .items
            .iter()
            .map(|(_, v)| theme::text_width(&value_label(*v), s))
            .fold(0.0, f64::max)
    });
    let gap = f64::from(t.pad) / 2.0;
    let bx0 = x0 + label_w + gap;
    let bx1 = (x1 - value_w - gap).max(bx0 + 10.0);
    let scale = |v: f64| bx0 + (v.max(0.0) / max) * (bx1 - bx0);
    // Grid lines at round values, then the bars over them.
    let axes = Axes::new(bx0, top, bx1, bottom);
    let most = ((bx1 - bx0) / (theme::text_width("0.000", t.small) * 1.8)).max(2.0) as usize;
    axes.x_ticks(area, t, &round_ticks(0.0, max, most), scale, true)?;
    if !measure.is_empty() {
        axes.x_name(area, t, measure, t.small)?;
    }
    for (i, (_, v)) in panel.items.iter().enumerate() {
        let cy = top + (i as f64 + 0.5) * row;
        let half = row * 0.36;
        area.draw(&Rectangle::new(
            [
                (bx0 as i32, (cy - half) as i32),
                (scale(*v).round() as i32, (cy + half) as i32),
            ],
            color.filled(),
        ))?;
        if let Some(s) = label_size {
            theme::draw_text(
                area,
                &labels[i],
                ((bx0 - gap) as i32, cy as i32),
                s,
                Align::Right,
                &t.ink,
            )?;
        }
        if let Some(s) = value_size {
            theme::draw_text(
                area,
                &value_label(*v),
                ((scale(*v) + 4.0) as i32, cy as i32),
                s,
                Align::Left,
                &t.muted,
            )?;
        }
    }
    area.draw(&PathElement::new(
        vec![(bx0 as i32, top as i32), (bx0 as i32, bottom as i32)],
        ShapeStyle::from(&t.ink),
    ))?;
    Ok(())
}

impl Chart for Bars {
    fn default_size(&self) -> (u32, u32) {
        let cols = self.columns();
        let rows = self.panels.len().div_ceil(cols).max(1);
        let most = self
            .panels
            .iter()
            .map(|p| p.items.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let panel_h = (most as u32 * 30 + 110).clamp(220, 1400);
        let w = if cols == 1 {
            900
        } else {
            (cols as u32 * 420).min(1800)
        };
        (w, (rows as u32 * panel_h).clamp(300, 6000))
    }

    fn default_title(&self) -> String {
        self.title.clone()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let cols = self.columns();
        let rows = self.panels.len().div_ceil(cols).max(1);
        let pad = f64::from(t.pad);
        let pw = (w - pad * (cols - 1) as f64) / cols as f64;
        let ph = (h - pad * (rows - 1) as f64) / rows as f64;
        for (i, panel) in self.panels.iter().enumerate() {
            let (r, c) = (i / cols, i % cols);
            let x0 = c as f64 * (pw + pad);
            let y0 = r as f64 * (ph + pad);
            let color = if self.colour_panels {
                theme::category(i)
            } else {
                theme::category(0)
            };
            draw_panel(
                area,
                t,
                (x0, y0, x0 + pw, y0 + ph),
                panel,
                &self.measure,
                &color,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_labels_keep_three_significant_digits() {
        assert_eq!(value_label(12.0), "12");
        assert_eq!(value_label(0.123456), "0.123");
        assert_eq!(value_label(1.5), "1.50");
        assert_eq!(value_label(0.0004567), "0.000457");
        assert_eq!(value_label(1234.5), "1234");
    }
}
