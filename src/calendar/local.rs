//! Turning a local wall-clock boundary of a working interval into an instant.
//!
//! Working hours are wall-clock times in the contract timezone, so on the
//! days the clocks change a boundary may not exist (it falls in the gap of a
//! spring-forward) or may happen twice (it falls in the repeated hour of a
//! fall-back). The rules, chosen so that a calendar open 00:00-24:00 counts
//! every real second (23 hours on a spring-forward day, 25 on a fall-back
//! day):
//!
//! - a boundary in a gap is the instant the gap ends;
//! - an ambiguous boundary is its earlier instant when it opens an interval
//!   and its later instant when it closes one.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{GapInfo, Tz};

/// Which end of a working interval a boundary is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Edge {
    /// The interval opens here.
    Opens,
    /// The interval closes here.
    Closes,
}

/// The instant at which the wall clock in `tz` reads `local`, resolved by
/// the rules in this module's documentation.
pub(super) fn instant(local: NaiveDateTime, edge: Edge, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => at.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, later) => match edge {
            Edge::Opens => earlier.with_timezone(&Utc),
            Edge::Closes => later.with_timezone(&Utc),
        },
        LocalResult::None => gap_end(local, tz),
    }
}

/// The instant at which the gap holding `local` ends.
///
/// The timezone database always knows the end of a gap (a gap lies between
/// two of its periods); should it not, the local time is read with the
/// offset in force at the instant numerically equal to it, which is off by
/// at most the size of the gap.
fn gap_end(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match GapInfo::new(&local, &tz).and_then(|gap| gap.end) {
        Some(end) => end.with_timezone(&Utc),
        None => {
            let offset = tz.offset_from_utc_datetime(&local).fix();
            local.checked_sub_offset(offset).unwrap_or(local).and_utc()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::Europe::London;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).and_then(|day| day.and_hms_opt(h, min, 0)).expect("valid test date")
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("valid test instant")
    }

    #[test]
    fn ordinary_times_have_one_instant() {
        // 2026-07-01 is in BST (UTC+1): 09:00 local is 08:00 UTC.
        let at = local(2026, 7, 1, 9, 0);
        assert_eq!(instant(at, Edge::Opens, London), utc("2026-07-01T08:00:00Z"));
        assert_eq!(instant(at, Edge::Closes, London), utc("2026-07-01T08:00:00Z"));
    }

    #[test]
    fn a_time_in_the_spring_gap_is_the_end_of_the_gap() {
        // 2026-03-29: at 01:00 GMT the clocks jump to 02:00 BST, so 01:30
        // never happens; the gap ends at 01:00 UTC.
        let at = local(2026, 3, 29, 1, 30);
        assert_eq!(instant(at, Edge::Opens, London), utc("2026-03-29T01:00:00Z"));
        assert_eq!(instant(at, Edge::Closes, London), utc("2026-03-29T01:00:00Z"));
    }

    #[test]
    fn a_repeated_time_opens_early_and_closes_late() {
        // 2026-10-25: at 02:00 BST the clocks go back to 01:00 GMT, so 01:30
        // happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        let at = local(2026, 10, 25, 1, 30);
        assert_eq!(instant(at, Edge::Opens, London), utc("2026-10-25T00:30:00Z"));
        assert_eq!(instant(at, Edge::Closes, London), utc("2026-10-25T01:30:00Z"));
    }
}
