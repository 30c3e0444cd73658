//! The metric a clause measures: its value and volume this month, and its
//! definition as written, with the definitions of the metrics it uses.

use super::{with_exact, Section, Uses};
use crate::check::Checked;
use crate::report::Inputs;
use crate::settle::Status;
use crate::syntax::ast::ItemKind;

/// The "Metric" section.
pub fn metric_section(inputs: Inputs, checked: &Checked, ci: usize, m: usize) -> Section {
    let program = inputs.eval.program;
    let clause = &program.clauses[ci];
    let metric = &program.metrics[clause.metric];
    let value = &inputs.settlement.tracks[ci].values[m];
    let volume = match value.volume {
        _ if inputs.settlement.tracks[ci].statuses[m] == Status::NotAssessed => {
            "not assessed this month (the clause is measured over longer periods)".to_string()
        }
        Some(v) => format!("volume {v} (min_volume {})", clause.min_volume),
        None => "always measured (made only of count, sum or distinct)".to_string(),
    };
    let mut lines =
        vec![format!("{} ({}): {}, {volume}", metric.name, metric.ty.unit_name(), with_exact(&value.value))];
    lines.extend(definition(checked, &metric.name));
    for id in Uses::of(program, &metric.expr).metrics {
        lines.push(format!("uses {}:", program.metrics[id].name));
        lines.extend(definition(checked, &program.metrics[id].name));
    }
    Section { heading: "Metric", lines }
}

/// The metric item named `name` as written (doc comment first), indented.
fn definition(checked: &Checked, name: &str) -> Vec<String> {
    for (file, ast) in &checked.asts {
        for item in &ast.items {
            let ItemKind::Metric(metric) = &item.kind else { continue };
            if metric.name.name != name {
                continue;
            }
            let mut lines: Vec<String> =
                item.doc.iter().flat_map(|d| d.lines()).map(|l| format!("  ///{}", prefixed(l))).collect();
            // The item as written: from its keyword to the end of its expression.
            let span = crate::source::Span { end: metric.expr.span.end, ..item.span };
            let text = checked.sources.get(*file).slice(span);
            lines.extend(text.trim_end().lines().map(|l| format!("  {}", l.trim_end())));
            return lines;
        }
    }
    Vec::new()
}

/// A doc line with one space after the slashes.
fn prefixed(line: &str) -> String {
    if line.is_empty() || line.starts_with(' ') {
        line.to_string()
    } else {
        format!(" {line}")
    }
}
