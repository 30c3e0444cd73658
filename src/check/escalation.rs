//! The escalation ladder (LANGUAGE.md §4, §7.3).

use super::{Checker, Symbol};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::syntax::ast;

impl Checker<'_> {
    /// Checks the escalation ladder.
    pub(super) fn check_escalation(&mut self) -> Option<ir::Escalation> {
        let entry = self.scope.escalation?;
        let node = entry.node;
        // A calendar with errors leaves a placeholder: the ladder is still
        // checked, and clauses that escalate find its levels.
        let calendar = node.calendar.as_ref().map_or(Some(0), |ident| self.calendar_ref(ident)).unwrap_or(0);
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
}
