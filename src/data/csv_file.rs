//! Reading one CSV file of a dataset.

use super::collect::Collector;
use super::csv_records::{Record, Records};
use super::files::SourceFile;
use super::plan::{Plan, Reject, Scratch};
use super::text::Text;
use super::LoadError;
use crate::value::Value;
use std::io;

/// A CSV file opened past its header and skipped rows.
pub(super) struct Opened {
    /// The records, from the first data row on.
    pub records: Records,
    /// The header's column names, trimmed.
    pub names: Vec<String>,
    /// Where each of the dataset's columns is in a record.
    pub positions: Vec<usize>,
}

/// Opens `file`, reads its header, finds the dataset's columns in it, and
/// skips the dataset's `skip N rows`.
pub(super) fn open(file: &SourceFile, plan: &Plan<'_>) -> Result<Opened, LoadError> {
    let io_error = |source: io::Error| io_error(file, source);
    let options = plan.dataset().csv;
    let text = Text::open(&file.path, options.encoding).map_err(io_error)?;
    let mut records = Records::new(text, options.delimiter);
    let mut record = Record::default();
    if !records.read(&mut record).map_err(io_error)? {
        return Err(LoadError::MissingHeader { dataset: plan.dataset().name.clone(), file: file.name.clone() });
    }
    let names: Vec<String> = record.fields().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
    let positions = column_positions(file, plan, &names)?;
    for _ in 0..plan.dataset().skip_rows {
        if !records.read(&mut record).map_err(io_error)? {
            break;
        }
    }
    Ok(Opened { records, names, positions })
}

/// The load error for an I/O error reading `file`.
pub(super) fn io_error(file: &SourceFile, source: io::Error) -> LoadError {
    LoadError::Io { path: file.path.display().to_string(), source }
}

/// A record rejected as a whole, before its cells are looked at.
pub(super) struct WholeReject {
    /// How many rows it counts as (a record spanning lines: one per line).
    pub rows: u64,
    /// The header's name of the field at fault, if one is.
    pub column: Option<String>,
    /// Why.
    pub reason: String,
}

/// Why `record` is rejected as a whole, if it is: it spans physical lines
/// in a dataset that is not `multiline` (§5 v2), has another number of
/// fields than the header (`names`), or holds bytes not valid in the file's
/// encoding.
pub(super) fn whole_record_reject(record: &Record, names: &[String], multiline: bool) -> Option<WholeReject> {
    if let (Some((quote_line, field)), false) = (record.open_quote, multiline) {
        let last = record.line + record.lines - 1;
        return Some(WholeReject {
            rows: record.lines,
            column: names.get(field).cloned(),
            reason: format!(
                "record spans lines {}-{last}: the quote on line {quote_line} opens a field that does not close on its line \
                 (a stray quote swallows the rows after it); add `multiline` to the dataset if the export really holds multi-line text",
                record.line
            ),
        });
    }
    let whole = |reason| Some(WholeReject { rows: 1, column: None, reason });
    if record.len() != names.len() {
        return whole(format!("{} fields where the header has {}", record.len(), names.len()));
    }
    record.invalid.and_then(|offset| whole(format!("bytes not valid in the file's encoding at byte offset {offset}")))
}

/// Reads `file` (number `index`) into `out`; returns its SHA-256.
pub(super) fn read(
    file: &SourceFile,
    index: usize,
    plan: &Plan<'_>,
    out: &mut Collector<'_>,
) -> Result<String, LoadError> {
    let Opened { mut records, names, positions } = open(file, plan)?;
    let mut record = Record::default();
    let mut scratch = plan.scratch();
    let mut row = Vec::with_capacity(positions.len());
    while records.read(&mut record).map_err(|e| io_error(file, e))? {
        let whole = whole_record_reject(&record, &names, plan.dataset().csv.multiline);
        out.read(index, whole.as_ref().map_or(1, |w| w.rows), record.lines);
        if let Some(w) = whole {
            out.reject(index, record.line, w.rows, w.column.as_deref(), w.reason);
        } else {
            match parse_record(|i| record.get(positions[i]), plan, &mut scratch, &mut row) {
                Ok(()) => out.accept(index, &mut row),
                Err(r) => out.reject(index, record.line, 1, r.column.map(|c| plan.source(c)), r.reason),
            }
        }
        out.progress(records.text().bytes());
    }
    let text = records.into_text();
    out.end_file(text.bytes());
    Ok(text.sha256())
}

/// Parses the named cells of a record (`field(i)` is the cell of the
/// dataset's column `i`) into `row`.
pub(super) fn parse_record<'r>(
    field: impl Fn(usize) -> Option<&'r [u8]>,
    plan: &Plan<'_>,
    scratch: &mut Scratch,
    row: &mut Vec<Value>,
) -> Result<(), Reject> {
    let cell = |i: usize| field(i).map(utf8).transpose();
    plan.parse_row(cell, row, scratch)
}

/// The text of a cell, or why it has none.
pub(super) fn utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())
}

/// The header position of each of the dataset's columns (the first, if a
/// name repeats). Header names are compared without surrounding whitespace.
pub(super) fn column_positions(file: &SourceFile, plan: &Plan<'_>, names: &[String]) -> Result<Vec<usize>, LoadError> {
    let dataset = plan.dataset();
    dataset
        .columns
        .iter()
        .map(|column| {
            let wanted = column.source.trim();
            names.iter().position(|n| n == wanted).ok_or_else(|| LoadError::MissingColumn {
                dataset: dataset.name.clone(),
                file: file.name.clone(),
                column: column.source.clone(),
                header: names.to_vec(),
            })
        })
        .collect()
}
