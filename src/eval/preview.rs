//! A data preview: every dataset loaded, nothing settled (`xla check --data`).
//!
//! What a service manager runs the moment a new month's exports arrive:
//! per dataset and file, the rows read, their physical lines, the rows
//! rejected (the first few, with line, column and reason), the rows
//! collapsed by `unique by`, and the rows in each month of the term (and
//! without a period). A dataset is loaded in full even when it rejects more
//! rows than `reject up to` allows, so that the preview shows what is
//! wrong; it is then marked over its limit. A dataset that lives in a SQL
//! table is not loaded: the preview names its table instead.

use super::{load, sink, Period, Progress, Term};
use crate::data::Rejection;
use crate::ir::{DataFormat, Program};
use rust_decimal::Decimal;
use std::path::Path;

/// How many rejected rows of each dataset a preview lists.
pub const PREVIEW_REJECTIONS: usize = 10;

/// What loading every dataset found.
#[derive(Debug)]
pub struct Preview {
    /// The months shown, first to last.
    pub months: Vec<Period>,
    /// Each dataset, in declaration order.
    pub datasets: Vec<DatasetPreview>,
}

impl Preview {
    /// Whether any dataset failed to load or rejected more than it allows.
    pub fn failed(&self) -> bool {
        self.datasets.iter().any(|d| d.error.is_some() || d.over_limit)
    }
}

/// What loading one dataset found.
#[derive(Debug)]
pub struct DatasetPreview {
    /// The dataset's name.
    pub dataset: String,
    /// Its `reject up to`, in percent.
    pub reject_up_to: Decimal,
    /// Why it could not be loaded at all (no file, a missing column…).
    pub error: Option<String>,
    /// The SQL table it lives in (`from table`): such a dataset is not
    /// loaded, since only its engine reads it (`xla sql`).
    pub table: Option<String>,
    /// Its files, in the order read.
    pub files: Vec<FilePreview>,
    /// Rows rejected in all its files.
    pub rows_rejected: u64,
    /// Rows read in all its files.
    pub rows_read: u64,
    /// Whether the rejected rows exceed `reject up to`.
    pub over_limit: bool,
    /// The first [`PREVIEW_REJECTIONS`] rejected rows.
    pub rejections: Vec<Rejection>,
}

/// What one file held.
#[derive(Debug)]
pub struct FilePreview {
    /// The path relative to the data directory.
    pub path: String,
    /// Rows read.
    pub rows_read: u64,
    /// Physical lines of those rows.
    pub lines: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Rows dropped by `unique by`.
    pub rows_collapsed: u64,
    /// Rows in each month shown.
    pub rows_per_month: Vec<u64>,
    /// Rows that belong to no month of the term.
    pub rows_without_period: u64,
}

/// Loads every dataset of `program` from `data_dir` and counts its rows in
/// the months `from` through `through` (both within the term).
pub fn preview(
    program: &Program,
    data_dir: &Path,
    from: Period,
    through: Period,
    progress: &mut dyn Progress,
) -> Preview {
    let term = Term::new(&program.contract, through);
    let first = term.months.iter().position(|&m| m == from).unwrap_or(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let no_windows = vec![Vec::new(); program.aggregates.len()];
    let datasets = program
        .datasets
        .iter()
        .enumerate()
        .map(|(id, dataset)| {
            // A preview looks at months, never at windows.
            let feed = sink::Feed::new(program, id, &term, &no_windows);
            // Loaded whatever it rejects; the limit is checked below.
            let mut unlimited = dataset.clone();
            unlimited.reject_up_to = Decimal::ONE_HUNDRED;
            let mut out = DatasetPreview {
                dataset: dataset.name.clone(),
                reject_up_to: dataset.reject_up_to,
                error: None,
                table: None,
                files: Vec::new(),
                rows_rejected: 0,
                rows_read: 0,
                over_limit: false,
                rejections: Vec::new(),
            };
            if dataset.format == DataFormat::Table {
                out.table = Some(dataset.path.clone());
                return out;
            }
            match load(&feed, &unlimited, data_dir, progress, threads) {
                Err(error) => out.error = Some(error.to_string()),
                Ok((report, part)) => {
                    out.over_limit = report.rejects_exceed(dataset.reject_up_to);
                    out.rows_rejected = report.rejected_total;
                    out.rows_read = report.rows_read;
                    out.files = report
                        .files
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            let counts = part.file(i);
                            FilePreview {
                                path: f.path.clone(),
                                rows_read: f.rows_read,
                                lines: f.lines,
                                rows_rejected: f.rows_rejected,
                                rows_collapsed: f.rows_collapsed,
                                rows_per_month: counts
                                    .map_or_else(|| vec![0; term.months.len() - first], |c| c.used[first..].to_vec()),
                                rows_without_period: counts.map_or(0, |c| c.without_period),
                            }
                        })
                        .collect();
                    out.rejections = report.rejections.into_iter().take(PREVIEW_REJECTIONS).collect();
                }
            }
            out
        })
        .collect();
    Preview { months: term.months[first..].to_vec(), datasets }
}
