//! Expressions: metric-level (over metrics, aggregates, literals) and
//! row-level (over the columns of one dataset, inside aggregates).

use super::{AggregateId, CalendarId, DatasetId, MetricId};
use crate::syntax::ast::CmpOp;
use crate::value::{Type, Value};
use rust_decimal::Decimal;

/// Arithmetic operators; the checker has verified the operand types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`, rounded once to 16 places.
    Div,
}

/// An expression at metric level.
#[derive(Clone, Debug, PartialEq)]
pub enum MetricExpr {
    /// A literal value.
    Literal(Value),
    /// Another metric's value this month.
    Metric(MetricId),
    /// An aggregate's value this month.
    Aggregate(AggregateId),
    /// Unary minus.
    Neg(Box<MetricExpr>),
    /// Arithmetic.
    Arith {
        /// The operator.
        op: ArithOp,
        /// Left operand.
        lhs: Box<MetricExpr>,
        /// Right operand.
        rhs: Box<MetricExpr>,
        /// The result type.
        ty: Type,
    },
    /// `scheduled(CAL)`: working time of the calendar in the month, within the term.
    Scheduled(CalendarId),
    /// `scheduled(CAL) over N months`: working time of the calendar in the
    /// N months ending with the month settled, within the term.
    ScheduledOver(CalendarId, u32),
    /// `min(a, b)`.
    Min(Box<MetricExpr>, Box<MetricExpr>),
    /// `max(a, b)`.
    Max(Box<MetricExpr>, Box<MetricExpr>),
    /// `clamp(x, lo, hi)`.
    Clamp(Box<MetricExpr>, Box<MetricExpr>, Box<MetricExpr>),
    /// `baseline(m)`: the metric's baseline in the enclosing clause's or gain's window.
    Baseline(MetricId),
    /// `floor(x)`: the whole number at or below a Number or Count.
    Floor(Box<MetricExpr>),
    /// `ceil(x)`: the whole number at or above a Number or Count.
    Ceil(Box<MetricExpr>),
    /// `value` in a clause's credit or bonus expression (§7.2a): the clause
    /// metric's value this month, bound by [`MetricExpr::bind`] when the
    /// line is priced (none while unbound).
    ClauseValue,
    /// `target` in a clause's credit or bonus expression: the target in
    /// force, bound like [`MetricExpr::ClauseValue`].
    ClauseTarget,
}

impl MetricExpr {
    /// This expression with `value` and `target` replaced by the month's
    /// values, ready to evaluate.
    pub fn bind(&self, value: &Value, target: &Value) -> MetricExpr {
        let bind = |e: &MetricExpr| Box::new(e.bind(value, target));
        match self {
            MetricExpr::ClauseValue => MetricExpr::Literal(value.clone()),
            MetricExpr::ClauseTarget => MetricExpr::Literal(target.clone()),
            MetricExpr::Neg(x) => MetricExpr::Neg(bind(x)),
            MetricExpr::Floor(x) => MetricExpr::Floor(bind(x)),
            MetricExpr::Ceil(x) => MetricExpr::Ceil(bind(x)),
            MetricExpr::Arith { op, lhs, rhs, ty } => {
                MetricExpr::Arith { op: *op, lhs: bind(lhs), rhs: bind(rhs), ty: ty.clone() }
            }
            MetricExpr::Min(a, b) => MetricExpr::Min(bind(a), bind(b)),
            MetricExpr::Max(a, b) => MetricExpr::Max(bind(a), bind(b)),
            MetricExpr::Clamp(x, lo, hi) => MetricExpr::Clamp(bind(x), bind(lo), bind(hi)),
            MetricExpr::Literal(_)
            | MetricExpr::Metric(_)
            | MetricExpr::Aggregate(_)
            | MetricExpr::Scheduled(_)
            | MetricExpr::ScheduledOver(..)
            | MetricExpr::Baseline(_) => self.clone(),
        }
    }
}

impl MetricExpr {
    /// The direct sub-expressions of this expression, in order.
    pub fn children(&self) -> impl DoubleEndedIterator<Item = &MetricExpr> {
        let (a, b, c): (Option<&MetricExpr>, Option<&MetricExpr>, Option<&MetricExpr>) = match self {
            MetricExpr::Neg(x) | MetricExpr::Floor(x) | MetricExpr::Ceil(x) => (Some(x), None, None),
            MetricExpr::Arith { lhs, rhs, .. } | MetricExpr::Min(lhs, rhs) | MetricExpr::Max(lhs, rhs) => {
                (Some(lhs), Some(rhs), None)
            }
            MetricExpr::Clamp(x, lo, hi) => (Some(x), Some(lo), Some(hi)),
            MetricExpr::Literal(_)
            | MetricExpr::Metric(_)
            | MetricExpr::Aggregate(_)
            | MetricExpr::Scheduled(_)
            | MetricExpr::ScheduledOver(..)
            | MetricExpr::Baseline(_)
            | MetricExpr::ClauseValue
            | MetricExpr::ClauseTarget => (None, None, None),
        };
        [a, b, c].into_iter().flatten()
    }

    /// Calls `f` with every metric this expression uses directly for the
    /// same month (`baseline(m)` is not such a use: it is a value of other
    /// months, known before).
    pub fn each_metric(&self, f: &mut impl FnMut(MetricId)) {
        match self {
            MetricExpr::Metric(id) => f(*id),
            _ => self.children().for_each(|x| x.each_metric(f)),
        }
    }

    /// Calls `visit` with every aggregate and `scheduled` this expression
    /// reads, through the metrics it uses (`metric` looks them up), but not
    /// through `baseline(..)`, whose values are monthly means. A depth-first
    /// walk in source order with its own stack that enters each metric once,
    /// so a long or much-shared chain of metrics costs neither stack nor
    /// repeated work.
    pub fn for_each_read<'e>(
        &'e self,
        metric: &dyn Fn(MetricId) -> Option<&'e MetricExpr>,
        visit: &mut dyn FnMut(&'e MetricExpr),
    ) {
        let mut entered = std::collections::HashSet::new();
        let mut stack = vec![self];
        while let Some(expr) = stack.pop() {
            match expr {
                MetricExpr::Aggregate(_) | MetricExpr::Scheduled(_) | MetricExpr::ScheduledOver(..) => visit(expr),
                MetricExpr::Metric(id) => {
                    if entered.insert(*id) {
                        stack.extend(metric(*id));
                    }
                }
                _ => stack.extend(expr.children().rev()),
            }
        }
    }
}

/// The aggregate functions of §6.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFunc {
    /// `count(D [where C])`.
    Count,
    /// `percent(D [where C] meeting M)`.
    Percent,
    /// `sum(E of D)`.
    Sum,
    /// `mean(E of D)`.
    Mean,
    /// `median(E of D)`.
    Median,
    /// `min(E of D)`.
    Min,
    /// `max(E of D)`.
    Max,
    /// `percentile(P, E of D)`, nearest rank.
    Percentile,
    /// `distinct(E of D)`.
    Distinct,
}

impl AggFunc {
    /// The function's name in the language.
    pub fn name(self) -> &'static str {
        match self {
            AggFunc::Count => "count",
            AggFunc::Percent => "percent",
            AggFunc::Sum => "sum",
            AggFunc::Mean => "mean",
            AggFunc::Median => "median",
            AggFunc::Min => "min",
            AggFunc::Max => "max",
            AggFunc::Percentile => "percentile",
            AggFunc::Distinct => "distinct",
        }
    }

    /// Whether the aggregate can be none (and so limits a metric's volume).
    pub fn can_be_none(self) -> bool {
        !matches!(self, AggFunc::Count | AggFunc::Sum | AggFunc::Distinct)
    }
}

/// One aggregate over one dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    /// The function.
    pub func: AggFunc,
    /// The dataset aggregated.
    pub dataset: DatasetId,
    /// `E` in `f(E of D)`.
    pub value: Option<RowExpr>,
    /// `P` in `percentile(P, …)`, 0–100.
    pub percentile: Option<Decimal>,
    /// `where C`.
    pub filter: Option<RowExpr>,
    /// `meeting M` (percent only).
    pub meeting: Option<RowExpr>,
    /// The result type.
    pub ty: Type,
    /// The aggregate as written, for explanations.
    pub text: String,
    /// `over N months`: the rows of the N months ending with the month
    /// settled (§6); `None` for the month alone.
    pub over: Option<u32>,
}

/// Row functions (§6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowFunc {
    /// `coalesce(a, b)`.
    Coalesce,
    /// `lower(text)`.
    Lower,
    /// `contains(text, "s")`.
    Contains,
    /// `date(ts)`.
    Date,
    /// `hour(ts)`.
    Hour,
    /// `weekday(ts)`: 1 = Monday … 7 = Sunday.
    Weekday,
}

/// An expression over the columns of one row.
#[derive(Clone, Debug, PartialEq)]
pub enum RowExpr {
    /// A literal value.
    Literal(Value),
    /// The cell of a column (index into the dataset's columns).
    Column(usize),
    /// Unary minus.
    Neg(Box<RowExpr>),
    /// `not x`.
    Not(Box<RowExpr>),
    /// Arithmetic.
    Arith {
        /// The operator.
        op: ArithOp,
        /// Left operand.
        lhs: Box<RowExpr>,
        /// Right operand.
        rhs: Box<RowExpr>,
        /// The result type.
        ty: Type,
    },
    /// A comparison, three-valued.
    Compare {
        /// The operator.
        op: CmpOp,
        /// Left operand.
        lhs: Box<RowExpr>,
        /// Right operand.
        rhs: Box<RowExpr>,
    },
    /// `a and b`, three-valued.
    And(Box<RowExpr>, Box<RowExpr>),
    /// `a or b`, three-valued.
    Or(Box<RowExpr>, Box<RowExpr>),
    /// `x in [..]`.
    In(Box<RowExpr>, Vec<Value>),
    /// `business_time(START, END, CAL)`.
    BusinessTime(Box<RowExpr>, Box<RowExpr>, CalendarId),
    /// `overlap(START, END, CAL)`.
    Overlap(Box<RowExpr>, Box<RowExpr>, CalendarId),
    /// A row function.
    Call(RowFunc, Vec<RowExpr>),
}
