//! The types of the language (LANGUAGE.md §3, §6).

use super::Currency;
use std::fmt;

/// The type of an expression, column or literal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A decimal number.
    Number,
    /// A whole number ≥ 0; mixes with Number.
    Count,
    /// A percentage, 0–100 as written.
    Percent,
    /// A length of time.
    Duration,
    /// Money of one currency.
    Money(Currency),
    /// Money per duration, of one currency.
    Rate(Currency),
    /// A calendar date.
    Date,
    /// An instant in time.
    Timestamp,
    /// True or false.
    Bool,
    /// Free text.
    Text,
    /// Text from a closed set of values (a `text in [..]` column).
    TextIn(Vec<String>),
    /// The literal `none`, before it meets the type it is compared with.
    None,
}

impl Type {
    /// The unit name used in settlement outputs (§8.4), for the types a
    /// metric may have.
    pub fn unit_name(&self) -> &'static str {
        match self {
            Type::Number => "number",
            Type::Count => "count",
            Type::Percent => "percent",
            Type::Duration => "duration",
            Type::Money(_) => "money",
            Type::Rate(_) => "rate",
            Type::Date => "date",
            Type::Timestamp => "timestamp",
            Type::Bool => "bool",
            Type::Text | Type::TextIn(_) => "text",
            Type::None => "none",
        }
    }

    /// Whether the type is numeric-like (Number or Count).
    pub fn is_number(&self) -> bool {
        matches!(self, Type::Number | Type::Count)
    }

    /// Whether two types may be compared or added (Count mixes with Number,
    /// closed text sets with text, `none` with anything).
    pub fn compatible(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::None, _) | (_, Type::None) => true,
            (a, b) if a.is_number() && b.is_number() => true,
            (Type::Text | Type::TextIn(_), Type::Text | Type::TextIn(_)) => true,
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Number => f.write_str("Number"),
            Type::Count => f.write_str("Count"),
            Type::Percent => f.write_str("Percent"),
            Type::Duration => f.write_str("Duration"),
            Type::Money(c) => write!(f, "Money ({c})"),
            Type::Rate(c) => write!(f, "Rate ({c} per time)"),
            Type::Date => f.write_str("Date"),
            Type::Timestamp => f.write_str("Timestamp"),
            Type::Bool => f.write_str("Bool"),
            Type::Text => f.write_str("Text"),
            Type::TextIn(values) => {
                f.write_str("Text in [")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v:?}")?;
                }
                f.write_str("]")
            }
            Type::None => f.write_str("none"),
        }
    }
}
