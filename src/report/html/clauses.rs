//! Every clause month by month: its value against the target in force as
//! it was in each month (targets move with baselines and review periods)
//! and the minimum, the statuses, the credit and bonus lines with how each
//! was priced, and the escalations with their due dates.

use super::chart::{Chart, Series, Stroke};
use super::table::{write_figure, write_table, Cell, Table};
use super::{axis_limits, axis_unit, clause_name, escape, plotted, plotted_value, Review};
use crate::report::explain::money_section;
use crate::report::{human, text};
use crate::syntax::ast::ClauseKind;
use crate::value::Decimal;
use std::fmt::Write as _;

/// Writes the clauses section.
pub fn section(out: &mut String, review: Review) {
    let program = review.program();
    out.push_str("<section id=\"clauses\">\n<h2>Clause by clause</h2>\n");
    if program.clauses.is_empty() {
        out.push_str("<p>The contract has no clauses.</p>\n");
    }
    for ci in 0..program.clauses.len() {
        clause(out, review, ci);
    }
    out.push_str("</section>\n");
}

fn clause(out: &mut String, review: Review, ci: usize) {
    let inputs = review.inputs;
    let program = review.program();
    let clause = &program.clauses[ci];
    let metric = &program.metrics[clause.metric];
    let ty = &metric.ty;
    let currency = program.contract.currency;
    let track = &inputs.settlement.tracks[ci];
    let months = review.months();
    let kind = match clause.kind {
        ClauseKind::Sla => "SLA",
        ClauseKind::Xla => "XLA",
    };
    let id = format!("clause-{}", clause.id);
    let _ = writeln!(out, "<article class=\"clause\" id=\"{}\">", escape(&id));
    let _ = writeln!(out, "<h3><span class=\"kind\">{kind}</span> {}</h3>", escape(&clause_name(program, ci)));
    let doc = metric.doc.as_deref().map_or_else(String::new, |d| format!(" {}", escape(&d.trim())));
    let _ = writeln!(
        out,
        "<p>Metric <code>{}</code> ({}).{doc} Minimum: {}.</p>",
        escape(&metric.name),
        ty.unit_name(),
        escape(&clause.minimum.map_or_else(|| "none".to_string(), |t| human::threshold(t, ty)))
    );

    let bound = |t: Option<crate::ir::Threshold>| t.map_or_else(|| "—".to_string(), |t| human::threshold(t, ty));
    let money = |d: Decimal| Cell::figure(human::amount(d, currency), Some(text::money(d, currency)));
    let rows = review
        .indices()
        .map(|m| {
            let cm = &inputs.settlement.months[m].clauses[ci];
            vec![
                Cell::text(inputs.eval.term.months[m].to_string()),
                Cell::figure(human::value(&cm.value.value, cm.target.map(|t| t.value)), text::value(&cm.value.value)),
                Cell::figure(cm.value.volume.map_or_else(|| "—".to_string(), |v| v.to_string()), None),
                Cell { text: bound(cm.target), class: Some("level".to_string()), value: None },
                Cell::status(cm.status.as_str()),
                money(cm.credit),
                money(cm.bonus),
            ]
        })
        .collect();
    let table = Table {
        caption: format!("{} by month", clause.id),
        head: ["Month", "Value", "Volume", "Target in force", "Status"]
            .map(String::from)
            .into_iter()
            .chain([format!("Credit ({currency})"), format!("Bonus ({currency})")])
            .collect(),
        rows,
        foot: Vec::new(),
    };
    let unit = axis_unit(ty);
    let mut series = vec![Series {
        name: format!("Value of {}", metric.name),
        stroke: Stroke::Solid,
        points: review.indices().map(|m| plotted_value(&track.values[m].value, ty)).collect(),
    }];
    series.push(Series {
        name: "Target in force".to_string(),
        stroke: Stroke::DashedSteps,
        points: review.indices().map(|m| track.targets[m].and_then(|t| plotted(t.value, ty))).collect(),
    });
    if let Some(minimum) = clause.minimum {
        series.push(Series {
            name: "Minimum".to_string(),
            stroke: Stroke::DottedSteps,
            points: vec![plotted(minimum.value, ty); months.len()],
        });
    }
    let chart = Chart {
        limits: axis_limits(ty),
        id: format!("chart-{}", clause.id),
        title: format!("{}: value against target", clause_name(program, ci)),
        y_label: format!("{} ({unit})", metric.name),
        months,
        series,
        description: format!(
            "The monthly value of {} in {unit} from {} to {}, with the target in force each month{}. \
             The table beside the chart gives each month's value, target, status and money.",
            metric.name,
            months[0],
            months[months.len() - 1],
            if clause.minimum.is_some() { " and the minimum" } else { "" }
        ),
    };
    write_figure(
        out,
        &format!("figure-{}", clause.id),
        &[chart],
        &table,
        "The target is drawn as it was in force each month: it moves when a baseline is set or a review period resets it.",
    );
    pricing(out, review, ci);
    escalations(out, review, ci);
    out.push_str("</article>\n");
}

/// How each money line of the clause was priced, from the settlement.
fn pricing(out: &mut String, review: Review, ci: usize) {
    let inputs = review.inputs;
    let priced: Vec<usize> = review
        .indices()
        .filter(|&m| {
            let cm = &inputs.settlement.months[m].clauses[ci];
            cm.credit_before_cap > Decimal::ZERO || cm.bonus_before_cap > Decimal::ZERO
        })
        .collect();
    if priced.is_empty() {
        out.push_str("<p>No credit or bonus line in the months reviewed.</p>\n");
        return;
    }
    out.push_str("<h4>How the money lines were priced</h4>\n<dl class=\"pricing\">\n");
    for m in priced {
        let _ = writeln!(out, "<dt>{}</dt>", inputs.eval.term.months[m]);
        for line in money_section(inputs, ci, m).lines {
            let _ = writeln!(out, "<dd>{}</dd>", escape(&line.trim()));
        }
    }
    out.push_str("</dl>\n");
}

fn escalations(out: &mut String, review: Review, ci: usize) {
    let inputs = review.inputs;
    let id = &review.program().clauses[ci].id;
    let rows: Vec<Vec<Cell>> = review
        .indices()
        .flat_map(|m| {
            let month = &inputs.settlement.months[m];
            month.escalations.iter().filter(|e| &e.clause == id).map(move |e| {
                vec![
                    Cell::text(month.period.to_string()),
                    Cell::figure(e.level.to_string(), None),
                    Cell::text(e.role.clone()),
                    Cell::text(e.due.format("%Y-%m-%d").to_string()),
                    Cell::text(e.condition.clone()),
                ]
            })
        })
        .collect();
    if rows.is_empty() {
        out.push_str("<p>No escalation in the months reviewed.</p>\n");
        return;
    }
    write_table(
        out,
        &Table {
            caption: format!("Escalations of {id}"),
            head: ["Month", "Level", "Role", "Due by", "Because"].map(String::from).to_vec(),
            rows,
            foot: Vec::new(),
        },
    );
}
