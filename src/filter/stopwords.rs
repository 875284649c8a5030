//! Stop-word lists: none, the built-in Arabic list, or a user's file.

use std::path::Path;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::normalize::Normalizer;

/// The built-in list (stopwords-iso, MIT; see the file's header).
pub const BUILTIN: &str = include_str!("stopwords-ar.txt");

/// Which stop words to remove. A list read from a file is stored with its
/// words, so a saved model does not depend on the file still being there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StopWords {
    /// Keep every word.
    None,
    /// The built-in Arabic list.
    #[default]
    Builtin,
    /// A list given by the user.
    List {
        /// Where it came from (for messages and the saved model).
        source: String,
        /// The words as written in the source.
        words: Vec<String>,
    },
}

impl StopWords {
    /// The stop words a front names by one string: `none`, `builtin`, or the
    /// path of a file of one word per line.
    pub fn from_arg(arg: &str) -> Result<Self> {
        match arg {
            "none" => Ok(StopWords::None),
            "builtin" => Ok(StopWords::Builtin),
            path => StopWords::from_file(Path::new(path)),
        }
    }

    /// Reads a list: one word per line, `#` starts a comment line, blank lines ignored.
    pub fn from_file(path: &Path) -> Result<Self> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            Error::io(
                format!("{shown} (`stopwords` takes none, builtin or a file of one word per line)"),
                e,
            )
        })?;
        // Said here: the corpus's `lossy` does not apply to a word list.
        let text = crate::utf8::decode_utf8(&shown, bytes, false, 0, 1).map_err(|e| match e {
            Error::InvalidUtf8 { path, line, offset } => Error::Parse {
                path,
                line,
                message: format!("invalid UTF-8 at byte {offset}: a stop-word list must be UTF-8"),
            },
            e => e,
        })?;
        Ok(StopWords::List {
            source: shown,
            words: parse_list(&text).map(str::to_owned).collect(),
        })
    }

    /// The words of the list, as written.
    pub fn words(&self) -> Vec<&str> {
        match self {
            StopWords::None => Vec::new(),
            StopWords::Builtin => parse_list(BUILTIN).collect(),
            StopWords::List { words, .. } => words.iter().map(String::as_str).collect(),
        }
    }

    /// The set to match tokens against: every word passed through `normalizer`,
    /// so that the list and the text agree on spelling (فى and في both match).
    pub fn compile(&self, normalizer: &Normalizer) -> FxHashSet<Box<str>> {
        self.words()
            .into_iter()
            .map(|w| normalizer.normalize(w).into_boxed_str())
            .filter(|w| !w.is_empty())
            .collect()
    }
}

fn parse_list(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_is_normalized_at_load() {
        let set = StopWords::Builtin.compile(&Normalizer::default());
        // The source spells it فى in some entries and في in others; both normalize to في.
        assert!(set.contains("في"));
        assert!(set.contains("ان"), "أن folds to ان");
        assert!(set.contains("الي"), "إلى folds to الي");
        assert!(!set.contains("داعش"));
        assert!(set.len() > 300, "{}", set.len());
    }

    #[test]
    fn none_is_empty() {
        assert!(StopWords::None.compile(&Normalizer::default()).is_empty());
    }

    #[test]
    fn missing_file_names_the_file() {
        let err = StopWords::from_arg("/nonexistent/stop.txt")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/nonexistent/stop.txt"), "{err}");
    }

    #[test]
    fn a_list_that_is_not_utf8_says_where_without_offering_lossy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stop.txt");
        std::fs::write(&path, b"\xd9\x81\xd9\x8a\n\xff\n").unwrap();
        let err = StopWords::from_file(&path).unwrap_err().to_string();
        assert!(
            err.ends_with("stop.txt:2: invalid UTF-8 at byte 5: a stop-word list must be UTF-8"),
            "{err}"
        );
    }
}
