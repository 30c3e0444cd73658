//! Clauses, the escalation ladder and gains (LANGUAGE.md §7).

use super::expr::Uses;
use super::{Checker, Symbol};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{
    self, Action, Band, BandAmount, BandLevel, Condition, CreditRule, Direction, StatusTest, TargetRule, Threshold,
    WhenRule, Window,
};
use crate::source::Span;
use crate::syntax::ast::{
    self, ActionKind, Amount, BandSide, ClauseFieldKind, CmpOp, CondStatus, CondWindow, GainFieldKind, LitKind,
    Literal, Sign, TargetValue,
};
use crate::value::{Percent, Type};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

impl Checker<'_> {
    /// Checks the escalation ladder.
    pub(super) fn check_escalation(&mut self) -> Option<ir::Escalation> {
        let entry = self.scope.escalation?;
        let node = entry.node;
        let calendar = match &node.calendar {
            Some(ident) => {
                let expr = ast::Expr { kind: ast::ExprKind::Name(ident.clone()), span: ident.span };
                self.calendar_arg_pub(&expr)?
            }
            None => 0,
        };
        let mut levels = Vec::new();
        let mut previous: Option<&ast::Level> = None;
        for (i, level) in node.levels.iter().enumerate() {
            let expected = i as u32 + 1;
            self.index.define(Symbol::Level(level.number.value), level.number.span);
            if level.number.value != expected {
                self.report(
                    Diagnostic::new(
                        Code::LevelOrder,
                        level.number.span,
                        format!("expected level {expected} here, found level {}", level.number.value),
                    )
                    .with_label(format!("should be {expected}"))
                    .with_help("number escalation levels 1, 2, 3, … in order"),
                );
            }
            if let Some(prev) = previous {
                if level.within.value <= prev.within.value {
                    self.report(
                        Diagnostic::new(
                            Code::LevelOrder,
                            level.within.span,
                            format!(
                                "level {} is due within {} business days, which is not later than level {} ({} days)",
                                level.number.value, level.within.value, prev.number.value, prev.within.value
                            ),
                        )
                        .with_label("not later than the level before")
                        .with_secondary(prev.within.span, "the level before")
                        .with_help("each level must be due strictly later than the one before it"),
                    );
                }
            }
            previous = Some(level);
            levels.push(ir::EscalationLevel {
                number: level.number.value,
                role: level.role.value.clone(),
                within_days: level.within.value,
            });
        }
        Some(ir::Escalation { calendar, levels })
    }

    fn calendar_arg_pub(&mut self, e: &ast::Expr) -> Option<usize> {
        let ast::ExprKind::Name(ident) = &e.kind else {
            return None;
        };
        self.index.refer(ident.span, Symbol::Calendar(ident.name.clone()));
        if let Some(id) = self.calendar_id(&ident.name) {
            return Some(id);
        }
        if !self.scope.values.contains_key(ident.name.as_str()) {
            let names: Vec<String> = std::iter::once("always".to_string())
                .chain(self.scope.calendars.iter().map(|c| c.node.name.name.clone()))
                .collect();
            self.unknown(ident, "calendar", names.iter().map(String::as_str));
        }
        None
    }

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
        clauses
    }

    fn check_pool(&mut self, allocations: &[(Span, Decimal)]) {
        let Some(pool) = self.facts.pool.map(|p| p.0) else {
            return;
        };
        let total: Decimal = allocations.iter().map(|(_, p)| *p).sum();
        if total <= pool {
            return;
        }
        let pool_span =
            self.scope.contract.and_then(|c| c.node.fields.iter().find(|f| f.key.name == "pool")).map(|f| f.value.span);
        let (last, _) = allocations[allocations.len() - 1];
        let mut d = Diagnostic::new(
            Code::PoolExceeded,
            last,
            format!(
                "allocations add up to {}%, more than the pool of {}%",
                crate::value::canonical(total),
                crate::value::canonical(pool)
            ),
        )
        .with_label("the allocations pass the pool here")
        .with_help("lower the allocations, or raise `pool` in the contract (it defaults to 100%)");
        for (span, p) in &allocations[..allocations.len() - 1] {
            d = d.with_secondary(*span, format!("{}%", crate::value::canonical(*p)));
        }
        if let Some(span) = pool_span {
            d = d.with_secondary(span, "the pool");
        }
        self.report(d);
    }

    #[allow(clippy::too_many_lines)]
    fn check_clause(
        &mut self,
        node: &ast::Clause,
        doc: Option<&str>,
        escalation: Option<&ir::Escalation>,
        allocations: &mut Vec<(Span, Decimal)>,
    ) -> Option<ir::Clause> {
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        let mut ok = true;
        for field in &node.fields {
            let name = field_name(&field.kind);
            if name == "when" {
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
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
            } else {
                seen.push((name, field.keyword));
            }
        }
        let find = |name: &str| node.fields.iter().find(|f| field_name(&f.kind) == name);

        // The metric and its type.
        let metric = match find("metric").map(|f| &f.kind) {
            Some(ClauseFieldKind::Metric(ident)) => {
                if self
                    .scope
                    .values
                    .get(ident.name.as_str())
                    .is_some_and(|(k, _)| *k == super::scope::ValueKind::Metric)
                {
                    self.index.refer(ident.span, Symbol::Metric(ident.name.clone()));
                    self.metric_info(&ident.name, ident.span).map(|(id, info)| (id, info, ident))
                } else {
                    let names: Vec<String> = self.scope.metrics.iter().map(|m| m.node.name.name.clone()).collect();
                    self.unknown(ident, "metric", names.iter().map(String::as_str));
                    None
                }
            }
            _ => {
                self.report(
                    Diagnostic::new(
                        Code::MissingField,
                        node.id.span,
                        format!("clause `{}` does not say which metric it measures", node.id.name),
                    )
                    .with_label("no `metric`")
                    .with_help("add `metric NAME` naming one of the contract's metrics"),
                );
                None
            }
        };
        let Some(ClauseFieldKind::Target(target)) = find("target").map(|f| &f.kind) else {
            self.report(
                Diagnostic::new(Code::MissingField, node.id.span, format!("clause `{}` has no target", node.id.name))
                    .with_label("no `target`")
                    .with_help(
                        "add a target such as `target >= 95%` (higher is better) or `target <= 4h` (lower is better)",
                    ),
            );
            return None;
        };
        // Without a usable metric, the checks below still run; those that
        // need the metric's unit are skipped (its own error is reported).
        let metric_name = match find("metric").map(|f| &f.kind) {
            Some(ClauseFieldKind::Metric(ident)) => ident.name.clone(),
            _ => String::new(),
        };
        let ty = metric.as_ref().map(|(_, info, _)| info.ty.clone());
        let always_measured = metric.as_ref().is_some_and(|(_, info, _)| info.always_measured);
        let uses_baseline = metric.as_ref().is_some_and(|(_, info, _)| info.uses_baseline);
        let metric_span = metric.as_ref().map(|(_, _, ident)| ident.span);
        ok &= metric.is_some();
        let direction = self.direction(target.op, target.op_span)?;

        let from = match find("from").map(|f| &f.kind) {
            Some(ClauseFieldKind::From(lit)) => match lit.kind {
                LitKind::Date(d) => Some(NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)),
                _ => None,
            },
            _ => None,
        };
        let term_months = self.term_months();
        let available_months = match (from, self.facts.term) {
            (Some(f), Some((_, end))) => {
                let months = (end.year() - f.year()) * 12 + end.month() as i32 - f.month() as i32 + 1;
                Some(u32::try_from(months).unwrap_or(0))
            }
            _ => term_months,
        };
        if let (Some(f), Some((start, end)), Some(field)) = (from, self.facts.term, find("from")) {
            if f > end {
                self.report(
                    Diagnostic::new(Code::FieldValue, field.span, "the clause would start after the contract ends")
                        .with_label("after the term")
                        .with_help(format!("`from` must be a date within the term ({start} to {end})")),
                );
                ok = false;
            }
        }

        // Baseline window.
        let baseline_months = match find("baseline").map(|f| &f.kind) {
            Some(ClauseFieldKind::Baseline(n)) => {
                ok &= self.window_length(n, available_months, "baseline window");
                Some(n.value)
            }
            _ => None,
        };

        // Target.
        let target_rule = match &target.value {
            TargetValue::Fixed(lit) => {
                let v = self.threshold_value(lit, ty.as_ref(), &metric_name, "target")?;
                TargetRule::Fixed(Threshold { op: target.op, value: v })
            }
            TargetValue::Baseline { keyword, step, reviewed_every, ratchet } => {
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
                let step_value = match step {
                    Some((sign, lit)) => {
                        let v = self.offset_value(lit, ty.as_ref(), &metric_name)?;
                        if *sign == Sign::Minus {
                            -v
                        } else {
                            v
                        }
                    }
                    None => Decimal::ZERO,
                };
                if let Some(n) = reviewed_every {
                    ok &= self.window_length(n, available_months, "review period");
                }
                TargetRule::Baseline {
                    op: target.op,
                    step: step_value,
                    review_months: reviewed_every.map(|n| n.value),
                    ratchet: *ratchet,
                }
            }
        };
        if let (true, None, Some(span)) = (uses_baseline, baseline_months, metric_span) {
            self.report(
                Diagnostic::new(
                    Code::NoBaseline,
                    span,
                    format!(
                        "metric `{metric_name}` uses `baseline(..)`, but clause `{}` has no baseline window",
                        node.id.name
                    ),
                )
                .with_label("needs a baseline window")
                .with_help("add `baseline first N months` to the clause"),
            );
            ok = false;
        }

        // Minimum.
        let minimum = match find("minimum").map(|f| &f.kind) {
            Some(ClauseFieldKind::Minimum(cmp)) => {
                let min_dir = self.direction(cmp.op, cmp.op_span)?;
                let v = self.threshold_value(&cmp.value, ty.as_ref(), &metric_name, "minimum")?;
                if min_dir != direction {
                    self.report(
                        Diagnostic::new(Code::MinimumTarget, cmp.op_span, "the minimum points the other way from the target")
                            .with_label(format!("`{}` here", cmp.op.as_str()))
                            .with_secondary(target.op_span, format!("target uses `{}`", target.op.as_str()))
                            .with_help("a minimum is the floor below the target: use the same direction (`>=`/`>` for higher is better, `<=`/`<` for lower is better)"),
                    );
                    ok = false;
                } else if let TargetRule::Fixed(t) = target_rule {
                    let stricter = match direction {
                        Direction::HigherIsBetter => v > t.value,
                        Direction::LowerIsBetter => v < t.value,
                    };
                    if stricter {
                        self.report(
                            Diagnostic::new(Code::MinimumTarget, cmp.value.span, "the minimum is stricter than the target")
                                .with_label("minimum")
                                .with_secondary(target.op_span, "target")
                                .with_help("the minimum is the level below which a miss becomes a failure, so it must be no stricter than the target"),
                        );
                        ok = false;
                    }
                }
                Some(Threshold { op: cmp.op, value: v })
            }
            _ => None,
        };

        // Volume.
        let min_volume = match find("min_volume") {
            Some(field) => {
                let ClauseFieldKind::MinVolume(n) = &field.kind else { return None };
                if always_measured {
                    self.report(
                        Diagnostic::new(Code::VolumeAlwaysMeasured, field.span, format!("metric `{metric_name}` is always measured, so `min_volume` has no effect"))
                            .with_label("never applies")
                            .with_help("`min_volume` counts the rows behind `percent`, `mean`, `median`, `min`, `max` or `percentile`; a metric made only of `count`, `sum` or `distinct` always has a value. Remove `min_volume`."),
                    );
                    ok = false;
                }
                u64::from(n.value)
            }
            None => 1,
        };

        // Money.
        let allocation = find("allocation").and_then(|f| match &f.kind {
            ClauseFieldKind::Allocation(lit) => match lit.kind {
                LitKind::Percent(p) => Some((lit.span, p)),
                _ => None,
            },
            _ => None,
        });
        let credit_bands = find("credit").and_then(|f| match &f.kind {
            ClauseFieldKind::Credit(b) => Some((f.keyword, b)),
            _ => None,
        });
        let credit = match (allocation, credit_bands) {
            (Some((span, _)), Some((keyword, _))) => {
                self.report(
                    Diagnostic::new(Code::AllocationAndCredit, keyword, format!("clause `{}` has both an allocation and credit bands", node.id.name))
                        .with_label("credit bands")
                        .with_secondary(span, "allocation")
                        .with_help("a clause pays credits one way: either `allocation P%` (a share of the amount at risk on failure) or `credit { … }` bands; remove one"),
                );
                ok = false;
                CreditRule::None
            }
            (Some((span, p)), None) => {
                allocations.push((span, p));
                CreditRule::Allocation(Percent(p))
            }
            (None, Some((_, bands))) => {
                CreditRule::Bands(self.bands(bands, ty.as_ref(), direction, true, &metric_name)?)
            }
            (None, None) => CreditRule::None,
        };
        let bonus = match find("bonus").map(|f| &f.kind) {
            Some(ClauseFieldKind::Bonus(bands)) => self.bands(bands, ty.as_ref(), direction, false, &metric_name)?,
            _ => Vec::new(),
        };
        if credit == CreditRule::None && bonus.is_empty() && ok {
            self.report(
                Diagnostic::new(Code::NeverPays, node.id.span, format!("clause `{}` can never pay: it has no allocation, no credit bands and no bonus", node.id.name))
                    .with_label("reported only")
                    .with_help("that is allowed (its status is still reported and can escalate); add `allocation P%` or `credit { … }` if a miss should cost the provider"),
            );
        }

        // Rules.
        let mut rules = Vec::new();
        for field in &node.fields {
            let ClauseFieldKind::When { condition, actions } = &field.kind else { continue };
            let Some(condition) = self.condition_rule(condition) else {
                ok = false;
                continue;
            };
            let mut out = Vec::new();
            for action in actions {
                match &action.kind {
                    ActionKind::Escalate(level) => {
                        self.index.refer(level.span, Symbol::Level(level.value));
                        match escalation {
                            Some(e) if e.levels.iter().any(|l| l.number == level.value) => {
                                out.push(Action::Escalate(level.value))
                            }
                            Some(e) => {
                                let known =
                                    e.levels.iter().map(|l| l.number.to_string()).collect::<Vec<_>>().join(", ");
                                self.report(
                                    Diagnostic::new(
                                        Code::UnknownLevel,
                                        level.span,
                                        format!("there is no escalation level {}", level.value),
                                    )
                                    .with_label("unknown level")
                                    .with_help(format!("the escalation ladder has levels {known}")),
                                );
                                ok = false;
                            }
                            None => {
                                self.report(
                                    Diagnostic::new(Code::UnknownLevel, level.span, format!("there is no escalation level {}: the contract declares no escalation ladder", level.value))
                                        .with_label("unknown level")
                                        .with_help("declare the levels in an `escalation { level 1 \"Role\" within 5 business days … }` item"),
                                );
                                ok = false;
                            }
                        }
                    }
                    ActionKind::CreditMultiplier(lit) => match lit.kind {
                        LitKind::Number(f) if f > Decimal::ZERO => out.push(Action::CreditMultiplier(f)),
                        _ => {
                            self.report(
                                Diagnostic::new(
                                    Code::FieldValue,
                                    lit.span,
                                    "a credit multiplier is a number greater than zero",
                                )
                                .with_label("not a positive number")
                                .with_help("write it as `credit x 1.5`"),
                            );
                            ok = false;
                        }
                    },
                    ActionKind::ChronicFailure => out.push(Action::ChronicFailure),
                }
            }
            rules.push(WhenRule { condition, actions: out });
        }
        let earnback_after = match find("earnback").map(|f| &f.kind) {
            Some(ClauseFieldKind::Earnback(n)) => {
                if n.value == 0 {
                    self.report(
                        Diagnostic::new(Code::FieldValue, n.span, "earnback needs at least 1 month met")
                            .with_label("zero"),
                    );
                    ok = false;
                }
                Some(n.value)
            }
            _ => None,
        };
        let (metric_id, _, _) = metric?;
        if !ok {
            return None;
        }
        Some(ir::Clause {
            kind: node.kind,
            id: node.id.name.clone(),
            title: node.title.as_ref().map_or_else(|| node.id.name.clone(), |t| t.value.clone()),
            metric: metric_id,
            direction,
            target: target_rule,
            minimum,
            from,
            min_volume,
            credit,
            bonus,
            baseline_months,
            rules,
            earnback_after,
            doc: doc.map(str::to_string),
        })
    }

    fn direction(&mut self, op: CmpOp, span: Span) -> Option<Direction> {
        match op {
            CmpOp::Ge | CmpOp::Gt => Some(Direction::HigherIsBetter),
            CmpOp::Le | CmpOp::Lt => Some(Direction::LowerIsBetter),
            CmpOp::Eq | CmpOp::Ne => {
                self.report(
                    Diagnostic::new(Code::FieldValue, span, format!("`{}` cannot set a target", op.as_str()))
                        .with_label("not a direction")
                        .with_help("use `>=` or `>` when higher is better, `<=` or `<` when lower is better"),
                );
                None
            }
        }
    }

    /// A window (baseline or review period) of `n` months, checked against the term.
    fn window_length(&mut self, n: &ast::Whole, available: Option<u32>, what: &str) -> bool {
        if n.value == 0 {
            self.report(
                Diagnostic::new(Code::FieldValue, n.span, format!("a {what} needs at least one month"))
                    .with_label("zero months"),
            );
            return false;
        }
        if let Some(months) = available {
            if n.value > months {
                self.report(
                    Diagnostic::new(
                        Code::WindowTooLong,
                        n.span,
                        format!("the {what} of {} months is longer than the {months} months the clause runs", n.value),
                    )
                    .with_label("longer than the term")
                    .with_help("shorten it, or check the contract's `start` and `end` (and the clause's `from`)"),
                );
                return false;
            }
        }
        true
    }

    /// A threshold literal in the metric's unit, as a decimal. Without a
    /// known metric type, any numeric literal is taken as it is.
    fn threshold_value(&mut self, lit: &Literal, ty: Option<&Type>, metric: &str, what: &str) -> Option<Decimal> {
        let Some(ty) = ty else {
            return match &lit.kind {
                LitKind::Percent(d) | LitKind::Duration(d) | LitKind::Number(d) | LitKind::Money { amount: d, .. } => {
                    Some(*d)
                }
                _ => None,
            };
        };
        let value = match (&lit.kind, ty) {
            (LitKind::Percent(p), Type::Percent) => {
                if *p < Decimal::ZERO || *p > Decimal::ONE_HUNDRED {
                    self.report(
                        Diagnostic::new(
                            Code::PercentRange,
                            lit.span,
                            format!(
                                "{}% is outside 0–100%, so `{metric}` can never reach it",
                                crate::value::canonical(*p)
                            ),
                        )
                        .with_label("outside 0–100%")
                        .with_help("percent metrics range from 0% to 100%"),
                    );
                }
                Some(*p)
            }
            (LitKind::Duration(d), Type::Duration) => Some(*d),
            (LitKind::Number(n), Type::Number | Type::Count) => Some(*n),
            (LitKind::Money { amount, currency }, Type::Money(_)) => {
                self.money_currency(lit, currency)?;
                Some(*amount)
            }
            _ => None,
        };
        if value.is_none() {
            let example = example_of(ty);
            self.report(
                Diagnostic::new(
                    Code::TypeMismatch,
                    lit.span,
                    format!("the {what} must be in the unit of `{metric}`, which is a {ty}"),
                )
                .with_label(format!("not a {ty}"))
                .with_help(format!("write it as {example}")),
            );
        }
        value
    }

    /// A step or offset literal (`+ 2`, `- 5%`) in the metric's unit.
    fn offset_value(&mut self, lit: &Literal, ty: Option<&Type>, metric: &str) -> Option<Decimal> {
        if let (LitKind::Percent(p), Some(Type::Percent)) = (&lit.kind, ty) {
            return Some(*p);
        }
        self.threshold_value(lit, ty, metric, "step")
    }

    fn bands(
        &mut self,
        bands: &[ast::Band],
        ty: Option<&Type>,
        direction: Direction,
        is_credit: bool,
        metric: &str,
    ) -> Option<Vec<Band>> {
        let expected_side = match (direction, is_credit) {
            (Direction::HigherIsBetter, true) | (Direction::LowerIsBetter, false) => BandSide::Below,
            _ => BandSide::Above,
        };
        let fee = self.facts.fee;
        let mut out: Vec<(Band, &ast::Band, Option<Decimal>)> = Vec::new();
        let mut ok = true;
        for band in bands {
            if band.side != expected_side {
                let (word, want) = match expected_side {
                    BandSide::Below => ("below", "`below`"),
                    BandSide::Above => ("above", "`above`"),
                };
                let kind = if is_credit { "credit" } else { "bonus" };
                let better = if direction == Direction::HigherIsBetter { "higher" } else { "lower" };
                self.report(
                    Diagnostic::new(
                        Code::Bands,
                        band.side_span,
                        format!("{kind} bands of this clause are written with {want}"),
                    )
                    .with_label("faces the wrong way")
                    .with_help(format!(
                        "the target says {better} is better, so a {kind} applies when the value is {word} a level"
                    )),
                );
                ok = false;
                continue;
            }
            let level = match &band.level {
                ast::BandLevel::Value(lit) => self.threshold_value(lit, ty, metric, "band level").map(BandLevel::Value),
                ast::BandLevel::Target { offset, .. } => match offset {
                    Some((sign, lit)) => self
                        .offset_value(lit, ty, metric)
                        .map(|v| BandLevel::Target(if *sign == Sign::Minus { -v } else { v })),
                    None => Some(BandLevel::Target(Decimal::ZERO)),
                },
            };
            let amount = match &band.amount {
                Amount::OfFee(lit) => match lit.kind {
                    LitKind::Percent(p) => Some(BandAmount::OfFee(Percent(p))),
                    _ => None,
                },
                Amount::Money(lit) => match &lit.kind {
                    LitKind::Money { amount, currency } => {
                        self.money_currency(lit, currency).map(|_| BandAmount::Money(*amount))
                    }
                    _ => None,
                },
            };
            let (Some(level), Some(amount)) = (level, amount) else {
                ok = false;
                continue;
            };
            let money = match amount {
                BandAmount::Money(m) => Some(m),
                BandAmount::OfFee(p) => fee.map(|f| p.of(f)),
            };
            out.push((Band { side: band.side, level, amount }, band, money));
        }
        // Monotone: a band further from the target pays at least as much.
        for (i, (a, a_ast, a_money)) in out.iter().enumerate() {
            for (b, b_ast, b_money) in &out[i + 1..] {
                let (la, lb) = match (a.level, b.level) {
                    (BandLevel::Value(x), BandLevel::Value(y)) | (BandLevel::Target(x), BandLevel::Target(y)) => (x, y),
                    _ => continue,
                };
                if la == lb {
                    self.report(
                        Diagnostic::new(Code::Bands, b_ast.level_span, "two bands at the same level")
                            .with_label("same level")
                            .with_secondary(a_ast.level_span, "as this one")
                            .with_help("each band needs its own level; merge them"),
                    );
                    ok = false;
                    continue;
                }
                // Which of the two lies further out (worse for credits, better for bonuses)?
                let a_further = match a.side {
                    BandSide::Below => la < lb,
                    BandSide::Above => la > lb,
                };
                let (outer, outer_ast, outer_money, inner_ast, inner_money) =
                    if a_further { (a, a_ast, a_money, b_ast, b_money) } else { (b, b_ast, b_money, a_ast, a_money) };
                let _ = outer;
                if let (Some(o), Some(n)) = (outer_money, inner_money) {
                    if o < n {
                        self.report(
                            Diagnostic::new(
                                Code::Bands,
                                outer_ast.amount_span,
                                "bands are not monotone: a band further from the target pays less than a nearer one",
                            )
                            .with_label("pays less")
                            .with_secondary(inner_ast.amount_span, "than this nearer band")
                            .with_help(
                                "order the amounts so that the further a value is past a level, the more the band pays",
                            ),
                        );
                        ok = false;
                    }
                }
            }
        }
        ok.then(|| out.into_iter().map(|(b, _, _)| b).collect())
    }

    fn condition_rule(&mut self, c: &ast::Condition) -> Option<Condition> {
        let status = match c.status {
            CondStatus::Missed => ("missed", StatusTest::Missed),
            CondStatus::Failed => ("failed", StatusTest::Failed),
            CondStatus::Met => ("met", StatusTest::Met),
        };
        let (window, text) = match c.window {
            CondWindow::ThisMonth => (Window::ThisMonth, status.0.to_string()),
            CondWindow::Consecutive(n) => {
                if n.value == 0 {
                    self.report(
                        Diagnostic::new(Code::FieldValue, n.span, "a run needs at least 1 month").with_label("zero"),
                    );
                    return None;
                }
                (Window::Consecutive(n.value), format!("{} {} consecutive months", status.0, n.value))
            }
            CondWindow::OfLast(n, m) => {
                if n.value == 0 || n.value > m.value {
                    self.report(
                        Diagnostic::new(
                            Code::FieldValue,
                            n.span.to(m.span),
                            format!("`{} of {} months` can never hold", n.value, m.value),
                        )
                        .with_label("impossible window")
                        .with_help("write `N of M months` with 1 ≤ N ≤ M"),
                    );
                    return None;
                }
                (Window::OfLast(n.value, m.value), format!("{} {} of {} months", status.0, n.value, m.value))
            }
        };
        Some(Condition { test: status.1, window, text })
    }

    /// Checks every gain.
    pub(super) fn check_gains(&mut self) -> Vec<ir::Gain> {
        let entries = self.scope.gains.clone();
        let mut gains = Vec::new();
        for entry in entries {
            let node = entry.node;
            let mut baseline_months = None;
            let mut value = None;
            let mut share = None;
            let mut ok = true;
            for field in &node.fields {
                match &field.kind {
                    GainFieldKind::Baseline(n) => {
                        ok &= self.window_length(n, self.term_months(), "baseline window");
                        baseline_months = Some(n.value);
                    }
                    GainFieldKind::Value(expr) => {
                        let mut uses = Uses::default();
                        match self.metric_expr(expr, &mut uses) {
                            Some((x, Type::Money(_))) => value = Some((x, uses, expr.span)),
                            Some((_, t)) => {
                                self.report(
                                    Diagnostic::new(
                                        Code::TypeMismatch,
                                        expr.span,
                                        format!("a gain's value must be money, but this is a {t}"),
                                    )
                                    .with_label(format!("a {t}"))
                                    .with_help("turn time into money with a rate, as in `hours_saved * 55.00 EUR/h`"),
                                );
                                ok = false;
                            }
                            None => ok = false,
                        }
                    }
                    GainFieldKind::Share(lit) => {
                        if let LitKind::Percent(p) = lit.kind {
                            share = Some(Percent(p));
                        }
                    }
                }
            }
            let Some((value, uses, span)) = value else {
                if ok {
                    self.report(
                        Diagnostic::new(Code::MissingField, node.id.span, format!("gain `{}` has no `value`", node.id.name))
                            .with_label("no value")
                            .with_help("add `value EXPR`, an amount of money such as `(baseline(lost) - lost) * count(surveys) * 55.00 EUR/h`"),
                    );
                }
                continue;
            };
            if uses.uses_baseline && baseline_months.is_none() {
                self.report(
                    Diagnostic::new(
                        Code::NoBaseline,
                        span,
                        format!("gain `{}` uses `baseline(..)` but has no baseline window", node.id.name),
                    )
                    .with_label("baseline of which months?")
                    .with_help("add `baseline first N months` to the gain"),
                );
                ok = false;
            }
            let Some(share) = share else {
                self.report(
                    Diagnostic::new(
                        Code::MissingField,
                        node.id.span,
                        format!("gain `{}` has no `share`", node.id.name),
                    )
                    .with_label("no share")
                    .with_help("add `share P%`: the provider's share of the gain"),
                );
                continue;
            };
            if ok {
                gains.push(ir::Gain {
                    id: node.id.name.clone(),
                    title: node.title.as_ref().map_or_else(|| node.id.name.clone(), |t| t.value.clone()),
                    baseline_months,
                    value,
                    share,
                });
            }
        }
        gains
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
        ClauseFieldKind::Credit(_) => "credit",
        ClauseFieldKind::Bonus(_) => "bonus",
        ClauseFieldKind::Baseline(_) => "baseline",
        ClauseFieldKind::When { .. } => "when",
        ClauseFieldKind::Earnback(_) => "earnback",
    }
}

fn example_of(ty: &Type) -> &'static str {
    match ty {
        Type::Percent => "a percentage such as `95%`",
        Type::Duration => "a duration such as `4h`",
        Type::Money(_) => "an amount such as `500.00 EUR`",
        _ => "a number such as `2`",
    }
}
