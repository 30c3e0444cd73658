//! Windows longer than a month: `over N months` (rolling, §6) and the
//! measurement periods of `measured every N months` (fixed blocks, §7.7).
//!
//! A metric is evaluated in a *context*: a run of settled months, one month
//! for a monthly clause, the months of a block for a clause measured over
//! longer periods. An aggregate with `over N months` widens its context to
//! the N months ending with the context's last month (so in a block it
//! covers the longer of the block and its own window); `scheduled(CAL) over
//! N months` likewise. Both are clipped to the term: months before its start
//! do not exist.
//!
//! Rows reach windows in one of two exact ways, both during the single read
//! of each file:
//! - **Merged month states.** A row of an instant dataset belongs to one
//!   month, so the state of a window is the [`Accumulator::merge`] of the
//!   states of its months, in month order (the state one pass over the
//!   window's rows would give).
//! - **Fed once per window.** A row of an interval dataset belongs to every
//!   month it overlaps, so merging month states would count it once per
//!   month, and `overlap` would be cut at month ends. Such aggregates (and
//!   any aggregate that uses `overlap`) get one state per window, and each
//!   row is fed to each window it overlaps exactly once, with `overlap`
//!   measured over the whole window.
//!
//! [`Accumulator::merge`]: super::accumulate::Accumulator::merge

use super::Term;
use crate::eval::Period;
use crate::ir::{AggregateId, Clause, MetricExpr, PeriodBy, Program, RowExpr};
use chrono::{DateTime, NaiveDate, Utc};

/// A run of settled months, `first..=last`, as indices into the term's months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonthSpan {
    /// The first month.
    pub first: usize,
    /// The last month (the one being settled).
    pub last: usize,
}

impl MonthSpan {
    /// Month `m` alone.
    pub fn month(m: usize) -> Self {
        MonthSpan { first: m, last: m }
    }

    /// Whether the span is more than one month.
    pub fn is_window(self) -> bool {
        self.first < self.last
    }

    /// The months of the span.
    pub fn months(self) -> std::ops::RangeInclusive<usize> {
        self.first..=self.last
    }

    /// The span an aggregate or `scheduled` with `over` (if any) covers in
    /// this context: the N months ending with its last month, or the
    /// context itself if that is longer.
    pub fn widened(self, over: Option<u32>) -> Self {
        match over {
            Some(n) => MonthSpan { first: self.first.min((self.last + 1).saturating_sub(n as usize)), last: self.last },
            None => self,
        }
    }
}

impl Term {
    /// `[start, end)` of the months of `span`, clipped to the term.
    pub fn span_window(&self, span: MonthSpan) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.windows[span.first].0, self.windows[span.last].1)
    }

    /// The index of the month of `from` (the first of the term without one,
    /// or if it is earlier), counted from the month of the contract start.
    pub fn first_month(&self, from: Option<NaiveDate>) -> usize {
        let start = Period::of(self.start);
        from.map_or(0, |f| usize::try_from(Period::of(f).months_since(start)).unwrap_or(0))
    }

    /// The month of index `i`, counted from the month of the contract
    /// start, whether settled or not.
    pub fn month_at(&self, i: usize) -> Period {
        Period::of(self.start).plus(u32::try_from(i).unwrap_or(u32::MAX))
    }

    /// The index of the last month of the term, whether settled or not.
    fn last_term_month(&self) -> usize {
        usize::try_from(Period::of(self.end).months_since(Period::of(self.start))).unwrap_or(0)
    }

    /// For a clause measured every `every` months from `first` on: the
    /// measurement period month `m` belongs to (§7.7). Periods are blocks of
    /// `every` months from the month of the contract start, cut short by the
    /// end of the term; a period's months start at `first` if the clause
    /// starts inside it.
    pub fn period_of(&self, every: u32, first: usize, m: usize) -> MonthSpan {
        let every = every.max(1) as usize;
        let block = m / every * every;
        MonthSpan { first: block.max(first).min(m), last: (block + every - 1).min(self.last_term_month()).max(m) }
    }

    /// The measurement period month `m` closes, if it closes one: a period
    /// is assessed in its last month (the term's last month for a period cut
    /// short).
    pub fn measurement_period(&self, every: u32, first: usize, m: usize) -> Option<MonthSpan> {
        let period = self.period_of(every, first, m);
        (period.last == m).then_some(period)
    }
}

/// Every window of more than one month that some aggregate must be known
/// over, by aggregate (sorted, without repeats): the rolling window of each
/// settled month for aggregates with `over`, and the measurement periods
/// of the clauses measured over longer periods, for the aggregates their
/// metrics use.
pub fn windows(program: &Program, term: &Term) -> Vec<Vec<MonthSpan>> {
    let mut out: Vec<Vec<MonthSpan>> = vec![Vec::new(); program.aggregates.len()];
    let mut add = |id: AggregateId, context: MonthSpan| {
        let span = context.widened(program.aggregates[id].over);
        if span.is_window() {
            out[id].push(span);
        }
    };
    for (id, agg) in program.aggregates.iter().enumerate() {
        if agg.over.is_some() {
            (0..term.months.len()).for_each(|m| add(id, MonthSpan::month(m)));
        }
    }
    for clause in &program.clauses {
        let mut used = Vec::new();
        aggregates_of(program, &MetricExpr::Metric(clause.metric), &mut used);
        for span in periods(clause, term) {
            used.iter().for_each(|&id| add(id, span));
        }
    }
    for spans in &mut out {
        spans.sort_unstable();
        spans.dedup();
    }
    out
}

/// The measurement periods a clause measured over longer periods closes
/// within the settled months (none for a monthly clause).
fn periods<'t>(clause: &Clause, term: &'t Term) -> impl Iterator<Item = MonthSpan> + 't {
    let first = term.first_month(clause.from);
    let every = clause.measured_every;
    (0..term.months.len()).filter_map(move |m| every.and_then(|n| term.measurement_period(n, first, m)))
}

/// The aggregates `expr` uses, through metrics too (not through `baseline`,
/// whose values are monthly).
pub fn aggregates_of(program: &Program, expr: &MetricExpr, out: &mut Vec<AggregateId>) {
    let metric = |id: usize| program.metrics.get(id).map(|m| &m.expr);
    expr.for_each_read(&metric, &mut |read| {
        if let MetricExpr::Aggregate(id) = read {
            if !out.contains(id) {
                out.push(*id);
            }
        }
    });
}

/// Whether an aggregate's windows must be fed row by row (see the module
/// documentation): its dataset is an interval dataset, or it uses `overlap`.
pub fn fed_per_window(program: &Program, id: AggregateId) -> bool {
    let agg = &program.aggregates[id];
    let interval = matches!(program.datasets.get(agg.dataset).map(|d| d.period), Some(PeriodBy::Interval { .. }));
    interval || [&agg.filter, &agg.value, &agg.meeting].into_iter().flatten().any(uses_overlap)
}

fn uses_overlap(expr: &RowExpr) -> bool {
    match expr {
        RowExpr::Overlap(..) => true,
        RowExpr::Literal(_) | RowExpr::Column(_) => false,
        RowExpr::Neg(x) | RowExpr::Not(x) | RowExpr::In(x, _) => uses_overlap(x),
        RowExpr::Arith { lhs, rhs, .. } | RowExpr::Compare { lhs, rhs, .. } => uses_overlap(lhs) || uses_overlap(rhs),
        RowExpr::And(a, b) | RowExpr::Or(a, b) | RowExpr::BusinessTime(a, b, _) => uses_overlap(a) || uses_overlap(b),
        RowExpr::Call(_, args) => args.iter().any(uses_overlap),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_file, RealFs};
    use crate::eval::evaluate_with_threads;
    use std::path::Path;

    /// Parts fed on several threads (three records a batch in tests) merge
    /// into the same month and window states as one pass.
    #[test]
    fn windows_do_not_depend_on_the_number_of_threads() {
        for case in ["rolling_interval_overlap", "rolling_median", "rolling_percent", "quarterly_not_assessed"] {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance").join(case);
            let checked = check_file(&dir.join("contract.xla"), &RealFs).unwrap();
            let program = checked.program.unwrap();
            let through = "2026-07".parse().unwrap();
            let run = |threads| {
                evaluate_with_threads(&program, &dir.join("data"), through, &mut |_: &str, _: u64| {}, threads).unwrap()
            };
            let (one, four) = (run(1), run(4));
            assert!(!one.windows.is_empty(), "{case}: no window was computed");
            assert_eq!(one.aggregates, four.aggregates, "{case}");
            assert_eq!(one.windows, four.windows, "{case}");
        }
    }

    #[test]
    fn a_rolling_window_is_clipped_to_the_term_and_widens_a_block() {
        assert_eq!(MonthSpan::month(5).widened(Some(3)), MonthSpan { first: 3, last: 5 });
        assert_eq!(MonthSpan::month(1).widened(Some(3)), MonthSpan { first: 0, last: 1 });
        assert_eq!(MonthSpan::month(0).widened(Some(3)), MonthSpan::month(0));
        // In a quarter, a 2-month window covers the quarter; a 6-month one more.
        let quarter = MonthSpan { first: 3, last: 5 };
        assert_eq!(quarter.widened(Some(2)), quarter);
        assert_eq!(quarter.widened(Some(6)), MonthSpan { first: 0, last: 5 });
        assert_eq!(quarter.widened(None), quarter);
    }
}
