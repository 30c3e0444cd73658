//! Decimal arithmetic rules shared by the whole language.

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places every division is rounded to (LANGUAGE.md §6).
pub const DIVISION_SCALE: u32 = 16;

/// `a / b` rounded once to 16 decimal places, half to even; `None` when `b`
/// is zero or the quotient does not fit.
pub fn div_round(a: Decimal, b: Decimal) -> Option<Decimal> {
    checked_div_round(a, b).ok().flatten()
}

/// A figure left the exact decimal range (28 significant digits). §8.2 v2:
/// no arithmetic saturates or wraps; this is an error, never a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a figure leaves the exact decimal range (28 significant digits)")]
pub struct OutOfRange;

/// `a / b` rounded once to 16 decimal places, half to even: `Ok(None)` when
/// `b` is zero (a division by zero is none, §6), an error when the quotient
/// leaves the decimal range.
pub fn checked_div_round(a: Decimal, b: Decimal) -> Result<Option<Decimal>, OutOfRange> {
    if b.is_zero() {
        return Ok(None);
    }
    let q = a.checked_div(b).ok_or(OutOfRange)?;
    Ok(Some(q.round_dp_with_strategy(DIVISION_SCALE, RoundingStrategy::MidpointNearestEven)))
}

/// `a + b`, or an error outside the decimal range.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    a.checked_add(b).ok_or(OutOfRange)
}

/// `a − b`, or an error outside the decimal range.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    a.checked_sub(b).ok_or(OutOfRange)
}

/// `a × b`, or an error outside the decimal range.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, OutOfRange> {
    a.checked_mul(b).ok_or(OutOfRange)
}

/// The canonical text of a decimal: no trailing zeros, no exponent (`"85.5"`, `"60"`).
pub fn canonical(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// Parses a decimal written in the language: digits with optional `_`
/// separators, an optional fraction and sign (`1_000`, `-3.5`).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    if cleaned.is_empty() || cleaned.contains(['e', 'E']) {
        return None;
    }
    cleaned.parse::<Decimal>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::prelude::FromPrimitive;

    #[test]
    fn nineteen_of_twenty_is_exactly_ninety_five() {
        let q = div_round(Decimal::from(1900), Decimal::from(20)).unwrap();
        assert_eq!(canonical(q), "95");
    }

    #[test]
    fn division_rounds_half_to_even_at_sixteen_places() {
        // 2/3 = 0.6666…, rounded to 16 places.
        let q = div_round(Decimal::from(2), Decimal::from(3)).unwrap();
        assert_eq!(q.to_string(), "0.6666666666666667");
        // 1 / 2^17 = 0.00000762939453125 has 17 places; the 17th is a 5
        // preceded by a 2 (even), so half-even keeps 0.0000076293945312.
        let q = div_round(Decimal::ONE, Decimal::from(131072)).unwrap();
        assert_eq!(q.to_string(), "0.0000076293945312");
    }

    #[test]
    fn division_by_zero_is_none() {
        assert_eq!(div_round(Decimal::ONE, Decimal::ZERO), None);
    }

    #[test]
    fn canonical_strips_zeros() {
        assert_eq!(canonical(Decimal::from_f64(85.50).unwrap()), "85.5");
        assert_eq!(canonical(Decimal::new(6000, 2)), "60");
        assert_eq!(canonical(Decimal::new(0, 3)), "0");
        assert_eq!(canonical(Decimal::new(-125, 1)), "-12.5");
    }

    #[test]
    fn parses_separators_and_signs() {
        assert_eq!(parse_decimal("1_000"), Some(Decimal::from(1000)));
        assert_eq!(parse_decimal("-3.5"), Some(Decimal::new(-35, 1)));
        assert_eq!(parse_decimal("1e5"), None);
        assert_eq!(parse_decimal(""), None);
    }
}
