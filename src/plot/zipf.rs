//! Rank against frequency on log–log axes, with the fitted Zipf line f = C / rˢ.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::Axes;
use super::layout::{LabelPlacer, Rect};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};
use crate::terms::profile::ZipfFit;

/// Ranks drawn one by one; beyond, log-spaced ranks (the tail is a staircase of ties).
const EVERY_RANK: usize = 1000;
/// Log-spaced ranks drawn beyond [`EVERY_RANK`].
const TAIL_POINTS: usize = 2000;
/// Top-ranked terms labelled on the curve.
const LABELLED: usize = 8;

/// A rank–frequency table and its fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Zipf {
    /// (term, frequency), most frequent first.
    pub ranks: Vec<(String, u64)>,
    /// The least-squares fit of ln f on ln r.
    pub fit: ZipfFit,
}

/// "10", "100", "10³"…: a power of ten as a tick label.
pub(super) fn power_label(k: i32) -> String {
    if (0..=3).contains(&k) {
        return 10u64.pow(k as u32).to_string();
    }
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let digits: String = k
        .unsigned_abs()
        .to_string()
        .chars()
        .map(|d| SUP[d as usize - '0' as usize])
        .collect();
    format!("10{}{digits}", if k < 0 { "⁻" } else { "" })
}

impl Chart for Zipf {
    fn default_size(&self) -> (u32, u32) {
        (1000, 800)
    }

    fn default_title(&self) -> String {
        "Rank–frequency (Zipf) plot".into()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let n = self.ranks.len();
        if n == 0 {
            return theme::nothing(area, t, theme::whole(area), "no terms");
        }
        let f_max = self.ranks[0].1.max(1) as f64;
        let (lx_hi, ly_hi) = (
            (n as f64).log10().max(1.0).ceil(),
            f_max.log10().max(1.0).ceil(),
        );
        let (lx_lo, ly_lo) = (0.0, 0.0);
        let y_tick_w = theme::text_width("10⁰⁰", t.small) + 8.0;
        let (px0, py0) = (y_tick_w + Theme::em(t.text) * 1.8, Theme::em(t.text) * 0.5);
        let (px1, py1) = (w - f64::from(t.pad), h - Axes::below(t, t.text));
        let sx = |r: f64| px0 + (r.log10() - lx_lo) / (lx_hi - lx_lo) * (px1 - px0);
        let sy = |f: f64| py1 - (f.log10() - ly_lo) / (ly_hi - ly_lo) * (py1 - py0);
        // Ticks at powers of ten, placed by their exponent.
        let powers = |lo: f64, hi: f64| -> Vec<(f64, String)> {
            ((lo as i32)..=(hi as i32))
                .map(|k| (10f64.powi(k), power_label(k)))
                .collect()
        };
        let axes = Axes::new(px0, py0, px1, py1);
        axes.x_ticks(area, t, &powers(lx_lo, lx_hi), sx, true)?;
        axes.y_ticks(area, t, &powers(ly_lo, ly_hi), sy, true)?;
        axes.frame(area, t)?;
        axes.x_name(area, t, "rank", t.text)?;
        axes.y_name(area, t, "frequency")?;
        // The points: every rank up to EVERY_RANK, then log-spaced ranks.
        let mut shown: Vec<usize> = (1..=n.min(EVERY_RANK)).collect();
        if n > EVERY_RANK {
            let (a, b) = ((EVERY_RANK as f64).ln(), (n as f64).ln());
            for i in 1..=TAIL_POINTS {
                let r = (a + (b - a) * i as f64 / TAIL_POINTS as f64).exp().round() as usize;
                if r > *shown.last().unwrap_or(&0) {
                    shown.push(r.min(n));
                }
            }
        }
        let blue = theme::category(0);
        let mut placer = LabelPlacer::new(Rect::new(px0 + 2.0, py0 + 2.0, px1 - 2.0, py1 - 2.0));
        for &r in &shown {
            let (x, y) = (sx(r as f64), sy(self.ranks[r - 1].1.max(1) as f64));
            area.draw(&Circle::new(
                (x.round() as i32, y.round() as i32),
                3,
                blue.mix(0.7).filled(),
            ))?;
            if r <= 50 {
                placer.block(Rect::new(x - 3.0, y - 3.0, x + 3.0, y + 3.0));
            }
        }
        // The fitted line across the ranks.
        let fit = &self.fit;
        let red = theme::category(3);
        if fit.constant > 0.0 && fit.exponent.is_finite() {
            // From rank 1 to the last rank, stopping where the line leaves the axes.
            let line: Vec<(i32, i32)> = (0..=200)
                .map(|i| (n as f64).powf(i as f64 / 200.0))
                .map(|r| (r, fit.constant / r.powf(fit.exponent)))
                .take_while(|&(_, f)| f >= 10f64.powf(ly_lo))
                .filter(|&(_, f)| f <= 10f64.powf(ly_hi))
                .map(|(r, f)| (sx(r).round() as i32, sy(f).round() as i32))
                .collect();
            area.draw(&PathElement::new(
                line,
                ShapeStyle::from(&red).stroke_width(2),
            ))?;
            let note = format!(
                "Zipf fit f = C / rˢ: s = {:.2}, C = {:.1}, R² = {:.3}",
                fit.exponent, fit.constant, fit.r_squared
            );
            let nw = theme::text_width(&note, t.text);
            let (nx, ny) = (px1 - nw - 12.0, py0 + Theme::em(t.text) * 1.2);
            let half = Theme::em(t.text) * 0.8;
            placer.block(Rect::new(nx - 34.0, ny - half, px1, ny + half));
            // A white ground so grid lines do not run through the note.
            area.draw(&Rectangle::new(
                [
                    ((nx - 34.0) as i32, (ny - half) as i32),
                    ((px1 - 2.0) as i32, (ny + half) as i32),
                ],
                WHITE.filled(),
            ))?;
            area.draw(&PathElement::new(
                vec![
                    ((nx - 28.0) as i32, ny as i32),
                    ((nx - 6.0) as i32, ny as i32),
                ],
                ShapeStyle::from(&red).stroke_width(2),
            ))?;
            theme::draw_text(
                area,
                &note,
                (nx as i32, ny as i32),
                t.text,
                Align::Left,
                &t.ink,
            )?;
        }
        let lh = Theme::em(t.small) * 1.2;
        for (r, (term, f)) in self.ranks.iter().enumerate().take(LABELLED) {
            let (x, y) = (sx((r + 1) as f64), sy((*f).max(1) as f64));
            let lw = theme::text_width(term, t.small);
            if let Some(p) = placer.place((x, y), lw, lh, 6.0) {
                theme::draw_text(
                    area,
                    term,
                    (p.x as i32, p.y as i32),
                    t.small,
                    Align::Left,
                    &t.ink,
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_ten() {
        assert_eq!(power_label(0), "1");
        assert_eq!(power_label(3), "1000");
        assert_eq!(power_label(5), "10⁵");
        assert_eq!(power_label(12), "10¹²");
    }
}
