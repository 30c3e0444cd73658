//! The status of a clause in a month and the rule that gave it (the first
//! that applies), numbered as in LANGUAGE.md §7.1 and docs/reference.md.

use super::Section;
use crate::eval::Period;
use crate::report::{human, Inputs};
use crate::settle::Status;

/// Where the rules are listed, in their order.
const RULES: &str = "  (the first of the status rules that applies; docs/reference.md lists them, under Statuses)";

/// The "Status" section.
pub fn section(inputs: Inputs, ci: usize, m: usize) -> Section {
    let program = inputs.eval.program;
    let clause = &program.clauses[ci];
    let ty = &program.metrics[clause.metric].ty;
    let track = &inputs.settlement.tracks[ci];
    let value = &track.values[m];
    let target = track.targets[m];
    let shown = human::value(&value.value, target.map(|t| t.value));
    let period = inputs.eval.term.months[m];
    let reason = match track.statuses[m] {
        Status::NotStarted => match clause.from {
            Some(from) if period < Period::of(from) => {
                format!("rule 1: the clause applies from {} on", Period::of(from))
            }
            _ => "rule 1: the month is before the contract start".to_string(),
        },
        Status::NotAssessed => {
            let every = clause.measured_every.unwrap_or(1);
            format!("rule 1: the clause is measured every {every} months and {period} does not close a measurement period; no money, no escalation")
        }
        Status::Baselining => "rule 2: the month is inside the baseline window; no money, no escalation".to_string(),
        Status::NotMeasured => {
            if value.value.is_none() {
                "rule 3: the metric has no value this month (nothing to measure)".to_string()
            } else if let Some(volume) = value.volume.filter(|v| *v < clause.min_volume) {
                format!("rule 3: the volume {volume} is below min_volume {}", clause.min_volume)
            } else {
                "rule 3: there is no target in force (the baseline is not known)".to_string()
            }
        }
        Status::Met => match target {
            Some(t) => format!("rule 4: {shown} satisfies the target {}", human::threshold(t, ty)),
            None => "rule 4: the value satisfies the target".to_string(),
        },
        Status::Failed => {
            let target = target.map_or_else(String::new, |t| format!(" {}", human::threshold(t, ty)));
            match clause.minimum {
                Some(min) => {
                    format!("rule 5: {shown} misses the target{target} and the minimum {}", human::threshold(min, ty))
                }
                None => {
                    format!("rule 5: {shown} misses the target{target}, and with no minimum every miss is a failure")
                }
            }
        }
        Status::Missed => {
            let target = target.map_or_else(String::new, |t| format!(" {}", human::threshold(t, ty)));
            let minimum = clause.minimum.map_or_else(String::new, |t| format!(" {}", human::threshold(t, ty)));
            format!("rule 6: {shown} misses the target{target} but meets the minimum{minimum}")
        }
    };
    let status = format!("{}: {reason}", track.statuses[m].as_str());
    Section { heading: "Status", lines: vec![status, RULES.to_string()] }
}
