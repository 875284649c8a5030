//! A dendrogram: the merges of hierarchical clustering, leaves labelled.
//!
//! Drawn sideways (root on the left, documents on the right) so document labels are
//! horizontal text, one per row, which never overlap; the axis gives the merge distance.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::{tick_label, ticks};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};
use crate::cluster::hierarchical::Tree;

/// Which side the root is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// Root at the left edge, leaves down the right edge.
    Left,
    /// Root at the top edge, leaves along the bottom edge.
    Top,
}

/// Draws the links of `tree` inside `(x0, y0)–(x1, y1)`, leaves in `tree.leaves()` order
/// evenly spaced along the leaf edge, heights scaled so the last merge reaches the root
/// edge. Each leaf's centre is at `start + (k + ½)·span/n`, as the heatmap's cells are.
pub fn draw_links<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    tree: &Tree,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    root: Root,
    color: &RGBColor,
    max_height: f64,
) -> DrawResult {
    let n = tree.n;
    if n < 2 {
        return Ok(());
    }
    let order = tree.leaves();
    let mut pos = vec![0.0; 2 * n - 1];
    let mut height = vec![0.0; 2 * n - 1];
    for (k, &leaf) in order.iter().enumerate() {
        pos[leaf] = k as f64 + 0.5;
    }
    for (i, m) in tree.merges.iter().enumerate() {
        pos[n + i] = (pos[m.a] + pos[m.b]) / 2.0;
        height[n + i] = m.distance;
    }
    let top = if max_height > 0.0 { max_height } else { 1.0 };
    // (position along the leaf edge, height) → pixels.
    let to_px = |p: f64, h: f64| -> (i32, i32) {
        match root {
            Root::Left => {
                let y = y0 + p / n as f64 * (y1 - y0);
                let x = x1 - (h / top).min(1.0) * (x1 - x0);
                (x.round() as i32, y.round() as i32)
            }
            Root::Top => {
                let x = x0 + p / n as f64 * (x1 - x0);
                let y = y1 - (h / top).min(1.0) * (y1 - y0);
                (x.round() as i32, y.round() as i32)
            }
        }
    };
    let style = ShapeStyle::from(color).stroke_width(1);
    for (i, m) in tree.merges.iter().enumerate() {
        let h = height[n + i];
        let path = vec![
            to_px(pos[m.a], height[m.a]),
            to_px(pos[m.a], h),
            to_px(pos[m.b], h),
            to_px(pos[m.b], height[m.b]),
        ];
        area.draw(&PathElement::new(path, style))?;
    }
    Ok(())
}

/// A stand-alone dendrogram with document labels and a distance axis.
#[derive(Debug, Clone)]
pub struct Dendrogram {
    /// The merges.
    pub tree: Tree,
    /// One label per document, in document order.
    pub labels: Vec<String>,
    /// Flat cluster of each document, to colour the labels (optional).
    pub clusters: Option<Vec<usize>>,
    /// What the distance axis measures, e.g. `cosine distance (average linkage)`.
    pub axis: String,
}

impl Chart for Dendrogram {
    fn default_size(&self) -> (u32, u32) {
        let rows = self.tree.n as u32;
        (1000, (180 + 32 * rows).clamp(500, 4000))
    }

    fn default_title(&self) -> String {
        "Hierarchical clustering".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let n = self.tree.n;
        if n == 0 {
            return theme::nothing(area, t, theme::whole(area), "no documents");
        }
        let axis_band = Theme::em(t.small) * 2.0 + Theme::em(t.text) * 1.8;
        let plot_h = h - axis_band;
        let row = plot_h / n as f64;
        let label_size = theme::size_for_rows(t.text, row);
        let max_label = w * 0.35;
        let (labels, label_w) = theme::fit_labels(
            self.labels.iter().map(String::as_str),
            label_size,
            max_label,
        );
        let x0 = 0.0;
        let x1 = w - label_w - f64::from(t.pad);
        let top = self
            .tree
            .merges
            .last()
            .map_or(1.0, |m| m.distance)
            .max(f64::MIN_POSITIVE);
        // A little headroom so the root link is not on the frame.
        let scale_top = top * 1.05;
        draw_links(
            area,
            &self.tree,
            (x0, 0.0, x1, plot_h),
            Root::Left,
            &t.ink,
            scale_top,
        )?;
        if let Some(size) = label_size {
            for (k, &d) in self.tree.leaves().iter().enumerate() {
                let y = (k as f64 + 0.5) * row;
                let color = match &self.clusters {
                    Some(c) => theme::category(c[d]),
                    None => t.ink,
                };
                theme::draw_text(
                    area,
                    &labels[d],
                    ((x1 + f64::from(t.pad) / 2.0) as i32, y as i32),
                    size,
                    Align::Left,
                    &color,
                )?;
            }
        }
        // Distance axis along the bottom: 0 at the leaves (right), growing leftwards.
        let y_axis = plot_h + 2.0;
        area.draw(&PathElement::new(
            vec![(x0 as i32, y_axis as i32), (x1 as i32, y_axis as i32)],
            ShapeStyle::from(&t.muted),
        ))?;
        let tk = ticks(0.0, top, 6);
        let step = if tk.len() > 1 { tk[1] - tk[0] } else { 1.0 };
        for v in tk {
            let x = x1 - v / scale_top * (x1 - x0);
            area.draw(&PathElement::new(
                vec![(x as i32, y_axis as i32), (x as i32, (y_axis + 5.0) as i32)],
                ShapeStyle::from(&t.muted),
            ))?;
            theme::draw_text(
                area,
                &tick_label(v, step),
                (x as i32, (y_axis + 5.0 + Theme::em(t.small)) as i32),
                t.small,
                Align::Center,
                &t.ink,
            )?;
        }
        theme::draw_text(
            area,
            &self.axis,
            (
                ((x0 + x1) / 2.0) as i32,
                (h - Theme::em(t.text) * 0.7) as i32,
            ),
            t.text,
            Align::Center,
            &t.ink,
        )?;
        Ok(())
    }
}
