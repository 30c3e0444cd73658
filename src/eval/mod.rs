//! Evaluation: data → metric values, month by month (LANGUAGE.md §5, §6, §8.1).
//!
//! [`evaluate`] reads each dataset once, streaming: every row is assigned to
//! the months it belongs to and fed to the accumulators of every aggregate
//! over its dataset. What is kept in memory is one accumulator per aggregate
//! and month (plus the values medians and percentiles need). Metric values
//! are then computed from the aggregates on demand ([`Evaluation::metric`]),
//! because a metric that uses `baseline(..)` has a value that depends on the
//! clause or gain asking.
//!
//! Aggregates with `over N months`, and those behind a clause measured over
//! periods longer than a month, are also known over windows of several
//! months ([`window`]), built during the same single read.
//!
//! [`evaluate_with_states`] takes some datasets' states from an engine
//! instead (`xla settle --states`, [`crate::sql::states`]): the same month
//! and window states, so everything after them is the same code.

mod accumulate;
mod arith;
mod compiled;
mod distinct;
mod metric;
mod period;
mod preview;
mod row;
mod sink;
mod term;
mod window;

pub(crate) use accumulate::nearest_rank;
pub use accumulate::AggValue;
pub(crate) use accumulate::{Accumulator, DistinctSet, Key, ValueCounts, ValueKey};
pub use arith::{arith, compare, typed};
pub(crate) use distinct::Distinct;
pub use metric::{Baseline, MetricValue};
pub use period::Period;
pub use preview::{preview, DatasetPreview, FilePreview, Preview, PREVIEW_REJECTIONS};
pub use row::{eval as eval_row, RowContext};
pub use term::{midnight, InstantBounds, Term};
pub use window::{fed_per_window, windows, MonthSpan};

use crate::data::{self, LoadError, ParallelSink, Rejection};
use crate::ir::{AggregateId, DataFormat, Program};
use crate::sql::states::{EngineDataset, EngineStates};
use std::collections::HashMap;
use std::path::Path;

/// Rows read from one file, and what became of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInput {
    /// The path relative to the data directory.
    pub path: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// Rows read (after skipped header rows).
    pub rows_read: u64,
    /// Physical lines of those rows (§5 v2): more than `rows_read` when
    /// records of a `multiline` dataset span lines.
    pub lines: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Rows dropped by `unique by` in favour of a later version.
    pub rows_collapsed: u64,
    /// Rows that belong to no month of the term.
    pub rows_without_period: u64,
    /// Rows used in each settled month (an interval row counts in every month it overlaps).
    pub rows_used: Vec<u64>,
}

/// The files of one dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatasetInput {
    /// The dataset's name.
    pub dataset: String,
    /// Its files, in the order read; for a dataset an engine computed, one
    /// entry: the source the states file names, with the states file's SHA-256.
    pub files: Vec<FileInput>,
    /// What computed its states: [`LOCAL_ENGINE`], or the engine a states
    /// file names (`duckdb`, `postgres`, `spark`).
    pub engine: String,
}

/// The engine of the datasets read by this evaluator.
pub const LOCAL_ENGINE: &str = "local";

/// Why evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A dataset could not be loaded, or rejected too many rows (the
    /// message of the load error names the dataset).
    #[error("{error}")]
    Load {
        /// The dataset.
        dataset: String,
        /// What went wrong.
        #[source]
        error: LoadError,
    },
    /// A dataset lives in a SQL table (`from table`, §5 v2): its states come
    /// from the engine that holds it, never from the local loader.
    #[error(
        "dataset `{dataset}` lives in the SQL table `{table}`: run `xla sql CONTRACT --dialect duckdb|postgres|spark --period …` on the engine that holds it, export the result as CSV and pass it with `xla settle … --states FILE`"
    )]
    InTable {
        /// The dataset.
        dataset: String,
        /// The table's name.
        table: String,
    },
}

/// The result of evaluating a program against data, through one month.
#[derive(Debug)]
pub struct Evaluation<'p> {
    /// The program evaluated.
    pub program: &'p Program,
    /// The months, with their windows.
    pub term: Term,
    /// Each aggregate's value in each month: `aggregates[aggregate][month]`
    /// (for an aggregate with `over`, over its window ending that month).
    pub aggregates: Vec<Vec<AggValue>>,
    /// Aggregates' values over windows of more than one month.
    pub windows: HashMap<(AggregateId, MonthSpan), AggValue>,
    /// What was read, by dataset.
    pub inputs: Vec<DatasetInput>,
    /// Rejected rows (the first ones of each dataset).
    pub rejections: Vec<Rejection>,
    /// Rejected rows in all.
    pub rejected_total: u64,
}

/// Reports progress while datasets load: the dataset and bytes read so far.
pub trait Progress {
    /// Called as bytes are read.
    fn bytes(&mut self, dataset: &str, bytes: u64);
}

impl<F: FnMut(&str, u64)> Progress for F {
    fn bytes(&mut self, dataset: &str, bytes: u64) {
        self(dataset, bytes);
    }
}

/// Evaluates `program` against the files in `data_dir`, for every month from
/// the start of the term through `through`, parsing on as many threads as
/// the machine has cores, or as the environment variable `XLA_THREADS`
/// says (1: on the calling thread alone; for measuring).
pub fn evaluate<'p>(
    program: &'p Program,
    data_dir: &Path,
    through: Period,
    progress: &mut dyn Progress,
) -> Result<Evaluation<'p>, EvalError> {
    evaluate_with_threads(program, data_dir, through, progress, threads())
}

/// The parsing threads [`evaluate`] uses: as many as the machine has
/// cores, or as the environment variable `XLA_THREADS` says.
pub fn threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::env::var("XLA_THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(cores)
}

/// [`evaluate`] on `threads` parsing threads (1: on the calling thread
/// alone). The result does not depend on `threads`.
pub fn evaluate_with_threads<'p>(
    program: &'p Program,
    data_dir: &Path,
    through: Period,
    progress: &mut dyn Progress,
    threads: usize,
) -> Result<Evaluation<'p>, EvalError> {
    evaluate_with_states(program, data_dir, through, progress, threads, EngineStates::default())
}

/// [`evaluate_with_threads`], with the datasets that `states` covers not
/// read from files: their month states (and the window states of
/// aggregates fed once per window) come from an engine (`xla settle
/// --states`), their windows over instant datasets are merged from month
/// states exactly as for the datasets read here, and `reject up to` is
/// enforced on the rows the engine read and rejected.
pub fn evaluate_with_states<'p>(
    program: &'p Program,
    data_dir: &Path,
    through: Period,
    progress: &mut dyn Progress,
    threads: usize,
    mut states: EngineStates,
) -> Result<Evaluation<'p>, EvalError> {
    // Before any file is read: the loader never reads a table, so every
    // table dataset must come from an engine's states.
    let uncovered =
        program.datasets.iter().enumerate().find(|(id, d)| d.format == DataFormat::Table && !states.covers(*id));
    if let Some((_, dataset)) = uncovered {
        return Err(EvalError::InTable { dataset: dataset.name.clone(), table: dataset.path.clone() });
    }
    let term = Term::new(&program.contract, through);
    let mut aggregates: Vec<Vec<AggValue>> = vec![Vec::new(); program.aggregates.len()];
    let spans = window::windows(program, &term);
    let mut windows = HashMap::new();
    let mut inputs = Vec::new();
    let mut rejections = Vec::new();
    let mut rejected_total = 0;
    for (id, dataset) in program.datasets.iter().enumerate() {
        let feed = sink::Feed::new(program, id, &term, &spans);
        let loaded = match states.take(id) {
            Some(engine) => from_engine(program, &feed, engine, term.months.len()),
            None => read(&feed, dataset, data_dir, progress, threads, term.months.len()),
        }
        .map_err(|error| EvalError::Load { dataset: dataset.name.clone(), error })?;
        for ((&agg_id, fed_spans), (months, windowed)) in feed.aggregates.iter().zip(&feed.windows).zip(loaded.states) {
            let agg = &program.aggregates[agg_id];
            for span in &spans[agg_id] {
                let state = match fed_spans.iter().position(|s| s == span) {
                    Some(w) => windowed[w].clone(),
                    None => merged(agg.func, &months, *span),
                };
                windows.insert((agg_id, *span), state.finish(agg));
            }
            aggregates[agg_id] = months
                .into_iter()
                .enumerate()
                .map(|(m, state)| {
                    let span = MonthSpan::month(m).widened(agg.over);
                    match windows.get(&(agg_id, span)) {
                        Some(value) if span.is_window() => value.clone(),
                        _ => state.finish(agg),
                    }
                })
                .collect();
        }
        inputs.push(loaded.input);
        rejected_total += loaded.rejected_total;
        rejections.extend(loaded.rejections);
    }
    Ok(Evaluation { program, term, aggregates, windows, inputs, rejections, rejected_total })
}

/// One dataset's states and what was read for them.
struct Loaded {
    /// For each aggregate of the feed: its month states, and its states
    /// over the windows it is fed over.
    states: Vec<(Vec<Accumulator>, Vec<Accumulator>)>,
    /// What was read.
    input: DatasetInput,
    /// The first rejected rows.
    rejections: Vec<Rejection>,
    /// Rejected rows in all.
    rejected_total: u64,
}

/// Reads `dataset` from its files (for `months` settled months).
fn read(
    feed: &sink::Feed<'_>,
    dataset: &crate::ir::Dataset,
    data_dir: &Path,
    progress: &mut dyn Progress,
    threads: usize,
    months: usize,
) -> Result<Loaded, LoadError> {
    let (report, mut all) = load(feed, dataset, data_dir, progress, threads)?;
    let files = report
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let counts = all.file(i).cloned().unwrap_or_else(|| sink::FileCounts::new(months));
            FileInput {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
                rows_read: f.rows_read,
                lines: f.lines,
                rows_rejected: f.rows_rejected,
                rows_collapsed: f.rows_collapsed,
                rows_without_period: counts.without_period,
                rows_used: counts.used,
            }
        })
        .collect();
    let states = std::mem::take(&mut all.accumulators).into_iter().zip(std::mem::take(&mut all.windowed)).collect();
    Ok(Loaded {
        states,
        input: DatasetInput { dataset: dataset.name.clone(), files, engine: LOCAL_ENGINE.to_string() },
        rejections: report.rejections,
        rejected_total: report.rejected_total,
    })
}

/// `dataset`'s states as an engine computed them, laid out as the feed's
/// (a state the engine did not give is empty), once `reject up to` allows
/// the rows it rejected.
fn from_engine(
    program: &Program,
    feed: &sink::Feed<'_>,
    mut engine: EngineDataset,
    months: usize,
) -> Result<Loaded, LoadError> {
    let dataset = &program.datasets[engine.dataset];
    let report = data::LoadReport {
        files: Vec::new(),
        rejections: engine.rejections,
        rejected_total: engine.rejected_total,
        rows_read: engine.input.rows_read,
    };
    let report = data::within_reject_limit(dataset, report)?;
    let states = feed
        .aggregates
        .iter()
        .zip(&feed.windows)
        .map(|(&a, spans)| {
            let func = program.aggregates[a].func;
            let months =
                engine.months.remove(&a).unwrap_or_else(|| (0..months).map(|_| Accumulator::new(func)).collect());
            let windowed = spans
                .iter()
                .map(|span| engine.windows.remove(&(a, *span)).unwrap_or_else(|| Accumulator::new(func)))
                .collect();
            (months, windowed)
        })
        .collect();
    Ok(Loaded {
        states,
        input: DatasetInput { dataset: dataset.name.clone(), files: vec![engine.input], engine: engine.engine },
        rejections: report.rejections,
        rejected_total: report.rejected_total,
    })
}

/// The state over `span` of an aggregate of an instant dataset: its month
/// states merged in month order.
fn merged(func: crate::ir::AggFunc, months: &[Accumulator], span: MonthSpan) -> Accumulator {
    let mut state = Accumulator::new(func);
    for m in span.months() {
        if let Some(month) = months.get(m) {
            state.merge(func, month.clone());
        }
    }
    state
}

/// Loads `dataset` (the feed's, or a copy with other options) into the
/// feed's accumulators and per-file counts.
fn load(
    feed: &sink::Feed<'_>,
    dataset: &crate::ir::Dataset,
    data_dir: &Path,
    progress: &mut dyn Progress,
    threads: usize,
) -> Result<(data::LoadReport, sink::Part), data::LoadError> {
    let needed = feed.needed_columns();
    let options = data::LoadOptions { needed: Some(&needed), threads };
    let mut all = feed.part();
    let mut merge = |part: sink::Part| all.merge(part, feed);
    let mut bytes = |b: u64| progress.bytes(&dataset.name, b);
    let report = data::load_dataset_parallel(dataset, data_dir, options, feed, &mut merge, &mut bytes)?;
    Ok((report, all))
}
