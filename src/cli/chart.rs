//! `--chart FILE` and its size and title options, shared by every analysis subcommand.

use std::path::PathBuf;

use anyhow::Result;
use tahlil::io::OutputSet;
use tahlil::plot::{render_for, Chart, ChartOptions, Format};

/// Draw the result as a chart.
#[derive(Debug, Clone, clap::Args)]
pub struct ChartArgs {
    /// Also draw the result as a chart: PNG or SVG, from the file name's extension
    /// (repeat for both: --chart a.png --chart a.svg).
    #[arg(long, value_name = "FILE", help_heading = "Chart")]
    pub chart: Vec<PathBuf>,
    /// Chart width in pixels (default: the chart's own).
    #[arg(long, value_name = "PX", requires = "chart", help_heading = "Chart")]
    pub width: Option<u32>,
    /// Chart height in pixels (default: the chart's own).
    #[arg(long, value_name = "PX", requires = "chart", help_heading = "Chart")]
    pub height: Option<u32>,
    /// Chart title (default: says what is drawn; "" for none).
    #[arg(long, value_name = "TEXT", requires = "chart", help_heading = "Chart")]
    pub title: Option<String>,
}

impl ChartArgs {
    /// Fails at once on a file name that is neither .png nor .svg, before any work.
    pub fn check(&self) -> Result<()> {
        for path in &self.chart {
            Format::from_path(path)?;
        }
        if self.wanted() {
            self.options().check().map_err(tahlil::Error::from)?;
        }
        Ok(())
    }

    /// Charts drawn to `paths` at their default size and title, as `--chart` gives them.
    pub fn files(paths: Vec<PathBuf>) -> Self {
        ChartArgs {
            chart: paths,
            width: None,
            height: None,
            title: None,
        }
    }

    /// The size and title options.
    pub fn options(&self) -> ChartOptions {
        ChartOptions {
            width: self.width,
            height: self.height,
            title: self.title.clone(),
        }
    }

    /// Whether a chart was asked for.
    pub fn wanted(&self) -> bool {
        !self.chart.is_empty()
    }

    /// Draws `chart` (built only when --chart was given) into each --chart file.
    pub fn draw<C: Chart>(&self, chart: impl FnOnce() -> Result<C>) -> Result<()> {
        let set = OutputSet::new();
        self.stage(&set, chart)?;
        Ok(set.commit()?)
    }

    /// [`ChartArgs::draw`] into `set`, with the other files of the result.
    pub fn stage<C: Chart>(
        &self,
        set: &OutputSet,
        chart: impl FnOnce() -> Result<C>,
    ) -> Result<()> {
        if !self.wanted() {
            return Ok(());
        }
        let chart = chart()?;
        for path in &self.chart {
            let bytes = render_for(&chart, path, &self.options())?;
            set.write(path, |w| w.write_all(&bytes))?;
        }
        Ok(())
    }
}
