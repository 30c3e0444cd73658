//! Clauses, escalations and gains (LANGUAGE.md §7).

use super::{CalendarId, MetricExpr, MetricId};
use crate::syntax::ast::{BandSide, ClauseKind, CmpOp};
use crate::value::Percent;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Which way is better for a clause's metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `>=` or `>`: higher is better.
    HigherIsBetter,
    /// `<=` or `<`: lower is better.
    LowerIsBetter,
}

/// `OP VALUE` with the value in the metric's unit (percent as 95, durations
/// in seconds, money as its amount).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold {
    /// `>=`, `>`, `<=` or `<`.
    pub op: CmpOp,
    /// The value.
    pub value: Decimal,
}

impl Threshold {
    /// Whether `value` satisfies the threshold.
    pub fn holds(self, value: Decimal) -> bool {
        match self.op {
            CmpOp::Ge => value >= self.value,
            CmpOp::Gt => value > self.value,
            CmpOp::Le => value <= self.value,
            CmpOp::Lt => value < self.value,
            CmpOp::Eq => value == self.value,
            CmpOp::Ne => value != self.value,
        }
    }
}

/// How a clause's target is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetRule {
    /// A fixed threshold.
    Fixed(Threshold),
    /// `OP baseline ± STEP [reviewed every N months [ratchet]]` (§7.4).
    Baseline {
        /// The operator.
        op: CmpOp,
        /// The signed step added to the base.
        step: Decimal,
        /// Months per review period; `None` keeps base B for the whole term.
        review_months: Option<u32>,
        /// Whether a target may never be less strict than the one before.
        ratchet: bool,
    },
}

impl TargetRule {
    /// The operator of the target.
    pub fn op(&self) -> CmpOp {
        match self {
            TargetRule::Fixed(t) => t.op,
            TargetRule::Baseline { op, .. } => *op,
        }
    }
}

/// The level of a band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BandLevel {
    /// A fixed value in the metric's unit.
    Value(Decimal),
    /// The target in force plus this offset.
    Target(Decimal),
}

/// What a band pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BandAmount {
    /// A fixed amount in the contract currency.
    Money(Decimal),
    /// A share of the monthly fee.
    OfFee(Percent),
}

/// `below|above LEVEL : AMOUNT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    /// `below` or `above`.
    pub side: BandSide,
    /// The level.
    pub level: BandLevel,
    /// What it pays.
    pub amount: BandAmount,
}

/// `below|above LEVEL : N` of a `points` regime (§7.2b).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PointsBand {
    /// `below` or `above`.
    pub side: BandSide,
    /// The level.
    pub level: BandLevel,
    /// The service points the band gives.
    pub points: u32,
}

/// How a clause's credit is computed: one regime per clause (§7.2).
#[derive(Clone, Debug, PartialEq)]
pub enum CreditRule {
    /// No credit.
    None,
    /// `allocation P%`: a failed month creates `at_risk × fee × P`.
    Allocation(Percent),
    /// Credit bands: the worst band reached.
    Bands(Vec<Band>),
    /// `credit MONEY-EXPR` (§7.2a): the expression, in missed or failed months.
    Expression(MetricExpr),
    /// `points { … }` (§7.2b): the worst band's points × the contract's `point_value`.
    Points(Vec<PointsBand>),
}

/// How a clause's bonus is computed (§7.6).
#[derive(Clone, Debug, PartialEq)]
pub enum BonusRule {
    /// Bonus bands: the best band reached in a met month (none: no bonus).
    Bands(Vec<Band>),
    /// `bonus MONEY-EXPR`: the expression, in met months.
    Expression(MetricExpr),
}

impl BonusRule {
    /// Whether the clause can never pay a bonus.
    pub fn is_empty(&self) -> bool {
        matches!(self, BonusRule::Bands(b) if b.is_empty())
    }
}

/// The status a `when` condition looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusTest {
    /// `missed`: missed or failed.
    Missed,
    /// `failed`.
    Failed,
    /// `met`.
    Met,
    /// `value OP LEVEL` (§7.1 v2): a measured month whose value satisfies it.
    Value(ValueTest),
}

/// `value OP LEVEL` of a `when` rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueTest {
    /// `<`, `<=`, `>` or `>=`.
    pub op: CmpOp,
    /// The level, fixed or relative to the target in force.
    pub level: BandLevel,
}

/// The months a condition looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// This month.
    ThisMonth,
    /// This month and the N−1 before it.
    Consecutive(u32),
    /// At least N of the last M months.
    OfLast(u32, u32),
}

/// A `when` condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The status looked for.
    pub test: StatusTest,
    /// Over which months.
    pub window: Window,
    /// As written (`missed 3 consecutive months`), for outputs.
    pub text: String,
}

/// An action of a `when` rule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// `escalate level K`.
    Escalate(u32),
    /// `credit x F`.
    CreditMultiplier(Decimal),
    /// `points x F` (F whole, at least 1).
    PointsMultiplier(u32),
    /// `chronic failure`.
    ChronicFailure,
}

/// `when CONDITION ACTIONS`.
#[derive(Clone, Debug, PartialEq)]
pub struct WhenRule {
    /// The condition.
    pub condition: Condition,
    /// The actions.
    pub actions: Vec<Action>,
}

/// A checked `sla` or `xla` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// `sla` or `xla`.
    pub kind: ClauseKind,
    /// The clause id.
    pub id: String,
    /// The title (the id if none was given).
    pub title: String,
    /// The metric measured.
    pub metric: MetricId,
    /// Which way is better.
    pub direction: Direction,
    /// The target.
    pub target: TargetRule,
    /// The minimum, if given.
    pub minimum: Option<Threshold>,
    /// First day of the month the clause applies from.
    pub from: Option<NaiveDate>,
    /// Least volume for the month to be measured (default 1).
    pub min_volume: u64,
    /// How credits are computed.
    pub credit: CreditRule,
    /// How bonuses are computed.
    pub bonus: BonusRule,
    /// Months of the baseline window.
    pub baseline_months: Option<u32>,
    /// `when` rules, in order.
    pub rules: Vec<WhenRule>,
    /// `earnback after N consecutive months met`.
    pub earnback_after: Option<u32>,
    /// The doc comment.
    pub doc: Option<String>,
}

/// One level of the escalation ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscalationLevel {
    /// The level number (1, 2, …).
    pub number: u32,
    /// Who handles it.
    pub role: String,
    /// Business days after month end by which it is due.
    pub within_days: u32,
}

/// The escalation ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Escalation {
    /// The calendar business days are counted on.
    pub calendar: CalendarId,
    /// The levels, by number.
    pub levels: Vec<EscalationLevel>,
}

/// A checked `gain`.
#[derive(Clone, Debug, PartialEq)]
pub struct Gain {
    /// The gain id.
    pub id: String,
    /// The title (the id if none was given).
    pub title: String,
    /// Months of the baseline window.
    pub baseline_months: Option<u32>,
    /// The money value, before the share.
    pub value: MetricExpr,
    /// The share paid to the provider.
    pub share: Percent,
}
