//! Values as the evaluator sees them: one cell of a row, or one metric value.

use super::{Money, Rate};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use smol_str::SmolStr;

/// A runtime value. `None` is the missing value of the three-valued logic.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// The missing value.
    None,
    /// True or false.
    Bool(bool),
    /// A decimal number (counts too: they are whole numbers).
    Number(Decimal),
    /// A percentage, 0–100 as written.
    Percent(Decimal),
    /// A duration in seconds.
    Duration(Decimal),
    /// Money.
    Money(Money),
    /// Money per time.
    Rate(Rate),
    /// A calendar date.
    Date(NaiveDate),
    /// An instant.
    Timestamp(DateTime<Utc>),
    /// Text: up to 23 bytes held in place, so made, copied and dropped
    /// without an allocation or a reference count; longer, shared.
    Text(SmolStr),
}

impl Value {
    /// Whether this is the missing value.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The decimal inside a numeric-like value (number, percent, duration,
    /// money amount), for aggregation and comparison.
    pub fn decimal(&self) -> Option<Decimal> {
        match self {
            Value::Number(d) | Value::Percent(d) | Value::Duration(d) => Some(*d),
            Value::Money(m) => Some(m.amount),
            _ => None,
        }
    }
}

/// Whether two texts are equal, compared byte by byte in place when they
/// are short: closed-set values (`"P1"`, `"Windows"`) are, and a call to
/// `memcmp` for every row and candidate cost more than the comparison.
pub fn same_text(a: &str, b: &str) -> bool {
    /// Longer texts are compared with `==`.
    const SHORT: usize = 16;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() > SHORT {
        return a == b;
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::same_text;

    #[test]
    fn same_text_is_string_equality() {
        let texts = [
            "",
            "P1",
            "P2",
            "P12",
            "p1",
            "Windows",
            "Linux",
            "é",
            "e\u{301}",
            "a".repeat(16).as_str(),
            "a".repeat(17).as_str(),
        ]
        .map(String::from);
        for a in &texts {
            for b in &texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
        assert!(!same_text(&"a".repeat(17), &format!("{}b", "a".repeat(16))));
    }
}
