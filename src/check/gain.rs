//! Gains: shared productivity gains paid to the provider (LANGUAGE.md §7.6).

use super::expr::Uses;
use super::words::a;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::syntax::ast::{GainFieldKind, LitKind};
use crate::value::{Percent, Type};
use rust_decimal::Decimal;

impl Checker<'_> {
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
            let mut seen: Vec<(&str, crate::source::Span)> = Vec::new();
            for field in &node.fields {
                let name = match field.kind {
                    GainFieldKind::Baseline(_) => "baseline",
                    GainFieldKind::Value(_) => "value",
                    GainFieldKind::Share(_) => "share",
                };
                if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                    let first = *first;
                    self.report(
                        Diagnostic::new(
                            Code::DuplicateField,
                            field.keyword,
                            format!("`{name}` is given twice in gain `{}`", node.id.name),
                        )
                        .with_label("second time")
                        .with_secondary(first, "first given here")
                        .with_help("keep one of them"),
                    );
                    ok = false;
                    continue;
                }
                seen.push((name, field.keyword));
                match &field.kind {
                    GainFieldKind::Baseline(n) => {
                        ok &= self.window_length(n, self.term_months(), "baseline window", false);
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
                                        format!("a gain's value must be money, but this is {}", a(&t)),
                                    )
                                    .with_label(a(&t))
                                    .with_help(match t {
                                        Type::Duration => "turn time into money with a rate, as in `hours_saved * 55.00 EUR/h`",
                                        _ => "turn it into money by multiplying with an amount, as in `(score - baseline(score)) * 1000.00 EUR`",
                                    }),
                                );
                                ok = false;
                            }
                            None => ok = false,
                        }
                    }
                    GainFieldKind::Share(lit) => match lit.kind {
                        LitKind::Percent(p) if p >= Decimal::ZERO && p <= Decimal::ONE_HUNDRED => {
                            share = Some(Percent(p))
                        }
                        _ => {
                            self.report(
                                Diagnostic::new(Code::FieldValue, lit.span, "`share` must be between 0% and 100%")
                                    .with_label("out of range")
                                    .with_help("`share` is the provider's part of the gain, such as `30%`"),
                            );
                            ok = false;
                        }
                    },
                }
            }
            let given = |name: &str| seen.iter().any(|(n, _)| *n == name);
            let missing: Vec<&str> = ["value", "share"].into_iter().filter(|n| !given(n)).collect();
            if !missing.is_empty() {
                let list = super::words::list(&missing.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>());
                let help: Vec<&str> = missing
                    .iter()
                    .map(|n| match *n {
                        "value" => "add `value EXPR`, an amount of money such as `(baseline(lost) - lost) * count(surveys) * 55.00 EUR/h`",
                        _ => "add `share P%`, the provider's part of the gain",
                    })
                    .collect();
                self.report(
                    Diagnostic::new(
                        Code::MissingField,
                        node.id.span,
                        format!("gain `{}` is missing {list}", node.id.name),
                    )
                    .with_label(format!("missing {list}"))
                    .with_help(help.join("; ")),
                );
                ok = false;
            }
            if let (Some((_, uses, span)), None) = (&value, baseline_months) {
                if uses.uses_baseline {
                    self.report(
                        Diagnostic::new(
                            Code::NoBaseline,
                            *span,
                            format!("gain `{}` uses `baseline(..)` but has no baseline window", node.id.name),
                        )
                        .with_label("baseline of which months?")
                        .with_help("add `baseline first N months` to the gain"),
                    );
                    ok = false;
                }
            }
            if let (true, Some((value, _, _)), Some(share)) = (ok, value, share) {
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
