//! The target in force in a month, and why (LANGUAGE.md §7.4): fixed in the
//! contract, or a baseline, its review period and base, and the ratchet.

use super::Section;
use crate::eval::{MetricValue, Period};
use crate::ir::{Clause, Direction, TargetRule, Threshold};
use crate::report::{human, Inputs};
use crate::settle::mean_of_known;
use crate::value::{Decimal, Type, Value};

/// The "Target" section.
pub fn section(inputs: Inputs, ci: usize, m: usize) -> Section {
    let program = inputs.eval.program;
    let clause = &program.clauses[ci];
    let ty = &program.metrics[clause.metric].ty;
    let track = &inputs.settlement.tracks[ci];
    let months = &inputs.eval.term.months;
    let mut lines = match clause.target {
        TargetRule::Fixed(t) => vec![format!("{}: fixed in the contract", human::threshold(t, ty))],
        TargetRule::Baseline { .. } => match track.window {
            Some(w) if m < w.end => {
                // The window may start after the last settled month (`from`).
                let term_start = Period::of(inputs.eval.term.start);
                let (first, last) =
                    (term_start.plus(w.start as u32), term_start.plus((w.end as u32).saturating_sub(1)));
                let when = if m < w.start { "is before" } else { "is inside" };
                vec![format!(
                    "none yet: {} {when} the baseline window ({first} to {last}); the target is set once it ends",
                    months[m]
                )]
            }
            Some(w) => {
                let (lines, target) = baseline(clause, ty, &track.values, (w.start, w.end), m, months);
                if target != track.targets[m].map(|t| t.value) {
                    // The settlement is authoritative; say so rather than mislead.
                    let settled = track.targets[m].map_or_else(|| "none".to_string(), |t| human::threshold(t, ty));
                    vec![format!("{settled}: set from a baseline (the settlement's figure)")]
                } else {
                    lines
                }
            }
            None => vec!["none: the target is relative to a baseline the clause does not declare".to_string()],
        },
    };
    if let Some(min) = clause.minimum {
        lines.push(format!("minimum {}: fixed in the contract", human::threshold(min, ty)));
    }
    Section { heading: "Target", lines }
}

/// The mean of the known values among `values`, as the settlement takes it
/// (in range: the settlement succeeded).
fn mean(values: &[Value]) -> Option<Decimal> {
    mean_of_known(values.iter().cloned()).ok().flatten()
}

/// Why a baseline target has the value it has in month `m` (after the window).
fn baseline(
    clause: &Clause,
    ty: &Type,
    values: &[MetricValue],
    (start, end): (usize, usize),
    m: usize,
    months: &[Period],
) -> (Vec<String>, Option<Decimal>) {
    let TargetRule::Baseline { op, step, review_months, ratchet } = clause.target else {
        return (Vec::new(), None);
    };
    let value = |i: usize| values.get(i).map_or(Value::None, |v| v.value.clone());
    let window: Vec<Value> = (start..end).map(value).collect();
    let listed: Vec<String> = window.iter().map(|v| human::value(v, None)).collect();
    let range = |a: usize, b: usize| format!("{} to {}", months[a], months[b.min(months.len()).saturating_sub(1)]);
    let shown = |d: Decimal| human::value(&crate::eval::typed(ty, d), None);
    let b = mean(&window);
    let mut lines = vec![match b {
        Some(b) => format!(
            "baseline B = {}: the mean of the metric's values in {} ({})",
            shown(b),
            range(start, end),
            listed.join(", ")
        ),
        None => format!("baseline B = none: no month of the baseline window ({}) had a value", range(start, end)),
    }];
    let len = review_months.map_or(usize::MAX, |n| n as usize);
    let k = (m - end) / len;
    // Walk the review periods up to k, as §7.4 sets them: while the base is
    // none the target is unknown, and the next period may still find one.
    let (mut base, mut previous, mut why) = (b, None::<Decimal>, "B".to_string());
    let mut target = None;
    for period in 0..=k {
        let first = end + period * len;
        if period > 0 {
            let prior: Vec<Value> = (first - len..first).map(value).collect();
            match mean(&prior) {
                Some(next) => {
                    base = Some(next);
                    why = format!("the mean of review period {} ({})", period - 1, range(first - len, first));
                }
                None => why = format!("kept: review period {} had no value", period - 1),
            }
        }
        let span = match review_months {
            Some(n) => format!(
                "review period {period} ({} to {}, reviewed every {n} months)",
                months[first],
                months[first].plus(n.saturating_sub(1))
            ),
            None => "no review: one base for the whole term".to_string(),
        };
        let Some(base) = base else {
            if period == k {
                lines.push(format!("{span}; base none ({why}), so the target is not known"));
                lines.insert(0, "none: the base of this review period is not known".to_string());
                return (lines, None);
            }
            continue;
        };
        let Some(raw) = base.checked_add(step) else {
            return (lines, None); // out of range: the settlement refuses it (§8.2)
        };
        let ratcheted = match (ratchet, previous, clause.direction) {
            (true, Some(p), Direction::HigherIsBetter) => raw.max(p),
            (true, Some(p), Direction::LowerIsBetter) => raw.min(p),
            _ => raw,
        };
        if period == k {
            lines.push(format!("{span}; base {} ({why})", shown(base)));
            let sign = if step.is_sign_negative() { "-" } else { "+" };
            lines.push(format!("base {sign} {} = {}", shown(step.abs()), shown(raw)));
            if raw != ratcheted {
                lines.push(format!("ratchet: never less strict than the previous target, {}", shown(ratcheted)));
            }
        }
        previous = Some(ratcheted);
        target = Some(ratcheted);
    }
    let Some(target) = target else {
        return (lines, None);
    };
    lines.insert(0, format!("{}: set from a baseline", human::threshold(Threshold { op, value: target }, ty)));
    (lines, Some(target))
}
