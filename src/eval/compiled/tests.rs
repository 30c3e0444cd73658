//! Compiled expressions against the tree walker: the same answer, and the
//! same notice of arithmetic leaving the decimal range, on random
//! expressions (well typed or not) and random rows.

use super::*;
use crate::calendar::Calendar;
use crate::ir::ArithOp;
use crate::value::{Currency, Decimal, Money, Type};
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

/// Values a cell or a literal may hold: every kind, equal decimals at
/// different scales, texts that differ in a byte, and decimals at the edge
/// of the range.
fn values() -> Vec<Value> {
    let at = |secs: i64, nanos: u32| DateTime::<Utc>::from_timestamp(secs, nanos).expect("in range");
    let eur = Currency::from_code("EUR").expect("EUR");
    vec![
        Value::None,
        Value::Bool(true),
        Value::Bool(false),
        Value::Number(Decimal::ZERO),
        Value::Number(Decimal::new(30, 0)),
        Value::Number(Decimal::new(300, 1)),
        Value::Number(Decimal::new(-25, 1)),
        Value::Number(Decimal::MAX),
        Value::Percent(Decimal::new(30, 0)),
        Value::Percent(Decimal::new(955, 1)),
        Value::Duration(Decimal::new(60, 0)),
        Value::Duration(Decimal::new(14400, 0)),
        Value::Duration(Decimal::MAX),
        Value::Money(Money::new(Decimal::new(1250, 2), eur)),
        Value::Text("P1".into()),
        Value::Text("P2".into()),
        Value::Text("p1".into()),
        Value::Text("".into()),
        Value::Timestamp(at(1_767_600_000, 0)),
        Value::Timestamp(at(1_767_614_400, 0)),
        Value::Timestamp(at(1_767_614_400, 500_000_000)),
        Value::Date(NaiveDate::from_ymd_opt(2026, 1, 5).expect("a date")),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    proptest::sample::select(values())
}

fn boxed(e: RowExpr) -> Box<RowExpr> {
    Box::new(e)
}

/// Random expressions over columns 0–5 of a row of 5 (column 5 is past
/// its end), every kind of node, of any type.
fn expr() -> impl Strategy<Value = RowExpr> {
    let leaf = prop_oneof![(0usize..6).prop_map(RowExpr::Column), value().prop_map(RowExpr::Literal)];
    let ops = [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge];
    let ariths = [ArithOp::Add, ArithOp::Sub, ArithOp::Mul, ArithOp::Div];
    let types = [Type::Number, Type::Duration, Type::Percent];
    leaf.prop_recursive(4, 24, 3, move |inner| {
        prop_oneof![
            inner.clone().prop_map(|x| RowExpr::Neg(boxed(x))),
            inner.clone().prop_map(|x| RowExpr::Not(boxed(x))),
            (
                proptest::sample::select(ariths.to_vec()),
                inner.clone(),
                inner.clone(),
                proptest::sample::select(types.to_vec())
            )
                .prop_map(|(op, l, r, ty)| RowExpr::Arith { op, lhs: boxed(l), rhs: boxed(r), ty }),
            (proptest::sample::select(ops.to_vec()), inner.clone(), inner.clone())
                .prop_map(|(op, l, r)| RowExpr::Compare { op, lhs: boxed(l), rhs: boxed(r) }),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| RowExpr::And(boxed(a), boxed(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| RowExpr::Or(boxed(a), boxed(b))),
            (inner.clone(), proptest::collection::vec(value(), 0..3)).prop_map(|(x, l)| RowExpr::In(boxed(x), l)),
            (inner.clone(), inner.clone(), 0usize..2).prop_map(|(a, b, c)| RowExpr::BusinessTime(
                boxed(a),
                boxed(b),
                c
            )),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| RowExpr::Overlap(boxed(a), boxed(b), 0)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| RowExpr::Call(RowFunc::Coalesce, vec![a, b])),
            inner.clone().prop_map(|a| RowExpr::Call(RowFunc::Coalesce, vec![a])),
            inner.clone().prop_map(|a| RowExpr::Call(RowFunc::Hour, vec![a])),
            (inner.clone(), inner).prop_map(|(a, b)| RowExpr::Call(RowFunc::Contains, vec![a, b])),
        ]
    })
}

/// What evaluating gave, and whether it noticed leaving the decimal range.
fn walked<T>(ctx: &RowContext, f: impl FnOnce() -> T) -> (T, bool) {
    ctx.out_of_range.set(false);
    let answer = f();
    (answer, ctx.out_of_range.get())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn compiled_expressions_answer_as_the_tree_walker(
        e in expr(),
        row in proptest::collection::vec(value(), 5),
    ) {
        let calendars = [Calendar::always()];
        let window = (DateTime::<Utc>::from_timestamp(1_767_225_600, 0).expect("2026-01-01"),
                      DateTime::<Utc>::from_timestamp(1_769_904_000, 0).expect("2026-02-01"));
        let ctx = RowContext::new(&calendars, chrono_tz::Europe::Berlin, window);
        let tree = walked(&ctx, || row::condition(&e, &row, &ctx));
        let compiled = Condition::new(&e);
        prop_assert_eq!(walked(&ctx, || compiled.test(&row, &ctx)), tree, "condition {:?} on {:?}", e, row);
        let tree = walked(&ctx, || row::eval(&e, &row, &ctx));
        let compiled = Operand::new(&e);
        prop_assert_eq!(walked(&ctx, || compiled.eval(&row, &ctx, &mut Value::None).clone()), tree, "value {:?} on {:?}", e, row);
    }
}

#[test]
fn a_literal_compares_the_same_on_either_side() {
    let column = |i| boxed(RowExpr::Column(i));
    let literal = |v| boxed(RowExpr::Literal(v));
    let p1 = RowExpr::Compare { op: CmpOp::Eq, lhs: column(0), rhs: literal(Value::Text("P1".into())) };
    let row = [Value::Text("P1".into()), Value::Number(Decimal::from(2))];
    let calendars = [Calendar::always()];
    let epoch = DateTime::<Utc>::UNIX_EPOCH;
    let ctx = RowContext::new(&calendars, chrono_tz::UTC, (epoch, epoch));
    assert_eq!(Condition::new(&p1).test(&row, &ctx), Some(true));
    let reopened = RowExpr::Compare { op: CmpOp::Gt, lhs: column(1), rhs: literal(Value::Number(Decimal::ZERO)) };
    assert_eq!(Condition::new(&reopened).test(&row, &ctx), Some(true));
    let flipped = RowExpr::Compare { op: CmpOp::Gt, lhs: literal(Value::Number(Decimal::ZERO)), rhs: column(1) };
    assert_eq!(Condition::new(&flipped).test(&row, &ctx), Some(false));
    assert!(matches!(Operand::new(&RowExpr::Column(1)), Operand::Column(1)));
}
