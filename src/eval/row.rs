//! Evaluating row expressions: conditions and values over one row's cells.
//!
//! This tree walker is the reference: settling runs the same expressions
//! compiled ([`super::compiled`]), which agree with it (a property test
//! runs both), and `xla explain` walks them here.

use super::arith::{arith, compare_bool, negate};
use crate::calendar::Calendar;
use crate::ir::{CalendarId, RowExpr, RowFunc};
use crate::syntax::ast::CmpOp;
use crate::value::{Decimal, Value};
use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use smol_str::SmolStr;
use std::borrow::Cow;
use std::cell::Cell;

/// What a row expression can see besides the row: calendars, the contract
/// timezone, and the month being settled (for `overlap`).
pub struct RowContext<'a> {
    /// The program's calendars.
    pub calendars: &'a [Calendar],
    /// The contract timezone.
    pub tz: Tz,
    /// `[start, end)` of the month being settled, clipped to the term.
    pub window: (DateTime<Utc>, DateTime<Utc>),
    /// Set when arithmetic on a row left the decimal range: the caller must
    /// not use the row's result (§8.2 v2: an error, never a value).
    pub out_of_range: Cell<bool>,
}

impl<'a> RowContext<'a> {
    /// The context of the month whose `[start, end)` is `window`.
    pub fn new(calendars: &'a [Calendar], tz: Tz, window: (DateTime<Utc>, DateTime<Utc>)) -> Self {
        RowContext { calendars, tz, window, out_of_range: Cell::new(false) }
    }
}

/// Evaluates `expr` on `row`.
pub fn eval(expr: &RowExpr, row: &[Value], ctx: &RowContext) -> Value {
    eval_ref(expr, row, ctx).into_owned()
}

/// Evaluates `expr` on `row`, borrowing a cell or literal rather than
/// cloning it (no reference count touched for text).
///
/// A cell or a literal, the commonest operands, is taken here, inlined in
/// the caller; anything else is evaluated by [`eval_node`]. Called for every
/// operand, the whole evaluator's entry and exit (it saves many registers)
/// cost more than taking a cell.
#[inline]
fn eval_ref<'a>(expr: &'a RowExpr, row: &'a [Value], ctx: &RowContext) -> Cow<'a, Value> {
    match expr {
        RowExpr::Literal(v) => Cow::Borrowed(v),
        RowExpr::Column(i) => row.get(*i).map_or(Cow::Owned(Value::None), Cow::Borrowed),
        _ => eval_node(expr, row, ctx),
    }
}

/// [`eval_ref`] of an expression that is not a cell or a literal.
#[inline(never)]
fn eval_node<'a>(expr: &'a RowExpr, row: &'a [Value], ctx: &RowContext) -> Cow<'a, Value> {
    let owned = |v: Value| Cow::Owned(v);
    match expr {
        // Taken by `eval_ref` before it calls here; kept for a complete match.
        RowExpr::Literal(_) | RowExpr::Column(_) => eval_ref(expr, row, ctx),
        RowExpr::Neg(x) => owned(negate(eval_ref(x, row, ctx).into_owned())),
        RowExpr::Arith { op, lhs, rhs, ty } => {
            owned(arith(*op, &eval_ref(lhs, row, ctx), &eval_ref(rhs, row, ctx), ty).unwrap_or_else(|_| {
                ctx.out_of_range.set(true);
                Value::None
            }))
        }
        RowExpr::Not(_) | RowExpr::Compare { .. } | RowExpr::And(..) | RowExpr::Or(..) | RowExpr::In(..) => {
            owned(condition(expr, row, ctx).map_or(Value::None, Value::Bool))
        }
        RowExpr::BusinessTime(s, e, cal) => {
            owned(business_time(&eval_ref(s, row, ctx), &eval_ref(e, row, ctx), *cal, ctx))
        }
        RowExpr::Overlap(s, e, cal) => {
            let Value::Timestamp(start) = *eval_ref(s, row, ctx) else {
                return owned(Value::None);
            };
            let end = match *eval_ref(e, row, ctx) {
                Value::Timestamp(t) => t,
                Value::None => ctx.window.1,
                _ => return owned(Value::None),
            };
            let from = start.max(ctx.window.0);
            let to = end.min(ctx.window.1);
            owned(match ctx.calendars.get(*cal) {
                Some(c) => Value::Duration(c.business_time(from, to, ctx.tz).0),
                None => Value::None,
            })
        }
        RowExpr::Call(f, args) => owned(call(*f, args, row, ctx)),
    }
}

/// Evaluates condition `expr` on `row`, three-valued: `Some(true)`,
/// `Some(false)`, or `None` for none (§6). The same as [`eval_ref`] giving
/// `Value::Bool` or none, without building a value: `where` and `meeting`
/// are asked of every row, and a small result in registers costs less than
/// a value written to memory and read back. Both sides of `and` and `or`
/// are evaluated, as in [`eval_ref`], so that arithmetic leaving the decimal
/// range on either side is noticed.
pub(super) fn condition(expr: &RowExpr, row: &[Value], ctx: &RowContext) -> Option<bool> {
    match expr {
        RowExpr::Not(x) => condition(x, row, ctx).map(|b| !b),
        RowExpr::Compare { op, lhs, rhs } => match missing_test(*op, lhs, rhs) {
            Some((other, eq)) => Some(eval_ref(other, row, ctx).is_none() == eq),
            None => compare_bool(*op, &eval_ref(lhs, row, ctx), &eval_ref(rhs, row, ctx)),
        },
        RowExpr::And(a, b) => and(condition(a, row, ctx), condition(b, row, ctx)),
        RowExpr::Or(a, b) => or(condition(a, row, ctx), condition(b, row, ctx)),
        RowExpr::In(x, list) => is_in(&eval_ref(x, row, ctx), list),
        other => match *eval_ref(other, row, ctx) {
            Value::Bool(b) => Some(b),
            _ => None,
        },
    }
}

/// `lhs OP rhs` as a test for a missing value, if it is one: `x == none`
/// and `x != none` are true or false, as a contract reader expects (any
/// other comparison involving a none value is none). Gives the operand
/// tested and whether the test is `==`.
pub(super) fn missing_test<'e>(op: CmpOp, lhs: &'e RowExpr, rhs: &'e RowExpr) -> Option<(&'e RowExpr, bool)> {
    let literal_none = |e: &RowExpr| matches!(e, RowExpr::Literal(Value::None));
    if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return None;
    }
    let eq = op == CmpOp::Eq;
    if literal_none(lhs) {
        Some((rhs, eq))
    } else if literal_none(rhs) {
        Some((lhs, eq))
    } else {
        None
    }
}

/// `a and b`, three-valued (§6).
pub(super) fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// `a or b`, three-valued (§6).
pub(super) fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// `v in [..list]`: none for a none value.
pub(super) fn is_in(v: &Value, list: &[Value]) -> Option<bool> {
    if v.is_none() {
        return None;
    }
    Some(list.iter().any(|item| compare_bool(CmpOp::Eq, v, item) == Some(true)))
}

/// `business_time(start, end, calendar)`: none unless both are instants.
pub(super) fn business_time(start: &Value, end: &Value, calendar: CalendarId, ctx: &RowContext) -> Value {
    match (start, end) {
        (Value::Timestamp(s), Value::Timestamp(e)) => match ctx.calendars.get(calendar) {
            Some(c) => Value::Duration(c.business_time(*s, *e, ctx.tz).0),
            None => Value::None,
        },
        _ => Value::None,
    }
}

fn call(f: RowFunc, args: &[RowExpr], row: &[Value], ctx: &RowContext) -> Value {
    let arg = |i: usize| args.get(i).map_or(Value::None, |a| eval(a, row, ctx));
    match f {
        RowFunc::Coalesce => match arg(0) {
            Value::None => arg(1),
            v => v,
        },
        RowFunc::Lower => match arg(0) {
            Value::Text(t) => Value::Text(SmolStr::from(t.to_lowercase())),
            _ => Value::None,
        },
        RowFunc::Contains => match (arg(0), arg(1)) {
            (Value::Text(t), Value::Text(s)) => Value::Bool(t.contains(&*s)),
            _ => Value::None,
        },
        RowFunc::Date | RowFunc::Hour | RowFunc::Weekday => match arg(0) {
            Value::Timestamp(t) => {
                let local = t.with_timezone(&ctx.tz);
                match f {
                    RowFunc::Date => Value::Date(local.date_naive()),
                    RowFunc::Hour => Value::Number(Decimal::from(local.hour())),
                    _ => Value::Number(Decimal::from(local.weekday().number_from_monday())),
                }
            }
            _ => Value::None,
        },
    }
}
