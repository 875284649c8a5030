//! The one font every chart is drawn with, embedded in the binary.
//!
//! `tahlil-sans.ttf` is Noto Sans (Latin) merged with Noto Sans Arabic, subset by
//! `make_font.py` beside it (OFL-1.1, `OFL.txt`). Embedding it means a chart looks the
//! same on every machine and no system font library is needed: PNG text is rasterized
//! here with ab_glyph, and SVG files carry the font as an `@font-face` data URL.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

/// The font file (TrueType: what ab_glyph rasterizes).
pub static FONT: &[u8] = include_bytes!("tahlil-sans.ttf");

/// The same font as WOFF2, embedded in SVG files (a third of the size).
pub static FONT_WOFF2: &[u8] = include_bytes!("tahlil-sans.woff2");

/// The family name charts ask for (one word: SVG `font-family` attributes are unquoted).
pub const FAMILY: &str = "TahlilSans";

/// The parsed font.
pub fn font() -> &'static FontRef<'static> {
    static PARSED: OnceLock<FontRef<'static>> = OnceLock::new();
    PARSED.get_or_init(|| FontRef::try_from_slice(FONT).expect("the embedded font parses"))
}

/// Registers the font with plotters under [`FAMILY`] (once per process).
pub fn register() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, plotters::style::FontStyle::Normal, FONT)
            .map_err(|_| ())
            .expect("the embedded font parses");
    });
}

/// plotters' text size is 1.24 × the em size (its SVG backend writes `font-size: size/1.24`);
/// the PNG rasterizer uses the same em so both formats lay out alike.
pub fn em(size: f64) -> f32 {
    (size / 1.24) as f32
}

/// The ab_glyph scale whose em is `em` pixels (ab_glyph scales by ascent − descent).
pub fn scale(em: f32) -> PxScale {
    let f = font();
    let units = f.units_per_em().unwrap_or(1000.0);
    PxScale::from(em * f.height_unscaled() / units)
}

/// Width in pixels of `visual` (already shaped) at `em` pixels per em, kerning included.
pub fn width(visual: &str, em: f32) -> f32 {
    let f = font().as_scaled(scale(em));
    let mut w = 0.0;
    let mut prev = None;
    for c in visual.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            w += f.kern(p, id);
        }
        w += f.h_advance(id);
        prev = Some(id);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_maps_latin_arabic_and_presentation_forms() {
        let f = font();
        for c in [
            'A', 'z', '0', '(', 'ا', 'ش', '\u{FEB6}', '\u{FEFB}', '\u{FDF2}', '٣',
        ] {
            assert_ne!(f.glyph_id(c).0, 0, "no glyph for U+{:04X}", c as u32);
        }
    }

    #[test]
    fn font_has_every_character_the_charts_write() {
        // Fixed text of the charts: axis exponents, the Zipf note, ellipses, separators.
        let used = "…·–×²ˢ⁰¹²³⁴⁵⁶⁷⁸⁹⁻«»";
        let f = font();
        for c in used.chars() {
            assert_ne!(f.glyph_id(c).0, 0, "no glyph for {c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn width_grows_with_text_and_size() {
        assert!(width("داعش", 12.0) > 0.0);
        assert!(width("abcd", 24.0) > 1.9 * width("abcd", 12.0));
    }
}
