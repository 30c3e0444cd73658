//! Local time → instant: the table `xla_tz_<n>(local_day, change, before,
//! after)` of a time zone.
//!
//! For a local nominal epoch `L` (wall-clock time read as if UTC) on local
//! day `floor(L / 86400)`, the row of that day gives
//!
//! ```text
//! utc = CASE WHEN L < change THEN L - before
//!            WHEN L < change + GREATEST(after - before, 0) THEN NULL  -- in a DST gap
//!            ELSE L - after END
//! ```
//!
//! so a local time the clocks skip has no instant and a repeated one is its
//! earlier instant, as the loader reads local times (LANGUAGE.md §5).
//!
//! A change of offset at instant `T` from `before` to `after` happens at
//! local nominal `T + before`; the local times it disputes (skipped or
//! repeated) are `[T + min(before, after), T + max(before, after))`. A day's
//! row carries the one change whose disputed times meet the day (its
//! `change` may then lie on the day before or after); a day no change
//! disputes has `change` at its end and the offset in force in both
//! `before` and `after`. Two changes disputing the same day cannot be
//! described and are an error.

use super::changes::{Change, Changes};
use super::zone_table::ZoneTable;
use super::{values_sql, DayRange, TimeTableError, DAY};
use chrono_tz::Tz;

/// One row: a local day and the offset change that concerns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TzRow {
    /// The local day, in days since 1970-01-01 (`floor(L / 86400)`).
    pub local_day: i64,
    /// The local nominal epoch at which the offset changes; the end of the
    /// day when it does not.
    pub change: i64,
    /// The UTC offset before the change, in seconds east of UTC.
    pub before: i32,
    /// The UTC offset from the change on, in seconds east of UTC.
    pub after: i32,
}

/// The local → instant table of a time zone over a range of local days.
pub type TzTable = ZoneTable<TzRow>;

impl ZoneTable<TzRow> {
    /// The table's column names, in the order of [`TzTable::values_sql`].
    pub const COLUMNS: [&'static str; 4] = ["local_day", "change", "before", "after"];

    /// The table of `tz` over the local days of `range`; an error if two
    /// offset changes dispute the same local day.
    pub fn new(tz: Tz, range: DayRange) -> Result<TzTable, TimeTableError> {
        ZoneTable::build(tz, range, rows)
    }

    /// The instant (seconds since 1970-01-01) of local nominal epoch
    /// `local`, by the table's SQL formula: `Some(None)` when the clocks
    /// skip that local time, `None` when its day is outside the table.
    pub fn to_utc(&self, local: i64) -> Option<Option<i64>> {
        let row = self.row(local.div_euclid(DAY))?;
        let (before, after) = (i64::from(row.before), i64::from(row.after));
        Some(if local < row.change {
            Some(local - before)
        } else if local < row.change + (after - before).max(0) {
            None
        } else {
            Some(local - after)
        })
    }

    /// The rows as the body of a SQL `VALUES` list, in the order of
    /// [`TzTable::COLUMNS`]: `(local_day, change, before, after), …`.
    pub fn values_sql(&self) -> String {
        values_sql(self.rows.iter().map(|row| [row.local_day, row.change, i64::from(row.before), i64::from(row.after)]))
    }
}

/// The rows of the local days of `range` given the offset `changes`
/// around them; `Err` with the first local day two changes dispute.
fn rows(changes: &Changes, range: DayRange) -> Result<Vec<TzRow>, i64> {
    let disputed = |change: &Change| {
        let (low, high) = (change.before.min(change.after), change.before.max(change.after));
        (change.at + i64::from(low), change.at + i64::from(high))
    };
    let mut rows = Vec::with_capacity(range.days().count());
    // Changes before `next` dispute only days already made.
    let mut next = 0;
    for local_day in range.days() {
        let (start, end) = (local_day * DAY, (local_day + 1) * DAY);
        while changes.changes.get(next).is_some_and(|change| disputed(change).1 <= start) {
            next += 1;
        }
        let mut meeting = changes.changes[next..]
            .iter()
            .take_while(|change| disputed(change).0 < end)
            .filter(|change| disputed(change).1 > start);
        let row = match (meeting.next(), meeting.next()) {
            (None, _) => {
                let offset = changes.changes.get(next).map_or_else(
                    || changes.changes.last().map_or(changes.first, |change| change.after),
                    |change| change.before,
                );
                TzRow { local_day, change: end, before: offset, after: offset }
            }
            (Some(change), None) => TzRow {
                local_day,
                change: change.at + i64::from(change.before),
                before: change.before,
                after: change.after,
            },
            (Some(_), Some(_)) => return Err(local_day),
        };
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::localize;
    use crate::sql::time::date_of;
    use crate::sql::time::fixtures::{at, probe, range, term_range, ZONES};
    use chrono::{DateTime, NaiveDate};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// Local nominal epoch of a wall-clock time written as `2026-03-29T02:30:00`.
    fn local(text: &str) -> i64 {
        at(&format!("{text}Z"))
    }

    #[test]
    fn berlin_in_2026() {
        // CET (+1) to CEST (+2) at 02:00 local on 29 March; back at 03:00
        // local on 25 October.
        let table = TzTable::new(chrono_tz::Europe::Berlin, range((2026, 1, 1), (2026, 12, 31))).expect("table");
        assert_eq!(table.rows().len(), 365);
        let spring = table.rows()[87];
        assert_eq!(
            spring,
            TzRow { local_day: 20_541, change: local("2026-03-29T02:00:00"), before: 3600, after: 7200 }
        );
        assert_eq!(local("2026-03-29T00:00:00") / DAY, 20_541);
        assert_eq!(table.to_utc(local("2026-03-29T01:59:59")), Some(Some(at("2026-03-29T00:59:59Z"))));
        assert_eq!(table.to_utc(local("2026-03-29T02:00:00")), Some(None));
        assert_eq!(table.to_utc(local("2026-03-29T02:59:59")), Some(None));
        assert_eq!(table.to_utc(local("2026-03-29T03:00:00")), Some(Some(at("2026-03-29T01:00:00Z"))));
        // 02:30 on 25 October happens at 00:30 UTC (CEST), then 01:30 UTC:
        // the earlier.
        assert_eq!(table.to_utc(local("2026-10-25T02:30:00")), Some(Some(at("2026-10-25T00:30:00Z"))));
        assert_eq!(table.to_utc(local("2026-10-25T03:00:00")), Some(Some(at("2026-10-25T02:00:00Z"))));
        // An ordinary day: the end of the day as `change`, one offset.
        let july = table.rows()[181];
        assert_eq!(july, TzRow { local_day: 20_635, change: 20_636 * DAY, before: 7200, after: 7200 });
        // Outside the table.
        assert_eq!(table.to_utc(local("2025-12-31T23:59:59")), None);
        assert_eq!(table.to_utc(local("2027-01-01T00:00:00")), None);
        assert!(table.values_sql().starts_with("(20454, 1767312000, 3600, 3600),\n(20455, "));
        assert_eq!(table.values_sql().lines().nth(87), Some("(20541, 1774749600, 3600, 7200),"));
    }

    #[test]
    fn two_changes_disputing_one_day_are_an_error() {
        // No zone does this in the years contracts use: an hour of summer
        // time from 01:00 to 02:00 UTC on day 20_000 (GMT to BST and back).
        let day = 20_000;
        let changes = Changes {
            first: 0,
            changes: vec![
                Change { at: day * DAY + 3600, before: 0, after: 3600 },
                Change { at: day * DAY + 7200, before: 3600, after: 0 },
            ],
        };
        let date = NaiveDate::from_ymd_opt(2024, 10, 4).expect("valid test date");
        assert_eq!(date_of(day), date);
        assert_eq!(rows(&changes, DayRange::new(date - chrono::Days::new(3), date).expect("in range")), Err(day));
        // The day before is fine on its own.
        let before = rows(
            &changes,
            DayRange::new(date - chrono::Days::new(3), date.pred_opt().expect("date")).expect("in range"),
        );
        assert_eq!(before.map(|rows| rows.len()), Ok(3));
        let error = TimeTableError::SeveralChanges { zone: "Europe/London".into(), day: date };
        assert_eq!(
            error.to_string(),
            "the time zone Europe/London changes its UTC offset more than once on 2024-10-04, which the SQL tables cannot describe"
        );
    }

    #[test]
    fn a_skipped_day_rejects_all_its_times() {
        // Samoa went from -10 to +14 at the end of 29 December 2011: the
        // 30th never happened.
        let table = TzTable::new(chrono_tz::Pacific::Apia, range((2011, 12, 1), (2012, 1, 31))).expect("table");
        assert_eq!(table.to_utc(local("2011-12-29T23:59:59")), Some(Some(at("2011-12-30T09:59:59Z"))));
        assert_eq!(table.to_utc(local("2011-12-30T00:00:00")), Some(None));
        assert_eq!(table.to_utc(local("2011-12-30T23:59:59")), Some(None));
        assert_eq!(table.to_utc(local("2011-12-31T00:00:00")), Some(Some(at("2011-12-30T10:00:00Z"))));
    }

    #[test]
    fn a_gap_across_midnight_is_on_both_days() {
        // Havana, 2026-03-08: 00:00 CST jumps to 01:00 CDT, so the gap is
        // the first hour of the 8th; its change is at the 8th's midnight.
        let table = TzTable::new(chrono_tz::America::Havana, range((2026, 3, 1), (2026, 3, 31))).expect("table");
        assert_eq!(table.to_utc(local("2026-03-07T23:59:59")), Some(Some(at("2026-03-08T04:59:59Z"))));
        assert_eq!(table.to_utc(local("2026-03-08T00:30:00")), Some(None));
        assert_eq!(table.to_utc(local("2026-03-08T01:00:00")), Some(Some(at("2026-03-08T05:00:00Z"))));
    }

    /// The tables of [`ZONES`] for a term of 2020-2021, built once.
    fn tables() -> &'static [TzTable] {
        static TABLES: OnceLock<Vec<TzTable>> = OnceLock::new();
        TABLES.get_or_init(|| ZONES.iter().map(|tz| TzTable::new(*tz, term_range()).expect("table")).collect())
    }

    /// What the loader makes of local nominal epoch `local` in `tz`.
    fn loader(local: i64, tz: Tz) -> Option<i64> {
        let wall = DateTime::from_timestamp(local, 0).expect("representable").naive_utc();
        localize(wall, tz).ok().map(|t| t.timestamp())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Anywhere in the range, and within two hours of each change.
        #[test]
        fn the_table_reads_local_times_as_the_loader_does(
            zone in 0..ZONES.len(),
            anywhere in any::<bool>(),
            second in 0i64..(22 * 365 * DAY),
            change in any::<prop::sample::Index>(),
            near in -7200i64..7200,
        ) {
            let table = &tables()[zone];
            let changes: Vec<i64> =
                table.rows().iter().filter(|row| row.before != row.after).map(|row| row.change).collect();
            let local = probe(table.range().start(), &changes, anywhere, second, change, near);
            prop_assert_eq!(table.to_utc(local), Some(loader(local, table.tz())));
        }
    }

    #[test]
    fn every_second_around_each_change_reads_as_the_loader_does() {
        // Within three hours either side of every change of 2024-2027, in
        // steps of 7 seconds (so that every minute's seconds are met).
        for table in tables() {
            let years = (local("2024-01-01T00:00:00") / DAY)..(local("2028-01-01T00:00:00") / DAY);
            for row in table.rows().iter().filter(|row| row.before != row.after && years.contains(&row.local_day)) {
                let mut local = row.change - 3 * 3600;
                while local < row.change + 3 * 3600 {
                    assert_eq!(table.to_utc(local), Some(loader(local, table.tz())), "{} {local}", table.tz());
                    local += 7;
                }
            }
        }
    }
}
