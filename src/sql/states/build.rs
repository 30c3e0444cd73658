//! Checking the records of states files against the contract settled and
//! turning them into accumulators.

use super::record::{InputCount, Line, Record, StateField};
use super::state::{fits, Partial};
use super::{EngineDataset, EngineStates, StatesError, StatesFile, FORMAT};
use crate::data::{Rejection, RowLocation};
use crate::eval::{windows as window_spans, Accumulator, FileInput, MonthSpan, Period, Term};
use crate::ir::{AggregateId, DataFormat, Dataset, DatasetId, Program};
use std::collections::{BTreeMap, HashMap};

/// How many keys a `reject` reason may list.
pub(super) const KEYS_PER_REASON: usize = 5;

/// See [`EngineStates::build`].
pub(super) fn build(
    program: &Program,
    through: Period,
    fingerprint: &str,
    files: &[StatesFile],
) -> Result<EngineStates, StatesError> {
    let term = Term::new(&program.contract, through);
    let spans = window_spans(program, &term);
    let context = Context { program, term: &term, spans: &spans };
    let mut datasets: Vec<EngineDataset> = Vec::new();
    let mut seen: HashMap<DatasetId, &str> = HashMap::new();
    for file in files {
        let engine = header(file, program, through, fingerprint)?;
        for (id, lines) in by_dataset(file, program)? {
            if let Some(other) = seen.insert(id, &file.name) {
                return Err(StatesError::at(
                    &file.name,
                    lines[0].line,
                    format!("dataset `{}` is also in the states file {other}", program.datasets[id].name),
                ));
            }
            datasets.push(context.dataset(file, &engine, id, &lines)?);
        }
    }
    datasets.sort_by_key(|d| d.dataset);
    Ok(EngineStates { datasets })
}

/// The `header` records of `file`, checked; the engine they name.
fn header(file: &StatesFile, program: &Program, through: Period, fingerprint: &str) -> Result<String, StatesError> {
    let name = &file.name;
    let mut fields: HashMap<&str, (u64, &Record)> = HashMap::new();
    for l in &file.records {
        let field = match &l.record {
            Record::Format(_) => "format",
            Record::ContractSha256(_) => "contract_sha256",
            Record::Engine(_) => "engine",
            Record::Term(..) => "term",
            _ => continue,
        };
        if let Some((first, _)) = fields.insert(field, (l.line, &l.record)) {
            return Err(StatesError::at(
                name,
                l.line,
                format!("a second `header` `{field}` (the first is on line {first})"),
            ));
        }
    }
    let missing = |field: &str| {
        StatesError::whole(name, format!("there is no `header` record with the field `{field}`; is it a states file?"))
    };
    match fields.get("format") {
        Some((_, Record::Format(f))) if f == FORMAT => {}
        Some((line, Record::Format(f))) => {
            return Err(StatesError::at(name, *line, format!("the format is `{f}`; this xla reads `{FORMAT}`")));
        }
        _ => return Err(missing("format")),
    }
    match fields.get("contract_sha256") {
        Some((_, Record::ContractSha256(sha))) if sha == fingerprint => {}
        Some((line, Record::ContractSha256(sha))) => {
            return Err(StatesError::at(
                name,
                *line,
                format!(
                    "the states were computed for the contract with fingerprint {sha}, but this contract's is \
                     {fingerprint}: the contract or an include changed since; run `xla sql` and the engine again"
                ),
            ));
        }
        _ => return Err(missing("contract_sha256")),
    }
    let first = Period::of(program.contract.start);
    match fields.get("term") {
        Some((_, Record::Term(a, b))) if (*a, *b) == (first, through) => {}
        Some((line, Record::Term(a, b))) => {
            return Err(StatesError::at(
                name,
                *line,
                format!(
                    "the states cover {a} to {b}, but settling through {through} needs {first} to {through}; \
                     run `xla sql` with `--through {through}`"
                ),
            ));
        }
        _ => return Err(missing("term")),
    }
    match fields.get("engine") {
        Some((_, Record::Engine(e))) if valid_engine(e) => Ok(e.clone()),
        Some((line, Record::Engine(e))) => Err(StatesError::at(
            name,
            *line,
            format!(
                "the engine `{e}` is not a name of lowercase letters, digits, `_` and `-` other than `{}`",
                crate::eval::LOCAL_ENGINE
            ),
        )),
        _ => Err(missing("engine")),
    }
}

fn valid_engine(e: &str) -> bool {
    !e.is_empty()
        && e != crate::eval::LOCAL_ENGINE
        && e.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// The records of `file` that concern datasets, by dataset, in the order
/// each dataset first appears.
fn by_dataset<'f>(file: &'f StatesFile, program: &Program) -> Result<Vec<(DatasetId, Vec<&'f Line>)>, StatesError> {
    let mut out: Vec<(DatasetId, Vec<&Line>)> = Vec::new();
    for l in &file.records {
        let dataset = match &l.record {
            Record::Source { dataset, .. }
            | Record::Count { dataset, .. }
            | Record::RowsUsed { dataset, .. }
            | Record::Reject { dataset, .. }
            | Record::RejectKey { dataset, .. }
            | Record::State { dataset, .. } => dataset,
            _ => continue,
        };
        let Some(id) = program.datasets.iter().position(|d| &d.name == dataset) else {
            let hint = crate::diagnostic::did_you_mean(dataset, program.datasets.iter().map(|d| d.name.as_str()))
                .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
            return Err(StatesError::at(&file.name, l.line, format!("the contract has no dataset `{dataset}`{hint}")));
        };
        match out.iter_mut().find(|(d, _)| *d == id) {
            Some((_, lines)) => lines.push(l),
            None => out.push((id, vec![l])),
        }
    }
    Ok(out)
}

/// How a states file names the source of `dataset`: `table:schema.table`,
/// or `file:` and its path or glob.
pub(crate) fn source_name(dataset: &Dataset) -> String {
    match dataset.format {
        DataFormat::Csv | DataFormat::Jsonl | DataFormat::Xlsx => format!("file:{}", dataset.path),
        DataFormat::Table => format!("table:{}", dataset.path),
    }
}

/// What every dataset is checked against.
struct Context<'a> {
    program: &'a Program,
    term: &'a Term,
    spans: &'a [Vec<MonthSpan>],
}

/// A `reject` reason and its keys.
struct Reason {
    line: u64,
    column: Option<String>,
    text: String,
    rows: u64,
    /// Sorted as text once all are attached; a key may repeat, as rows
    /// may share one (a dataset without `unique by` names rows by its
    /// first column, a date for telemetry).
    keys: Vec<String>,
}

/// The records of one dataset in one file, gathered (each checked alone
/// and against the contract, duplicates refused).
#[derive(Default)]
struct Gathered<'f> {
    /// The first line of the dataset's records.
    first_line: u64,
    source: Option<(u64, &'f str)>,
    counts: HashMap<InputCount, (u64, u64)>,
    used: HashMap<usize, (u64, u64)>,
    reasons: BTreeMap<u64, Reason>,
    keys: Vec<&'f Line>,
    states: BTreeMap<(AggregateId, MonthSpan), Partial>,
}

impl Context<'_> {
    /// The index of `month` among the settled months.
    fn month(&self, month: Period) -> Option<usize> {
        self.term.months.iter().position(|&m| m == month)
    }

    /// The states of dataset `id` that `lines` of `file` give.
    fn dataset(
        &self,
        file: &StatesFile,
        engine: &str,
        id: DatasetId,
        lines: &[&Line],
    ) -> Result<EngineDataset, StatesError> {
        let name = &self.program.datasets[id].name;
        let err =
            |line: u64, message: String| StatesError::at(&file.name, line, format!("dataset `{name}`: {message}"));
        let mut g = self.gather(id, lines).map_err(|(line, m)| err(line, m))?;
        attach_keys(&mut g.reasons, &g.keys).map_err(|(line, m)| err(line, m))?;
        g.reasons.values_mut().for_each(|r| r.keys.sort());
        let input = self.input(&g, &file.sha256).map_err(|(line, m)| err(line, m))?;
        let counted_on = g.counts.get(&InputCount::Rejected).map_or(g.first_line, |&(line, _)| line);
        let rejections = rejections(&g.reasons, &input, counted_on).map_err(|(line, m)| err(line, m))?;
        let months = self.term.months.len();
        let mut out = EngineDataset {
            dataset: id,
            engine: engine.to_string(),
            rejected_total: input.rows_rejected,
            input,
            rejections,
            months: HashMap::new(),
            windows: HashMap::new(),
        };
        for (a, agg) in self.program.aggregates.iter().enumerate().filter(|(_, agg)| agg.dataset == id) {
            out.months.insert(a, (0..months).map(|_| Accumulator::new(agg.func)).collect());
        }
        for ((a, span), partial) in g.states {
            let line = partial.line;
            let state = partial.finish(&self.program.aggregates[a], out.input.rows_read).map_err(|m| err(line, m))?;
            if span.is_window() {
                out.windows.insert((a, span), state);
            } else if let Some(slot) = out.months.get_mut(&a).and_then(|m| m.get_mut(span.first)) {
                *slot = state;
            }
        }
        Ok(out)
    }

    /// The records of dataset `id`, gathered; an error is its line and message.
    fn gather<'f>(&self, id: DatasetId, lines: &[&'f Line]) -> Result<Gathered<'f>, (u64, String)> {
        let dataset = &self.program.datasets[id];
        let mut g = Gathered { first_line: lines.first().map_or(0, |l| l.line), ..Gathered::default() };
        for &l in lines {
            let second =
                |what: String, first: u64| Err((l.line, format!("a second {what} (the first is on line {first})")));
            match &l.record {
                Record::Source { source, .. } => {
                    if let Some((first, _)) = g.source.replace((l.line, source)) {
                        return second("`source`".into(), first);
                    }
                    let expected = source_name(dataset);
                    if *source != expected {
                        return Err((
                            l.line,
                            format!("the source is `{source}`, but the contract reads it from `{expected}`"),
                        ));
                    }
                }
                Record::Count { count, rows, .. } => {
                    if let Some((first, _)) = g.counts.insert(*count, (l.line, *rows)) {
                        return second(format!("`{}`", count.name()), first);
                    }
                }
                Record::RowsUsed { month, rows, .. } => {
                    let m = self.month(*month).ok_or_else(|| (l.line, self.outside(*month)))?;
                    if let Some((first, _)) = g.used.insert(m, (l.line, *rows)) {
                        return second(format!("`rows_used` in {month}"), first);
                    }
                }
                Record::Reject { reason, column, text, rows, .. } => {
                    let new = Reason {
                        line: l.line,
                        column: column.clone(),
                        text: text.clone(),
                        rows: *rows,
                        keys: Vec::new(),
                    };
                    if let Some(first) = g.reasons.insert(*reason, new) {
                        return second(format!("`reject` numbered {reason}"), first.line);
                    }
                }
                Record::RejectKey { .. } => g.keys.push(l),
                Record::State { aggregate, span, field, .. } => {
                    let (a, span) = self.state_of(id, *aggregate, *span, field).map_err(|m| (l.line, m))?;
                    let agg = &self.program.aggregates[a];
                    let state = g.states.entry((a, span)).or_insert_with(|| Partial::new(l.line));
                    state.add(agg, dataset, field, l.line).map_err(|m| (l.line, m))?;
                }
                Record::Format(_) | Record::ContractSha256(_) | Record::Engine(_) | Record::Term(..) => {}
            }
        }
        Ok(g)
    }

    /// What the dataset's `input` records say was read, checked.
    fn input(&self, g: &Gathered, sha256: &str) -> Result<FileInput, (u64, String)> {
        let (_, source) = g.source.ok_or_else(|| (g.first_line, "there is no `input` `source` record".to_string()))?;
        let count = |c: InputCount| match g.counts.get(&c) {
            Some(&(_, rows)) => Ok(rows),
            None if c == InputCount::Collapsed => Ok(0),
            None => Err((g.first_line, format!("there is no `input` `{}` record", c.name()))),
        };
        let read = count(InputCount::Read)?;
        let rejected = count(InputCount::Rejected)?;
        if rejected > read {
            return Err((g.first_line, format!("{rejected} rows rejected of {read} read")));
        }
        if let Some((line, rows)) = g.used.values().find(|(_, rows)| *rows > read) {
            return Err((*line, format!("{rows} rows used in a month, but only {read} were read")));
        }
        Ok(FileInput {
            path: source.to_string(),
            sha256: sha256.to_string(),
            rows_read: read,
            lines: read,
            rows_rejected: rejected,
            rows_collapsed: count(InputCount::Collapsed)?,
            rows_without_period: count(InputCount::WithoutPeriod)?,
            rows_used: (0..self.term.months.len()).map(|m| g.used.get(&m).map_or(0, |&(_, rows)| rows)).collect(),
        })
    }

    fn outside(&self, month: Period) -> String {
        match (self.term.months.first(), self.term.months.last()) {
            (Some(first), Some(last)) => format!("{month} is not a settled month ({first} to {last})"),
            _ => format!("{month} is not a settled month"),
        }
    }

    /// The aggregate and span of a `state` record, checked.
    fn state_of(
        &self,
        dataset: DatasetId,
        aggregate: usize,
        (first, last): (Period, Period),
        field: &StateField,
    ) -> Result<(AggregateId, MonthSpan), String> {
        let aggs = &self.program.aggregates;
        let agg = aggs.get(aggregate).ok_or_else(|| {
            format!(
                "there is no aggregate {aggregate}: the contract has {} (0 to {})",
                aggs.len(),
                aggs.len().saturating_sub(1)
            )
        })?;
        if agg.dataset != dataset {
            let theirs = &self.program.datasets[agg.dataset].name;
            return Err(format!("aggregate {aggregate} is `{}`, over dataset `{theirs}`", agg.text));
        }
        if !fits(agg.func, field) {
            return Err(format!(
                "aggregate {aggregate} is `{}`: its states have no field `{}`",
                agg.text,
                field.name()
            ));
        }
        let span = MonthSpan {
            first: self.month(first).ok_or_else(|| self.outside(first))?,
            last: self.month(last).ok_or_else(|| self.outside(last))?,
        };
        if span.is_window() {
            if !crate::eval::fed_per_window(self.program, aggregate) {
                return Err(format!(
                    "aggregate {aggregate} (`{}`) is over an instant dataset: its windows are merged from its month \
                     states, so the file gives no state over {first} to {last}",
                    agg.text
                ));
            }
            if !self.spans[aggregate].contains(&span) {
                return Err(format!("aggregate {aggregate} (`{}`) is not needed over {first} to {last}", agg.text));
            }
        }
        Ok((aggregate, span))
    }
}

/// Gives each `reject_key` record in `keys` to its reason.
fn attach_keys(reasons: &mut BTreeMap<u64, Reason>, keys: &[&Line]) -> Result<(), (u64, String)> {
    for l in keys {
        let Record::RejectKey { reason, column, key, .. } = &l.record else { continue };
        let r = reasons.get_mut(reason).ok_or_else(|| (l.line, format!("no `reject` record is numbered {reason}")))?;
        if column != &r.column {
            let shown =
                |c: &Option<String>| c.as_deref().map_or_else(|| "no column".to_string(), |c| format!("column `{c}`"));
            let message =
                format!("reason {reason} is about {}, but this key names {}", shown(&r.column), shown(column));
            return Err((l.line, message));
        }
        r.keys.push(key.clone());
        if r.keys.len() > KEYS_PER_REASON.min(usize::try_from(r.rows).unwrap_or(usize::MAX)) {
            let message = format!("reason {reason} lists more keys than it has rows, or more than {KEYS_PER_REASON}");
            return Err((l.line, message));
        }
    }
    Ok(())
}

/// The rejected rows the reasons name by key, once their rows add up to
/// what `input` says was rejected (on line `counted_on`).
fn rejections(
    reasons: &BTreeMap<u64, Reason>,
    input: &FileInput,
    counted_on: u64,
) -> Result<Vec<Rejection>, (u64, String)> {
    let listed = reasons.values().fold(0u64, |sum, r| sum.saturating_add(r.rows));
    if listed != input.rows_rejected {
        let first = reasons.values().map(|r| r.line).min().unwrap_or(counted_on);
        let message =
            format!("the `reject` records count {listed} rows, but `rows_rejected` is {}", input.rows_rejected);
        return Err((first, message));
    }
    if let Some((n, r)) = reasons.iter().find(|(_, r)| r.keys.is_empty()) {
        return Err((r.line, format!("reason {n} lists no key of a rejected row")));
    }
    let rows = reasons.values().flat_map(|r| {
        r.keys.iter().map(|k| Rejection {
            file: input.path.clone(),
            at: RowLocation::Key(k.clone()),
            column: r.column.clone(),
            reason: r.text.clone(),
        })
    });
    Ok(rows.collect())
}
