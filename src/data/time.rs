//! Parsing dates and timestamps, and placing local times in a timezone.

use super::cell::shown;
use chrono::format::{parse, Item, Parsed};
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Local date-times accepted by a `timestamp` column without `format` when
/// the text is not RFC 3339: ISO 8601 without an offset, `T` or a space
/// between date and time, seconds and their fraction optional.
const LOCAL_FORMATS: [&str; 4] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"];

/// A `date` cell in the compiled strftime `format` (written as `pattern`).
pub(super) fn date(text: &str, format: &[Item<'_>], pattern: &str) -> Result<NaiveDate, String> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, text, format.iter())
        .and_then(|()| parsed.to_naive_date())
        .map_err(|e| format!("{} is not a date in the format \"{pattern}\" ({e})", shown(text)))
}

/// What a formatted timestamp names before the timezone is applied.
enum Reading {
    /// An instant: the text carried an offset or a Unix time.
    Absolute(DateTime<Utc>),
    /// A wall-clock time in the dataset's timezone.
    Local(NaiveDateTime),
}

/// A `timestamp` cell with a `format`: a local time in `tz`, unless the
/// format carries an offset (`%z`) or a Unix time (`%s`), which are absolute.
pub(super) fn timestamp_in(text: &str, format: &[Item<'_>], pattern: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let mut parsed = Parsed::new();
    let reading = parse(&mut parsed, text, format.iter()).and_then(|()| {
        if parsed.offset().is_some() || parsed.timestamp().is_some() {
            parsed.to_datetime().map(|t| Reading::Absolute(t.to_utc()))
        } else {
            parsed.to_naive_datetime_with_offset(0).map(Reading::Local)
        }
    });
    match reading {
        Ok(Reading::Absolute(instant)) => Ok(instant),
        Ok(Reading::Local(local)) => localize(local, tz),
        Err(e) => Err(format!("{} is not a timestamp in the format \"{pattern}\" ({e})", shown(text))),
    }
}

/// A `timestamp` cell without `format`: RFC 3339, or an ISO local date-time
/// read in `tz`.
pub(super) fn timestamp(text: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.to_utc());
    }
    match LOCAL_FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(text, f).ok()) {
        Some(local) => localize(local, tz),
        None => Err(format!(
            "{} is not an RFC 3339 timestamp (2026-03-01T10:00:00Z) or a local date-time (2026-03-01T10:00)",
            shown(text)
        )),
    }
}

/// The instant a local time in `tz` names: a time skipped by a DST change
/// is an error, a repeated one is its earlier instant.
fn localize(local: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>, String> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.to_utc()),
        LocalResult::None => {
            Err(format!("local time {local} does not exist in {} (the clocks skip it for daylight saving)", tz.name()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::format::StrftimeItems;

    const LONDON: Tz = chrono_tz::Europe::London;

    fn items(pattern: &str) -> Vec<Item<'_>> {
        StrftimeItems::new(pattern).parse().unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn dates_default_and_formatted() {
        let iso = items("%Y-%m-%d");
        assert_eq!(date("2026-03-01", &iso, "%Y-%m-%d"), Ok(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()));
        assert_eq!(
            date("2026-02-30", &iso, "%Y-%m-%d"),
            Err("\"2026-02-30\" is not a date in the format \"%Y-%m-%d\" (input is out of range)".into())
        );
        assert!(date("2026-03-01T10:00", &iso, "%Y-%m-%d").is_err());
        let dmy = items("%d/%m/%Y");
        assert_eq!(date("5/3/2016", &dmy, "%d/%m/%Y"), Ok(NaiveDate::from_ymd_opt(2016, 3, 5).unwrap()));
    }

    #[test]
    fn rfc3339_and_local_iso() {
        assert_eq!(timestamp("2026-03-01T10:00:00+01:00", LONDON), Ok(utc("2026-03-01T09:00:00Z")));
        assert_eq!(timestamp("2026-03-01T10:00:00.5Z", LONDON), Ok(utc("2026-03-01T10:00:00.5Z")));
        // Local times are read in the dataset's timezone (BST from 29 March).
        assert_eq!(timestamp("2026-03-01T10:00", LONDON), Ok(utc("2026-03-01T10:00:00Z")));
        assert_eq!(timestamp("2026-06-01T10:00:30", LONDON), Ok(utc("2026-06-01T09:00:30Z")));
        assert_eq!(timestamp("2026-06-01 10:00:30.250", LONDON), Ok(utc("2026-06-01T09:00:30.25Z")));
        assert!(timestamp("2026-06-01", LONDON).is_err());
        assert!(timestamp("yesterday", LONDON).is_err());
    }

    #[test]
    fn dst_gap_rejects_and_overlap_takes_the_earlier_instant() {
        assert_eq!(
            timestamp("2026-03-29T01:30", LONDON),
            Err("local time 2026-03-29 01:30:00 does not exist in Europe/London (the clocks skip it for daylight saving)".into())
        );
        // 01:30 happens twice on 25 October: first in BST (00:30Z), then in GMT (01:30Z).
        assert_eq!(timestamp("2026-10-25T01:30", LONDON), Ok(utc("2026-10-25T00:30:00Z")));
        let f = items("%d/%m/%Y %H:%M");
        assert!(timestamp_in("29/3/2026 01:30", &f, "%d/%m/%Y %H:%M", LONDON).is_err());
        assert_eq!(timestamp_in("25/10/2026 01:30", &f, "%d/%m/%Y %H:%M", LONDON), Ok(utc("2026-10-25T00:30:00Z")));
    }

    #[test]
    fn servicenow_day_first_without_padding() {
        let pattern = "%d/%m/%Y %H:%M";
        let f = items(pattern);
        assert_eq!(timestamp_in("5/3/2016 12:00", &f, pattern, Tz::UTC), Ok(utc("2016-03-05T12:00:00Z")));
        assert_eq!(timestamp_in("29/2/2016 01:16", &f, pattern, Tz::UTC), Ok(utc("2016-02-29T01:16:00Z")));
        assert_eq!(timestamp_in("29/2/2016 01:16", &f, pattern, LONDON), Ok(utc("2016-02-29T01:16:00Z")));
        assert_eq!(timestamp_in("1/6/2016 9:05", &f, pattern, LONDON), Ok(utc("2016-06-01T08:05:00Z")));
        assert!(timestamp_in("30/2/2016 01:16", &f, pattern, Tz::UTC).is_err());
        assert!(timestamp_in("5/3/2016", &f, pattern, Tz::UTC).is_err());
    }

    #[test]
    fn offsets_and_unix_times_in_the_format_are_absolute() {
        let pattern = "%Y-%m-%d %H:%M %z";
        let f = items(pattern);
        assert_eq!(timestamp_in("2026-06-01 10:00 +0200", &f, pattern, LONDON), Ok(utc("2026-06-01T08:00:00Z")));
        let unix = items("%s");
        assert_eq!(
            timestamp_in("1780000000", &unix, "%s", LONDON),
            Ok(DateTime::from_timestamp(1_780_000_000, 0).unwrap())
        );
    }
}
