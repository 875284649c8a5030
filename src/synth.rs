//! A seeded generator of Arabic benchmark corpora.
//!
//! One document per line. Words follow a Zipf distribution (exponent 1) over
//! a vocabulary made of the seeds' own words, which take the top ranks in
//! order of their frequency in the seeds, followed by `types` synthetic words
//! built from Arabic letters with realistic letter frequencies and word
//! lengths, often carrying the article ال or a conjunction. Diacritics,
//! tatweel and punctuation appear at realistic rates; document lengths are
//! log-normal (median 200 words).
//!
//! Each document has its own random stream derived from the seed and its
//! index, so output is identical for a given seed whatever the thread count.
//!
//! ```
//! use tahlil::synth::{generate, SynthOptions};
//!
//! let mut a = Vec::new();
//! let mut b = Vec::new();
//! let o = SynthOptions { bytes: 20_000, seed: 7, types: 1_000 };
//! generate(&o, &mut a).unwrap();
//! generate(&o, &mut b).unwrap();
//! assert_eq!(a, b);
//! assert!(a.len() >= 20_000);
//! ```

use std::io::{self, Write};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::seeds::SEEDS;
use crate::tokenize::Tokenizer;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthOptions {
    /// Stop after the document that reaches this many bytes.
    pub bytes: u64,
    /// Random seed.
    pub seed: u64,
    /// Number of synthetic word types (the seeds' words come in addition).
    pub types: usize,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            bytes: 100_000_000,
            seed: 42,
            types: 200_000,
        }
    }
}

/// xoshiro256** seeded through SplitMix64: small, fast and fixed forever, so
/// a seed names the same corpus in every version.
#[derive(Debug, Clone)]
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.f64() * n as f64) as usize
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

/// Picks an index with probability proportional to its weight.
struct Sampler {
    cdf: Vec<f64>,
}

impl Sampler {
    fn new(weights: impl Iterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cdf: Vec<f64> = weights
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Sampler {
            cdf: cdf.into_iter().map(|c| c / total).collect(),
        }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.f64();
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }
}

/// Arabic letters with approximate relative frequencies in news text (per mille).
const LETTERS: &[(char, f64)] = &[
    ('ا', 125.0),
    ('ل', 105.0),
    ('ي', 70.0),
    ('م', 60.0),
    ('و', 60.0),
    ('ن', 55.0),
    ('ه', 35.0),
    ('ر', 45.0),
    ('ب', 38.0),
    ('ت', 40.0),
    ('ع', 33.0),
    ('د', 30.0),
    ('س', 25.0),
    ('ف', 24.0),
    ('ك', 20.0),
    ('ق', 22.0),
    ('ح', 20.0),
    ('ج', 12.0),
    ('ش', 10.0),
    ('ص', 9.0),
    ('ط', 8.0),
    ('خ', 7.0),
    ('ز', 5.0),
    ('ض', 5.0),
    ('ذ', 6.0),
    ('ث', 5.0),
    ('غ', 4.0),
    ('ظ', 2.0),
    ('أ', 20.0),
    ('إ', 8.0),
    ('ة', 25.0),
    ('ى', 8.0),
    ('ء', 3.0),
    ('ئ', 3.0),
    ('ؤ', 1.0),
    ('آ', 1.0),
];
/// Word lengths 2..=10 in letters, approximate shares.
const LENGTHS: &[f64] = &[5.0, 18.0, 24.0, 22.0, 15.0, 9.0, 4.0, 2.0, 1.0];
const HARAKAT: &[char] = &[
    '\u{064B}', '\u{064C}', '\u{064D}', '\u{064E}', '\u{064F}', '\u{0650}', '\u{0651}', '\u{0652}',
];

/// The vocabulary in rank order: seed words by frequency, then synthetic words.
fn vocabulary(types: usize, seed: u64) -> Vec<String> {
    let tokenizer = Tokenizer::new();
    let mut freq: FxHashMap<&str, u64> = FxHashMap::default();
    for (_, text) in SEEDS {
        for w in tokenizer.words(text) {
            *freq.entry(w).or_default() += 1;
        }
    }
    let mut seed_words: Vec<(&str, u64)> = freq.into_iter().collect();
    seed_words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut seen: FxHashSet<String> = seed_words.iter().map(|w| w.0.to_owned()).collect();
    let mut words: Vec<String> = seed_words.into_iter().map(|w| w.0.to_owned()).collect();

    let mut rng = Rng::new(seed ^ 0x05EE_D0F7_0C4B);
    let letters = Sampler::new(LETTERS.iter().map(|l| l.1));
    let lengths = Sampler::new(LENGTHS.iter().copied());
    let target = words.len() + types;
    while words.len() < target {
        let mut w = String::new();
        let p = rng.f64();
        if p < 0.30 {
            w.push_str("ال");
        } else if p < 0.38 {
            w.push_str("وال");
        } else if p < 0.45 {
            w.push('و');
        }
        for _ in 0..lengths.sample(&mut rng) + 2 {
            w.push(LETTERS[letters.sample(&mut rng)].0);
        }
        if seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

/// Writes a corpus of at least `options.bytes` bytes to `out`.
pub fn generate(options: &SynthOptions, out: &mut dyn Write) -> io::Result<()> {
    each_document(options, |_, d| out.write_all(d.as_bytes()))?;
    out.flush()
}

/// Writes the corpus of [`generate`] as CSV (`id,date,text`), each document
/// dated on a day drawn uniformly from `first` to `last` (days of
/// [`Date::first_day`](crate::time::Date::first_day)): a dated corpus for
/// trends. The text of each document is [`generate`]'s, without its newline.
pub fn generate_dated(
    options: &SynthOptions,
    (first, last): (i64, i64),
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["id", "date", "text"])?;
    let span = (last - first + 1).max(1) as f64;
    each_document(options, |i, d| {
        // A day of its own stream, apart from the words' (same text as `generate`).
        let mut rng = Rng::new(options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ !i);
        let day = (first + (rng.f64() * span) as i64).min(last);
        let date = crate::time::Date::from_days(day).to_string();
        Ok(csv.write_record([i.to_string().as_str(), date.as_str(), d.trim_end()])?)
    })?;
    csv.flush()
}

/// Calls `f(index, text)` with each document in order until `options.bytes`
/// are reached; documents are made in parallel blocks.
fn each_document(
    options: &SynthOptions,
    mut f: impl FnMut(u64, &str) -> io::Result<()>,
) -> io::Result<()> {
    let words = vocabulary(options.types, options.seed);
    let zipf = Sampler::new((0..words.len()).map(|r| 1.0 / (r + 1) as f64));
    let mut written = 0u64;
    let mut first = 0u64;
    const BLOCK: u64 = 256;
    while written < options.bytes {
        let docs: Vec<String> = (first..first + BLOCK)
            .into_par_iter()
            .map(|i| document(&words, &zipf, options.seed, i))
            .collect();
        for (k, d) in docs.iter().enumerate() {
            if written >= options.bytes {
                break;
            }
            f(first + k as u64, d)?;
            written += d.len() as u64;
        }
        first += BLOCK;
    }
    Ok(())
}

fn document(words: &[String], zipf: &Sampler, seed: u64, index: u64) -> String {
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ index);
    let n = (200.0 * (0.8 * rng.normal()).exp()).clamp(5.0, 5000.0) as usize;
    let mut doc = String::with_capacity(n * 9);
    for k in 0..n {
        if k > 0 {
            doc.push(' ');
        }
        let w = &words[zipf.sample(&mut rng)];
        let p = rng.f64();
        if p < 0.03 || (0.03..0.035).contains(&p) {
            // A haraka (3%) or a tatweel (0.5%) after one of the letters.
            let chars: Vec<char> = w.chars().collect();
            let at = rng
                .below(chars.len().saturating_sub(1))
                .min(chars.len() - 1);
            for (i, c) in chars.iter().enumerate() {
                doc.push(*c);
                if i == at {
                    doc.push(if p < 0.03 {
                        HARAKAT[rng.below(HARAKAT.len())]
                    } else {
                        '\u{0640}'
                    });
                }
            }
        } else {
            doc.push_str(w);
        }
        let q = rng.f64();
        if q < 0.06 {
            doc.push('،');
        } else if q < 0.10 {
            doc.push('.');
        } else if q < 0.105 {
            doc.push('؟');
        }
    }
    doc.push('\n');
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_changes_output_and_threads_do_not() {
        let o = SynthOptions {
            bytes: 50_000,
            seed: 1,
            types: 2_000,
        };
        let mut a = Vec::new();
        generate(&o, &mut a).unwrap();
        let mut b = Vec::new();
        crate::with_threads(1, || generate(&o, &mut b)).unwrap();
        assert_eq!(a, b);
        let mut c = Vec::new();
        generate(&SynthOptions { seed: 2, ..o }, &mut c).unwrap();
        assert_ne!(a, c);
        let text = String::from_utf8(a).unwrap();
        assert!(text.lines().all(|l| !l.trim().is_empty()));
        // The dated corpus: the same texts, each with a day in the span.
        let mut d = Vec::new();
        let span = (
            "2017-01-01"
                .parse::<crate::time::Date>()
                .unwrap()
                .first_day(),
            "2017-12-31"
                .parse::<crate::time::Date>()
                .unwrap()
                .first_day(),
        );
        generate_dated(&o, span, &mut d).unwrap();
        let mut r = csv::Reader::from_reader(d.as_slice());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), text.lines().count());
        for (row, line) in rows.iter().zip(text.lines()) {
            assert_eq!(&row[2], line);
            assert!(row[1].starts_with("2017-"), "{}", &row[1]);
        }
        let months: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[1][..7]).collect();
        // About 30 documents over 12 months: most months have one.
        assert!(months.len() >= 8, "{months:?}");
        assert!(
            text.contains('\u{0640}') && text.contains('\u{064E}') || text.contains('\u{064F}')
        );
    }

    #[test]
    fn most_frequent_words_are_real() {
        let v = vocabulary(100, 3);
        // The commonest word of the seeds is a preposition.
        assert!(["في", "فى", "من"].contains(&v[0].as_str()), "{}", v[0]);
        assert_eq!(v.iter().collect::<FxHashSet<_>>().len(), v.len());
    }
}
