//! Values the unit tests of several stages write out.

use super::{Currency, Decimal};

/// The euro.
pub fn eur() -> Currency {
    Currency::from_code("EUR").expect("EUR is a currency")
}

/// The decimal written `s` (`"1234.5"`).
pub fn d(s: &str) -> Decimal {
    s.parse().expect("a test decimal")
}
