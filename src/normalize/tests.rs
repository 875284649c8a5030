use super::*;
use proptest::prelude::*;

/// The definition: NFKC of the whole text, then the rules, repeated to a fixed point.
fn reference(n: &Normalizer, text: &str) -> String {
    let opts = n.options();
    let mut cur = text.to_owned();
    loop {
        let mut next = String::new();
        let chars: Vec<char> = if opts.nfkc {
            cur.nfkc().collect()
        } else {
            cur.chars().collect()
        };
        for c in chars {
            n.push_ruled(c, &mut next);
        }
        if next == cur {
            return cur;
        }
        cur = next;
    }
}

fn norm(text: &str) -> String {
    thread_local!(static N: Normalizer = Normalizer::default());
    N.with(|n| n.normalize(text))
}

/// One table row per rule, each with real words.
#[test]
fn every_rule_on_real_words() {
    let cases: &[(&str, &str, &str)] = &[
        ("nfkc lam-alef ligature", "\u{FEFB}\u{FEE3}\u{FE8E}", "لاما"),
        (
            "nfkc presentation forms",
            "\u{FEB3}\u{FEDF}\u{FE8E}\u{FEE1}",
            "سلام",
        ),
        ("nfkc recomposes hamza on waw", "مو\u{0654}تمر", "مؤتمر"),
        (
            "nfkc recomposes hamza on yeh",
            "ر\u{064A}\u{0654}يس",
            "رئيس",
        ),
        (
            "nfkc recomposes madda then folds alef",
            "ا\u{0653}خر",
            "اخر",
        ),
        ("format: zero-width non-joiner", "داع\u{200C}ش", "داعش"),
        (
            "format: right-to-left mark",
            "\u{200F}سوريا\u{200E}",
            "سوريا",
        ),
        ("format: byte order mark", "\u{FEFF}العراق", "العراق"),
        ("format: Arabic letter mark", "تنظيم\u{061C}", "تنظيم"),
        ("format: isolates", "\u{2067}الرقة\u{2069}", "الرقه"),
        ("diacritics: harakat", "كَتَبَ", "كتب"),
        ("diacritics: shadda and tanwin", "محمّدٌ", "محمد"),
        ("diacritics: superscript alef", "هٰذا", "هذا"),
        ("diacritics: Quranic marks", "الرَّحِيمِ\u{06DA}", "الرحيم"),
        ("tatweel", "الـقـاعـدة", "القاعده"),
        ("alef with hamza above", "أسامة", "اسامه"),
        ("alef with hamza below", "إرهاب", "ارهاب"),
        ("alef with madda", "آخر", "اخر"),
        ("alef wasla", "ٱلله", "الله"),
        ("alef maksura", "مستشفى", "مستشفي"),
        ("teh marbuta", "الدولة", "الدوله"),
        ("Arabic-Indic digits", "عام ٢٠١٧", "عام 2017"),
        ("Persian digits", "۱۳۹۶", "1396"),
        ("Persian keheh", "کتاب", "كتاب"),
        ("Farsi yeh", "ایران", "ايران"),
        ("heh doachashmee", "ھذا", "هذا"),
        ("lowercase Latin", "ISIS Al-Qaeda", "isis al-qaeda"),
        ("lowercase Latin with accents", "ÉTAT", "état"),
        ("Greek is not Latin", "ΔΑ", "ΔΑ"),
    ];
    for (name, input, expected) in cases {
        assert_eq!(&norm(input), expected, "rule: {name}");
    }
}

#[test]
fn each_flag_switches_its_rule_off() {
    let text = "\u{FEFB}\u{200C}كَـأة ى٣ک ISIS";
    type SwitchOff = fn(&mut NormalizeOptions);
    let flags: &[(SwitchOff, &str)] = &[
        (|o| o.nfkc = false, "\u{FEFB}كاه ي3ك isis"),
        (|o| o.strip_format = false, "لا\u{200C}كاه ي3ك isis"),
        (|o| o.strip_diacritics = false, "لاكَاه ي3ك isis"),
        (|o| o.strip_tatweel = false, "لاكـاه ي3ك isis"),
        (|o| o.fold_alef = false, "لاكأه ي3ك isis"),
        (|o| o.fold_alef_maksura = false, "لاكاه ى3ك isis"),
        (|o| o.fold_teh_marbuta = false, "لاكاة ي3ك isis"),
        (|o| o.fold_digits = false, "لاكاه ي٣ك isis"),
        (|o| o.fold_persian = false, "لاكاه ي3ک isis"),
        (|o| o.lowercase = false, "لاكاه ي3ك ISIS"),
    ];
    assert_eq!(norm(text), "لاكاه ي3ك isis");
    for (switch_off, expected) in flags {
        let mut o = NormalizeOptions::default();
        switch_off(&mut o);
        assert_eq!(&Normalizer::new(&o).normalize(text), expected, "{o:?}");
    }
    assert_eq!(
        Normalizer::new(&NormalizeOptions::none()).normalize(text),
        text
    );
}

#[test]
fn seeds_normalize_as_the_definition_says() {
    for (id, text) in crate::seeds::SEEDS {
        assert_eq!(norm(text), reference(&Normalizer::default(), text), "{id}");
    }
}

/// The fast path must agree with NFKC-then-rules on every pair of characters
/// from the Arabic blocks, the marks and a few Latin ones, under every
/// combination of the flags that interact with NFKC.
#[test]
fn fast_path_matches_definition_on_character_pairs() {
    let mut chars: Vec<char> = (0x0600..=0x06FF).filter_map(char::from_u32).collect();
    chars.extend([
        'a', 'E', ' ', 'e', '\u{0301}', '\u{200D}', '\u{FEFB}', '\u{FE8D}', '\u{0130}',
    ]);
    for (strip_diacritics, strip_format) in
        [(true, true), (false, true), (true, false), (false, false)]
    {
        let opts = NormalizeOptions {
            strip_diacritics,
            strip_format,
            ..NormalizeOptions::default()
        };
        let n = Normalizer::new(&opts);
        let mut s = String::new();
        for &a in &chars {
            for &b in &chars {
                s.clear();
                s.push(a);
                s.push(b);
                assert_eq!(n.normalize(&s), reference(&n, &s), "{a:?}{b:?} {opts:?}");
            }
        }
    }
}

/// Regression: deleting a format character between a base letter and a
/// combining accent must not leave the pair uncomposed.
#[test]
fn deleted_format_char_between_base_and_accent_recomposes() {
    assert_eq!(norm("e\u{200B}\u{0301}"), "é");
    assert_eq!(norm("e\u{0640}\u{0301}"), "é");
}

/// Regression: a hamza written as a separate combining mark after alef is a
/// hamzated alef, and so folds to bare alef; after waw it stays ؤ.
#[test]
fn decomposed_hamza_recomposes_before_folding() {
    assert_eq!(norm("ا\u{0654}"), "ا");
    assert_eq!(norm("و\u{0654}"), "ؤ");
    assert_eq!(norm("ي\u{0654}"), "ئ");
}

#[test]
fn offsets_point_back_into_the_original() {
    let text = "الـقاعِدَة، وداعش";
    let n = Normalizer::default();
    let (out, map) = n.normalize_with_offsets(text);
    assert_eq!(out, "القاعده، وداعش");
    let word_end = out.find('،').unwrap();
    let (s, e) = map.original_span(0, word_end).unwrap();
    assert_eq!(&text[s..e], "الـقاعِدَة");
    let start = out.find('و').unwrap();
    let (s, e) = map.original_span(start, out.len()).unwrap();
    assert_eq!(&text[s..e], "وداعش");
    // A ligature expands to two letters that both point at it.
    let (out, map) = n.normalize_with_offsets("x\u{FEFB}y");
    assert_eq!(out, "xلاy");
    let lam = out.find('ل').unwrap();
    assert_eq!(map.original_span(lam, lam + 2), Some((1, 4)));
}

fn is_forbidden(c: char) -> bool {
    rules::is_diacritic(c) || rules::is_tatweel(c) || rules::is_format(c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_matches_definition(s in "\\PC{0,40}") {
        let out = norm(&s);
        prop_assert_eq!(&out, &reference(&Normalizer::default(), &s));
    }

    #[test]
    fn idempotent(s in "\\PC{0,40}") {
        let once = norm(&s);
        prop_assert_eq!(norm(&once), once);
    }

    #[test]
    fn idempotent_on_arabic_heavy_text(s in "[\u{0600}-\u{06FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F} a-zA-Z\u{0300}-\u{036F}]{0,40}") {
        let once = norm(&s);
        prop_assert_eq!(norm(&once), once.clone());
        prop_assert!(!once.chars().any(is_forbidden), "{:?}", once);
        prop_assert_eq!(once, reference(&Normalizer::default(), &s));
    }

    #[test]
    fn output_has_no_diacritic_tatweel_or_format_char(s in "\\PC{0,40}") {
        let out = norm(&s);
        prop_assert!(!out.chars().any(is_forbidden), "{:?}", out);
    }

    #[test]
    fn offsets_cover_every_output_char(s in "\\PC{0,30}") {
        let (out, map) = Normalizer::default().normalize_with_offsets(&s);
        prop_assert_eq!(map.len(), out.chars().count());
        for (i, c) in out.char_indices() {
            let (a, b) = map.original_span(i, i + c.len_utf8()).unwrap();
            prop_assert!(a < b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b));
        }
    }
}
