//! The distinct values of `key` records, read back under the type of the
//! aggregate's value so that they compare as the evaluator's do.

use crate::eval::Key;
use crate::ir::{ColumnKind, Dataset, RowExpr, RowFunc};
use crate::value::{Decimal, Type, Value};
use chrono::{DateTime, NaiveDate};

/// What a distinct value is, as [`Key`] tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyKind {
    /// Text, kept as written.
    Text,
    /// Any number (number, count, percent, duration in seconds, money
    /// amount), normalised so that 1.0 and 1 are one value.
    Decimal,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// An instant, in whole seconds since 1970-01-01T00:00:00Z.
    Timestamp,
    /// `true` or `false`.
    Bool,
}

impl KeyKind {
    /// The kind of the values of `expr` over the rows of `dataset`.
    pub(crate) fn of(dataset: &Dataset, expr: &RowExpr) -> KeyKind {
        match expr {
            RowExpr::Literal(v) => KeyKind::of_value(v),
            RowExpr::Column(i) => dataset.columns.get(*i).map_or(KeyKind::Text, |c| KeyKind::of_column(&c.kind)),
            RowExpr::Arith { ty, .. } => KeyKind::of_type(ty),
            RowExpr::Neg(_) | RowExpr::BusinessTime(..) | RowExpr::Overlap(..) => KeyKind::Decimal,
            RowExpr::Not(_) | RowExpr::Compare { .. } | RowExpr::And(..) | RowExpr::Or(..) | RowExpr::In(..) => {
                KeyKind::Bool
            }
            RowExpr::Call(func, args) => match func {
                RowFunc::Coalesce => args
                    .iter()
                    .find(|a| !matches!(a, RowExpr::Literal(Value::None)))
                    .map_or(KeyKind::Text, |a| KeyKind::of(dataset, a)),
                RowFunc::Lower => KeyKind::Text,
                RowFunc::Contains => KeyKind::Bool,
                RowFunc::Date => KeyKind::Date,
                RowFunc::Hour | RowFunc::Weekday => KeyKind::Decimal,
            },
        }
    }

    fn of_value(v: &Value) -> KeyKind {
        match v {
            Value::Text(_) | Value::None => KeyKind::Text,
            Value::Bool(_) => KeyKind::Bool,
            Value::Date(_) => KeyKind::Date,
            Value::Timestamp(_) => KeyKind::Timestamp,
            Value::Number(_) | Value::Percent(_) | Value::Duration(_) | Value::Money(_) | Value::Rate(_) => {
                KeyKind::Decimal
            }
        }
    }

    fn of_column(kind: &ColumnKind) -> KeyKind {
        match kind {
            ColumnKind::Text | ColumnKind::TextIn(_) => KeyKind::Text,
            ColumnKind::Number | ColumnKind::Count | ColumnKind::Percent | ColumnKind::Duration { .. } => {
                KeyKind::Decimal
            }
            ColumnKind::Bool => KeyKind::Bool,
            ColumnKind::Date { .. } => KeyKind::Date,
            ColumnKind::Timestamp { .. } => KeyKind::Timestamp,
        }
    }

    fn of_type(ty: &Type) -> KeyKind {
        match ty {
            Type::Text | Type::TextIn(_) | Type::None => KeyKind::Text,
            Type::Bool => KeyKind::Bool,
            Type::Date => KeyKind::Date,
            Type::Timestamp => KeyKind::Timestamp,
            Type::Number | Type::Count | Type::Percent | Type::Duration | Type::Money(_) | Type::Rate(_) => {
                KeyKind::Decimal
            }
        }
    }

    /// `text` read as a distinct value of this kind, or why it cannot be.
    pub(super) fn parse(self, text: &str) -> Result<Key, String> {
        let bad = |what: &str| format!("the key `{text}` is not {what}, as the aggregate's values are");
        match self {
            KeyKind::Text => Ok(Key::Text(text.into())),
            KeyKind::Decimal => {
                if !super::record::is_plain_decimal(text) {
                    return Err(bad("a decimal in plain notation"));
                }
                text.parse::<Decimal>().map(|d| Key::Decimal(d.normalize())).map_err(|_| bad("a decimal in range"))
            }
            KeyKind::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .filter(|d| d.format("%Y-%m-%d").to_string() == text)
                .map(Key::Date)
                .ok_or_else(|| bad("a date YYYY-MM-DD")),
            KeyKind::Timestamp => text
                .strip_prefix('-')
                .unwrap_or(text)
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| text.parse::<i64>().ok())
                .flatten()
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .map(Key::Timestamp)
                .ok_or_else(|| bad("an instant in whole seconds since 1970-01-01T00:00:00Z")),
            KeyKind::Bool => match text {
                "true" => Ok(Key::Bool(true)),
                "false" => Ok(Key::Bool(false)),
                _ => Err(bad("`true` or `false`")),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_under_their_kind_and_normalised() {
        assert_eq!(KeyKind::Decimal.parse("1.0"), KeyKind::Decimal.parse("1"));
        assert_eq!(KeyKind::Text.parse("1.0").unwrap(), Key::Text("1.0".into()));
        assert_ne!(KeyKind::Text.parse("1.0"), KeyKind::Text.parse("1"));
        assert_eq!(KeyKind::Bool.parse("true").unwrap(), Key::Bool(true));
        let t = KeyKind::Timestamp.parse("1767225600").unwrap();
        assert_eq!(t, Key::Timestamp("2026-01-01T00:00:00Z".parse().unwrap()));
        assert!(KeyKind::Date.parse("2026-02-30").is_err());
        assert!(KeyKind::Date.parse("2026-2-3").is_err());
        assert!(KeyKind::Timestamp.parse("2026-01-01T00:00:00Z").is_err());
        assert!(KeyKind::Timestamp.parse("1.5").is_err());
        assert!(KeyKind::Decimal.parse("1e3").is_err());
        assert!(KeyKind::Bool.parse("yes").is_err());
    }
}
