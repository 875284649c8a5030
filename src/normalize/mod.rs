//! Arabic text normalization: the first stage of every pipeline.
//!
//! The default [`NormalizeOptions`] apply, in this order, Unicode NFKC and the
//! character rules listed in [`rules::RULES`]: delete format characters,
//! diacritics and tatweel; fold alef forms, alef maksura, teh marbuta,
//! Arabic-Indic/Persian digits and Persian letters; lowercase Latin. Every
//! step has a flag and can be switched off.
//!
//! ```
//! use tahlil::normalize::{NormalizeOptions, Normalizer};
//!
//! let n = Normalizer::new(&NormalizeOptions::default());
//! // Diacritics and tatweel deleted, hamza on alef folded, teh marbuta → heh.
//! assert_eq!(n.normalize("القـاعِدَة في أفغانستان"), "القاعده في افغانستان");
//! // The lam-alef ligature presentation form becomes two letters (NFKC).
//! assert_eq!(n.normalize("\u{FEFB}"), "لا");
//! ```
//!
//! # Speed
//! NFKC is only needed around characters that NFKC could change. A table
//! built once per [`Normalizer`] tells, for every character below U+3000,
//! whether it is such a character; text made of ordinary Arabic letters,
//! ASCII and deletable marks is mapped character by character in one pass,
//! and only the short stretch around anything else (a presentation form, a
//! decomposed hamza) goes through NFKC. The result is exactly that of NFKC on
//! the whole text followed by the rules: [`Normalizer`]'s tests compare the
//! two on every pair of characters in the Arabic block and on random text.
//!
//! # Exactness at the edges
//! Deleting a character can leave a base letter next to a combining mark it
//! would have composed with (`e`, U+200B, U+0301). Such stretches are
//! normalized again until nothing changes, so the output is always a fixed
//! point: normalizing twice gives the same text as normalizing once.

mod offsets;
pub mod rules;

pub use offsets::{OffsetMap, OffsetSink};

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Which normalization steps run. All are on by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeOptions {
    /// Unicode NFKC.
    pub nfkc: bool,
    /// Delete zero-width and bidirectional format characters.
    pub strip_format: bool,
    /// Delete Arabic diacritics.
    pub strip_diacritics: bool,
    /// Delete tatweel.
    pub strip_tatweel: bool,
    /// أ إ آ ٱ → ا.
    pub fold_alef: bool,
    /// ى → ي.
    pub fold_alef_maksura: bool,
    /// ة → ه.
    pub fold_teh_marbuta: bool,
    /// Arabic-Indic and Persian digits → ASCII.
    pub fold_digits: bool,
    /// ک ی ھ → ك ي ه.
    pub fold_persian: bool,
    /// Lowercase Latin letters.
    pub lowercase: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            nfkc: true,
            strip_format: true,
            strip_diacritics: true,
            strip_tatweel: true,
            fold_alef: true,
            fold_alef_maksura: true,
            fold_teh_marbuta: true,
            fold_digits: true,
            fold_persian: true,
            lowercase: true,
        }
    }
}

impl NormalizeOptions {
    /// Every step off: the text passes through unchanged.
    pub fn none() -> Self {
        NormalizeOptions {
            nfkc: false,
            strip_format: false,
            strip_diacritics: false,
            strip_tatweel: false,
            fold_alef: false,
            fold_alef_maksura: false,
            fold_teh_marbuta: false,
            fold_digits: false,
            fold_persian: false,
            lowercase: false,
        }
    }
}

/// Characters below this code point have a precomputed table entry.
const TABLE_END: u32 = 0x3000;
/// Output-character field of a table entry; `DELETE` there means "deleted".
const CHAR_MASK: u32 = 0x1F_FFFF;
const DELETE: u32 = CHAR_MASK;
/// NFKC never looks back past this character: a segment may start here.
const BOUNDARY: u32 = 1 << 29;
/// The character's rule output is exact without running NFKC around it.
const FAST: u32 = 1 << 30;
/// A boundary, fast and left unchanged by the rules: copied as it is.
const PLAIN: u32 = 1 << 31;

/// A compiled normalizer: build once, use from many threads.
#[derive(Debug, Clone)]
pub struct Normalizer {
    options: NormalizeOptions,
    table: Arc<[u32]>,
}

/// What the character rules do to one character.
enum Rule {
    Keep,
    Delete,
    Map(char),
    Lowercase,
}

impl Normalizer {
    /// Compiles `options` into a normalizer.
    ///
    /// The table of a set of options is built once per process and shared:
    /// building it (NFKC checks of 12,288 characters) took 3 ms, a third of
    /// what a Python `fit_transform` of one short document cost.
    pub fn new(options: &NormalizeOptions) -> Self {
        /// The tables built so far, the latest last; a few sets of options
        /// at most are in use at once (a grid search tries several).
        static TABLES: Mutex<Vec<(NormalizeOptions, Arc<[u32]>)>> = Mutex::new(Vec::new());
        const KEPT: usize = 16;
        let mut n = Normalizer {
            options: options.clone(),
            table: Arc::new([]),
        };
        // A poisoned lock only means a panic elsewhere: the tables are whole.
        let mut tables = TABLES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, table)) = tables.iter().find(|(o, _)| o == options) {
            n.table = Arc::clone(table);
            return n;
        }
        n.table = (0..TABLE_END)
            .map(|u| char::from_u32(u).map_or(0, |c| n.classify(c)))
            .collect();
        if tables.len() == KEPT {
            tables.remove(0);
        }
        tables.push((options.clone(), Arc::clone(&n.table)));
        n
    }

    /// The options this normalizer was built from.
    pub fn options(&self) -> &NormalizeOptions {
        &self.options
    }

    /// Normalizes `text` into a new string.
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        self.normalize_into(text, &mut out);
        out
    }

    /// Normalizes `text` into `out` (cleared first), reusing its allocation.
    pub fn normalize_into(&self, text: &str, out: &mut String) {
        out.clear();
        self.run(text, out, &mut ());
    }

    /// Normalizes `text` and records where each output character came from.
    pub fn normalize_with_offsets(&self, text: &str) -> (String, OffsetMap) {
        let mut out = String::with_capacity(text.len());
        let mut map = OffsetMap::default();
        self.run(text, &mut out, &mut map);
        (out, map)
    }

    fn rule(&self, c: char) -> Rule {
        let o = &self.options;
        if (o.strip_format && rules::is_format(c))
            || (o.strip_diacritics && rules::is_diacritic(c))
            || (o.strip_tatweel && rules::is_tatweel(c))
        {
            return Rule::Delete;
        }
        let folded = None
            .or_else(|| o.fold_alef.then(|| rules::fold_alef(c)).flatten())
            .or_else(|| {
                o.fold_alef_maksura
                    .then(|| rules::fold_alef_maksura(c))
                    .flatten()
            })
            .or_else(|| {
                o.fold_teh_marbuta
                    .then(|| rules::fold_teh_marbuta(c))
                    .flatten()
            })
            .or_else(|| o.fold_digits.then(|| rules::fold_digit(c)).flatten())
            .or_else(|| o.fold_persian.then(|| rules::fold_persian(c)).flatten());
        if let Some(m) = folded {
            return Rule::Map(m);
        }
        if o.lowercase && rules::is_latin_letter(c) && c.is_uppercase() {
            return Rule::Lowercase;
        }
        Rule::Keep
    }

    /// Applies the character rules to `c`, appending the result to `out`.
    fn push_ruled(&self, c: char, out: &mut String) {
        match self.rule(c) {
            Rule::Keep => out.push(c),
            Rule::Delete => {}
            Rule::Map(m) => out.push(m),
            Rule::Lowercase => out.extend(c.to_lowercase()),
        }
    }

    /// The table entry of `c`: its single output character (or `DELETE`) and
    /// the `BOUNDARY`/`FAST` flags.
    fn classify(&self, c: char) -> u32 {
        let (deleted, single) = match self.rule(c) {
            Rule::Keep => (false, Some(c)),
            Rule::Delete => (true, None),
            Rule::Map(m) => (false, Some(m)),
            Rule::Lowercase => {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(x), None) => (false, Some(x)),
                    _ => (false, None),
                }
            }
        };
        let out = if deleted {
            DELETE
        } else {
            single.map_or(c as u32, |s| s as u32)
        };
        if !self.options.nfkc {
            // Without NFKC every character is handled on its own.
            let fast = deleted || single.is_some();
            let plain = fast && out == c as u32;
            return out | BOUNDARY | if fast { FAST } else { 0 } | if plain { PLAIN } else { 0 };
        }
        let quick = |x: char| is_nfkc_quick(std::iter::once(x));
        let mut first = None;
        decompose_compatible(c, |d| {
            first.get_or_insert(d);
        });
        let first = first.unwrap_or(c);
        // NFKC cannot reach back across a kept character whose decomposition
        // starts with a starter that never composes with what precedes it and
        // that the rules keep (U+FCF2 decomposes to tatweel + marks: once the
        // tatweel is deleted its marks reorder with the ones before it).
        let boundary = !deleted
            && !matches!(self.rule(first), Rule::Delete)
            && canonical_combining_class(first) == 0
            && quick(first) != IsNormalized::Maybe
            && quick(c) != IsNormalized::Maybe;
        let stable = quick(c) == IsNormalized::Yes;
        // A kept character is fast if NFKC leaves it alone and its rule output
        // is itself a stable starter; a deleted one if NFKC leaves it alone
        // (NFKC may reorder it among other marks, but it disappears anyway).
        let fast = stable
            && if deleted {
                true
            } else {
                boundary
                    && canonical_combining_class(c) == 0
                    && single.is_some_and(|s| {
                        quick(s) == IsNormalized::Yes && canonical_combining_class(s) == 0
                    })
            };
        let plain = boundary && fast && out == c as u32;
        out | if boundary { BOUNDARY } else { 0 }
            | if fast { FAST } else { 0 }
            | if plain { PLAIN } else { 0 }
    }

    #[inline]
    fn entry(&self, c: char) -> u32 {
        match self.table.get(c as usize) {
            Some(&e) => e,
            None => self.classify(c),
        }
    }

    /// Exact slow path for one segment: NFKC then the rules, repeated until
    /// nothing changes (deletions can expose a new composition).
    fn normalize_segment(&self, seg: &str) -> String {
        let mut cur = seg.to_owned();
        // Two rounds reach the fixed point for every input seen so far; the
        // bound only guards against an unforeseen cycle.
        for _ in 0..8 {
            let mut next = String::with_capacity(cur.len());
            if self.options.nfkc {
                for c in cur.nfkc() {
                    self.push_ruled(c, &mut next);
                }
            } else {
                for c in cur.chars() {
                    self.push_ruled(c, &mut next);
                }
            }
            if next == cur {
                break;
            }
            cur = next;
        }
        cur
    }

    fn run<S: OffsetSink>(&self, text: &str, out: &mut String, sink: &mut S) {
        let base = out.len();
        let bytes = text.as_bytes();
        let lower_ascii = self.options.lowercase;
        // The current segment: where it starts in the input, the output and
        // the sink, and whether it needs the slow path.
        let (mut seg_in, mut seg_out, mut seg_sink, mut slow) = (0, out.len(), sink.len(), false);
        let mut i = 0;
        while i < bytes.len() {
            if !S::RECORDS {
                // Most text is runs of characters the rules leave as they are
                // (Arabic letters, spaces, digits, lower-case ASCII): copy each
                // run at once. Each is a segment boundary, so the segment then
                // starts at the run's last character.
                let (start, mut last) = (i, i);
                while i < bytes.len() {
                    let b = bytes[i];
                    let len = if b < 0x80 {
                        if lower_ascii && b.is_ascii_uppercase() {
                            break;
                        }
                        1
                    } else if b & 0xE0 == 0xC0 && i + 1 < bytes.len() {
                        let u = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
                        if self.table[u as usize] & PLAIN == 0 {
                            break;
                        }
                        2
                    } else {
                        break;
                    };
                    last = i;
                    i += len;
                }
                if i > start {
                    if slow {
                        self.redo(
                            &text[seg_in..start],
                            seg_in,
                            base,
                            out,
                            seg_out,
                            sink,
                            seg_sink,
                        );
                        slow = false;
                    }
                    out.push_str(&text[start..i]);
                    seg_in = last;
                    seg_out = out.len() - (i - last);
                    seg_sink = sink.len();
                    continue;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                if slow {
                    self.redo(&text[seg_in..i], seg_in, base, out, seg_out, sink, seg_sink);
                    slow = false;
                }
                seg_in = i;
                seg_out = out.len();
                seg_sink = sink.len();
                sink.push(out.len() - base, i, i + 1);
                out.push(if lower_ascii {
                    b.to_ascii_lowercase()
                } else {
                    b
                } as char);
                i += 1;
                continue;
            }
            // `i` is on a character boundary: every step advances by whole characters.
            let c = crate::utf8::decode_at(text, i);
            let len = c.len_utf8();
            let e = self.entry(c);
            if e & BOUNDARY != 0 {
                if slow {
                    self.redo(&text[seg_in..i], seg_in, base, out, seg_out, sink, seg_sink);
                }
                seg_in = i;
                seg_out = out.len();
                seg_sink = sink.len();
                slow = e & FAST == 0;
                if !slow && e & CHAR_MASK != DELETE {
                    sink.push(out.len() - base, i, i + len);
                    // Entries hold valid chars: they were built from `char`s.
                    out.push(char::from_u32(e & CHAR_MASK).unwrap_or(c));
                }
            } else if !slow {
                if e & FAST != 0 {
                    // A deleted mark belongs to the letter before it.
                    sink.extend_last(seg_sink, i + len);
                } else {
                    slow = true;
                }
            }
            i += len;
        }
        if slow {
            self.redo(&text[seg_in..], seg_in, base, out, seg_out, sink, seg_sink);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn redo<S: OffsetSink>(
        &self,
        seg: &str,
        seg_in: usize,
        base: usize,
        out: &mut String,
        seg_out: usize,
        sink: &mut S,
        seg_sink: usize,
    ) {
        out.truncate(seg_out);
        sink.truncate(seg_sink);
        for c in self.normalize_segment(seg).chars() {
            sink.push(out.len() - base, seg_in, seg_in + seg.len());
            out.push(c);
        }
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new(&NormalizeOptions::default())
    }
}

#[cfg(test)]
mod tests;
