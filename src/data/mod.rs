//! Loading datasets from CSV and JSON Lines files (LANGUAGE.md §5).
//!
//! [`load_dataset`] expands a dataset's glob, streams each file once
//! (hashing its bytes as they are read), parses the named columns of every
//! row into [`Value`](crate::value::Value)s, rejects rows that do not parse,
//! collapses change logs (`unique by`) and hands the rows to a [`RowSink`].
//!
//! Where LANGUAGE.md is silent, the loader does this:
//!
//! - **Files.** The glob is relative to the data directory; `*` and `?` do
//!   not cross `/` and do not match a leading `.` (macOS `._x.csv` litter is
//!   not read); `**` reaches subdirectories; directories are skipped. Files
//!   are read in the order of their relative paths (byte order).
//! - **Blank cells.** A cell that is empty or only whitespace is empty, in
//!   every column type, text included. `missing` markers are compared with
//!   the cell without its surrounding whitespace.
//! - **Text** keeps its surrounding whitespace; `text in [..]` matches
//!   exactly (case and spaces count) and suggests the closest allowed value.
//!   Every other type ignores surrounding whitespace.
//! - **Numbers** take an optional sign, a fraction and an exponent (`1.5E+3`,
//!   as spreadsheets write); no thousands separators. Beyond 28 significant
//!   digits they are rounded. `count` accepts `3.0` as 3.
//! - **Durations** may not be negative. ISO 8601 durations take weeks, days,
//!   hours, minutes and seconds (a day is 86 400 s); years and months are
//!   refused, having no fixed length. ISO values are not scaled by `unit`.
//! - **Timestamps** without `format` also accept a space instead of `T` and
//!   fractional seconds in local date-times. With `format`, a Unix time
//!   (`%s`) is absolute like an offset (`%z`).
//! - **CSV.** Header names are compared without surrounding whitespace; if a
//!   name repeats, the first such column is read. A record with a different
//!   number of fields than the header is rejected as a whole (no column).
//!   A byte that is not valid UTF-8 anywhere in a record rejects it, naming
//!   its 0-based byte offset in the file. Physical lines end at LF or CR LF
//!   (mixed line ends are fine; a lone CR is an ordinary character). The
//!   line of a rejection is the physical line its record starts on, counting
//!   every line of the file from 1 (the header, skipped rows and blank
//!   lines included). Blank lines are not rows. Skipped rows (`skip`) are
//!   records, which may span lines, and are not counted as read.
//! - **JSON Lines.** A key that literally contains dots is found before a
//!   dotted path is followed. Numbers keep their exact text; bools read as
//!   `true`/`false`, so a text column holds them as written. Arrays and
//!   objects in a named column reject the row. A line that is not a JSON
//!   object, malformed JSON included, is a rejected row, never a load error.
//!   A BOM before the first line is skipped.
//! - **Rejections.** Each rejected row is reported once, naming its first
//!   bad column. The report keeps the first 1000; all are counted.
//! - **`unique by`.** A row whose key is none is kept as it is (each such row
//!   stands alone), since it cannot be matched to any other. Kept rows are
//!   delivered once all files are read, in the order their keys first
//!   appeared; `file` is the file of the row that was kept. Without `unique
//!   by`, rows are delivered as they are read.
//! - **Threads.** [`load_dataset_parallel`] reads the files on the calling
//!   thread (hashing them on a thread of their own), cuts CSV text into
//!   chunks of whole records, and splits and parses the records on worker
//!   threads; rejections, collapsing and the parts of the sink are put back
//!   in file order, so the outcome is the one-thread load's (the tests here
//!   load every case both ways).
//! - **Errors after delivery.** When the rejected rows exceed `reject up
//!   to`, rows may already have reached the sink; the caller discards them.

mod buffer;
mod bytes_at;
mod cell;
mod collapse;
mod collect;
mod csv_chunks;
mod csv_file;
mod csv_records;
mod duration;
mod error;
mod files;
mod hashing;
mod intern;
mod jsonl_file;
mod parallel;
mod plan;
mod report;
mod sink;
mod text;
pub(crate) mod time;
mod xlsx_file;

#[cfg(test)]
mod tests;

pub use error::LoadError;
pub(crate) use intern::FxHasher;
pub use parallel::{load_dataset_parallel, LoadOptions};
pub use report::{LoadReport, LoadedFile, Rejection, RowLocation, REJECTIONS_KEPT};
pub use sink::{ParallelSink, RowSink};

use crate::ir::{DataFormat, Dataset};
use collect::Collector;
use plan::Plan;
use std::path::Path;

/// Loads `dataset` from the files its glob matches under `data_dir`,
/// passing every accepted row to `sink`.
///
/// Fails if no file matches, a file cannot be read, a CSV header lacks a
/// named column, or more rows are rejected than `reject up to` allows.
pub fn load_dataset(dataset: &Dataset, data_dir: &Path, sink: &mut dyn RowSink) -> Result<LoadReport, LoadError> {
    let plan = Plan::new(dataset)?;
    let files = files::expand(dataset, data_dir)?;
    let mut collector = Collector::new(sink, dataset.unique_by, &files);
    let mut hashes = Vec::with_capacity(files.len());
    for (index, file) in files.iter().enumerate() {
        let hash = match dataset.format {
            DataFormat::Csv => csv_file::read(file, index, &plan, &mut collector)?,
            DataFormat::Jsonl => jsonl_file::read(file, index, &plan, &mut collector)?,
            DataFormat::Xlsx => xlsx_file::read(file, index, &plan, &mut collector)?,
            // Refused by `Plan::new` before any file is looked for.
            DataFormat::Table => return Err(plan::in_table(dataset)),
        };
        hashes.push(hash);
    }
    let report = collector.finish(hashes);
    within_reject_limit(dataset, report)
}

/// The files `dataset`'s path or glob matches under `data_dir`, as the
/// loader would read them (sorted by relative path, each once): their paths
/// and their names relative to `data_dir`. `xla sql` writes these into a
/// script for an engine's own reader.
pub(crate) fn dataset_files(
    dataset: &Dataset,
    data_dir: &Path,
) -> Result<Vec<(std::path::PathBuf, String)>, LoadError> {
    Ok(files::expand(dataset, data_dir)?.into_iter().map(|f| (f.path, f.name)).collect())
}

/// The report, or the error for rejecting more rows than `reject up to`
/// allows (also applied to the rows an engine rejected, `xla settle --states`).
pub(crate) fn within_reject_limit(dataset: &Dataset, report: LoadReport) -> Result<LoadReport, LoadError> {
    if report.rejects_exceed(dataset.reject_up_to) {
        return Err(LoadError::TooManyRejected {
            dataset: dataset.name.clone(),
            rejected: report.rejected_total,
            read: report.rows_read,
            allowed: dataset.reject_up_to,
            rejections: report.rejections,
        });
    }
    Ok(report)
}
