//! Working time between two instants (`business_time`, LANGUAGE.md §6).

use super::local::{instant, Edge};
use super::Calendar;
use crate::value::Duration;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

/// Spans at least this long are measured through the cumulative table;
/// shorter ones by walking their few days directly.
const TABLE_FROM: TimeDelta = TimeDelta::days(2);

impl Calendar {
    /// The working time in `[start, end)`: the part of it that falls inside
    /// the calendar's working hours, read as wall-clock times in `tz`, on
    /// days that are not holidays. Zero when `end <= start`.
    ///
    /// Exact to the nanosecond. Each working interval of each local day is
    /// turned into a span of real time by the rules of the `local` module
    /// (a boundary in a DST gap is the end of the gap; an ambiguous one opens
    /// early and closes late), and real time covered by more than one such
    /// span counts once, so the calendar [`Calendar::always`] measures
    /// exactly the elapsed time.
    ///
    /// Constant time per call: a span of a few days is walked day by day
    /// (a few timezone look-ups per working interval of each day); a longer
    /// one is the difference of two entries of a table of working time up
    /// to each UTC midnight ([`cumulative`]), built once per calendar as far
    /// as the data reaches.
    pub fn business_time(&self, start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz) -> Duration {
        if end <= start {
            return Duration::default();
        }
        if self.is_always() {
            return duration(end - start);
        }
        if end - start >= TABLE_FROM {
            if let Some(total) = self.cumulative.between(self, start, end, tz) {
                return duration(total);
            }
        }
        duration(walk(self, start, end, tz))
    }
}

/// The working time of `calendar` in `[start, end)`, walking every local day
/// the span touches (see [`walk_marking`]).
fn walk(calendar: &Calendar, start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz) -> TimeDelta {
    walk_marking(calendar, start, end, tz, &[], &mut Vec::new())
}

/// The working time of `calendar` in `[start, end)`, walking every local
/// day the span touches; pushes onto `totals`, for each of `marks` (sorted,
/// within `[start, end]`), the working time in `[start, mark)`.
///
/// A working interval of the day before the first local date (or after the
/// last) can reach into `[start, end)` when local midnight happens twice, so
/// one more day is looked at on each side. Real time is counted once, in
/// increasing order (`counted` only moves forward), so the working time
/// before a mark is final as soon as a counted stretch starts at or after it.
fn walk_marking(
    calendar: &Calendar,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    tz: Tz,
    marks: &[DateTime<Utc>],
    totals: &mut Vec<TimeDelta>,
) -> TimeDelta {
    let mut total = TimeDelta::zero();
    let mut marks = marks.iter().peekable();
    if start < end {
        let first_local = start.with_timezone(&tz).date_naive();
        let last_local = end.with_timezone(&tz).date_naive();
        let first = first_local.pred_opt().unwrap_or(first_local);
        let last = last_local.succ_opt().unwrap_or(last_local);
        // Everything before `counted` is either counted already or before
        // `start`; it never counts (again).
        let mut counted = start;
        for day in first.iter_days().take_while(|day| *day <= last) {
            if calendar.holidays.contains_key(&day) {
                continue;
            }
            for &(from, to) in &calendar.week[day.weekday().num_days_from_monday() as usize] {
                let (Some(opens), Some(closes)) = (wall_clock(day, from), wall_clock(day, to)) else {
                    continue;
                };
                let closes = instant(closes, Edge::Closes, tz).min(end);
                if closes <= counted {
                    continue;
                }
                let opens = instant(opens, Edge::Opens, tz).max(counted);
                if opens < closes {
                    while let Some(&&mark) = marks.peek().filter(|&&&m| m < closes) {
                        totals.push(total + (mark - opens).max(TimeDelta::zero()));
                        marks.next();
                    }
                    total += closes - opens;
                    counted = closes;
                }
            }
        }
    }
    totals.extend(marks.map(|_| total));
    total
}

/// The local date and time `minutes` after midnight at the start of `day`
/// (1440 is midnight at its end); `None` past the end of representable time.
fn wall_clock(day: NaiveDate, minutes: u32) -> Option<chrono::NaiveDateTime> {
    day.and_time(NaiveTime::MIN).checked_add_signed(TimeDelta::minutes(i64::from(minutes)))
}

/// A non-negative time delta as a [`Duration`] in (decimal) seconds.
fn duration(delta: TimeDelta) -> Duration {
    let seconds = Decimal::from(delta.num_seconds());
    let nanos = Decimal::new(i64::from(delta.subsec_nanos()), 9);
    Duration((seconds + nanos).normalize())
}

pub mod cumulative;

#[cfg(test)]
mod tests;
