//! The `when` rules of a clause in a month: which conditions hold, and what
//! they recorded (LANGUAGE.md §7.1, §7.3).

use super::Section;
use crate::ir::Action;
use crate::report::Inputs;
use crate::settle::holds;
use crate::value::canonical;

/// The "Rules" section.
pub fn section(inputs: Inputs, ci: usize, m: usize) -> Section {
    let clause = &inputs.eval.program.clauses[ci];
    let track = &inputs.settlement.tracks[ci];
    let month = &inputs.settlement.months[m];
    let mut lines = Vec::new();
    if clause.rules.is_empty() {
        lines.push("the clause has no `when` rules".to_string());
    }
    for rule in &clause.rules {
        let actions: Vec<String> = rule
            .actions
            .iter()
            .map(|a| match a {
                Action::Escalate(level) => format!("escalate level {level}"),
                Action::CreditMultiplier(f) => format!("credit x {}", canonical(*f)),
                Action::PointsMultiplier(f) => format!("points x {f}"),
                Action::ChronicFailure => "chronic failure".to_string(),
            })
            .collect();
        let verdict = if holds(&rule.condition, track, m) { "holds" } else { "does not hold" };
        lines.push(format!("when {} {}: {verdict}", rule.condition.text, actions.join(", ")));
    }
    for e in month.escalations.iter().filter(|e| e.clause == clause.id) {
        lines.push(format!(
            "escalation recorded: level {} ({}), due {}, because `{}`",
            e.level,
            e.role,
            e.due.format("%Y-%m-%d"),
            e.condition
        ));
    }
    if month.clauses[ci].chronic_failure {
        lines.push("chronic failure flagged this month".to_string());
    }
    Section { heading: "Rules", lines }
}
