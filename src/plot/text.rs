//! Arabic labels for renderers that do no shaping.
//!
//! plotters' PNG path draws one glyph per character, left to right: Arabic comes out as
//! isolated letters in reverse. [`visual`] does what a text engine would: it shapes the
//! label into Arabic presentation forms (contextual letter forms and lam-alef ligatures,
//! ar-reshaper) and reorders it into display order by the Unicode bidirectional algorithm
//! (unicode-bidi), mirroring brackets inside right-to-left runs. SVG viewers shape text
//! themselves, so SVG gets the logical string, isolated by [`isolate`].
//!
//! ```
//! use tahlil::plot::text::{isolate, visual};
//! // د ا ع ش: dal and alef do not join forwards, so ain starts a new join.
//! assert_eq!(visual("داعش"), "\u{FEB6}\u{FECB}\u{FE8D}\u{FEA9}");
//! assert_eq!(visual("TF-IDF"), "TF-IDF");
//! assert_eq!(isolate("داعش"), "\u{2068}داعش\u{2069}");
//! ```

use std::sync::OnceLock;

use ar_reshaper::{ArabicReshaper, ReshaperConfig};
use unicode_bidi::{BidiClass, BidiInfo};

fn reshaper() -> &'static ArabicReshaper {
    static R: OnceLock<ArabicReshaper> = OnceLock::new();
    R.get_or_init(|| ArabicReshaper::new(ReshaperConfig::default()))
}

/// True when `s` has a right-to-left character (Hebrew, Arabic, their presentation forms).
pub fn has_rtl(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(
            unicode_bidi::bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
    })
}

/// The label in display (left-to-right visual) order with Arabic shaped: what a
/// renderer without a shaping engine must draw. Control characters are dropped.
pub fn visual(label: &str) -> String {
    let label: String = label.chars().filter(|c| !c.is_control()).collect();
    if !has_rtl(&label) {
        return label;
    }
    let shaped = reshaper().reshape(&label);
    let info = BidiInfo::new(&shaped, None);
    let mut out = String::with_capacity(shaped.len());
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let text = &shaped[run.clone()];
            if levels[run.start].is_rtl() {
                out.extend(text.chars().rev().map(mirror));
            } else {
                out.push_str(text);
            }
        }
    }
    // Explicit marks (LRM, RLM, isolates) have done their work and have no glyph.
    out.retain(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}'));
    out
}

/// The label wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so a
/// right-to-left label keeps its own direction inside a left-to-right chart (SVG).
pub fn isolate(label: &str) -> String {
    let label: String = label.chars().filter(|c| !c.is_control()).collect();
    format!("\u{2068}{label}\u{2069}")
}

/// The glyph shown for `c` in a right-to-left run (Unicode's Bidi_Mirroring_Glyph for
/// the characters labels use).
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '≤' => '≥',
        '≥' => '≤',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAESH_VISUAL: &str = "\u{FEB6}\u{FECB}\u{FE8D}\u{FEA9}";

    #[test]
    fn arabic_word_is_joined_and_reversed() {
        // ش final, ع initial, ا isolated, د isolated: visual order is reversed.
        assert_eq!(visual("داعش"), DAESH_VISUAL);
    }

    #[test]
    fn lam_alef_becomes_one_ligature() {
        // ال in القاعدة: alef + lam-alef is drawn as the lam-alef ligature, not two letters.
        let v = visual("لا");
        assert_eq!(v, "\u{FEFB}");
    }

    #[test]
    fn regression_latin_in_parentheses_keeps_its_order_and_brackets() {
        // Naive reversal gives ")FDI-FT( ..." or mirrored brackets facing the wrong way.
        assert_eq!(visual("داعش (TF-IDF)"), format!("(TF-IDF) {DAESH_VISUAL}"));
    }

    #[test]
    fn regression_numbers_stay_left_to_right() {
        // European digits in an Arabic label read left to right: 2017, not 7102.
        let v = visual("داعش 2017");
        assert_eq!(v, format!("2017 {DAESH_VISUAL}"));
        // Arabic-Indic digits too.
        assert_eq!(visual("داعش ٢٠١٧"), format!("٢٠١٧ {DAESH_VISUAL}"));
    }

    #[test]
    fn latin_label_with_arabic_inside() {
        // A left-to-right paragraph: the Arabic word alone is reversed.
        assert_eq!(visual("topic 1: داعش"), format!("topic 1: {DAESH_VISUAL}"));
    }

    #[test]
    fn brackets_mirror_in_arabic_context() {
        // (داعش): the brackets are in the right-to-left run and are mirrored.
        assert_eq!(visual("(داعش)"), format!("({DAESH_VISUAL})"));
    }

    #[test]
    fn latin_only_is_unchanged_and_controls_dropped() {
        assert_eq!(visual("cosine similarity"), "cosine similarity");
        assert_eq!(visual("a\tb"), "ab");
    }

    #[test]
    fn svg_label_is_logical_and_isolated() {
        assert_eq!(isolate("داعش (TF-IDF)"), "\u{2068}داعش (TF-IDF)\u{2069}");
    }
}
