//! A plotting rectangle and what charts draw around it: frame, grid lines, tick labels
//! and axis names, the same way in every chart.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::{tick_label, ticks};
use super::theme::{self, Align, Theme};
use super::DrawResult;

/// The data area of a chart, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axes {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

/// Round ticks over `[lo, hi]` (at most `max`) with their labels.
pub fn round_ticks(lo: f64, hi: f64, max: usize) -> Vec<(f64, String)> {
    let tk = ticks(lo, hi, max);
    let step = if tk.len() > 1 {
        tk[1] - tk[0]
    } else {
        (hi - lo).abs()
    };
    tk.into_iter().map(|v| (v, tick_label(v, step))).collect()
}

impl Axes {
    /// The area between `(x0, y0)` and `(x1, y1)`.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Axes {
        Axes { x0, y0, x1, y1 }
    }

    /// A thin frame around the area.
    pub fn frame<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: &Theme,
    ) -> DrawResult {
        area.draw(&Rectangle::new(
            [
                (self.x0 as i32, self.y0 as i32),
                (self.x1 as i32, self.y1 as i32),
            ],
            ShapeStyle::from(&t.muted),
        ))?;
        Ok(())
    }

    /// Labels under the area at pixel columns `at` (from `to_px`), with vertical grid lines
    /// when `grid`.
    pub fn x_ticks<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: &Theme,
        at: &[(f64, String)],
        to_px: impl Fn(f64) -> f64,
        grid: bool,
    ) -> DrawResult {
        for (v, label) in at {
            let x = to_px(*v) as i32;
            if grid {
                area.draw(&PathElement::new(
                    vec![(x, self.y0 as i32), (x, self.y1 as i32)],
                    ShapeStyle::from(&t.grid),
                ))?;
            }
            let y = (self.y1 + Theme::em(t.small) * 0.9) as i32;
            theme::draw_text(area, label, (x, y), t.small, Align::Center, &t.muted)?;
        }
        Ok(())
    }

    /// Labels left of the area at pixel rows `at` (from `to_px`), with horizontal grid
    /// lines when `grid`.
    pub fn y_ticks<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: &Theme,
        at: &[(f64, String)],
        to_px: impl Fn(f64) -> f64,
        grid: bool,
    ) -> DrawResult {
        for (v, label) in at {
            let y = to_px(*v) as i32;
            if grid {
                area.draw(&PathElement::new(
                    vec![(self.x0 as i32, y), (self.x1 as i32, y)],
                    ShapeStyle::from(&t.grid),
                ))?;
            }
            let x = (self.x0 - 6.0) as i32;
            theme::draw_text(area, label, (x, y), t.small, Align::Right, &t.muted)?;
        }
        Ok(())
    }

    /// The x-axis name, centred below the tick labels, cut to the area's width.
    pub fn x_name<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: &Theme,
        name: &str,
        size: f64,
    ) -> DrawResult {
        let name = theme::fit(name, size, self.x1 - self.x0);
        let y = self.y1 + Theme::em(t.small) * 1.8 + Theme::em(size) * 0.8;
        let x = (self.x0 + self.x1) / 2.0;
        theme::draw_text(
            area,
            &name,
            (x as i32, y as i32),
            size,
            Align::Center,
            &t.ink,
        )
    }

    /// The y-axis name, reading upwards along the left edge of the canvas.
    pub fn y_name<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        t: &Theme,
        name: &str,
    ) -> DrawResult {
        let x = Theme::em(t.text) * 0.7;
        let y = (self.y0 + self.y1) / 2.0;
        theme::draw_text(
            area,
            name,
            (x as i32, y as i32),
            t.text,
            Align::UpCentre,
            &t.ink,
        )
    }

    /// Height taken below the area by tick labels and a name of `size`.
    pub fn below(t: &Theme, size: f64) -> f64 {
        Theme::em(t.small) * 1.8 + Theme::em(size) * 1.5
    }
}
