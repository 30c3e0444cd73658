//! A clause's money (LANGUAGE.md §7.2, §7.2a, §7.2b, §7.6): its one credit
//! regime — allocation, credit bands, credit expression or service points —
//! and its bonus, bands or expression; and the contract's `point_value`
//! that no clause uses.

use super::clause::ClauseMetric;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, BonusRule, CreditRule, Direction, MetricExpr};
use crate::source::Span;
use crate::syntax::ast::{self, ClauseField, ClauseFieldKind, LitKind};
use crate::value::{Percent, Type};
use rust_decimal::Decimal;

impl Checker<'_> {
    /// XLA1010: `point_value` in a contract whose clauses all checked and
    /// none of which prices failures in points.
    pub(super) fn warn_unused_point_value(&mut self, clauses: &[ir::Clause]) {
        let field = self.scope.contract.and_then(|c| c.node.fields.iter().find(|f| f.key.name == "point_value"));
        let all_checked = clauses.len() == self.scope.clauses.len();
        let uses_points = clauses.iter().any(|c| matches!(c.credit, CreditRule::Points(_)));
        if let (Some(field), true, false) = (field, all_checked, uses_points) {
            self.report(
                Diagnostic::new(
                    Code::PointValueUnused,
                    field.key.span,
                    "the contract prices service points, but no clause uses `points`",
                )
                .with_label("never used")
                .with_help("give a clause a `points { below LEVEL : N … }` block, or remove `point_value`"),
            );
        }
    }

    /// The credit regime and the bonus; `None` if any is wrong.
    pub(super) fn clause_money<'f>(
        &mut self,
        node: &ast::Clause,
        find: &impl Fn(&str) -> Option<&'f ClauseField>,
        direction: Option<Direction>,
        metric: &ClauseMetric,
        allocations: &mut Vec<(Span, Decimal)>,
    ) -> Option<(CreditRule, BonusRule)> {
        let regimes: Vec<&ClauseField> =
            ["allocation", "credit", "points"].iter().filter_map(|name| find(name)).collect();
        let ty = metric.ty.as_ref();
        let credit = match regimes.as_slice() {
            [] => Some(CreditRule::None),
            [field] => self.credit_regime(field, direction, metric, allocations),
            _ => {
                self.several_regimes(node, &regimes);
                None
            }
        };
        let bonus = match find("bonus").map(|f| &f.kind) {
            Some(ClauseFieldKind::Bonus(bands)) => {
                direction.and_then(|d| self.bands(bands, ty, d, false, &metric.name)).map(BonusRule::Bands)
            }
            Some(ClauseFieldKind::BonusExpr(e)) => self.money_expression(e, metric, "bonus").map(BonusRule::Expression),
            _ => Some(BonusRule::Bands(Vec::new())),
        };
        Some((credit?, bonus?))
    }

    /// Reports a clause with more than one credit regime: XLA0310 for the
    /// version 1 pair (an allocation and credit bands), XLA0350 otherwise.
    fn several_regimes(&mut self, node: &ast::Clause, regimes: &[&ClauseField]) {
        let Some((last, earlier)) = regimes.split_last() else {
            return;
        };
        let d = match (regimes, &regimes[0].kind) {
            ([_, second], ClauseFieldKind::Allocation(allocation)) if matches!(second.kind, ClauseFieldKind::Credit(_)) => {
                Diagnostic::new(Code::AllocationAndCredit, second.keyword, format!("clause `{}` has both an allocation and credit bands", node.id.name))
                    .with_label("credit bands")
                    .with_secondary(allocation.span, "allocation")
                    .with_help("a clause pays credits one way: either `allocation P%` (a share of the amount at risk on failure) or `credit { … }` bands; remove one")
            }
            _ => {
                let names: Vec<String> = regimes.iter().map(|f| format!("`{}`", regime_name(&f.kind))).collect();
                let message = format!(
                    "clause `{}` prices its credit {} ways: {}",
                    node.id.name,
                    regimes.len(),
                    super::words::list(&names)
                );
                let mut d = Diagnostic::new(Code::CreditRegimes, last.keyword, message)
                    .with_label("another credit regime")
                    .with_help("a clause has one credit regime: an allocation, credit bands, a credit expression or service points; keep one (a `when` rule can still multiply it)");
                for f in earlier {
                    d = d.with_secondary(f.keyword, regime_name(&f.kind));
                }
                d
            }
        };
        self.report(d);
    }

    /// The one credit regime a clause has.
    fn credit_regime(
        &mut self,
        field: &ClauseField,
        direction: Option<Direction>,
        metric: &ClauseMetric,
        allocations: &mut Vec<(Span, Decimal)>,
    ) -> Option<CreditRule> {
        let ty = metric.ty.as_ref();
        match &field.kind {
            ClauseFieldKind::Allocation(lit) => {
                let LitKind::Percent(p) = lit.kind else { return None };
                if p.is_sign_negative() && !p.is_zero() {
                    self.report(
                        Diagnostic::new(Code::FieldValue, lit.span, "an allocation cannot be negative")
                            .with_label("negative")
                            .with_help("an allocation is the share of the amount at risk that a failed month costs, such as `40%`"),
                    );
                    return None;
                }
                allocations.push((lit.span, p));
                Some(CreditRule::Allocation(Percent(p)))
            }
            ClauseFieldKind::Credit(bands) => {
                direction.and_then(|d| self.bands(bands, ty, d, true, &metric.name)).map(CreditRule::Bands)
            }
            ClauseFieldKind::CreditExpr(e) => self.money_expression(e, metric, "credit").map(CreditRule::Expression),
            ClauseFieldKind::Points(bands) => {
                direction.and_then(|d| self.points(field.keyword, bands, ty, d, &metric.name)).map(CreditRule::Points)
            }
            _ => None,
        }
    }

    /// A `credit` or `bonus` money expression (§7.2a): `value`, `target` and
    /// `monthly_fee` in scope, the result Money.
    fn money_expression(&mut self, e: &ast::Expr, metric: &ClauseMetric, kind: &str) -> Option<MetricExpr> {
        let mut uses = super::expr::Uses::default();
        self.money_expr = Some(metric.ty.clone());
        let checked = self.metric_expr(e, &mut uses);
        self.money_expr = None;
        let (expr, ty) = checked?;
        if !matches!(ty, Type::Money(_)) {
            self.report(
                Diagnostic::new(
                    Code::MoneyExpression,
                    e.span,
                    format!("a {kind} expression must be money, but this is {}", super::words::a(&ty)),
                )
                .with_label(super::words::a(&ty))
                .with_help(
                    "multiply by an amount, as in `1000.00 EUR * floor((target - value) / 0.1%)` or `2% * monthly_fee`",
                ),
            );
            return None;
        }
        if uses.uses_baseline {
            self.report(
                Diagnostic::new(Code::NoBaseline, e.span, format!("a {kind} expression cannot use `baseline(..)`"))
                    .with_label("uses a baseline")
                    .with_help("use `target`, which already holds the target in force after baselines and reviews"),
            );
            return None;
        }
        Some(expr)
    }
}

/// The regime a credit field sets, as written.
fn regime_name(kind: &ClauseFieldKind) -> &'static str {
    match kind {
        ClauseFieldKind::Allocation(_) => "allocation",
        ClauseFieldKind::Credit(_) => "credit bands",
        ClauseFieldKind::CreditExpr(_) => "credit expression",
        _ => "points",
    }
}
