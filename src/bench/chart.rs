//! The chart of `tahlil bench`: where the vectorizer's time goes, and how it scales.
//!
//! Left, one bar panel per thread count: the median time of every stage and of the
//! fused `vectorize` run, in milliseconds, all panels on one scale so thread counts
//! compare at a glance. Right (with two or more thread counts): the speed-up of the
//! fused run and of the parallel stages against threads, beside the ideal line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{BenchReport, STAGES};
use crate::plot::bars::{draw_panel_to, Panel};
use crate::plot::lines::{Lines, Scale, Series};
use crate::plot::theme::{self, Theme};
use crate::plot::{Chart, DrawResult};

/// Stage times and thread scaling of one benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct StageChart {
    /// One panel per thread count: (stage, median milliseconds).
    pub panels: Vec<Panel>,
    /// Speed-up against threads, when more than one thread count was measured.
    pub scaling: Option<Lines>,
    /// The default title.
    pub title: String,
}

/// Stages whose speed-up is drawn: the fused total and the parallel stages.
const SCALED: [&str; 6] = [
    "vectorize",
    "normalize",
    "tokenize",
    "segment",
    "fold+filter",
    "count",
];

impl StageChart {
    /// The chart of `report`.
    pub fn new(report: &BenchReport) -> StageChart {
        let mut threads = report.threads.clone();
        threads.sort_unstable();
        threads.dedup();
        let panels = threads
            .iter()
            .map(|&t| {
                let items = STAGES
                    .iter()
                    .filter_map(|&stage| {
                        report
                            .stage(stage, t)
                            .map(|s| (stage.to_owned(), s.median * 1e3))
                    })
                    .collect();
                let name = format!("{t} thread{}", if t == 1 { "" } else { "s" });
                Panel::new(&name, items)
            })
            .collect();
        let scaling = (threads.len() > 1).then(|| {
            let mut series: Vec<Series> = SCALED
                .iter()
                .map(|&stage| {
                    let points = threads
                        .iter()
                        .filter_map(|&t| report.stage(stage, t).map(|s| (t as f64, s.speedup)))
                        .collect();
                    Series::new(stage, points)
                })
                .collect();
            let base = threads[0] as f64;
            series.push(Series {
                name: "ideal".into(),
                points: threads
                    .iter()
                    .map(|&t| (t as f64, t as f64 / base))
                    .collect(),
                reference: true,
            });
            Lines {
                series,
                x_name: "threads".into(),
                y_name: format!(
                    "speed-up over {} thread{}",
                    threads[0],
                    if threads[0] == 1 { "" } else { "s" }
                ),
                x_scale: Scale::Linear,
                y_scale: Scale::Linear,
                title: String::new(),
                x_labels: None,
            }
        });
        let c = &report.corpus;
        StageChart {
            panels,
            scaling,
            title: format!(
                "tahlil bench: {:.1} MB, {} documents, median of {} runs",
                c.bytes as f64 / 1e6,
                c.documents,
                report.runs
            ),
        }
    }
}

impl Chart for StageChart {
    fn default_size(&self) -> (u32, u32) {
        let rows = self.panels.len().max(1) as u32;
        (
            if self.scaling.is_some() { 1400 } else { 900 },
            (200 + 300 * rows).clamp(600, 1600),
        )
    }

    fn default_title(&self) -> String {
        self.title.clone()
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, t: &Theme) -> DrawResult {
        if self.panels.is_empty() {
            return theme::nothing(area, t, theme::whole(area), "no stages were timed");
        }
        let (w, h) = area.dim_in_pixel();
        let (bars, lines) = match &self.scaling {
            Some(_) => {
                let (l, r) = area.split_horizontally(w * 11 / 20);
                (l, Some(r))
            }
            None => (area.clone(), None),
        };
        // One scale for every panel: the longest bar of all sets it.
        let max = self
            .panels
            .iter()
            .flat_map(|p| p.items.iter().map(|(_, v)| *v))
            .fold(0.0, f64::max);
        let (bw, _) = bars.dim_in_pixel();
        let rows = self.panels.len();
        let ph = f64::from(h) / rows as f64;
        for (i, p) in self.panels.iter().enumerate() {
            let y0 = ph * i as f64;
            let measure = if i + 1 == rows { "median time, ms" } else { "" };
            draw_panel_to(
                &bars,
                t,
                (
                    0.0,
                    y0,
                    f64::from(bw) - f64::from(t.pad),
                    y0 + ph - f64::from(t.pad) / 2.0,
                ),
                p,
                measure,
                &theme::category(i),
                Some(max),
            )?;
        }
        if let (Some(area), Some(lines)) = (lines, &self.scaling) {
            lines.draw_in(&area, t)?;
        }
        Ok(())
    }
}
