//! The contract's caps as amounts (LANGUAGE.md §7.2, §7.6): what credits
//! may take in a month and in a contract year, and what bonuses and gains
//! may add in a month. Settlement applies them; reports show them.

use super::money::round;
use crate::ir::Contract;
use crate::value::Decimal;

/// The caps of a contract, rounded to the currency's minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    /// `at_risk × monthly_fee`: the most credits can take in a month.
    pub monthly: Decimal,
    /// `annual_cap × 12 × monthly_fee`: the most credits can take in a
    /// contract year; none without an annual cap.
    pub annual: Option<Decimal>,
    /// `gain_cap × monthly_fee`: the most bonuses and gains can add in a month.
    pub gain: Decimal,
}

/// The caps of `contract`.
pub fn caps(contract: &Contract) -> Caps {
    let currency = contract.currency;
    let fee = contract.monthly_fee.amount;
    Caps {
        monthly: round(contract.at_risk.of(fee), currency),
        annual: contract.annual_cap.map(|p| round(p.of(fee.saturating_mul(Decimal::from(12))), currency)),
        gain: round(contract.gain_cap.of(fee), currency),
    }
}

/// The index of the first month of the contract year that month `m` (an
/// index from the start of the term) belongs to: contract years run 12
/// months from the month of `start`.
pub fn contract_year_start(m: usize) -> usize {
    m - m % 12
}
