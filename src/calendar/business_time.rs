//! Working time between two instants (`business_time`, LANGUAGE.md §6).

use super::Calendar;
use crate::value::Duration;
use chrono::{DateTime, TimeDelta, Utc};
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
/// The working time is the sum of the [`WorkingSpans`] of `[start, end)`,
/// which come in increasing order, so the working time before a mark is
/// final as soon as a span starts at or after it.
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
    for (opens, closes) in calendar.working_spans(start, end, tz) {
        while let Some(&&mark) = marks.peek().filter(|&&&m| m < closes) {
            totals.push(total + (mark - opens).max(TimeDelta::zero()));
            marks.next();
        }
        total += closes - opens;
    }
    totals.extend(marks.map(|_| total));
    total
}

/// A non-negative time delta as a [`Duration`] in (decimal) seconds.
fn duration(delta: TimeDelta) -> Duration {
    let seconds = Decimal::from(delta.num_seconds());
    let nanos = Decimal::new(i64::from(delta.subsec_nanos()), 9);
    Duration((seconds + nanos).normalize())
}

pub mod cumulative;
mod spans;

pub use spans::WorkingSpans;

#[cfg(test)]
mod tests;
