//! Parsing dates and timestamps, and placing local times in a timezone.

use super::cell::shown;
use crate::value::Value;
use chrono::format::{parse, Item, Numeric, Parsed};
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;

/// Local date-times accepted by a `timestamp` column without `format` when
/// the text is not RFC 3339: ISO 8601 without an offset, `T` or a space
/// between date and time, seconds and their fraction optional.
const LOCAL_FORMATS: [&str; 4] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"];

/// A field of a [`FastFormat`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl Field {
    /// The most digits the field takes: 4 for the year, 2 for the others (as chrono reads).
    fn width(self) -> usize {
        if self == Field::Year {
            4
        } else {
            2
        }
    }
}

/// One item of a [`FastFormat`].
#[derive(Clone, Debug)]
enum FastItem {
    Field(Field),
    /// A one-byte literal (`/`, `-`, `:`), compared without a call.
    Byte(u8),
    Literal(String),
    Space,
}

impl FastItem {
    /// The item reading `literal` (not empty).
    fn literal(literal: &str) -> FastItem {
        match literal.as_bytes() {
            &[byte] => FastItem::Byte(byte),
            _ => FastItem::Literal(literal.to_string()),
        }
    }
}

/// A strftime format made only of the numeric fields `%Y %m %d %H %M %S`,
/// literals and spaces (`%d/%m/%Y %H:%M`, `%Y-%m-%d`, `%Y-%m-%d %H:%M:%S`),
/// read by hand without chrono's general parser.
///
/// It accepts a subset of what chrono's parser accepts for the same format,
/// reading exactly as chrono does (a field takes as many digits as it can, at
/// most 4 for the year and 2 for the others; a space skips ASCII spaces and
/// tabs), and gives the same date and time. Anything else (a sign, a leap
/// second, whitespace before a number, a date that does not exist) is not
/// read here: the caller falls back to chrono, which then accepts or
/// explains.
#[derive(Clone, Debug)]
pub(super) struct FastFormat {
    items: Vec<FastItem>,
    /// Where each field lies when every one is written at its full width.
    fixed: FixedLayout,
}

/// A [`FastFormat`] with every field written at its full width (four digits
/// for the year, two for the others) and one space where the format has a
/// space: `07/01/2026 10:09` in `%d/%m/%Y %H:%M`. A text of exactly that
/// length is read at fixed positions, with no scan, and the values are
/// those [`FastFormat::fields`] reads by scanning: the scan takes every
/// field to its full width too, and each literal falls where the layout
/// puts it. Any other text is scanned.
///
/// Each field is read into a value of its own, not stored at its index in
/// an array: an array written a field at a time and then returned whole is
/// read back before its stores have reached memory, and the processor
/// stalls on it, for every timestamp of every row (`bench/changes.md`).
#[derive(Clone, Debug, Default)]
struct FixedLayout {
    /// The text's length.
    len: usize,
    /// The first byte of each field, by [`Field`]; none for a field the
    /// format does not have (read as 0).
    at: [Option<usize>; 6],
    /// Each literal byte and where it is.
    bytes: Vec<(usize, u8)>,
}

impl FixedLayout {
    /// The layout of `items`.
    fn new(items: &[FastItem]) -> FixedLayout {
        let mut layout = FixedLayout::default();
        for item in items {
            match item {
                FastItem::Field(field) => {
                    layout.at[*field as usize] = Some(layout.len);
                    layout.len += field.width();
                }
                FastItem::Byte(byte) => layout.literal(&[*byte]),
                FastItem::Literal(literal) => layout.literal(literal.as_bytes()),
                FastItem::Space => layout.literal(b" "),
            }
        }
        layout
    }

    /// Adds `literal` at the end of the layout.
    fn literal(&mut self, literal: &[u8]) {
        for &byte in literal {
            self.bytes.push((self.len, byte));
            self.len += 1;
        }
    }

    /// Year, month, day, hour, minute, second, if `bytes` has this layout.
    fn read(&self, bytes: &[u8]) -> Option<[u32; 6]> {
        // Every literal and field lies within the layout's length.
        if bytes.len() != self.len || self.bytes.iter().any(|&(at, byte)| bytes[at] != byte) {
            return None;
        }
        let digit = |at: usize| {
            let digit = bytes[at].wrapping_sub(b'0');
            (digit <= 9).then_some(u32::from(digit))
        };
        // Two digits, and two more for the year: no loop over a width.
        let two = |at: usize| Some(digit(at)? * 10 + digit(at + 1)?);
        let field = |field: Field| match self.at[field as usize] {
            Some(at) => two(at),
            None => Some(0),
        };
        // The year apart: a guard on the field inside `field` was not
        // folded away and cost 0.7% more instructions over a settlement.
        let year = match self.at[Field::Year as usize] {
            Some(at) => two(at)? * 100 + two(at + 2)?,
            None => 0,
        };
        Some([
            year,
            field(Field::Month)?,
            field(Field::Day)?,
            field(Field::Hour)?,
            field(Field::Minute)?,
            field(Field::Second)?,
        ])
    }
}

impl FastFormat {
    /// The fast form of compiled `items`, if they have one: each field at most
    /// once, year, month and day present, and hour and minute too if `time`.
    pub(super) fn new(items: &[Item<'_>], time: bool) -> Option<FastFormat> {
        let mut out = Vec::new();
        let mut seen = Vec::new();
        for item in items {
            out.push(match item {
                Item::Numeric(n, _) => {
                    let field = match n {
                        Numeric::Year => Field::Year,
                        Numeric::Month => Field::Month,
                        Numeric::Day => Field::Day,
                        Numeric::Hour => Field::Hour,
                        Numeric::Minute => Field::Minute,
                        Numeric::Second => Field::Second,
                        _ => return None,
                    };
                    if seen.contains(&field) {
                        return None;
                    }
                    seen.push(field);
                    FastItem::Field(field)
                }
                Item::Literal(l) if !l.is_empty() => FastItem::literal(l),
                Item::OwnedLiteral(l) if !l.is_empty() => FastItem::literal(l),
                Item::Space(_) | Item::OwnedSpace(_) => FastItem::Space,
                _ => return None,
            });
        }
        let has = |f| seen.contains(&f);
        let date = has(Field::Year) && has(Field::Month) && has(Field::Day);
        let clock = has(Field::Hour) && has(Field::Minute);
        (date && (clock || (!time && !has(Field::Hour) && !has(Field::Minute) && !has(Field::Second))))
            .then(|| FastFormat { fixed: FixedLayout::new(&out), items: out })
    }

    /// Year, month, day, hour, minute, second as written, if `text` is read
    /// to its end.
    fn fields(&self, text: &str) -> Option<[u32; 6]> {
        let bytes = text.as_bytes();
        self.fixed.read(bytes).or_else(|| self.scan(bytes))
    }

    /// [`FastFormat::fields`], read by scanning `bytes` item by item.
    fn scan(&self, bytes: &[u8]) -> Option<[u32; 6]> {
        let mut at = 0;
        let mut values = [0u32; 6];
        for item in &self.items {
            match item {
                FastItem::Field(field) => {
                    let max = field.width();
                    let mut value = 0u32;
                    let start = at;
                    while at < bytes.len() && at - start < max && bytes[at].is_ascii_digit() {
                        value = value * 10 + u32::from(bytes[at] - b'0');
                        at += 1;
                    }
                    if at == start {
                        return None;
                    }
                    values[*field as usize] = value;
                }
                FastItem::Byte(byte) => {
                    if bytes.get(at) != Some(byte) {
                        return None;
                    }
                    at += 1;
                }
                FastItem::Literal(literal) => {
                    if !bytes[at..].starts_with(literal.as_bytes()) {
                        return None;
                    }
                    at += literal.len();
                }
                FastItem::Space => {
                    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
                        at += 1;
                    }
                }
            }
        }
        (at == bytes.len()).then_some(values)
    }

    /// The date in `text`, if read here.
    pub(super) fn date(&self, text: &str) -> Option<NaiveDate> {
        let [y, m, d, ..] = self.fields(text)?;
        NaiveDate::from_ymd_opt(y as i32, m, d)
    }

    /// The instant `text` names as a local time in `zone`'s timezone,
    /// written into `slot` as a timestamp, if read here: `Some(Err)` for a
    /// local time the clocks skip (`slot` untouched).
    ///
    /// Inlined with [`Zone::place`] and [`Zone::shifted`] into the cell
    /// parser, and written where the row keeps it: returned through memory,
    /// the instant was written a field at a time and read back whole to be
    /// moved into the row, a store-forwarding stall on every timestamp
    /// (`bench/changes.md`).
    #[inline]
    pub(super) fn instant(&self, text: &str, zone: &mut Zone, slot: &mut Value) -> Option<Result<(), String>> {
        zone.place(self.fields(text)?, slot)
    }
}

/// Seconds in a day without a leap second.
const SECONDS_PER_DAY: i32 = 86_400;

/// Nanoseconds in a second: a time's fraction at or above it is a leap second's.
const NANOS_PER_SECOND: u32 = 1_000_000_000;

/// How many local days [`Zone`] remembers.
const ZONE_SLOTS: usize = 512;

/// A local day's year, month and day packed into one number, compared
/// without building a date (month and day at most 12 and 31).
fn day_key(year: u32, month: u32, day: u32) -> u32 {
    year << 9 | month << 5 | day
}

/// Where a [`Zone`] keeps a day: the days of about 16 months fall in
/// different slots, so a file of a month or a year rarely evicts a day it
/// will see again.
fn day_slot(year: u32, month: u32, day: u32) -> usize {
    (year * 372 + month * 31 + day) as usize % ZONE_SLOTS
}

/// A remembered local day.
#[derive(Clone, Copy, Debug)]
struct Day {
    /// [`day_key`] of the day (0, which no day has, in an empty slot).
    key: u32,
    date: NaiveDate,
    /// The day's one offset, or none if the day has a change.
    offset: Option<FixedOffset>,
}

/// A timezone with the UTC offset of recently seen local days remembered,
/// so that placing a local time costs no look-up on a day without a DST
/// change, and a date read as numbers is checked once per day. Each thread
/// keeps its own.
#[derive(Clone, Debug)]
pub(super) struct Zone {
    tz: Tz,
    slots: Vec<Day>,
}

impl Zone {
    /// An empty cache for `tz`.
    pub(super) fn new(tz: Tz) -> Zone {
        Zone { tz, slots: vec![Day { key: 0, date: NaiveDate::MIN, offset: None }; ZONE_SLOTS] }
    }

    /// The timezone.
    pub(super) fn tz(&self) -> Tz {
        self.tz
    }

    /// The one UTC offset of every instant of local day `date`, if it has one.
    fn uniform(tz: Tz, date: NaiveDate) -> Option<FixedOffset> {
        let first = tz.offset_from_local_datetime(&date.and_hms_opt(0, 0, 0)?).single()?.fix();
        let last = tz.offset_from_local_datetime(&date.and_hms_nano_opt(23, 59, 59, 999_999_999)?).single()?.fix();
        if first != last {
            return None;
        }
        // No change in between either: the offset at every hour of the day's real time is the same.
        // (Checked: at the first and last dates chrono has, the hours run off its range.)
        let start =
            date.and_hms_opt(0, 0, 0)?.checked_sub_signed(Duration::seconds(i64::from(first.local_minus_utc())))?;
        for h in 0..=24 {
            let instant = start.checked_add_signed(Duration::hours(h))?;
            if tz.offset_from_utc_datetime(&instant).fix() != first {
                return None;
            }
        }
        Some(first)
    }

    /// The remembered day `year-month-day`, looked up (and checked to
    /// exist) if it is not remembered yet; none if there is no such day.
    ///
    /// Always inlined, as [`Zone::shifted`] is, so that the day is read from
    /// its slot into registers rather than returned through memory.
    #[inline(always)]
    fn day(&mut self, year: u32, month: u32, day: u32) -> Option<Day> {
        // The key is one day's only within these bounds; and 0, the empty
        // slot's, is none.
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let key = day_key(year, month, day);
        let index = day_slot(year, month, day);
        if self.slots[index].key != key {
            self.remember(index, key, [year, month, day])?;
        }
        Some(self.slots[index])
    }

    /// Looks day `[year, month, day]` up into slot `index`, as `key`; none
    /// if there is no such day.
    #[cold]
    #[inline(never)]
    fn remember(&mut self, index: usize, key: u32, [year, month, day]: [u32; 3]) -> Option<()> {
        let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        self.slots[index] = Day { key, date, offset: Zone::uniform(self.tz, date) };
        Some(())
    }

    /// The instant the local time `[year, month, day, hour, minute,
    /// second]` names, exactly as [`localize`] gives it, written into
    /// `slot`; none if there is no such date or time.
    #[inline(always)]
    fn place(
        &mut self,
        [year, month, day, hour, minute, second]: [u32; 6],
        slot: &mut Value,
    ) -> Option<Result<(), String>> {
        let time = NaiveTime::from_hms_opt(hour, minute, second)?;
        let day = self.day(year, month, day)?;
        let local = NaiveDateTime::new(day.date, time);
        // Each way writes the slot itself: an instant from either way,
        // written once to the stack, was read back whole to be moved.
        Some(match Zone::shifted(day, local) {
            Some(utc) => {
                *slot = Value::Timestamp(utc.and_utc());
                Ok(())
            }
            None => localize(local, self.tz).map(|instant| *slot = Value::Timestamp(instant)),
        })
    }

    /// The instant a local time names, exactly as [`localize`] gives it.
    pub(super) fn localize(&mut self, local: NaiveDateTime) -> Result<DateTime<Utc>, String> {
        let date = local.date();
        // The year of a NaiveDateTime may be before year 0, which no key holds.
        match u32::try_from(date.year()).ok().and_then(|year| self.day(year, date.month(), date.day())) {
            Some(day) => self.shift(day, local),
            None => localize(local, self.tz),
        }
    }

    /// `local`, on `day`, made an instant.
    fn shift(&self, day: Day, local: NaiveDateTime) -> Result<DateTime<Utc>, String> {
        match Zone::shifted(day, local) {
            Some(utc) => Ok(utc.and_utc()),
            None => localize(local, self.tz),
        }
    }

    /// `local`, on `day`, moved by the day's one offset to UTC; none if the
    /// day has no one offset, and for what [`localize`] is left to place.
    ///
    /// The offset is taken from the time of day as a number of seconds,
    /// which moves the date by at most a day: no round trip through a count
    /// of days since the epoch. It is done here, inlined in the cell parser,
    /// rather than by chrono's `checked_sub_offset`: called, that returned
    /// the time through memory a field at a time, read back whole, a
    /// store-forwarding stall on every timestamp (`bench/changes.md`). A
    /// leap second's time and the first and last dates go chrono's way.
    /// Always inlined: with a plain hint, the compiler still called it.
    #[inline(always)]
    fn shifted(day: Day, local: NaiveDateTime) -> Option<NaiveDateTime> {
        let time = local.time();
        let offset = day.offset.filter(|_| time.nanosecond() < NANOS_PER_SECOND)?;
        let utc = time.num_seconds_from_midnight() as i32 - offset.local_minus_utc();
        let (date, utc) = match utc {
            ..0 => (day.date.pred_opt()?, utc + SECONDS_PER_DAY),
            SECONDS_PER_DAY.. => (day.date.succ_opt()?, utc - SECONDS_PER_DAY),
            _ => (day.date, utc),
        };
        let time = NaiveTime::from_num_seconds_from_midnight_opt(utc as u32, time.nanosecond())?;
        Some(NaiveDateTime::new(date, time))
    }
}

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
pub(crate) fn localize(local: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>, String> {
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

    /// Whatever the hand-written reader accepts, chrono accepts with the same value.
    #[test]
    fn fast_formats_agree_with_chrono() {
        let patterns = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y%m%d%H%M", "%m/%d/%Y %H:%M:%S"];
        let pieces = [
            "0", "1", "5", "9", "12", "31", "29", "2", "60", "59", "2026", "202", "20260", "/", ":", "-", " ", "  ",
            "\t", "T", "+1", "a", "\u{a0}",
        ];
        let mut inputs: Vec<String> = vec![
            "05/03/2026 09:15".into(),
            "5/3/2026 9:05".into(),
            "2026-03-29 01:30:00".into(),
            "2026-02-29 10:00:00".into(),
            "2024-02-29 23:59:59".into(),
            "2026-12-31T23:59".into(),
            "202603051015".into(),
            "12/31/2026 24:00:00".into(),
            "12/31/2026 23:59:60".into(),
            // Day 0 of month 0 of year 0: the key of an empty remembered day.
            "0000-00-00 00:00:00".into(),
            "00/00/0000 00:00".into(),
        ];
        // Random strings made of date-like pieces.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(seed % 9 + 3) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            inputs.push(s);
        }
        // Patterns filled with random numbers, padded or not.
        for i in 0..5_000u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut s = patterns[(i % 5) as usize].to_string();
            for (k, field) in ["%Y", "%m", "%d", "%H", "%M", "%S"].iter().enumerate() {
                let n = (seed >> (k * 9)) % [3000, 13, 32, 25, 61, 61][k];
                let text = if (seed >> (50 + k)) & 1 == 0 { format!("{n:02}") } else { n.to_string() };
                s = s.replace(field, &text);
            }
            inputs.push(s);
        }
        let mut fast_hits = 0;
        for pattern in patterns {
            let compiled = items(pattern);
            let fast = FastFormat::new(&compiled, true).unwrap();
            // One zone for all inputs, as a loading thread keeps one: the
            // days it remembers must not change what a later input gives.
            let mut zone = Zone::new(LONDON);
            for input in &inputs {
                let mut parsed = Parsed::new();
                let chrono =
                    parse(&mut parsed, input, compiled.iter()).and_then(|()| parsed.to_naive_datetime_with_offset(0));
                let mut slot = Value::None;
                if let Some(placed) = fast.instant(input, &mut zone, &mut slot) {
                    fast_hits += 1;
                    let local = chrono.unwrap_or_else(|e| panic!("{pattern} {input:?}: chrono says {e}"));
                    let value = placed.map(|()| slot);
                    assert_eq!(localize(local, LONDON).map(Value::Timestamp), value, "{pattern} {input:?}");
                }
            }
            let date = FastFormat::new(&items("%Y-%m-%d"), false).unwrap();
            for input in &inputs {
                if let Some(value) = date.date(input) {
                    let mut parsed = Parsed::new();
                    assert_eq!(
                        parse(&mut parsed, input, items("%Y-%m-%d").iter()).and_then(|()| parsed.to_naive_date()),
                        Ok(value)
                    );
                }
            }
        }
        assert!(fast_hits > 1000, "{fast_hits}");
        // The fixed layout reads what the scan reads, where it reads at all.
        let mut fixed_hits = 0;
        for pattern in patterns {
            let fast = FastFormat::new(&items(pattern), true).unwrap();
            for input in &inputs {
                if let Some(values) = fast.fixed.read(input.as_bytes()) {
                    fixed_hits += 1;
                    assert_eq!(fast.scan(input.as_bytes()), Some(values), "{pattern} {input:?}");
                }
            }
        }
        assert!(fixed_hits > 1000, "{fixed_hits}");
        // Formats with anything else have no fast form.
        assert!(FastFormat::new(&items("%d %b %Y %H:%M"), true).is_none());
        assert!(FastFormat::new(&items("%Y-%m-%d %H:%M %z"), true).is_none());
        assert!(FastFormat::new(&items("%Y-%m-%d"), true).is_none());
        assert!(FastFormat::new(&items("%s"), true).is_none());
    }

    #[test]
    fn the_fixed_layout_takes_digits_and_literals_only() {
        let fast = FastFormat::new(&items("%d/%m/%Y %H:%M"), true).unwrap();
        assert_eq!(fast.fixed.read(b"07/01/2026 10:09"), Some([2026, 1, 7, 10, 9, 0]));
        assert_eq!(fast.fixed.read(b"99/99/9999 99:99"), Some([9999, 99, 99, 99, 99, 0]));
        // The bytes just past `9` and before `0`, a high byte, a wrong literal, a wrong length.
        let wrong: [&[u8]; 5] =
            [b"07/01/2026 10:0:", b"07/01/2026 10:0/", b"07/01/2026 1\xC3:09", b"07-01/2026 10:09", b"07/01/2026 1009"];
        for text in wrong {
            assert_eq!(fast.fixed.read(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_zone_cache_places_local_times_as_chrono_tz_does() {
        for tz in
            [LONDON, chrono_tz::America::Sao_Paulo, chrono_tz::Australia::Lord_Howe, chrono_tz::Asia::Kolkata, Tz::UTC]
        {
            let mut zone = Zone::new(tz);
            let mut t = NaiveDate::from_ymd_opt(2025, 12, 30).unwrap().and_hms_opt(0, 0, 0).unwrap();
            let end = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap().and_hms_opt(0, 0, 0).unwrap();
            while t < end {
                assert_eq!(zone.localize(t), localize(t, tz), "{tz} {t}");
                t += Duration::minutes(17);
            }
        }
    }

    #[test]
    fn the_zone_cache_places_the_edges_of_time_as_chrono_tz_does() {
        let (min, max) = (NaiveDate::MIN, NaiveDate::MAX);
        let leap = NaiveTime::from_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap();
        for tz in [LONDON, chrono_tz::America::Sao_Paulo, chrono_tz::Asia::Kolkata] {
            let mut zone = Zone::new(tz);
            for local in [
                max.and_hms_opt(23, 30, 0).unwrap(),
                max.and_hms_opt(0, 30, 0).unwrap(),
                min.and_hms_opt(0, 30, 0).unwrap(),
                NaiveDate::from_ymd_opt(2026, 6, 30).unwrap().and_time(leap),
                NaiveDate::from_ymd_opt(2026, 6, 30).unwrap().and_hms_nano_opt(0, 15, 0, 999_999_999).unwrap(),
            ] {
                assert_eq!(zone.localize(local), localize(local, tz), "{tz} {local}");
            }
        }
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
