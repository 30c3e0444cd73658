//! The unit rules of LANGUAGE.md §6: which operand types each operator
//! accepts and what it yields.

use crate::ir::ArithOp;
use crate::value::Type;

/// The result type of `lhs OP rhs`, or `None` if the units do not fit.
pub fn arith(op: ArithOp, lhs: &Type, rhs: &Type) -> Option<Type> {
    use Type::{Count, Duration, Money, Number, Percent, Rate, Timestamp};
    let numeric = |t: &Type| t.is_number();
    let both_numeric = numeric(lhs) && numeric(rhs);
    let numeric_result = || if *lhs == Count && *rhs == Count { Count } else { Number };
    match op {
        ArithOp::Add | ArithOp::Sub => match (lhs, rhs) {
            _ if both_numeric => Some(numeric_result()),
            (Percent, Percent) => Some(Percent),
            (Duration, Duration) => Some(Duration),
            (Money(a), Money(b)) if a == b => Some(Money(*a)),
            (Timestamp, Timestamp) if op == ArithOp::Sub => Some(Duration),
            _ => None,
        },
        ArithOp::Mul => {
            if both_numeric {
                return Some(numeric_result());
            }
            let scaled = |n: &Type, x: &Type| -> Option<Type> {
                match (n, x) {
                    (n, Number | Count | Percent | Duration | Money(_) | Rate(_)) if numeric(n) => Some(x.clone()),
                    (Percent, Money(_) | Duration | Rate(_) | Count) => Some(x.clone()),
                    (Duration, Rate(c)) => Some(Money(*c)),
                    _ => None,
                }
            };
            scaled(lhs, rhs).or_else(|| scaled(rhs, lhs))
        }
        ArithOp::Div => match (lhs, rhs) {
            _ if both_numeric => Some(Number),
            (Percent | Duration | Money(_) | Rate(_), r) if numeric(r) => Some(lhs.clone()),
            (Duration, Duration) | (Percent, Percent) => Some(Number),
            (Money(a), Money(b)) if a == b => Some(Number),
            (Money(c), Duration) => Some(Rate(*c)),
            _ => None,
        },
    }
}

/// What `op` accepts, in words, for error messages.
pub fn rule_of(op: ArithOp) -> &'static str {
    match op {
        ArithOp::Add | ArithOp::Sub => "`+` and `-` take two values of one type (two percents, two durations, two amounts of money, two numbers); a timestamp minus a timestamp is a duration",
        ArithOp::Mul => "`*` scales a value by a number (`0.5 * 80%`), takes a percent of money, a duration, a rate or a count (`12% * 1000.00 EUR`), or turns a duration times a rate into money",
        ArithOp::Div => "`/` divides a value by a number, two values of one type into a number (a duration by a duration, money by money, a percent by a percent), or money by a duration into a rate",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::fixtures::eur;

    #[test]
    fn follows_the_unit_table() {
        use Type::{Count, Duration, Money, Number, Percent, Rate, Timestamp};
        assert_eq!(arith(ArithOp::Mul, &Number, &Percent), Some(Percent));
        assert_eq!(arith(ArithOp::Mul, &Percent, &Money(eur())), Some(Money(eur())));
        assert_eq!(arith(ArithOp::Mul, &Duration, &Rate(eur())), Some(Money(eur())));
        assert_eq!(arith(ArithOp::Mul, &Count, &Duration), Some(Duration));
        assert_eq!(arith(ArithOp::Mul, &Percent, &Percent), None);
        assert_eq!(arith(ArithOp::Div, &Duration, &Duration), Some(Number));
        assert_eq!(arith(ArithOp::Div, &Money(eur()), &Duration), Some(Rate(eur())));
        assert_eq!(arith(ArithOp::Sub, &Timestamp, &Timestamp), Some(Duration));
        assert_eq!(arith(ArithOp::Add, &Timestamp, &Timestamp), None);
        assert_eq!(arith(ArithOp::Add, &Percent, &Number), None);
        assert_eq!(arith(ArithOp::Add, &Count, &Number), Some(Number));
        assert_eq!(arith(ArithOp::Add, &Count, &Count), Some(Count));
    }
}
