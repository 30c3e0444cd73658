//! Money (an amount in one currency) and rates (money per duration).

use super::{checked_div_round, mul, Currency, Duration, OutOfRange};
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// An amount of one currency. Arithmetic between different currencies is a
/// compile error in the language, so the operations here take one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    /// The amount, unrounded until [`Money::rounded`] is called.
    pub amount: Decimal,
    /// The currency of the amount.
    pub currency: Currency,
}

impl Money {
    /// `amount` of `currency`.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// Zero of `currency`.
    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }

    /// Rounded to the currency's minor units, half away from zero (§8.2).
    pub fn rounded(self) -> Self {
        Money {
            amount: self
                .amount
                .round_dp_with_strategy(self.currency.minor_units(), RoundingStrategy::MidpointAwayFromZero),
            currency: self.currency,
        }
    }

    /// The amount with exactly the currency's minor digits (`"0.00"`), as
    /// settlement outputs write it. Rounds first.
    pub fn fixed(self) -> String {
        let mut a = self.rounded().amount;
        a.rescale(self.currency.minor_units());
        a.to_string()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.fixed(), self.currency)
    }
}

/// Money per unit of time, kept as written (`55.00 EUR/h` is 55.00 per 3600
/// seconds) so that `duration × rate` divides exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rate {
    /// Money paid per `per`.
    pub money: Money,
    /// The time unit the rate is quoted per.
    pub per: Duration,
}

impl Rate {
    /// `duration × rate`: `seconds × amount / per`, one rounded division
    /// (none for a rate per zero time); an error outside the decimal range.
    pub fn times(self, d: Duration) -> Result<Option<Money>, OutOfRange> {
        let amount = checked_div_round(mul(d.0, self.money.amount)?, self.per.0)?;
        Ok(amount.map(|a| Money::new(a, self.money.currency)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(a: Decimal) -> Money {
        Money::new(a, Currency::from_code("EUR").unwrap())
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(eur(Decimal::new(12345, 3)).fixed(), "12.35");
        assert_eq!(eur(Decimal::new(-12345, 3)).fixed(), "-12.35");
        assert_eq!(eur(Decimal::ZERO).fixed(), "0.00");
        let jpy = Money::new(Decimal::new(15, 1), Currency::from_code("JPY").unwrap());
        assert_eq!(jpy.fixed(), "2");
    }

    #[test]
    fn rate_times_duration() {
        let rate = Rate { money: eur(Decimal::new(5500, 2)), per: Duration::seconds(3600) };
        // 90 minutes at 55 EUR/h = 82.50 EUR.
        assert_eq!(rate.times(Duration::seconds(5400)).unwrap().unwrap().fixed(), "82.50");
    }
}
