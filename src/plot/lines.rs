//! Line charts: one or more series of (x, y) points, on linear or logarithmic axes,
//! with markers and a legend. Benchmark curves (throughput and memory against corpus
//! size, speed-up against threads) and any table of measurements drawn with `tahlil plot`.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{round_ticks, Axes};
use super::theme::{self, Align, Theme};
use super::{Chart, DrawResult};

/// How an axis maps values to pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// Equal steps for equal differences (a y axis starts at zero when every value is
    /// positive).
    #[default]
    Linear,
    /// Equal steps for equal ratios (values must be positive).
    Log,
}

/// One named line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend.
    pub name: String,
    /// Points, drawn in this order.
    pub points: Vec<(f64, f64)>,
    /// Drawn dashed and grey, without markers (an ideal or reference line).
    pub reference: bool,
}

impl Series {
    /// A series of measured points.
    pub fn new(name: &str, points: Vec<(f64, f64)>) -> Series {
        Series {
            name: name.to_owned(),
            points,
            reference: false,
        }
    }
}

/// Several series on shared axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    /// The lines, in legend order.
    pub series: Vec<Series>,
    /// Name of the x axis.
    pub x_name: String,
    /// Name of the y axis.
    pub y_name: String,
    /// Scale of the x axis.
    pub x_scale: Scale,
    /// Scale of the y axis.
    pub y_scale: Scale,
    /// The default title.
    pub title: String,
    /// Names of the x values 0, 1, 2, …, shown as the x axis's ticks
    /// instead of numbers (periods of time: `2017-01`, `2017-02`, …).
    pub x_labels: Option<Vec<String>>,
}

/// A tick label for a log axis: plain digits up to 10⁵, then a power of ten.
fn log_label(v: f64) -> String {
    if (1e-4..1e5).contains(&v) {
        let s = format!("{v:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        return s.to_owned();
    }
    super::zipf::power_label(v.log10().round() as i32)
}

/// Ticks of a log axis over `[lo, hi]`: 1, 2, 5 × 10ᵏ when the range is short, powers of
/// ten when it is long.
fn log_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let steps: &[f64] = if b - a <= 3 { &[1.0, 2.0, 5.0] } else { &[1.0] };
    let mut out = Vec::new();
    for k in a..=b {
        for m in steps {
            let v = m * 10f64.powi(k);
            if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                out.push((v, log_label(v)));
            }
        }
    }
    out
}

/// Tick values and their labels.
type Ticks = Vec<(f64, String)>;

/// The range an axis shows for `values` (finite, and positive on a log axis), and its ticks.
fn axis(values: &[f64], scale: Scale, from_zero: bool) -> Option<((f64, f64), Ticks)> {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    match scale {
        Scale::Linear => {
            let lo = if lo > 0.0 && from_zero { 0.0 } else { lo };
            let hi = if hi > lo { hi } else { lo + 1.0 };
            let ticks = round_ticks(lo, hi, 6);
            // Round the top up to the next tick so the highest point sits inside.
            let step = if ticks.len() > 1 {
                ticks[1].0 - ticks[0].0
            } else {
                hi - lo
            };
            let (bottom, top) = ((lo / step).floor() * step, (hi / step).ceil() * step);
            Some(((bottom, top), round_ticks(bottom, top, 6)))
        }
        Scale::Log => {
            // A little room above and below, so points are not drawn on the frame.
            let (lo, hi) = (lo / 1.25, hi * 1.25);
            let (lo, hi) = if hi / lo < 10.0 {
                let mid = (lo * hi).sqrt();
                (mid / 10f64.sqrt(), mid * 10f64.sqrt())
            } else {
                (lo, hi)
            };
            Some(((lo, hi), log_ticks(lo, hi)))
        }
    }
}

/// The x axis of named values 0..n: every label when at most 12 fit,
/// else every k-th, with half a step of room at each end.
fn named_ticks(labels: &[String]) -> Option<((f64, f64), Ticks)> {
    if labels.is_empty() {
        return None;
    }
    let step = labels.len().div_ceil(12);
    let ticks = labels
        .iter()
        .enumerate()
        .step_by(step)
        .map(|(i, l)| (i as f64, l.clone()))
        .collect();
    Some(((-0.5, labels.len() as f64 - 0.5), ticks))
}

impl Lines {
    /// Draws the chart into the whole of `area` (a canvas or a panel of one).
    pub fn draw_in<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: &Theme,
    ) -> DrawResult {
        let usable = |v: f64, s: Scale| v.is_finite() && (s == Scale::Linear || v > 0.0);
        let points = |s: &Series| -> Vec<(f64, f64)> {
            s.points
                .iter()
                .copied()
                .filter(|&(x, y)| usable(x, self.x_scale) && usable(y, self.y_scale))
                .collect()
        };
        let all: Vec<(f64, f64)> = self.series.iter().flat_map(points).collect();
        let (xs, ys): (Vec<f64>, Vec<f64>) = all.iter().copied().unzip();
        let x_axis = match &self.x_labels {
            Some(labels) => named_ticks(labels),
            None => axis(&xs, self.x_scale, false),
        };
        let (Some(((x_lo, x_hi), x_ticks)), Some(((y_lo, y_hi), y_ticks))) =
            (x_axis, axis(&ys, self.y_scale, true))
        else {
            return theme::nothing(area, t, theme::whole(area), "no points to draw");
        };
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let widest = y_ticks
            .iter()
            .map(|(_, l)| theme::text_width(l, t.small))
            .fold(0.0, f64::max);
        let (px0, py0) = (
            widest + 8.0 + Theme::em(t.text) * 1.8,
            Theme::em(t.text) * 0.5,
        );
        let (px1, py1) = (w - f64::from(t.pad), h - Axes::below(t, t.text));
        let to = |v: f64, lo: f64, hi: f64, s: Scale| match s {
            Scale::Linear => (v - lo) / (hi - lo),
            Scale::Log => (v.ln() - lo.ln()) / (hi.ln() - lo.ln()),
        };
        let sx = |x: f64| px0 + to(x, x_lo, x_hi, self.x_scale) * (px1 - px0);
        let sy = |y: f64| py1 - to(y, y_lo, y_hi, self.y_scale) * (py1 - py0);
        let axes = Axes::new(px0, py0, px1, py1);
        axes.x_ticks(area, t, &x_ticks, sx, true)?;
        axes.y_ticks(area, t, &y_ticks, sy, true)?;
        axes.frame(area, t)?;
        axes.x_name(area, t, &self.x_name, t.text)?;
        axes.y_name(area, t, &self.y_name)?;
        let px = |(x, y): (f64, f64)| (sx(x).round() as i32, sy(y).round() as i32);
        let mut colour = 0;
        let mut legend = Vec::new();
        for s in &self.series {
            let pts: Vec<(i32, i32)> = points(s).into_iter().map(px).collect();
            if s.reference {
                let style = ShapeStyle::from(&t.muted).stroke_width(2);
                for pair in pts.windows(2) {
                    // Dashes by hand: plotters' dashed lines are not in its 0.3 API.
                    let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                    let len = f64::from((x1 - x0).pow(2) + (y1 - y0).pow(2)).sqrt();
                    let dashes = (len / 12.0).ceil().max(1.0) as i32;
                    for d in (0..dashes).step_by(2) {
                        let a = |k: i32| (x0 + (x1 - x0) * k / dashes, y0 + (y1 - y0) * k / dashes);
                        area.draw(&PathElement::new(vec![a(d), a(d + 1)], style))?;
                    }
                }
                legend.push((s.name.as_str(), t.muted, true));
                continue;
            }
            let c = theme::category(colour);
            colour += 1;
            area.draw(&PathElement::new(
                pts.clone(),
                ShapeStyle::from(&c).stroke_width(3),
            ))?;
            for &p in &pts {
                area.draw(&Circle::new(p, 5, c.filled()))?;
                area.draw(&Circle::new(p, 5, ShapeStyle::from(&WHITE).stroke_width(1)))?;
            }
            legend.push((s.name.as_str(), c, false));
        }
        // The legend in the top-left corner, on white so grid lines do not cross it.
        let lh = Theme::em(t.small) * 1.4;
        let lw = legend
            .iter()
            .map(|(n, ..)| theme::text_width(n, t.small))
            .fold(0.0, f64::max)
            + 44.0;
        let (lx, ly) = (px0 + 10.0, py0 + 8.0);
        if !legend.is_empty() && lx + lw < px1 {
            area.draw(&Rectangle::new(
                [
                    (lx as i32, ly as i32),
                    (
                        (lx + lw) as i32,
                        (ly + lh * legend.len() as f64 + 6.0) as i32,
                    ),
                ],
                ShapeStyle::from(&WHITE.mix(0.9)).filled(),
            ))?;
            for (i, (name, c, dashed)) in legend.iter().enumerate() {
                let y = (ly + 3.0 + lh * (i as f64 + 0.5)) as i32;
                let x = lx as i32 + 6;
                if *dashed {
                    let style = ShapeStyle::from(c).stroke_width(2);
                    area.draw(&PathElement::new(vec![(x, y), (x + 8, y)], style))?;
                    area.draw(&PathElement::new(vec![(x + 16, y), (x + 24, y)], style))?;
                } else {
                    let style = ShapeStyle::from(c).stroke_width(3);
                    area.draw(&PathElement::new(vec![(x, y), (x + 24, y)], style))?;
                    area.draw(&Circle::new((x + 12, y), 5, c.filled()))?;
                }
                theme::draw_text(area, name, (x + 32, y), t.small, Align::Left, &t.ink)?;
            }
        }
        Ok(())
    }
}

impl Chart for Lines {
    fn default_size(&self) -> (u32, u32) {
        (1000, 700)
    }

    fn default_title(&self) -> String {
        self.title.clone()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        self.draw_in(area, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_are_one_two_five_on_short_ranges_and_powers_on_long_ones() {
        let v: Vec<String> = log_ticks(0.8, 60.0).into_iter().map(|t| t.1).collect();
        assert_eq!(v, ["1", "2", "5", "10", "20", "50"]);
        let v: Vec<String> = log_ticks(0.5, 2e6).into_iter().map(|t| t.1).collect();
        assert_eq!(v, ["1", "10", "100", "1000", "10000", "10⁵", "10⁶"]);
        assert_eq!(log_label(0.05), "0.05");
    }

    #[test]
    fn linear_axes_start_at_zero_for_positive_values_and_end_on_a_tick() {
        let ((lo, hi), ticks) = axis(&[3.0, 17.0], Scale::Linear, true).unwrap();
        assert_eq!((lo, hi), (0.0, 20.0));
        assert_eq!(ticks.last().unwrap().0, 20.0);
        assert!(axis(&[], Scale::Linear, true).is_none());
        assert_eq!(
            axis(&[1.0, 4.0], Scale::Linear, false).unwrap().0,
            (1.0, 4.0)
        );
    }
}
