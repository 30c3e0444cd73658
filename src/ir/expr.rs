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
            | MetricExpr::Baseline(_) => self.clone(),
        }
    }
}

impl MetricExpr {
    /// Calls `f` with every metric this expression uses directly for the
    /// same month (`baseline(m)` is not such a use: it is a value of other
    /// months, known before).
    pub fn each_metric(&self, f: &mut impl FnMut(MetricId)) {
        match self {
            MetricExpr::Metric(id) => f(*id),
            MetricExpr::Neg(x) | MetricExpr::Floor(x) | MetricExpr::Ceil(x) => x.each_metric(f),
            MetricExpr::Arith { lhs, rhs, .. } | MetricExpr::Min(lhs, rhs) | MetricExpr::Max(lhs, rhs) => {
                lhs.each_metric(f);
                rhs.each_metric(f);
            }
            MetricExpr::Clamp(a, b, c) => {
                a.each_metric(f);
                b.each_metric(f);
                c.each_metric(f);
            }
            MetricExpr::Literal(_)
            | MetricExpr::Aggregate(_)
            | MetricExpr::Scheduled(_)
            | MetricExpr::Baseline(_)
            | MetricExpr::ClauseValue
            | MetricExpr::ClauseTarget => {}
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
