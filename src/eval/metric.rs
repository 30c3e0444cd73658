//! Metric values from aggregate values.

use super::arith::{arith, negate};
use super::Evaluation;
use crate::ir::{MetricExpr, MetricId};
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
    ///
    /// The metrics it uses are evaluated first, each once, in dependency
    /// order (the checker numbers every metric after the ones it uses), so
    /// neither the stack depth nor the work grows with how deep or how
    /// shared the chain of metrics is.
    pub fn metric(&self, id: MetricId, month: usize, baseline: &Baseline) -> Result<MetricValue, OutOfRange> {
        let needed = self.dependencies(&MetricExpr::Metric(id));
        let mut values = self.metric_values(month, baseline, |i| needed[i])?;
        values.truncate(id + 1);
        Ok(values.pop().flatten().unwrap_or(MetricValue { value: Value::None, volume: None }))
    }

    /// Which metrics `expr` uses this month, directly or through others, by
    /// id. Found from the highest id down, since a metric only uses metrics
    /// with lower ids.
    fn dependencies(&self, expr: &MetricExpr) -> Vec<bool> {
        let mut needed = vec![false; self.program.metrics.len()];
        expr.each_metric(&mut |used| needed[used] = true);
        for i in (0..needed.len()).rev() {
            if needed[i] {
                self.program.metrics[i].expr.each_metric(&mut |used| needed[used] = true);
            }
        }
        needed
    }

    /// Every metric's value in month `month`, in metric id order.
    pub fn metrics(&self, month: usize, baseline: &Baseline) -> Result<Vec<MetricValue>, OutOfRange> {
        let values = self.metric_values(month, baseline, |_| true)?;
        Ok(values.into_iter().map(|v| v.unwrap_or(MetricValue { value: Value::None, volume: None })).collect())
    }

    /// The metrics for which `wanted` holds, in id order, up to the last
    /// wanted one (the others `None`).
    fn metric_values(
        &self,
        month: usize,
        baseline: &Baseline,
        wanted: impl Fn(MetricId) -> bool,
    ) -> Result<Vec<Option<MetricValue>>, OutOfRange> {
        let count = (0..self.program.metrics.len()).rev().find(|&i| wanted(i)).map_or(0, |last| last + 1);
        let mut values: Vec<Option<MetricValue>> = Vec::with_capacity(count);
        for (i, metric) in self.program.metrics.iter().enumerate().take(count) {
            if !wanted(i) {
                values.push(None);
                continue;
            }
            let value = self.expr_with(&metric.expr, month, baseline, &values)?;
            let mut volume = None;
            self.volume(&metric.expr, month, &values, &mut volume);
            values.push(Some(MetricValue { value, volume }));
        }
        Ok(values)
    }

    /// The value of a metric-level expression in a month, evaluating the
    /// metrics it uses; an error when a figure leaves the decimal range
    /// (§8.2 v2).
    pub fn expr(&self, expr: &MetricExpr, month: usize, baseline: &Baseline) -> Result<Value, OutOfRange> {
        let needed = self.dependencies(expr);
        let values = self.metric_values(month, baseline, |i| needed[i])?;
        self.expr_with(expr, month, baseline, &values)
    }

    /// The value of a metric-level expression in a month, given the values
    /// of the metrics it uses.
    fn expr_with(
        &self,
        expr: &MetricExpr,
        month: usize,
        baseline: &Baseline,
        metrics: &[Option<MetricValue>],
    ) -> Result<Value, OutOfRange> {
        let eval = |e: &MetricExpr| self.expr_with(e, month, baseline, metrics);
        Ok(match expr {
            MetricExpr::Literal(v) => v.clone(),
            MetricExpr::Metric(id) => {
                metrics.get(*id).and_then(|v| v.as_ref()).map_or(Value::None, |v| v.value.clone())
            }
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
            MetricExpr::Floor(x) => match eval(x)? {
                Value::Number(d) => Value::Number(d.floor()),
                _ => Value::None,
            },
            MetricExpr::Ceil(x) => match eval(x)? {
                Value::Number(d) => Value::Number(d.ceil()),
                _ => Value::None,
            },
            MetricExpr::ClauseValue | MetricExpr::ClauseTarget => Value::None,
        })
    }

    /// Lowers `volume` to the smallest population among the aggregates that
    /// can be none that `expr` uses, through the metrics it uses too.
    fn volume(&self, expr: &MetricExpr, month: usize, metrics: &[Option<MetricValue>], volume: &mut Option<u64>) {
        let mut lower = |population: Option<u64>| {
            if let Some(p) = population {
                *volume = Some(volume.map_or(p, |v| v.min(p)));
            }
        };
        match expr {
            MetricExpr::Aggregate(id) => {
                if self.program.aggregates[*id].func.can_be_none() {
                    lower(Some(self.aggregates[*id][month].population));
                }
            }
            MetricExpr::Metric(id) => lower(metrics.get(*id).and_then(|v| v.as_ref()).and_then(|v| v.volume)),
            MetricExpr::Neg(x) | MetricExpr::Floor(x) | MetricExpr::Ceil(x) => self.volume(x, month, metrics, volume),
            MetricExpr::Arith { lhs, rhs, .. } | MetricExpr::Min(lhs, rhs) | MetricExpr::Max(lhs, rhs) => {
                self.volume(lhs, month, metrics, volume);
                self.volume(rhs, month, metrics, volume);
            }
            MetricExpr::Clamp(a, b, c) => {
                self.volume(a, month, metrics, volume);
                self.volume(b, month, metrics, volume);
                self.volume(c, month, metrics, volume);
            }
            MetricExpr::Literal(_)
            | MetricExpr::Scheduled(_)
            | MetricExpr::Baseline(_)
            | MetricExpr::ClauseValue
            | MetricExpr::ClauseTarget => {}
        }
    }
}
