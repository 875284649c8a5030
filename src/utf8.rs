//! UTF-8 helpers every stage shares: reading bytes as text with an error
//! that says where, and decoding one character fast.

use crate::error::{Error, Result};

/// Decodes `bytes` read from `path` as UTF-8. `offset` and `line` locate the
/// first byte in the file, so an error can say where the bad byte is.
pub(crate) fn decode_utf8(
    path: &str,
    bytes: Vec<u8>,
    lossy: bool,
    offset: u64,
    line: u64,
) -> Result<String> {
    // The SIMD check is several times faster than the standard library's on
    // Arabic text (two-byte characters); only its verdict is used.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let newlines = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            Err(Error::InvalidUtf8 {
                path: path.to_owned(),
                line: line + newlines,
                offset: offset + valid as u64,
            })
        }
    }
}

/// The character starting at byte `i` of `text` (`i` on a character boundary).
///
/// Two-byte sequences (all of Arabic, Latin accents) are decoded inline: this
/// runs once per character of the corpus.
#[inline]
pub(crate) fn decode_at(text: &str, i: usize) -> char {
    let b = text.as_bytes();
    if b[i] & 0xE0 == 0xC0 && i + 1 < b.len() {
        // Valid UTF-8 (a &str): the lead and continuation bytes are well formed.
        let u = (u32::from(b[i] & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F);
        if let Some(c) = char::from_u32(u) {
            return c;
        }
    }
    text[i..].chars().next().unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_at_matches_chars() {
        let t = "aé داعش€😀";
        for (i, c) in t.char_indices() {
            assert_eq!(decode_at(t, i), c);
        }
    }
}
