//! The time tables a SQL script joins with, so that the engine's own
//! time-zone database and DST handling are never used (issue 15, "Time in
//! SQL: integers only").
//!
//! Every instant is a whole number of seconds since 1970-01-01T00:00:00Z;
//! a *local nominal epoch* is a wall-clock time read as if it were UTC. Each
//! table has one row per day of a [`DayRange`] (days since 1970-01-01), ten
//! years either side of the contract term, and is turned into a SQL
//! `VALUES` list by its `values_sql`:
//!
//! - [`TzTable`]: local nominal epoch → instant, in a time zone (a local time
//!   skipped by a DST change has none; a repeated one is its earlier
//!   instant, as the loader reads local times);
//! - [`UtcTable`]: instant → local nominal epoch;
//! - [`CalendarTable`]: working seconds of a calendar up to an instant, for
//!   `business_time` and `overlap`.
//!
//! Each table also computes, in Rust, exactly the formula the SQL evaluates
//! on it (`to_utc`, `to_local`, `cum`, `business_time`), so that the tables
//! are tested against the local evaluator without an engine.

mod calendar_table;
mod changes;
#[cfg(test)]
mod fixtures;
mod tz_table;
mod utc_table;
mod zone_table;

pub use calendar_table::{CalendarRow, CalendarTable};
pub use tz_table::{TzRow, TzTable};
pub use utc_table::{UtcRow, UtcTable};
pub use zone_table::ZoneTable;

use crate::eval::Term;
use chrono::{DateTime, Months, NaiveDate, Utc};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// How many years the tables reach before the term's start and after its end.
pub const MARGIN_YEARS: u32 = 10;

/// Why a time table cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeTableError {
    /// The range of days reaches past the dates chrono can represent.
    #[error("the days from {first} to {last} reach past the representable dates")]
    OutOfRange {
        /// The first day asked for.
        first: NaiveDate,
        /// The last day asked for.
        last: NaiveDate,
    },
    /// A time zone changes its UTC offset more than once in one day (local
    /// or UTC), which one table row cannot describe.
    #[error(
        "the time zone {zone} changes its UTC offset more than once on {day}, which the SQL tables cannot describe"
    )]
    SeveralChanges {
        /// The time zone's name.
        zone: String,
        /// The day (local or UTC, as the table is keyed).
        day: NaiveDate,
    },
    /// A working span of a calendar does not start or end on a whole second.
    #[error("working time of calendar {calendar} starts or ends at {at}, not on a whole second")]
    FractionalSecond {
        /// The calendar's name.
        calendar: String,
        /// The instant.
        at: DateTime<Utc>,
    },
}

/// The days a table covers, `first..=last`, in days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRange {
    first: i64,
    last: i64,
}

impl DayRange {
    /// The days from [`MARGIN_YEARS`] years before the term's start to as
    /// many after its end.
    pub fn for_term(term: &Term) -> Result<DayRange, TimeTableError> {
        DayRange::around(term.start, term.end)
    }

    /// The days from [`MARGIN_YEARS`] years before `start` to as many after
    /// `end` (a 29 February moves to the 28th).
    pub fn around(start: NaiveDate, end: NaiveDate) -> Result<DayRange, TimeTableError> {
        let margin = Months::new(12 * MARGIN_YEARS);
        let error = TimeTableError::OutOfRange { first: start, last: end };
        let first = start.checked_sub_months(margin).ok_or_else(|| error.clone())?;
        let last = end.checked_add_months(margin).ok_or(error)?;
        DayRange::new(first, last)
    }

    /// The days `first..=last` (none if `last` is before `first`), if the
    /// instants of their midnights and of two days on either side are
    /// representable.
    pub fn new(first: NaiveDate, last: NaiveDate) -> Result<DayRange, TimeTableError> {
        let range = DayRange { first: day_number(first), last: day_number(last) };
        // The tables look two days beyond each end for offset changes.
        let representable = |day: i64| DateTime::from_timestamp(day * DAY, 0).is_some();
        if representable(range.first - 2) && representable(range.last + 3) {
            Ok(range)
        } else {
            Err(TimeTableError::OutOfRange { first, last })
        }
    }

    /// The first day, in days since 1970-01-01.
    pub fn first(&self) -> i64 {
        self.first
    }

    /// The last day, in days since 1970-01-01.
    pub fn last(&self) -> i64 {
        self.last
    }

    /// The first day as a date (for messages about rows outside the tables).
    pub fn first_date(&self) -> NaiveDate {
        date_of(self.first)
    }

    /// The last day as a date.
    pub fn last_date(&self) -> NaiveDate {
        date_of(self.last)
    }

    /// Whether `day` (days since 1970-01-01) is covered.
    pub fn contains(&self, day: i64) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// The midnight starting the first day, in seconds since 1970-01-01.
    pub fn start(&self) -> i64 {
        self.first * DAY
    }

    /// The midnight ending the last day, in seconds since 1970-01-01.
    pub fn end(&self) -> i64 {
        (self.last + 1) * DAY
    }

    /// The days, first to last.
    fn days(&self) -> std::ops::RangeInclusive<i64> {
        self.first..=self.last
    }

    /// The position of `day`'s row in a table over this range, if covered.
    fn index(&self, day: i64) -> Option<usize> {
        if self.contains(day) {
            usize::try_from(day - self.first).ok()
        } else {
            None
        }
    }
}

/// Days since 1970-01-01 of `date`.
fn day_number(date: NaiveDate) -> i64 {
    (date - NaiveDate::default()).num_days()
}

/// The date of `day` (days since 1970-01-01), for messages; a day outside
/// the representable dates shows as 1970-01-01 (ranges never hold one).
fn date_of(day: i64) -> NaiveDate {
    DateTime::from_timestamp(day.saturating_mul(DAY), 0).map(|t| t.date_naive()).unwrap_or_default()
}

/// Rows of integers as the body of a SQL `VALUES` list: `(1, 2), (3, 4)`,
/// one row a line.
fn values_sql<R: IntoIterator<Item = i64>>(rows: impl IntoIterator<Item = R>) -> String {
    let mut out = String::new();
    for (i, row) in rows.into_iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push('(');
        for (j, value) in row.into_iter().enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            out.push_str(&value.to_string());
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fixtures::date;
    use super::*;
    use crate::ir::Contract;

    #[test]
    fn the_range_reaches_ten_years_either_side_of_the_term() {
        let range = DayRange::around(date(2026, 1, 1), date(2027, 12, 31)).expect("in range");
        assert_eq!(range.first(), day_number(date(2016, 1, 1)));
        assert_eq!(range.last(), day_number(date(2037, 12, 31)));
        // 2016-01-01 is day 16801: 46 years of 365 days and 11 leap days.
        assert_eq!(range.first(), 46 * 365 + 11);
        assert_eq!((range.first_date(), range.last_date()), (date(2016, 1, 1), date(2037, 12, 31)));
        assert_eq!(range.start(), range.first() * 86_400);
        assert_eq!(range.end(), (range.last() + 1) * 86_400);
        assert!(range.contains(range.first()) && range.contains(range.last()));
        assert!(!range.contains(range.first() - 1) && !range.contains(range.last() + 1));
        // A leap day moves to the 28th, ten years on.
        let leap = DayRange::around(date(2028, 2, 29), date(2028, 2, 29)).expect("in range");
        assert_eq!((leap.first(), leap.last()), (day_number(date(2018, 2, 28)), day_number(date(2038, 2, 28))));
    }

    #[test]
    fn the_range_of_a_term_is_the_range_around_its_dates() {
        let contract = Contract::for_test(date(2026, 4, 1), date(2029, 3, 31), chrono_tz::Europe::Berlin);
        let term = Term::new(&contract, "2026-06".parse().expect("period"));
        let range = DayRange::for_term(&term).expect("in range");
        assert_eq!(range, DayRange::new(date(2016, 4, 1), date(2039, 3, 31)).expect("in range"));
    }

    #[test]
    fn ranges_past_the_representable_dates_are_errors() {
        assert!(matches!(DayRange::around(NaiveDate::MIN, date(2026, 1, 1)), Err(TimeTableError::OutOfRange { .. })));
        assert!(matches!(DayRange::around(date(2026, 1, 1), NaiveDate::MAX), Err(TimeTableError::OutOfRange { .. })));
        assert!(DayRange::new(NaiveDate::MAX, NaiveDate::MAX).is_err());
    }

    #[test]
    fn values_are_rows_of_integer_literals() {
        assert_eq!(values_sql([vec![1, -2], vec![3, 4]]), "(1, -2),\n(3, 4)");
        assert_eq!(values_sql(Vec::<Vec<i64>>::new()), "");
    }

    #[test]
    fn dates_of_day_numbers() {
        assert_eq!(date_of(0), date(1970, 1, 1));
        assert_eq!(date_of(day_number(date(2026, 3, 29))), date(2026, 3, 29));
        assert_eq!(date_of(-1), date(1969, 12, 31));
    }
}
