//! Metrics: checked on demand in dependency order, so that cycles are found
//! and every metric comes after the metrics it uses.

use super::expr::Uses;
use super::words::a;
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
    /// The metrics being checked, each with where the one before it uses it.
    in_progress: Vec<(String, Span)>,
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
    /// Checks every metric: first those that reach no cycle, each after the
    /// metrics it uses (so checking one never recurses into another, however
    /// long the chain), then the rest in file order, so that a cycle is
    /// reported from the first of its metrics in the file.
    pub(super) fn check_metrics(&mut self) {
        let names: Vec<(String, Span)> =
            self.scope.metrics.iter().map(|m| (m.node.name.name.clone(), m.node.name.span)).collect();
        for index in self.acyclic_dependency_order() {
            let (name, span) = &names[index];
            self.metric_info(name, *span);
        }
        for (name, span) in &names {
            self.metric_info(name, *span);
        }
    }

    /// The metrics (as indices into `scope.metrics`) that reach no cycle,
    /// each after the metrics it names; found by an iterative depth-first
    /// search, so a chain of any length costs no stack.
    fn acyclic_dependency_order(&self) -> Vec<usize> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            Open,
            Done,
        }
        let uses: Vec<Vec<usize>> = self
            .scope
            .metrics
            .iter()
            .map(|m| {
                let mut used = Vec::new();
                m.node.expr.each_name(&mut |ident| used.extend(self.scope.metric_by_name.get(ident.name.as_str())));
                used
            })
            .collect();
        let mut state = vec![State::New; uses.len()];
        let mut reaches_cycle = vec![false; uses.len()];
        let mut order = Vec::with_capacity(uses.len());
        for root in 0..uses.len() {
            if state[root] != State::New {
                continue;
            }
            state[root] = State::Open;
            let mut stack = vec![(root, 0)];
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&used) = uses[node].get(*next) {
                    *next += 1;
                    match state[used] {
                        State::New => {
                            state[used] = State::Open;
                            stack.push((used, 0));
                        }
                        State::Open => reaches_cycle[node] = true,
                        State::Done => reaches_cycle[node] |= reaches_cycle[used],
                    }
                } else {
                    state[node] = State::Done;
                    stack.pop();
                    if let Some(&(parent, _)) = stack.last() {
                        reaches_cycle[parent] |= reaches_cycle[node];
                    }
                    if !reaches_cycle[node] {
                        order.push(node);
                    }
                }
            }
        }
        order
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
        if let Some(pos) = self.metrics.in_progress.iter().position(|(n, _)| n == name) {
            let cycle = &self.metrics.in_progress[pos..];
            let mut chain: Vec<String> = cycle.iter().map(|(n, _)| format!("`{n}`")).collect();
            chain.push(format!("`{name}`"));
            let closing = cycle.last().map_or(name, |(n, _)| n.as_str());
            let mut d = Diagnostic::new(
                Code::MetricCycle,
                used_at,
                format!("metric `{name}` depends on itself: {}", chain.join(" → ")),
            )
            .with_label(format!("`{closing}` uses `{name}` here, closing the cycle"))
            .with_help("a metric cannot be defined in terms of itself; define one of them directly from aggregates");
            for pair in cycle.windows(2) {
                d = d.with_secondary(pair[1].1, format!("`{}` uses `{}` here", pair[0].0, pair[1].0));
            }
            self.report(d);
            return None;
        }
        let entry = self.scope.metrics[*self.scope.metric_by_name.get(name)?];
        self.metrics.in_progress.push((name.to_string(), used_at));
        let mut uses = Uses::default();
        // A metric's definition never sees a clause's `value` or `target`.
        let clause_context = self.money_expr.take();
        let checked = self.metric_expr(&entry.node.expr, &mut uses);
        self.money_expr = clause_context;
        self.metrics.in_progress.pop();
        let result = checked.and_then(|(expr, ty)| {
            if matches!(ty, Type::Number | Type::Count | Type::Percent | Type::Duration | Type::Money(_)) {
                Some((expr, ty))
            } else {
                self.report(
                    Diagnostic::new(Code::TypeMismatch, entry.node.expr.span, format!("a metric must be a number, count, percent, duration or money, but this is {}", a(&ty)))
                        .with_label(a(&ty))
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
