//! `settlement-YYYY-MM.md`: the settlement of one month as a contract
//! manager reads it (LANGUAGE.md §8.4): the summary, the watermelon flag
//! stated plainly, each clause with value, target, status and money,
//! escalations with due dates and roles, earnbacks, gains, the data read
//! and the first rejected rows.

use super::{human, Inputs, REJECTED_ROWS_IN_MARKDOWN};
use crate::ir::Program;
use crate::settle::{MonthSettlement, Status};
use crate::syntax::ast::ClauseKind;
use crate::value::{Currency, Decimal};
use std::fmt::Write as _;

/// The Markdown report of month `m` (an index into the settled months).
pub fn settlement_markdown(inputs: Inputs, m: usize) -> String {
    let program = inputs.eval.program;
    let month = &inputs.settlement.months[m];
    let mut out = String::new();
    header(&mut out, inputs, month);
    summary(&mut out, program, month);
    clauses(&mut out, program, month);
    pricing(&mut out, inputs, m);
    escalations(&mut out, program, month);
    earnbacks(&mut out, program, month);
    gains(&mut out, program, month);
    data(&mut out, inputs, m);
    rejected(&mut out, inputs);
    out
}

/// Writes one line into `out` (writing into a `String` cannot fail).
macro_rules! line {
    ($out:expr) => { $out.push('\n') };
    ($out:expr, $($arg:tt)*) => {{ let _ = writeln!($out, $($arg)*); }};
}

fn header(out: &mut String, inputs: Inputs, month: &MonthSettlement) {
    let c = &inputs.eval.program.contract;
    line!(out, "# Settlement {}: {}", month.period, cell(&c.name));
    line!(out);
    line!(
        out,
        "Client **{}**, provider **{}**. Contract `{}` (SHA-256 `{}`), term {} to {}.",
        cell(&c.client),
        cell(&c.provider),
        inputs.contract.root.path,
        inputs.contract.root.sha256,
        c.start.format("%Y-%m-%d"),
        c.end.format("%Y-%m-%d"),
    );
    line!(out);
}

fn summary(out: &mut String, program: &Program, month: &MonthSettlement) {
    let currency = program.contract.currency;
    let t = &month.totals;
    let signed = |sign: char, d: Decimal| human::signed_money(sign, d, currency);
    line!(out, "## Summary");
    line!(out);
    line!(out, "| | Amount |");
    line!(out, "|---|---:|");
    line!(out, "| Monthly fee | {} |", human::money(t.monthly_fee, currency));
    line!(out, "| Service credits | {} |", signed('−', t.credits));
    line!(out, "| Earnbacks | {} |", signed('+', t.earnbacks));
    line!(out, "| Bonuses and gains | {} |", signed('+', t.bonuses_and_gains));
    line!(out, "| **Net payable** | **{}** |", human::money(t.net, currency));
    line!(out);
    line!(out, "{}", watermelon(program, month));
    line!(out);
    if !month.chronic_failure.is_empty() {
        let names: Vec<String> = month.chronic_failure.iter().map(|id| clause_name(program, id)).collect();
        line!(out, "**Chronic failure** flagged for {} (in most contracts a termination right).", names.join(", "));
        line!(out);
    }
}

/// The watermelon flag in plain words, with the statuses behind it.
fn watermelon(program: &Program, month: &MonthSettlement) -> String {
    let of_kind = |kind: ClauseKind| {
        program.clauses.iter().zip(&month.clauses).filter(move |(c, _)| c.kind == kind).map(|(c, cm)| (c, cm.status))
    };
    let red: Vec<String> = of_kind(ClauseKind::Xla)
        .filter(|(_, s)| s.is_missed())
        .map(|(c, s)| {
            let title = if c.title == c.id { String::new() } else { format!(" ({})", cell(&c.title)) };
            format!("{}{title} is {}", c.id, s.as_str())
        })
        .collect();
    if month.watermelon {
        let met = of_kind(ClauseKind::Sla).filter(|(_, s)| *s == Status::Met).count();
        format!(
            "**Watermelon: yes.** The SLAs are green ({met} met, none missed or failed) while experience is red: {}.",
            red.join("; ")
        )
    } else {
        format!(
            "**Watermelon: no.** SLAs: {}. XLAs: {}.",
            tally(of_kind(ClauseKind::Sla).map(|(_, s)| s)),
            tally(of_kind(ClauseKind::Xla).map(|(_, s)| s))
        )
    }
}

/// Counts of statuses, in the order of §7.1: `2 met, 1 failed`; `none` if empty.
fn tally(statuses: impl Iterator<Item = Status>) -> String {
    let statuses: Vec<Status> = statuses.collect();
    let order =
        [Status::Met, Status::Missed, Status::Failed, Status::NotMeasured, Status::Baselining, Status::NotStarted];
    let parts: Vec<String> = order
        .iter()
        .filter_map(|s| {
            let n = statuses.iter().filter(|x| *x == s).count();
            (n > 0).then(|| format!("{n} {}", s.as_str()))
        })
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

fn clauses(out: &mut String, program: &Program, month: &MonthSettlement) {
    let currency = program.contract.currency;
    line!(out, "## Clauses");
    line!(out);
    if month.clauses.is_empty() {
        line!(out, "The contract has no clauses.");
        line!(out);
        return;
    }
    line!(out, "| Clause | Kind | Value | Volume | Target | Minimum | Status | Credit | Bonus |");
    line!(out, "|---|---|---:|---:|---|---|---|---:|---:|");
    for cm in &month.clauses {
        let clause = &program.clauses[cm.clause];
        let ty = &program.metrics[clause.metric].ty;
        let kind = match clause.kind {
            ClauseKind::Sla => "SLA",
            ClauseKind::Xla => "XLA",
        };
        let bound = |t: Option<crate::ir::Threshold>| t.map_or_else(|| "—".to_string(), |t| human::threshold(t, ty));
        line!(
            out,
            "| {} | {kind} | {} | {} | {} | {} | {} | {} | {} |",
            clause_name(program, &clause.id),
            human::value(&cm.value.value, cm.target.map(|t| t.value)),
            cm.value.volume.map_or_else(|| "—".to_string(), |v| v.to_string()),
            bound(cm.target),
            bound(clause.minimum),
            cm.status.as_str(),
            capped(cm.credit_before_cap, cm.credit, currency),
            capped(cm.bonus_before_cap, cm.bonus, currency),
        );
    }
    line!(out);
}

/// How each credit line of the month was priced: the regime's figures, the
/// multipliers and the caps (LANGUAGE.md §7.2–§7.2b). Clauses that price
/// nothing this month are left out.
fn pricing(out: &mut String, inputs: Inputs, m: usize) {
    let month = &inputs.settlement.months[m];
    let priced: Vec<&crate::settle::ClauseMonth> = month
        .clauses
        .iter()
        .filter(|cm| !cm.credit_before_cap.is_zero() || cm.points.is_some_and(|p| !p.is_zero()))
        .collect();
    if priced.is_empty() {
        return;
    }
    line!(out, "## How each credit was priced");
    line!(out);
    for cm in priced {
        line!(out, "{}:", clause_name(inputs.eval.program, &inputs.eval.program.clauses[cm.clause].id));
        line!(out);
        for text in super::pricing::credit_lines(inputs, cm.clause, m) {
            line!(out, "- {}", composed(text.trim_start()));
        }
        line!(out);
    }
}

/// An amount, with the amount before the cap when the cap changed it.
fn capped(before: Decimal, after: Decimal, currency: Currency) -> String {
    if before == after {
        human::amount(after, currency)
    } else {
        format!("{} (capped from {})", human::amount(after, currency), human::amount(before, currency))
    }
}

fn escalations(out: &mut String, program: &Program, month: &MonthSettlement) {
    line!(out, "## Escalations");
    line!(out);
    if month.escalations.is_empty() {
        line!(out, "None this month.");
        line!(out);
        return;
    }
    line!(out, "| Clause | Level | Role | Due | Because |");
    line!(out, "|---|---:|---|---|---|");
    for e in &month.escalations {
        line!(
            out,
            "| {} | {} | {} | {} | {} |",
            clause_name(program, &e.clause),
            e.level,
            cell(&e.role),
            e.due.format("%Y-%m-%d"),
            cell(&e.condition)
        );
    }
    line!(out);
}

fn earnbacks(out: &mut String, program: &Program, month: &MonthSettlement) {
    line!(out, "## Earnbacks");
    line!(out);
    if month.earnbacks.is_empty() {
        line!(out, "None this month.");
        line!(out);
        return;
    }
    line!(out, "| Clause | Credit charged in | Amount returned |");
    line!(out, "|---|---|---:|");
    for e in &month.earnbacks {
        line!(
            out,
            "| {} | {} | {} |",
            clause_name(program, &e.clause),
            e.charged_in,
            human::amount(e.amount, program.contract.currency)
        );
    }
    line!(out);
}

fn gains(out: &mut String, program: &Program, month: &MonthSettlement) {
    if month.gains.is_empty() {
        return;
    }
    let currency = program.contract.currency;
    line!(out, "## Gains");
    line!(out);
    line!(out, "| Gain | Value | Share | Amount |");
    line!(out, "|---|---:|---:|---:|");
    for (gain, line) in program.gains.iter().zip(&month.gains) {
        let title = if gain.title == gain.id { String::new() } else { format!(" — {}", cell(&gain.title)) };
        let amount = match (line.amount_before_cap, line.amount) {
            (Some(before), Some(after)) => capped(before, after, currency),
            _ => "no line this month".to_string(),
        };
        line!(out, "| {}{title} | {} | {} | {amount} |", gain.id, human::value(&line.value, None), gain.share);
    }
    line!(out);
}

fn data(out: &mut String, inputs: Inputs, m: usize) {
    line!(out, "## Data read");
    line!(out);
    line!(out, "| Dataset | File | Rows read | Used this month | Rejected | Without period |");
    line!(out, "|---|---|---:|---:|---:|---:|");
    for dataset in &inputs.eval.inputs {
        for f in &dataset.files {
            line!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                dataset.dataset,
                cell(&f.path),
                f.rows_read,
                f.rows_used.get(m).copied().unwrap_or(0),
                f.rows_rejected,
                f.rows_without_period
            );
        }
    }
    line!(out);
    for dataset in &inputs.eval.inputs {
        for f in dataset.files.iter().filter(|f| f.lines != f.rows_read) {
            line!(
                out,
                "**Warning:** {} holds {} rows on {} physical lines: some records span several lines. \
                 Check that they are multi-line text and not a stray quote that merged rows.",
                cell(&f.path),
                f.rows_read,
                f.lines
            );
            line!(out);
        }
    }
}

fn rejected(out: &mut String, inputs: Inputs) {
    let eval = inputs.eval;
    line!(out, "## Rejected rows");
    line!(out);
    if eval.rejected_total == 0 {
        line!(out, "None: every row read was accepted.");
        return;
    }
    let shown = eval.rejections.len().min(REJECTED_ROWS_IN_MARKDOWN);
    let rows = if eval.rejected_total == 1 { "row was" } else { "rows were" };
    line!(
        out,
        "{} {rows} rejected, within what the datasets allow (`reject up to`); they count in no month.{}",
        eval.rejected_total,
        if (shown as u64) < eval.rejected_total { format!(" The first {shown}:") } else { String::new() }
    );
    line!(out);
    for r in eval.rejections.iter().take(shown) {
        let column = r.column.as_ref().map_or_else(String::new, |c| format!(", column {}", cell(c)));
        match &r.sheet {
            Some(sheet) => {
                line!(out, "- {} sheet {} row {}{column}: {}", cell(&r.file), cell(sheet), r.line, cell(&r.reason))
            }
            None => line!(out, "- {} line {}{column}: {}", cell(&r.file), r.line, cell(&r.reason)),
        }
    }
}

/// A clause's id with its title, when it has one: `p1 — P1 incident resolution`.
fn clause_name(program: &Program, id: &str) -> String {
    match program.clauses.iter().find(|c| c.id == id) {
        Some(c) if c.title != c.id => format!("{id} — {}", cell(&c.title)),
        _ => id.to_string(),
    }
}

/// Text the report composes from the contract's structure (ids, keywords,
/// numbers, operators), never free text from the contract or the data: its
/// code spans stay, and only what Markdown would misread is escaped (`*`
/// of a product, `|` that would break a table).
fn composed(text: &str) -> String {
    text.replace('|', "\\|").replace('*', "\\*")
}

/// Text from the contract or the data made inert and exact: every ASCII
/// character that Markdown or inline HTML give a meaning to is escaped with
/// a backslash (CommonMark renders `\<` as `<`), so a rejected cell holding
/// `<img src=x onerror=…>` or `![](http://…)` reads as that text instead of
/// becoming live HTML or an image; `|` cannot break a table row; line
/// breaks become spaces.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
