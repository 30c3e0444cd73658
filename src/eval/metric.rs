//! Metric values from aggregate values.

use super::arith::{arith, negate};
use super::window::aggregates_of;
use super::{AggValue, Evaluation, MonthSpan};
use crate::ir::{AggregateId, MetricExpr, MetricId};
use crate::value::Value;

/// A metric's value in a month, with its volume.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricValue {
    /// The value, none if not measured.
    pub value: Value,
    /// The smallest population among the aggregates it uses that can be
    /// none; `None` for a metric that is always measured.
    pub volume: Option<u64>,
}

impl Evaluation<'_> {
    /// The value of metric `id` in month `month` (an index into the term's
    /// months). `baseline` answers `baseline(m)` for the clause or gain asking
    /// (none when it has no window or the baseline is not yet known).
    pub fn metric(&self, id: MetricId, month: usize, baseline: &dyn Fn(MetricId) -> Value) -> MetricValue {
        self.metric_over(id, MonthSpan::month(month), baseline)
    }

    /// The value of metric `id` over the months of `span` (a measurement
    /// period, §7.7): every aggregate over the rows of those months.
    pub fn metric_over(&self, id: MetricId, span: MonthSpan, baseline: &dyn Fn(MetricId) -> Value) -> MetricValue {
        let metric = &self.program.metrics[id];
        let value = self.expr_over(&metric.expr, span, baseline);
        let mut aggs = Vec::new();
        self.volume_aggregates(&metric.expr, &mut aggs);
        let volume = aggs.iter().map(|&a| self.aggregate(a, span).map_or(0, |v| v.population)).min();
        MetricValue { value, volume }
    }

    /// The value of a metric-level expression in a month.
    pub fn expr(&self, expr: &MetricExpr, month: usize, baseline: &dyn Fn(MetricId) -> Value) -> Value {
        self.expr_over(expr, MonthSpan::month(month), baseline)
    }

    /// Aggregate `id` in the context of `span`: over the span, widened to
    /// its own `over` window.
    pub fn aggregate(&self, id: AggregateId, span: MonthSpan) -> Option<&AggValue> {
        let window = span.widened(self.program.aggregates.get(id)?.over);
        if window.is_window() {
            self.windows.get(&(id, window))
        } else {
            self.aggregates.get(id)?.get(window.last)
        }
    }

    /// Working time of calendar `cal` in the months of `span`, within the term.
    fn scheduled(&self, cal: usize, span: MonthSpan) -> Value {
        let (from, to) = self.term.span_window(span);
        self.program
            .calendars
            .get(cal)
            .map_or(Value::None, |c| Value::Duration(c.business_time(from, to, self.term.tz).0))
    }

    /// The value of a metric-level expression over the months of `span`.
    pub fn expr_over(&self, expr: &MetricExpr, span: MonthSpan, baseline: &dyn Fn(MetricId) -> Value) -> Value {
        let eval = |e: &MetricExpr| self.expr_over(e, span, baseline);
        match expr {
            MetricExpr::Literal(v) => v.clone(),
            MetricExpr::Metric(id) => self.expr_over(&self.program.metrics[*id].expr, span, baseline),
            MetricExpr::Aggregate(id) => self.aggregate(*id, span).map_or(Value::None, |a| a.value.clone()),
            MetricExpr::Neg(x) => negate(eval(x)),
            MetricExpr::Arith { op, lhs, rhs, ty } => arith(*op, &eval(lhs), &eval(rhs), ty),
            MetricExpr::Scheduled(cal) => self.scheduled(*cal, span),
            MetricExpr::ScheduledOver(cal, n) => self.scheduled(*cal, span.widened(Some(*n))),
            MetricExpr::Min(a, b) | MetricExpr::Max(a, b) => {
                let (a, b) = (eval(a), eval(b));
                match (a.decimal(), b.decimal()) {
                    (Some(x), Some(y)) => {
                        let pick_a = if matches!(expr, MetricExpr::Min(..)) { x <= y } else { x >= y };
                        if pick_a {
                            a
                        } else {
                            b
                        }
                    }
                    _ => Value::None,
                }
            }
            MetricExpr::Clamp(x, lo, hi) => {
                let (x, lo, hi) = (eval(x), eval(lo), eval(hi));
                match (x.decimal(), lo.decimal(), hi.decimal()) {
                    (Some(v), Some(_), Some(h)) if v > h => hi,
                    (Some(v), Some(l), Some(_)) if v < l => lo,
                    (Some(_), Some(_), Some(_)) => x,
                    _ => Value::None,
                }
            }
            MetricExpr::Baseline(id) => baseline(*id),
        }
    }

    /// The aggregates that can be none used by `expr`, through metrics too.
    fn volume_aggregates(&self, expr: &MetricExpr, out: &mut Vec<AggregateId>) {
        aggregates_of(self.program, expr, out);
        out.retain(|&id| self.program.aggregates[id].func.can_be_none());
    }
}
