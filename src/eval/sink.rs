//! The row sink that assigns rows to months and feeds the accumulators.

use super::accumulate::Accumulator;
use super::row::{eval, RowContext};
use super::{Progress, Term};
use crate::data::RowSink;
use crate::ir::{AggregateId, DatasetId, PeriodBy, Program};
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

/// Feeds one dataset's rows to its aggregates.
pub struct DatasetSink<'a> {
    program: &'a Program,
    dataset: DatasetId,
    term: &'a Term,
    aggregates: Vec<(AggregateId, Vec<Accumulator>)>,
    files: Vec<FileCounts>,
    months: Vec<usize>,
    progress: &'a mut dyn Progress,
}

impl<'a> DatasetSink<'a> {
    /// A sink for the rows of `dataset`.
    pub fn new(program: &'a Program, dataset: DatasetId, term: &'a Term, progress: &'a mut dyn Progress) -> Self {
        let aggregates = program
            .aggregates
            .iter()
            .enumerate()
            .filter(|(_, a)| a.dataset == dataset)
            .map(|(id, a)| (id, vec![Accumulator::new(a.func); term.months.len()]))
            .collect();
        DatasetSink { program, dataset, term, aggregates, files: Vec::new(), months: Vec::new(), progress }
    }

    /// The accumulators by aggregate, and the per-file counts.
    pub fn finish(self) -> (Vec<(AggregateId, Vec<Accumulator>)>, Vec<FileCounts>) {
        (self.aggregates, self.files)
    }

    /// Fills `self.months` with the months the row belongs to; false if it
    /// belongs to no month of the term (rows in months of the term after the
    /// settled ones are neither used nor counted as without period).
    fn assign(&mut self, row: &[Value]) -> bool {
        self.months.clear();
        let term = self.term;
        match self.program.datasets[self.dataset].period {
            PeriodBy::Instant(c) => {
                let (month, later) = match &row[c] {
                    Value::Timestamp(t) => {
                        let date = t.with_timezone(&term.tz).date_naive();
                        (term.month_of_date(date), term.after_settled(date))
                    }
                    Value::Date(d) => (term.month_of_date(*d), term.after_settled(*d)),
                    _ => (None, false),
                };
                if let Some(m) = month {
                    self.months.push(m);
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
                        self.months.push(m);
                    }
                }
                let later = term.after_settled(s.with_timezone(&term.tz).date_naive());
                later || !self.months.is_empty()
            }
        }
    }
}

impl RowSink for DatasetSink<'_> {
    fn row(&mut self, file: usize, row: &[Value]) {
        while self.files.len() <= file {
            self.files.push(FileCounts::new(self.term.months.len()));
        }
        if !self.assign(row) {
            self.files[file].without_period += 1;
            return;
        }
        let months = std::mem::take(&mut self.months);
        for &m in &months {
            self.files[file].used[m] += 1;
            let ctx = RowContext { calendars: &self.program.calendars, tz: self.term.tz, window: self.term.windows[m] };
            for (id, accs) in &mut self.aggregates {
                let agg = &self.program.aggregates[*id];
                if let Some(filter) = &agg.filter {
                    if eval(filter, row, &ctx) != Value::Bool(true) {
                        continue;
                    }
                }
                let value = agg.value.as_ref().map_or(Value::None, |v| eval(v, row, &ctx));
                let meets = agg.meeting.as_ref().is_some_and(|c| eval(c, row, &ctx) == Value::Bool(true));
                accs[m].add(agg.func, &value, meets);
            }
        }
        self.months = months;
    }

    fn progress(&mut self, bytes: u64) {
        let name = &self.program.datasets[self.dataset].name;
        self.progress.bytes(name, bytes);
    }
}
