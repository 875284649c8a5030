//! A lexical dispersion plot, as NLTK's `dispersion_plot`: one row per term, a tick at
//! every occurrence along the corpus (documents end to end, in input order), and the
//! document boundaries marked, so clustering in one document and spread across all
//! tell apart at a glance.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{round_ticks, Axes};
use super::layout::{LabelPlacer, Rect};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};

/// Where each term occurs.
#[derive(Debug, Clone, PartialEq)]
pub struct Dispersion {
    /// The terms (rows, top to bottom).
    pub terms: Vec<String>,
    /// Per term, the word offsets of its occurrences in the whole corpus.
    pub hits: Vec<Vec<usize>>,
    /// Each document's id and the offset of its first word.
    pub documents: Vec<(String, usize)>,
    /// Words in the corpus.
    pub total: usize,
}

impl Chart for Dispersion {
    fn default_size(&self) -> (u32, u32) {
        (1200, (300 + 70 * self.terms.len() as u32).clamp(420, 3000))
    }

    fn default_title(&self) -> String {
        "Lexical dispersion".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let k = self.terms.len();
        if k == 0 {
            return theme::nothing(area, t, theme::whole(area), "no terms");
        }
        let counts: Vec<String> = self.hits.iter().map(|hs| format!("{}", hs.len())).collect();
        let label_w = self
            .terms
            .iter()
            .map(|s| theme::text_width(&theme::fit(s, t.text, w * 0.25), t.text))
            .fold(0.0, f64::max);
        let count_w = counts
            .iter()
            .map(|c| theme::text_width(c, t.small))
            .fold(0.0, f64::max);
        let doc_band = Theme::em(t.small) * 2.0;
        let axis_band = Axes::below(t, t.small);
        let (px0, py0) = (label_w + f64::from(t.pad), doc_band);
        let (px1, py1) = (w - count_w - f64::from(t.pad), h - axis_band);
        let total = self.total.max(1) as f64;
        let sx = |o: f64| px0 + o / total * (px1 - px0);
        // Document bands: alternate shading, boundaries, ids where they fit.
        let mut placer = LabelPlacer::new(Rect::new(px0, 0.0, px1, doc_band));
        for (d, (id, start)) in self.documents.iter().enumerate() {
            let end = self.documents.get(d + 1).map_or(self.total, |n| n.1);
            let (x0, x1) = (sx(*start as f64), sx(end as f64));
            if d % 2 == 1 {
                area.draw(&Rectangle::new(
                    [(x0 as i32, py0 as i32), (x1 as i32, py1 as i32)],
                    RGBColor(0xF3, 0xF3, 0xF3).filled(),
                ))?;
            }
            if d > 0 {
                area.draw(&PathElement::new(
                    vec![(x0 as i32, py0 as i32), (x0 as i32, py1 as i32)],
                    ShapeStyle::from(&t.muted),
                ))?;
            }
            let label = theme::fit(id, t.small, x1 - x0 - 4.0);
            if !label.is_empty() {
                let lw = theme::text_width(&label, t.small);
                let cx = (x0 + x1) / 2.0;
                let r = Rect::new(cx - lw / 2.0, 0.0, cx + lw / 2.0, doc_band);
                if Rect::new(px0, 0.0, px1, doc_band).contains(&r) {
                    placer.block(r);
                    theme::draw_text(
                        area,
                        &label,
                        (cx as i32, (doc_band / 2.0) as i32),
                        t.small,
                        Align::Center,
                        &t.muted,
                    )?;
                }
            }
        }
        let row = (py1 - py0) / k as f64;
        for (i, term) in self.terms.iter().enumerate() {
            let cy = py0 + (i as f64 + 0.5) * row;
            let c = theme::category(i);
            area.draw(&PathElement::new(
                vec![(px0 as i32, cy as i32), (px1 as i32, cy as i32)],
                ShapeStyle::from(&t.grid),
            ))?;
            let half = (row * 0.35).min(24.0);
            for &o in &self.hits[i] {
                let x = sx(o as f64 + 0.5).round() as i32;
                area.draw(&PathElement::new(
                    vec![(x, (cy - half) as i32), (x, (cy + half) as i32)],
                    c.stroke_width(2),
                ))?;
            }
            let label = theme::fit(term, t.text, w * 0.25);
            theme::draw_text(
                area,
                &label,
                ((px0 - 8.0) as i32, cy as i32),
                t.text,
                Align::Right,
                &t.ink,
            )?;
            theme::draw_text(
                area,
                &counts[i],
                ((px1 + 6.0) as i32, cy as i32),
                t.small,
                Align::Left,
                &t.muted,
            )?;
        }
        let axes = Axes::new(px0, py0, px1, py1);
        axes.frame(area, t)?;
        axes.x_ticks(area, t, &round_ticks(0.0, total, 8), sx, false)?;
        axes.x_name(
            area,
            t,
            "word offset (documents end to end; occurrences counted at the right)",
            t.small,
        )?;
        Ok(())
    }
}
