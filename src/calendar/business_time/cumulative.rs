//! Working time up to each UTC midnight, so that `business_time` over a
//! long span costs two look-ups instead of a walk over every day between.
//!
//! `business_time` adds up over consecutive spans (`business_time(a, c) =
//! business_time(a, b) + business_time(b, c)`, tested in `tests.rs`), so
//! with `W(t)` the working time from a fixed instant to `t`,
//! `business_time(start, end) = W(end) - W(start)`, and
//! `W(t) = W(midnight before t) + business_time(midnight before t, t)`.
//! The table holds `W` at every UTC midnight of the days looked at, each
//! entry made from the one before by the exact day walk, so it is exact
//! across DST changes and holidays like the walk itself. It grows on
//! demand in both directions, append-only: a row opened on `0001-01-01` (a
//! common export placeholder) costs one walk over the two thousand years
//! once, then a look-up like every other row.

use super::{walk, walk_marking};
use crate::calendar::Calendar;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use std::sync::RwLock;

/// The tables of one calendar, one per timezone it is used in (in practice
/// one: calendars use the contract timezone).
#[derive(Default)]
pub struct Cumulative {
    tables: RwLock<Vec<(Tz, Table)>>,
}

/// `W` at UTC midnights, measured from the midnight of day `anchor`.
struct Table {
    /// The UTC day (days since 1970-01-01) whose midnight `W` counts from.
    anchor: i64,
    /// `after[i]`: working time from the anchor's midnight to the midnight
    /// of day `anchor + i`.
    after: Vec<TimeDelta>,
    /// `before[j]`: working time from the midnight of day `anchor - 1 - j`
    /// to the anchor's midnight.
    before: Vec<TimeDelta>,
}

impl Table {
    fn new(anchor: i64) -> Table {
        Table { anchor, after: vec![TimeDelta::zero()], before: Vec::new() }
    }

    /// `W` at the midnight of `day`, if the table reaches it.
    fn at(&self, day: i64) -> Option<TimeDelta> {
        if day >= self.anchor {
            self.after.get(usize::try_from(day - self.anchor).ok()?).copied()
        } else {
            self.before.get(usize::try_from(self.anchor - 1 - day).ok()?).map(|t| -*t)
        }
    }

    /// Extends the table to reach `day`, at least doubling what it adds on
    /// that side, so that rows arriving a day at a time cost amortised
    /// constant time. The new days are measured in one walk, marking each
    /// midnight. `None` past the range of dates.
    fn reach(&mut self, day: i64, calendar: &Calendar, tz: Tz) -> Option<()> {
        if self.at(day).is_some() {
            return Some(());
        }
        if day >= self.anchor {
            let have = self.after.len() as i64;
            let last = (day - self.anchor).max(2 * have);
            let from = self.anchor + have - 1;
            let (marks, upto) = midnights(from + 1, self.anchor + last)?;
            let base = *self.after.last()?;
            let mut totals = Vec::with_capacity(marks.len());
            walk_marking(calendar, midnight(from)?, upto, tz, &marks, &mut totals);
            self.after.extend(totals.into_iter().map(|t| base + t));
        } else {
            let have = self.before.len() as i64;
            let last = (self.anchor - 1 - day).max(2 * have);
            // Days anchor-1-have down to anchor-1-last, each measured up to
            // the midnight the table already reaches.
            let (lowest, reached) = (self.anchor - 1 - last, self.anchor - have);
            let (marks, upto) = midnights(lowest + 1, reached)?;
            let mut totals = Vec::with_capacity(marks.len());
            let whole = walk_marking(calendar, midnight(lowest)?, upto, tz, &marks, &mut totals);
            let base = self.before.last().copied().unwrap_or_default();
            // Working time from midnight k to the reached midnight is the
            // whole walk less what lies before midnight k.
            let new = std::iter::once(whole).chain(totals[..totals.len().saturating_sub(1)].iter().map(|t| whole - *t));
            let mut new: Vec<TimeDelta> = new.map(|t| base + t).collect();
            new.reverse();
            self.before.extend(new);
        }
        self.at(day).map(|_| ())
    }
}

/// The UTC midnights of days `first..=last`, and the last of them.
fn midnights(first: i64, last: i64) -> Option<(Vec<DateTime<Utc>>, DateTime<Utc>)> {
    let marks: Option<Vec<DateTime<Utc>>> = (first..=last).map(midnight).collect();
    let marks = marks?;
    let upto = *marks.last()?;
    Some((marks, upto))
}

/// The UTC midnight starting day `day` (days since 1970-01-01).
fn midnight(day: i64) -> Option<DateTime<Utc>> {
    let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(day + EPOCH_CE).ok()?)?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_CE: i64 = 719_163;

/// The UTC day of `t`, in days since 1970-01-01.
fn day_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(86_400)
}

impl Cumulative {
    /// The working time in `[start, end)` from the table (extending it if
    /// needed); `None` if a day is past the range of dates.
    pub(super) fn between(
        &self,
        calendar: &Calendar,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        tz: Tz,
    ) -> Option<TimeDelta> {
        let (first, last) = (day_of(start), day_of(end));
        let lookup = |tables: &[(Tz, Table)]| {
            let (_, table) = tables.iter().find(|(t, _)| *t == tz)?;
            Some((table.at(first)?, table.at(last)?))
        };
        let found = self.tables.read().ok().and_then(|tables| lookup(&tables));
        let (w_first, w_last) = match found {
            Some(found) => found,
            None => {
                let mut tables = self.tables.write().ok()?;
                if !tables.iter().any(|(t, _)| *t == tz) {
                    tables.push((tz, Table::new(first)));
                }
                let (_, table) = tables.iter_mut().find(|(t, _)| *t == tz)?;
                table.reach(first, calendar, tz)?;
                table.reach(last, calendar, tz)?;
                lookup(&tables)?
            }
        };
        let into_start = walk(calendar, midnight(first)?, start, tz);
        let into_end = walk(calendar, midnight(last)?, end, tz);
        Some((w_last + into_end) - (w_first + into_start))
    }
}

impl Clone for Cumulative {
    /// A fresh cache: the tables are rebuilt on demand.
    fn clone(&self) -> Self {
        Cumulative::default()
    }
}

impl PartialEq for Cumulative {
    /// A cache never makes two calendars differ.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Cumulative {}

impl std::fmt::Debug for Cumulative {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cumulative")
    }
}
