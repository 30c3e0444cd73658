//! The caps (LANGUAGE.md §7.2, §7.6): the monthly cap and the gain cap as
//! amounts, and the annual cap per contract year, or `rolling` over any 12
//! consecutive months.

use super::money::{round, total};
use crate::ir::{AnnualCap, CapAmount, Contract};
use crate::value::{mul, sub, Currency, Decimal, OutOfRange};

/// Months in a contract year and in a rolling cap's window.
const YEAR: usize = 12;

/// `at_risk × monthly_fee`, rounded: the most credits can take in a month.
pub fn monthly_cap(contract: &Contract) -> Result<Decimal, OutOfRange> {
    Ok(round(contract.at_risk.of(contract.monthly_fee.amount)?, contract.currency))
}

/// `gain_cap × monthly_fee`, rounded: the most bonuses and gains can add in a month.
pub fn gain_cap(contract: &Contract) -> Result<Decimal, OutOfRange> {
    Ok(round(contract.gain_cap.of(contract.monthly_fee.amount)?, contract.currency))
}

/// The first month of the contract year of month `m` (months counted from
/// the start of the term): contract years run 12 months from `start`.
pub fn contract_year_start(m: usize) -> usize {
    m - m % YEAR
}

/// What the annual cap has taken so far.
pub struct AnnualLimit {
    /// The cap, rounded to minor units.
    limit: Decimal,
    /// Whether every 12 consecutive months are capped (else contract years).
    rolling: bool,
    /// Credits after all caps, month by month so far.
    charged: Vec<Decimal>,
}

impl AnnualLimit {
    /// The limit of `cap` for a contract with monthly fee `fee`; an error
    /// when 12 fees leave the decimal range.
    pub fn new(cap: AnnualCap, fee: Decimal, currency: Currency) -> Result<Self, OutOfRange> {
        let limit = match cap.amount {
            CapAmount::OfTwelveFees(p) => round(p.of(mul(fee, Decimal::from(YEAR as u32))?)?, currency),
            CapAmount::Money(amount) => amount,
        };
        Ok(AnnualLimit { limit, rolling: cap.rolling, charged: Vec::new() })
    }

    /// What month `m` (the next month, counted from the start of the term)
    /// may still take: the limit less the credits of the contract year so
    /// far, or (rolling) of the 11 months before it.
    pub fn left(&self, m: usize) -> Result<Decimal, OutOfRange> {
        let from = if self.rolling { m.saturating_sub(YEAR - 1) } else { contract_year_start(m) };
        let taken = total(self.charged.get(from..m).unwrap_or_default().iter().copied()).map_err(|_| OutOfRange)?;
        Ok(sub(self.limit, taken)?.max(Decimal::ZERO))
    }

    /// Records the credits month `charged.len()` took after all caps.
    pub fn charge(&mut self, credits: Decimal) {
        self.charged.push(credits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::fixtures::{d, eur};
    use crate::value::Percent;

    #[test]
    fn contract_years_reset_and_rolling_windows_slide() {
        let fee = d("1000");
        // 10% of 12 × 1000 = 1200 a contract year.
        let mut year = AnnualLimit::new(
            AnnualCap { amount: CapAmount::OfTwelveFees(Percent(d("10"))), rolling: false },
            fee,
            eur(),
        )
        .unwrap();
        let mut rolling =
            AnnualLimit::new(AnnualCap { amount: CapAmount::Money(d("1200")), rolling: true }, fee, eur()).unwrap();
        for m in 0..12 {
            assert_eq!(year.left(m).unwrap(), d("1200") - Decimal::from(100 * m as u32));
            year.charge(d("100"));
            rolling.charge(if m == 11 { d("700") } else { d("0") });
        }
        // Month 12 opens a new contract year: all 1200 again.
        assert_eq!(year.left(12).unwrap(), d("1200"));
        // Rolling: months 1..=11 took 700, so month 12 may take 500; month
        // 23 no longer sees month 11's 700.
        assert_eq!(rolling.left(12).unwrap(), d("500"));
        for _ in 12..23 {
            rolling.charge(d("0"));
        }
        assert_eq!(rolling.left(23).unwrap(), d("1200"));
    }
}
