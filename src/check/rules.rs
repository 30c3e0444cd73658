//! A clause's `when` rules and earnback (LANGUAGE.md §7.1, §7.3, §7.5).

use super::{Checker, Symbol};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, Action, Condition, StatusTest, ValueTest, WhenRule, Window};
use crate::syntax::ast::{self, ActionKind, ClauseFieldKind, CondStatus, CondWindow, LitKind};
use crate::value::Type;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

impl Checker<'_> {
    /// Checks every `when` rule of a clause (each condition and every action,
    /// whatever is wrong with the others); `None` if any is wrong.
    pub(super) fn when_rules(
        &mut self,
        fields: &[ast::ClauseField],
        escalation: Option<&ir::Escalation>,
        metric: &str,
        metric_ty: Option<&Type>,
    ) -> Option<Vec<WhenRule>> {
        let mut ok = true;
        let mut rules = Vec::new();
        for field in fields {
            let (condition, actions) = match &field.kind {
                ClauseFieldKind::When { condition, actions } => (self.condition_rule(condition), actions),
                ClauseFieldKind::WhenValue { test, actions } => {
                    (self.value_condition(test, metric, metric_ty), actions)
                }
                _ => continue,
            };
            let mut checked = Vec::new();
            for action in actions {
                match self.action(action, escalation) {
                    Some(a) => checked.push(a),
                    None => ok = false,
                }
            }
            match condition {
                Some(condition) => rules.push(WhenRule { condition, actions: checked }),
                None => ok = false,
            }
        }
        ok.then_some(rules)
    }

    fn action(&mut self, action: &ast::Action, escalation: Option<&ir::Escalation>) -> Option<Action> {
        match &action.kind {
            ActionKind::Escalate(level) => {
                self.index.refer(level.span, Symbol::Level(level.value));
                match escalation {
                    Some(e) if e.levels.iter().any(|l| l.number == level.value) => Some(Action::Escalate(level.value)),
                    Some(e) => {
                        let known: Vec<String> = e.levels.iter().map(|l| l.number.to_string()).collect();
                        let help = match known.len() {
                            0 => "the escalation ladder declares no levels".to_string(),
                            1 => format!("the escalation ladder has only level {}", known[0]),
                            _ => format!("the escalation ladder has levels {}", super::words::list(&known)),
                        };
                        self.report(
                            Diagnostic::new(
                                Code::UnknownLevel,
                                level.span,
                                format!("there is no escalation level {}", level.value),
                            )
                            .with_label("unknown level")
                            .with_help(help),
                        );
                        None
                    }
                    None => {
                        self.report(
                            Diagnostic::new(Code::UnknownLevel, level.span, format!("there is no escalation level {}: the contract declares no escalation ladder", level.value))
                                .with_label("unknown level")
                                .with_help("declare the levels in an `escalation { level 1 \"Role\" within 5 business days … }` item"),
                        );
                        None
                    }
                }
            }
            ActionKind::CreditMultiplier(lit) => match lit.kind {
                LitKind::Number(f) if f > Decimal::ZERO => Some(Action::CreditMultiplier(f)),
                _ => {
                    self.report(
                        Diagnostic::new(
                            Code::BadMultiplier,
                            lit.span,
                            "a credit multiplier is a number greater than zero",
                        )
                        .with_label("not a positive number")
                        .with_help("write it as `credit x 1.5`"),
                    );
                    None
                }
            },
            ActionKind::PointsMultiplier(lit) => {
                let whole = match lit.kind {
                    LitKind::Number(f) if f > Decimal::ZERO && f.fract().is_zero() => f.to_u32(),
                    _ => None,
                };
                if whole.is_none() {
                    self.report(
                        Diagnostic::new(
                            Code::BadMultiplier,
                            lit.span,
                            "a points multiplier is a whole number greater than zero",
                        )
                        .with_label("not a positive whole number")
                        .with_help("service points are whole: write it as `points x 2`"),
                    );
                }
                whole.map(Action::PointsMultiplier)
            }
            ActionKind::ChronicFailure => Some(Action::ChronicFailure),
        }
    }

    /// The months of `earnback after N consecutive months met`; `None`
    /// (after reporting) for zero.
    pub(super) fn earnback(&mut self, n: &ast::Whole) -> Option<u32> {
        if n.value == 0 {
            self.report(
                Diagnostic::new(Code::FieldValue, n.span, "earnback needs at least 1 month met")
                    .with_label("zero months")
                    .with_help("write it as `earnback after 3 consecutive months met`"),
            );
            return None;
        }
        Some(n.value)
    }

    /// `value OP LEVEL` (§7.1 v2), LEVEL in the metric's unit.
    fn value_condition(&mut self, test: &ast::ValueTest, metric: &str, ty: Option<&Type>) -> Option<Condition> {
        let level = self.band_level(&test.level, ty, metric)?;
        let text =
            self.files.sources.get(test.span.file).slice(test.span).split_whitespace().collect::<Vec<_>>().join(" ");
        Some(Condition { test: StatusTest::Value(ValueTest { op: test.op, level }), window: Window::ThisMonth, text })
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
                        Diagnostic::new(Code::FieldValue, n.span, "a run of consecutive months needs at least 1 month")
                            .with_label("zero months")
                            .with_help("write it as `missed 3 consecutive months`"),
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
}
