//! The aggregates behind a clause's metric: population and value in the
//! month (or over the months of a rolling window or a measurement period),
//! and for `percent` the rows meeting and not meeting, found by a dedicated
//! pass over the dataset.

use super::{with_exact, ExplainError, Section, Uses};
use crate::data::{self, RowSink};
use crate::eval::{eval_row, MonthSpan, RowContext, Term, LOCAL_ENGINE};
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
    let term = &eval.term;
    let clause = &program.clauses[ci];
    // The months the clause's figure is over: the month, or the measurement
    // period it closes (§7.7).
    let context = match clause.measured_every {
        None => MonthSpan::month(m),
        Some(every) => {
            let first = term.first_month(clause.from);
            let Some(span) = term.measurement_period(every, first, m) else {
                let period = term.period_of(every, first, m);
                let line = format!(
                    "none this month: the clause is measured every {every} months, and the period {} to {} is assessed in {}",
                    term.month_at(period.first),
                    term.month_at(period.last),
                    term.month_at(period.last)
                );
                return Ok(Section { heading: "Aggregates", lines: vec![line] });
            };
            span
        }
    };
    let uses = Uses::of(program, &program.metrics[clause.metric].expr);
    let mut lines = Vec::new();
    if uses.aggregates.is_empty() {
        lines.push("none: the metric does not read any dataset this month".to_string());
    }
    for id in uses.aggregates {
        let agg = &program.aggregates[id];
        let dataset = &program.datasets[agg.dataset];
        let span = context.widened(agg.over);
        let Some(figures) = eval.aggregate(id, context) else { continue };
        let months = if span.is_window() {
            format!("{} to {}", term.months[span.first], term.months[span.last])
        } else {
            term.months[span.last].to_string()
        };
        lines.push(one_line(&agg.text));
        lines.push(format!("  population: {}", population(agg, dataset, &months, figures.population)));
        lines.push(format!("  value: {}", with_exact(&figures.value)));
        let engine = eval.inputs.iter().find(|i| i.dataset == dataset.name).map_or(LOCAL_ENGINE, |i| &i.engine);
        if agg.func == AggFunc::Percent && engine != LOCAL_ENGINE {
            // Its rows are where the engine read them, not in the data directory.
            lines.push(format!("  rows meeting and not: not listed here; {engine} computed `{}`", dataset.name));
            continue;
        }
        if agg.func == AggFunc::Percent {
            let rows = percent_rows(program, term, agg, span, data_dir)?;
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
    for expr in uses.scheduled {
        let scheduled = eval.expr_over(&expr, context, &|_| Ok(Value::None)).unwrap_or(Value::None);
        let (cal, span, over) = match expr {
            MetricExpr::ScheduledOver(cal, n) => (cal, context.widened(Some(n)), format!(" over {n} months")),
            MetricExpr::Scheduled(cal) => (cal, context, String::new()),
            _ => continue,
        };
        let name = &program.calendars[cal].name;
        let months = if span.is_window() {
            format!("{} to {}", term.months[span.first], term.months[span.last])
        } else {
            term.months[span.last].to_string()
        };
        lines.push(format!("scheduled({name}){over} in {months}: {}", with_exact(&scheduled)));
    }
    Ok(Section { heading: "Aggregates", lines })
}

/// An aggregate's population over `period` (a month, or months from one to
/// another), and what it counts.
fn population(agg: &Aggregate, dataset: &Dataset, period: &str, n: u64) -> String {
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

/// Reads `agg`'s dataset again and sorts the rows of the months of `span`
/// into meeting and not meeting (an interval row once, however many of
/// them it overlaps).
pub fn percent_rows(
    program: &Program,
    term: &Term,
    agg: &Aggregate,
    span: MonthSpan,
    data_dir: &Path,
) -> Result<PercentRows, ExplainError> {
    let dataset = &program.datasets[agg.dataset];
    let id = id_column(dataset);
    let mut sink = PercentSink {
        agg,
        period_by: dataset.period,
        term,
        span,
        ctx: RowContext::new(&program.calendars, term.tz, term.span_window(span)),
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
    span: MonthSpan,
    ctx: RowContext<'a>,
    id: usize,
    rows: PercentRows,
}

impl PercentSink<'_> {
    /// Whether the row belongs to the months, as the evaluator assigns rows.
    fn in_month(&self, row: &[Value]) -> bool {
        let term = self.term;
        match self.period_by {
            PeriodBy::Instant(c) => match row.get(c) {
                Some(Value::Timestamp(t)) => term.month_of_date(t.with_timezone(&term.tz).date_naive()),
                Some(Value::Date(d)) => term.month_of_date(*d),
                _ => None,
            }
            .is_some_and(|m| self.span.months().contains(&m)),
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
