//! `sla` and `xla` clauses (LANGUAGE.md §7): metric, target, minimum,
//! months, money; every field is checked even when others are wrong, so one
//! mistake does not hide the next.

use super::metric::MetricInfo;
use super::names::Unknown;
use super::scope::ValueKind;
use super::{Checker, Symbol};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, CreditRule, Direction, MetricId, TargetRule, Threshold};
use crate::source::Span;
use crate::syntax::ast::{self, ClauseField, ClauseFieldKind, CmpOp, Comparison, LitKind, Sign, Target, TargetValue};
use crate::value::Type;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// What the checks of one clause need to know about its metric.
pub(super) struct ClauseMetric {
    /// The metric's id, once it checked without error.
    pub(super) id: Option<MetricId>,
    /// Its unit, if known.
    pub(super) ty: Option<Type>,
    /// The name as written (empty without a `metric` field).
    pub(super) name: String,
    /// Facts about it, if it checked.
    info: Option<MetricInfo>,
    /// Where the clause names it.
    span: Option<Span>,
}

impl Checker<'_> {
    /// Checks every clause, then that allocations fit in the pool.
    pub(super) fn check_clauses(&mut self, escalation: Option<&ir::Escalation>) -> Vec<ir::Clause> {
        let entries = self.scope.clauses.clone();
        let mut clauses = Vec::new();
        let mut allocations: Vec<(Span, Decimal)> = Vec::new();
        for entry in entries {
            if let Some(clause) = self.check_clause(entry.node, entry.doc, escalation, &mut allocations) {
                clauses.push(clause);
            }
        }
        self.check_pool(&allocations);
        self.warn_unused_point_value(&clauses);
        clauses
    }

    fn check_pool(&mut self, allocations: &[(Span, Decimal)]) {
        let Some(pool) = self.facts.pool.map(|p| p.0) else {
            return;
        };
        // A sum too large for a decimal is certainly over the pool.
        let total = allocations.iter().try_fold(Decimal::ZERO, |sum, (_, p)| sum.checked_add(*p));
        let Some(((last, _), earlier)) = allocations.split_last().filter(|_| total.is_none_or(|t| t > pool)) else {
            return;
        };
        let total = total.map_or_else(String::new, |t| format!(" {}%,", crate::value::canonical(t)));
        let pool_span =
            self.scope.contract.and_then(|c| c.node.fields.iter().find(|f| f.key.name == "pool")).map(|f| f.value.span);
        let mut d = Diagnostic::new(
            Code::PoolExceeded,
            *last,
            format!("allocations add up to{total} more than the pool of {}%", crate::value::canonical(pool)),
        )
        .with_label("the allocations pass the pool here")
        .with_help("lower the allocations, or raise `pool` in the contract (it defaults to 100%)");
        for (span, p) in earlier {
            d = d.with_secondary(*span, format!("{}%", crate::value::canonical(*p)));
        }
        if let Some(span) = pool_span {
            d = d.with_secondary(span, "the pool");
        }
        self.report(d);
    }

    fn check_clause(
        &mut self,
        node: &ast::Clause,
        doc: Option<&str>,
        escalation: Option<&ir::Escalation>,
        allocations: &mut Vec<(Span, Decimal)>,
    ) -> Option<ir::Clause> {
        let mut ok = self.no_duplicate_fields(node);
        let find = |name: &str| node.fields.iter().find(|f| field_name(&f.kind) == name);
        let metric = self.clause_metric(node, find("metric"));
        ok &= metric.id.is_some();
        let target = match find("target").map(|f| &f.kind) {
            Some(ClauseFieldKind::Target(target)) => Some(target),
            _ => {
                self.report(
                    Diagnostic::new(
                        Code::MissingField,
                        node.id.span,
                        format!("clause `{}` has no target", node.id.name),
                    )
                    .with_label("no `target`")
                    .with_help(
                        "add a target such as `target >= 95%` (higher is better) or `target <= 4h` (lower is better)",
                    ),
                );
                None
            }
        };
        let direction = target.and_then(|t| self.direction(t.op, t.op_span));
        ok &= direction.is_some();

        let (from, months) = self.clause_months(find("from"));
        ok &= months.is_some() || self.facts.term.is_none();
        let baseline_months = match find("baseline").map(|f| &f.kind) {
            Some(ClauseFieldKind::Baseline(n)) => {
                ok &= self.window_length(n, months, "baseline window", true);
                Some(n.value)
            }
            _ => None,
        };
        let target_rule = target.and_then(|t| self.target_rule(node, t, &metric, baseline_months, months));
        ok &= target_rule.is_some();
        if let (Some(info), None, Some(span)) = (&metric.info, baseline_months, metric.span) {
            if info.uses_baseline {
                self.report(
                    Diagnostic::new(
                        Code::NoBaseline,
                        span,
                        format!(
                            "metric `{}` uses `baseline(..)`, but clause `{}` has no baseline window",
                            metric.name, node.id.name
                        ),
                    )
                    .with_label("needs a baseline window")
                    .with_help("add `baseline first N months` to the clause"),
                );
                ok = false;
            }
        }
        let minimum = match (find("minimum").map(|f| &f.kind), target) {
            (Some(ClauseFieldKind::Minimum(cmp)), Some(target)) => {
                let minimum = self.minimum(cmp, target, direction, target_rule.as_ref(), &metric);
                ok &= minimum.is_some();
                minimum
            }
            _ => None,
        };
        let min_volume = match find("min_volume") {
            Some(field @ ClauseField { kind: ClauseFieldKind::MinVolume(n), .. }) => {
                if metric.info.as_ref().is_some_and(|i| i.always_measured) {
                    self.report(
                        Diagnostic::new(Code::VolumeAlwaysMeasured, field.span, format!("metric `{}` is always measured, so `min_volume` has no effect", metric.name))
                            .with_label("never applies")
                            .with_help("`min_volume` counts the rows behind `percent`, `mean`, `median`, `min`, `max` or `percentile`; a metric made only of `count`, `sum` or `distinct` always has a value. Remove `min_volume`."),
                    );
                    ok = false;
                }
                u64::from(n.value)
            }
            _ => 1,
        };
        let money = self.clause_money(node, &find, direction, &metric, allocations);
        ok &= money.is_some();
        let rules = self.when_rules(&node.fields, escalation, &metric.name, metric.ty.as_ref());
        ok &= rules.is_some();
        let earnback_after = match find("earnback").map(|f| &f.kind) {
            Some(ClauseFieldKind::Earnback(n)) => {
                let months = self.earnback(n);
                ok &= months.is_some();
                months
            }
            _ => None,
        };
        let (credit, bonus) = money?;
        if credit == CreditRule::None && bonus.is_empty() && ok {
            self.report(
                Diagnostic::new(Code::NeverPays, node.id.span, format!("clause `{}` can never pay: it has no allocation, no credit bands and no bonus", node.id.name))
                    .with_label("pays nothing")
                    .with_help("that is allowed (its status is still reported and can escalate); add `allocation P%` or `credit { … }` if a miss should cost the provider"),
            );
        }
        if !ok {
            return None;
        }
        Some(ir::Clause {
            kind: node.kind,
            id: node.id.name.clone(),
            title: node.title.as_ref().map_or_else(|| node.id.name.clone(), |t| t.value.clone()),
            metric: metric.id?,
            direction: direction?,
            target: target_rule?,
            minimum,
            from,
            min_volume,
            credit,
            bonus,
            baseline_months,
            rules: rules?,
            earnback_after,
            doc: doc.map(str::to_string),
        })
    }

    /// Reports fields given twice (`when` may repeat); false if any is.
    fn no_duplicate_fields(&mut self, node: &ast::Clause) -> bool {
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        let mut ok = true;
        for field in &node.fields {
            let name = field_name(&field.kind);
            if name == "when" {
                continue;
            }
            match seen.iter().find(|(n, _)| *n == name) {
                Some((_, first)) => {
                    let first = *first;
                    self.report(
                        Diagnostic::new(
                            Code::DuplicateField,
                            field.keyword,
                            format!("`{name}` is given twice in clause `{}`", node.id.name),
                        )
                        .with_label("second time")
                        .with_secondary(first, "first given here")
                        .with_help("keep one of them"),
                    );
                    ok = false;
                }
                None => seen.push((name, field.keyword)),
            }
        }
        ok
    }

    /// Resolves the clause's `metric` field.
    fn clause_metric(&mut self, node: &ast::Clause, field: Option<&ClauseField>) -> ClauseMetric {
        let mut facts = ClauseMetric { id: None, ty: None, name: String::new(), info: None, span: None };
        let Some(ClauseFieldKind::Metric(ident)) = field.map(|f| &f.kind) else {
            self.report(
                Diagnostic::new(
                    Code::MissingField,
                    node.id.span,
                    format!("clause `{}` does not say which metric it measures", node.id.name),
                )
                .with_label("no `metric`")
                .with_help("add `metric NAME` naming one of the contract's metrics"),
            );
            return facts;
        };
        facts.name = ident.name.clone();
        facts.span = Some(ident.span);
        match self.scope.values.get(ident.name.as_str()).map(|(k, _)| *k) {
            Some(ValueKind::Metric) => {
                self.index.refer(ident.span, Symbol::Metric(ident.name.clone()));
                if let Some((id, info)) = self.metric_info(&ident.name, ident.span) {
                    facts.id = Some(id);
                    facts.ty = Some(info.ty.clone());
                    facts.info = Some(info);
                }
            }
            Some(other) => self.report(
                Diagnostic::new(
                    Code::UnknownName,
                    ident.span,
                    format!("`{}` is a {}, not a metric", ident.name, other.noun()),
                )
                .with_label("not a metric")
                .with_help("a clause measures a metric: declare one with `metric NAME = …` and name it here"),
            ),
            None => {
                let names: Vec<String> = self.scope.metrics.iter().map(|m| m.node.name.name.clone()).collect();
                self.unknown(ident, Unknown::Metric, names.iter().map(String::as_str));
            }
        }
        facts
    }

    /// The first month of the clause (`from`, as the first of its month) and
    /// how many months of the term it runs; `None` months if `from` is after
    /// the term (reported).
    fn clause_months(&mut self, field: Option<&ClauseField>) -> (Option<NaiveDate>, Option<u32>) {
        let from = match field.map(|f| &f.kind) {
            Some(ClauseFieldKind::From(lit)) => match lit.kind {
                LitKind::Date(d) => Some(NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)),
                _ => None,
            },
            _ => None,
        };
        let Some((start, end)) = self.facts.term else {
            return (from, None);
        };
        let first = from.map_or(start, |f| f.max(start));
        if let (Some(f), Some(field)) = (from, field) {
            if f > end {
                self.report(
                    Diagnostic::new(Code::FieldValue, field.span, "the clause would start after the contract ends")
                        .with_label("after the term")
                        .with_help(format!("`from` must be a date within the term ({start} to {end})")),
                );
                return (from, None);
            }
        }
        let months = (end.year() - first.year()) * 12 + end.month() as i32 - first.month() as i32 + 1;
        (from, u32::try_from(months).ok())
    }

    /// The target, fixed or from a baseline.
    fn target_rule(
        &mut self,
        node: &ast::Clause,
        target: &Target,
        metric: &ClauseMetric,
        baseline_months: Option<u32>,
        months: Option<u32>,
    ) -> Option<TargetRule> {
        let ty = metric.ty.as_ref();
        match &target.value {
            TargetValue::Fixed(lit) => {
                let value = self.threshold_value(lit, ty, &metric.name, "target")?;
                Some(TargetRule::Fixed(Threshold { op: target.op, value }))
            }
            TargetValue::Baseline { keyword, step, reviewed_every, ratchet } => {
                let mut ok = true;
                if baseline_months.is_none() {
                    self.report(
                        Diagnostic::new(
                            Code::NoBaseline,
                            *keyword,
                            format!(
                                "clause `{}` sets its target from a baseline but has no baseline window",
                                node.id.name
                            ),
                        )
                        .with_label("baseline of which months?")
                        .with_help("add `baseline first N months` to the clause"),
                    );
                    ok = false;
                }
                let written = step;
                let step = match step {
                    Some((sign, lit)) => {
                        self.offset_value(lit, ty, &metric.name).map(|v| if *sign == Sign::Minus { -v } else { v })
                    }
                    None => Some(Decimal::ZERO),
                };
                if let (Some(v), Some((_, lit))) = (step, written) {
                    self.lenient_step(target.op, v, lit.span);
                }
                if let Some(n) = reviewed_every {
                    ok &= self.window_length(n, months, "review period", true);
                }
                let step = step.filter(|_| ok)?;
                Some(TargetRule::Baseline {
                    op: target.op,
                    step,
                    review_months: reviewed_every.map(|n| n.value),
                    ratchet: *ratchet,
                })
            }
        }
    }

    /// §7.4 (clarified): the sign of `baseline ± STEP` is the one written;
    /// warn when it makes the target less strict than the base.
    fn lenient_step(&mut self, op: CmpOp, step: Decimal, span: Span) {
        let (lenient, better) = match op {
            CmpOp::Ge | CmpOp::Gt => (step.is_sign_negative() && !step.is_zero(), "higher"),
            CmpOp::Le | CmpOp::Lt => (step.is_sign_positive() && !step.is_zero(), "lower"),
            CmpOp::Eq | CmpOp::Ne => return,
        };
        if !lenient {
            return;
        }
        let (wrote, stricter) = if better == "higher" { ("-", "+") } else { ("+", "-") };
        self.report(
            Diagnostic::new(
                Code::LenientBaselineStep,
                span,
                format!("`baseline {wrote} …` makes the target less strict than the base, where {better} is better"),
            )
            .with_label("the target lets the metric get worse than the base")
            .with_help(format!(
                "the sign is applied as written; write `baseline {stricter} …` if the target should improve on the base"
            )),
        );
    }

    /// The minimum: same direction as the target, no stricter than it.
    fn minimum(
        &mut self,
        cmp: &Comparison,
        target: &Target,
        direction: Option<Direction>,
        target_rule: Option<&TargetRule>,
        metric: &ClauseMetric,
    ) -> Option<Threshold> {
        let min_direction = self.direction(cmp.op, cmp.op_span);
        let value = self.threshold_value(&cmp.value, metric.ty.as_ref(), &metric.name, "minimum");
        let (min_direction, value, direction) = (min_direction?, value?, direction?);
        if min_direction != direction {
            self.report(
                Diagnostic::new(Code::MinimumTarget, cmp.op_span, "the minimum points the other way from the target")
                    .with_label(format!("`{}` here", cmp.op.as_str()))
                    .with_secondary(target.op_span, format!("target uses `{}`", target.op.as_str()))
                    .with_help("a minimum is the floor below the target: use the same direction (`>=`/`>` for higher is better, `<=`/`<` for lower is better)"),
            );
            return None;
        }
        if let Some(TargetRule::Fixed(t)) = target_rule {
            let strict = |op: CmpOp| matches!(op, CmpOp::Gt | CmpOp::Lt);
            let stricter = match direction {
                Direction::HigherIsBetter => value > t.value,
                Direction::LowerIsBetter => value < t.value,
            } || (value == t.value && strict(cmp.op) && !strict(t.op));
            if stricter {
                self.report(
                    Diagnostic::new(Code::MinimumTarget, cmp.value.span, "the minimum is stricter than the target")
                        .with_label("minimum")
                        .with_secondary(target.op_span.to(target_value_span(target)), "target")
                        .with_help("the minimum is the level below which a miss becomes a failure, so it must be no stricter than the target"),
                );
                return None;
            }
        }
        Some(Threshold { op: cmp.op, value })
    }
}

fn target_value_span(target: &Target) -> Span {
    match &target.value {
        TargetValue::Fixed(lit) => lit.span,
        TargetValue::Baseline { keyword, .. } => *keyword,
    }
}

fn field_name(kind: &ClauseFieldKind) -> &'static str {
    match kind {
        ClauseFieldKind::Metric(_) => "metric",
        ClauseFieldKind::Target(_) => "target",
        ClauseFieldKind::Minimum(_) => "minimum",
        ClauseFieldKind::From(_) => "from",
        ClauseFieldKind::MinVolume(_) => "min_volume",
        ClauseFieldKind::Allocation(_) => "allocation",
        ClauseFieldKind::Credit(_) | ClauseFieldKind::CreditExpr(_) => "credit",
        ClauseFieldKind::Bonus(_) | ClauseFieldKind::BonusExpr(_) => "bonus",
        ClauseFieldKind::Points(_) => "points",
        ClauseFieldKind::Baseline(_) => "baseline",
        ClauseFieldKind::When { .. } | ClauseFieldKind::WhenValue { .. } => "when",
        ClauseFieldKind::Earnback(_) => "earnback",
    }
}
