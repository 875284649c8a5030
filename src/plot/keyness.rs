//! Keyness as two-sided bars, as quanteda's `textplot_keyness`: the target's key terms
//! extend right, the reference's (negative keyness) extend left, each labelled on the
//! other side of the zero line, where its row is empty, so labels never cover bars.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{round_ticks, Axes};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};

/// One comparison: signed scores, largest first.
#[derive(Debug, Clone, PartialEq)]
pub struct KeynessPanel {
    /// What the target is (a document id or a group name).
    pub target: String,
    /// Terms and their signed keyness: the top positives, then the most negative.
    pub rows: Vec<(String, f64)>,
}

impl KeynessPanel {
    /// The `n` most positive and `n` most negative of `scored` (any order).
    pub fn top(target: &str, scored: impl IntoIterator<Item = (String, f64)>, n: usize) -> Self {
        let mut all: Vec<(String, f64)> =
            scored.into_iter().filter(|(_, v)| v.is_finite()).collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let positive = all.iter().filter(|(_, v)| *v > 0.0).take(n).cloned();
        let negative: Vec<_> = all
            .iter()
            .rev()
            .filter(|(_, v)| *v < 0.0)
            .take(n)
            .cloned()
            .collect();
        let rows = positive.chain(negative.into_iter().rev()).collect();
        KeynessPanel {
            target: target.to_owned(),
            rows,
        }
    }
}

/// One or more keyness comparisons, side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct KeynessBars {
    /// The comparisons.
    pub panels: Vec<KeynessPanel>,
    /// The measure's name, e.g. `chi2`.
    pub measure: String,
}

impl Chart for KeynessBars {
    fn default_size(&self) -> (u32, u32) {
        let cols = self.panels.len().clamp(1, 3) as u32;
        let rows = self.panels.len().div_ceil(3).max(1) as u32;
        let most = self.panels.iter().map(|p| p.rows.len()).max().unwrap_or(1) as u32;
        (
            (cols * 600).max(900),
            (rows * (most * 28 + 150)).clamp(400, 6000),
        )
    }

    fn default_title(&self) -> String {
        format!("Keyness ({}): target against reference", self.measure)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let pad = f64::from(t.pad);
        let cols = self.panels.len().clamp(1, 3);
        let rows = self.panels.len().div_ceil(cols).max(1);
        let pw = (w - pad * (cols - 1) as f64) / cols as f64;
        let ph = (h - pad * (rows - 1) as f64) / rows as f64;
        for (i, p) in self.panels.iter().enumerate() {
            let x0 = (i % cols) as f64 * (pw + pad);
            let y0 = (i / cols) as f64 * (ph + pad);
            draw_panel(area, t, (x0, y0, x0 + pw, y0 + ph), p, &self.measure)?;
        }
        Ok(())
    }
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &Theme,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    p: &KeynessPanel,
    measure: &str,
) -> DrawResult {
    let (target_c, reference_c) = (theme::category(0), theme::category(1));
    // Legend: a swatch and name for each side.
    let legend_h = Theme::em(t.text) * 1.8;
    let sw = Theme::em(t.text) * 0.8;
    let half = (x1 - x0) / 2.0;
    let names = [
        (format!("target: {}", p.target), target_c, x0),
        ("reference: the rest".to_owned(), reference_c, x0 + half),
    ];
    for (name, c, lx) in &names {
        let cy = y0 + legend_h / 2.0;
        area.draw(&Rectangle::new(
            [
                (*lx as i32, (cy - sw / 2.0) as i32),
                ((lx + sw) as i32, (cy + sw / 2.0) as i32),
            ],
            c.filled(),
        ))?;
        let name = theme::fit(name, t.text, half - sw - 12.0);
        theme::draw_text(
            area,
            &name,
            ((lx + sw + 6.0) as i32, cy as i32),
            t.text,
            Align::Left,
            &t.ink,
        )?;
    }
    let top = y0 + legend_h + f64::from(t.pad) / 2.0;
    let axis_band = Theme::em(t.small) * 3.8;
    let bottom = y1 - axis_band;
    let k = p.rows.len();
    if k == 0 || bottom <= top {
        return theme::nothing(area, t, (x0, top, x1, y1), "no terms");
    }
    let row = (bottom - top) / k as f64;
    let Some(size) = theme::size_for_rows(t.text, row) else {
        return Ok(());
    };
    let max_label = (x1 - x0) * 0.35;
    let labels: Vec<String> = p
        .rows
        .iter()
        .map(|(l, _)| theme::fit(l, size, max_label))
        .collect();
    let gap = 6.0;
    let width_of = |positive: bool| {
        p.rows
            .iter()
            .zip(&labels)
            .filter(|((_, v), _)| (*v > 0.0) == positive)
            .map(|(_, l)| theme::text_width(l, size) + gap * 2.0)
            .fold(0.0, f64::max)
    };
    // Positive rows are labelled left of zero, negative rows right of it.
    let (need_left, need_right) = (width_of(true), width_of(false));
    let max_pos = p.rows.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let max_neg = p.rows.iter().map(|(_, v)| -*v).fold(0.0, f64::max);
    let span = x1 - x0;
    // The largest scale at which bars and labels both fit on their sides.
    let fits = |s: f64| (max_neg * s).max(need_left) + (max_pos * s).max(need_right) <= span;
    let (mut lo, mut hi) = (0.0, span / (max_pos + max_neg).max(f64::MIN_POSITIVE));
    for _ in 0..50 {
        let mid = (lo + hi) / 2.0;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let s = lo;
    let zero = x0 + (max_neg * s).max(need_left);
    let x_of = |v: f64| zero + v * s;
    // Grid and axis.
    let (vmin, vmax) = (
        (x0 - zero) / s.max(f64::MIN_POSITIVE),
        (x1 - zero) / s.max(f64::MIN_POSITIVE),
    );
    let axes = Axes::new(x0, top, x1, bottom);
    let most = ((x1 - x0) / 90.0).max(2.0) as usize;
    axes.x_ticks(area, t, &round_ticks(vmin, vmax, most), x_of, true)?;
    axes.x_name(
        area,
        t,
        &format!("{measure} (positive: key in the target)"),
        t.small,
    )?;
    for (i, ((_, v), label)) in p.rows.iter().zip(&labels).enumerate() {
        let cy = top + (i as f64 + 0.5) * row;
        let hh = row * 0.36;
        let c = if *v >= 0.0 { target_c } else { reference_c };
        let (a, b) = (x_of(0.0).min(x_of(*v)), x_of(0.0).max(x_of(*v)));
        area.draw(&Rectangle::new(
            [
                (a.round() as i32, (cy - hh) as i32),
                (b.round() as i32, (cy + hh) as i32),
            ],
            c.filled(),
        ))?;
        let (lx, align) = if *v >= 0.0 {
            (zero - gap, Align::Right)
        } else {
            (zero + gap, Align::Left)
        };
        theme::draw_text(area, label, (lx as i32, cy as i32), size, align, &t.ink)?;
    }
    area.draw(&PathElement::new(
        vec![(zero as i32, top as i32), (zero as i32, bottom as i32)],
        ShapeStyle::from(&t.ink),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_takes_both_ends() {
        let scored = [
            ("a", 5.0),
            ("b", -3.0),
            ("c", 1.0),
            ("d", -7.0),
            ("e", 0.0),
            ("f", 2.0),
        ]
        .map(|(t, v)| (t.to_string(), v));
        let p = KeynessPanel::top("x", scored, 2);
        let got: Vec<(&str, f64)> = p.rows.iter().map(|(t, v)| (t.as_str(), *v)).collect();
        assert_eq!(got, vec![("a", 5.0), ("f", 2.0), ("b", -3.0), ("d", -7.0)]);
    }
}
