//! What the tests of the time tables share: instants and dates written
//! out, day ranges, and the zones the property tests read.

use super::DayRange;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// Seconds since 1970-01-01 of an instant written as `2026-03-29T01:00:00Z`.
pub fn at(text: &str) -> i64 {
    text.parse::<DateTime<Utc>>().expect("valid test instant").timestamp()
}

/// The date `y-m-d`.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// The days from `first` to `last`, given as (year, month, day).
pub fn range(first: (i32, u32, u32), last: (i32, u32, u32)) -> DayRange {
    DayRange::new(date(first.0, first.1, first.2), date(last.0, last.1, last.2)).expect("in range")
}

/// The days a contract term of 2020-2021 has tables for (ten years either side).
pub fn term_range() -> DayRange {
    DayRange::around(date(2020, 1, 1), date(2021, 12, 31)).expect("in range")
}

/// The zones the property tests read: DST in both hemispheres, a 30-minute
/// change, none, changes at midnight, a skipped day, a two-hour change, a
/// permanent change (Moscow 2011 and 2014).
pub const ZONES: [Tz; 10] = [
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    Tz::UTC,
    chrono_tz::America::Havana,
    chrono_tz::Pacific::Apia,
    chrono_tz::Antarctica::Troll,
    chrono_tz::Europe::Moscow,
    chrono_tz::America::Sao_Paulo,
];

/// The second a property test of a table reads: `second` after the start
/// of its range when `anywhere` (or when the zone has no change), else
/// `near` seconds from the change `pick` chooses among `changes`.
pub fn probe(
    start: i64,
    changes: &[i64],
    anywhere: bool,
    second: i64,
    pick: proptest::sample::Index,
    near: i64,
) -> i64 {
    if anywhere || changes.is_empty() {
        start + second
    } else {
        changes[pick.index(changes.len())] + near
    }
}
