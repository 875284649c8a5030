//! Dates as news archives write them, and the periods trends are counted in.
//!
//! A document's date is read from a metadata column in ISO 8601: a year
//! (`2017`), a month (`2017-11`), a day (`2017-11-03`), or a day and time
//! (`2017-11-03T08:15:00Z`, `2017-11-03 08:15`, with or without an offset).
//! The time of day is checked but not kept: a document belongs to the day it
//! is dated, as written, whatever its offset from UTC (a journalist's
//! "published on the 3rd" is a local date).
//!
//! A [`Period`] is a year, quarter, month, ISO week or day, numbered so that
//! consecutive periods have consecutive numbers: a trend is counted per
//! number, and the periods between the first and the last are listed even
//! when no document falls in them, so a chart has no gaps.
//!
//! ```
//! use tahlil::time::{By, Date};
//!
//! let d: Date = "2017-11-03T08:15:00Z".parse().unwrap();
//! assert_eq!(d.to_string(), "2017-11-03");
//! assert_eq!(By::Week.period(d).unwrap().to_string(), "2017-W44");
//! assert_eq!(By::Quarter.period(d).unwrap().to_string(), "2017-Q4");
//! let first = By::Month.period("2017-11".parse().unwrap()).unwrap();
//! assert_eq!(first.next().to_string(), "2017-12");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A calendar date, to the precision it was written in: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: i32,
    /// 1–12, or 0 if only the year is known.
    month: u8,
    /// 1–31, or 0 if only the year or month is known.
    day: u8,
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// Why a text is not a date (the message completes "… is not a date: ").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

/// The forms a date may take, for messages.
pub const DATE_FORMS: &str = "2017-11-03, 2017-11-03T08:15:00Z, 2017-11 or 2017";

impl Date {
    /// The day `year`-`month`-`day`, if it exists.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Date { year, month, day })
    }

    /// The day `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        civil_from_days(days)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// Days since 1970-01-01 of the date's first day (a month's 1st, a year's 1 January).
    pub fn first_day(&self) -> i64 {
        days_from_civil(self.year, self.month.max(1), self.day.max(1))
    }

    /// Days since 1970-01-01 of the date's last day (a month's last, a year's 31 December).
    pub fn last_day(&self) -> i64 {
        match self.precision() {
            Precision::Year => days_from_civil(self.year, 12, 31),
            Precision::Month => {
                days_from_civil(self.year, self.month, days_in_month(self.year, self.month))
            }
            Precision::Day => self.first_day(),
        }
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        parse(s.trim())
            .ok_or_else(|| DateError(format!("{s:?} is not an ISO 8601 date ({DATE_FORMS})")))
    }
}

/// `s` as `YYYY[-MM[-DD[(T| )HH:MM[:SS[.f]][Z|±HH[:MM]]]]]`.
fn parse(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = b.get(from..from + n)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |v, &d| v * 10 + u32::from(d - b'0')))
    };
    let year = digits(0, 4)? as i32;
    if b.len() == 4 {
        return Some(Date {
            year,
            month: 0,
            day: 0,
        });
    }
    if b.get(4) != Some(&b'-') {
        return None;
    }
    let month = digits(5, 2)? as u8;
    if !(1..=12).contains(&month) {
        return None;
    }
    if b.len() == 7 {
        return Some(Date {
            year,
            month,
            day: 0,
        });
    }
    if b.get(7) != Some(&b'-') {
        return None;
    }
    let date = Date::ymd(year, month, digits(8, 2)? as u8)?;
    if b.len() == 10 {
        return Some(date);
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b.get(13) != Some(&b':') {
        return None;
    }
    if digits(11, 2)? > 23 || digits(14, 2)? > 59 {
        return None;
    }
    let mut at = 16;
    if b.get(at) == Some(&b':') {
        if digits(at + 1, 2)? > 60 {
            return None;
        }
        at += 3;
        if b.get(at) == Some(&b'.') {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            if at == start {
                return None;
            }
        }
    }
    match b.get(at) {
        None => Some(date),
        Some(b'Z' | b'z') if at + 1 == b.len() => Some(date),
        Some(b'+' | b'-') => {
            let hours = digits(at + 1, 2)?;
            let rest = &b[at + 3..];
            let minutes = match rest {
                [] => 0,
                [b':', ..] if rest.len() == 3 => digits(at + 4, 2)?,
                _ if rest.len() == 2 => digits(at + 3, 2)?,
                _ => return None,
            };
            (hours <= 23 && minutes <= 59).then_some(date)
        }
        _ => None,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day `days` after 1970-01-01 (Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// 1970-01-05, the first Monday after the epoch, in days.
const FIRST_MONDAY: i64 = 4;

/// The length of the periods a trend is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum By {
    Year,
    Quarter,
    Month,
    /// ISO 8601 weeks: Monday to Sunday, numbered within the year that holds their Thursday.
    Week,
    Day,
}

crate::names::named_enum!(By, "period", {
    Year => "year",
    Quarter => "quarter",
    Month => "month",
    Week => "week",
    Day => "day",
});

/// A document dated more coarsely than the periods asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooCoarse {
    pub date: Date,
    pub by: By,
}

impl fmt::Display for TooCoarse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the date {} has no {}: it cannot be placed in a {}; count `by` a longer period, or give full dates",
            self.date,
            if self.by == By::Quarter || self.by == By::Month { "month" } else { "day" },
            self.by
        )
    }
}

impl By {
    /// The precision a date needs to fall in one period.
    pub fn needs(self) -> Precision {
        match self {
            By::Year => Precision::Year,
            By::Quarter | By::Month => Precision::Month,
            By::Week | By::Day => Precision::Day,
        }
    }

    /// The period `date` falls in.
    pub fn period(self, date: Date) -> Result<Period, TooCoarse> {
        if date.precision() < self.needs() {
            return Err(TooCoarse { date, by: self });
        }
        let (y, m) = (i64::from(date.year), i64::from(date.month));
        let n = match self {
            By::Year => y,
            By::Quarter => y * 4 + (m - 1) / 3,
            By::Month => y * 12 + m - 1,
            By::Week => (date.first_day() - FIRST_MONDAY).div_euclid(7),
            By::Day => date.first_day(),
        };
        Ok(Period { by: self, n })
    }
}

/// One year, quarter, month, week or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    by: By,
    /// Consecutive periods have consecutive numbers.
    n: i64,
}

impl Period {
    /// The period after this one.
    pub fn next(self) -> Period {
        Period {
            n: self.n + 1,
            ..self
        }
    }

    /// The periods from `self` to `last`, both included.
    pub fn through(self, last: Period) -> impl Iterator<Item = Period> {
        let by = self.by;
        (self.n..=last.n).map(move |n| Period { by, n })
    }

    /// Periods from `self` to `other` (1 for the same period).
    pub fn span(self, other: Period) -> usize {
        (other.n - self.n + 1).max(0) as usize
    }

    /// The period's first day.
    pub fn first_day(self) -> Date {
        match self.by {
            By::Year => Date {
                year: self.n as i32,
                month: 1,
                day: 1,
            },
            By::Quarter => Date {
                year: self.n.div_euclid(4) as i32,
                month: (self.n.rem_euclid(4) * 3 + 1) as u8,
                day: 1,
            },
            By::Month => Date {
                year: self.n.div_euclid(12) as i32,
                month: (self.n.rem_euclid(12) + 1) as u8,
                day: 1,
            },
            By::Week => civil_from_days(self.n * 7 + FIRST_MONDAY),
            By::Day => civil_from_days(self.n),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.first_day();
        match self.by {
            By::Year => write!(f, "{:04}", first.year),
            By::Quarter => write!(f, "{:04}-Q{}", first.year, (first.month - 1) / 3 + 1),
            By::Month => write!(f, "{:04}-{:02}", first.year, first.month),
            By::Week => {
                // The ISO year and week are those of the week's Thursday.
                let thursday = self.n * 7 + FIRST_MONDAY + 3;
                let year = civil_from_days(thursday).year;
                let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
                write!(f, "{year:04}-W{week:02}")
            }
            By::Day => write!(f, "{first}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn period(by: By, s: &str) -> String {
        by.period(date(s)).unwrap().to_string()
    }

    #[test]
    fn every_iso_form_parses_to_the_date_as_written() {
        for (text, shown) in [
            ("2017", "2017"),
            ("2017-11", "2017-11"),
            ("2017-11-03", "2017-11-03"),
            ("2017-11-03T08:15", "2017-11-03"),
            ("2017-11-03T08:15:00Z", "2017-11-03"),
            ("2017-11-03 23:59:59.123", "2017-11-03"),
            ("2017-11-03T23:30:00-05:00", "2017-11-03"),
            ("2017-11-03T23:30:00+0300", "2017-11-03"),
            ("2017-11-03T23:30:00+03", "2017-11-03"),
            (" 2016-02-29 ", "2016-02-29"),
        ] {
            assert_eq!(date(text).to_string(), shown, "{text}");
        }
    }

    #[test]
    fn what_is_not_a_date_says_what_would_be() {
        for text in [
            "",
            "17",
            "2017-1",
            "2017-13",
            "2017-00",
            "2017-02-29",
            "2017-04-31",
            "2017/11/03",
            "03-11-2017",
            "2017-11-03T25:00",
            "2017-11-03T08",
            "2017-11-03T08:15Zx",
            "2017-11-03T08:15:00.",
            "٢٠١٧",
            "2017-11-03x",
        ] {
            let e = text.parse::<Date>().unwrap_err().to_string();
            assert!(
                e.contains("is not an ISO 8601 date (2017-11-03"),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn days_round_trip_over_four_centuries() {
        for days in (-200_000..200_000).step_by(37) {
            let d = civil_from_days(days);
            assert_eq!(d.first_day(), days);
            assert_eq!(Date::ymd(d.year, d.month, d.day), Some(d));
        }
        assert_eq!(date("1970-01-01").first_day(), 0);
        assert_eq!(date("2000-03-01").first_day(), 11_017);
    }

    #[test]
    fn periods_are_labelled_as_the_issue_spells_them() {
        assert_eq!(period(By::Year, "2017-11-03"), "2017");
        assert_eq!(period(By::Quarter, "2017-07"), "2017-Q3");
        assert_eq!(period(By::Quarter, "2017-12-31"), "2017-Q4");
        assert_eq!(period(By::Month, "2017-11-03"), "2017-11");
        assert_eq!(period(By::Day, "2017-11-03"), "2017-11-03");
        // ISO weeks, checked against Python's date.isocalendar().
        assert_eq!(period(By::Week, "2017-11-03"), "2017-W44");
        assert_eq!(period(By::Week, "2017-01-01"), "2016-W52");
        assert_eq!(period(By::Week, "2018-12-31"), "2019-W01");
        assert_eq!(period(By::Week, "2020-12-31"), "2020-W53");
        assert_eq!(period(By::Week, "2021-01-03"), "2020-W53");
        assert_eq!(period(By::Week, "2021-01-04"), "2021-W01");
    }

    #[test]
    fn consecutive_periods_have_no_gaps() {
        let first = By::Month.period(date("2017-11")).unwrap();
        let last = By::Month.period(date("2018-02-10")).unwrap();
        let all: Vec<String> = first.through(last).map(|p| p.to_string()).collect();
        assert_eq!(all, ["2017-11", "2017-12", "2018-01", "2018-02"]);
        assert_eq!(first.span(last), 4);
        let w = By::Week.period(date("2017-12-31")).unwrap();
        assert_eq!(w.to_string(), "2017-W52");
        assert_eq!(w.next().to_string(), "2018-W01");
        assert_eq!(w.next().first_day().to_string(), "2018-01-01");
        let q = By::Quarter.period(date("2017-12")).unwrap();
        assert_eq!(q.next().to_string(), "2018-Q1");
    }

    #[test]
    fn a_coarse_date_fits_only_coarse_periods() {
        let e = By::Month.period(date("2017")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the date 2017 has no month: it cannot be placed in a month; count `by` a longer period, or give full dates"
        );
        assert!(By::Week.period(date("2017-11")).is_err());
        assert_eq!(period(By::Year, "2017"), "2017");
        assert_eq!(date("2017").first_day(), date("2017-01-01").first_day());
        assert_eq!(date("2017").last_day(), date("2017-12-31").first_day());
        assert_eq!(date("2016-02").last_day(), date("2016-02-29").first_day());
    }
}
