//! Parsing one non-empty cell of the simple types: text, numbers, percents, bools.
//!
//! Every function takes any text and returns a value or the reason it is
//! not one; none of them panics.

use crate::diagnostic::did_you_mean;
use crate::ir::ValueRange;
use crate::value::{same_text, Value};
use rust_decimal::Decimal;
use smol_str::SmolStr;
use std::str::FromStr;

/// How many characters of a bad cell a reason quotes.
const SHOWN_CHARS: usize = 60;

/// A cell quoted for a rejection reason: escaped, and cut after 60 characters.
pub(super) fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{:?}…", &text[..end]),
        None => format!("{text:?}"),
    }
}

/// A value of a `text in [..]` column: one of `allowed`, matched exactly.
pub(super) fn text_in(text: &str, allowed: &[SmolStr]) -> Result<Value, String> {
    if let Some(value) = allowed.iter().find(|a| same_text(a, text)) {
        return Ok(Value::Text(value.clone()));
    }
    let list = allowed.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(", ");
    let hint = did_you_mean(text, allowed.iter().map(|a| &**a))
        .map_or_else(String::new, |s| format!(" (did you mean {s:?}?)"));
    Err(format!("{} is not one of {list}{hint}", shown(text)))
}

/// A decimal: optional sign, digits with an optional fraction, optional
/// exponent (`-12.5`, `+3`, `.5`, `1.5E+3`). No thousands separators.
/// Digits beyond Decimal's 28 significant ones are rounded.
pub(super) fn decimal(text: &str) -> Option<Decimal> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let value = match short(body) {
        Some(value) => value,
        None => long(body)?,
    };
    Some(if negative { -value } else { value })
}

/// A plain mantissa of at most 18 digits (digits with at most one `.`, and
/// digits on its right), read in one pass with no allocation: the mantissa
/// and scale `Decimal::from_str` gives. Anything else is `None`, for
/// [`long`] to read or refuse.
fn short(body: &str) -> Option<Decimal> {
    let (mut value, mut digits, mut scale, mut dot) = (0i64, 0u32, 0u32, false);
    for &b in body.as_bytes() {
        match b {
            // At most 18 digits: the value stays below 10^18, within an i64.
            b'0'..=b'9' if digits < 18 => {
                value = value * 10 + i64::from(b - b'0');
                digits += 1;
                scale += u32::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    (digits > 0 && (!dot || scale > 0)).then(|| Decimal::new(value, scale))
}

/// A mantissa [`short`] does not read: longer, with an exponent, or malformed.
fn long(body: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole.is_empty() || digits(whole)) && digits(fraction),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !mantissa_ok || !exponent_ok {
        return None;
    }
    match exponent {
        None => Decimal::from_str(mantissa).ok(),
        Some(_) => Decimal::from_scientific(body).ok(),
    }
}

/// A `number` cell, into `slot`.
///
/// This and the other parsers of numeric cells write the value into its
/// place in the row rather than return it: a value returned from a call
/// comes back through memory, written a piece at a time, and reading it
/// back whole to move it into the row stalled the processor on every cell.
pub(super) fn number(text: &str, slot: &mut Value) -> Result<(), String> {
    let number = decimal(text).ok_or_else(|| format!("{} is not a number", shown(text)))?;
    *slot = Value::Number(number);
    Ok(())
}

/// A `count` cell, into `slot`: a whole number ≥ 0 (`3.0` is 3).
pub(super) fn count(text: &str, slot: &mut Value) -> Result<(), String> {
    let count = match decimal(text) {
        // Already whole and normal (scale 0, not zero): as normalize() would leave it.
        Some(d) if d.scale() == 0 && !d.is_zero() && d.is_sign_positive() => d,
        // Zero, the commonest count, however written (`0`, `-0`, `0.00`): normalize() gives this.
        Some(d) if d.is_zero() => Decimal::ZERO,
        Some(d) if d.fract().is_zero() && d.is_sign_positive() => d.normalize(),
        _ => return Err(format!("{} is not a whole number ≥ 0", shown(text))),
    };
    *slot = Value::Number(count);
    Ok(())
}

/// A `percent` cell, into `slot`: 0–100, a trailing `%` allowed.
pub(super) fn percent(text: &str, slot: &mut Value) -> Result<(), String> {
    let number = text.strip_suffix('%').map_or(text, str::trim_end);
    let percent = match decimal(number) {
        Some(d) if d >= Decimal::ZERO && d <= Decimal::ONE_HUNDRED => d,
        Some(_) => return Err(format!("{} is outside 0–100%", shown(text))),
        None => return Err(format!("{} is not a percent", shown(text))),
    };
    *slot = Value::Percent(percent);
    Ok(())
}

/// Whether a parsed `number`, `count` or `duration` cell (`text` as read)
/// lies within its column's declared range (LANGUAGE.md §5 v2).
pub(super) fn within(value: &Value, range: &ValueRange, text: &str) -> Result<(), String> {
    match value {
        Value::Number(d) | Value::Duration(d) if !range.contains(*d) => {
            Err(format!("{} is outside the column's range {}", shown(text.trim()), range.written))
        }
        _ => Ok(()),
    }
}

/// A `bool` cell: `true/false/yes/no/1/0`, any case.
pub(super) fn boolean(text: &str) -> Result<Value, String> {
    const TRUE: [&str; 3] = ["true", "yes", "1"];
    const FALSE: [&str; 3] = ["false", "no", "0"];
    if TRUE.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        Ok(Value::Bool(true))
    } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(text)) {
        Ok(Value::Bool(false))
    } else {
        Err(format!("{} is not a bool (true/false, yes/no, 1/0)", shown(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a parser that writes into a slot makes of `text`.
    fn read(parse: fn(&str, &mut Value) -> Result<(), String>, text: &str) -> Result<Value, String> {
        let mut slot = Value::None;
        parse(text, &mut slot).map(|()| slot)
    }

    fn num(s: &str) -> Option<String> {
        decimal(s).map(|d| d.to_string())
    }

    #[test]
    fn decimals_are_exact_as_written() {
        assert_eq!(num("12.50"), Some("12.50".into()));
        assert_eq!(num("-3"), Some("-3".into()));
        assert_eq!(num("+3"), Some("3".into()));
        assert_eq!(num(".5"), Some("0.5".into()));
        assert_eq!(num("1.5E+3"), Some("1500".into()));
        assert_eq!(num("25e-2"), Some("0.25".into()));
        assert_eq!(num("0.1"), Some("0.1".into()));
    }

    #[test]
    fn short_mantissas_are_read_as_from_str_reads_them() {
        for text in [
            "0",
            "7",
            "007",
            "12.50",
            ".5",
            "0.000",
            "123456789012345678",
            "99999999999999999.9",
            "1.00000000000000001",
            "9999999999999999.99",
        ] {
            let fast = short(text).unwrap();
            let slow = Decimal::from_str(text).unwrap();
            assert_eq!((fast.mantissa(), fast.scale()), (slow.mantissa(), slow.scale()), "{text}");
        }
        assert_eq!(short("1234567890123456789"), None);
        assert_eq!(short("9.999999999999999999"), None);
        // Every text up to five characters over digits, `.`, `e` and `-`:
        // what `short` reads, `long` reads the same; what it leaves, `long`
        // reads only when it has an exponent.
        let mut texts = vec![String::new()];
        let mut read = 0;
        for _ in 0..5 {
            texts = texts.iter().flat_map(|t| ["0", "1", "9", ".", "e", "-"].map(|c| format!("{t}{c}"))).collect();
            for text in &texts {
                match (short(text), long(text)) {
                    (Some(fast), slow) => {
                        read += 1;
                        assert_eq!(
                            Some((fast.mantissa(), fast.scale())),
                            slow.map(|d| (d.mantissa(), d.scale())),
                            "{text}"
                        );
                    }
                    (None, Some(_)) => assert!(text.contains('e'), "{text}"),
                    (None, None) => {}
                }
            }
        }
        assert!(read > 500, "{read}");
        assert_eq!(decimal("-0.50").map(|d| (d.mantissa(), d.scale())), Some((-50, 2)));
    }

    #[test]
    fn malformed_decimals_are_refused() {
        for bad in [
            "",
            "-",
            "+",
            ".",
            "5.",
            "1,000",
            "1_000",
            "abc",
            "1e",
            "e5",
            "--1",
            "1.2.3",
            " 1",
            "1e99",
            "1e-99",
            "99999999999999999999999999999999",
            "NaN",
            "inf",
        ] {
            assert_eq!(num(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn long_decimals_round_or_overflow_without_panic() {
        assert_eq!(num(&"9".repeat(1000)), None);
        assert_eq!(num(&format!("0.{}", "3".repeat(1000))), Some(format!("0.{}", "3".repeat(28))));
        assert_eq!(num(&format!("1e{}", "9".repeat(40))), None);
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert_eq!(read(count, "3"), Ok(Value::Number(Decimal::from(3))));
        assert_eq!(read(count, "3.0"), Ok(Value::Number(Decimal::from(3))));
        assert_eq!(read(count, "-0"), Ok(Value::Number(Decimal::ZERO)));
        // Zero however written is the one zero, without sign or scale.
        for zero in ["0", "-0", "0.00", "-0.0"] {
            let Ok(Value::Number(d)) = read(count, zero) else { panic!("{zero} is a count") };
            assert_eq!((d.to_string(), d.scale(), d.is_sign_negative()), ("0".to_string(), 0, false), "{zero}");
        }
        assert_eq!(read(count, "-1"), Err("\"-1\" is not a whole number ≥ 0".into()));
        assert!(read(count, "2.5").is_err());
    }

    #[test]
    fn percents_are_within_zero_and_a_hundred() {
        assert_eq!(read(percent, "95.5"), Ok(Value::Percent(Decimal::new(955, 1))));
        assert_eq!(read(percent, "100 %"), Ok(Value::Percent(Decimal::ONE_HUNDRED)));
        assert_eq!(read(percent, "0%"), Ok(Value::Percent(Decimal::ZERO)));
        assert_eq!(read(percent, "100.1"), Err("\"100.1\" is outside 0–100%".into()));
        assert!(read(percent, "-1").is_err());
        assert_eq!(read(percent, "%"), Err("\"%\" is not a percent".into()));
    }

    #[test]
    fn values_outside_a_range_are_refused_and_its_bounds_are_included() {
        let range = ValueRange { low: Decimal::from(-100), high: Decimal::from(100), written: "-100..100".into() };
        for inside in ["-100", "0", "100", "99.99"] {
            assert_eq!(within(&read(number, inside).unwrap(), &range, inside), Ok(()), "{inside}");
        }
        assert_eq!(
            within(&read(number, "100.5").unwrap(), &range, " 100.5"),
            Err("\"100.5\" is outside the column's range -100..100".into())
        );
        assert!(within(&read(number, "-101").unwrap(), &range, "-101").is_err());
        let hours = ValueRange { low: Decimal::ZERO, high: Decimal::from(8 * 3600), written: "0s..8h".into() };
        assert!(within(&Value::Duration(Decimal::from(8 * 3600)), &hours, "8").is_ok());
        assert!(within(&Value::Duration(Decimal::from(8 * 3600 + 1)), &hours, "28801").is_err());
    }

    #[test]
    fn bools_in_any_case() {
        for t in ["true", "TRUE", "Yes", "1"] {
            assert_eq!(boolean(t), Ok(Value::Bool(true)));
        }
        for f in ["false", "No", "0"] {
            assert_eq!(boolean(f), Ok(Value::Bool(false)));
        }
        assert!(boolean("y").is_err());
    }

    #[test]
    fn text_in_names_the_allowed_values() {
        let allowed: Vec<SmolStr> = ["Low", "Medium", "High"].into_iter().map(SmolStr::from).collect();
        assert_eq!(text_in("High", &allowed), Ok(Value::Text("High".into())));
        assert_eq!(
            text_in("Hgh", &allowed),
            Err("\"Hgh\" is not one of \"Low\", \"Medium\", \"High\" (did you mean \"High\"?)".into())
        );
        assert!(text_in("high ", &allowed).is_err());
    }

    #[test]
    fn shown_cuts_long_cells() {
        let long = "é".repeat(100);
        assert_eq!(shown(&long), format!("{:?}…", "é".repeat(60)));
        assert_eq!(shown("a\"b"), "\"a\\\"b\"");
    }
}
