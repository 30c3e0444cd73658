//! The one-screen summary `xla settle` prints on stdout: per settled month
//! the net and its parts, each clause's status, value and money, the
//! watermelon flag and the escalations.

use std::fmt::Write as _;
use xla::ir::Program;
use xla::report::human;
use xla::settle::MonthSettlement;

/// The summary of `months`.
pub fn summary(program: &Program, months: &[MonthSettlement]) -> String {
    let mut out = String::new();
    for month in months {
        month_summary(&mut out, program, month);
    }
    out
}

fn month_summary(out: &mut String, program: &Program, month: &MonthSettlement) {
    let currency = program.contract.currency;
    let amount = |d| human::amount(d, currency);
    let t = &month.totals;
    let _ = writeln!(
        out,
        "{}  net {}  (fee {}, credits {}, earnbacks {}, bonuses and gains {})",
        month.period,
        human::money(t.net, currency),
        human::money(t.monthly_fee, currency),
        human::signed_money('−', t.credits, currency),
        human::signed_money('+', t.earnbacks, currency),
        human::signed_money('+', t.bonuses_and_gains, currency)
    );
    let id_width = program.clauses.iter().map(|c| c.id.chars().count()).max().unwrap_or(0);
    for cm in &month.clauses {
        let clause = &program.clauses[cm.clause];
        let ty = &program.metrics[clause.metric].ty;
        let mut line = format!(
            "  {:id_width$}  {:12}  {:>10}",
            clause.id,
            cm.status.as_str(),
            human::value(&cm.value.value, cm.target.map(|t| t.value))
        );
        if let Some(t) = cm.target {
            let _ = write!(line, "  target {}", human::threshold(t, ty));
        }
        if let Some(points) = cm.points.filter(|p| !p.is_zero()) {
            let _ = write!(line, "  {} points", xla::value::canonical(points));
        }
        if !cm.credit.is_zero() || !cm.credit_before_cap.is_zero() {
            let _ = write!(line, "  credit {}", amount(cm.credit));
        }
        if !cm.bonus.is_zero() || !cm.bonus_before_cap.is_zero() {
            let _ = write!(line, "  bonus {}", amount(cm.bonus));
        }
        if cm.chronic_failure {
            line.push_str("  CHRONIC FAILURE");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    for g in &month.gains {
        if let Some(a) = g.amount.filter(|a| !a.is_zero() || g.amount_before_cap.is_some_and(|b| !b.is_zero())) {
            let _ = writeln!(out, "  gain {}  {}", g.id, amount(a));
        }
    }
    for e in &month.earnbacks {
        let _ = writeln!(out, "  earnback {}: credit of {} returned, {}", e.clause, e.charged_in, amount(e.amount));
    }
    let watermelon = if month.watermelon { "YES — SLAs green, experience red" } else { "no" };
    let _ = writeln!(out, "  watermelon: {watermelon}");
    for e in &month.escalations {
        let _ = writeln!(
            out,
            "  escalate {} to level {} ({}) by {} — {}",
            e.clause,
            e.level,
            e.role,
            e.due.format("%Y-%m-%d"),
            e.condition
        );
    }
}
