//! Local time in Europe/London for the generated exports: turning local
//! wall-clock minutes into instants and back without a timezone look-up per
//! row (one per day, cached), and writing dates and times as digits.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

/// The exports' timezone (the acme contract's).
pub const TZ: Tz = chrono_tz::Europe::London;

/// Seconds since the Unix epoch.
pub type Instant = i64;

/// The UTC offset of each local day of a range, when it is the same all day.
pub struct Days {
    first: NaiveDate,
    /// Offset in seconds, or `None` on a day with a DST change.
    offsets: Vec<Option<i64>>,
}

impl Days {
    /// The days from `first` for `count` days.
    pub fn new(first: NaiveDate, count: usize) -> Days {
        let offset_at = |date: NaiveDate, hour: u32| {
            let local = date.and_hms_opt(hour, 0, 0).unwrap_or_default();
            TZ.offset_from_local_datetime(&local).single().map(|o| i64::from(o.fix().local_minus_utc()))
        };
        let offsets = first
            .iter_days()
            .take(count)
            .map(|d| {
                let next = d.succ_opt().unwrap_or(d);
                let (a, b) = (offset_at(d, 0), offset_at(next, 0));
                let noon = offset_at(d, 12);
                (a == b && a == noon).then_some(a).flatten()
            })
            .collect();
        Days { first, offsets }
    }

    fn fixed(&self, date: NaiveDate) -> Option<i64> {
        let i = usize::try_from((date - self.first).num_days()).ok()?;
        self.offsets.get(i).copied().flatten()
    }

    /// The instant of a local time; a time in the DST gap is moved an hour
    /// on, an ambiguous one is the earlier instant (as `xla` reads it).
    pub fn instant(&self, local: NaiveDateTime) -> Instant {
        let naive = local.and_utc().timestamp();
        if let Some(offset) = self.fixed(local.date()) {
            return naive - offset;
        }
        match TZ.from_local_datetime(&local).earliest() {
            Some(t) => t.timestamp(),
            None => self.instant(local + chrono::Duration::hours(1)),
        }
    }

    /// The local wall-clock time of an instant.
    pub fn local(&self, t: Instant) -> NaiveDateTime {
        let utc = chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().naive_utc();
        if let Some(offset) = self.fixed(utc.date()) {
            let local = utc + chrono::Duration::seconds(offset);
            if self.fixed(local.date()) == Some(offset) {
                return local;
            }
        }
        TZ.from_utc_datetime(&utc).naive_local()
    }

    /// The UTC offset at an instant, in seconds.
    pub fn offset(&self, t: Instant) -> i64 {
        let local = self.local(t);
        local.and_utc().timestamp() - t
    }
}

/// Appends `n` as at least `width` digits.
pub fn digits(out: &mut Vec<u8>, n: u64, width: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in (buf.len() - i)..width {
        out.push(b'0');
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends a decimal with one fractional digit, from tenths.
pub fn tenths(out: &mut Vec<u8>, tenths: u64) {
    digits(out, tenths / 10, 1);
    out.push(b'.');
    digits(out, tenths % 10, 1);
}

/// Appends `dd/mm/yyyy hh:mm` (the ServiceNow list export's day-first format).
pub fn servicenow(out: &mut Vec<u8>, t: NaiveDateTime) {
    digits(out, u64::from(t.day()), 2);
    out.push(b'/');
    digits(out, u64::from(t.month()), 2);
    out.push(b'/');
    digits(out, t.year() as u64, 4);
    out.push(b' ');
    digits(out, u64::from(t.hour()), 2);
    out.push(b':');
    digits(out, u64::from(t.minute()), 2);
}

/// Appends `yyyy-mm-dd`.
pub fn iso_date(out: &mut Vec<u8>, d: NaiveDate) {
    digits(out, d.year() as u64, 4);
    out.push(b'-');
    digits(out, u64::from(d.month()), 2);
    out.push(b'-');
    digits(out, u64::from(d.day()), 2);
}

/// Appends RFC 3339 with seconds: `Z` when `offset` is 0, else `+hh:mm`.
pub fn rfc3339(out: &mut Vec<u8>, t: Instant, offset: i64) {
    let local = chrono::DateTime::from_timestamp(t + offset, 0).unwrap_or_default().naive_utc();
    iso_date(out, local.date());
    out.push(b'T');
    digits(out, u64::from(local.hour()), 2);
    out.push(b':');
    digits(out, u64::from(local.minute()), 2);
    out.push(b':');
    digits(out, u64::from(local.second()), 2);
    if offset == 0 {
        out.push(b'Z');
    } else {
        out.push(if offset < 0 { b'-' } else { b'+' });
        let minutes = offset.unsigned_abs() / 60;
        digits(out, minutes / 60, 2);
        out.push(b':');
        digits(out, minutes % 60, 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn instants_and_local_times_agree_with_chrono_tz() {
        let days = Days::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 400);
        for s in ["2026-01-15 09:30", "2026-03-29 00:30", "2026-03-29 03:10", "2026-07-01 12:00", "2026-10-25 01:30"] {
            let local = at(s);
            let expected = TZ.from_local_datetime(&local).earliest().unwrap().timestamp();
            assert_eq!(days.instant(local), expected, "{s}");
            assert_eq!(days.local(expected), local, "{s}");
        }
        // In the gap: an hour on.
        assert_eq!(days.instant(at("2026-03-29 01:30")), days.instant(at("2026-03-29 02:30")));
        assert_eq!(days.offset(days.instant(at("2026-07-01 12:00"))), 3600);
    }

    #[test]
    fn formats() {
        let mut out = Vec::new();
        servicenow(&mut out, at("2026-03-05 09:07"));
        out.push(b' ');
        tenths(&mut out, 417);
        out.push(b' ');
        rfc3339(&mut out, 1_780_000_000, 3600);
        assert_eq!(String::from_utf8(out).unwrap(), "05/03/2026 09:07 41.7 2026-05-28T21:26:40+01:00");
    }
}
