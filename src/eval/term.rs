//! The contract term as instants, and the windows of its months.

use super::Period;
use crate::ir::Contract;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

/// The months of a settlement and their boundaries in real time.
#[derive(Clone, Debug)]
pub struct Term {
    /// The contract timezone.
    pub tz: Tz,
    /// First day of the term.
    pub start: NaiveDate,
    /// Last day of the term.
    pub end: NaiveDate,
    /// The months settled, first to last.
    pub months: Vec<Period>,
    /// `[start, end)` of each month, clipped to the term, as instants.
    pub windows: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// Local midnight at the start of `date` in `tz` (the earlier instant if
/// ambiguous; the end of the gap if midnight does not exist).
pub fn midnight(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let naive = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        chrono::LocalResult::None => {
            // Midnight skipped by a DST change: the day starts when the gap ends.
            (1..=180)
                .find_map(|minutes| tz.from_local_datetime(&(naive + chrono::Duration::minutes(minutes))).earliest())
                .map_or_else(|| Utc.from_utc_datetime(&naive), |t| t.with_timezone(&Utc))
        }
    }
}

impl Term {
    /// The months of `contract` from the month of its start through `through`
    /// (at most the month of its end).
    pub fn new(contract: &Contract, through: Period) -> Term {
        let tz = contract.timezone;
        let first = Period::of(contract.start);
        let last = through.min(Period::of(contract.end));
        let term_start = midnight(contract.start, tz);
        let term_end = midnight(contract.end.succ_opt().unwrap_or(contract.end), tz);
        let mut months = Vec::new();
        let mut windows = Vec::new();
        let mut p = first;
        while p <= last {
            let from = midnight(p.first_day(), tz).max(term_start);
            let to = midnight(p.next().first_day(), tz).min(term_end);
            months.push(p);
            windows.push((from, to));
            p = p.next();
        }
        Term { tz, start: contract.start, end: contract.end, months, windows }
    }

    /// The index of the month an instant falls in, if within the settled months.
    pub fn month_of_instant(&self, t: DateTime<Utc>) -> Option<usize> {
        let date = t.with_timezone(&self.tz).date_naive();
        self.month_of_date(date)
    }

    /// The index of the month a date falls in, if within the term and the settled months.
    pub fn month_of_date(&self, date: NaiveDate) -> Option<usize> {
        if date < self.start || date > self.end {
            return None;
        }
        let first = *self.months.first()?;
        let i = usize::try_from(Period::of(date).months_since(first)).ok()?;
        (i < self.months.len()).then_some(i)
    }

    /// Whether a date or instant lies within the term but after the last settled month.
    pub fn after_settled(&self, date: NaiveDate) -> bool {
        date >= self.start && date <= self.end && self.months.last().is_some_and(|last| Period::of(date) > *last)
    }
}
