//! Business days: days with working hours that are not holidays
//! (escalation due dates, LANGUAGE.md §7.3).

use super::Calendar;
use chrono::{Datelike, NaiveDate};

/// How many days in a row may pass without a business day before counting
/// gives up: twenty years.
const GIVE_UP_AFTER_DAYS: usize = 20 * 366;

impl Calendar {
    /// Whether `date` is a business day: its weekday has working hours and
    /// it is not a holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.week[date.weekday().num_days_from_monday() as usize].is_empty() && !self.holidays.contains_key(&date)
    }

    /// The `n`-th business day strictly after `after` (`after` itself when
    /// `n` is 0). `None` when the calendar has no business days (no day
    /// with hours, or twenty years in a row without one) or the date would
    /// be past the end of representable dates.
    pub fn add_business_days(&self, after: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n > 0 && self.week.iter().all(Vec::is_empty) {
            return None;
        }
        let mut day = after;
        for _ in 0..n {
            day = self.next_business_day(day)?;
        }
        Some(day)
    }

    /// The first business day strictly after `after`, looking at most
    /// [`GIVE_UP_AFTER_DAYS`] days ahead.
    fn next_business_day(&self, after: NaiveDate) -> Option<NaiveDate> {
        after.iter_days().skip(1).take(GIVE_UP_AFTER_DAYS).find(|day| self.is_business_day(*day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday::{Fri, Mon, Thu, Tue, Wed};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// Monday to Friday 08:00-18:00, with Tuesday 2026-02-03 a holiday.
    fn business() -> Calendar {
        let hours = [(vec![Mon, Tue, Wed, Thu, Fri], 8 * 60, 18 * 60)];
        let holidays = [(date(2026, 2, 3), "Company day".to_string())];
        Calendar::from_parts("business", &hours, holidays).expect("valid calendar")
    }

    #[test]
    fn business_days_have_hours_and_are_not_holidays() {
        let calendar = business();
        assert!(calendar.is_business_day(date(2026, 2, 2))); // Monday
        assert!(!calendar.is_business_day(date(2026, 2, 3))); // Tuesday, holiday
        assert!(!calendar.is_business_day(date(2026, 1, 31))); // Saturday
        assert!(!calendar.is_business_day(date(2026, 2, 1))); // Sunday
        assert!(Calendar::always().is_business_day(date(2026, 2, 1)));
    }

    #[test]
    fn counting_skips_weekends_and_holidays() {
        // After Friday 2026-01-30: Mon 02-02 (1), Tue 02-03 is a holiday,
        // Wed 02-04 (2), Thu 02-05 (3), Fri 02-06 (4), weekend, Mon 02-09 (5).
        let calendar = business();
        assert_eq!(calendar.add_business_days(date(2026, 1, 30), 5), Some(date(2026, 2, 9)));
        // One after Friday is the next Monday.
        assert_eq!(calendar.add_business_days(date(2026, 1, 30), 1), Some(date(2026, 2, 2)));
        // One after Monday 02-02 skips the holiday to Wednesday.
        assert_eq!(calendar.add_business_days(date(2026, 2, 2), 1), Some(date(2026, 2, 4)));
        // From a Saturday: Mon 02-02 (1), Wed 02-04 (2).
        assert_eq!(calendar.add_business_days(date(2026, 1, 31), 2), Some(date(2026, 2, 4)));
        // 20 business days after Saturday 2026-01-31: four full weeks of five
        // would end on Friday 02-27, one holiday pushes it to Monday 03-02.
        assert_eq!(calendar.add_business_days(date(2026, 1, 31), 20), Some(date(2026, 3, 2)));
    }

    #[test]
    fn zero_days_is_the_day_itself() {
        // Even when that day is not a business day.
        assert_eq!(business().add_business_days(date(2026, 1, 31), 0), Some(date(2026, 1, 31)));
    }

    #[test]
    fn every_day_counts_on_always() {
        // 5 days after Saturday 2026-01-31: Feb 1, 2, 3, 4, 5.
        let always = Calendar::always();
        assert_eq!(always.add_business_days(date(2026, 1, 31), 5), Some(date(2026, 2, 5)));
        // Across the end of a leap-year February: 2028-02-28 + 2 = 2028-03-01.
        assert_eq!(always.add_business_days(date(2028, 2, 28), 2), Some(date(2028, 3, 1)));
    }

    #[test]
    fn a_calendar_without_hours_has_no_business_days() {
        let closed = Calendar::from_parts("closed", &[], []).expect("valid calendar");
        assert_eq!(closed.add_business_days(date(2026, 1, 30), 1), None);
        assert_eq!(closed.add_business_days(date(2026, 1, 30), 0), Some(date(2026, 1, 30)));
    }

    #[test]
    fn holidays_on_every_open_day_are_skipped() {
        // Open on Wednesdays only; every Wednesday of February 2026 (4, 11,
        // 18, 25) is a holiday, so the first business day after Sunday
        // 2026-02-01 is Wednesday 2026-03-04.
        let hours = [(vec![Wed], 600, 660)];
        let holidays = [4, 11, 18, 25].map(|d| (date(2026, 2, d), "closed".to_string()));
        let wednesdays = Calendar::from_parts("wednesdays", &hours, holidays).expect("valid");
        assert_eq!(wednesdays.add_business_days(date(2026, 2, 1), 1), Some(date(2026, 3, 4)));
    }

    #[test]
    fn twenty_years_of_holidays_give_up() {
        // Every day from 2026-01-01 for longer than the search looks ahead
        // is a holiday.
        let start = date(2026, 1, 1);
        let holidays = start.iter_days().take(GIVE_UP_AFTER_DAYS + 10).map(|day| (day, "closed".to_string()));
        let hours = [(vec![Mon, Tue, Wed, Thu, Fri], 480, 1080)];
        let calendar = Calendar::from_parts("closed", &hours, holidays).expect("valid");
        assert_eq!(calendar.add_business_days(date(2025, 12, 31), 1), None);
    }

    #[test]
    fn counting_stops_at_the_end_of_representable_dates() {
        assert_eq!(Calendar::always().add_business_days(NaiveDate::MAX, 1), None);
    }
}
