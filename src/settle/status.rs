//! Per-clause, per-month facts that do not depend on money: the metric
//! value, the target in force, and the status (LANGUAGE.md §7.1, §7.4).

use crate::eval::{Evaluation, MetricValue};
use crate::ir::{Clause, Direction, MetricId, TargetRule, Threshold};
use crate::value::{add, checked_div_round, Decimal, OutOfRange, Value};

/// The status of a clause in a month (§7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Before `from` or the contract start.
    NotStarted,
    /// Inside the baseline window.
    Baselining,
    /// No value, or too little volume.
    NotMeasured,
    /// The target is satisfied.
    Met,
    /// The target is missed but the minimum is met.
    Missed,
    /// The minimum is missed (or there is none and the target is missed).
    Failed,
}

impl Status {
    /// The status as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::Baselining => "baselining",
            Status::NotMeasured => "not_measured",
            Status::Met => "met",
            Status::Missed => "missed",
            Status::Failed => "failed",
        }
    }

    /// Whether the `missed` condition holds (missed or failed).
    pub fn is_missed(self) -> bool {
        matches!(self, Status::Missed | Status::Failed)
    }

    /// Whether money and bands apply (not before start, in the baseline
    /// window, or unmeasured).
    pub fn is_measured(self) -> bool {
        matches!(self, Status::Met | Status::Missed | Status::Failed)
    }
}

/// A window of months, as indices into the settled months: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First month of the window.
    pub start: usize,
    /// One past the last month.
    pub end: usize,
}

/// The mean of the known values among `values` (none if none is known), or
/// an error when their sum leaves the decimal range.
pub fn mean_of_known(values: impl IntoIterator<Item = Value>) -> Result<Option<Decimal>, OutOfRange> {
    let known: Vec<Decimal> = values.into_iter().filter_map(|v| v.decimal()).collect();
    let total = known.iter().try_fold(Decimal::ZERO, |acc, d| add(acc, *d))?;
    checked_div_round(total, Decimal::from(known.len() as u64))
}

/// Baseline values of metrics over a window, as `baseline(m)` reports them
/// in month `month`: the mean of the metric's known monthly values in the
/// window, none until the window has ended.
pub struct Baselines<'e, 'p> {
    eval: &'e Evaluation<'p>,
    window: Option<Window>,
}

impl<'e, 'p> Baselines<'e, 'p> {
    /// Baselines over `window` (none everywhere without one).
    pub fn new(eval: &'e Evaluation<'p>, window: Option<Window>) -> Self {
        Baselines { eval, window }
    }

    /// `baseline(metric)` as seen from `month`; an error when a figure of
    /// the window leaves the decimal range.
    pub fn value(&self, metric: MetricId, month: usize) -> Result<Value, OutOfRange> {
        let Some(w) = self.window else {
            return Ok(Value::None);
        };
        if month < w.end {
            return Ok(Value::None);
        }
        let ty = &self.eval.program.metrics[metric].ty;
        let values = (w.start..w.end)
            .map(|m| self.eval.metric(metric, m, &|_| Ok(Value::None)).map(|v| v.value))
            .collect::<Result<Vec<Value>, OutOfRange>>()?;
        Ok(mean_of_known(values)?.map_or(Value::None, |d| crate::eval::typed(ty, d)))
    }
}

/// What is known of one clause in every settled month.
#[derive(Clone, Debug)]
pub struct Track {
    /// The metric's value and volume in the clause's context.
    pub values: Vec<MetricValue>,
    /// The target in force.
    pub targets: Vec<Option<Threshold>>,
    /// The status.
    pub statuses: Vec<Status>,
    /// The baseline window, if any.
    pub window: Option<Window>,
}

/// Computes the track of `clause` over all settled months; an error names
/// the month in which a figure left the decimal range.
pub fn track(eval: &Evaluation, clause: &Clause) -> Result<Track, (usize, OutOfRange)> {
    let months = eval.term.months.len();
    // Months are counted from the month of the contract start, which is the
    // first settled month when there is one (and there may be none).
    let start = crate::eval::Period::of(eval.term.start);
    let first =
        clause.from.map(|f| usize::try_from(crate::eval::Period::of(f).months_since(start)).unwrap_or(0)).unwrap_or(0);
    let window = clause.baseline_months.map(|n| Window { start: first, end: first + n as usize });
    let baselines = Baselines::new(eval, window);
    let values: Vec<MetricValue> = (0..months)
        .map(|m| eval.metric(clause.metric, m, &|id| baselines.value(id, m)).map_err(|e| (m, e)))
        .collect::<Result<_, _>>()?;
    let targets = targets(clause, window, &values, months)?;
    let statuses = (0..months)
        .map(|m| {
            if m < first {
                Status::NotStarted
            } else if window.is_some_and(|w| m < w.end) {
                Status::Baselining
            } else {
                status(clause, &values[m], targets[m])
            }
        })
        .collect();
    Ok(Track { values, targets, statuses, window })
}

fn status(clause: &Clause, value: &MetricValue, target: Option<Threshold>) -> Status {
    let (Some(v), Some(target)) = (value.value.decimal(), target) else {
        return Status::NotMeasured;
    };
    if value.volume.is_some_and(|vol| vol < clause.min_volume) {
        return Status::NotMeasured;
    }
    if target.holds(v) {
        Status::Met
    } else if clause.minimum.is_some_and(|min| min.holds(v)) {
        Status::Missed
    } else {
        Status::Failed
    }
}

/// The target in force in each month (§7.4); an error names the first month
/// of the review period whose figures left the decimal range.
fn targets(
    clause: &Clause,
    window: Option<Window>,
    values: &[MetricValue],
    months: usize,
) -> Result<Vec<Option<Threshold>>, (usize, OutOfRange)> {
    match clause.target {
        TargetRule::Fixed(t) => Ok(vec![Some(t); months]),
        TargetRule::Baseline { op, step, review_months, ratchet } => {
            let mut out = vec![None; months];
            let Some(w) = window else {
                return Ok(out);
            };
            let value_at = |m: usize| values.get(m).map_or(Value::None, |v| v.value.clone());
            // Review period 0's base is B. While the base in force is none
            // the target is unknown (not measured); with `reviewed every`,
            // later periods still take their base from the period before.
            let mut base = mean_of_known((w.start..w.end.min(months)).map(value_at))
                .map_err(|e| (w.end.min(months.saturating_sub(1)), e))?;
            let period_len = review_months.map_or(usize::MAX, |n| n as usize);
            let mut previous: Option<Decimal> = None;
            let mut m = w.end;
            while m < months {
                let period_end = m.saturating_add(period_len).min(months);
                if let Some(b) = base {
                    let mut target = add(b, step).map_err(|e| (m, e))?;
                    if ratchet {
                        if let Some(p) = previous {
                            target = match clause.direction {
                                Direction::HigherIsBetter => target.max(p),
                                Direction::LowerIsBetter => target.min(p),
                            };
                        }
                    }
                    for slot in &mut out[m..period_end] {
                        *slot = Some(Threshold { op, value: target });
                    }
                    previous = Some(target);
                }
                // The next period's base: the mean of this period's values
                // (the previous base if none is known).
                if let Some(next) = mean_of_known((m..period_end).map(value_at)).map_err(|e| (m, e))? {
                    base = Some(next);
                }
                m = period_end;
            }
            Ok(out)
        }
    }
}
