//! Counting, rejecting and delivering rows as the files are read.

use super::collapse::Collapse;
use super::files::SourceFile;
use super::{LoadReport, LoadedFile, Rejection, RowLocation, RowSink, REJECTIONS_KEPT};
use crate::ir::UniqueBy;
use crate::value::Value;
use std::mem;

/// Where the records of a chunk go, as a loading thread parses them.
pub(super) trait RecordsOut {
    /// A record was read (accepted or not): it counts as `rows` rows and
    /// spans `lines` physical lines.
    fn read(&mut self, rows: u64, lines: u64);
    /// An accepted row; `row` may be left as it is or taken.
    fn accept(&mut self, row: &mut Vec<Value>);
    /// A rejected record, starting on `line`, counting as `rows` rows.
    fn reject(&mut self, line: u64, rows: u64, column: Option<&str>, reason: String);
}

/// A file's records delivered to the collector as they are parsed.
pub(super) struct ToCollector<'c, 's> {
    /// Where they go.
    pub collector: &'c mut Collector<'s>,
    /// The file's index.
    pub file: usize,
}

impl RecordsOut for ToCollector<'_, '_> {
    fn read(&mut self, rows: u64, lines: u64) {
        self.collector.read(self.file, rows, lines);
    }

    fn accept(&mut self, row: &mut Vec<Value>) {
        self.collector.accept(self.file, row);
    }

    fn reject(&mut self, line: u64, rows: u64, column: Option<&str>, reason: String) {
        self.collector.reject(self.file, line, rows, column, reason);
    }
}

/// Counts for one file.
#[derive(Default)]
struct Counts {
    read: u64,
    lines: u64,
    rejected: u64,
    collapsed: u64,
}

/// Everything a load has seen so far.
pub(super) struct Collector<'s> {
    sink: &'s mut dyn RowSink,
    collapse: Option<Collapse>,
    names: Vec<String>,
    sheets: Vec<Option<String>>,
    counts: Vec<Counts>,
    rejections: Vec<Rejection>,
    rejected_total: u64,
    bytes_before: u64,
    bytes_reported: u64,
}

impl<'s> Collector<'s> {
    /// A collector for `files`, delivering to `sink` at once, or after
    /// collapsing when the dataset is `unique by`.
    pub(super) fn new(sink: &'s mut dyn RowSink, unique_by: Option<UniqueBy>, files: &[SourceFile]) -> Self {
        Collector {
            sink,
            collapse: unique_by.map(Collapse::new),
            names: files.iter().map(|f| f.name.clone()).collect(),
            sheets: files.iter().map(|_| None).collect(),
            counts: files.iter().map(|_| Counts::default()).collect(),
            rejections: Vec::new(),
            rejected_total: 0,
            bytes_before: 0,
            bytes_reported: 0,
        }
    }

    /// `file` is a workbook whose sheet `sheet` is read.
    pub(super) fn sheet(&mut self, file: usize, sheet: &str) {
        self.sheets[file] = Some(sheet.to_string());
    }

    /// A record was read from `file` (accepted or not): it counts as
    /// `rows` rows and spans `lines` physical lines.
    pub(super) fn read(&mut self, file: usize, rows: u64, lines: u64) {
        self.counts[file].read += rows;
        self.counts[file].lines += lines;
    }

    /// An accepted row from `file`; `row` is left empty for reuse.
    pub(super) fn accept(&mut self, file: usize, row: &mut Vec<Value>) {
        match &mut self.collapse {
            None => {
                self.sink.row(file, row);
                row.clear();
            }
            Some(collapse) => {
                if let Some(dropped) = collapse.push(file, mem::take(row)) {
                    self.counts[dropped].collapsed += 1;
                }
            }
        }
    }

    /// A rejected record of `file`, starting on `line`, that counts as `rows` rows.
    pub(super) fn reject(&mut self, file: usize, line: u64, rows: u64, column: Option<&str>, reason: String) {
        self.counts[file].rejected += rows;
        self.rejected_total += rows;
        if self.rejections.len() < REJECTIONS_KEPT {
            self.rejections.push(Rejection {
                file: self.names[file].clone(),
                at: match &self.sheets[file] {
                    Some(sheet) => RowLocation::SheetRow { sheet: sheet.clone(), row: line },
                    None => RowLocation::Line(line),
                },
                column: column.map(str::to_string),
                reason,
            });
        }
    }

    /// `bytes` of the current file have been read.
    pub(super) fn progress(&mut self, bytes: u64) {
        let total = self.bytes_before + bytes;
        if total != self.bytes_reported {
            self.bytes_reported = total;
            self.sink.progress(total);
        }
    }

    /// The current file has been read to its end, `bytes` in all.
    pub(super) fn end_file(&mut self, bytes: u64) {
        self.progress(bytes);
        self.bytes_before = self.bytes_reported;
    }

    /// Delivers collapsed rows and reports; `hashes` are the files' SHA-256s in order.
    pub(super) fn finish(self, hashes: Vec<String>) -> LoadReport {
        if let Some(collapse) = self.collapse {
            for (file, row) in collapse.into_rows() {
                self.sink.row(file, &row);
            }
        }
        let rows_read = self.counts.iter().map(|c| c.read).sum();
        let files = self
            .names
            .into_iter()
            .zip(hashes)
            .zip(self.counts)
            .map(|((path, sha256), c)| LoadedFile {
                path,
                sha256,
                rows_read: c.read,
                lines: c.lines,
                rows_rejected: c.rejected,
                rows_collapsed: c.collapsed,
            })
            .collect();
        LoadReport { files, rejections: self.rejections, rejected_total: self.rejected_total, rows_read }
    }
}
