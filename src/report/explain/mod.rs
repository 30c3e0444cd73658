//! `xla explain`: how one clause's figure in one month came about — the
//! metric and its definition, each aggregate's population and value (for
//! `percent`, the rows meeting and not meeting, with the ids of the first
//! failing rows), the target in force and why, the status and the rule of
//! LANGUAGE.md §7.1 that gave it, and the money lines.
//!
//! The figures are those of the settlement; only the rows behind a
//! `percent` aggregate need a dedicated pass over its dataset.

mod gain;
mod money;
mod render;
mod rows;
mod rules;
mod source;
mod status;
mod target;

pub use money::section as money_section;
pub use rows::{percent_rows, PercentRows, FAILING_IDS_SHOWN};

use super::{human, Inputs, ReportError};
use crate::check::Checked;
use crate::data::LoadError;
use crate::eval::Period;
use crate::ir::{MetricExpr, Program};
use std::collections::HashSet;
use std::path::Path;

/// The explanation of one clause in one month, in sections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The first line: clause, kind, title and month.
    pub title: String,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
}

/// One part of an explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub heading: &'static str,
    /// Its lines (indented lines belong to the line before).
    pub lines: Vec<String>,
}

/// Why a clause could not be explained.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// No clause or gain has this id.
    #[error("no clause or gain `{clause}` in the contract{}", did_you_mean(suggestion, known))]
    UnknownClause {
        /// The id asked for.
        clause: String,
        /// The closest id, if one is close.
        suggestion: Option<String>,
        /// Every clause id, then every gain id, in file order.
        known: Vec<String>,
    },
    /// The month is not among the settled months.
    #[error(transparent)]
    NotSettled(#[from] ReportError),
    /// A dataset could not be read again for the rows behind an aggregate.
    #[error("dataset `{dataset}`: {error}")]
    Load {
        /// The dataset.
        dataset: String,
        /// What went wrong.
        #[source]
        error: LoadError,
    },
}

fn did_you_mean(suggestion: &Option<String>, known: &[String]) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None if known.is_empty() => "; it has no clauses".to_string(),
        None => format!(
            "; its clauses and gains are {}",
            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// What an id names: a clause or a gain (by index in the program).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// An `sla` or `xla` clause.
    Clause(usize),
    /// A `gain`.
    Gain(usize),
}

/// The clause or gain with id `id`, or an error that suggests the closest id.
pub fn find_subject(program: &Program, id: &str) -> Result<Subject, ExplainError> {
    if let Some(ci) = program.clauses.iter().position(|c| c.id == id) {
        return Ok(Subject::Clause(ci));
    }
    if let Some(gi) = program.gains.iter().position(|g| g.id == id) {
        return Ok(Subject::Gain(gi));
    }
    let known: Vec<String> =
        program.clauses.iter().map(|c| c.id.clone()).chain(program.gains.iter().map(|g| g.id.clone())).collect();
    let suggestion = crate::diagnostic::did_you_mean(id, known.iter().map(String::as_str)).map(str::to_string);
    Err(ExplainError::UnknownClause { clause: id.to_string(), suggestion, known })
}

/// Explains clause or gain `clause` in month `period`. `checked` supplies the
/// contract's source text; `data_dir` is read again for the rows behind
/// `percent` aggregates.
pub fn explain(
    inputs: Inputs,
    checked: &Checked,
    data_dir: &Path,
    clause: &str,
    period: Period,
) -> Result<Explanation, ExplainError> {
    let program = inputs.eval.program;
    let m = inputs.month_index(period)?;
    let ci = match find_subject(program, clause)? {
        Subject::Clause(ci) => ci,
        Subject::Gain(gi) => {
            let g = &program.gains[gi];
            let title = if g.title == g.id { String::new() } else { format!(" \"{}\"", g.title) };
            let title = format!("gain {}{title}, {period}", g.id);
            return Ok(Explanation { title, sections: gain::sections(inputs, gi, m) });
        }
    };
    let c = &program.clauses[ci];
    let kind = c.kind.keyword();
    let title = if c.title == c.id { String::new() } else { format!(" \"{}\"", c.title) };
    let sections = vec![
        source::metric_section(inputs, checked, ci, m),
        rows::aggregates_section(inputs, data_dir, ci, m)?,
        target::section(inputs, ci, m),
        status::section(inputs, ci, m),
        money::section(inputs, ci, m),
        rules::section(inputs, ci, m),
    ];
    Ok(Explanation { title: format!("{kind} {}{title}, {period}", c.id), sections })
}

/// What a metric expression reads, directly or through other metrics, in
/// order of first use.
#[derive(Default)]
struct Uses {
    /// Metrics, including those only used through `baseline(..)`.
    metrics: Vec<usize>,
    /// Aggregates whose value this month counts (not those behind a
    /// baseline, which is a mean over its window).
    aggregates: Vec<usize>,
    /// `scheduled(..)` (with its `over`, if any) this month.
    scheduled: Vec<MetricExpr>,
}

impl Uses {
    /// Everything `expr` uses. A depth-first walk in source order with its
    /// own stack, visiting each metric once per kind of use, so a long or
    /// much-shared chain of metrics costs neither stack nor repeated work.
    fn of(program: &Program, expr: &MetricExpr) -> Uses {
        let mut uses = Uses::default();
        let mut seen: [HashSet<usize>; 2] = Default::default();
        let mut walked: HashSet<(usize, bool)> = HashSet::new();
        let mut stack = vec![(expr, true)];
        let push = |list: &mut Vec<usize>, seen: &mut HashSet<usize>, id: usize| {
            if seen.insert(id) {
                list.push(id);
            }
        };
        while let Some((expr, this_month)) = stack.pop() {
            match expr {
                MetricExpr::Aggregate(id) if this_month => push(&mut uses.aggregates, &mut seen[1], *id),
                MetricExpr::Scheduled(_) | MetricExpr::ScheduledOver(..) if this_month => {
                    if !uses.scheduled.contains(expr) {
                        uses.scheduled.push(expr.clone());
                    }
                }
                MetricExpr::Metric(id) | MetricExpr::Baseline(id) => {
                    push(&mut uses.metrics, &mut seen[0], *id);
                    let this_month = this_month && matches!(expr, MetricExpr::Metric(_));
                    if walked.insert((*id, this_month)) {
                        stack.push((&program.metrics[*id].expr, this_month));
                    }
                }
                _ => stack.extend(expr.children().rev().map(|x| (x, this_month))),
            }
        }
        uses
    }
}

/// A value with, when display rounding hid digits, its exact form:
/// `93.33% (exactly 93.3333333333333333)`.
fn with_exact(value: &crate::value::Value) -> String {
    let shown = human::value(value, None);
    match value {
        crate::value::Value::Percent(d) | crate::value::Value::Number(d) if d.round_dp(2) != *d => {
            format!("{shown} (exactly {})", crate::value::canonical(*d))
        }
        crate::value::Value::Duration(d) if d.round_dp(0) != *d => {
            format!("{shown} (exactly {} s)", crate::value::canonical(*d))
        }
        _ => shown,
    }
}
