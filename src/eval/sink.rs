//! Assigning rows to months and feeding the accumulators.
//!
//! [`Feed`] is the [`ParallelSink`] of one dataset: rows are fed to
//! [`Part`]s (on whatever thread parses them) and the parts merged back in
//! the order of the rows, which keeps every accumulator as a one-thread pass
//! leaves it. The states whose merge does not depend on the order of the
//! rows (`median`, `percentile`, `distinct`) are kept by each thread over
//! all its parts instead, and merged once it ends ([`ThreadFeed`]).
//! Besides one state per aggregate and month, aggregates whose windows
//! cannot be merged from month states (see [`super::window`]) get one
//! state per window, each row fed to it once.

use super::accumulate::Accumulator;
use super::compiled::{CompiledAggregate, Condition};
use super::row::RowContext;
use super::term::InstantBounds;
use super::window::MonthSpan;
use super::Term;
use crate::data::ParallelSink;
use crate::ir::{AggFunc, Aggregate, AggregateId, DatasetId, PeriodBy, Program, RowExpr, RowFunc};
use crate::value::Value;

/// Per-file row counts.
#[derive(Clone, Debug)]
pub struct FileCounts {
    /// Rows used in each month.
    pub used: Vec<u64>,
    /// Rows that belong to no month of the term.
    pub without_period: u64,
}

impl FileCounts {
    /// Zero counts for `months` months.
    pub fn new(months: usize) -> Self {
        FileCounts { used: vec![0; months], without_period: 0 }
    }
}

/// The accumulators of one dataset's aggregates, by month, and the per-file
/// counts, for some of its rows.
#[derive(Clone, Debug)]
pub struct Part {
    /// `accumulators[i][month]` for the feed's `i`-th aggregate.
    pub accumulators: Vec<Vec<Accumulator>>,
    /// `windowed[i][w]`: the state over the window `Feed::windows[i][w]`.
    pub windowed: Vec<Vec<Accumulator>>,
    /// Counts of the files these rows came from, by file index, sorted. A
    /// part of one batch holds one file; a dense list of every file up to
    /// the batch's made each batch of a many-file glob cost as many
    /// allocations as there were files before it (20,000 tiny files: 15 s).
    pub files: Vec<(usize, FileCounts)>,
    /// The month the last row's instant fell in ([`Term::place_instant`]).
    near: usize,
}

impl Part {
    /// Adds `later`, which holds rows read after this part's, to this part.
    pub fn merge(&mut self, later: Part, feed: &Feed<'_>) {
        let states = self.accumulators.iter_mut().zip(later.accumulators);
        let windowed = self.windowed.iter_mut().zip(later.windowed);
        for ((accs, more), &id) in states.chain(windowed).zip(feed.aggregates.iter().chain(&feed.aggregates)) {
            let func = feed.program.aggregates[id].func;
            for (acc, m) in accs.iter_mut().zip(more) {
                acc.merge(func, m);
            }
        }
        for (file, counts) in later.files {
            let mine = self.counts(file, counts.used.len());
            mine.without_period += counts.without_period;
            for (a, b) in mine.used.iter_mut().zip(counts.used) {
                *a += b;
            }
        }
    }

    /// The counts of `file` (zero for `months` months if it has none yet).
    /// Files come in increasing order, so this is the last entry or a new
    /// one at the end, short of a search.
    fn counts(&mut self, file: usize, months: usize) -> &mut FileCounts {
        let at = match self.files.last() {
            Some((last, _)) if *last == file => self.files.len() - 1,
            Some((last, _)) if *last < file => self.files.len(),
            None => 0,
            Some(_) => self.files.partition_point(|(f, _)| *f < file),
        };
        if self.files.get(at).is_none_or(|(f, _)| *f != file) {
            self.files.insert(at, (file, FileCounts::new(months)));
        }
        &mut self.files[at].1
    }

    /// The counts of `file`, if any of these rows came from it.
    pub fn file(&self, file: usize) -> Option<&FileCounts> {
        self.files.binary_search_by_key(&file, |(f, _)| *f).ok().map(|i| &self.files[i].1)
    }
}

/// Feeds one dataset's rows to its aggregates.
///
/// Rows are added by each thread's [`ThreadFeed`] ([`ParallelSink::local`]).
pub struct Feed<'a> {
    program: &'a Program,
    dataset: DatasetId,
    term: &'a Term,
    /// The aggregates over the dataset.
    pub aggregates: Vec<AggregateId>,
    /// For each of them, the windows it is fed over row by row (empty for
    /// an aggregate whose windows merge month states).
    pub windows: Vec<Vec<MonthSpan>>,
}

impl<'a> Feed<'a> {
    /// A feed for the rows of `dataset`; `windows[a]` are the windows
    /// aggregate `a` must be known over.
    pub fn new(program: &'a Program, dataset: DatasetId, term: &'a Term, windows: &[Vec<MonthSpan>]) -> Self {
        let aggregates: Vec<AggregateId> =
            (0..program.aggregates.len()).filter(|&a| program.aggregates[a].dataset == dataset).collect();
        let windows: Vec<Vec<MonthSpan>> = aggregates
            .iter()
            .map(|&a| if super::window::fed_per_window(program, a) { windows[a].clone() } else { Vec::new() })
            .collect();
        Feed { program, dataset, term, aggregates, windows }
    }

    /// The columns the feed reads: those of the aggregates' expressions, of
    /// `period by` and of `unique by`. The loader need not keep the text of
    /// the others.
    pub fn needed_columns(&self) -> Vec<bool> {
        let dataset = &self.program.datasets[self.dataset];
        let mut needed = vec![false; dataset.columns.len()];
        let mut mark = |c: usize| {
            if let Some(n) = needed.get_mut(c) {
                *n = true;
            }
        };
        match dataset.period {
            PeriodBy::Instant(c) => mark(c),
            PeriodBy::Interval { start, end } => {
                mark(start);
                mark(end);
            }
        }
        if let Some(u) = dataset.unique_by {
            mark(u.key);
            u.latest.into_iter().for_each(&mut mark);
        }
        for &id in &self.aggregates {
            let agg = &self.program.aggregates[id];
            for expr in [&agg.filter, &agg.value, &agg.meeting].into_iter().flatten() {
                columns(expr, &mut mark);
            }
        }
        needed
    }
}

impl Feed<'_> {
    /// Empty states, by month, of the aggregates a thread keeps across
    /// parts ([`ThreadFeed::kept`]); none for the others.
    fn kept_states(&self) -> Vec<Vec<Accumulator>> {
        let months = self.term.months.len();
        let states = |&id: &AggregateId| {
            let func = self.program.aggregates[id].func;
            if merges_in_any_order(func) {
                vec![Accumulator::new(func); months]
            } else {
                Vec::new()
            }
        };
        self.aggregates.iter().map(states).collect()
    }

    /// A part holding the states a thread kept, if it kept any.
    fn part_of_kept(&self, kept: Vec<Vec<Accumulator>>) -> Option<Part> {
        if kept.iter().all(Vec::is_empty) {
            return None;
        }
        let mut part = self.part();
        for (accs, kept) in part.accumulators.iter_mut().zip(kept) {
            if !kept.is_empty() {
                *accs = kept;
            }
        }
        Some(part)
    }
}

/// Calls `mark` with every column `expr` reads.
fn columns(expr: &RowExpr, mark: &mut impl FnMut(usize)) {
    match expr {
        RowExpr::Literal(_) => {}
        RowExpr::Column(c) => mark(*c),
        RowExpr::Neg(x) | RowExpr::Not(x) | RowExpr::In(x, _) => columns(x, mark),
        RowExpr::Arith { lhs, rhs, .. } | RowExpr::Compare { lhs, rhs, .. } => {
            columns(lhs, mark);
            columns(rhs, mark);
        }
        RowExpr::And(a, b) | RowExpr::Or(a, b) | RowExpr::BusinessTime(a, b, _) | RowExpr::Overlap(a, b, _) => {
            columns(a, mark);
            columns(b, mark);
        }
        RowExpr::Call(f, args) => {
            let _: RowFunc = *f;
            args.iter().for_each(|a| columns(a, mark));
        }
    }
}

impl<'a> ParallelSink for Feed<'a> {
    type Part = Part;
    type Local = ThreadFeed<'a>;

    fn local(&self) -> ThreadFeed<'a> {
        let compiled = self.aggregates.iter().map(|&a| CompiledAggregate::new(&self.program.aggregates[a])).collect();
        let rules = RowRules {
            program: self.program,
            dataset: self.dataset,
            term: self.term,
            bounds: self.term.instant_bounds(),
            aggregates: self.aggregates.clone(),
            windows: self.windows.clone(),
            fed_per_window: self.windows.iter().any(|spans| !spans.is_empty()),
            compiled,
        };
        ThreadFeed { rules, kept: self.kept_states(), months: Vec::new() }
    }

    fn finish(&self, local: ThreadFeed<'a>) -> Option<Part> {
        self.part_of_kept(local.kept)
    }

    fn spill(&self, local: &mut ThreadFeed<'a>) -> Option<Part> {
        let held: usize = local.kept.iter().flatten().map(Accumulator::values_held).sum();
        if held < KEPT_VALUES {
            return None;
        }
        self.part_of_kept(std::mem::replace(&mut local.kept, self.kept_states()))
    }

    fn part(&self) -> Part {
        let months = self.term.months.len();
        let accumulators = self
            .aggregates
            .iter()
            .map(|&id| vec![Accumulator::new(self.program.aggregates[id].func); months])
            .collect();
        let windowed = self
            .aggregates
            .iter()
            .zip(&self.windows)
            .map(|(&id, spans)| vec![Accumulator::new(self.program.aggregates[id].func); spans.len()])
            .collect();
        Part { accumulators, windowed, files: Vec::new(), near: 0 }
    }

    fn row(&self, local: &mut ThreadFeed<'a>, part: &mut Part, file: usize, row: &[Value]) {
        local.rules.add(&mut local.months, &mut local.kept, part, file, row);
    }
}

/// What one thread feeds rows with, made on that thread from a [`Feed`]:
/// the rules of its rows, the states it keeps across parts, and scratch.
///
/// Everything a loading thread reads or writes for every row is its own:
/// with the feed shared, its compiled expressions sat in blocks the
/// allocator had handed out beside the other thread's aggregate states,
/// and the two cores took those cache lines from each other on every row
/// (`bench/changes.md`).
pub struct ThreadFeed<'a> {
    rules: RowRules<'a>,
    /// For each aggregate whose states merge in any order (`median`,
    /// `percentile`, `distinct`), its states by month over every row this
    /// thread adds, kept across parts ([`ParallelSink::finish`]); empty for
    /// the others. A part's fresh map or set grew again in every batch, and
    /// was then merged value by value into the month's (`bench/changes.md`).
    kept: Vec<Vec<Accumulator>>,
    /// Scratch: the months of the row being fed.
    months: Vec<usize>,
}

/// How a thread assigns a row to months and feeds it to the aggregates:
/// read for every row, never written once made.
struct RowRules<'a> {
    program: &'a Program,
    dataset: DatasetId,
    term: &'a Term,
    bounds: InstantBounds,
    /// The feed's aggregates, and the windows each is fed over row by row.
    aggregates: Vec<AggregateId>,
    windows: Vec<Vec<MonthSpan>>,
    /// Whether any aggregate is fed over a window row by row.
    fed_per_window: bool,
    /// The row expressions of each aggregate, compiled.
    compiled: Vec<CompiledAggregate>,
}

impl RowRules<'_> {
    /// Adds `row`, read from file `file`, to `part`, or to the thread's
    /// `kept` states for the aggregates that have them; `months` is scratch.
    fn add(&self, months: &mut Vec<usize>, kept: &mut [Vec<Accumulator>], part: &mut Part, file: usize, row: &[Value]) {
        if !self.assign(row, months, &mut part.near) {
            part.counts(file, self.term.months.len()).without_period += 1;
            return;
        }
        let counts = part.counts(file, self.term.months.len());
        for &m in months.iter() {
            counts.used[m] += 1;
        }
        let context = |window| RowContext::new(&self.program.calendars, self.term.tz, window);
        for &m in months.iter() {
            let ctx = context(self.term.windows[m]);
            let states = part.accumulators.iter_mut().zip(kept.iter_mut());
            for ((&id, compiled), (accs, kept)) in self.aggregates.iter().zip(&self.compiled).zip(states) {
                let acc = if kept.is_empty() { &mut accs[m] } else { &mut kept[m] };
                add_row(&self.program.aggregates[id], compiled, acc, row, &ctx);
            }
        }
        if !self.fed_per_window {
            return;
        }
        // Windows fed row by row: the row counts once in each it overlaps.
        let per_window = self.aggregates.iter().zip(&self.compiled).zip(&self.windows).zip(&mut part.windowed);
        for (((&id, compiled), spans), accs) in per_window {
            for (span, acc) in spans.iter().zip(accs) {
                if months.iter().any(|m| span.months().contains(m)) {
                    let ctx = context(self.term.span_window(*span));
                    add_row(&self.program.aggregates[id], compiled, acc, row, &ctx);
                }
            }
        }
    }

    /// Fills `months` with the months the row belongs to; false if it
    /// belongs to no month of the term (rows in months of the term after the
    /// settled ones are neither used nor counted as without period).
    fn assign(&self, row: &[Value], months: &mut Vec<usize>, near: &mut usize) -> bool {
        months.clear();
        let term = self.term;
        match self.program.datasets[self.dataset].period {
            PeriodBy::Instant(c) => {
                let (month, later) = match &row[c] {
                    Value::Timestamp(t) => term.place_instant(*t, &self.bounds, near),
                    Value::Date(d) => (term.month_of_date(*d), term.after_settled(*d)),
                    _ => (None, false),
                };
                if let Some(m) = month {
                    months.push(m);
                }
                later || month.is_some()
            }
            PeriodBy::Interval { start, end } => {
                let Value::Timestamp(s) = row[start] else {
                    return false;
                };
                let e = match row[end] {
                    Value::Timestamp(e) => Some(e),
                    _ => None,
                };
                for (m, (from, to)) in term.windows.iter().enumerate() {
                    if s < *to && e.is_none_or(|e| e > *from) {
                        months.push(m);
                    }
                }
                let later = term.place_instant(s, &self.bounds, near).1;
                later || !months.is_empty()
            }
        }
    }
}

/// How many values (counted by `median` and `percentile`, or seen by
/// `distinct`) a loading thread keeps across parts before it hands them
/// back with its next batch ([`ParallelSink::spill`]): about a megabyte,
/// so that what the threads hold besides the merged states does not grow
/// with the number of distinct values, only with the number of threads.
/// Unit tests spill after nearly every batch.
#[cfg(not(test))]
const KEPT_VALUES: usize = 1 << 16;
#[cfg(test)]
const KEPT_VALUES: usize = 2;

/// Whether the states of `func` merge to the same value in any order (a
/// count of each value, or a set of them), so that a thread may keep one
/// across the parts it adds to ([`ThreadFeed::kept`]).
fn merges_in_any_order(func: AggFunc) -> bool {
    matches!(func, AggFunc::Median | AggFunc::Percentile | AggFunc::Distinct)
}

/// Adds `row` to `acc`, the state of `agg` (whose row expressions are
/// `compiled`), if it passes `where`; a figure that leaves the decimal
/// range makes the state out of range (§8.2 v2: an error, never a value).
fn add_row(agg: &Aggregate, compiled: &CompiledAggregate, acc: &mut Accumulator, row: &[Value], ctx: &RowContext) {
    /// E of an aggregate without one (`count`, `percent`).
    static NO_VALUE: Value = Value::None;
    ctx.out_of_range.set(false);
    let holds = |c: &Condition| c.test(row, ctx) == Some(true);
    let passes = compiled.filter.as_ref().is_none_or(holds);
    if !passes && !ctx.out_of_range.get() {
        return;
    }
    let meets = compiled.meeting.as_ref().is_some_and(holds);
    let mut slot = Value::None;
    let value = compiled.value.as_ref().map_or(&NO_VALUE, |v| v.eval(row, ctx, &mut slot));
    if ctx.out_of_range.get() {
        *acc = Accumulator::OutOfRange;
    } else {
        acc.add(agg.func, value, meets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check_file, RealFs};
    use crate::eval::evaluate_with_threads;
    use std::path::Path;

    /// The states each loading thread keeps across its parts (`median`,
    /// `percentile`, `distinct`; three records a batch in tests), handed
    /// back after a batch once they hold two values or more and when the
    /// thread ends, add up to those of one pass, with `unique by` too (its
    /// rows are fed on the calling thread).
    #[test]
    fn states_kept_by_each_thread_add_up_to_one_pass() {
        let cases = ["aggregates", "count_column_statistics", "rolling_median", "unique_by_latest"];
        for case in cases {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance").join(case);
            let program = check_file(&dir.join("contract.xla"), &RealFs).unwrap().program.unwrap();
            let kept = |id: &AggregateId| merges_in_any_order(program.aggregates[*id].func);
            assert!((0..program.aggregates.len()).any(|id| kept(&id)), "{case}: no state is kept by a thread");
            let through = "2026-12".parse().unwrap();
            let run = |threads| {
                evaluate_with_threads(&program, &dir.join("data"), through, &mut |_: &str, _: u64| {}, threads).unwrap()
            };
            let (one, three) = (run(1), run(3));
            // A state kept by a thread and never handed back would be empty on both.
            for id in (0..program.aggregates.len()).filter(kept) {
                let seen = three.aggregates[id].iter().any(|v| v.population > 0 && !v.value.is_none());
                assert!(seen, "{case}: aggregate {id} has no value in any month");
            }
            assert_eq!(one.aggregates, three.aggregates, "{case}");
            assert_eq!(one.windows, three.windows, "{case}");
        }
    }

    fn part(files: &[(usize, u64)]) -> Part {
        let files =
            files.iter().map(|&(file, rows)| (file, FileCounts { used: vec![rows, 0], without_period: 1 })).collect();
        Part { accumulators: Vec::new(), windowed: Vec::new(), files, near: 0 }
    }

    #[test]
    fn counts_are_kept_per_file_however_parts_arrive() {
        let mut all = part(&[]);
        for (file, rows) in [(0, 2), (0, 3), (2, 5), (1, 7), (2, 1)] {
            let later = part(&[(file, rows)]);
            for (file, counts) in later.files {
                let mine = all.counts(file, 2);
                mine.used[0] += counts.used[0];
                mine.without_period += counts.without_period;
            }
        }
        let seen: Vec<(usize, u64, u64)> = all.files.iter().map(|(f, c)| (*f, c.used[0], c.without_period)).collect();
        assert_eq!(seen, [(0, 5, 2), (1, 7, 1), (2, 6, 2)]);
        assert_eq!(all.file(1).map(|c| c.used[0]), Some(7));
        assert!(all.file(3).is_none());
    }
}
