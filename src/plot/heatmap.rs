//! The similarity heatmap: documents × documents, in dendrogram leaf order.
//!
//! As seaborn's clustermap: rows and columns reordered by hierarchical clustering so
//! similar documents sit together, the row dendrogram on the left, the column dendrogram
//! on top, a colour bar (viridis), and each cell's value printed when the cells are large
//! enough to hold it.

use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::dendrogram::{draw_links, Root};
use super::layout::{tick_label, ticks};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};
use crate::cluster::hierarchical::{linkage_condensed, Tree};
use crate::cluster::Linkage;
use crate::error::{Error, Result};
use crate::similarity::{condensed_distances, Metric};

/// The most documents a heatmap draws (a million cells is no longer readable).
pub const MAX_DOCUMENTS: usize = 1000;

/// A square matrix drawn as coloured cells.
#[derive(Debug, Clone)]
pub struct Heatmap {
    /// The values, n × n.
    pub matrix: Array2<f64>,
    /// One label per row/column.
    pub labels: Vec<String>,
    /// The clustering that orders rows and columns (drawn as dendrograms); `None` keeps
    /// the input order.
    pub tree: Option<Tree>,
    /// The colour scale's ends: values outside are drawn as the end colour.
    pub range: (f64, f64),
    /// The colour bar's label, e.g. `cosine similarity`.
    pub measure: String,
}

impl Heatmap {
    /// The heatmap of `matrix`, the values of `metric` between the documents
    /// `labels`, its rows and columns in the order of an average-linkage tree
    /// of their distances ([`Metric::as_distance`]), so similar documents sit
    /// together. At most [`MAX_DOCUMENTS`].
    pub fn clustered(matrix: Array2<f64>, labels: Vec<String>, metric: Metric) -> Result<Self> {
        let n = labels.len();
        if n > MAX_DOCUMENTS {
            return Err(Error::TooLarge(format!(
                "`chart`: a heatmap of {n} documents is unreadable; it draws at most {MAX_DOCUMENTS} (a map of the documents draws any number)"
            )));
        }
        let tree = linkage_condensed(condensed_distances(&matrix, metric), n, Linkage::Average);
        Ok(Heatmap::new(
            matrix,
            labels,
            Some(tree),
            &Heatmap::measure(metric),
        ))
    }

    /// The colour bar's label for values of `metric`: `cosine similarity`,
    /// `euclidean distance`.
    pub fn measure(metric: Metric) -> String {
        if metric.is_similarity() {
            format!("{metric} similarity")
        } else {
            format!("{metric} distance")
        }
    }

    /// A heatmap of `matrix`, ordered by `tree`. The colours span the off-diagonal
    /// values, widened to multiples of 0.05: a document's similarity to itself (1, or 0
    /// for a distance) would otherwise take the whole scale and leave every pair alike.
    pub fn new(
        matrix: Array2<f64>,
        labels: Vec<String>,
        tree: Option<Tree>,
        measure: &str,
    ) -> Self {
        let n = matrix.nrows();
        let (lo, hi) = matrix
            .indexed_iter()
            .filter(|((i, j), v)| (i != j || n < 2) && v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, &v)| {
                (a.min(v), b.max(v))
            });
        let (lo, hi) = ((lo / 0.05).floor() * 0.05, (hi / 0.05).ceil() * 0.05);
        let range = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (lo.min(0.0), lo.min(0.0) + 1.0)
        };
        let range = if range.0.is_finite() {
            range
        } else {
            (0.0, 1.0)
        };
        Heatmap {
            matrix,
            labels,
            tree,
            range,
            measure: measure.to_owned(),
        }
    }

    fn color(&self, v: f64) -> RGBColor {
        let (lo, hi) = self.range;
        theme::viridis((v - lo) / (hi - lo))
    }
}

impl Chart for Heatmap {
    fn default_size(&self) -> (u32, u32) {
        (1100, 950)
    }

    fn default_title(&self) -> String {
        format!("Document {}", self.measure)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let n = self.labels.len();
        if n == 0 {
            return theme::nothing(area, t, theme::whole(area), "no documents");
        }
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let pad = f64::from(t.pad);
        let order: Vec<usize> = match &self.tree {
            Some(tree) => tree.leaves(),
            None => (0..n).collect(),
        };
        let dendro_w = if self.tree.is_some() {
            (w * 0.13).min(160.0)
        } else {
            0.0
        };
        let dendro_h = if self.tree.is_some() {
            (h * 0.11).min(130.0)
        } else {
            0.0
        };
        // Colour bar: a strip and its tick labels.
        let bar_w = (w * 0.025).max(14.0);
        let bar_labels = theme::text_width("-0.00", t.small).max(theme::text_width(
            &tick_label(self.range.1, (self.range.1 - self.range.0) / 5.0),
            t.small,
        ));
        let bar_band = pad * 2.0 + bar_w + 6.0 + bar_labels;
        // Labels: sized for a first guess of the cell, then cut to at most a quarter of the width.
        let guess = ((w - dendro_w - bar_band) * 0.7).min((h - dendro_h) * 0.75) / n as f64;
        let label_size = theme::size_for_rows(t.text, guess);
        let max_label = w * 0.25;
        let (labels, label_w) = theme::fit_labels(
            self.labels.iter().map(String::as_str),
            label_size,
            max_label,
        );
        // Column labels read upwards when they are wider than a cell.
        let label_h = label_size.map_or(0.0, Theme::em);
        let cols_upright = label_w > guess * 0.95;
        let col_band = if label_size.is_none() {
            0.0
        } else if cols_upright {
            label_w + pad
        } else {
            label_h * 1.6 + pad
        };
        let row_band = if label_size.is_some() {
            label_w + pad
        } else {
            0.0
        };
        let cell = ((w - dendro_w - row_band - bar_band) / n as f64)
            .min((h - dendro_h - col_band) / n as f64)
            .max(0.5);
        let side = cell * n as f64;
        let mx0 = dendro_w;
        let my0 = dendro_h;
        // Cells.
        for (r, &i) in order.iter().enumerate() {
            for (c, &j) in order.iter().enumerate() {
                let x0 = mx0 + c as f64 * cell;
                let y0 = my0 + r as f64 * cell;
                area.draw(&Rectangle::new(
                    [
                        (x0.floor() as i32, y0.floor() as i32),
                        ((x0 + cell).ceil() as i32, (y0 + cell).ceil() as i32),
                    ],
                    self.color(self.matrix[[i, j]]).filled(),
                ))?;
            }
        }
        // Values in the cells, when "0.00" fits with room to spare.
        let value_size = t.small.min(cell * 0.55 * 1.24);
        if n <= 25
            && theme::text_width("0.00", value_size) < cell * 0.8
            && Theme::em(value_size) >= 7.0
        {
            for (r, &i) in order.iter().enumerate() {
                for (c, &j) in order.iter().enumerate() {
                    let v = self.matrix[[i, j]];
                    let x = mx0 + (c as f64 + 0.5) * cell;
                    let y = my0 + (r as f64 + 0.5) * cell;
                    theme::draw_text(
                        area,
                        &format!("{v:.2}"),
                        (x.round() as i32, y.round() as i32),
                        value_size,
                        Align::Center,
                        &theme::ink_on(self.color(v)),
                    )?;
                }
            }
        }
        // Dendrograms: rows on the left, columns on top.
        if let Some(tree) = &self.tree {
            let top = tree
                .merges
                .last()
                .map_or(1.0, |m| m.distance)
                .max(f64::MIN_POSITIVE);
            draw_links(
                area,
                tree,
                (0.0, my0, dendro_w - 4.0, my0 + side),
                Root::Left,
                &t.muted,
                top,
            )?;
            draw_links(
                area,
                tree,
                (mx0, 0.0, mx0 + side, dendro_h - 4.0),
                Root::Top,
                &t.muted,
                top,
            )?;
        }
        // Row labels on the right, column labels below.
        if let Some(size) = label_size {
            for (k, &i) in order.iter().enumerate() {
                let centre = (k as f64 + 0.5) * cell;
                theme::draw_text(
                    area,
                    &labels[i],
                    ((mx0 + side + pad / 2.0) as i32, (my0 + centre) as i32),
                    size,
                    Align::Left,
                    &t.ink,
                )?;
                if cols_upright {
                    theme::draw_text(
                        area,
                        &labels[i],
                        ((mx0 + centre) as i32, (my0 + side + pad / 2.0) as i32),
                        size,
                        Align::Up,
                        &t.ink,
                    )?;
                } else {
                    theme::draw_text(
                        area,
                        &labels[i],
                        (
                            (mx0 + centre) as i32,
                            (my0 + side + pad / 2.0 + label_h * 0.6) as i32,
                        ),
                        size,
                        Align::Center,
                        &t.ink,
                    )?;
                }
            }
        }
        // Colour bar, as tall as the matrix, with its label above.
        let bx0 = (mx0 + side + row_band + pad).min(w - bar_band + pad);
        let (lo, hi) = self.range;
        let steps = side.max(2.0) as usize;
        for s in 0..steps {
            let frac = s as f64 / steps as f64;
            let y0 = my0 + side - (frac + 1.0 / steps as f64) * side;
            let y1 = my0 + side - frac * side;
            area.draw(&Rectangle::new(
                [
                    (bx0 as i32, y0.floor() as i32),
                    ((bx0 + bar_w) as i32, y1.ceil() as i32),
                ],
                theme::viridis(frac + 0.5 / steps as f64).filled(),
            ))?;
        }
        let tk = ticks(lo, hi, 5);
        let step = if tk.len() > 1 { tk[1] - tk[0] } else { hi - lo };
        for v in tk {
            let y = my0 + side - (v - lo) / (hi - lo) * side;
            area.draw(&PathElement::new(
                vec![
                    ((bx0 + bar_w) as i32, y as i32),
                    ((bx0 + bar_w + 4.0) as i32, y as i32),
                ],
                ShapeStyle::from(&t.ink),
            ))?;
            theme::draw_text(
                area,
                &tick_label(v, step),
                ((bx0 + bar_w + 6.0) as i32, y as i32),
                t.small,
                Align::Left,
                &t.ink,
            )?;
        }
        let measure = theme::fit(&self.measure, t.small, w - (mx0 + side) - 4.0);
        theme::draw_text(
            area,
            &measure,
            ((w - 2.0) as i32, (my0 - Theme::em(t.small) * 1.5) as i32),
            t.small,
            Align::Right,
            &t.ink,
        )?;
        Ok(())
    }
}
