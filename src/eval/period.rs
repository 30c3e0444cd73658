//! Settlement periods: calendar months.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// A calendar month, the unit of settlement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
}

impl Period {
    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Period {
        Period { year: date.year(), month: date.month() }
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// The month after this one.
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { year: self.year, month: self.month + 1 }
        }
    }

    /// Months from `earlier` to `self` (0 when equal; negative if `earlier` is later).
    pub fn months_since(self, earlier: Period) -> i32 {
        (self.year - earlier.year) * 12 + self.month as i32 - earlier.month as i32
    }

    /// The month `n` months after this one.
    pub fn plus(self, n: u32) -> Period {
        let index = self.year * 12 + self.month as i32 - 1 + n as i32;
        Period { year: index.div_euclid(12), month: index.rem_euclid(12) as u32 + 1 }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = String;

    /// Parses `YYYY-MM`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a month; write it as YYYY-MM, such as 2026-03");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Period { year, month })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        let p: Period = "2026-11".parse().unwrap();
        assert_eq!(p.next().to_string(), "2026-12");
        assert_eq!(p.next().next().to_string(), "2027-01");
        assert_eq!(p.plus(14).to_string(), "2028-01");
        assert_eq!(p.plus(14).months_since(p), 14);
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!("2024-02".parse::<Period>().unwrap().last_day().day(), 29);
    }

    #[test]
    fn rejects_bad_months() {
        assert!("2026-13".parse::<Period>().is_err());
        assert!("2026-3".parse::<Period>().is_err());
        assert!("march".parse::<Period>().is_err());
    }
}
