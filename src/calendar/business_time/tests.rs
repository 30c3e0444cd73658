//! Expected values are worked out by hand in the comments. Europe/London is
//! on GMT (= UTC) in January, so local times there read as UTC.

use super::*;
use chrono::NaiveDate;
use chrono::Weekday::{self, Fri, Mon, Sat, Sun, Thu, Tue, Wed};
use chrono_tz::America::{Havana, New_York};
use chrono_tz::Asia::Tokyo;
use chrono_tz::Europe::London;

const MON_FRI: [Weekday; 5] = [Mon, Tue, Wed, Thu, Fri];
const EVERY_DAY: [Weekday; 7] = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("valid test instant")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn seconds(s: i64) -> Duration {
    Duration::seconds(s)
}

fn hours(h: i64) -> Duration {
    Duration::seconds(h * 3600)
}

fn minutes(m: i64) -> Duration {
    Duration::seconds(m * 60)
}

/// Minutes after midnight of `HH:MM`.
fn hm(h: u32, m: u32) -> u32 {
    h * 60 + m
}

fn calendar(hours: &[(Vec<Weekday>, u32, u32)], holidays: &[NaiveDate]) -> Calendar {
    let holidays = holidays.iter().map(|day| (*day, "closed".to_string()));
    Calendar::from_parts("test", hours, holidays).expect("valid test calendar")
}

/// Monday to Friday 08:00-18:00; Wednesday 2026-01-07 is a holiday.
fn business() -> Calendar {
    calendar(&[(MON_FRI.to_vec(), hm(8, 0), hm(18, 0))], &[date(2026, 1, 7)])
}

/// Open 00:00-24:00 every day, like `always`, but with a holiday long ago so
/// that the general computation runs rather than the shortcut for `always`.
fn all_day() -> Calendar {
    calendar(&[(EVERY_DAY.to_vec(), 0, 1440)], &[date(2000, 1, 1)])
}

/// Open on Sundays only, `from`-`to`.
fn sundays(from: u32, to: u32) -> Calendar {
    calendar(&[(vec![Sun], from, to)], &[])
}

#[test]
fn start_and_end_in_one_working_interval() {
    // Monday 2026-01-05 09:00 to 11:30: 2h30m.
    let time = business().business_time(at("2026-01-05T09:00:00Z"), at("2026-01-05T11:30:00Z"), London);
    assert_eq!(time, minutes(150));
}

#[test]
fn hours_before_opening_and_after_closing_do_not_count() {
    // Monday 06:00 to 20:00 covers the whole day's hours, 08:00-18:00: 10h.
    let time = business().business_time(at("2026-01-05T06:00:00Z"), at("2026-01-05T20:00:00Z"), London);
    assert_eq!(time, hours(10));
}

#[test]
fn nights_do_not_count() {
    let business = business();
    // Monday 17:00 to Tuesday 09:00: 17:00-18:00 and 08:00-09:00, 2h.
    let time = business.business_time(at("2026-01-05T17:00:00Z"), at("2026-01-06T09:00:00Z"), London);
    assert_eq!(time, hours(2));
    // Monday 19:00 to Tuesday 07:00: all night, nothing.
    let time = business.business_time(at("2026-01-05T19:00:00Z"), at("2026-01-06T07:00:00Z"), London);
    assert_eq!(time, Duration::default());
}

#[test]
fn weekends_do_not_count() {
    let business = business();
    // Friday 2026-01-09 17:00 to Monday 2026-01-12 09:00: 1h on Friday, 1h
    // on Monday.
    let time = business.business_time(at("2026-01-09T17:00:00Z"), at("2026-01-12T09:00:00Z"), London);
    assert_eq!(time, hours(2));
    // The whole weekend, Saturday 00:00 to Monday 00:00: nothing.
    let time = business.business_time(at("2026-01-10T00:00:00Z"), at("2026-01-12T00:00:00Z"), London);
    assert_eq!(time, Duration::default());
}

#[test]
fn a_holiday_in_the_middle_does_not_count() {
    // Monday 2026-01-05 12:00 to Thursday 2026-01-08 12:00: Monday 12:00-18:00
    // (6h), Tuesday 08:00-18:00 (10h), Wednesday a holiday, Thursday
    // 08:00-12:00 (4h): 20h.
    let time = business().business_time(at("2026-01-05T12:00:00Z"), at("2026-01-08T12:00:00Z"), London);
    assert_eq!(time, hours(20));
}

#[test]
fn a_whole_month() {
    // January 2026 has 22 weekdays (Thursday 1st to Saturday 31st); one of
    // them, Wednesday 7th, is a holiday: 21 days of 10h = 210h.
    let time = business().business_time(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), London);
    assert_eq!(time, hours(210));
}

#[test]
fn end_not_after_start_is_zero() {
    let business = business();
    let (nine, ten) = (at("2026-01-05T09:00:00Z"), at("2026-01-05T10:00:00Z"));
    assert_eq!(business.business_time(ten, nine, London), Duration::default());
    assert_eq!(business.business_time(nine, nine, London), Duration::default());
    assert_eq!(Calendar::always().business_time(ten, nine, London), Duration::default());
}

#[test]
fn several_intervals_a_day() {
    // Monday to Friday 08:00-12:00 and 13:00-17:00.
    let split = calendar(&[(MON_FRI.to_vec(), hm(8, 0), hm(12, 0)), (MON_FRI.to_vec(), hm(13, 0), hm(17, 0))], &[]);
    // Monday 10:00 to 14:00: 10:00-12:00 and 13:00-14:00, 3h.
    let time = split.business_time(at("2026-01-05T10:00:00Z"), at("2026-01-05T14:00:00Z"), London);
    assert_eq!(time, hours(3));
    // Inside the lunch break: nothing.
    let time = split.business_time(at("2026-01-05T12:15:00Z"), at("2026-01-05T12:45:00Z"), London);
    assert_eq!(time, Duration::default());
    // Monday 11:00 to Tuesday 09:00: 11:00-12:00 (1h), 13:00-17:00 (4h),
    // Tuesday 08:00-09:00 (1h): 6h.
    let time = split.business_time(at("2026-01-05T11:00:00Z"), at("2026-01-06T09:00:00Z"), London);
    assert_eq!(time, hours(6));
}

#[test]
fn hours_ending_at_midnight_join_the_next_day() {
    // A night shift: Monday 20:00-24:00 and Tuesday 00:00-02:00.
    let night = calendar(&[(vec![Mon], hm(20, 0), 1440), (vec![Tue], 0, hm(2, 0))], &[]);
    // Monday 23:00 to Tuesday 01:30: 1h on Monday, 1h30m on Tuesday.
    let time = night.business_time(at("2026-01-05T23:00:00Z"), at("2026-01-06T01:30:00Z"), London);
    assert_eq!(time, minutes(150));
    // Monday 18:00 to Tuesday 06:00: the whole shift, 4h + 2h.
    let time = night.business_time(at("2026-01-05T18:00:00Z"), at("2026-01-06T06:00:00Z"), London);
    assert_eq!(time, hours(6));
}

#[test]
fn seconds_and_fractions_of_a_second_count() {
    let business = business();
    // Monday 17:59:30 to Tuesday 08:00:15: 30s on Monday, 15s on Tuesday.
    let time = business.business_time(at("2026-01-05T17:59:30Z"), at("2026-01-06T08:00:15Z"), London);
    assert_eq!(time, seconds(45));
    // Monday 09:00:00.250 to 09:00:01: 0.75s.
    let time = business.business_time(at("2026-01-05T09:00:00.250Z"), at("2026-01-05T09:00:01Z"), London);
    assert_eq!(time, Duration(Decimal::new(75, 2)));
    // Fractions on both sides within always: 1.5s.
    let time = Calendar::always().business_time(at("2026-01-05T09:00:00.750Z"), at("2026-01-05T09:00:02.250Z"), London);
    assert_eq!(time, Duration(Decimal::new(15, 1)));
}

#[test]
fn hours_are_local_wall_clock_times() {
    let business = business();
    // New York in January is UTC-5: Monday 2026-01-05 08:00-18:00 local is
    // 13:00-23:00 UTC. 12:00 to 24:00 UTC covers it all: 10h.
    let time = business.business_time(at("2026-01-05T12:00:00Z"), at("2026-01-06T00:00:00Z"), New_York);
    assert_eq!(time, hours(10));
    // Tuesday 00:00 to 14:00 UTC is Monday 19:00 to Tuesday 09:00 local:
    // Tuesday 08:00-09:00, 1h.
    let time = business.business_time(at("2026-01-06T00:00:00Z"), at("2026-01-06T14:00:00Z"), New_York);
    assert_eq!(time, hours(1));
    // Tokyo is UTC+9: Sunday 2026-01-04 in UTC ends at Monday 09:00 local,
    // so it holds Monday 08:00-09:00 local, 1h.
    let time = business.business_time(at("2026-01-04T00:00:00Z"), at("2026-01-05T00:00:00Z"), Tokyo);
    assert_eq!(time, hours(1));
}

#[test]
fn always_is_elapsed_time() {
    // 2026-01-05 09:00 to 2026-02-05 09:00: 31 days.
    let (start, end) = (at("2026-01-05T09:00:00Z"), at("2026-02-05T09:00:00Z"));
    assert_eq!(Calendar::always().business_time(start, end, London), hours(31 * 24));
    assert_eq!(all_day().business_time(start, end, London), hours(31 * 24));
}

#[test]
fn spring_forward_day_has_23_hours() {
    // London, Sunday 2026-03-29: at 01:00 GMT the clocks go to 02:00 BST.
    // Local midnight to midnight is 2026-03-29 00:00 UTC to 23:00 UTC.
    let (start, end) = (at("2026-03-29T00:00:00Z"), at("2026-03-29T23:00:00Z"));
    assert_eq!(Calendar::always().business_time(start, end, London), hours(23));
    assert_eq!(all_day().business_time(start, end, London), hours(23));
    // A calendar open Sundays 00:00-24:00 counts the same 23h however wide
    // the query around it.
    let sunday = sundays(0, 1440);
    let time = sunday.business_time(at("2026-03-28T00:00:00Z"), at("2026-03-31T00:00:00Z"), London);
    assert_eq!(time, hours(23));
}

#[test]
fn fall_back_day_has_25_hours() {
    // London, Sunday 2026-10-25: at 02:00 BST the clocks go back to 01:00
    // GMT. Local midnight (BST) is Saturday 23:00 UTC; the next local
    // midnight (GMT) is Monday 00:00 UTC: 25h.
    let (start, end) = (at("2026-10-24T23:00:00Z"), at("2026-10-26T00:00:00Z"));
    assert_eq!(Calendar::always().business_time(start, end, London), hours(25));
    assert_eq!(all_day().business_time(start, end, London), hours(25));
    let sunday = sundays(0, 1440);
    let time = sunday.business_time(at("2026-10-24T00:00:00Z"), at("2026-10-27T00:00:00Z"), London);
    assert_eq!(time, hours(25));
}

#[test]
fn hours_inside_the_changing_hour() {
    let wide = (at("2026-03-28T00:00:00Z"), at("2026-03-31T00:00:00Z"));
    let wide_autumn = (at("2026-10-24T00:00:00Z"), at("2026-10-27T00:00:00Z"));

    // Sundays 01:00-02:00. In spring that hour never happens: nothing. In
    // autumn it happens twice, 00:00-01:00 UTC (BST) and 01:00-02:00 UTC
    // (GMT): 2h.
    let one_to_two = sundays(hm(1, 0), hm(2, 0));
    assert_eq!(one_to_two.business_time(wide.0, wide.1, London), Duration::default());
    assert_eq!(one_to_two.business_time(wide_autumn.0, wide_autumn.1, London), hours(2));
    // Only the second time round, 01:15-01:45 GMT = UTC: 30m.
    let time = one_to_two.business_time(at("2026-10-25T01:15:00Z"), at("2026-10-25T01:45:00Z"), London);
    assert_eq!(time, minutes(30));
    // 01:15 BST (00:15 UTC) to 01:15 GMT (01:15 UTC): 1h.
    let time = one_to_two.business_time(at("2026-10-25T00:15:00Z"), at("2026-10-25T01:15:00Z"), London);
    assert_eq!(time, hours(1));

    // Sundays 00:30-03:00. Spring: 00:30 GMT (00:30 UTC) to 03:00 BST (02:00
    // UTC), 1h30m. Autumn: 00:30 BST (Saturday 23:30 UTC) to 03:00 GMT
    // (03:00 UTC), 3h30m.
    let across = sundays(hm(0, 30), hm(3, 0));
    assert_eq!(across.business_time(wide.0, wide.1, London), minutes(90));
    assert_eq!(across.business_time(wide_autumn.0, wide_autumn.1, London), minutes(210));

    // Sundays 01:30-18:00. Spring: 01:30 falls in the gap, which ends at
    // 01:00 UTC; 18:00 BST is 17:00 UTC: 16h. Autumn: 01:30 first happens
    // at 00:30 UTC (BST); 18:00 GMT is 18:00 UTC: 17h30m.
    let from_half_past_one = sundays(hm(1, 30), hm(18, 0));
    assert_eq!(from_half_past_one.business_time(wide.0, wide.1, London), hours(16));
    assert_eq!(from_half_past_one.business_time(wide_autumn.0, wide_autumn.1, London), minutes(17 * 60 + 30));
}

#[test]
fn midnight_itself_may_change() {
    // Havana changes its clocks at midnight. Sunday 2026-03-08: 00:00 CST
    // (05:00 UTC) jumps to 01:00 CDT, so local midnight does not exist.
    // Sunday 2026-11-01: 01:00 CDT (05:00 UTC) goes back to 00:00 CST, so
    // midnight happens twice, at 04:00 and 05:00 UTC. A day ending 24:00
    // closes late and the next one opens early; the hour between counts
    // once, so open-all-day is still elapsed time.
    let day = hours(24);
    let spring = (at("2026-03-07T12:00:00Z"), at("2026-03-08T12:00:00Z"));
    let autumn = (at("2026-10-31T12:00:00Z"), at("2026-11-01T12:00:00Z"));
    assert_eq!(all_day().business_time(spring.0, spring.1, Havana), day);
    assert_eq!(all_day().business_time(autumn.0, autumn.1, Havana), day);
    // Sundays 00:00-01:00 on 2026-11-01: from the first midnight (04:00
    // UTC) to 01:00 CST (06:00 UTC), 2h.
    let time = sundays(0, hm(1, 0)).business_time(autumn.0, autumn.1, Havana);
    assert_eq!(time, hours(2));
}

#[test]
fn open_all_day_is_elapsed_time_everywhere() {
    // Spans of 37h starting every 7h13m through 2026, across both DST
    // changes, in two zones.
    let always = Calendar::always();
    let all_day = all_day();
    let span = TimeDelta::hours(37);
    let step = TimeDelta::minutes(7 * 60 + 13);
    for tz in [London, Havana] {
        let mut start = at("2026-01-01T00:00:00Z");
        while start < at("2027-01-01T00:00:00Z") {
            let end = start + span;
            assert_eq!(all_day.business_time(start, end, tz), hours(37), "{tz} {start}");
            assert_eq!(always.business_time(start, end, tz), hours(37), "{tz} {start}");
            start += step;
        }
    }
}

#[test]
fn working_time_adds_up_over_consecutive_spans() {
    // business_time(a, c) = business_time(a, b) + business_time(b, c) for
    // every b between, including around the DST changes.
    let calendars = [business(), sundays(hm(1, 30), hm(18, 0)), sundays(hm(1, 0), hm(2, 0))];
    for (a, c) in [
        (at("2026-03-27T00:00:00Z"), at("2026-03-31T00:00:00Z")),
        (at("2026-10-23T00:00:00Z"), at("2026-10-27T00:00:00Z")),
    ] {
        for calendar in &calendars {
            let whole = calendar.business_time(a, c, London);
            let mut b = a;
            while b <= c {
                let parts = Duration(
                    calendar.business_time(a, b, London).as_seconds()
                        + calendar.business_time(b, c, London).as_seconds(),
                );
                assert_eq!(parts, whole, "split at {b}");
                b += TimeDelta::minutes(10);
            }
        }
    }
}

#[test]
fn a_placeholder_date_in_year_one_is_exact() {
    // 0001-01-01 is a Monday (proleptic Gregorian). London keeps local mean
    // time then (UTC-0:01:15), so 08:00-18:00 local lies inside each UTC day:
    // Monday to Friday, 5 days of 10h = 50h in the week to 0001-01-08.
    let time = business().business_time(at("0001-01-01T00:00:00Z"), at("0001-01-08T00:00:00Z"), London);
    assert_eq!(time, hours(50));
    // From the placeholder to a real date: the table and the day-by-day
    // walk agree to the nanosecond.
    let (start, end) = (at("0001-01-01T00:00:00Z"), at("2026-01-06T09:30:00.5Z"));
    assert_eq!(business().business_time(start, end, London), duration(walk(&business(), start, end, London)));
}

#[test]
fn the_table_grows_both_ways_and_stays_exact() {
    let calendar = business();
    // Later, then earlier, then later again than anything seen.
    let spans = [
        ("2026-01-05T12:00:00Z", "2026-01-20T12:00:00Z"),
        ("2024-03-29T23:30:00Z", "2024-11-03T06:59:59Z"),
        ("2026-01-01T00:00:00Z", "2031-06-30T13:00:00Z"),
        ("1999-12-31T23:59:59Z", "2000-01-04T08:00:01Z"),
    ];
    for (start, end) in spans {
        for tz in [London, New_York, Havana, Tokyo] {
            let (start, end) = (at(start), at(end));
            let direct = duration(walk(&calendar, start, end, tz));
            assert_eq!(calendar.business_time(start, end, tz), direct, "{tz} {start} {end}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Through the table or walked, the same figure, in zones with DST
    /// changes at midnight (Havana) and none (Tokyo).
    #[test]
    fn the_table_agrees_with_the_walk(
        start in 0i64..(40 * 366 * 86_400),
        length in 0i64..(90 * 86_400),
        zone in 0usize..4,
        which in 0usize..3,
    ) {
        let tz = [London, New_York, Havana, Tokyo][zone];
        let calendar = [business(), sundays(hm(1, 30), hm(18, 0)), sundays(hm(0, 0), hm(24, 0))][which].clone();
        let base = at("1995-01-01T00:00:00Z");
        let start = base + TimeDelta::seconds(start);
        let end = start + TimeDelta::seconds(length) + TimeDelta::nanoseconds(250);
        proptest::prop_assert_eq!(calendar.business_time(start, end, tz), duration(walk(&calendar, start, end, tz)));
    }
}

#[test]
fn every_day_of_the_table_agrees_with_the_walk_across_dst_changes() {
    // The table is built from one walk marking every midnight; each span of
    // three days starting at every hour-past-midnight of 2025-2026, asked
    // first late then early (so the table grows both ways), must give what
    // walking its days gives.
    for tz in [London, Havana] {
        for calendar in [business(), sundays(hm(1, 30), hm(18, 0)), all_day()] {
            let mut days: Vec<i64> = (0..730).collect();
            days.rotate_left(365);
            for day in days {
                let start = at("2025-01-01T01:00:00Z") + TimeDelta::days(day);
                let end = start + TimeDelta::days(3) + TimeDelta::minutes(17);
                let direct = duration(walk(&calendar, start, end, tz));
                assert_eq!(calendar.business_time(start, end, tz), direct, "{tz} {start}");
            }
        }
    }
}
