//! Metric values from aggregate values.

use super::arith::{arith, negate};
use super::Evaluation;
use crate::ir::{AggregateId, MetricExpr, MetricId};
use crate::value::{OutOfRange, Value};

/// A metric's value in a month, with its volume.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricValue {
    /// The value, none if not measured.
    pub value: Value,
    /// The smallest population among the aggregates it uses that can be
    /// none; `None` for a metric that is always measured.
    pub volume: Option<u64>,
}

/// What `baseline(m)` is for the clause or gain asking (none without a
/// window, or before it is known); an error when computing it left the
/// decimal range.
pub type Baseline<'b> = dyn Fn(MetricId) -> Result<Value, OutOfRange> + 'b;

impl Evaluation<'_> {
    /// The value of metric `id` in month `month` (an index into the term's
    /// months). `baseline` answers `baseline(m)` for the clause or gain asking
    /// (none when it has no window or the baseline is not yet known). An
    /// error when a figure it is computed from leaves the decimal range.
    pub fn metric(&self, id: MetricId, month: usize, baseline: &Baseline) -> Result<MetricValue, OutOfRange> {
        let metric = &self.program.metrics[id];
        let value = self.expr(&metric.expr, month, baseline)?;
        let mut aggs = Vec::new();
        self.volume_aggregates(&metric.expr, &mut aggs);
        let volume = aggs.iter().map(|&a| self.aggregates[a][month].population).min();
        Ok(MetricValue { value, volume })
    }

    /// The value of a metric-level expression in a month, or an error when
    /// a figure leaves the decimal range (§8.2 v2).
    pub fn expr(&self, expr: &MetricExpr, month: usize, baseline: &Baseline) -> Result<Value, OutOfRange> {
        let eval = |e: &MetricExpr| self.expr(e, month, baseline);
        Ok(match expr {
            MetricExpr::Literal(v) => v.clone(),
            MetricExpr::Metric(id) => self.expr(&self.program.metrics[*id].expr, month, baseline)?,
            MetricExpr::Aggregate(id) => match self.aggregates.get(*id).and_then(|a| a.get(month)) {
                Some(a) if a.out_of_range => return Err(OutOfRange),
                Some(a) => a.value.clone(),
                None => Value::None,
            },
            MetricExpr::Neg(x) => negate(eval(x)?),
            MetricExpr::Arith { op, lhs, rhs, ty } => arith(*op, &eval(lhs)?, &eval(rhs)?, ty)?,
            MetricExpr::Scheduled(cal) => {
                let (from, to) = self.term.windows[month];
                self.program
                    .calendars
                    .get(*cal)
                    .map_or(Value::None, |c| Value::Duration(c.business_time(from, to, self.term.tz).0))
            }
            MetricExpr::Min(a, b) | MetricExpr::Max(a, b) => {
                let (a, b) = (eval(a)?, eval(b)?);
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
                let (x, lo, hi) = (eval(x)?, eval(lo)?, eval(hi)?);
                match (x.decimal(), lo.decimal(), hi.decimal()) {
                    (Some(v), Some(_), Some(h)) if v > h => hi,
                    (Some(v), Some(l), Some(_)) if v < l => lo,
                    (Some(_), Some(_), Some(_)) => x,
                    _ => Value::None,
                }
            }
            MetricExpr::Baseline(id) => baseline(*id)?,
        })
    }

    /// The aggregates that can be none used by `expr`, through metrics too.
    fn volume_aggregates(&self, expr: &MetricExpr, out: &mut Vec<AggregateId>) {
        match expr {
            MetricExpr::Aggregate(id) => {
                if self.program.aggregates[*id].func.can_be_none() && !out.contains(id) {
                    out.push(*id);
                }
            }
            MetricExpr::Metric(id) => self.volume_aggregates(&self.program.metrics[*id].expr, out),
            MetricExpr::Neg(x) => self.volume_aggregates(x, out),
            MetricExpr::Arith { lhs, rhs, .. } | MetricExpr::Min(lhs, rhs) | MetricExpr::Max(lhs, rhs) => {
                self.volume_aggregates(lhs, out);
                self.volume_aggregates(rhs, out);
            }
            MetricExpr::Clamp(a, b, c) => {
                self.volume_aggregates(a, out);
                self.volume_aggregates(b, out);
                self.volume_aggregates(c, out);
            }
            MetricExpr::Literal(_) | MetricExpr::Scheduled(_) | MetricExpr::Baseline(_) => {}
        }
    }
}
