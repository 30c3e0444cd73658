//! Loading small files end to end.

mod csv;
mod files;
mod fuzz;
mod in_flight;
mod jsonl;
mod limits;
mod locale;
mod servicenow;
mod timezones;
mod types;
mod unique;

use super::{load_dataset, load_dataset_parallel, LoadError, LoadOptions, LoadReport, ParallelSink, RowSink};
use crate::ir::{ColumnKind, CsvOptions, DataFormat, Dataset, DatasetColumn, PeriodBy};
use crate::value::Value;
use rust_decimal::Decimal;
use std::path::Path;
use tempfile::TempDir;

/// A sink that keeps what it is given.
#[derive(Default)]
struct Rows {
    rows: Vec<(usize, Vec<Value>)>,
    progress: Vec<u64>,
}

impl RowSink for Rows {
    fn row(&mut self, file: usize, row: &[Value]) {
        self.rows.push((file, row.to_vec()));
    }

    fn progress(&mut self, bytes: u64) {
        self.progress.push(bytes);
    }
}

/// A parallel sink that keeps what it is given.
struct Collect;

impl ParallelSink for Collect {
    type Part = Vec<(usize, Vec<Value>)>;
    type Local = ();

    fn local(&self) {}

    fn part(&self) -> Self::Part {
        Vec::new()
    }

    fn row(&self, _: &mut (), part: &mut Self::Part, file: usize, row: &[Value]) {
        part.push((file, row.to_vec()));
    }
}

/// A column named after its source.
fn column(source: &str, kind: ColumnKind, optional: bool) -> DatasetColumn {
    DatasetColumn { name: source.to_lowercase(), source: source.to_string(), kind, range: None, optional }
}

/// A dataset in UTC allowing no rejections.
fn dataset(format: DataFormat, path: &str, columns: Vec<DatasetColumn>) -> Dataset {
    Dataset {
        name: "tickets".to_string(),
        format,
        path: path.to_string(),
        columns,
        period: PeriodBy::Instant(0),
        timezone: chrono_tz::UTC,
        reject_up_to: Decimal::ZERO,
        skip_rows: 0,
        missing: Vec::new(),
        unique_by: None,
        csv: CsvOptions::default(),
        sheet: None,
    }
}

/// A data directory with files in it.
struct DataDir(TempDir);

impl DataDir {
    fn new() -> Self {
        DataDir(tempfile::tempdir().unwrap())
    }

    fn with(self, name: &str, content: impl AsRef<[u8]>) -> Self {
        let path = self.0.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Loads on one thread, and checks that loading on several gives the
    /// same report (or error) and the same rows in the same order.
    fn load(&self, dataset: &Dataset) -> Result<(LoadReport, Rows), LoadError> {
        let mut rows = Rows::default();
        let one = load_dataset(dataset, self.path(), &mut rows).map(|report| (report, rows));
        for threads in [1, 3] {
            let mut got = Vec::new();
            let options = LoadOptions { needed: None, threads };
            let many =
                load_dataset_parallel(dataset, self.path(), options, &Collect, &mut |p| got.extend(p), &mut |_| {});
            match (&one, many) {
                (Ok((report, rows)), Ok(r)) => {
                    assert_eq!(report, &r, "{threads} threads");
                    assert_eq!(rows.rows, got, "{threads} threads");
                }
                (Err(e), Err(f)) => assert_eq!(format!("{e:?}"), format!("{f:?}"), "{threads} threads"),
                (a, b) => panic!("{threads} threads: {:?} vs {b:?}", a.as_ref().map(|(r, _)| r)),
            }
        }
        one
    }
}

/// The rejections of a report as (line, column, reason).
fn rejections(report: &LoadReport) -> Vec<(u64, Option<&str>, &str)> {
    report.rejections.iter().map(|r| (r.line().unwrap_or_default(), r.column.as_deref(), r.reason.as_str())).collect()
}

/// The cells of the delivered rows.
fn cells(rows: &Rows) -> Vec<Vec<Value>> {
    rows.rows.iter().map(|(_, r)| r.clone()).collect()
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn num(s: &str) -> Value {
    Value::Number(s.parse().unwrap())
}
