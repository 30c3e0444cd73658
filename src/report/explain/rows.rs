//! The aggregates behind a clause's metric: population and value in the
//! month, and for `percent` the rows meeting and not meeting, found by a
//! dedicated pass over the dataset.

use super::{with_exact, ExplainError, Section, Uses};
use crate::data::{self, RowSink};
use crate::eval::{eval_row, RowContext, Term};
use crate::ir::{AggFunc, Aggregate, Dataset, MetricExpr, PeriodBy, Program};
use crate::report::{human, Inputs};
use crate::value::{canonical, Value};
use std::path::Path;

/// How many ids of rows not meeting a `percent` condition are listed.
pub const FAILING_IDS_SHOWN: usize = 10;

/// The rows of one month behind a `percent` aggregate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PercentRows {
    /// The column whose values identify rows.
    pub id_column: String,
    /// Rows of the month that pass `where`.
    pub population: u64,
    /// Of those, rows meeting the condition.
    pub meeting: u64,
    /// Rows whose condition is unknown (none), counted as not meeting.
    pub unknown: u64,
    /// The ids of the first rows not meeting, in the order read.
    pub failing: Vec<String>,
}

/// The "Aggregates" section.
pub fn aggregates_section(inputs: Inputs, data_dir: &Path, ci: usize, m: usize) -> Result<Section, ExplainError> {
    let eval = inputs.eval;
    let program = eval.program;
    let period = eval.term.months[m];
    let uses = Uses::of(program, &program.metrics[program.clauses[ci].metric].expr);
    let mut lines = Vec::new();
    if uses.aggregates.is_empty() {
        lines.push("none: the metric does not read any dataset this month".to_string());
    }
    for id in uses.aggregates {
        let agg = &program.aggregates[id];
        let dataset = &program.datasets[agg.dataset];
        let figures = &eval.aggregates[id][m];
        lines.push(one_line(&agg.text));
        lines.push(format!("  population: {}", population(agg, dataset, period, figures.population)));
        lines.push(format!("  value: {}", with_exact(&figures.value)));
        if agg.func == AggFunc::Percent {
            let rows = percent_rows(program, &eval.term, agg, m, data_dir)?;
            let not_meeting = rows.population - rows.meeting;
            let unknown = if rows.unknown > 0 {
                format!(" ({} of them because the condition is unknown: a value it needs is none)", rows.unknown)
            } else {
                String::new()
            };
            lines.push(format!("  meeting: {}; not meeting: {not_meeting}{unknown}", rows.meeting));
            if !rows.failing.is_empty() {
                let more = if not_meeting > rows.failing.len() as u64 { ", …" } else { "" };
                lines.push(format!(
                    "  first rows not meeting (by `{}`): {}{more}",
                    rows.id_column,
                    rows.failing.join(", ")
                ));
            }
        }
    }
    for cal in uses.calendars {
        let scheduled = eval.expr(&MetricExpr::Scheduled(cal), m, &|_| Ok(Value::None)).unwrap_or(Value::None);
        let name = &program.calendars[cal].name;
        lines.push(format!("scheduled({name}) in {period}: {}", with_exact(&scheduled)));
    }
    Ok(Section { heading: "Aggregates", lines })
}

/// An aggregate's population, and what it counts.
fn population(agg: &Aggregate, dataset: &Dataset, period: crate::eval::Period, n: u64) -> String {
    let filter = if agg.filter.is_some() { " that pass `where`" } else { "" };
    let s = if n == 1 { "" } else { "s" };
    match agg.func {
        AggFunc::Count | AggFunc::Percent => format!("{n} row{s} of `{}` in {period}{filter}", dataset.name),
        AggFunc::Distinct => {
            format!("{n} distinct value{s} among the rows of `{}` in {period}{filter}", dataset.name)
        }
        _ => format!("{n} row{s} of `{}` in {period}{filter} with a value", dataset.name),
    }
}

/// Text as written, on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads `agg`'s dataset again and sorts month `m`'s rows into meeting and
/// not meeting.
pub fn percent_rows(
    program: &Program,
    term: &Term,
    agg: &Aggregate,
    m: usize,
    data_dir: &Path,
) -> Result<PercentRows, ExplainError> {
    let dataset = &program.datasets[agg.dataset];
    let id = id_column(dataset);
    let mut sink = PercentSink {
        agg,
        period_by: dataset.period,
        term,
        month: m,
        ctx: RowContext::new(&program.calendars, term.tz, term.windows[m]),
        id,
        rows: PercentRows {
            id_column: dataset.columns[id].name.clone(),
            population: 0,
            meeting: 0,
            unknown: 0,
            failing: Vec::new(),
        },
    };
    data::load_dataset(dataset, data_dir, &mut sink)
        .map_err(|error| ExplainError::Load { dataset: dataset.name.clone(), error })?;
    Ok(sink.rows)
}

/// The column that identifies a row: one named `id` or `number` (by name or
/// source column), else the first.
fn id_column(dataset: &Dataset) -> usize {
    ["id", "number"]
        .iter()
        .find_map(|want| dataset.columns.iter().position(|c| c.name == *want || c.source.eq_ignore_ascii_case(want)))
        .unwrap_or(0)
}

struct PercentSink<'a> {
    agg: &'a Aggregate,
    period_by: PeriodBy,
    term: &'a Term,
    month: usize,
    ctx: RowContext<'a>,
    id: usize,
    rows: PercentRows,
}

impl PercentSink<'_> {
    /// Whether the row belongs to the month, as the evaluator assigns rows.
    fn in_month(&self, row: &[Value]) -> bool {
        let term = self.term;
        match self.period_by {
            PeriodBy::Instant(c) => match row.get(c) {
                Some(Value::Timestamp(t)) => term.month_of_date(t.with_timezone(&term.tz).date_naive()),
                Some(Value::Date(d)) => term.month_of_date(*d),
                _ => None,
            }
            .is_some_and(|m| m == self.month),
            PeriodBy::Interval { start, end } => {
                let (from, to) = self.ctx.window;
                match (row.get(start), row.get(end)) {
                    (Some(Value::Timestamp(s)), Some(Value::Timestamp(e))) => *s < to && *e > from,
                    (Some(Value::Timestamp(s)), _) => *s < to,
                    _ => false,
                }
            }
        }
    }
}

impl RowSink for PercentSink<'_> {
    fn row(&mut self, _file: usize, row: &[Value]) {
        if !self.in_month(row) {
            return;
        }
        if let Some(filter) = &self.agg.filter {
            if eval_row(filter, row, &self.ctx) != Value::Bool(true) {
                return;
            }
        }
        self.rows.population += 1;
        let meets = self.agg.meeting.as_ref().map_or(Value::None, |c| eval_row(c, row, &self.ctx));
        if meets == Value::Bool(true) {
            self.rows.meeting += 1;
            return;
        }
        if meets.is_none() {
            self.rows.unknown += 1;
        }
        if self.rows.failing.len() < FAILING_IDS_SHOWN {
            self.rows.failing.push(id_text(row.get(self.id).unwrap_or(&Value::None)));
        }
    }
}

/// A cell as an id.
fn id_text(value: &Value) -> String {
    match value {
        Value::Text(t) => t.to_string(),
        Value::Number(d) => canonical(*d),
        Value::None => "(none)".to_string(),
        other => human::value(other, None),
    }
}
