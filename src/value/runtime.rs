//! Values as the evaluator sees them: one cell of a row, or one metric value.

use super::{Money, Rate};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;

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
    /// Text.
    Text(Arc<str>),
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
