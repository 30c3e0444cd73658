//! Exact values: decimals, money with its currency, percents, durations, rates.
//!
//! Money, percents and durations are distinct types so that a percent can never
//! be added to a sum of money by accident; the checker's unit rules (LANGUAGE.md
//! §6) map one to one onto the operations these types offer.

mod currency;
mod decimal;
#[cfg(test)]
pub(crate) mod fixtures;
mod money;
mod quantity;
mod runtime;
mod ty;

pub use currency::Currency;
pub use decimal::{add, canonical, checked_div_round, div_round, mul, parse_decimal, sub, OutOfRange, DIVISION_SCALE};
pub use money::{Money, Rate};
pub use quantity::{Duration, Percent};
pub use runtime::{same_text, Value};
pub use rust_decimal::Decimal;
pub use ty::Type;
