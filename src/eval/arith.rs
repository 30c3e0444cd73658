//! Arithmetic and comparison on runtime values, following the unit rules the
//! checker enforced (LANGUAGE.md §6). The result type computed by the checker
//! decides the ambiguous cases (`Count × Percent` is a Percent, `Percent ×
//! Count` a Count), so evaluation always agrees with checking.

use crate::ir::ArithOp;
use crate::syntax::ast::CmpOp;
use crate::value::{add, checked_div_round, mul, same_text, sub, Duration, Money, OutOfRange, Rate, Type, Value};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Wraps a decimal as a value of type `ty` (`currency_of` supplies the
/// currency for money).
pub fn typed(ty: &Type, d: Decimal) -> Value {
    match ty {
        Type::Percent => Value::Percent(d),
        Type::Duration => Value::Duration(d),
        Type::Money(c) => Value::Money(Money::new(d, *c)),
        _ => Value::Number(d),
    }
}

/// `-value`; none for values without a sign.
pub fn negate(value: Value) -> Value {
    match value {
        Value::Number(d) => Value::Number(-d),
        Value::Percent(d) => Value::Percent(-d),
        Value::Duration(d) => Value::Duration(-d),
        Value::Money(m) => Value::Money(Money::new(-m.amount, m.currency)),
        _ => Value::None,
    }
}

/// `lhs OP rhs`: none if either side is none or on a division by zero
/// (§6); an error when the result leaves the decimal range (§8.2 v2).
pub fn arith(op: ArithOp, lhs: &Value, rhs: &Value, ty: &Type) -> Result<Value, OutOfRange> {
    if lhs.is_none() || rhs.is_none() {
        return Ok(Value::None);
    }
    // The checker guarantees numeric operands here; anything else is none.
    macro_rules! decimal {
        ($v:expr) => {
            match $v.decimal() {
                Some(d) => d,
                None => return Ok(Value::None),
            }
        };
    }
    Ok(match op {
        ArithOp::Add | ArithOp::Sub => {
            if let (Value::Timestamp(a), Value::Timestamp(b)) = (lhs, rhs) {
                return Ok(Value::Duration(elapsed(*b, *a)));
            }
            let (a, b) = (decimal!(lhs), decimal!(rhs));
            typed(ty, if op == ArithOp::Add { add(a, b)? } else { sub(a, b)? })
        }
        ArithOp::Mul => match (lhs, rhs) {
            (Value::Duration(d), Value::Rate(r)) | (Value::Rate(r), Value::Duration(d)) => {
                r.times(Duration(*d))?.map_or(Value::None, Value::Money)
            }
            (Value::Rate(r), n) | (n, Value::Rate(r)) => {
                // A percent of a rate is (amount × P) / 100, one rounded
                // division, like every percent of X (§6, clarified).
                let product = mul(r.money.amount, decimal!(n))?;
                let amount = if matches!(n, Value::Percent(_)) {
                    checked_div_round(product, Decimal::ONE_HUNDRED)?.ok_or(OutOfRange)?
                } else {
                    product
                };
                Value::Rate(Rate { money: Money::new(amount, r.money.currency), per: r.per })
            }
            (Value::Percent(p), x) | (x, Value::Percent(p)) if *ty != Type::Percent => {
                // A percent of money, a duration or a count.
                let product = mul(decimal!(x), *p)?;
                typed(ty, checked_div_round(product, Decimal::ONE_HUNDRED)?.ok_or(OutOfRange)?)
            }
            _ => typed(ty, mul(decimal!(lhs), decimal!(rhs))?),
        },
        ArithOp::Div => {
            let quotient = |a: Decimal, b: Decimal| checked_div_round(a, b);
            match (lhs, rhs, ty) {
                (Value::Money(m), Value::Duration(d), Type::Rate(_)) => quotient(m.amount, *d)?
                    .map_or(Value::None, |a| {
                        Value::Rate(Rate { money: Money::new(a, m.currency), per: Duration(Decimal::ONE) })
                    }),
                (Value::Rate(r), n, _) => quotient(r.money.amount, decimal!(n))?
                    .map_or(Value::None, |a| Value::Rate(Rate { money: Money::new(a, r.money.currency), per: r.per })),
                _ => quotient(decimal!(lhs), decimal!(rhs))?.map_or(Value::None, |q| typed(ty, q)),
            }
        }
    })
}

/// Exact seconds from `from` to `to` (negative if `to` is earlier), as the
/// decimal sum `secs + nanos / 10^9` gives them: a whole number of seconds
/// at scale 0 (adding a zero fraction leaves it as it is), anything else,
/// zero included, at scale 9.
///
/// A whole number of seconds, the rule for timestamps read to the minute
/// or second, takes no decimal addition: `resolved - opened` is asked of
/// every ticket.
pub fn elapsed(from: chrono::DateTime<chrono::Utc>, to: chrono::DateTime<chrono::Utc>) -> Decimal {
    let secs = to.timestamp() - from.timestamp();
    let nanos = i64::from(to.timestamp_subsec_nanos()) - i64::from(from.timestamp_subsec_nanos());
    if nanos == 0 && secs != 0 {
        return Decimal::from(secs);
    }
    Decimal::from(secs) + Decimal::new(nanos, 9)
}

/// Orders two non-none values of compatible types.
pub fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Timestamp(x), Value::Timestamp(y)) => Some(x.cmp(y)),
        (Value::Rate(x), Value::Rate(y)) => {
            let (px, py) = (x.money.amount.checked_mul(y.per.0)?, y.money.amount.checked_mul(x.per.0)?);
            Some(px.cmp(&py))
        }
        _ => Some(a.decimal()?.cmp(&b.decimal()?)),
    }
}

/// `a OP b`, three-valued: none when either side is none.
pub fn compare(op: CmpOp, a: &Value, b: &Value) -> Value {
    compare_bool(op, a, b).map_or(Value::None, Value::Bool)
}

/// [`compare`] as a bool, `None` for none.
pub fn compare_bool(op: CmpOp, a: &Value, b: &Value) -> Option<bool> {
    if a.is_none() || b.is_none() {
        return None;
    }
    // Equality of texts needs no order (`priority == "P1"` on every row).
    if let (CmpOp::Eq | CmpOp::Ne, Value::Text(x), Value::Text(y)) = (op, a, b) {
        return Some(same_text(x, y) == (op == CmpOp::Eq));
    }
    Some(ordered(op, order(a, b)?))
}

/// Whether `a OP b` holds when `a` is `ord` to `b`.
#[inline]
pub(super) fn ordered(op: CmpOp, ord: Ordering) -> bool {
    match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Currency;

    fn eur(a: Decimal) -> Value {
        Value::Money(Money::new(a, Currency::from_code("EUR").unwrap()))
    }

    #[test]
    fn percent_of_money_and_number_times_percent() {
        let money_ty = Type::Money(Currency::from_code("EUR").unwrap());
        let twelve = Value::Percent(Decimal::from(12));
        assert_eq!(arith(ArithOp::Mul, &twelve, &eur(Decimal::new(100000, 2)), &money_ty), Ok(eur(Decimal::from(120))));
        let half = Value::Number(Decimal::new(5, 1));
        assert_eq!(
            arith(ArithOp::Mul, &half, &Value::Percent(Decimal::from(80)), &Type::Percent),
            Ok(Value::Percent(Decimal::from(40)))
        );
    }

    #[test]
    fn division_rounds_and_zero_is_none() {
        let r = arith(ArithOp::Div, &Value::Number(Decimal::from(2)), &Value::Number(Decimal::from(3)), &Type::Number);
        assert_eq!(r, Ok(Value::Number(Decimal::new(6666666666666667, 16))));
        let z = arith(ArithOp::Div, &Value::Number(Decimal::ONE), &Value::Number(Decimal::ZERO), &Type::Number);
        assert_eq!(z, Ok(Value::None));
    }

    #[test]
    fn leaving_the_decimal_range_is_an_error_not_a_value() {
        let max = Value::Number(Decimal::MAX);
        assert_eq!(arith(ArithOp::Add, &max, &Value::Number(Decimal::ONE), &Type::Number), Err(OutOfRange));
        assert_eq!(arith(ArithOp::Mul, &max, &Value::Number(Decimal::TWO), &Type::Number), Err(OutOfRange));
        let tiny = Value::Number(Decimal::new(1, 20));
        assert_eq!(arith(ArithOp::Div, &max, &tiny, &Type::Number), Err(OutOfRange));
        let money_ty = Type::Money(Currency::from_code("EUR").unwrap());
        assert_eq!(
            arith(ArithOp::Mul, &Value::Percent(Decimal::from(200)), &eur(Decimal::MAX), &money_ty),
            Err(OutOfRange)
        );
    }

    #[test]
    fn elapsed_is_exact_and_keeps_the_scale_of_its_decimal_sum() {
        let at = |secs: i64, nanos: u32| chrono::DateTime::from_timestamp(secs, nanos).expect("in range");
        let cases = [
            (at(0, 0), at(3600, 0), "3600"),
            (at(3600, 0), at(0, 0), "-3600"),
            (at(5, 0), at(5, 0), "0.000000000"),
            (at(0, 0), at(1, 500_000_000), "1.500000000"),
            (at(1, 500_000_000), at(0, 0), "-1.500000000"),
            (at(0, 900_000_000), at(2, 100_000_000), "1.200000000"),
            (at(2, 100_000_000), at(0, 900_000_000), "-1.200000000"),
            (at(7, 250), at(9, 250), "2"),
        ];
        for (from, to, seconds) in cases {
            let d = elapsed(from, to);
            assert_eq!(d.to_string(), seconds, "{from} to {to}");
        }
    }

    #[test]
    fn none_propagates_and_compares_to_none() {
        assert_eq!(arith(ArithOp::Add, &Value::None, &Value::Number(Decimal::ONE), &Type::Number), Ok(Value::None));
        assert_eq!(compare(CmpOp::Lt, &Value::None, &Value::Number(Decimal::ONE)), Value::None);
        assert_eq!(
            compare(CmpOp::Le, &Value::Duration(Decimal::from(4)), &Value::Duration(Decimal::from(4))),
            Value::Bool(true)
        );
    }
}
