//! Working calendars: weekly hours and holidays, in the contract timezone.
//!
//! `business_time`, `overlap` and `scheduled` (LANGUAGE.md §6) and the
//! business-day counting of escalation due dates (§7.3) are all built on
//! [`Calendar`].
//!
//! One file per job: [`Calendar::from_parts`] builds a calendar from its
//! `hours` lines and holidays (`parts`), [`parse_holidays_toml`] reads a
//! holidays file (`holidays`), [`Calendar::business_time`] measures working
//! time between two instants (`business_time`, with the DST rules in
//! `local`), and [`Calendar::add_business_days`] counts business days
//! (`days`).

mod business_time;
mod days;
mod holidays;
mod local;
mod parts;

pub use business_time::WorkingSpans;
pub use holidays::{parse_holidays_toml, EntryProblem, HolidaysError};
pub use parts::CalendarError;

use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A working calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// The calendar's name.
    pub name: String,
    /// Working intervals per weekday (index 0 = Monday), in minutes after
    /// local midnight, sorted and non-overlapping; an end of 1440 means
    /// midnight at the end of the day.
    pub week: [Vec<(u32, u32)>; 7],
    /// Days without working hours, with their names.
    pub holidays: BTreeMap<NaiveDate, String>,
    /// Working time up to each UTC midnight, filled in on demand (a cache:
    /// never part of a comparison).
    pub cumulative: business_time::cumulative::Cumulative,
}

impl Calendar {
    /// The built-in calendar `always`: every minute of every day.
    pub fn always() -> Calendar {
        Calendar {
            name: "always".to_string(),
            week: std::array::from_fn(|_| vec![(0, 1440)]),
            holidays: BTreeMap::new(),
            cumulative: Default::default(),
        }
    }

    /// Whether every minute of every day is working time, so that working
    /// time is simply elapsed time (true of [`Calendar::always`]).
    fn is_always(&self) -> bool {
        self.holidays.is_empty() && self.week.iter().all(|day| day.as_slice() == [(0, 1440)])
    }
}
