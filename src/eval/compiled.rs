//! Row expressions compiled once per dataset into closures (issue 14,
//! direction 2: expressions compiled against the row).
//!
//! `where`, `meeting` and `E` are asked of every row. Walked as a tree
//! ([`super::row`]), each node costs a dispatch on its kind and on its
//! operands' kinds before any work is done. Compiled here, the shapes that
//! contracts write on every row become closures that do only their work:
//! a column or any operand compared with a number or a text literal, `and`,
//! `or`, `not`, `in`, a test for none, the time between two instants,
//! `coalesce` and `business_time`. Every other expression is handed to the
//! tree walker, and the compiled shapes call the same functions for their
//! answers ([`compare_bool`], [`arith`], [`super::row::and`], …), so the two
//! always agree: the tests run both on random expressions and rows.

use super::arith::{arith, compare_bool, elapsed, ordered};
use super::row::{self, and, business_time, is_in, missing_test, or, RowContext};
use crate::ir::{Aggregate, ArithOp, RowExpr, RowFunc};
use crate::syntax::ast::CmpOp;
use crate::value::{same_text, Value};

/// A compiled condition: three-valued, `None` for none.
type ConditionFn = dyn Fn(&[Value], &RowContext) -> Option<bool> + Send + Sync;

/// A compiled expression that computes its value.
type ValueFn = dyn Fn(&[Value], &RowContext) -> Value + Send + Sync;

/// The `where`, `meeting` and `E` of one aggregate, compiled.
pub(super) struct CompiledAggregate {
    /// `where C`.
    pub filter: Option<Condition>,
    /// `meeting M`.
    pub meeting: Option<Condition>,
    /// `E` in `f(E of D)`.
    pub value: Option<Operand>,
}

impl CompiledAggregate {
    /// Compiles the row expressions of `agg`.
    pub(super) fn new(agg: &Aggregate) -> Self {
        CompiledAggregate {
            filter: agg.filter.as_ref().map(Condition::new),
            meeting: agg.meeting.as_ref().map(Condition::new),
            value: agg.value.as_ref().map(Operand::new),
        }
    }
}

/// A condition compiled: [`row::condition`] of its expression.
pub(super) struct Condition(Box<ConditionFn>);

impl Condition {
    /// Compiles `expr` as a condition.
    pub(super) fn new(expr: &RowExpr) -> Self {
        Condition(condition(expr))
    }

    /// The condition on `row`: `Some(true)`, `Some(false)`, or `None` for none.
    #[inline]
    pub(super) fn test(&self, row: &[Value], ctx: &RowContext) -> Option<bool> {
        (self.0)(row, ctx)
    }
}

/// An expression compiled for its value: [`row::eval`] of it. A column or
/// a literal is read in place, without a call; a computed value is written
/// to a slot of the caller's, which is then read in place too (a value
/// moved about, as in a `Cow`, is written piece by piece and read back
/// whole, which stalls the processor on every row).
pub(super) enum Operand {
    /// The cell of a column.
    Column(usize),
    /// A literal.
    Literal(Value),
    /// Anything else.
    Computed(Box<ValueFn>),
}

impl Operand {
    /// Compiles `expr` for its value.
    pub(super) fn new(expr: &RowExpr) -> Self {
        match expr {
            RowExpr::Column(i) => Operand::Column(*i),
            RowExpr::Literal(v) => Operand::Literal(v.clone()),
            other => Operand::Computed(value(other)),
        }
    }

    /// The value on `row`: the cell or the literal, or the value computed
    /// into `slot`.
    #[inline]
    pub(super) fn eval<'a>(&'a self, row: &'a [Value], ctx: &RowContext, slot: &'a mut Value) -> &'a Value {
        /// The cell of a column past the row's end.
        static NONE: Value = Value::None;
        match self {
            Operand::Column(i) => row.get(*i).unwrap_or(&NONE),
            Operand::Literal(v) => v,
            Operand::Computed(f) => {
                *slot = f(row, ctx);
                slot
            }
        }
    }
}

/// `expr` compiled as a condition.
fn condition(expr: &RowExpr) -> Box<ConditionFn> {
    match expr {
        RowExpr::Not(x) => {
            let x = condition(x);
            Box::new(move |r, c| x(r, c).map(|b| !b))
        }
        // Both sides are evaluated, as the tree walker does, so that
        // arithmetic leaving the decimal range on either side is noticed.
        RowExpr::And(a, b) => {
            let (a, b) = (condition(a), condition(b));
            Box::new(move |r, c| and(a(r, c), b(r, c)))
        }
        RowExpr::Or(a, b) => {
            let (a, b) = (condition(a), condition(b));
            Box::new(move |r, c| or(a(r, c), b(r, c)))
        }
        RowExpr::In(x, list) => {
            let (x, list) = (Operand::new(x), list.clone());
            Box::new(move |r, c| is_in(x.eval(r, c, &mut Value::None), &list))
        }
        RowExpr::Compare { op, lhs, rhs } => compare(*op, lhs, rhs),
        other => {
            let x = Operand::new(other);
            Box::new(move |r, c| match *x.eval(r, c, &mut Value::None) {
                Value::Bool(b) => Some(b),
                _ => None,
            })
        }
    }
}

/// `lhs OP rhs` compiled, with the commonest shapes taken apart: a test for
/// none, and a comparison with a number or a text literal.
fn compare(op: CmpOp, lhs: &RowExpr, rhs: &RowExpr) -> Box<ConditionFn> {
    if let Some((other, eq)) = missing_test(op, lhs, rhs) {
        let other = Operand::new(other);
        return Box::new(move |r, c| Some(other.eval(r, c, &mut Value::None).is_none() == eq));
    }
    match (lhs, rhs) {
        (x, RowExpr::Literal(literal)) => with_literal(op, Operand::new(x), literal.clone(), false),
        (RowExpr::Literal(literal), x) => with_literal(op, Operand::new(x), literal.clone(), true),
        _ => {
            let (lhs, rhs) = (Operand::new(lhs), Operand::new(rhs));
            Box::new(move |r, c| compare_bool(op, lhs.eval(r, c, &mut Value::None), rhs.eval(r, c, &mut Value::None)))
        }
    }
}

/// `x OP literal` (or `literal OP x` when `literal_first`) compiled. A
/// number, percent or duration compared with a number, percent or duration
/// literal compares their decimals, as [`compare_bool`] does; a text
/// compared for (in)equality with a text literal compares the texts. Any
/// other pair of values is [`compare_bool`]'s.
fn with_literal(op: CmpOp, x: Operand, literal: Value, literal_first: bool) -> Box<ConditionFn> {
    let generic = move |v: &Value, literal: &Value| {
        if literal_first {
            compare_bool(op, literal, v)
        } else {
            compare_bool(op, v, literal)
        }
    };
    match literal {
        Value::Number(d) | Value::Percent(d) | Value::Duration(d) => {
            Box::new(move |r, c| match x.eval(r, c, &mut Value::None) {
                Value::Number(v) | Value::Percent(v) | Value::Duration(v) => {
                    Some(ordered(op, if literal_first { d.cmp(v) } else { v.cmp(&d) }))
                }
                v => generic(v, &literal),
            })
        }
        Value::Text(ref text) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            let (eq, text) = (op == CmpOp::Eq, text.clone());
            Box::new(move |r, c| match x.eval(r, c, &mut Value::None) {
                Value::Text(v) => Some(same_text(v, &text) == eq),
                v => generic(v, &literal),
            })
        }
        literal => Box::new(move |r, c| generic(x.eval(r, c, &mut Value::None), &literal)),
    }
}

/// `expr` compiled for its value (not a cell or a literal: see [`Operand::new`]).
fn value(expr: &RowExpr) -> Box<ValueFn> {
    match expr {
        RowExpr::Not(_) | RowExpr::Compare { .. } | RowExpr::And(..) | RowExpr::Or(..) | RowExpr::In(..) => {
            let test = condition(expr);
            Box::new(move |r, c| test(r, c).map_or(Value::None, Value::Bool))
        }
        RowExpr::Arith { op, lhs, rhs, ty } => {
            let (op, ty) = (*op, ty.clone());
            let (lhs, rhs) = (Operand::new(lhs), Operand::new(rhs));
            Box::new(move |r, c| {
                let (mut left, mut right) = (Value::None, Value::None);
                let (a, b) = (lhs.eval(r, c, &mut left), rhs.eval(r, c, &mut right));
                // The time between two instants, asked of every ticket.
                if let (ArithOp::Sub, Value::Timestamp(to), Value::Timestamp(from)) = (op, a, b) {
                    return Value::Duration(elapsed(*from, *to));
                }
                arith(op, a, b, &ty).unwrap_or_else(|_| {
                    c.out_of_range.set(true);
                    Value::None
                })
            })
        }
        RowExpr::BusinessTime(start, end, calendar) => {
            let (start, end, calendar) = (Operand::new(start), Operand::new(end), *calendar);
            Box::new(move |r, c| {
                business_time(start.eval(r, c, &mut Value::None), end.eval(r, c, &mut Value::None), calendar, c)
            })
        }
        RowExpr::Call(RowFunc::Coalesce, args) if args.len() == 2 => {
            let (first, second) = (Operand::new(&args[0]), Operand::new(&args[1]));
            // The second is evaluated only when the first is none, as the tree walker does.
            Box::new(move |r, c| match first.eval(r, c, &mut Value::None) {
                Value::None => second.eval(r, c, &mut Value::None).clone(),
                v => v.clone(),
            })
        }
        other => {
            let other = other.clone();
            Box::new(move |r, c| row::eval(&other, r, c))
        }
    }
}

#[cfg(test)]
mod tests;
