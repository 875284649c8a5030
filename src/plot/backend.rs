//! The two drawing backends: plotters' bitmap and SVG backends with tahlil's text.
//!
//! Both wrap a plotters backend and change only text. [`PngBackend`] rasterizes labels
//! itself with the embedded font, after [`visual`] has shaped and reordered them: plotters'
//! own ab_glyph path drops each glyph's side bearing, which breaks the joins of Arabic
//! letters. [`SvgBackend`] writes the logical string, isolated, and the viewer shapes it
//! with the font embedded by [`embed_font`]. Both measure text the same way, on the
//! shaped string, so a chart is laid out identically in either format.

use std::sync::OnceLock;

use ab_glyph::{point, Font, ScaleFont};
use base64::Engine;
use plotters::prelude::{BitMapBackend, SVGBackend};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};

use super::font;
use super::text::{isolate, visual};

/// Where the baseline sits below the anchor, in ems, for each vertical anchor: the
/// offsets plotters' SVG backend writes (`dy` of 0.76em, 0.5ex, −0.5ex; the font's
/// x-height is 0.536 em), so PNG and SVG text land in the same place.
fn baseline(v: VPos) -> f32 {
    match v {
        VPos::Top => 0.76,
        VPos::Center => 0.268,
        VPos::Bottom => -0.268,
    }
}

/// Text size as plotters lays it out: shaped width, one em high.
fn measure(text: &str, size: f64) -> (u32, u32) {
    let em = font::em(size);
    (
        font::width(&visual(text), em).ceil() as u32,
        em.ceil() as u32,
    )
}

macro_rules! delegate_drawing {
    () => {
        fn get_size(&self) -> (u32, u32) {
            self.inner.get_size()
        }
        fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.ensure_prepared()
        }
        fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.present()
        }
        fn draw_pixel(
            &mut self,
            point: BackendCoord,
            color: BackendColor,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.draw_pixel(point, color)
        }
        fn draw_line<S: BackendStyle>(
            &mut self,
            from: BackendCoord,
            to: BackendCoord,
            style: &S,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.draw_line(from, to, style)
        }
        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.draw_rect(upper_left, bottom_right, style, fill)
        }
        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            style: &S,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.draw_path(path, style)
        }
        fn draw_circle<S: BackendStyle>(
            &mut self,
            center: BackendCoord,
            radius: u32,
            style: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.draw_circle(center, radius, style, fill)
        }
        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            vert: I,
            style: &S,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.inner.fill_polygon(vert, style)
        }
        fn estimate_text_size<S: BackendTextStyle>(
            &self,
            text: &str,
            style: &S,
        ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
            Ok(measure(text, style.size()))
        }
    };
}

/// An RGB pixel buffer; text shaped, reordered and rasterized here.
pub struct PngBackend<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> PngBackend<'a> {
    /// Draws into `buffer`, `3 × width × height` bytes of RGB.
    pub fn new(buffer: &'a mut [u8], size: (u32, u32)) -> Self {
        PngBackend {
            inner: BitMapBackend::with_buffer(buffer, size),
        }
    }
}

impl<'a> PngBackend<'a> {
    /// Draws `text` glyph by glyph, left to right: it must already be in display order.
    fn draw_visual<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let em = font::em(style.size());
        let scale = font::scale(em);
        let f = font::font();
        let scaled = f.as_scaled(scale);
        let anchor = style.anchor();
        let width = font::width(text, em);
        let dx = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let dy = baseline(anchor.v_pos) * em;
        let transform = style.transform();
        let (w, h) = self.inner.get_size();
        let mut caret = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(scale, point(dx + caret, dy));
            caret += scaled.h_advance(id);
            let Some(outline) = f.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| {
                if coverage > 0.0 {
                    pixels.push((
                        bounds.min.x as i32 + x as i32,
                        bounds.min.y as i32 + y as i32,
                        coverage.min(1.0),
                    ))
                }
            });
            for (x, y, coverage) in pixels {
                // Rotations as SVG's rotate(θ, x, y): clockwise on screen.
                let (x, y) = match transform {
                    FontTransform::Rotate90 => (-y, x),
                    FontTransform::Rotate180 => (-x, -y),
                    FontTransform::Rotate270 => (y, -x),
                    _ => (x, y),
                };
                let (x, y) = (pos.0 + x, pos.1 + y);
                if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                    self.inner.draw_pixel(
                        (x, y),
                        BackendColor {
                            alpha: color.alpha * f64::from(coverage),
                            rgb: color.rgb,
                        },
                    )?;
                }
            }
        }
        Ok(())
    }
}

impl<'a> DrawingBackend for PngBackend<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    delegate_drawing!();

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.draw_visual(&visual(text), style, pos)
    }
}

/// SVG text; labels in logical order, isolated, for the viewer to shape.
pub struct SvgBackend<'a> {
    inner: SVGBackend<'a>,
}

impl<'a> SvgBackend<'a> {
    /// Writes the document into `buffer` (finished when the backend is presented or dropped).
    pub fn new(buffer: &'a mut String, size: (u32, u32)) -> Self {
        SvgBackend {
            inner: SVGBackend::with_string(buffer, size),
        }
    }
}

impl<'a> DrawingBackend for SvgBackend<'a> {
    type ErrorType = <SVGBackend<'a> as DrawingBackend>::ErrorType;

    delegate_drawing!();

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_text(&isolate(text), style, pos)
    }
}

/// Adds the embedded font to a finished SVG document as an `@font-face` data URL, so a
/// browser without Arabic fonts draws the labels right.
pub fn embed_font(svg: &str) -> String {
    static FACE: OnceLock<String> = OnceLock::new();
    let face = FACE.get_or_init(|| {
        let data = base64::engine::general_purpose::STANDARD.encode(font::FONT_WOFF2);
        format!(
            "<defs><style>@font-face{{font-family:\"{}\";src:url(data:font/woff2;base64,{data}) format(\"woff2\");}}</style></defs>\n",
            font::FAMILY
        )
    });
    // After the root element's start tag.
    match svg
        .find("<svg")
        .and_then(|s| svg[s..].find('>').map(|e| s + e + 1))
    {
        Some(at) => {
            let mut out = String::with_capacity(svg.len() + face.len() + 1);
            out.push_str(&svg[..at]);
            out.push('\n');
            out.push_str(face);
            out.push_str(&svg[at..]);
            out
        }
        None => svg.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    const SIZE: (u32, u32) = (160, 60);

    fn png_pixels(draw: impl FnOnce(&mut PngBackend, &TextStyle)) -> Vec<u8> {
        font::register();
        let mut buf = vec![255u8; 3 * (SIZE.0 * SIZE.1) as usize];
        {
            let mut b = PngBackend::new(&mut buf, SIZE);
            let style = TextStyle::from((font::FAMILY, 40.0).into_font());
            draw(&mut b, &style);
        }
        buf
    }

    #[test]
    fn png_draws_arabic_as_its_shaped_visual_string() {
        // داعش drawn as a label is pixel for pixel its presentation forms in display order
        // (ش final, ع initial, ا, د) drawn left to right.
        let label = png_pixels(|b, s| b.draw_text("داعش", s, (10, 10)).unwrap());
        let visual = png_pixels(|b, s| {
            b.draw_visual("\u{FEB6}\u{FECB}\u{FE8D}\u{FEA9}", s, (10, 10))
                .unwrap()
        });
        assert_eq!(label, visual);
        assert!(
            label.iter().filter(|&&v| v < 128).count() > 100,
            "ink was drawn"
        );
        // Naive drawing (logical order, isolated letters) is what this prevents.
        let naive = png_pixels(|b, s| b.draw_visual("داعش", s, (10, 10)).unwrap());
        assert_ne!(label, naive);
    }

    #[test]
    fn svg_writes_the_logical_string_isolated_and_embeds_the_font() {
        let mut svg = String::new();
        {
            let mut b = SvgBackend::new(&mut svg, SIZE);
            let style = TextStyle::from((font::FAMILY, 20.0).into_font());
            b.draw_text("داعش (TF-IDF)", &style, (10, 10)).unwrap();
            b.present().unwrap();
        }
        let svg = embed_font(&svg);
        assert!(
            svg.contains(">\n\u{2068}داعش (TF-IDF)\u{2069}\n</text>"),
            "{svg}"
        );
        assert!(
            svg.contains("@font-face{font-family:\"TahlilSans\";src:url(data:font/woff2;base64,")
        );
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let text: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(text, ["\n\u{2068}داعش (TF-IDF)\u{2069}\n"]);
    }
}
