//! Charts: every analysis drawn as PNG or SVG, with Arabic labels shaped and ordered right.
//!
//! Each chart is a value that implements [`Chart`]: it holds the numbers to draw and one
//! drawing function generic over the plotters backend, so the same body renders the PNG
//! ([`backend::PngBackend`]) and the SVG ([`backend::SvgBackend`]). [`save`] picks the
//! format from the file name and writes atomically. Text goes through [`text`]: PNG labels
//! are shaped and reordered before they are rasterized with the embedded [`font`], SVG
//! labels stay in logical order for the browser to shape with that font.
//!
//! The charts: [`heatmap::Heatmap`] (similarity matrix in dendrogram order),
//! [`dendrogram::Dendrogram`], [`bars::Bars`] (top terms, per document or per topic, as
//! small multiples), [`keyness::KeynessBars`], [`scatter::Scatter`] (document map),
//! [`network::Network`] (co-occurrence and collocation graphs), [`zipf::Zipf`],
//! [`dispersion::Dispersion`], [`lines::Lines`] (measurements against a size or a thread
//! count); the benchmark's chart is [`crate::bench::chart`].
//!
//! ```
//! use tahlil::plot::{bars::{Bars, Panel}, render_svg, ChartOptions};
//! let chart = Bars::single(
//!     Panel::new("", vec![("داعش".into(), 12.0), ("القاعدة".into(), 9.0)]),
//!     "frequency",
//! );
//! let svg = render_svg(&chart, &ChartOptions::default())?;
//! assert!(svg.contains("\u{2068}داعش\u{2069}"));
//! # Ok::<(), tahlil::Error>(())
//! ```

pub mod axes;
pub mod backend;
pub mod bars;
pub mod dendrogram;
pub mod dispersion;
pub mod font;
pub mod heatmap;
pub mod keyness;
pub mod layout;
pub mod lines;
pub mod network;
pub mod scatter;
pub mod text;
pub mod theme;
pub mod zipf;

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{Error, ParamError, Result};
use crate::params::Valid;
use theme::Theme;

/// A chart file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Portable Network Graphics, RGB.
    Png,
    /// Scalable Vector Graphics with the font embedded.
    Svg,
}

impl Format {
    /// The format named by `path`'s extension (`.png` or `.svg`, any case).
    pub fn from_path(path: &Path) -> Result<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            _ => Err(ParamError::ChartFormat(path.display().to_string()).into()),
        }
    }
}

/// Size and title of a chart; `None` means the chart's own default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartOptions {
    /// Width in pixels.
    pub width: Option<u32>,
    /// Height in pixels.
    pub height: Option<u32>,
    /// Title drawn at the top (an empty string draws none).
    pub title: Option<String>,
}

/// The smallest and largest side accepted, in pixels.
pub const SIZE_LIMITS: (u32, u32) = (200, 16_000);

impl ChartOptions {
    /// Checks the sizes given: a front calls it before any work, so a bad
    /// size fails at once rather than after the analysis.
    pub fn check(&self) -> Result<Valid<ChartOptions>, ParamError> {
        for (name, v) in [("width", self.width), ("height", self.height)] {
            if let Some(v) = v {
                check_side(name, v)?;
            }
        }
        Ok(Valid::checked(self.clone()))
    }

    fn size(&self, chart: &impl Chart) -> Result<(u32, u32)> {
        let (w, h) = chart.default_size();
        let (w, h) = (self.width.unwrap_or(w), self.height.unwrap_or(h));
        check_side("width", w)?;
        check_side("height", h)?;
        Ok((w, h))
    }
}

fn check_side(name: &'static str, v: u32) -> Result<(), ParamError> {
    if (SIZE_LIMITS.0..=SIZE_LIMITS.1).contains(&v) {
        Ok(())
    } else {
        Err(ParamError::ChartSize { name, value: v })
    }
}

/// Why drawing failed: a backend error, as text (they carry no data worth keeping).
#[derive(Debug)]
pub struct DrawError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// The result of a drawing function.
pub type DrawResult = std::result::Result<(), DrawError>;

/// A chart: the data to draw and one drawing function for every backend.
pub trait Chart {
    /// Width and height in pixels when the user gives none.
    fn default_size(&self) -> (u32, u32);
    /// Title when the user gives none.
    fn default_title(&self) -> String;
    /// Draws the chart body into `area` (the canvas below the title).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>, theme: &Theme) -> DrawResult;
}

fn draw_all<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    chart: &impl Chart,
    title: &str,
) -> DrawResult {
    let (w, h) = root.dim_in_pixel();
    let theme = Theme::new(w, h);
    root.fill(&WHITE)?;
    let body = if title.is_empty() {
        root.margin(theme.pad, theme.pad, theme.pad, theme.pad)
    } else {
        let band = theme.title_band();
        let (top, rest) = root.split_vertically(band);
        theme::draw_text(
            &top,
            title,
            (w as i32 / 2, band as i32 / 2 + theme.pad as i32 / 2),
            theme.title,
            theme::Align::Center,
            &theme.ink,
        )?;
        rest.margin(0, theme.pad, theme.pad, theme.pad)
    };
    chart.draw(&body, &theme)?;
    root.present()?;
    Ok(())
}

fn title_of(chart: &impl Chart, options: &ChartOptions) -> String {
    options
        .title
        .clone()
        .unwrap_or_else(|| chart.default_title())
}

fn chart_error(e: DrawError) -> Error {
    Error::Chart(e.0)
}

/// The chart as a PNG file's bytes.
pub fn render_png(chart: &impl Chart, options: &ChartOptions) -> Result<Vec<u8>> {
    font::register();
    let (w, h) = options.size(chart)?;
    let mut rgb = vec![0u8; 3 * w as usize * h as usize];
    {
        let root = DrawingArea::from(backend::PngBackend::new(&mut rgb, (w, h)));
        draw_all(root, chart, &title_of(chart, options)).map_err(chart_error)?;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| Error::Chart(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| Error::Chart(e.to_string()))?;
    }
    Ok(out)
}

/// The chart as an SVG document, with the font embedded.
pub fn render_svg(chart: &impl Chart, options: &ChartOptions) -> Result<String> {
    font::register();
    let size = options.size(chart)?;
    let mut svg = String::new();
    {
        let root = DrawingArea::from(backend::SvgBackend::new(&mut svg, size));
        draw_all(root, chart, &title_of(chart, options)).map_err(chart_error)?;
    }
    Ok(backend::embed_font(&svg))
}

/// A chart rendered as SVG for a notebook.
///
/// Jupyter's Rust kernel, evcxr, shows the value a cell ends with by calling its
/// `evcxr_display` method when it has one; this one hands the kernel the SVG as an
/// `image/svg+xml` output, so a cell that ends with `plot::inline(&chart, &options)?`
/// draws the chart under it (see `notebooks/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    /// The SVG document, font embedded.
    pub svg: String,
}

impl Inline {
    /// Prints the SVG between the markers evcxr reads a rich output from.
    pub fn evcxr_display(&self) {
        println!("{}", self.evcxr_content());
    }

    fn evcxr_content(&self) -> String {
        format!(
            "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT",
            self.svg
        )
    }
}

/// The chart as an [`Inline`] SVG, to show in a notebook.
pub fn inline(chart: &impl Chart, options: &ChartOptions) -> Result<Inline> {
    Ok(Inline {
        svg: render_svg(chart, options)?,
    })
}

/// Renders the chart in the format `path` names and writes it atomically.
pub fn save(chart: &impl Chart, path: &Path, options: &ChartOptions) -> Result<()> {
    let bytes = render_for(chart, path, options)?;
    crate::io::write_atomic(path, |w| w.write_all(&bytes))
}

/// Renders the chart in the format `path` names (PNG or SVG), errors naming `path`.
pub fn render_for(chart: &impl Chart, path: &Path, options: &ChartOptions) -> Result<Vec<u8>> {
    let named = |e: Error| match e {
        Error::Chart(m) => Error::Chart(format!("{}: {m}", path.display())),
        e => e,
    };
    Ok(match Format::from_path(path)? {
        Format::Png => render_png(chart, options).map_err(named)?,
        Format::Svg => render_svg(chart, options).map_err(named)?.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::bars::{Bars, Panel};
    use super::*;

    #[test]
    fn inline_hands_evcxr_the_svg_between_its_markers() {
        let chart = Bars::single(Panel::new("", vec![("القاعدة".into(), 3.0)]), "count");
        let shown = inline(&chart, &ChartOptions::default()).unwrap();
        assert_eq!(
            shown.svg,
            render_svg(&chart, &ChartOptions::default()).unwrap()
        );
        let content = shown.evcxr_content();
        let body = content
            .strip_prefix("EVCXR_BEGIN_CONTENT image/svg+xml\n")
            .and_then(|s| s.strip_suffix("\nEVCXR_END_CONTENT"))
            .expect("the markers evcxr looks for");
        assert!(body.starts_with("<svg"), "{}", &body[..40]);
        assert!(body.contains("القاعدة"));
    }
}
