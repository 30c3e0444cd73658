//! Decimals as the machine-readable outputs write them (LANGUAGE.md §8.4):
//! money with exactly the currency's minor digits, everything else in
//! canonical form without trailing zeros, durations in seconds.

use crate::ir::Threshold;
use crate::value::{canonical, div_round, Currency, Decimal, Money, Rate, Type, Value};

/// An amount of the contract currency: `"6315.79"`, `"0.00"`.
pub fn money(amount: Decimal, currency: Currency) -> String {
    Money::new(amount, currency).fixed()
}

/// A value in its unit, or `None` for the missing value (JSON `null`).
/// Money has the currency's minor digits; a rate is written as money per
/// hour, canonical; percents as 0–100; durations in seconds.
pub fn value(value: &Value) -> Option<String> {
    match value {
        Value::Money(m) => Some(m.fixed()),
        Value::Rate(r) => per_hour(r).map(canonical),
        Value::Number(d) | Value::Percent(d) | Value::Duration(d) => Some(canonical(*d)),
        Value::None | Value::Bool(_) | Value::Date(_) | Value::Timestamp(_) | Value::Text(_) => None,
    }
}

/// A rate's amount per hour (none if it does not fit).
pub fn per_hour(rate: &Rate) -> Option<Decimal> {
    div_round(rate.money.amount.checked_mul(Decimal::from(3600))?, rate.per.0)
}

/// A bare decimal in the unit of `ty` (a threshold's value): money with
/// the currency's minor digits, anything else canonical.
pub fn in_unit(d: Decimal, ty: &Type) -> String {
    match ty {
        Type::Money(c) => money(d, *c),
        _ => canonical(d),
    }
}

/// A threshold's operator and value, as `(">=", "95")`.
pub fn threshold(t: Threshold, ty: &Type) -> (&'static str, String) {
    (t.op.as_str(), in_unit(t.value, ty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::fixtures::eur;
    use crate::value::Duration;

    #[test]
    fn money_keeps_minor_digits_and_others_drop_trailing_zeros() {
        assert_eq!(money(Decimal::ZERO, eur()), "0.00");
        assert_eq!(money(Decimal::new(12345, 3), eur()), "12.35");
        assert_eq!(money(Decimal::new(15, 1), Currency::from_code("JPY").unwrap()), "2");
        assert_eq!(value(&Value::Percent(Decimal::new(8550, 2))).as_deref(), Some("85.5"));
        assert_eq!(value(&Value::Duration(Decimal::new(36000, 1))).as_deref(), Some("3600"));
        assert_eq!(value(&Value::Money(Money::new(Decimal::new(12345, 1), eur()))).as_deref(), Some("1234.50"));
        assert_eq!(value(&Value::None), None);
    }

    #[test]
    fn rates_are_per_hour() {
        let rate = Rate { money: Money::new(Decimal::from(400), eur()), per: Duration::seconds(86_400) };
        assert_eq!(value(&Value::Rate(rate)).as_deref(), Some("16.6666666666666667"));
    }

    #[test]
    fn thresholds_follow_the_metric_unit() {
        let t = Threshold { op: crate::syntax::ast::CmpOp::Ge, value: Decimal::new(9500, 2) };
        assert_eq!(threshold(t, &Type::Percent), (">=", "95".to_string()));
        assert_eq!(threshold(t, &Type::Money(eur())), (">=", "95.00".to_string()));
    }
}
