//! Instant → local time: the table `xla_utc_<n>(utc_day, change_utc,
//! before, after)` of a time zone, for `date(ts)`, `hour(ts)` and
//! `weekday(ts)` in the contract timezone.
//!
//! For an instant `t` on UTC day `floor(t / 86400)`, the row of that day
//! gives the local nominal epoch
//!
//! ```text
//! local = t + CASE WHEN t < change_utc THEN before ELSE after END
//! ```
//!
//! where `change_utc` is the instant the offset changes that day (the end
//! of the day when it does not). Two changes in one UTC day are an error.

use super::changes::Changes;
use super::zone_table::ZoneTable;
use super::{values_sql, DayRange, TimeTableError, DAY};
use chrono_tz::Tz;

/// One row: a UTC day and its offset change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcRow {
    /// The UTC day, in days since 1970-01-01 (`floor(t / 86400)`).
    pub utc_day: i64,
    /// The instant the offset changes, in seconds since 1970-01-01; the
    /// end of the day when it does not.
    pub change_utc: i64,
    /// The UTC offset before the change, in seconds east of UTC.
    pub before: i32,
    /// The UTC offset from the change on, in seconds east of UTC.
    pub after: i32,
}

/// The instant → local table of a time zone over a range of UTC days.
pub type UtcTable = ZoneTable<UtcRow>;

impl ZoneTable<UtcRow> {
    /// The table's column names, in the order of [`UtcTable::values_sql`].
    pub const COLUMNS: [&'static str; 4] = ["utc_day", "change_utc", "before", "after"];

    /// The table of `tz` over the UTC days of `range`; an error if the
    /// offset changes twice in one of them.
    pub fn new(tz: Tz, range: DayRange) -> Result<UtcTable, TimeTableError> {
        ZoneTable::build(tz, range, rows)
    }

    /// The local nominal epoch (wall-clock time read as if UTC) of instant
    /// `utc`, by the table's SQL formula; `None` when its day is outside
    /// the table.
    pub fn to_local(&self, utc: i64) -> Option<i64> {
        let row = self.row(utc.div_euclid(DAY))?;
        Some(utc + i64::from(if utc < row.change_utc { row.before } else { row.after }))
    }

    /// The rows as the body of a SQL `VALUES` list, in the order of
    /// [`UtcTable::COLUMNS`]: `(utc_day, change_utc, before, after), …`.
    pub fn values_sql(&self) -> String {
        values_sql(
            self.rows.iter().map(|row| [row.utc_day, row.change_utc, i64::from(row.before), i64::from(row.after)]),
        )
    }
}

/// The rows of the UTC days of `range` given the offset `changes` around
/// them; `Err` with the first UTC day with two changes.
fn rows(changes: &Changes, range: DayRange) -> Result<Vec<UtcRow>, i64> {
    let mut rows = Vec::with_capacity(range.days().count());
    for utc_day in range.days() {
        let (start, end) = (utc_day * DAY, (utc_day + 1) * DAY);
        let first = changes.changes.partition_point(|change| change.at < start);
        let row = match &changes.changes[first..] {
            [_, next, ..] if next.at < end => return Err(utc_day),
            [change, ..] if change.at < end => {
                UtcRow { utc_day, change_utc: change.at, before: change.before, after: change.after }
            }
            _ => {
                let offset = changes.offset_at(start);
                UtcRow { utc_day, change_utc: end, before: offset, after: offset }
            }
        };
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::time::changes::Change;
    use crate::sql::time::fixtures::{at, probe, range, term_range, ZONES};
    use chrono::{DateTime, NaiveDate};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    #[test]
    fn new_york_in_2026() {
        // EST (-5) to EDT (-4) at 07:00 UTC on 8 March, back at 06:00 UTC on
        // 1 November.
        let table = UtcTable::new(chrono_tz::America::New_York, range((2026, 1, 1), (2026, 12, 31))).expect("table");
        let march = table.rows()[66];
        assert_eq!(
            march,
            UtcRow { utc_day: 20_520, change_utc: at("2026-03-08T07:00:00Z"), before: -18_000, after: -14_400 }
        );
        assert_eq!(table.to_local(at("2026-03-08T06:59:59Z")), Some(at("2026-03-08T01:59:59Z")));
        assert_eq!(table.to_local(at("2026-03-08T07:00:00Z")), Some(at("2026-03-08T03:00:00Z")));
        // 01:30 happens twice on 1 November.
        assert_eq!(table.to_local(at("2026-11-01T05:30:00Z")), Some(at("2026-11-01T01:30:00Z")));
        assert_eq!(table.to_local(at("2026-11-01T06:30:00Z")), Some(at("2026-11-01T01:30:00Z")));
        assert_eq!(
            table.rows()[0],
            UtcRow { utc_day: 20_454, change_utc: 20_455 * DAY, before: -18_000, after: -18_000 }
        );
        assert_eq!(table.to_local(at("2025-12-31T23:59:59Z")), None);
        assert_eq!(table.to_local(at("2027-01-01T00:00:00Z")), None);
        assert_eq!(table.values_sql().lines().nth(66), Some("(20520, 1772953200, -18000, -14400),"));
    }

    #[test]
    fn two_changes_in_one_utc_day_are_an_error() {
        let day = 20_000;
        let changes = Changes {
            first: 0,
            changes: vec![
                Change { at: day * DAY + 3600, before: 0, after: 3600 },
                Change { at: day * DAY + 7200, before: 3600, after: 0 },
            ],
        };
        let date = NaiveDate::from_ymd_opt(2024, 10, 4).expect("valid test date");
        assert_eq!(rows(&changes, DayRange::new(date, date).expect("in range")), Err(day));
        let next = date.succ_opt().expect("valid test date");
        let after = rows(&changes, DayRange::new(next, next).expect("in range"));
        assert_eq!(after, Ok(vec![UtcRow { utc_day: day + 1, change_utc: (day + 2) * DAY, before: 0, after: 0 }]));
    }

    /// The tables of [`ZONES`] for a term of 2020-2021, built once.
    fn tables() -> &'static [UtcTable] {
        static TABLES: OnceLock<Vec<UtcTable>> = OnceLock::new();
        TABLES.get_or_init(|| ZONES.iter().map(|tz| UtcTable::new(*tz, term_range()).expect("table")).collect())
    }

    /// chrono-tz's local time of instant `utc` in `tz`, read as if UTC.
    fn chrono_local(utc: i64, tz: Tz) -> i64 {
        let instant = DateTime::from_timestamp(utc, 0).expect("representable");
        instant.with_timezone(&tz).naive_local().and_utc().timestamp()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Anywhere in the range, and within two hours of each change.
        #[test]
        fn the_table_gives_local_times_as_chrono_tz_does(
            zone in 0..ZONES.len(),
            anywhere in any::<bool>(),
            second in 0i64..(22 * 365 * DAY),
            change in any::<prop::sample::Index>(),
            near in -7200i64..7200,
        ) {
            let table = &tables()[zone];
            let changes: Vec<i64> =
                table.rows().iter().filter(|row| row.before != row.after).map(|row| row.change_utc).collect();
            let utc = probe(table.range().start(), &changes, anywhere, second, change, near);
            prop_assert_eq!(table.to_local(utc), Some(chrono_local(utc, table.tz())));
        }
    }
}
