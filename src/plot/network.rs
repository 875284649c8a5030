//! Term networks (co-occurrence, collocations): terms as nodes, pairs as edges whose
//! width follows their score, laid out by Fruchterman–Reingold force direction.
//!
//! The layout is deterministic: nodes start on a circle in a fixed order and every
//! step is sequential arithmetic, so a chart is the same on every run and machine.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::{LabelPlacer, Rect};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};

/// Iterations of the force-directed layout.
const ITERATIONS: usize = 500;

/// A weighted undirected graph of terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Node labels.
    pub nodes: Vec<String>,
    /// Edges (a, b, score), a ≠ b, indices into `nodes`.
    pub edges: Vec<(usize, usize, f64)>,
    /// What the edge score is, e.g. `npmi`.
    pub measure: String,
    /// The default title.
    pub title: String,
}

impl Network {
    /// The graph of the first `max_edges` of `pairs` (give them best first); nodes in
    /// order of first appearance. Pairs with a non-finite score are skipped.
    pub fn from_pairs(
        pairs: impl IntoIterator<Item = (String, String, f64)>,
        max_edges: usize,
        measure: &str,
        title: &str,
    ) -> Network {
        let mut nodes: Vec<String> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut edges = Vec::new();
        for (a, b, s) in pairs
            .into_iter()
            .filter(|p| p.2.is_finite() && p.0 != p.1)
            .take(max_edges)
        {
            let mut id = |t: String| {
                *index.entry(t.clone()).or_insert_with(|| {
                    nodes.push(t);
                    nodes.len() - 1
                })
            };
            let (i, j) = (id(a), id(b));
            edges.push((i, j, s));
        }
        Network {
            nodes,
            edges,
            measure: measure.to_owned(),
            title: title.to_owned(),
        }
    }

    /// Node positions in [0, 1]², by Fruchterman and Reingold (1991) with edge weights
    /// scaling attraction, a weak pull to the centre so components stay in view.
    pub fn layout(&self) -> Vec<(f64, f64)> {
        let n = self.nodes.len();
        if n == 0 {
            return Vec::new();
        }
        if n == 1 {
            return vec![(0.5, 0.5)];
        }
        let mut p: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / n as f64;
                // A slight spiral breaks the circle's symmetry.
                let r = 0.35 + 0.1 * (i % 7) as f64 / 7.0;
                (0.5 + r * a.cos(), 0.5 + r * a.sin())
            })
            .collect();
        let k = (1.0 / n as f64).sqrt();
        let (lo, hi) = self
            .edges
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), e| {
                (a.min(e.2), b.max(e.2))
            });
        let weight = |s: f64| {
            if hi > lo {
                0.5 + (s - lo) / (hi - lo)
            } else {
                1.0
            }
        };
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for it in 0..ITERATIONS {
            let temperature = 0.1 * (1.0 - it as f64 / ITERATIONS as f64) + 0.002;
            disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
            for i in 0..n {
                for j in i + 1..n {
                    let (dx, dy) = (p[i].0 - p[j].0, p[i].1 - p[j].1);
                    let d2 = (dx * dx + dy * dy).max(1e-6);
                    let f = k * k / d2;
                    disp[i].0 += dx * f;
                    disp[i].1 += dy * f;
                    disp[j].0 -= dx * f;
                    disp[j].1 -= dy * f;
                }
            }
            for &(a, b, s) in &self.edges {
                let (dx, dy) = (p[a].0 - p[b].0, p[a].1 - p[b].1);
                let d = (dx * dx + dy * dy).sqrt().max(1e-3);
                let f = d / k * weight(s);
                disp[a].0 -= dx * f;
                disp[a].1 -= dy * f;
                disp[b].0 += dx * f;
                disp[b].1 += dy * f;
            }
            for i in 0..n {
                disp[i].0 += (0.5 - p[i].0) * 0.05 * n as f64 * k;
                disp[i].1 += (0.5 - p[i].1) * 0.05 * n as f64 * k;
                let len = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
                if len > 0.0 {
                    let step = len.min(temperature);
                    p[i].0 += disp[i].0 / len * step;
                    p[i].1 += disp[i].1 / len * step;
                }
            }
        }
        // Fit to the unit square.
        let (mut x0, mut y0, mut x1, mut y1) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for &(x, y) in &p {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let (sx, sy) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
        p.iter()
            .map(|&(x, y)| ((x - x0) / sx, (y - y0) / sy))
            .collect()
    }
}

impl Chart for Network {
    fn default_size(&self) -> (u32, u32) {
        (1200, 950)
    }

    fn default_title(&self) -> String {
        self.title.clone()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let n = self.nodes.len();
        if n == 0 {
            let why = "no pairs to draw: none passed the filters";
            return theme::nothing(area, t, theme::whole(area), why);
        }
        let note_h = Theme::em(t.small) * 1.8;
        let pos = self.layout();
        // Room for labels on either side of the outermost nodes.
        let margin_x = (w * 0.1).min(120.0);
        let margin_y = Theme::em(t.text) * 1.5;
        let (px0, py0, px1, py1) = (margin_x, margin_y, w - margin_x, h - note_h - margin_y);
        let at = |i: usize| (px0 + pos[i].0 * (px1 - px0), py0 + pos[i].1 * (py1 - py0));
        // Weighted degree sets the node size.
        let mut degree = vec![0.0f64; n];
        let (lo, hi) = self
            .edges
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), e| {
                (a.min(e.2), b.max(e.2))
            });
        let norm = |s: f64| if hi > lo { (s - lo) / (hi - lo) } else { 1.0 };
        for &(a, b, s) in &self.edges {
            degree[a] += 0.3 + norm(s);
            degree[b] += 0.3 + norm(s);
        }
        let max_degree = degree.iter().copied().fold(0.0, f64::max).max(1e-9);
        let edge_c = RGBColor(0x56, 0x6B, 0x80);
        // Weakest edges first so the strong ones are drawn on top.
        let mut order: Vec<usize> = (0..self.edges.len()).collect();
        order.sort_by(|&x, &y| self.edges[x].2.total_cmp(&self.edges[y].2).then(x.cmp(&y)));
        for e in order {
            let (a, b, s) = self.edges[e];
            let width = (1.0 + 5.0 * norm(s)).round() as u32;
            let (pa, pb) = (at(a), at(b));
            area.draw(&PathElement::new(
                vec![(pa.0 as i32, pa.1 as i32), (pb.0 as i32, pb.1 as i32)],
                edge_c.mix(0.25 + 0.45 * norm(s)).stroke_width(width),
            ))?;
        }
        let mut placer = LabelPlacer::new(Rect::new(0.0, 0.0, w, h - note_h));
        let radius: Vec<f64> = degree
            .iter()
            .map(|d| 4.0 + 10.0 * (d / max_degree).sqrt())
            .collect();
        for (i, &r) in radius.iter().enumerate() {
            let (x, y) = at(i);
            area.draw(&Circle::new(
                (x as i32, y as i32),
                r as i32,
                theme::category(0).filled(),
            ))?;
            area.draw(&Circle::new(
                (x as i32, y as i32),
                r as i32,
                WHITE.stroke_width(1),
            ))?;
            placer.block(Rect::new(x - r, y - r, x + r, y + r));
        }
        // Labels, most connected first, so they get the best places.
        let mut by_degree: Vec<usize> = (0..n).collect();
        by_degree.sort_by(|&a, &b| degree[b].total_cmp(&degree[a]).then(a.cmp(&b)));
        let size = t.text;
        let lh = Theme::em(size) * 1.15;
        let mut dropped = 0;
        for i in by_degree {
            let label = theme::fit(&self.nodes[i], size, w * 0.2);
            let lw = theme::text_width(&label, size);
            match placer.place(at(i), lw, lh, radius[i] + 3.0) {
                Some(p) => theme::draw_text(
                    area,
                    &label,
                    (p.x as i32, p.y as i32),
                    size,
                    Align::Left,
                    &t.ink,
                )?,
                None => dropped += 1,
            }
        }
        let mut note = format!(
            "{} terms, {} pairs; edge width: {}; node size: weighted degree",
            n,
            self.edges.len(),
            self.measure
        );
        if dropped > 0 {
            let s = if dropped == 1 { "" } else { "s" };
            note.push_str(&format!("; {dropped} label{s} left out for lack of room"));
        }
        theme::draw_text(
            area,
            &note,
            (0, (h - note_h / 2.0) as i32),
            t.small,
            Align::Left,
            &t.muted,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs() -> Vec<(String, String, f64)> {
        [
            ("a", "b", 3.0),
            ("b", "c", 2.0),
            ("a", "c", 1.0),
            ("d", "e", 5.0),
            ("x", "x", 9.0),
        ]
        .map(|(a, b, s)| (a.to_string(), b.to_string(), s))
        .to_vec()
    }

    #[test]
    fn nodes_in_order_of_first_appearance_without_self_loops() {
        let g = Network::from_pairs(pairs(), 10, "count", "");
        assert_eq!(g.nodes, ["a", "b", "c", "d", "e"]);
        assert_eq!(
            g.edges,
            vec![(0, 1, 3.0), (1, 2, 2.0), (0, 2, 1.0), (3, 4, 5.0)]
        );
        assert_eq!(Network::from_pairs(pairs(), 2, "count", "").edges.len(), 2);
    }

    #[test]
    fn layout_is_deterministic_in_the_unit_square_and_pulls_neighbours_together() {
        let g = Network::from_pairs(pairs(), 10, "count", "");
        let p = g.layout();
        assert_eq!(p, g.layout());
        assert!(p
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
        let d = |i: usize, j: usize| ((p[i].0 - p[j].0).powi(2) + (p[i].1 - p[j].1).powi(2)).sqrt();
        // d–e are linked, a–d are not.
        assert!(d(3, 4) < d(0, 3), "{p:?}");
        assert!(d(0, 1) < d(0, 4), "{p:?}");
    }
}
