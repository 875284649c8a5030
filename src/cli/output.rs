//! Text output to stdout or, atomically, to a file.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;
use tahlil::io::OutputSet;

/// Runs `write` against stdout (buffered) or an atomically written file.
pub fn with_output<F>(out: Option<&PathBuf>, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    let set = OutputSet::new();
    stage_output(&set, out, write)?;
    Ok(set.commit()?)
}

/// Runs `write` against stdout (buffered) or a file staged in `set`, with
/// the other files of the same result.
pub fn stage_output<F>(set: &OutputSet, out: Option<&PathBuf>, write: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> Result<()>,
{
    match out {
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
            write(&mut w)?;
            w.flush()?;
            Ok(())
        }
        Some(path) => {
            // The library's writer takes an io-returning closure: carry our
            // error through an io::Error and restore it afterwards.
            let mut inner: Option<anyhow::Error> = None;
            let r = set.write(path, |w| {
                write(w).map_err(|e| {
                    let msg = format!("{e:#}");
                    inner = Some(e);
                    io::Error::other(msg)
                })
            });
            match (r, inner) {
                (_, Some(e)) => Err(e),
                (r, None) => Ok(r?),
            }
        }
    }
}

/// Replaces line breaks so a document fits on one line.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    const BREAKS: [char; 5] = ['\n', '\r', '\u{0085}', '\u{2028}', '\u{2029}'];
    if s.contains(BREAKS) {
        s.replace("\r\n", " ").replace(BREAKS, " ").into()
    } else {
        s.into()
    }
}

/// `n` and `noun`, in the plural unless `n` is 1: "1 topic", "5 topics".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "topic"), "1 topic");
        assert_eq!(count(0, "document"), "0 documents");
        assert_eq!(count(5, "non-zero"), "5 non-zeros");
    }
}
