//! The diff report: in words, grouped by what changed, with the money
//! replay when there is one; and as JSON.

use super::{Change, Replay, Subject};
use crate::report::human;
use crate::value::Currency;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// The changes in words, grouped by subject, then the replay if any.
pub fn human(changes: &[Change], replay: Option<&Replay>) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("No change in substance: the two versions say the same thing.\n");
    }
    // The subject of the last heading, and whether it was added or removed whole.
    let mut last: Option<(&Subject, bool)> = None;
    for change in changes {
        if change.aspect.is_empty() {
            let how = if change.new.is_some() { "added" } else { "removed" };
            let _ = writeln!(out, "{}: {how}", heading(&change.subject));
            last = Some((&change.subject, true));
            continue;
        }
        let whole = match last {
            Some((subject, whole)) if subject == &change.subject => whole,
            _ => {
                let _ = writeln!(out, "{}", heading(&change.subject));
                false
            }
        };
        last = Some((&change.subject, whole));
        let _ = match (&change.old, &change.new) {
            (Some(o), Some(n)) => writeln!(out, "  {}: was {o}; now {n}", change.aspect),
            (Some(t), None) | (None, Some(t)) if whole => writeln!(out, "  {}: {t}", change.aspect),
            (None, Some(n)) => writeln!(out, "  {}: added: {n}", change.aspect),
            (Some(o), None) => writeln!(out, "  {}: removed (was {o})", change.aspect),
            (None, None) => Ok(()),
        };
    }
    if let Some(r) = replay {
        replay_text(&mut out, r);
    }
    out
}

/// The changes and the replay as one JSON document.
pub fn json(changes: &[Change], replay: Option<&Replay>) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(&serde_json::json!({ "changes": changes, "replay": replay }))?;
    text.push('\n');
    Ok(text)
}

fn heading(subject: &Subject) -> String {
    match subject {
        Subject::Contract => "Contract terms".to_string(),
        Subject::Calendar(n) => format!("Calendar `{n}`"),
        Subject::Dataset(n) => format!("Dataset `{n}`"),
        Subject::Escalation => "Escalation ladder".to_string(),
        Subject::Clause(id) => format!("Clause `{id}`"),
        Subject::Gain(id) => format!("Gain `{id}`"),
    }
}

fn replay_text(out: &mut String, r: &Replay) {
    let currency = Currency::from_code(&r.currency);
    let money = |d: Decimal| currency.map_or_else(|| d.to_string(), |c| human::money(d, c));
    let amount = |d: Decimal| currency.map_or_else(|| d.to_string(), |c| human::amount(d, c));
    let _ = writeln!(out);
    let _ = writeln!(out, "Replay over the same data (old → new)");
    for m in &r.months {
        let difference = m.new_net.saturating_sub(m.old_net);
        let _ = writeln!(
            out,
            "{}  net payable {} → {} ({})",
            m.period,
            money(m.old_net),
            money(m.new_net),
            signed(difference, &money)
        );
        for c in &m.clauses {
            let side = |o: &Option<super::ClauseOutcome>| match o {
                None => "(no such clause)".to_string(),
                Some(o) => {
                    let mut text = format!("{} {}", o.status, o.value);
                    if !o.credit.is_zero() {
                        let _ = write!(text, " credit {}", amount(o.credit));
                    }
                    if !o.bonus.is_zero() {
                        let _ = write!(text, " bonus {}", amount(o.bonus));
                    }
                    text
                }
            };
            let (o, n) = (side(&c.old), side(&c.new));
            let mark = if o == n { " " } else { "*" };
            let _ = writeln!(out, " {mark} {}: {o} → {n}", c.id);
        }
    }
    let difference = r.new_total.saturating_sub(r.old_total);
    let _ = writeln!(
        out,
        "Over {} month{}: net payable {} → {} ({})",
        r.months.len(),
        if r.months.len() == 1 { "" } else { "s" },
        money(r.old_total),
        money(r.new_total),
        signed(difference, &money)
    );
}

/// `+1,000.00 EUR more for the provider`, `−500.00 EUR less`, `no difference`.
fn signed(d: Decimal, money: &dyn Fn(Decimal) -> String) -> String {
    if d.is_zero() {
        "no difference".to_string()
    } else if d.is_sign_positive() {
        format!("+{} to the provider", money(d))
    } else {
        format!("−{} to the provider", money(d.abs()))
    }
}
