//! Expected values are worked out by hand in the comments; the property
//! tests compare the table's SQL formula with [`Calendar::business_time`].

use super::*;
use crate::sql::time::changes::Changes;
use crate::sql::time::fixtures::{at, date, term_range};
use crate::value::Duration;
use chrono::NaiveDate;
use chrono::Weekday::{self, Fri, Mon, Sat, Sun, Thu, Tue, Wed};
use chrono_tz::America::{Havana, New_York};
use chrono_tz::Europe::{Berlin, London};
use proptest::prelude::*;
use std::sync::OnceLock;

const MON_FRI: [Weekday; 5] = [Mon, Tue, Wed, Thu, Fri];
const EVERY_DAY: [Weekday; 7] = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];

/// Minutes after midnight of `HH:MM`.
fn hm(h: u32, m: u32) -> u32 {
    h * 60 + m
}

fn calendar(name: &str, hours: &[(&[Weekday], u32, u32)], holidays: &[NaiveDate]) -> Calendar {
    let hours: Vec<(Vec<Weekday>, u32, u32)> =
        hours.iter().map(|(days, from, to)| (days.to_vec(), *from, *to)).collect();
    let holidays = holidays.iter().map(|day| (*day, "closed".to_string()));
    Calendar::from_parts(name, &hours, holidays).expect("valid test calendar")
}

/// Monday to Friday 08:00-18:00; Wednesday 2026-01-07 is a holiday.
fn business() -> Calendar {
    calendar("business", &[(&MON_FRI, hm(8, 0), hm(18, 0))], &[date(2026, 1, 7)])
}

/// Monday to Friday 22:00-24:00.
fn night_shift() -> Calendar {
    calendar("night", &[(&MON_FRI, hm(22, 0), hm(24, 0))], &[])
}

fn table(calendar: &Calendar, tz: Tz, first: NaiveDate, last: NaiveDate) -> CalendarTable {
    CalendarTable::new(calendar, tz, DayRange::new(first, last).expect("in range")).expect("table")
}

#[test]
fn a_business_week_in_london() {
    // January: London is on GMT = UTC. The table starts Monday 2026-01-05.
    let table = table(&business(), London, date(2026, 1, 5), date(2026, 1, 11));
    assert_eq!(table.spans_per_day(), 1);
    assert_eq!(table.columns(), ["utc_day", "before_day", "s1", "e1"]);
    let rows = table.rows();
    assert_eq!(rows.len(), 7);
    // Monday: 08:00-18:00, nothing before it.
    assert_eq!(rows[0].before_day, 0);
    assert_eq!(rows[0].spans, [(at("2026-01-05T08:00:00Z"), at("2026-01-05T18:00:00Z"))]);
    // Wednesday is a holiday: an empty span at its midnight; 10h each for
    // Monday and Tuesday before it.
    let wednesday = at("2026-01-07T00:00:00Z");
    assert_eq!(rows[2].before_day, 20 * 3600);
    assert_eq!(rows[2].spans, [(wednesday, wednesday)]);
    // Saturday: Monday, Tuesday, Thursday, Friday before it, 40h.
    assert_eq!(rows[5].before_day, 40 * 3600);
    // Friday 17:00 to Monday 09:00: 1h (the next Monday is outside the table).
    assert_eq!(table.business_time(at("2026-01-09T17:00:00Z"), at("2026-01-11T23:59:59Z")), Some(3600));
    assert_eq!(table.business_time(at("2026-01-09T17:00:00Z"), at("2026-01-12T09:00:00Z")), None);
    // Monday 09:00 to Thursday 09:30: 9h + 10h + 0h + 1h30m.
    assert_eq!(table.business_time(at("2026-01-05T09:00:00Z"), at("2026-01-08T09:30:00Z")), Some(20 * 3600 + 1800));
    // An end before the start is no time at all.
    assert_eq!(table.business_time(at("2026-01-08T09:30:00Z"), at("2026-01-05T09:00:00Z")), Some(0));
    assert_eq!(table.cum(at("2026-01-06T12:00:00Z")), Some(14 * 3600));
    assert_eq!(
        table.cum_at(DateTime::from_timestamp(at("2026-01-06T12:00:00Z"), 0).expect("instant")),
        Some(14 * 3600)
    );
    assert_eq!(table.cum_at(DateTime::from_timestamp(at("2026-01-06T12:00:00Z"), 5).expect("instant")), None);
    assert_eq!(table.cum(at("2026-01-04T23:59:59Z")), None);
    let monday = at("2026-01-05T00:00:00Z") / DAY;
    let first = format!("({monday}, 0, {}, {}),", at("2026-01-05T08:00:00Z"), at("2026-01-05T18:00:00Z"));
    assert_eq!(table.values_sql().lines().next(), Some(first.as_str()));
    assert_eq!(table.values_sql().lines().count(), 7);
}

#[test]
fn spans_crossing_utc_midnight_are_cut_and_touching_spans_joined() {
    // New York in January is UTC-5. Mon-Fri 18:00-22:00 local is 23:00-03:00
    // UTC: cut at the UTC midnight. The night shift 22:00-24:00 joined to
    // the next day's 00:00-02:00 is one span 22:00-02:00 local, 03:00-07:00
    // UTC.
    let evenings = calendar("evenings", &[(&MON_FRI, hm(18, 0), hm(22, 0))], &[]);
    let table = table(&evenings, New_York, date(2026, 1, 5), date(2026, 1, 10));
    assert_eq!(table.spans_per_day(), 2);
    // Tuesday 6 January UTC: Monday evening's 00:00-03:00, Tuesday's 23:00-24:00.
    let tuesday = &table.rows()[1];
    assert_eq!(
        tuesday.spans,
        [
            (at("2026-01-06T00:00:00Z"), at("2026-01-06T03:00:00Z")),
            (at("2026-01-06T23:00:00Z"), at("2026-01-07T00:00:00Z"))
        ]
    );
    // Monday UTC: only 23:00-24:00, padded with an empty span.
    let monday = at("2026-01-05T00:00:00Z");
    assert_eq!(table.rows()[0].spans, [(at("2026-01-05T23:00:00Z"), monday + DAY), (monday, monday)]);
    assert_eq!(tuesday.before_day, 3600);

    let late = calendar("late", &[(&MON_FRI, hm(22, 0), hm(24, 0)), (&[Tue], 0, hm(2, 0))], &[]);
    let table = self::table(&late, New_York, date(2026, 1, 5), date(2026, 1, 10));
    // Tuesday 6 January UTC: Monday 22:00 to Tuesday 02:00 local, one span.
    assert_eq!(table.rows()[1].spans[0], (at("2026-01-06T03:00:00Z"), at("2026-01-06T07:00:00Z")));
    assert_eq!(table.spans_per_day(), 1);
}

#[test]
fn the_night_shift_moves_with_summer_time_in_berlin() {
    // 22:00-24:00 local: 21:00-23:00 UTC in winter (CET), 20:00-22:00 in
    // summer (CEST, from Sunday 29 March 2026).
    let table = table(&night_shift(), Berlin, date(2026, 3, 23), date(2026, 4, 5));
    assert_eq!(table.rows()[4].spans, [(at("2026-03-27T21:00:00Z"), at("2026-03-27T23:00:00Z"))]);
    assert_eq!(table.rows()[8].spans, [(at("2026-03-31T20:00:00Z"), at("2026-03-31T22:00:00Z"))]);
    // Monday 23 March to Friday 3 April: ten nights of 2h.
    assert_eq!(table.business_time(at("2026-03-23T00:00:00Z"), at("2026-04-04T00:00:00Z")), Some(20 * 3600));
}

#[test]
fn boundaries_in_gaps_and_repeated_hours() {
    // London, Sundays 01:30-18:00. 29 March 2026: 01:30 is in the gap,
    // which ends at 01:00 UTC; 18:00 BST is 17:00 UTC. 25 October: 01:30
    // first happens at 00:30 UTC (BST); 18:00 GMT is 18:00 UTC.
    let sundays = calendar("sundays", &[(&[Sun], hm(1, 30), hm(18, 0))], &[]);
    let table = table(&sundays, London, date(2026, 3, 1), date(2026, 10, 31));
    let day = |text: &str| &table.rows()[usize::try_from(at(text) / DAY - table.range().first()).expect("in table")];
    assert_eq!(day("2026-03-29T00:00:00Z").spans, [(at("2026-03-29T01:00:00Z"), at("2026-03-29T17:00:00Z"))]);
    assert_eq!(day("2026-10-25T00:00:00Z").spans, [(at("2026-10-25T00:30:00Z"), at("2026-10-25T18:00:00Z"))]);
}

#[test]
fn always_is_every_second() {
    let table = table(&Calendar::always(), Havana, date(2026, 1, 1), date(2026, 12, 31));
    assert_eq!(table.spans_per_day(), 1);
    for (i, row) in table.rows().iter().enumerate() {
        let midnight = row.utc_day * DAY;
        assert_eq!(row.spans, [(midnight, midnight + DAY)]);
        assert_eq!(row.before_day, i as i64 * DAY);
    }
    assert_eq!(table.business_time(at("2026-03-07T12:00:00Z"), at("2026-03-08T12:00:00Z")), Some(DAY));
}

#[test]
fn a_calendar_without_hours_has_one_empty_span_a_day() {
    let closed = calendar("closed", &[], &[]);
    let table = table(&closed, London, date(2026, 1, 1), date(2026, 1, 31));
    assert_eq!(table.spans_per_day(), 1);
    assert_eq!(table.cum(at("2026-01-31T23:59:59Z")), Some(0));
}

/// The calendars of the property test.
fn calendars() -> Vec<Calendar> {
    vec![
        business(),
        // Several hours a day, a Saturday morning, holidays on DST days.
        calendar(
            "split",
            &[(&MON_FRI, hm(8, 0), hm(12, 0)), (&MON_FRI, hm(13, 0), hm(17, 30)), (&[Sat], hm(9, 0), hm(13, 0))],
            &[date(2026, 4, 3), date(2026, 12, 25), date(2027, 3, 28), date(2027, 11, 7)],
        ),
        night_shift(),
        // Boundaries inside the changing hours.
        calendar("sundays", &[(&[Sun], hm(1, 30), hm(18, 0)), (&[Sun], hm(0, 0), hm(1, 0))], &[]),
        // Around midnight every day: 00:00-02:30 and 21:45-24:00.
        calendar("nights", &[(&EVERY_DAY, 0, hm(2, 30)), (&EVERY_DAY, hm(21, 45), hm(24, 0))], &[]),
        // Open all day with a holiday: the general computation, not `always`'s shortcut.
        calendar("all day", &[(&EVERY_DAY, 0, hm(24, 0))], &[date(2026, 6, 1)]),
        Calendar::always(),
    ]
}

/// The zones of the property test: DST changes at 01:00 UTC, 02:00 local,
/// at midnight (Havana), by 30 minutes (Lord Howe), none (Kolkata), and a
/// permanent change in range (Moscow, 2011 and 2014).
const ZONES: [Tz; 7] = [
    London,
    Berlin,
    New_York,
    Havana,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Europe::Moscow,
];

/// A calendar in a zone, its table, and the instants the zone's offset
/// changes.
struct Case {
    calendar: Calendar,
    tz: Tz,
    table: CalendarTable,
    changes: Vec<i64>,
}

/// Every calendar in every zone, over the range of a term of 2020-2021,
/// built once.
fn tables() -> &'static [Case] {
    static TABLES: OnceLock<Vec<Case>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let range = term_range();
        let mut tables = Vec::new();
        for tz in ZONES {
            let changes: Vec<i64> =
                Changes::around(tz, range.first(), range.last()).changes.iter().map(|c| c.at).collect();
            for calendar in calendars() {
                let table = CalendarTable::new(&calendar, tz, range).expect("table");
                tables.push(Case { calendar, tz, table, changes: changes.clone() });
            }
        }
        tables
    })
}

/// The local evaluator's working time in `[a, b)`.
fn local_business_time(calendar: &Calendar, tz: Tz, a: i64, b: i64) -> Duration {
    let instant = |t| DateTime::from_timestamp(t, 0).expect("representable");
    calendar.business_time(instant(a), instant(b), tz)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// Spans from seconds to months, starting anywhere in the range or
    /// within a day of an offset change.
    #[test]
    fn the_table_measures_working_time_as_the_evaluator_does(
        which in 0..(ZONES.len() * 7),
        anywhere in any::<bool>(),
        second in 0i64..(21 * 365 * DAY),
        change in any::<prop::sample::Index>(),
        near in -DAY..DAY,
        length in prop_oneof![0i64..3600, 0i64..(3 * DAY), 0i64..(45 * DAY), 0i64..(400 * DAY)],
        backwards in any::<bool>(),
    ) {
        let Case { calendar, tz, table, changes } = &tables()[which];
        let start = if anywhere || changes.is_empty() {
            table.range().start() + second
        } else {
            changes[change.index(changes.len())] + near
        };
        let end = (start + length).min(table.range().end() - 1);
        let (a, b) = if backwards { (end, start) } else { (start, end) };
        let expected = local_business_time(calendar, *tz, a, b);
        let computed = table.business_time(a, b).map(Duration::seconds);
        prop_assert_eq!(computed, Some(expected), "{} in {}", calendar.name, tz);
    }
}

#[test]
fn every_midnight_and_noon_of_the_range_agrees_with_the_evaluator() {
    for Case { calendar, tz, table, .. } in &tables()[..14] {
        let start = table.range().start();
        for row in table.rows().iter().step_by(3) {
            for t in [row.utc_day * DAY, row.utc_day * DAY + 12 * 3600 + 17] {
                let expected = local_business_time(calendar, *tz, start, t);
                assert_eq!(table.cum(t).map(Duration::seconds), Some(expected), "{} in {tz} at {t}", calendar.name);
            }
        }
    }
}
