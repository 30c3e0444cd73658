//! Thresholds: target and minimum directions and values, steps, and window
//! lengths, in the unit of the clause's metric.

use super::words::a;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::Direction;
use crate::source::Span;
use crate::syntax::ast::{self, CmpOp, LitKind, Literal};
use crate::value::Type;
use rust_decimal::Decimal;

impl Checker<'_> {
    /// The direction a target or minimum operator sets; `None` (after
    /// reporting) for `==` and `!=`.
    pub(super) fn direction(&mut self, op: CmpOp, span: Span) -> Option<Direction> {
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

    /// A window (baseline or review period) of `n` months, checked against
    /// the `available` months of a clause (`in_clause`, which `from` may
    /// shorten) or of the term (a gain).
    pub(super) fn window_length(
        &mut self,
        n: &ast::Whole,
        available: Option<u32>,
        what: &str,
        in_clause: bool,
    ) -> bool {
        if n.value == 0 {
            self.report(
                Diagnostic::new(Code::FieldValue, n.span, format!("a {what} needs at least one month"))
                    .with_label("zero months")
                    .with_help(format!("write the {what} in whole months, such as `3 months`")),
            );
            return false;
        }
        let Some(months) = available.filter(|m| n.value > *m) else {
            return true;
        };
        let (runs, help) = if in_clause {
            ("the clause runs", "shorten it, or check the contract's `start` and `end` and the clause's `from`")
        } else {
            ("of the term", "shorten it, or check the contract's `start` and `end`")
        };
        self.report(
            Diagnostic::new(
                Code::WindowTooLong,
                n.span,
                format!("the {what} of {} months is longer than the {months} months {runs}", n.value),
            )
            .with_label("longer than the term")
            .with_help(help),
        );
        false
    }

    /// A threshold literal in the metric's unit, as a decimal. Without a
    /// known metric type, any numeric literal is taken as it is.
    pub(super) fn threshold_value(
        &mut self,
        lit: &Literal,
        ty: Option<&Type>,
        metric: &str,
        what: &str,
    ) -> Option<Decimal> {
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
            let d = Diagnostic::new(
                Code::TypeMismatch,
                lit.span,
                format!("the {what} must be in the unit of `{metric}`, which is {}", a(ty)),
            )
            .with_label(format!("not {}", a(ty)));
            // A bare number where the unit is sure: the number with it.
            let meant = match (&lit.kind, ty) {
                (LitKind::Number(n), Type::Percent) => Some(format!("{}%", crate::value::canonical(*n))),
                (LitKind::Number(n), Type::Money(c)) => Some(format!("{} {c}", crate::value::canonical(*n))),
                _ => None,
            };
            self.report(match meant {
                Some(fix) => d.with_help(format!("did you mean `{fix}`?")).with_fix(fix),
                None => d.with_help(format!("write it as {}", example_of(ty))),
            });
        }
        value
    }

    /// A step or offset literal (`+ 2`, `- 5%`) in the metric's unit.
    pub(super) fn offset_value(&mut self, lit: &Literal, ty: Option<&Type>, metric: &str) -> Option<Decimal> {
        if let (LitKind::Percent(p), Some(Type::Percent)) = (&lit.kind, ty) {
            return Some(*p);
        }
        self.threshold_value(lit, ty, metric, "step")
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
