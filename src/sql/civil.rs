//! Calendar arithmetic in SQL integers: day numbers from year, month and
//! day, and the checks that a date or time of day exists.
//!
//! Every engine has date functions, and every engine's differ (PostgreSQL's
//! `to_date` turns 30 February into 2 March). The script therefore reads
//! dates with integer arithmetic it spells itself: the same in every
//! dialect, and exact.

use super::Dialect;

/// The day number (days since 1970-01-01) of `year`-`month`-`day`, all
/// `BIGINT` expressions with `year ≥ 1` and `month` in 1–12 (H. Hinnant's
/// `days_from_civil`; every division is of a non-negative number).
pub fn days_from_civil(d: Dialect, year: &str, month: &str, day: &str) -> String {
    let y = format!("({year} - CASE WHEN {month} <= 2 THEN 1 ELSE 0 END)");
    let era = d.div(&y, "400");
    let yoe = format!("({y} - {era} * 400)");
    let shifted = format!("({month} + CASE WHEN {month} > 2 THEN -3 ELSE 9 END)");
    let doy = format!("({} + {day} - 1)", d.div(&format!("(153 * {shifted} + 2)"), "5"));
    let doe = format!("({yoe} * 365 + {} - {} + {doy})", d.div(&yoe, "4"), d.div(&yoe, "100"));
    format!("({era} * 146097 + {doe} - 719468)")
}

/// The date of day number `day` as text, `YYYY-MM-DD` (years 1–9999; H.
/// Hinnant's `civil_from_days`, every division of a non-negative number).
pub fn date_text(d: Dialect, day: &str) -> String {
    let z = format!("({day} + 719468)");
    let era = d.div(&z, "146097");
    let doe = format!("({z} - {era} * 146097)");
    let yoe = d.div(
        &format!("({doe} - {} + {} - {})", d.div(&doe, "1460"), d.div(&doe, "36524"), d.div(&doe, "146096")),
        "365",
    );
    let doy = format!("({doe} - (365 * {yoe} + {} - {}))", d.div(&yoe, "4"), d.div(&yoe, "100"));
    let mp = d.div(&format!("(5 * {doy} + 2)"), "153");
    let dom = format!("({doy} - {} + 1)", d.div(&format!("(153 * {mp} + 2)"), "5"));
    let month = format!("(CASE WHEN {mp} < 10 THEN {mp} + 3 ELSE {mp} - 9 END)");
    let year = format!("({yoe} + {era} * 400 + CASE WHEN {month} <= 2 THEN 1 ELSE 0 END)");
    let pad = |e: &str, n: u32| format!("lpad({}, {n}, '0')", d.to_text(e));
    format!("({} || '-' || {} || '-' || {})", pad(&year, 4), pad(&month, 2), pad(&dom, 2))
}

/// Whether `year`-`month`-`day` is a date (`year ≥ 1`).
pub fn is_date(year: &str, month: &str, day: &str) -> String {
    let leap = format!("(({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0)");
    let days_in_month = format!(
        "CASE WHEN {month} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END \
         WHEN {month} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    );
    format!("({year} >= 1 AND {month} BETWEEN 1 AND 12 AND {day} BETWEEN 1 AND {days_in_month})")
}

/// Whether `hour`:`minute`:`second` is a time of day.
pub fn is_time(hour: &str, minute: &str, second: &str) -> String {
    format!("({hour} BETWEEN 0 AND 23 AND {minute} BETWEEN 0 AND 59 AND {second} BETWEEN 0 AND 59)")
}

/// The weekday of day number `day`, Monday 1 to Sunday 7 (day 0, 1970-01-01,
/// was a Thursday).
pub fn weekday(d: Dialect, day: &str) -> String {
    format!("({} + 1)", d.floor_mod(&format!("({day} + 3)"), "7"))
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate};

    /// The formula of [`super::days_from_civil`], in Rust integers with the
    /// same divisions.
    fn days(year: i64, month: i64, day: i64) -> i64 {
        let y = year - i64::from(month <= 2);
        let era = y / 400;
        let yoe = y - era * 400;
        let doy = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    #[test]
    fn day_numbers_agree_with_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        while date.year() < 2500 {
            let expected = (date - epoch).num_days();
            assert_eq!(days(date.year().into(), date.month().into(), date.day().into()), expected, "{date}");
            date += chrono::Duration::days(13);
        }
    }

    /// The formula of [`super::date_text`], in Rust integers.
    fn civil(day: i64) -> (i64, i64, i64) {
        let z = day + 719468;
        let era = z / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    #[test]
    fn dates_of_day_numbers_agree_with_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        while date.year() < 2500 {
            let day = (date - epoch).num_days();
            assert_eq!(civil(day), (date.year().into(), date.month().into(), date.day().into()), "{date}");
            date += chrono::Duration::days(11);
        }
    }

    #[test]
    fn weekdays_count_from_a_thursday() {
        let floor_mod = |a: i64, b: i64| ((a % b) + b) % b;
        let weekday = |day: i64| floor_mod(day + 3, 7) + 1;
        assert_eq!(weekday(0), 4);
        assert_eq!(weekday(4), 1);
        assert_eq!(weekday(-1), 3);
    }
}
