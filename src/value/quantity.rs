//! Percent and duration quantities.

use rust_decimal::Decimal;
use std::fmt;

/// A percentage stored as written: `95%` is `Percent(95)`, not 0.95.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(pub Decimal);

impl Percent {
    /// `self` of `x`: `x × self / 100` (dividing by 100 is a shift of the
    /// decimal point), or an error when the product leaves the decimal
    /// range (§8.2: nothing saturates).
    pub fn of(self, x: Decimal) -> Result<Decimal, super::OutOfRange> {
        let product = super::mul(x, self.0)?;
        product.checked_div(Decimal::ONE_HUNDRED).ok_or(super::OutOfRange)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", super::canonical(self.0))
    }
}

/// A length of time in seconds (decimal, so fractions of a second are exact).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub Decimal);

impl Duration {
    /// A duration of whole seconds.
    pub fn seconds(s: i64) -> Self {
        Duration(Decimal::from(s))
    }

    /// The number of seconds.
    pub fn as_seconds(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Duration {
    /// Human form: `1h30m`, `4h`, `45s`, `2d3h`; fractions of a second are
    /// written in seconds (`1.5s`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0;
        if secs.is_zero() {
            return f.write_str("0s");
        }
        if secs.is_sign_negative() {
            f.write_str("-")?;
        }
        let abs = secs.abs();
        let whole = abs.trunc();
        let frac = abs - whole;
        let Ok(mut rest) = i64::try_from(whole) else {
            return write!(f, "{}s", super::canonical(abs));
        };
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
            if rest >= size {
                write!(f, "{}{unit}", rest / size)?;
                rest %= size;
            }
        }
        if rest > 0 || !frac.is_zero() {
            write!(f, "{}s", super::canonical(Decimal::from(rest) + frac))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_of_money_amount() {
        assert_eq!(Percent(Decimal::from(12)).of(Decimal::from(1000)), Ok(Decimal::from(120)));
        assert_eq!(Percent(Decimal::from(10)).of(Decimal::MAX), Err(super::super::OutOfRange));
    }

    #[test]
    fn durations_display_in_largest_units() {
        assert_eq!(Duration::seconds(5400).to_string(), "1h30m");
        assert_eq!(Duration::seconds(14_400).to_string(), "4h");
        assert_eq!(Duration::seconds(183_600).to_string(), "2d3h");
        assert_eq!(Duration::seconds(45).to_string(), "45s");
        assert_eq!(Duration(Decimal::new(15, 1)).to_string(), "1.5s");
        assert_eq!(Duration::seconds(-60).to_string(), "-1m");
    }
}
