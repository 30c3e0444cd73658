//! Metrics: checked on demand in dependency order, so that cycles are found
//! and every metric comes after the metrics it uses.

use super::expr::Uses;
use super::{Checker, MetricFacts};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Metric, MetricId};
use crate::source::Span;
use crate::value::Type;
use std::collections::HashMap;

/// What has been learnt about each metric so far.
#[derive(Default)]
pub struct Metrics {
    done: HashMap<String, Option<MetricId>>,
    in_progress: Vec<String>,
    ordered: Vec<Metric>,
}

impl Metrics {
    /// The checked metrics in dependency order, leaving none behind.
    pub fn take_ordered(&mut self) -> Vec<Metric> {
        std::mem::take(&mut self.ordered)
    }

    /// A checked metric by id.
    pub fn get(&self, id: MetricId) -> &Metric {
        &self.ordered[id]
    }
}

/// The type and dependencies of a checked metric.
#[derive(Clone, Debug)]
pub struct MetricInfo {
    /// Its type.
    pub ty: Type,
    /// Whether it is always measured.
    pub always_measured: bool,
    /// Whether it uses `baseline(..)`.
    pub uses_baseline: bool,
}

impl Checker<'_> {
    /// Checks every metric.
    pub(super) fn check_metrics(&mut self) {
        let names: Vec<(String, Span)> =
            self.scope.metrics.iter().map(|m| (m.node.name.name.clone(), m.node.name.span)).collect();
        for (name, span) in names {
            self.metric_info(&name, span);
        }
    }

    /// The id and facts of the metric `name`, checking it first if needed.
    /// `used_at` is where it is referred to, for cycle reports.
    pub(super) fn metric_info(&mut self, name: &str, used_at: Span) -> Option<(MetricId, MetricInfo)> {
        if let Some(done) = self.metrics.done.get(name) {
            let id = (*done)?;
            let m = self.metrics.get(id);
            return Some((
                id,
                MetricInfo { ty: m.ty.clone(), always_measured: m.always_measured, uses_baseline: m.uses_baseline },
            ));
        }
        if let Some(pos) = self.metrics.in_progress.iter().position(|n| n == name) {
            let mut chain: Vec<String> = self.metrics.in_progress[pos..].iter().map(|n| format!("`{n}`")).collect();
            chain.push(format!("`{name}`"));
            self.report(
                Diagnostic::new(
                    Code::MetricCycle,
                    used_at,
                    format!("metric `{name}` depends on itself: {}", chain.join(" → ")),
                )
                .with_label("this use closes the cycle")
                .with_help(
                    "a metric cannot be defined in terms of itself; define one of them directly from aggregates",
                ),
            );
            return None;
        }
        let entry = *self.scope.metrics.iter().find(|m| m.node.name.name == name)?;
        self.metrics.in_progress.push(name.to_string());
        let mut uses = Uses::default();
        let checked = self.metric_expr(&entry.node.expr, &mut uses);
        self.metrics.in_progress.pop();
        let result = checked.and_then(|(expr, ty)| {
            if matches!(ty, Type::Number | Type::Count | Type::Percent | Type::Duration | Type::Money(_)) {
                Some((expr, ty))
            } else {
                self.report(
                    Diagnostic::new(Code::TypeMismatch, entry.node.expr.span, format!("a metric must be a number, count, percent, duration or money, but this is a {ty}"))
                        .with_label(format!("a {ty}"))
                        .with_help("metrics measure a month: aggregate the rows, as in `percent(tickets meeting …)` or `mean(score of surveys)`"),
                );
                None
            }
        });
        let id = result.map(|(expr, ty)| {
            let facts = MetricFacts { ty: ty.clone(), always_measured: uses.always_measured };
            self.index.record_metric(name, facts);
            self.metrics.ordered.push(Metric {
                name: name.to_string(),
                ty,
                expr,
                always_measured: uses.always_measured,
                uses_baseline: uses.uses_baseline,
                doc: entry.doc.map(str::to_string),
            });
            self.metrics.ordered.len() - 1
        });
        self.metrics.done.insert(name.to_string(), id);
        let m = self.metrics.get(id?);
        Some((id?, MetricInfo { ty: m.ty.clone(), always_measured: m.always_measured, uses_baseline: m.uses_baseline }))
    }
}
