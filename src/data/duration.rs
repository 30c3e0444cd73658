//! Parsing durations: a number in the column's unit, or ISO 8601 (`PT1H30M`).

use super::cell::{decimal, shown};
use crate::ir::DurationUnit;
use rust_decimal::Decimal;

/// ISO 8601 designators before `T`, with their seconds (`None`: no fixed length).
const DATE_UNITS: [(u8, Option<u32>); 4] = [(b'Y', None), (b'M', None), (b'W', Some(604_800)), (b'D', Some(86_400))];
/// ISO 8601 designators after `T`, with their seconds.
const TIME_UNITS: [(u8, Option<u32>); 3] = [(b'H', Some(3_600)), (b'M', Some(60)), (b'S', Some(1))];

/// A `duration` cell in seconds: a decimal number of `unit`s, or an ISO 8601
/// duration in weeks, days, hours, minutes and seconds. Negative durations
/// are refused.
pub(super) fn duration(text: &str, unit: DurationUnit) -> Result<Decimal, String> {
    let seconds = match text.strip_prefix(['P', 'p']) {
        Some(rest) => iso(rest).map_err(|why| format!("{} is not an ISO 8601 duration: {why}", shown(text)))?,
        None => decimal(text).and_then(|n| n.checked_mul(Decimal::from(unit.seconds()))).ok_or_else(|| {
            format!("{} is not a duration (a number of {} or ISO 8601 like PT1H30M)", shown(text), unit.plural())
        })?,
    };
    if seconds.is_sign_negative() && !seconds.is_zero() {
        return Err(format!("{} is a negative duration", shown(text)));
    }
    Ok(seconds)
}

/// Seconds in the ISO 8601 duration after its `P`.
fn iso(rest: &str) -> Result<Decimal, &'static str> {
    let (date, time) = match rest.split_once(['T', 't']) {
        Some(("", "")) => return Err("nothing after P"),
        Some((_, "")) => return Err("nothing after T"),
        Some((date, time)) => (date, Some(time)),
        None if rest.is_empty() => return Err("nothing after P"),
        None => (rest, None),
    };
    let date_seconds = components(date, &DATE_UNITS)?;
    let time_seconds = time.map_or(Ok(Decimal::ZERO), |t| components(t, &TIME_UNITS))?;
    date_seconds.checked_add(time_seconds).ok_or("too long")
}

/// Seconds in a run of `<number><designator>` components, designators in
/// the order of `units`, each at most once. A fraction may use `.` or `,`.
fn components(text: &str, units: &[(u8, Option<u32>)]) -> Result<Decimal, &'static str> {
    let mut total = Decimal::ZERO;
    let mut next_unit = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !c.is_ascii_digit() && c != '.' && c != ',').ok_or("a number without a unit")?;
        let designator = rest.as_bytes()[end].to_ascii_uppercase();
        let number = &rest[..end];
        let offset =
            units[next_unit..].iter().position(|(d, _)| *d == designator).ok_or("unknown or out-of-order unit")?;
        let (_, seconds) = units[next_unit + offset];
        next_unit += offset + 1;
        let seconds = seconds.ok_or("years and months have no fixed length")?;
        let amount = decimal(&number.replace(',', ".")).ok_or("a unit without a proper number")?;
        let part = amount.checked_mul(Decimal::from(seconds)).ok_or("too long")?;
        total = total.checked_add(part).ok_or("too long")?;
        rest = &rest[end + 1..];
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> Result<Decimal, String> {
        duration(text, DurationUnit::Seconds)
    }

    #[test]
    fn numbers_are_in_the_column_unit() {
        assert_eq!(secs("90"), Ok(Decimal::from(90)));
        assert_eq!(duration("1.5", DurationUnit::Minutes), Ok(Decimal::from(90)));
        assert_eq!(duration("2", DurationUnit::Hours), Ok(Decimal::from(7200)));
        assert_eq!(secs("-5"), Err("\"-5\" is a negative duration".into()));
        assert_eq!(
            duration("1h", DurationUnit::Minutes),
            Err("\"1h\" is not a duration (a number of minutes or ISO 8601 like PT1H30M)".into())
        );
    }

    #[test]
    fn iso_8601() {
        assert_eq!(secs("PT1H30M"), Ok(Decimal::from(5400)));
        assert_eq!(secs("P1DT2H"), Ok(Decimal::from(93_600)));
        assert_eq!(secs("PT0.5S"), Ok(Decimal::new(5, 1)));
        assert_eq!(secs("PT0,5S"), Ok(Decimal::new(5, 1)));
        assert_eq!(secs("P2W"), Ok(Decimal::from(1_209_600)));
        assert_eq!(secs("pt1m"), Ok(Decimal::from(60)));
        assert_eq!(secs("PT0S"), Ok(Decimal::ZERO));
        // Hours in minutes is still the ISO value, not scaled by the unit.
        assert_eq!(duration("PT1H", DurationUnit::Minutes), Ok(Decimal::from(3600)));
    }

    #[test]
    fn bad_iso_8601() {
        assert_eq!(
            secs("P1M"),
            Err("\"P1M\" is not an ISO 8601 duration: years and months have no fixed length".into())
        );
        for bad in
            ["P", "PT", "P1DT", "PT1", "PTH", "PT1M1H", "PT1H1H", "P1H", "PT1D", "PT1..5S", "PT-1H", "PT1H ", "-PT1H"]
        {
            assert!(secs(bad).is_err(), "{bad:?}");
        }
    }
}
