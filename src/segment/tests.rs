//! The segmenter on real words: each clitic, their combinations, restored
//! letters, and words that only look as if they carried clitics.

use super::*;

/// Asserts the segmentation of each `word` as `proclitics + host + enclitic`.
fn assert_segments(cases: &[(&str, &str, &str, &str)]) {
    let s = Segmenter::new();
    for &(word, proclitics, host, enclitic) in cases {
        let got = s.segment(word);
        assert_eq!(
            (got.proclitics, got.host.as_ref(), got.enclitic),
            (proclitics, host, enclitic),
            "{word}"
        );
    }
}

#[test]
fn conjunctions() {
    assert_segments(&[
        ("والعراق", "و", "العراق", ""),
        ("وداعش", "و", "داعش", ""),
        ("وسوريا", "و", "سوريا", ""),
        ("والدولة", "و", "الدولة", ""),
        ("فالحكومة", "ف", "الحكومة", ""),
    ]);
}

#[test]
fn prepositions() {
    assert_segments(&[
        ("بشأن", "ب", "شأن", ""),
        ("لتنظيم", "ل", "تنظيم", ""),
        ("بالتحديد", "ب", "التحديد", ""),
        ("كرئيس", "ك", "رئيس", ""),
    ]);
}

#[test]
fn lam_and_the_article_written_ll() {
    // ل + ال is written لل: the article's alef comes back.
    assert_segments(&[
        ("للسلطة", "ل", "السلطة", ""),
        ("للتنظيم", "ل", "التنظيم", ""),
        ("وللحكومة", "ول", "الحكومة", ""),
    ]);
}

#[test]
fn future_particle_before_an_imperfect_verb() {
    assert_segments(&[("سيكون", "س", "يكون", ""), ("ستعلن", "س", "تعلن", "")]);
}

#[test]
fn enclitic_pronouns() {
    assert_segments(&[
        ("كتابهم", "", "كتاب", "هم"),
        ("نشرتها", "", "نشرت", "ها"),
        ("قياداته", "", "قيادات", "ه"),
        ("أعمالنا", "", "أعمال", "نا"),
    ]);
}

#[test]
fn teh_marbuta_written_teh_before_an_enclitic() {
    assert_segments(&[("سلسلته", "", "سلسلة", "ه"), ("حكومتها", "", "حكومة", "ها")]);
}

#[test]
fn combinations() {
    assert_segments(&[
        ("وبالتالي", "وب", "التالي", ""),
        ("وتخزينها", "و", "تخزين", "ها"),
        ("بقيادته", "ب", "قيادة", "ه"),
        ("وسيعلن", "وس", "يعلن", ""),
    ]);
}

#[test]
fn words_that_only_look_segmentable_stay_whole() {
    assert_segments(&[
        ("وزير", "", "وزير", ""),
        ("بريطانيا", "", "بريطانيا", ""),
        ("لبنان", "", "لبنان", ""),
        ("كان", "", "كان", ""),
        ("فرنسا", "", "فرنسا", ""),
        ("والي", "", "والي", ""),
        ("كتابة", "", "كتابة", ""),
        ("بين", "", "بين", ""),
        ("فقط", "", "فقط", ""),
        ("وقت", "", "وقت", ""),
        ("مصري", "", "مصري", ""),
        ("العربي", "", "العربي", ""),
        ("بنك", "", "بنك", ""),
        ("سياسة", "", "سياسة", ""),
        ("مدينة", "", "مدينة", ""),
    ]);
}

#[test]
fn only_arabic_letters_are_read() {
    assert_segments(&[
        ("وisis", "", "وisis", ""),
        ("و2017", "", "و2017", ""),
        ("isis", "", "isis", ""),
        ("وا", "", "وا", ""),
        ("", "", "", ""),
    ]);
}

#[test]
fn split_tokens_mark_where_each_clitic_was_attached() {
    let s = Segmenter::new();
    let mut tokens = Vec::new();
    s.segment("وبقيادته")
        .split_tokens(|t| tokens.push(t.to_owned()));
    assert_eq!(tokens, ["و+", "ب+", "قيادة", "+ه"]);
    tokens.clear();
    s.segment("داعش")
        .split_tokens(|t| tokens.push(t.to_owned()));
    assert_eq!(tokens, ["داعش"]);
}

#[test]
fn clitics_option_parses_and_names_its_values() {
    assert_eq!("drop".parse::<Clitics>(), Ok(Clitics::Drop));
    assert_eq!(Clitics::Split.to_string(), "split");
    assert!("all"
        .parse::<Clitics>()
        .unwrap_err()
        .contains("none, drop or split"));
}

#[test]
fn whole_words_are_sorted_short_and_begin_with_a_clitic_letter() {
    // segment() looks them up by binary search, only for such words.
    assert!(WHOLE_WORDS.windows(2).all(|w| w[0] < w[1]));
    for w in WHOLE_WORDS {
        assert!(w.len() <= 10, "{w}");
        assert!(w.starts_with(['ب', 'ف', 'ك', 'ل', 'س', 'و']), "{w}");
    }
}

#[test]
fn letter_codes_and_the_byte_scan_agree_with_the_characters() {
    for (c, code_) in [
        ('و', WAW),
        ('ف', FEH),
        ('ب', BEH),
        ('ل', LAM),
        ('ك', KAF),
        ('س', SEEN),
        ('ي', YEH),
        ('ت', TEH),
        ('ن', NOON),
        ('ا', ALEF),
    ] {
        assert_eq!(first_code(c.encode_utf8(&mut [0; 4])), code_, "{c}");
    }
    // Every character of the Arabic block: the byte scan says what is_letter and key_char say.
    for u in 0x0600..=0x06FF {
        let c = char::from_u32(u).unwrap();
        let s = c.to_string();
        let want = is_letter(c).then(|| key_char(c).is_some());
        assert_eq!(scan_letters(&s), want, "U+{u:04X}");
    }
    assert_eq!(scan_letters("داعش"), Some(false));
    assert_eq!(scan_letters("أعلن"), Some(true));
    assert_eq!(scan_letters("دا2"), None);
}
