//! The working time of a calendar as spans of real time.

use crate::calendar::local::{instant, Edge};
use crate::calendar::Calendar;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

impl Calendar {
    /// The working time in `[start, end)` as spans `[opens, closes)` of real
    /// time, in increasing order, not overlapping (two may touch), each
    /// clipped to `[start, end)`.
    ///
    /// Every working interval of every local day the span touches is turned
    /// into real time by the rules of the `local` module (a boundary in a DST
    /// gap is the end of the gap; an ambiguous one opens early and closes
    /// late); real time covered by more than one interval is given once.
    /// [`Calendar::business_time`] is the sum of their lengths.
    pub fn working_spans(&self, start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz) -> WorkingSpans<'_> {
        // A working interval of the day before the first local date (or
        // after the last) can reach into `[start, end)` when local midnight
        // happens twice, so one more day is looked at on each side.
        let (day, last) = if start < end {
            let first_local = start.with_timezone(&tz).date_naive();
            let last_local = end.with_timezone(&tz).date_naive();
            (first_local.pred_opt().or(Some(first_local)), last_local.succ_opt().unwrap_or(last_local))
        } else {
            (None, NaiveDate::MIN)
        };
        let intervals = day.map_or(&[][..], |day| intervals_of(self, day));
        WorkingSpans { calendar: self, tz, end, counted: start, day, last, intervals }
    }
}

/// The iterator of [`Calendar::working_spans`].
#[derive(Clone, Debug)]
pub struct WorkingSpans<'a> {
    calendar: &'a Calendar,
    tz: Tz,
    end: DateTime<Utc>,
    /// Everything before `counted` is either given already or before the
    /// start; it is never given (again). It only moves forward.
    counted: DateTime<Utc>,
    /// The local day whose intervals are being looked at; `None` when done.
    day: Option<NaiveDate>,
    /// The last local day to look at.
    last: NaiveDate,
    /// The intervals of `day` not looked at yet.
    intervals: &'a [(u32, u32)],
}

/// The working intervals of local day `day`: none on a holiday.
fn intervals_of(calendar: &Calendar, day: NaiveDate) -> &[(u32, u32)] {
    if calendar.holidays.contains_key(&day) {
        &[]
    } else {
        &calendar.week[day.weekday().num_days_from_monday() as usize]
    }
}

impl Iterator for WorkingSpans<'_> {
    type Item = (DateTime<Utc>, DateTime<Utc>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let day = self.day.filter(|day| *day <= self.last)?;
            let Some((&(from, to), rest)) = self.intervals.split_first() else {
                self.day = day.succ_opt();
                self.intervals = self.day.map_or(&[], |next| intervals_of(self.calendar, next));
                continue;
            };
            self.intervals = rest;
            let (Some(opens), Some(closes)) = (wall_clock(day, from), wall_clock(day, to)) else {
                continue;
            };
            let closes = instant(closes, Edge::Closes, self.tz).min(self.end);
            if closes <= self.counted {
                continue;
            }
            let opens = instant(opens, Edge::Opens, self.tz).max(self.counted);
            if opens < closes {
                self.counted = closes;
                return Some((opens, closes));
            }
        }
    }
}

/// The local date and time `minutes` after midnight at the start of `day`
/// (1440 is midnight at its end); `None` past the end of representable time.
fn wall_clock(day: NaiveDate, minutes: u32) -> Option<NaiveDateTime> {
    day.and_time(NaiveTime::MIN).checked_add_signed(TimeDelta::minutes(i64::from(minutes)))
}
