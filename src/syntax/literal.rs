//! Decoding the text of literals into values.

use super::ast::LitKind;
use crate::value::parse_decimal;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Why a literal's text could not be decoded.
pub type LiteralError = String;

/// Decodes a date `YYYY-MM-DD`, rejecting impossible days.
pub fn date(text: &str) -> Result<NaiveDate, LiteralError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        let mut parts = text.splitn(3, '-').map(|p| p.parse::<u32>().ok());
        let (year, month) = (parts.next().flatten(), parts.next().flatten());
        let why = match (year.and_then(|y| i32::try_from(y).ok()), month) {
            (_, Some(m)) if m == 0 || m > 12 => format!("there is no month {m}"),
            (Some(y), Some(m)) => {
                let first = NaiveDate::from_ymd_opt(y, m, 1);
                let days = first.and_then(|f| f.checked_add_months(chrono::Months::new(1))).zip(first);
                match days {
                    Some((next, first)) => {
                        format!("{} has {} days", first.format("%B %Y"), (next - first).num_days())
                    }
                    None => "the year is out of range".to_string(),
                }
            }
            _ => "write dates as YYYY-MM-DD".to_string(),
        };
        format!("`{text}` is not a date on the calendar: {why}")
    })
}

/// Decodes a plain number.
pub fn number(text: &str) -> Result<Decimal, LiteralError> {
    parse_decimal(text).ok_or_else(|| format!("`{text}` is too large or too precise for a number"))
}

/// Decodes `95%` into 95.
pub fn percent(text: &str) -> Result<Decimal, LiteralError> {
    number(text.trim_end_matches('%'))
}

/// Decodes `1h30m`, `2d`, `45s` into seconds.
pub fn duration(text: &str) -> Result<Decimal, LiteralError> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut total = Decimal::ZERO;
    let mut start = 0;
    for (i, ch) in body.char_indices() {
        let unit = match ch {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => continue,
        };
        let amount = number(&body[start..i])?;
        total = amount
            .checked_mul(Decimal::from(unit))
            .and_then(|x| total.checked_add(x))
            .ok_or_else(|| format!("`{text}` is too long a duration"))?;
        start = i + 1;
    }
    Ok(if negative { -total } else { total })
}

/// Seconds in the unit after the `/` of a rate.
pub fn rate_unit(unit: &str) -> u32 {
    match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        _ => 1,
    }
}

/// Splits `250000.00 EUR` or `55.00 EUR/h` into amount, code and unit.
pub fn money(text: &str) -> Result<LitKind, LiteralError> {
    let mut parts = text.split_whitespace();
    let amount = number(parts.next().unwrap_or_default())?;
    let code = parts.next().unwrap_or_default();
    Ok(match code.split_once('/') {
        Some((currency, unit)) => {
            LitKind::Rate { amount, currency: currency.to_string(), per_seconds: rate_unit(unit) }
        }
        None => LitKind::Money { amount, currency: code.to_string() },
    })
}

/// Resolves the escapes of a string's inner text: `\"`, `\\`, `\n`, `\t`,
/// `\u{…}`. Returns the offset (inside `inner`) and reason of the first bad one.
pub fn unescape(inner: &str) -> Result<String, (usize, LiteralError)> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let rest = &inner[i + 2..];
                let hex = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(h, _)| h)
                    .ok_or((i, "`\\u` must be followed by a code in braces, such as `\\u{e9}`".to_string()))?;
                let ch = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or((i, format!("`\\u{{{hex}}}` is not a Unicode character")))?;
                out.push(ch);
                for _ in 0..hex.len() + 2 {
                    chars.next();
                }
            }
            Some((_, other)) => {
                return Err((
                    i,
                    format!("`\\{other}` is not an escape; use `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{{…}}`"),
                ))
            }
            None => return Err((i, "a string cannot end with a lone `\\`".to_string())),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_add_their_parts() {
        assert_eq!(duration("1h30m").unwrap(), Decimal::from(5400));
        assert_eq!(duration("2d").unwrap(), Decimal::from(172_800));
        assert_eq!(duration("45s").unwrap(), Decimal::from(45));
        assert_eq!(duration("1.5h").unwrap(), Decimal::from(5400));
        assert_eq!(duration("-30m").unwrap(), Decimal::from(-1800));
    }

    #[test]
    fn money_and_rates() {
        assert_eq!(
            money("55.00 EUR/h").unwrap(),
            LitKind::Rate { amount: Decimal::new(5500, 2), currency: "EUR".into(), per_seconds: 3600 }
        );
        assert_eq!(
            money("250000.00   EUR").unwrap(),
            LitKind::Money { amount: Decimal::new(25_000_000, 2), currency: "EUR".into() }
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(unescape(r#"a\"b\\c\nd\u{e9}"#).unwrap(), "a\"b\\c\nd\u{e9}");
        assert_eq!(unescape(r"bad\q").unwrap_err().0, 3);
        assert!(unescape(r"\u{zz}").is_err());
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(
            date("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a date on the calendar: February 2026 has 28 days"
        );
        assert_eq!(date("2026-13-01").unwrap_err(), "`2026-13-01` is not a date on the calendar: there is no month 13");
        assert!(date("2028-02-29").is_ok());
    }
}
