//! The advice in words (a table per clause, a histogram, a warning when the
//! history is short) and as JSON.

use super::{Proposal, ENOUGH_MONTHS};
use crate::report::human;
use crate::value::Currency;
use std::fmt::Write as _;

/// How many `#` the longest histogram bar has.
const BAR_WIDTH: usize = 20;

/// The advice in words. It never edits the contract.
pub fn human(proposals: &[Proposal], currency: Currency, first: &str, last: &str) -> String {
    let mut out = String::new();
    for p in proposals {
        clause(&mut out, p, currency, first, last);
    }
    out.push_str("These are candidates only: the contract is not changed.\n");
    out
}

/// The advice as one JSON document.
pub fn json(proposals: &[Proposal], first: &str, last: &str) -> Result<String, serde_json::Error> {
    let clauses: Vec<serde_json::Value> = proposals
        .iter()
        .map(|p| {
            let mut v = serde_json::to_value(p)?;
            if let Some(o) = v.as_object_mut() {
                o.insert("enough_history".to_string(), serde_json::Value::Bool(p.enough_history()));
            }
            Ok(v)
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let doc =
        serde_json::json!({ "from": first, "through": last, "minimum_months": ENOUGH_MONTHS, "clauses": clauses });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

fn clause(out: &mut String, p: &Proposal, currency: Currency, first: &str, last: &str) {
    let unit = |d| human::in_unit(d, &p.ty);
    let _ = writeln!(out, "{} \"{}\" ({})", p.clause, p.title, p.metric);
    let _ = writeln!(out, "  history: {} of {} months from {first} to {last} have a value", p.measured, p.months);
    if !p.enough_history() {
        let _ = writeln!(
            out,
            "  warning: {} month{} of history; fewer than {ENOUGH_MONTHS} say little about what is achievable",
            p.measured,
            if p.measured == 1 { "" } else { "s" }
        );
    }
    let Some(spread) = &p.spread else {
        let _ = writeln!(out, "  no month has a value: nothing to propose");
        let _ = writeln!(out);
        return;
    };
    let mut line = format!("  values: min {}", unit(spread.min));
    for (pct, v) in &spread.percentiles {
        let name = if *pct == 50 { "median".to_string() } else { format!("p{pct}") };
        let _ = write!(line, ", {name} {}", unit(*v));
    }
    let _ = writeln!(out, "{line}, max {}", unit(spread.max));
    let most = spread.histogram.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let labels: Vec<String> = spread.histogram.iter().map(|b| format!("{} – {}", unit(b.from), unit(b.to))).collect();
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    for (bin, label) in spread.histogram.iter().zip(&labels) {
        let bar = "#".repeat((bin.count * BAR_WIDTH).div_ceil(most));
        let _ = writeln!(out, "    {label:width$}  {bar:BAR_WIDTH$}  {}", bin.count);
    }
    let target_width = p.outcomes.iter().map(|o| o.target.chars().count()).max().unwrap_or(0).max(6);
    let label_width = p.outcomes.iter().map(|o| o.label.chars().count()).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "  {:target_width$}  {:label_width$}  {:>3} {:>6} {:>6}  {:>14}  {:>14}  {:>11}  {:>18}",
        "target", "", "met", "missed", "failed", "credits", "bonuses", "escalations", "net payable"
    );
    for o in &p.outcomes {
        let _ = writeln!(
            out,
            "  {:target_width$}  {:label_width$}  {:>3} {:>6} {:>6}  {:>14}  {:>14}  {:>11}  {:>18}",
            o.target,
            o.label,
            o.met,
            o.missed,
            o.failed,
            human::amount(o.credits, currency),
            human::amount(o.bonuses, currency),
            o.escalations,
            human::money(o.net_payable, currency)
        );
    }
    let _ = writeln!(out);
}
