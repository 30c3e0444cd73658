//! Working time of a calendar: the table `xla_cal_<n>(utc_day, before_day,
//! s1, e1, …, sK, eK)`, for `business_time` and `overlap`.
//!
//! The calendar's working time is taken as spans of real time exactly as
//! [`Calendar::business_time`] counts it ([`Calendar::working_spans`]: a
//! boundary in a DST gap is the end of the gap, an ambiguous one opens early
//! and closes late, time covered twice counts once), cut at UTC midnights.
//! The row of UTC day `floor(t / 86400)` holds `before_day`, the working
//! seconds from the table's first midnight up to that day's midnight, and
//! the day's spans `[s_i, e_i)` (absent ones are `s_i = e_i =` the day's
//! midnight), so that the working seconds up to `t` are
//!
//! ```text
//! cum(t) = before_day + Σ GREATEST(0, LEAST(t, e_i) - s_i)
//! business_time(a, b) = CASE WHEN b <= a THEN 0 ELSE cum(b) - cum(a) END
//! ```

use super::{values_sql, DayRange, TimeTableError, DAY};
use crate::calendar::Calendar;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// One row: a UTC day, the working seconds before it, and its working spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarRow {
    /// The UTC day, in days since 1970-01-01 (`floor(t / 86400)`).
    pub utc_day: i64,
    /// Working seconds from the table's first midnight to this day's.
    pub before_day: i64,
    /// The day's working spans `[s, e)` in seconds since 1970-01-01, in
    /// order, as many as every row has ([`CalendarTable::spans_per_day`]),
    /// the absent ones `(midnight, midnight)`.
    pub spans: Vec<(i64, i64)>,
}

/// The working-time table of a calendar in a time zone over a range of UTC
/// days.
#[derive(Clone, Debug)]
pub struct CalendarTable {
    range: DayRange,
    spans_per_day: usize,
    rows: Vec<CalendarRow>,
}

impl CalendarTable {
    /// The table of `calendar` read in `tz` over the UTC days of `range`.
    ///
    /// Every row has as many spans as the day with the most (at least one,
    /// so that the SQL formula always has a term). Spans that touch are
    /// joined first, so a night shift running into the next day's hours
    /// stays one span.
    pub fn new(calendar: &Calendar, tz: Tz, range: DayRange) -> Result<CalendarTable, TimeTableError> {
        let (start, end) = (instant(range.start()), instant(range.end()));
        let mut joined: Vec<(i64, i64)> = Vec::new();
        for (opens, closes) in calendar.working_spans(start, end, tz) {
            let (opens, closes) = (seconds(calendar, opens)?, seconds(calendar, closes)?);
            match joined.last_mut() {
                Some(last) if last.1 == opens => last.1 = closes,
                _ => joined.push((opens, closes)),
            }
        }
        let mut rows: Vec<CalendarRow> =
            range.days().map(|utc_day| CalendarRow { utc_day, before_day: 0, spans: Vec::new() }).collect();
        for (opens, closes) in joined {
            let mut from = opens;
            while from < closes {
                let day = from.div_euclid(DAY);
                let to = closes.min((day + 1) * DAY);
                if let Some(row) = range.index(day).and_then(|i| rows.get_mut(i)) {
                    row.spans.push((from, to));
                }
                from = to;
            }
        }
        let spans_per_day = rows.iter().map(|row| row.spans.len()).max().unwrap_or(0).max(1);
        let mut before_day = 0;
        for row in &mut rows {
            row.before_day = before_day;
            before_day += row.spans.iter().map(|(s, e)| e - s).sum::<i64>();
            let midnight = row.utc_day * DAY;
            row.spans.resize(spans_per_day, (midnight, midnight));
        }
        Ok(CalendarTable { range, spans_per_day, rows })
    }

    /// The UTC days covered.
    pub fn range(&self) -> DayRange {
        self.range
    }

    /// K: how many spans each row has.
    pub fn spans_per_day(&self) -> usize {
        self.spans_per_day
    }

    /// The rows, one per UTC day, in order.
    pub fn rows(&self) -> &[CalendarRow] {
        &self.rows
    }

    /// The table's column names, in the order of
    /// [`CalendarTable::values_sql`]: `utc_day, before_day, s1, e1, …, sK, eK`.
    pub fn columns(&self) -> Vec<String> {
        let spans = (1..=self.spans_per_day).flat_map(|i| [format!("s{i}"), format!("e{i}")]);
        ["utc_day".to_string(), "before_day".to_string()].into_iter().chain(spans).collect()
    }

    /// Working seconds from the table's first midnight up to `t` (seconds
    /// since 1970-01-01), by the table's SQL formula; `None` when `t`'s day
    /// is outside the table.
    pub fn cum(&self, t: i64) -> Option<i64> {
        let row = self.rows.get(self.range.index(t.div_euclid(DAY))?)?;
        Some(row.before_day + row.spans.iter().map(|&(s, e)| (t.min(e) - s).max(0)).sum::<i64>())
    }

    /// [`CalendarTable::cum`] at an instant such as the bound of a month or
    /// a window, which xla computes and writes into the script; `None` when
    /// outside the table or not on a whole second.
    pub fn cum_at(&self, t: DateTime<Utc>) -> Option<i64> {
        if t.timestamp_subsec_nanos() != 0 {
            return None;
        }
        self.cum(t.timestamp())
    }

    /// Working seconds in `[a, b)` by the table's SQL formula: 0 when
    /// `b <= a`; `None` when either day is outside the table (the SQL
    /// rejects such a row).
    pub fn business_time(&self, a: i64, b: i64) -> Option<i64> {
        let (at_a, at_b) = (self.cum(a)?, self.cum(b)?);
        Some(if b <= a { 0 } else { at_b - at_a })
    }

    /// The rows as the body of a SQL `VALUES` list, in the order of
    /// [`CalendarTable::columns`]: `(utc_day, before_day, s1, e1, …), …`.
    pub fn values_sql(&self) -> String {
        values_sql(self.rows.iter().map(|row| {
            let spans = row.spans.iter().flat_map(|&(s, e)| [s, e]);
            [row.utc_day, row.before_day].into_iter().chain(spans)
        }))
    }
}

/// The instant `t` seconds after 1970-01-01 (a [`DayRange`] keeps its
/// midnights representable).
fn instant(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

/// `at` in whole seconds since 1970-01-01.
fn seconds(calendar: &Calendar, at: DateTime<Utc>) -> Result<i64, TimeTableError> {
    if at.timestamp_subsec_nanos() == 0 {
        Ok(at.timestamp())
    } else {
        Err(TimeTableError::FractionalSecond { calendar: calendar.name.clone(), at })
    }
}

#[cfg(test)]
mod tests;
