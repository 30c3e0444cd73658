//! Experience triangulation: each XLA's metric drawn over the same months
//! as the metrics of the contract's SLAs (the operational and technical
//! measures), one panel each on a shared month axis, so that a reader sees
//! whether a drop in experience follows the technology, the process or the
//! service. It is correlation, and the section says so.

use super::chart::{Chart, Series, Stroke};
use super::table::{write_figure, Cell, Table};
use super::{axis_limits, axis_unit, escape, plotted_value, Review};
use crate::report::{human, text};
use crate::syntax::ast::ClauseKind;
use std::fmt::Write as _;

/// Writes the triangulation section.
pub fn section(out: &mut String, review: Review) {
    let program = review.program();
    out.push_str("<section id=\"triangulation\">\n<h2>Experience triangulation</h2>\n");
    out.push_str(
        "<p>Each experience measure (XLA) is drawn above the operational and technical measures of the contract's \
         SLAs over the same months. Lines that move together are <strong>correlated; that does not show that one \
         causes the other</strong>. Use it to decide what to investigate, not to settle blame.</p>\n",
    );
    let mut operational: Vec<usize> = Vec::new();
    for c in program.clauses.iter().filter(|c| c.kind == ClauseKind::Sla) {
        if !operational.contains(&c.metric) {
            operational.push(c.metric);
        }
    }
    let mut experience: Vec<usize> = Vec::new();
    for c in program.clauses.iter().filter(|c| c.kind == ClauseKind::Xla) {
        if !experience.contains(&c.metric) {
            experience.push(c.metric);
        }
    }
    if experience.is_empty() {
        out.push_str("<p>The contract has no XLA: there is no experience measure to triangulate.</p>\n</section>\n");
        return;
    }
    if operational.is_empty() {
        out.push_str("<p>The contract has no SLA: each experience measure is shown alone.</p>\n");
    }
    for metric in experience {
        figure(out, review, metric, &operational);
    }
    out.push_str("</section>\n");
}

/// One figure: the experience metric, then each operational one.
fn figure(out: &mut String, review: Review, experience: usize, operational: &[usize]) {
    let program = review.program();
    let months = review.months();
    let settlement = review.inputs.settlement;
    let name = &program.metrics[experience].name;
    let _ = writeln!(out, "<h3>{}</h3>", escape(&format!("{name} against the operational measures")));
    let metrics: Vec<usize> = std::iter::once(experience).chain(operational.iter().copied()).collect();
    let charts: Vec<Chart> = metrics
        .iter()
        .enumerate()
        .map(|(panel, &mi)| {
            let metric = &program.metrics[mi];
            let unit = axis_unit(&metric.ty);
            let role = if panel == 0 { "experience" } else { "operational" };
            Chart {
                limits: axis_limits(&metric.ty),
                id: format!("chart-triangulation-{name}-{}", metric.name),
                title: format!("{} ({role})", metric.name),
                y_label: format!("{} ({unit})", metric.name),
                months,
                series: vec![Series {
                    name: metric.name.clone(),
                    stroke: Stroke::Solid,
                    points: review
                        .indices()
                        .map(|m| plotted_value(&settlement.months[m].metrics[mi].value, &metric.ty))
                        .collect(),
                }],
                description: format!(
                    "The monthly value of {} in {unit} from {} to {}, drawn on the same months as {name}.",
                    metric.name,
                    months[0],
                    months[months.len() - 1]
                ),
            }
        })
        .collect();
    let mut head = vec!["Month".to_string()];
    head.extend(
        metrics.iter().map(|&mi| format!("{} ({})", program.metrics[mi].name, axis_unit(&program.metrics[mi].ty))),
    );
    let rows = review
        .indices()
        .map(|m| {
            let mut row = vec![Cell::text(settlement.months[m].period.to_string())];
            row.extend(metrics.iter().map(|&mi| {
                let v = &settlement.months[m].metrics[mi].value;
                Cell::figure(human::value(v, None), text::value(v))
            }));
            row
        })
        .collect();
    let table =
        Table { caption: format!("{name} and the operational measures by month"), head, rows, foot: Vec::new() };
    write_figure(
        out,
        &format!("figure-triangulation-{name}"),
        &charts,
        &table,
        "Panels share the month axis; each has its own unit. Correlation only.",
    );
}
