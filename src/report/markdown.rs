//! `settlement-YYYY-MM.md`: the settlement of one month as a contract
//! manager reads it (LANGUAGE.md §8.4): the summary, the watermelon flag
//! stated plainly, each clause with value, target, status and money,
//! escalations with due dates and roles, earnbacks, gains, the data read
//! and the first rejected rows.

use super::standing::{self, Scaled};
use super::{human, Inputs, REJECTED_ROWS_IN_MARKDOWN};
use crate::data::RowLocation;
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
    year_to_date(&mut out, inputs, m);
    clauses(&mut out, program, month);
    measurement_periods(&mut out, inputs, m);
    pricing(&mut out, inputs, m);
    caps_applied(&mut out, inputs, m);
    escalations(&mut out, program, month);
    earnbacks(&mut out, program, month);
    open_credits(&mut out, inputs, m);
    gains(&mut out, program, month);
    negative_gains(&mut out, program, month);
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
    line!(out, "| | Amount ({currency}) |");
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
    let order = [
        Status::Met,
        Status::Missed,
        Status::Failed,
        Status::NotMeasured,
        Status::Baselining,
        Status::NotAssessed,
        Status::NotStarted,
    ];
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
    line!(
        out,
        "| Clause | Kind | Value | Volume | Target | Minimum | Status | Credit ({currency}) | Bonus ({currency}) |"
    );
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

/// For each clause measured over periods longer than a month (§7.7), the
/// period this month belongs to and when it is assessed.
fn measurement_periods(out: &mut String, inputs: Inputs, m: usize) {
    let term = &inputs.eval.term;
    let mut any = false;
    for clause in &inputs.eval.program.clauses {
        let Some(every) = clause.measured_every else { continue };
        let period = term.period_of(every, term.first_month(clause.from), m);
        let months = |span: crate::eval::MonthSpan| {
            let (first, last) = (term.month_at(span.first), term.month_at(span.last));
            if span.is_window() {
                format!("{first} to {last}")
            } else {
                first.to_string()
            }
        };
        let when = if period.last == m {
            format!("its figures are over {}, assessed this month", months(period))
        } else {
            format!("this month belongs to the period {}, assessed in {}", months(period), term.month_at(period.last))
        };
        line!(out, "- `{}` is measured every {every} months: {when}.", clause.id);
        any = true;
    }
    if any {
        line!(out);
    }
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
    line!(out, "| Clause | Credit charged in | Amount returned ({}) |", program.contract.currency);
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
    line!(out, "| Gain | Value | Share | Amount ({currency}) |");
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
    let files: Vec<(&str, &crate::eval::FileInput)> =
        inputs.eval.inputs.iter().flat_map(|d| d.files.iter().map(move |f| (d.dataset.as_str(), f))).collect();
    let used = |f: &crate::eval::FileInput| f.rows_used.get(m).copied().unwrap_or(0);
    let listed: Vec<&(&str, &crate::eval::FileInput)> = files.iter().filter(|(_, f)| used(f) > 0).collect();
    line!(out, "| Dataset | File | Rows read | Used this month | Rejected | Without period |");
    line!(out, "|---|---|---:|---:|---:|---:|");
    for (dataset, f) in &listed {
        line!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            dataset,
            cell(&f.path),
            f.rows_read,
            used(f),
            f.rows_rejected,
            f.rows_without_period
        );
    }
    let sum = |g: fn(&crate::eval::FileInput) -> u64| listed.iter().map(|(_, f)| g(f)).sum::<u64>();
    line!(
        out,
        "| **Total** | {} file{} | {} | {} | {} | {} |",
        listed.len(),
        if listed.len() == 1 { "" } else { "s" },
        sum(|f| f.rows_read),
        listed.iter().map(|(_, f)| used(f)).sum::<u64>(),
        sum(|f| f.rows_rejected),
        sum(|f| f.rows_without_period)
    );
    line!(out);
    engines(out, inputs);
    data_notes(out, files.len() - listed.len());
    for (_, f) in files.iter().filter(|(_, f)| f.lines != f.rows_read) {
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

/// What the columns of "Data read" mean, and the files left out.
fn data_notes(out: &mut String, without_rows: usize) {
    if without_rows > 0 {
        let (files, have) = if without_rows == 1 { ("file", "has") } else { ("files", "have") };
        line!(
            out,
            "{without_rows} other input {files} of the term {have} no row in this month and {} not listed.",
            if without_rows == 1 { "is" } else { "are" }
        );
        line!(out);
    }
    line!(
        out,
        "*Rows read*, *Rejected* and *Without period* count the whole file. *Used this month* counts the rows \
         that fall in this month (a row with a start and an end counts in every month it overlaps). *Without \
         period* rows have a period column that is empty or falls in no month of the contract term, so they \
         count in no month: check them if the figure is large."
    );
    line!(out);
}

/// The contract year so far and what is left of the annual cap.
fn year_to_date(out: &mut String, inputs: Inputs, m: usize) {
    let currency = inputs.eval.program.contract.currency;
    let ytd = standing::year_to_date(inputs, m);
    let money = |d: Decimal| human::money(d, currency);
    line!(out, "## Year to date");
    line!(out);
    line!(out, "Contract year from {} through {}:", ytd.first, ytd.last);
    line!(out);
    line!(out, "| | Amount ({currency}) |");
    line!(out, "|---|---:|");
    line!(out, "| Service credits | {} |", human::amount(ytd.credits, currency));
    line!(out, "| Earnbacks | {} |", human::amount(ytd.earnbacks, currency));
    line!(out, "| Bonuses and gains | {} |", human::amount(ytd.bonuses_and_gains, currency));
    line!(out, "| Net payable | {} |", human::amount(ytd.net, currency));
    match &ytd.annual {
        Some(annual) => {
            line!(out, "| Annual cap | {} |", human::amount(annual.cap, currency));
            line!(out, "| **Annual cap left** | **{}** |", human::amount(annual.left, currency));
            line!(out);
            line!(
                out,
                "The annual cap ({}) limits the service credits to {}; {} of it is used and {} is left. \
                 Earnbacks do not restore it.",
                annual.written,
                money(annual.cap),
                money(annual.used),
                money(annual.left)
            );
        }
        None => {
            line!(out);
            line!(out, "The contract has no annual cap: only the monthly cap limits credits.");
        }
    }
    line!(out);
}

/// Which caps scaled this month's lines, and from what.
fn caps_applied(out: &mut String, inputs: Inputs, m: usize) {
    let contract = &inputs.eval.program.contract;
    let currency = contract.currency;
    let applied = standing::caps_applied(inputs, m);
    let money = |d: Decimal| human::money(d, currency);
    let scaled = |s: Scaled| format!("from {} to {}", money(s.from), money(s.to));
    let mut notes = Vec::new();
    if let Some(s) = applied.monthly {
        notes.push(format!(
            "The **monthly cap** (at_risk {} of the monthly fee) scaled the credit lines {}: each line was \
             multiplied by cap ÷ total and rounded, the rounding difference going to the largest line.",
            contract.at_risk,
            scaled(s)
        ));
    }
    if let Some(s) = applied.annual {
        notes.push(format!(
            "The **annual cap** scaled them again {}: that is what was left of it in this contract year.",
            scaled(s)
        ));
    }
    if let Some(s) = applied.gain {
        notes.push(format!(
            "The **gain cap** (gain_cap {} of the monthly fee) scaled the bonus and gain lines {}.",
            contract.gain_cap,
            scaled(s)
        ));
    }
    if notes.is_empty() {
        return;
    }
    line!(out, "### Caps applied");
    line!(out);
    for note in notes {
        line!(out, "- {note}");
    }
    line!(out);
}

/// Credits charged and not yet earned back, at the end of this month.
fn open_credits(out: &mut String, inputs: Inputs, m: usize) {
    let program = inputs.eval.program;
    if program.clauses.iter().all(|c| c.earnback_after.is_none()) {
        return;
    }
    let currency = program.contract.currency;
    let open = standing::open_credits(inputs, m);
    line!(out, "## Credits open to earnback");
    line!(out);
    if open.is_empty() {
        line!(out, "None: no clause with an earnback has a credit outstanding.");
        line!(out);
        return;
    }
    line!(out, "| Clause | Charged in | Amount ({currency}) | Returned after | Met months in a row so far |");
    line!(out, "|---|---|---:|---|---:|");
    for o in &open {
        line!(
            out,
            "| {} | {} | {} | {} consecutive months met | {} |",
            clause_name(program, &program.clauses[o.clause].id),
            o.charged_in,
            human::amount(o.amount, currency),
            o.after,
            o.met_so_far
        );
    }
    let total = open.iter().fold(Decimal::ZERO, |acc, o| acc.saturating_add(o.amount));
    line!(out, "| **Total** | | **{}** | | |", human::amount(total, currency));
    line!(out);
}

/// A gain whose value is negative pays nothing: says so under the gains.
fn negative_gains(out: &mut String, program: &Program, month: &MonthSettlement) {
    let negative: Vec<&str> = month
        .gains
        .iter()
        .filter(|g| g.value.decimal().is_some_and(|v| v < Decimal::ZERO))
        .map(|g| g.id.as_str())
        .collect();
    if negative.is_empty() || program.gains.is_empty() {
        return;
    }
    line!(
        out,
        "A negative value ({}) pays 0: a gain shares savings with the provider but never charges it for a loss \
         (the line is max(0, value) × share).",
        negative.join(", ")
    );
    line!(out);
}

/// Which engine computed which dataset, when an engine computed any
/// (`xla settle --states`); nothing when every dataset was read here.
fn engines(out: &mut String, inputs: Inputs) {
    let datasets = &inputs.eval.inputs;
    if datasets.iter().all(|d| d.engine == crate::eval::LOCAL_ENGINE) {
        return;
    }
    let each: Vec<String> = datasets
        .iter()
        .map(|d| match d.engine.as_str() {
            crate::eval::LOCAL_ENGINE => format!("`{}` read here", d.dataset),
            engine => format!("`{}` computed by {} (its states file)", d.dataset, cell(engine)),
        })
        .collect();
    line!(out, "Engines: {}.", each.join("; "));
    line!(out);
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
        let at = match &r.at {
            RowLocation::Line(line) => format!("line {line}"),
            RowLocation::SheetRow { sheet, row } => format!("sheet {} row {row}", cell(sheet)),
            RowLocation::Key(key) => format!("row with key {}", cell(key)),
        };
        line!(out, "- {} {at}{column}: {}", cell(&r.file), cell(&r.reason));
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
