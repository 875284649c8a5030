//! The document map: one point per document, coloured by cluster, labelled where there
//! is room (labels are placed beside their points and never over another label or point).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{round_ticks, Axes};
use super::layout::{LabelPlacer, Rect};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};

/// Points in two dimensions with labels and groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    /// (x, y) per point.
    pub points: Vec<(f64, f64)>,
    /// A label per point (empty: none).
    pub labels: Vec<String>,
    /// The group (cluster) of each point, from 0.
    pub groups: Vec<usize>,
    /// The groups' names in the legend (default: `cluster 0`, `cluster 1`, …).
    pub group_names: Option<Vec<String>>,
    /// Axis names.
    pub axes: (String, String),
    /// Default title.
    pub title: String,
}

impl Chart for Scatter {
    fn default_size(&self) -> (u32, u32) {
        (1100, 850)
    }

    fn default_title(&self) -> String {
        self.title.clone()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let n = self.points.len();
        let k = self.groups.iter().copied().max().map_or(0, |m| m + 1);
        // Legend down the right edge.
        let sw = Theme::em(t.text) * 0.8;
        let legend: Vec<String> = (0..k)
            .map(|g| {
                let size = self.groups.iter().filter(|&&x| x == g).count();
                match self.group_names.as_ref().and_then(|n| n.get(g)) {
                    Some(name) => format!("{name} ({size})"),
                    None => format!("cluster {g} ({size})"),
                }
            })
            .collect();
        let legend_w = legend
            .iter()
            .map(|l| theme::text_width(l, t.text))
            .fold(0.0, f64::max)
            + sw
            + 16.0;
        let y_tick_w = theme::text_width("-0.00", t.small) + 8.0;
        let axis_h = Axes::below(t, t.text);
        let (px0, py0) = (y_tick_w + Theme::em(t.text) * 1.8, 0.0);
        let (px1, py1) = (w - legend_w - f64::from(t.pad), h - axis_h);
        let bounds = |v: &mut dyn Iterator<Item = f64>| {
            let (lo, hi) = v.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                (a.min(x), b.max(x))
            });
            if !lo.is_finite() {
                (-1.0, 1.0)
            } else if hi - lo < 1e-12 {
                (lo - 1.0, hi + 1.0)
            } else {
                let m = (hi - lo) * 0.08;
                (lo - m, hi + m)
            }
        };
        let (x_lo, x_hi) = bounds(&mut self.points.iter().map(|p| p.0));
        let (y_lo, y_hi) = bounds(&mut self.points.iter().map(|p| p.1));
        let sx = |x: f64| px0 + (x - x_lo) / (x_hi - x_lo) * (px1 - px0);
        let sy = |y: f64| py1 - (y - y_lo) / (y_hi - y_lo) * (py1 - py0);
        let axes = Axes::new(px0, py0, px1, py1);
        axes.x_ticks(area, t, &round_ticks(x_lo, x_hi, 6), sx, true)?;
        axes.y_ticks(area, t, &round_ticks(y_lo, y_hi, 6), sy, true)?;
        axes.frame(area, t)?;
        axes.x_name(area, t, &self.axes.0, t.text)?;
        axes.y_name(area, t, &self.axes.1)?;
        // Points: radius by density so thousands stay legible.
        let r = if n > 2000 {
            2.0
        } else if n > 300 {
            3.0
        } else {
            6.0
        };
        let mut placer = LabelPlacer::new(Rect::new(px0 + 2.0, py0 + 2.0, px1 - 2.0, py1 - 2.0));
        for (i, &(x, y)) in self.points.iter().enumerate() {
            let (cx, cy) = (sx(x), sy(y));
            let c = theme::category(self.groups.get(i).copied().unwrap_or(0));
            let style = if n > 300 {
                c.mix(0.6).filled()
            } else {
                c.filled()
            };
            area.draw(&Circle::new(
                (cx.round() as i32, cy.round() as i32),
                r as i32,
                style,
            ))?;
            placer.block(Rect::new(cx - r, cy - r, cx + r, cy + r));
        }
        // Labels after every point is blocked out, in input order.
        let size = t.small;
        let lh = Theme::em(size) * 1.2;
        for (i, &(x, y)) in self.points.iter().enumerate() {
            let Some(label) = self.labels.get(i).filter(|l| !l.is_empty()) else {
                continue;
            };
            let label = theme::fit(label, size, (px1 - px0) * 0.3);
            let lw = theme::text_width(&label, size);
            if let Some(p) = placer.place((sx(x), sy(y)), lw, lh, r + 3.0) {
                theme::draw_text(
                    area,
                    &label,
                    (p.x.round() as i32, p.y.round() as i32),
                    size,
                    Align::Left,
                    &t.ink,
                )?;
            }
        }
        // Legend.
        let lx = px1 + f64::from(t.pad);
        for (g, name) in legend.iter().enumerate() {
            let cy = py0 + Theme::em(t.text) * (0.9 + 1.6 * g as f64);
            area.draw(&Circle::new(
                ((lx + sw / 2.0) as i32, cy as i32),
                (sw / 2.0) as i32,
                theme::category(g).filled(),
            ))?;
            theme::draw_text(
                area,
                name,
                ((lx + sw + 6.0) as i32, cy as i32),
                t.text,
                Align::Left,
                &t.ink,
            )?;
        }
        Ok(())
    }
}
