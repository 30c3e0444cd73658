//! Values in the units people read: `95.5%`, `3h12m`, `1,234.50 EUR`.
//!
//! Percents and numbers are shown to two decimal places; durations to the
//! second. Rounding for display never makes a value look equal to the
//! threshold it is compared with when it is not: more places are shown
//! instead (`94.996%` against `>= 95%` reads `94.996%`, not `95%`).

use super::text::per_hour;
use crate::ir::Threshold;
use crate::value::{canonical, Currency, Decimal, Duration, Money, OutOfRange, Type, Value};
use rust_decimal::RoundingStrategy;

/// Places tried, in order, until the shown value differs from the value it
/// must not be confused with.
const PLACES: [u32; 5] = [2, 4, 6, 8, 16];

/// An amount with thousands separators and the currency's minor digits,
/// without the code: `1,234.50`, `-6,315.79`.
pub fn amount(amount: Decimal, currency: Currency) -> String {
    let fixed = Money::new(amount, currency).fixed();
    let (sign, digits) = fixed.strip_prefix('-').map_or(("", fixed.as_str()), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount with its currency code: `1,234.50 EUR`.
pub fn money(value: Decimal, currency: Currency) -> String {
    format!("{} {currency}", amount(value, currency))
}

/// A computed amount with its currency code, or `out of range`. Reports
/// are written after a settlement succeeded, so every figure they compute
/// again is in range: an error would have stopped the settlement (§8.2).
pub fn figure(value: Result<Decimal, OutOfRange>, currency: Currency) -> String {
    value.map_or_else(|_| "out of range".to_string(), |v| money(v, currency))
}

/// An amount with a sign in front (`−1,000.00 EUR`, `+500.00 EUR`), unless
/// it is zero (`0.00 EUR`): how a summary shows what is taken off or added.
pub fn signed_money(sign: char, value: Decimal, currency: Currency) -> String {
    if value.is_zero() {
        money(value, currency)
    } else {
        format!("{sign}{}", money(value, currency))
    }
}

/// A metric value in its unit; `—` when it is none. `avoid` is a threshold
/// value the shown figure must not collapse onto by rounding.
pub fn value(value: &Value, avoid: Option<Decimal>) -> String {
    match value {
        Value::None => "—".to_string(),
        Value::Percent(d) => format!("{}%", canonical(shown(*d, avoid))),
        Value::Number(d) => canonical(shown(*d, avoid)),
        Value::Duration(d) => duration(*d, avoid),
        Value::Money(m) => money(m.amount, m.currency),
        Value::Rate(r) => match per_hour(r) {
            Some(amount) => format!("{}/h", money(amount, r.money.currency)),
            None => "—".to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Timestamp(t) => t.to_rfc3339(),
        Value::Text(t) => t.to_string(),
    }
}

/// A bare decimal in the unit of `ty` (a threshold or band level).
pub fn in_unit(d: Decimal, ty: &Type) -> String {
    match ty {
        Type::Percent => format!("{}%", canonical(shown(d, None))),
        Type::Duration => duration(d, None),
        Type::Money(c) => money(d, *c),
        _ => canonical(shown(d, None)),
    }
}

/// A threshold as a reader writes it: `>= 95%`, `<= 2h`.
pub fn threshold(t: Threshold, ty: &Type) -> String {
    format!("{} {}", t.op.as_str(), in_unit(t.value, ty))
}

/// A duration in days, hours, minutes and seconds (`3h12m`), to the second
/// unless that would make it equal to `avoid`.
fn duration(seconds: Decimal, avoid: Option<Decimal>) -> String {
    let whole = seconds.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let collapses = avoid.is_some_and(|a| whole == a && seconds != a);
    Duration(if collapses { shown(seconds, avoid) } else { whole }).to_string()
}

/// `d` rounded to the fewest of [`PLACES`] that does not make it equal to
/// `avoid` (unless it is equal).
fn shown(d: Decimal, avoid: Option<Decimal>) -> Decimal {
    for places in PLACES {
        let r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
        if avoid.is_none_or(|a| r != a || d == a) {
            return r;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::fixtures::{d, eur};

    #[test]
    fn amounts_are_grouped() {
        assert_eq!(amount(d("1234.5"), eur()), "1,234.50");
        assert_eq!(amount(d("250000"), eur()), "250,000.00");
        assert_eq!(amount(d("-6315.789"), eur()), "-6,315.79");
        assert_eq!(amount(d("999"), eur()), "999.00");
        assert_eq!(money(d("1234567"), Currency::from_code("JPY").unwrap()), "1,234,567 JPY");
        assert_eq!(signed_money('−', d("1000"), eur()), "−1,000.00 EUR");
        assert_eq!(signed_money('+', d("0"), eur()), "0.00 EUR");
    }

    #[test]
    fn values_in_their_units() {
        assert_eq!(value(&Value::Percent(d("95.5")), None), "95.5%");
        assert_eq!(value(&Value::Percent(d("93.3333333333333333")), None), "93.33%");
        assert_eq!(value(&Value::Duration(d("11520")), None), "3h12m");
        assert_eq!(value(&Value::Duration(d("11520.4")), None), "3h12m");
        assert_eq!(value(&Value::Number(d("4.125")), None), "4.13");
        assert_eq!(value(&Value::None, None), "—");
    }

    #[test]
    fn rounding_never_reaches_the_threshold() {
        assert_eq!(value(&Value::Percent(d("94.996")), Some(d("95"))), "94.996%");
        assert_eq!(value(&Value::Percent(d("95")), Some(d("95"))), "95%");
        assert_eq!(value(&Value::Duration(d("7200.2")), Some(d("7200"))), "2h0.2s");
    }
}
