//! The watermelon view (LANGUAGE.md §8.6): every SLA and XLA, month by
//! month, side by side, with the months where the SLAs are green while
//! experience is red flagged.

use super::table::{write_table, Cell, Table};
use super::{clause_name, Review};
use crate::syntax::ast::ClauseKind;
use std::fmt::Write as _;

/// Writes the watermelon section.
pub fn section(out: &mut String, review: Review) {
    let program = review.program();
    let settlement = review.inputs.settlement;
    out.push_str("<section id=\"watermelon\">\n<h2>SLAs and XLAs side by side</h2>\n");
    let flagged: Vec<String> = review
        .indices()
        .filter(|&m| settlement.months[m].watermelon)
        .map(|m| settlement.months[m].period.to_string())
        .collect();
    let _ = writeln!(
        out,
        "<p>A <em>watermelon</em> month is green outside and red inside: no SLA missed or failed and at least one met, \
         while at least one XLA is missed or failed. {}</p>",
        if flagged.is_empty() {
            "No month reviewed is a watermelon month.".to_string()
        } else {
            format!("Flagged: <strong>{}</strong>.", super::escape(&flagged.join(", ")))
        }
    );
    let mut head = vec!["Clause".to_string(), "Kind".to_string()];
    head.extend(review.months().iter().map(|p| p.to_string()));
    let mut rows = Vec::new();
    for (kind, name) in [(ClauseKind::Sla, "SLA"), (ClauseKind::Xla, "XLA")] {
        for (ci, _) in program.clauses.iter().enumerate().filter(|(_, c)| c.kind == kind) {
            let mut row = vec![Cell::text(clause_name(program, ci)), Cell::text(name)];
            row.extend(review.indices().map(|m| Cell::status(settlement.months[m].clauses[ci].status.as_str())));
            rows.push(row);
        }
    }
    let mut flags = vec![Cell::text("Watermelon month"), Cell::text("")];
    flags.extend(review.indices().map(|m| {
        let yes = settlement.months[m].watermelon;
        Cell {
            text: if yes { "yes".to_string() } else { "no".to_string() },
            class: Some(if yes { "flag flag-yes" } else { "flag" }.to_string()),
            value: Some(yes.to_string()),
        }
    }));
    out.push_str("<div class=\"grid\">\n");
    write_table(out, &Table { caption: "Status of every clause by month".to_string(), head, rows, foot: vec![flags] });
    out.push_str("</div>\n");
    out.push_str(
        "<p class=\"small\">Statuses: <span class=\"status status-met\">met</span> the target is met; \
         <span class=\"status status-missed\">missed</span> the target is missed but the minimum is met; \
         <span class=\"status status-failed\">failed</span> the minimum is missed; \
         <span class=\"status status-not_measured\">not measured</span> no value or too little volume; \
         <span class=\"status status-baselining\">baselining</span> inside the baseline window; \
         <span class=\"status status-not_started\">not started</span> before the clause applies.</p>\n</section>\n",
    );
}
