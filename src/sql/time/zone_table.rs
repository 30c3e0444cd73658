//! What the two tables of a time zone share: the zone, the days covered
//! and one row per day, built from the zone's offset changes around them
//! (`TzTable` keyed by local day, `UtcTable` by UTC day).

use super::changes::Changes;
use super::{date_of, DayRange, TimeTableError};
use chrono_tz::Tz;

/// One row per day of `range` for time zone `tz`.
#[derive(Clone, Debug)]
pub struct ZoneTable<R> {
    tz: Tz,
    range: DayRange,
    pub(super) rows: Vec<R>,
}

impl<R> ZoneTable<R> {
    /// The table of `tz` over `range`, its rows made by `rows` from the
    /// offset changes around it; an error naming the first day `rows`
    /// could not describe (two changes on it).
    pub(super) fn build(
        tz: Tz,
        range: DayRange,
        rows: fn(&Changes, DayRange) -> Result<Vec<R>, i64>,
    ) -> Result<Self, TimeTableError> {
        let changes = Changes::around(tz, range.first(), range.last());
        let rows = rows(&changes, range)
            .map_err(|day| TimeTableError::SeveralChanges { zone: tz.name().to_string(), day: date_of(day) })?;
        Ok(ZoneTable { tz, range, rows })
    }

    /// The time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The days covered.
    pub fn range(&self) -> DayRange {
        self.range
    }

    /// The rows, one per day, in order.
    pub fn rows(&self) -> &[R] {
        &self.rows
    }

    /// The row of `day`, if the table covers it.
    pub(super) fn row(&self, day: i64) -> Option<&R> {
        self.rows.get(self.range.index(day)?)
    }
}
