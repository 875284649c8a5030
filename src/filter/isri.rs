//! The ISRI Arabic root stemmer (Taghva, Elkhoury and Coombs, 2005), exactly as
//! NLTK's `ISRIStemmer`, the implementation everyone compares with.
//!
//! ISRI strips a three- or two-letter prefix (كال بال ولل وال, then ال لل) and
//! suffix (تمل همل تان تين كمل, then ون ات ان ين تن كم هن نا يا ها تم كن ني وا
//! ما هم), a doubled و, and then matches words of four to seven letters against
//! the patterns of Arabic morphology (مفعل, فاعل, افتعل, مستفعل, تفاعيل...) to
//! reach a root of three letters, or four. Where no pattern fits it strips one
//! more suffix or prefix letter. It has no dictionary: quadriliteral roots and
//! broken plurals come out wrong (see the README). NLTK's own list of 49 stop
//! words is returned as it is.
//!
//! [`isri_stem`] follows NLTK's code step by step, on characters, so that for
//! every word it gives what `ISRIStemmer().stem(word)` gives (golden files from
//! NLTK 3.9.2 in `tests/golden/isri/` check it).
//!
//! ```
//! use tahlil::filter::isri_stem;
//!
//! assert_eq!(isri_stem("المكتبات"), "كتب");
//! assert_eq!(isri_stem("يستخدمون"), "خدم");
//! ```

/// Length-three prefixes: كال بال ولل وال.
const P3: [&str; 4] = ["كال", "بال", "ولل", "وال"];
/// Length-two prefixes: ال لل.
const P2: [&str; 2] = ["ال", "لل"];
/// Length-one prefixes.
const P1: [char; 9] = ['ل', 'ب', 'ف', 'س', 'و', 'ي', 'ت', 'ن', 'ا'];
/// Length-three suffixes.
const S3: [&str; 5] = ["تمل", "همل", "تان", "تين", "كمل"];
/// Length-two suffixes.
const S2: [&str; 16] = [
    "ون", "ات", "ان", "ين", "تن", "كم", "هن", "نا", "يا", "ها", "تم", "كن", "ني", "وا", "ما", "هم",
];
/// Length-one suffixes.
const S1: [char; 7] = ['ة', 'ه', 'ي', 'ك', 'ت', 'ا', 'ن'];

/// NLTK's stop words, returned unstemmed (compared after short vowels are removed).
const STOP_WORDS: [&str; 49] = [
    "يكون",
    "وليس",
    "وكان",
    "كذلك",
    "التي",
    "وبين",
    "عليها",
    "مساء",
    "الذي",
    "وكانت",
    "ولكن",
    "والتي",
    "تكون",
    "اليوم",
    "اللذين",
    "عليه",
    "كانت",
    "لذلك",
    "أمام",
    "هناك",
    "منها",
    "مازال",
    "لازال",
    "لايزال",
    "مايزال",
    "اصبح",
    "أصبح",
    "أمسى",
    "امسى",
    "أضحى",
    "اضحى",
    "مابرح",
    "مافتئ",
    "ماانفك",
    "لاسيما",
    "ولايزال",
    "الحالي",
    "اليها",
    "الذين",
    "فانه",
    "والذي",
    "وهذا",
    "لهذا",
    "فكان",
    "ستكون",
    "اليه",
    "يمكن",
    "بهذا",
    "الذى",
];

/// The ISRI stem of `word`, exactly as NLTK's `ISRIStemmer().stem(word)`.
pub fn isri_stem(word: &str) -> String {
    // norm(word, 1): short vowels (U+064B–U+0652) removed.
    let mut w: Vec<char> = word
        .chars()
        .filter(|c| !('\u{064B}'..='\u{0652}').contains(c))
        .collect();
    let as_string = |w: &[char]| w.iter().collect::<String>();
    if STOP_WORDS.contains(&as_string(&w).as_str()) {
        return as_string(&w);
    }
    pre32(&mut w);
    suf32(&mut w);
    // waw: a connective و before a word beginning with و.
    if w.len() >= 4 && w[0] == 'و' && w[1] == 'و' {
        w.remove(0);
    }
    // norm(word, 2): an initial آ أ إ becomes ا.
    if matches!(w.first(), Some('آ' | 'أ' | 'إ')) {
        w[0] = 'ا';
    }
    match w.len() {
        4 => pro_w4(&mut w),
        5 => {
            pro_w53(&mut w);
            end_w5(&mut w);
        }
        6 => {
            pro_w6(&mut w);
            end_w6(&mut w);
        }
        7 => {
            suf1(&mut w);
            if w.len() == 7 {
                pre1(&mut w);
            }
            if w.len() == 6 {
                pro_w6(&mut w);
                end_w6(&mut w);
            }
        }
        _ => {}
    }
    as_string(&w)
}

fn starts(w: &[char], p: &str) -> bool {
    p.chars().enumerate().all(|(i, c)| w.get(i) == Some(&c))
}

fn ends(w: &[char], s: &str) -> bool {
    let n = s.chars().count();
    w.len() >= n && starts(&w[w.len() - n..], s)
}

fn pre32(w: &mut Vec<char>) {
    if w.len() >= 6 && P3.iter().any(|p| starts(w, p)) {
        w.drain(..3);
    } else if w.len() >= 5 && P2.iter().any(|p| starts(w, p)) {
        w.drain(..2);
    }
}

fn suf32(w: &mut Vec<char>) {
    if w.len() >= 6 && S3.iter().any(|s| ends(w, s)) {
        w.truncate(w.len() - 3);
    } else if w.len() >= 5 && S2.iter().any(|s| ends(w, s)) {
        w.truncate(w.len() - 2);
    }
}

/// Normalize a short suffix: drop one of [`S1`].
fn suf1(w: &mut Vec<char>) {
    if w.last().is_some_and(|c| S1.contains(c)) {
        w.pop();
    }
}

/// Normalize a short prefix: drop one of [`P1`].
fn pre1(w: &mut Vec<char>) {
    if w.first().is_some_and(|c| P1.contains(c)) {
        w.remove(0);
    }
}

/// `w` becomes the letters at `idx`, in order.
fn pick(w: &mut Vec<char>, idx: &[usize]) {
    *w = idx.iter().map(|&i| w[i]).collect();
}

/// Four-letter patterns to three-letter roots.
fn pro_w4(w: &mut Vec<char>) {
    if w[0] == 'م' {
        // مفعل
        pick(w, &[1, 2, 3]);
    } else if w[1] == 'ا' {
        // فاعل
        pick(w, &[0, 2, 3]);
    } else if matches!(w[2], 'ا' | 'و' | 'ي') {
        // فعال فعول فعيل
        pick(w, &[0, 1, 3]);
    } else if w[3] == 'ة' {
        // فعلة
        pick(w, &[0, 1, 2]);
    } else {
        suf1(w);
        if w.len() == 4 {
            pre1(w);
        }
    }
}

/// Five-letter patterns to three-letter roots.
fn pro_w53(w: &mut Vec<char>) {
    let c = |i: usize| w[i];
    if matches!(c(2), 'ا' | 'ت') && c(0) == 'ا' {
        // افتعل افاعل
        pick(w, &[1, 3, 4]);
    } else if matches!(c(3), 'ا' | 'ي' | 'و') && c(0) == 'م' {
        // مفعول مفعال مفعيل
        pick(w, &[1, 2, 4]);
    } else if matches!(c(0), 'ا' | 'ت' | 'م') && c(4) == 'ة' {
        // مفعلة تفعلة افعلة
        pick(w, &[1, 2, 3]);
    } else if matches!(c(0), 'م' | 'ي' | 'ت') && c(2) == 'ت' {
        // مفتعل يفتعل تفتعل
        pick(w, &[1, 3, 4]);
    } else if matches!(c(0), 'م' | 'ت') && c(2) == 'ا' {
        // مفاعل تفاعل
        pick(w, &[1, 3, 4]);
    } else if matches!(c(2), 'ا' | 'و') && c(4) == 'ة' {
        // فعولة فعالة
        pick(w, &[0, 1, 3]);
    } else if matches!(c(0), 'ا' | 'م') && c(1) == 'ن' {
        // انفعل منفعل
        pick(w, &[2, 3, 4]);
    } else if c(3) == 'ا' && c(0) == 'ا' {
        // افعال
        pick(w, &[1, 2, 4]);
    } else if c(4) == 'ن' && c(3) == 'ا' {
        // فعلان
        pick(w, &[0, 1, 2]);
    } else if c(3) == 'ي' && c(0) == 'ت' {
        // تفعيل
        pick(w, &[1, 2, 4]);
    } else if c(3) == 'و' && c(1) == 'ا' {
        // فاعول
        pick(w, &[0, 2, 4]);
    } else if c(2) == 'ا' && c(1) == 'و' {
        // فواعل
        pick(w, &[0, 3, 4]);
    } else if c(3) == 'ئ' && c(2) == 'ا' {
        // فعائل
        pick(w, &[0, 1, 4]);
    } else if c(4) == 'ة' && c(1) == 'ا' {
        // فاعلة
        pick(w, &[0, 2, 3]);
    } else if c(4) == 'ي' && c(2) == 'ا' {
        // فعالي
        pick(w, &[0, 1, 3]);
    } else {
        suf1(w);
        if w.len() == 5 {
            pre1(w);
        }
    }
}

/// Five-letter patterns to four-letter roots.
fn pro_w54(w: &mut Vec<char>) {
    if matches!(w[0], 'ا' | 'ت' | 'م') {
        // تفعلل افعلل مفعلل
        w.remove(0);
    } else if w[4] == 'ة' {
        // فعللة
        w.truncate(4);
    } else if w[2] == 'ا' {
        // فعالل
        w.remove(2);
    }
}

fn end_w5(w: &mut Vec<char>) {
    match w.len() {
        4 => pro_w4(w),
        5 => pro_w54(w),
        _ => {}
    }
}

/// Six-letter patterns to three-letter roots.
fn pro_w6(w: &mut Vec<char>) {
    if starts(w, "است") || starts(w, "مست") {
        // مستفعل استفعل
        w.drain(..3);
    } else if w[0] == 'م' && w[3] == 'ا' && w[5] == 'ة' {
        // مفعالة
        pick(w, &[1, 2, 4]);
    } else if w[0] == 'ا' && w[2] == 'ت' && w[4] == 'ا' {
        // افتعال
        pick(w, &[1, 3, 5]);
    } else if w[0] == 'ا' && w[3] == 'و' && w[2] == w[4] {
        // افعوعل
        pick(w, &[1, 4, 5]);
    } else if w[0] == 'ت' && w[2] == 'ا' && w[4] == 'ي' {
        // تفاعيل
        pick(w, &[1, 3, 5]);
    } else {
        suf1(w);
        if w.len() == 6 {
            pre1(w);
        }
    }
}

/// Six-letter patterns to four-letter roots.
fn pro_w64(w: &mut Vec<char>) {
    if w[0] == 'ا' && w[4] == 'ا' {
        // افعلال
        pick(w, &[1, 2, 3, 5]);
    } else if starts(w, "مت") {
        // متفعلل
        w.drain(..2);
    }
}

fn end_w6(w: &mut Vec<char>) {
    match w.len() {
        5 => {
            pro_w53(w);
            end_w5(w);
        }
        6 => pro_w64(w),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-checked against NLTK 3.9.2's `ISRIStemmer().stem`.
    #[test]
    fn roots_of_real_words() {
        for (word, root) in [
            ("المكتبات", "كتب"),
            ("يستخدمون", "خدم"),
            ("والمسلمون", "سلم"),
            ("التنظيمات", "نظم"),
            ("كتاب", "كتب"),
            ("داعش", "دعش"),
            ("كذلك", "كذلك"),
            ("isis", "isis"),
            ("", ""),
        ] {
            assert_eq!(isri_stem(word), root, "{word}");
        }
    }

    /// Every word of a golden file made by NLTK (`tests/reference/make_golden.py`).
    fn assert_golden(name: &str, text: &str) {
        let golden: serde_json::Value = serde_json::from_str(text).unwrap();
        let stems = golden["stems"].as_array().unwrap();
        assert!(stems.len() > 1000, "{name}: {} words", stems.len());
        let wrong: Vec<String> = stems
            .iter()
            .filter_map(|pair| {
                let (word, want) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
                let got = isri_stem(word);
                (got != want).then(|| format!("{word}: NLTK {want}, tahlil {got}"))
            })
            .collect();
        assert!(
            wrong.is_empty(),
            "{name}: {} differ: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(20)]
        );
    }

    #[test]
    fn equals_nltk_on_every_word_of_the_seeds() {
        assert_golden("seeds", include_str!("../../tests/golden/isri/seeds.json"));
    }

    #[test]
    fn equals_nltk_on_every_branch() {
        assert_golden(
            "generated",
            include_str!("../../tests/golden/isri/generated.json"),
        );
    }
}
