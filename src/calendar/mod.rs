//! Working calendars: weekly hours and holidays, in the contract timezone.
//!
//! `business_time`, `overlap` and `scheduled` (LANGUAGE.md §6) and the
//! business-day counting of escalation due dates (§7.3) are all built on
//! [`Calendar`].

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
}

impl Calendar {
    /// The built-in calendar `always`: every minute of every day.
    pub fn always() -> Calendar {
        Calendar {
            name: "always".to_string(),
            week: std::array::from_fn(|_| vec![(0, 1440)]),
            holidays: BTreeMap::new(),
        }
    }
}
