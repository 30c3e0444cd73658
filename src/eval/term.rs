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

    /// The month an instant falls in, and whether it falls within the term
    /// after the last settled month: `month_of_date` and `after_settled` of
    /// its local date, by comparing instants with precomputed local
    /// midnights instead of converting each instant to local time.
    ///
    /// `near` is the month the caller's last instant fell in (any number
    /// will do): it is tried first, and left holding this instant's. Rows
    /// come mostly in time order, so one test of the month's two ends takes
    /// the place of a search among all months' ends, whose branches the
    /// processor cannot foresee.
    pub fn place_instant(&self, t: DateTime<Utc>, bounds: &InstantBounds, near: &mut usize) -> (Option<usize>, bool) {
        let Some(b) = &bounds.0 else {
            let date = t.with_timezone(&self.tz).date_naive();
            return (self.month_of_date(date), self.after_settled(date));
        };
        if t < b.start || t >= b.end {
            return (None, false);
        }
        // Month i runs from the end of month i - 1 (the term's start for
        // the first) to its own end, `b.months[i]`.
        let in_near = (*near == 0 || b.months.get(*near - 1).is_some_and(|from| *from <= t))
            && b.months.get(*near).is_some_and(|to| t < *to);
        if !in_near {
            *near = b.months.partition_point(|m| *m <= t);
        }
        let month = *near;
        if month < self.months.len() {
            (Some(month), false)
        } else {
            (None, true)
        }
    }

    /// The local midnights [`Term::place_instant`] compares with.
    pub fn instant_bounds(&self) -> InstantBounds {
        // Exact only where every midnight used happens once: then an instant
        // is on or after local day D exactly when it is on or after D's
        // midnight (local time passes each such midnight once).
        let single = |date: NaiveDate| match self.tz.from_local_datetime(&date.and_hms_opt(0, 0, 0)?) {
            chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
            _ => None,
        };
        let bounds = (|| {
            let start = single(self.start)?;
            let end = single(self.end.succ_opt()?)?;
            let months = self.months.iter().map(|p| single(p.next().first_day())).collect::<Option<Vec<_>>>()?;
            Some(Bounds { start, end, months })
        })();
        InstantBounds(bounds)
    }

    /// Whether a date or instant lies within the term but after the last settled month.
    pub fn after_settled(&self, date: NaiveDate) -> bool {
        date >= self.start && date <= self.end && self.months.last().is_some_and(|last| Period::of(date) > *last)
    }
}

/// Local midnights as instants: the start and end of the term and the end
/// of each settled month; `None` where a midnight is skipped or repeated.
#[derive(Clone, Debug)]
pub struct InstantBounds(Option<Bounds>);

#[derive(Clone, Debug)]
struct Bounds {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    months: Vec<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Contract;

    #[test]
    fn placing_instants_agrees_with_local_dates() {
        for tz in [chrono_tz::Europe::London, chrono_tz::America::Sao_Paulo, chrono_tz::Asia::Tokyo] {
            let contract = Contract::for_test(
                NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
                NaiveDate::from_ymd_opt(2027, 6, 30).unwrap(),
                tz,
            );
            let term = Term::new(&contract, "2026-12".parse().unwrap());
            let exact = term.instant_bounds();
            let mut instants = Vec::new();
            let mut t = Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).unwrap();
            while t < Utc.with_ymd_and_hms(2027, 8, 1, 0, 0, 0).unwrap() {
                instants.push(t);
                t += chrono::Duration::minutes(37);
            }
            // In time order (the month tried first is mostly right), and
            // shuffled (mostly wrong): the answer is the same.
            let mut shuffled = instants.clone();
            let mut state = 0x9E37_79B9_7F4A_7C15u64;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            for order in [instants, shuffled] {
                let mut near = 0;
                for t in order {
                    let date = t.with_timezone(&tz).date_naive();
                    assert_eq!(
                        term.place_instant(t, &exact, &mut near),
                        (term.month_of_date(date), term.after_settled(date)),
                        "{tz} {t}"
                    );
                }
            }
        }
    }
}
