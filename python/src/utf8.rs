//! A Python str as UTF-8, made faster than CPython's own encoder makes it.
//!
//! Every document given to a vectorizer is copied out of Python once, in the
//! one thread that may call Python; the library's workers wait for it. For
//! Arabic text `str.encode()` spends about 2.3 ns a character (mostly branch
//! mispredictions between one- and two-byte characters) and then the bytes
//! object is copied again. Here the characters are widened into a reused
//! buffer of code points (`PyUnicode_AsUCS4`, part of the stable ABI, a plain
//! copy loop), and written out as UTF-8 straight into a `String`. Text whose
//! characters are all below U+0800 (Latin, Greek, Cyrillic, Hebrew, Arabic,
//! Syriac, Thaana, N'Ko...) is encoded eight characters at a time with SSSE3
//! shuffles where the processor has them: in a fit on 100 MB of Arabic text
//! a branchless loop over one character at a time was two thirds of the
//! main thread's time while the workers counted, and this takes under a
//! third of what it took (perf). That loop remains for the last few
//! characters and for other processors; other text is encoded one character
//! at a time into a `String` of exactly the right size.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// `s` as UTF-8. `units` is scratch space, reused between calls. A lone
/// surrogate, which UTF-8 cannot hold, raises what `s.encode()` raises.
pub(crate) fn utf8(s: &Bound<'_, PyString>, units: &mut Vec<u32>) -> PyResult<String> {
    // SAFETY: `s` is a live str (we hold a reference and the GIL); the buffer
    // has room for its `len` code points, which is all AsUCS4 writes when it
    // is told not to add a terminating NUL.
    let len = unsafe { ffi::PyUnicode_GetLength(s.as_ptr()) };
    if len < 0 {
        return Err(PyErr::fetch(s.py()));
    }
    let len = len as usize;
    units.clear();
    units.reserve(len);
    let written = unsafe { ffi::PyUnicode_AsUCS4(s.as_ptr(), units.as_mut_ptr(), len as _, 0) };
    if written.is_null() {
        return Err(PyErr::fetch(s.py()));
    }
    // SAFETY: AsUCS4 succeeded: the first `len` elements are written.
    unsafe { units.set_len(len) };
    match encode(units) {
        Some(text) => Ok(text),
        // Python's own error, with its position and reason.
        None => s
            .encode_utf8()
            .map(|b| String::from_utf8_lossy(b.as_bytes()).into_owned()),
    }
}

/// Where each byte of eight 2-byte little-endian words goes when the words
/// of the code points below U+0080 (bit k of the index: word k) keep only
/// their first byte: the shuffle that packs them, left-aligned (0x80: zero).
#[cfg(target_arch = "x86_64")]
const PACK: [[u8; 16]; 256] = {
    let mut table = [[0x80u8; 16]; 256];
    let mut mask = 0;
    while mask < 256 {
        let mut at = 0;
        let mut k = 0;
        while k < 8 {
            table[mask][at] = 2 * k as u8;
            at += 1;
            if mask >> k & 1 == 0 {
                table[mask][at] = 2 * k as u8 + 1;
                at += 1;
            }
            k += 1;
        }
        mask += 1;
    }
    table
};

/// Writes the UTF-8 of `units`, all below U+0800, eight at a time from
/// `out` on (scalar code is one or two bytes per character with a branch or
/// a dependency on the last length; here a character is a few vector
/// instructions' eighth). Returns how many units it did (all but fewer than
/// eight) and bytes it wrote.
///
/// # Safety
/// The processor has SSSE3; every unit is below U+0800; `out` has room for
/// the UTF-8 of `units` and 16 bytes more.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
unsafe fn two_bytes(units: &[u32], out: *mut u8) -> (usize, usize) {
    use std::arch::x86_64::*;
    let mut n = 0;
    let blocks = units.len() / 8;
    let (ascii_end, low6, lead, trail) = (
        _mm_set1_epi16(0x80),
        _mm_set1_epi16(0x3F),
        _mm_set1_epi16(0xC0),
        _mm_set1_epi16(0x80 << 8),
    );
    for b in 0..blocks {
        let p = units.as_ptr().add(8 * b).cast::<__m128i>();
        // Eight code points as 16-bit words (all fit: below U+0800).
        let c = _mm_packs_epi32(_mm_loadu_si128(p), _mm_loadu_si128(p.add(1)));
        let ascii = _mm_cmplt_epi16(c, ascii_end);
        // 110xxxxx 10xxxxxx as a little-endian word.
        let two = _mm_or_si128(
            _mm_or_si128(_mm_srli_epi16(c, 6), lead),
            _mm_or_si128(_mm_slli_epi16(_mm_and_si128(c, low6), 8), trail),
        );
        let words = _mm_or_si128(_mm_and_si128(ascii, c), _mm_andnot_si128(ascii, two));
        let mask = _mm_movemask_epi8(_mm_packs_epi16(ascii, _mm_setzero_si128())) as usize;
        let packed = _mm_shuffle_epi8(words, _mm_loadu_si128(PACK[mask].as_ptr().cast()));
        _mm_storeu_si128(out.add(n).cast(), packed);
        n += 16 - mask.count_ones() as usize;
    }
    (8 * blocks, n)
}

/// `units` (code points) as UTF-8, or `None` if one is a surrogate.
fn encode(units: &[u32]) -> Option<String> {
    #[cfg(target_arch = "x86_64")]
    // All below U+0800 (so no surrogate) if their bits together are: one
    // pass the compiler vectorizes, rather than counting each length first.
    if units.iter().fold(0, |a, &c| a | c) < 0x800 && std::is_x86_feature_detected!("ssse3") {
        // At most two bytes a character, and 16 for the last vector store.
        let mut out: Vec<u8> = Vec::with_capacity(2 * units.len() + 16);
        let base = out.as_mut_ptr();
        // SAFETY: the processor has SSSE3, every unit is below U+0800, and
        // `out` has room for the UTF-8 and 16 bytes more.
        let (done, n) = unsafe { two_bytes(units, base) };
        // SAFETY: the same room.
        let n = unsafe { one_or_two(&units[done..], &mut out, n) };
        if n + n / 2 < out.capacity() {
            // Mostly ASCII: not twice its size for as long as it is kept.
            out.shrink_to_fit();
        }
        // SAFETY: one_or_two wrote UTF-8, up to `n`.
        return Some(unsafe { String::from_utf8_unchecked(out) });
    }
    // Bytes: one per code point, one more from U+0080, U+0800 and U+10000.
    // (A loop the compiler vectorizes.)
    let (mut two, mut three, mut four, mut surrogates) = (0usize, 0usize, 0usize, 0u32);
    for &c in units {
        two += usize::from(c >= 0x80);
        three += usize::from(c >= 0x800);
        four += usize::from(c >= 0x1_0000);
        surrogates |= u32::from(c & 0xF_F800 == 0xD800);
    }
    if surrogates != 0 {
        return None;
    }
    let bytes = units.len() + two + three + four;
    // Room for the last character's full-width store.
    let mut out: Vec<u8> = Vec::with_capacity(bytes + 3);
    if three == 0 {
        // SAFETY: `bytes + 3` bytes of room for `bytes` of UTF-8.
        let n = unsafe { one_or_two(units, &mut out, 0) };
        debug_assert_eq!(n, bytes);
        // SAFETY: one_or_two wrote UTF-8, up to `n`.
        return Some(unsafe { String::from_utf8_unchecked(out) });
    }
    let base = out.as_mut_ptr();
    let mut n = 0;
    for &c in units {
        let (word, len) = if c < 0x80 {
            (c, 1)
        } else if c < 0x800 {
            (0x80C0 | (c >> 6) | ((c & 0x3F) << 8), 2)
        } else if c < 0x1_0000 {
            (
                0x80_80E0 | (c >> 12) | ((c >> 6 & 0x3F) << 8) | ((c & 0x3F) << 16),
                3,
            )
        } else {
            let b = [0xF0 | c >> 18, c >> 12 & 0x3F, c >> 6 & 0x3F, c & 0x3F];
            (0x8080_8000 | b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24, 4)
        };
        // SAFETY: n + 4 <= bytes + 3 for the last character, within the capacity.
        unsafe {
            base.add(n)
                .cast::<[u8; 4]>()
                .write_unaligned(word.to_le_bytes())
        };
        n += len;
    }
    debug_assert_eq!(n, bytes);
    // SAFETY: `bytes` bytes were written, each character as UTF-8 encodes it.
    unsafe {
        out.set_len(bytes);
        Some(String::from_utf8_unchecked(out))
    }
}

/// Writes the UTF-8 of `units`, all below U+0800, into `out` from byte `n`
/// on, without branches, and sets its length to where it ends (returned).
///
/// # Safety
/// `out` has room for that and one byte more (a two-byte store): both
/// callers size it so, and a check per character would be one more branch
/// in the loop this exists to keep without.
unsafe fn one_or_two(units: &[u32], out: &mut Vec<u8>, mut n: usize) -> usize {
    let base = out.as_mut_ptr();
    for &c in units {
        // One byte below U+0080, else two: 110xxxxx 10xxxxxx.
        let one = u32::from(c < 0x80);
        let pair = 0x80C0 | (c >> 6) | ((c & 0x3F) << 8);
        let word = (c & one.wrapping_neg()) | (pair & !one.wrapping_neg());
        debug_assert!(
            n + 2 <= out.capacity(),
            "room for the UTF-8 and a byte more"
        );
        // SAFETY: n + 2 <= the capacity, as the caller promises.
        unsafe {
            base.add(n)
                .cast::<[u8; 2]>()
                .write_unaligned((word as u16).to_le_bytes())
        };
        n += 2 - one as usize;
    }
    // SAFETY: bytes up to `n` were written, each character as UTF-8 encodes it.
    unsafe { out.set_len(n) };
    n
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn encodes_as_std_does() {
        for text in [
            "",
            "a",
            "داعش والقاعدة في 2017",
            "Ωmega ש ߊ ހ",
            "中文 and 日本語",
            "emoji 😀 and 𝔸",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        ] {
            let units: Vec<u32> = text.chars().map(u32::from).collect();
            assert_eq!(encode(&units).as_deref(), Some(text), "{text:?}");
        }
        // Every length around the eight-at-a-time blocks, every mix of one-
        // and two-byte characters in a block.
        let mixed: Vec<char> = "داعش and القاعدة, 2017: ߊހ\u{7f}\u{80}\u{7ff}"
            .chars()
            .collect();
        for start in 0..mixed.len() {
            for end in start..mixed.len() {
                let text: String = mixed[start..end].iter().collect();
                let units: Vec<u32> = text.chars().map(u32::from).collect();
                assert_eq!(encode(&units).as_deref(), Some(&*text), "{text:?}");
            }
        }
        assert_eq!(encode(&[0x61, 0xD800]), None);
        assert_eq!(encode(&[0xDFFF]), None);
    }
}
