//! Choosing documents by their metadata before any analysis: fields equal
//! to values (`where`), and dates from `since` to `until`.
//!
//! ```
//! use tahlil::input::{Corpus, InputOptions, Selection};
//!
//! let options = InputOptions {
//!     date_column: Some("date".into()),
//!     select: Selection { since: Some("2018".parse().unwrap()), ..Selection::default() },
//!     ..InputOptions::default()
//! };
//! let n = Corpus::seeds(options).documents().filter(|d| d.is_ok()).count();
//! assert_eq!(n, 2); // the two seeds of January 2018
//! ```

use crate::error::{Error, Result};
use crate::time::Date;

use super::Document;

/// Which documents an analysis sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `(field, value)`: every one must hold.
    pub r#where: Vec<(String, String)>,
    /// Documents dated on or after this date's first day.
    pub since: Option<Date>,
    /// Documents dated on or before this date's last day (`until` 2017-11
    /// keeps all of November).
    pub until: Option<Date>,
}

impl Selection {
    /// Whether every document is kept.
    pub fn is_all(&self) -> bool {
        self.r#where.is_empty() && self.since.is_none() && self.until.is_none()
    }

    /// Whether the selection needs documents' dates.
    pub fn needs_dates(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Whether `doc` is selected. A field named in `where` that the document
    /// lacks is an error listing the fields it has. A date known to the
    /// month or year is selected only if all of it lies within the bounds.
    pub fn keeps(&self, doc: &Document) -> Result<bool> {
        for (name, value) in &self.r#where {
            match doc.meta.get(name) {
                Some(v) if v == value => {}
                Some(_) => return Ok(false),
                None => {
                    return Err(Error::Parse {
                        path: doc.meta.origin.file.to_string(),
                        line: doc.meta.origin.line,
                        message: format!(
                            "`where` {name}={value}: the document {:?} has no field {name:?} (its fields: {})",
                            doc.id,
                            doc.meta.listed()
                        ),
                    })
                }
            }
        }
        if self.needs_dates() {
            // A document is kept when all of its date lies within the bounds:
            // one dated 2017 is in `since` 2017 but not in `since` 2017-07,
            // for it may be from any day of the year.
            let date = doc
                .meta
                .date
                .expect("dates are read when the selection needs them");
            if self.since.is_some_and(|s| date.first_day() < s.first_day())
                || self.until.is_some_and(|u| date.last_day() > u.last_day())
            {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The selection as the user wrote it, for a message.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .r#where
            .iter()
            .map(|(n, v)| format!("`where` {n}={v}"))
            .collect();
        if let Some(s) = self.since {
            parts.push(format!("`since` {s}"));
        }
        if let Some(u) = self.until {
            parts.push(format!("`until` {u}"));
        }
        parts.join(" ")
    }
}

/// `field=value`, as `where` is written.
pub fn parse_where(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("{s:?} is not FIELD=VALUE (e.g. source=الغارديان)")),
    }
}
