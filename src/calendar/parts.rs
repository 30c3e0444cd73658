//! Building a [`Calendar`] from its `hours` lines and holidays (LANGUAGE.md §4).

use super::Calendar;
use chrono::{NaiveDate, Weekday};
use std::collections::BTreeMap;

/// Minutes in a day; a working interval may end at most here (`24:00`).
const DAY: u32 = 1440;

/// Why a calendar's hours are not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// An `hours` line whose closing time is not after its opening time.
    #[error(
        "working hours {}-{} are empty: the closing time must be later than the opening time",
        clock(*.from),
        clock(*.to)
    )]
    EmptyHours {
        /// Position (from 0) of the line among the `hours` given.
        index: usize,
        /// Opening time, in minutes after midnight.
        from: u32,
        /// Closing time, in minutes after midnight.
        to: u32,
    },
    /// An `hours` line that closes after midnight.
    #[error(
        "working hours {}-{} end after 24:00: hours cannot run past midnight \
         (split them over two days, e.g. `mon 22:00-24:00` and `tue 00:00-06:00`)",
        clock(*.from),
        clock(*.to)
    )]
    PastMidnight {
        /// Position (from 0) of the line among the `hours` given.
        index: usize,
        /// Opening time, in minutes after midnight.
        from: u32,
        /// Closing time, in minutes after midnight.
        to: u32,
    },
}

/// `HH:MM` for a number of minutes after midnight (`24:00` for 1440).
fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl Calendar {
    /// A calendar from its parts: `hours` lines `(days, from, to)` with
    /// times in minutes after local midnight (`to` may be 1440 for `24:00`),
    /// and holidays.
    ///
    /// Lines may repeat and overlap: each weekday's intervals are sorted and
    /// overlapping or touching ones merged (`08:00-12:00` and `12:00-14:00`
    /// become `08:00-14:00`). A holiday given twice keeps the last name
    /// given; an empty name becomes `"holiday"`.
    ///
    /// Fails on the first line whose `to` is past 24:00 or not after `from`.
    pub fn from_parts(
        name: impl Into<String>,
        hours: &[(Vec<Weekday>, u32, u32)],
        holidays: impl IntoIterator<Item = (NaiveDate, String)>,
    ) -> Result<Calendar, CalendarError> {
        let mut week: [Vec<(u32, u32)>; 7] = Default::default();
        for (index, (days, from, to)) in hours.iter().enumerate() {
            let (from, to) = (*from, *to);
            if to > DAY {
                return Err(CalendarError::PastMidnight { index, from, to });
            }
            if from >= to {
                return Err(CalendarError::EmptyHours { index, from, to });
            }
            for day in days {
                week[day.num_days_from_monday() as usize].push((from, to));
            }
        }
        for intervals in &mut week {
            merge(intervals);
        }
        let holidays: BTreeMap<NaiveDate, String> = holidays
            .into_iter()
            .map(|(date, name)| {
                let name = if name.trim().is_empty() { "holiday".to_string() } else { name };
                (date, name)
            })
            .collect();
        Ok(Calendar { name: name.into(), week, holidays, cumulative: Default::default() })
    }
}

/// Sorts `intervals` and merges those that overlap or touch.
fn merge(intervals: &mut Vec<(u32, u32)>) {
    intervals.sort_unstable();
    intervals.dedup_by(|next, kept| {
        let joins = next.0 <= kept.1;
        if joins {
            kept.1 = kept.1.max(next.1);
        }
        joins
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};

    const MON_FRI: [Weekday; 5] = [Mon, Tue, Wed, Thu, Fri];

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn repeated_lines_are_sorted_and_merged_per_day() {
        let hours = [
            (vec![Mon], 16 * 60, 17 * 60),       // 16:00-17:00
            (MON_FRI.to_vec(), 8 * 60, 12 * 60), // 08:00-12:00
            (vec![Mon], 11 * 60, 14 * 60),       // overlaps: 08:00-14:00
            (vec![Mon], 14 * 60, 15 * 60),       // touches: 08:00-15:00
            (vec![Sun], 0, 1440),                // 00:00-24:00
            (vec![Sun], 600, 660),               // inside it
        ];
        let calendar = Calendar::from_parts("support", &hours, []).expect("valid hours");
        assert_eq!(calendar.name, "support");
        assert_eq!(calendar.week[0], vec![(480, 900), (960, 1020)]); // Monday
        assert_eq!(calendar.week[1], vec![(480, 720)]); // Tuesday
        assert_eq!(calendar.week[4], vec![(480, 720)]); // Friday
        assert_eq!(calendar.week[5], vec![]); // Saturday
        assert_eq!(calendar.week[6], vec![(0, 1440)]); // Sunday
    }

    #[test]
    fn split_lines_stay_split() {
        // 08:00-12:00 and 13:00-17:00: the lunch hour stays out.
        let hours = [(vec![Mon, Sat], 480, 720), (vec![Mon, Sat], 780, 1020)];
        let calendar = Calendar::from_parts("split", &hours, []).expect("valid hours");
        assert_eq!(calendar.week[0], vec![(480, 720), (780, 1020)]);
        assert_eq!(calendar.week[5], vec![(480, 720), (780, 1020)]);
    }

    #[test]
    fn holidays_are_kept_with_their_names() {
        let holidays = [
            (date(2026, 12, 25), "Christmas Day".to_string()),
            (date(2026, 12, 24), String::new()),
            (date(2026, 12, 26), "Boxing Day".to_string()),
            (date(2026, 12, 26), "Boxing Day (agreed)".to_string()),
        ];
        let calendar = Calendar::from_parts("business", &[], holidays).expect("valid calendar");
        let names: Vec<(NaiveDate, &str)> = calendar.holidays.iter().map(|(d, n)| (*d, n.as_str())).collect();
        assert_eq!(
            names,
            vec![
                (date(2026, 12, 24), "holiday"),
                (date(2026, 12, 25), "Christmas Day"),
                (date(2026, 12, 26), "Boxing Day (agreed)"),
            ]
        );
    }

    #[test]
    fn reversed_or_empty_hours_are_errors() {
        let reversed = [(MON_FRI.to_vec(), 480, 600), (vec![Wed], 18 * 60, 8 * 60)];
        let error = Calendar::from_parts("bad", &reversed, []).expect_err("reversed hours");
        assert_eq!(error, CalendarError::EmptyHours { index: 1, from: 1080, to: 480 });
        assert_eq!(
            error.to_string(),
            "working hours 18:00-08:00 are empty: the closing time must be later than the \
             opening time"
        );

        let empty = [(vec![Wed], 600, 600)];
        let error = Calendar::from_parts("bad", &empty, []).expect_err("empty hours");
        assert_eq!(error, CalendarError::EmptyHours { index: 0, from: 600, to: 600 });
    }

    #[test]
    fn hours_past_midnight_are_errors() {
        let hours = [(vec![Fri], 20 * 60, 1441)];
        let error = Calendar::from_parts("bad", &hours, []).expect_err("past midnight");
        assert_eq!(error, CalendarError::PastMidnight { index: 0, from: 1200, to: 1441 });
        assert_eq!(
            error.to_string(),
            "working hours 20:00-24:01 end after 24:00: hours cannot run past midnight \
             (split them over two days, e.g. `mon 22:00-24:00` and `tue 00:00-06:00`)"
        );
    }

    #[test]
    fn midnight_is_a_valid_end() {
        let hours = [(vec![Fri], 20 * 60, 1440)];
        let calendar = Calendar::from_parts("late", &hours, []).expect("valid hours");
        assert_eq!(calendar.week[4], vec![(1200, 1440)]);
    }
}
