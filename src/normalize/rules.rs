//! The character rules of Arabic normalization, one function per rule.
//!
//! Each rule looks at one character and says whether it applies. They are
//! applied after Unicode NFKC, in the order of [`RULES`]. Their domains are
//! disjoint and no rule produces a character another rule would change, so the
//! order never changes the result; it is kept only so the documentation reads
//! in the same order as the code.

/// A rule's option, the code points it covers and what it does.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The field of [`NormalizeOptions`](super::NormalizeOptions) that turns
    /// the rule on (each front spells it its own way: `--no-strip-diacritics`
    /// on the command line turns `strip_diacritics` off).
    pub option: &'static str,
    /// The code points concerned.
    pub code_points: &'static str,
    /// What happens to them.
    pub action: &'static str,
}

/// Every normalization step, in the order it is applied.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        option: "nfkc",
        code_points: "all",
        action: "Unicode NFKC: presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and lam-alef ligatures to letters, decomposed hamza/madda (U+0653–U+0655) recomposed",
    },
    RuleInfo {
        option: "strip_format",
        code_points: "U+200B–U+200F, U+061C, U+FEFF, U+202A–U+202E, U+2066–U+2069",
        action: "deleted (zero-width and bidirectional format characters)",
    },
    RuleInfo {
        option: "strip_diacritics",
        code_points: "U+064B–U+065F, U+0670, U+0610–U+061A, U+06D6–U+06ED",
        action: "deleted (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks)",
    },
    RuleInfo {
        option: "strip_tatweel",
        code_points: "U+0640",
        action: "deleted (kashida)",
    },
    RuleInfo {
        option: "fold_alef",
        code_points: "U+0623 أ, U+0625 إ, U+0622 آ, U+0671 ٱ",
        action: "→ U+0627 ا",
    },
    RuleInfo {
        option: "fold_alef_maksura",
        code_points: "U+0649 ى",
        action: "→ U+064A ي",
    },
    RuleInfo {
        option: "fold_teh_marbuta",
        code_points: "U+0629 ة",
        action: "→ U+0647 ه",
    },
    RuleInfo {
        option: "fold_digits",
        code_points: "U+0660–U+0669, U+06F0–U+06F9",
        action: "→ ASCII 0–9",
    },
    RuleInfo {
        option: "fold_persian",
        code_points: "U+06A9 ک, U+06CC ی, U+06BE ھ",
        action: "→ U+0643 ك, U+064A ي, U+0647 ه",
    },
    RuleInfo {
        option: "lowercase",
        code_points: "Latin letters (U+0041–U+005A, U+00C0–U+024F, U+1E00–U+1EFF)",
        action: "→ lower case",
    },
];

/// Zero-width and bidirectional format characters.
pub fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Arabic diacritics: harakat, tanwin, shadda, sukun, hamza/madda marks,
/// superscript alef, and the Quranic annotation signs.
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

/// Tatweel (kashida), the elongation character.
pub fn is_tatweel(c: char) -> bool {
    c == '\u{0640}'
}

/// Hamza-carrying and wasla alef forms → bare alef.
pub fn fold_alef(c: char) -> Option<char> {
    matches!(c, '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}').then_some('\u{0627}')
}

/// Alef maksura → yeh.
pub fn fold_alef_maksura(c: char) -> Option<char> {
    (c == '\u{0649}').then_some('\u{064A}')
}

/// Teh marbuta → heh.
pub fn fold_teh_marbuta(c: char) -> Option<char> {
    (c == '\u{0629}').then_some('\u{0647}')
}

/// Arabic-Indic and extended (Persian/Urdu) digits → ASCII digits.
pub fn fold_digit(c: char) -> Option<char> {
    let base = match c {
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return None,
    };
    char::from_u32('0' as u32 + (c as u32 - base))
}

/// Persian keheh, Farsi yeh and heh doachashmee → their Arabic letters.
pub fn fold_persian(c: char) -> Option<char> {
    match c {
        '\u{06A9}' => Some('\u{0643}'),
        '\u{06CC}' => Some('\u{064A}'),
        '\u{06BE}' => Some('\u{0647}'),
        _ => None,
    }
}

/// Latin letters, the only script whose case is folded.
pub fn is_latin_letter(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'a'..='z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_names_an_option_and_every_option_a_rule() {
        let options = serde_json::to_value(super::super::NormalizeOptions::default()).unwrap();
        let fields: Vec<&String> = options.as_object().unwrap().keys().collect();
        let mut names: Vec<&str> = RULES.iter().map(|r| r.option).collect();
        assert_eq!(names.len(), fields.len(), "one rule per option");
        names.sort();
        assert_eq!(names, fields, "every option is a rule");
    }

    #[test]
    fn digits_fold_to_ascii() {
        assert_eq!(fold_digit('٠'), Some('0'));
        assert_eq!(fold_digit('٩'), Some('9'));
        assert_eq!(fold_digit('۴'), Some('4'));
        assert_eq!(fold_digit('5'), None);
    }

    #[test]
    fn rule_domains_are_disjoint() {
        // The single-pass implementation relies on at most one rule matching a character.
        for u in 0..0x3000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let hits = [
                is_format(c),
                is_diacritic(c),
                is_tatweel(c),
                fold_alef(c).is_some(),
                fold_alef_maksura(c).is_some(),
                fold_teh_marbuta(c).is_some(),
                fold_digit(c).is_some(),
                fold_persian(c).is_some(),
                is_latin_letter(c) && c.is_uppercase(),
            ];
            assert!(
                hits.iter().filter(|&&h| h).count() <= 1,
                "{c:?} matches several rules"
            );
        }
    }
}
