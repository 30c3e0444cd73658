//! Reading one CSV file of a dataset.

use super::collect::Collector;
use super::files::SourceFile;
use super::hashing::HashingReader;
use super::plan::{Plan, Reject, Scratch};
use super::LoadError;
use crate::diagnostic::did_you_mean;
use crate::value::Value;
use csv::{ByteRecord, ReaderBuilder};
use std::io;

/// Buffer size for reading CSV.
pub(super) const BUFFER: usize = 64 * 1024;

/// A CSV file opened past its header and skipped rows.
pub(super) struct Opened {
    /// The reader, positioned at the first data row.
    pub csv: csv::Reader<HashingReader>,
    /// The header's column names, trimmed.
    pub names: Vec<String>,
    /// Where each of the dataset's columns is in a record.
    pub positions: Vec<usize>,
}

/// Opens `file`, reads its header, finds the dataset's columns in it, and
/// skips the dataset's `skip N rows`.
pub(super) fn open(file: &SourceFile, plan: &Plan<'_>) -> Result<Opened, LoadError> {
    let io_error = |source: io::Error| LoadError::Io { path: file.path.display().to_string(), source };
    let reader = HashingReader::open(&file.path).map_err(io_error)?;
    let mut csv = ReaderBuilder::new().flexible(true).buffer_capacity(BUFFER).from_reader(reader);
    let header = csv.byte_headers().map_err(|e| io_error(e.into()))?;
    if header.is_empty() {
        return Err(LoadError::MissingHeader { dataset: plan.dataset().name.clone(), file: file.name.clone() });
    }
    let names: Vec<String> = header.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
    let positions = column_positions(file, plan, &names)?;
    let mut record = ByteRecord::new();
    for _ in 0..plan.dataset().skip_rows {
        if !csv.read_byte_record(&mut record).map_err(|e| io_error(e.into()))? {
            break;
        }
    }
    Ok(Opened { csv, names, positions })
}

/// Reads `file` (number `index`) into `out`; returns its SHA-256.
pub(super) fn read(
    file: &SourceFile,
    index: usize,
    plan: &Plan<'_>,
    out: &mut Collector<'_>,
) -> Result<String, LoadError> {
    let io_error = |source: io::Error| LoadError::Io { path: file.path.display().to_string(), source };
    let Opened { mut csv, names, positions } = open(file, plan)?;
    let mut record = ByteRecord::new();
    let mut scratch = plan.scratch();
    let mut row = Vec::with_capacity(positions.len());
    while csv.read_byte_record(&mut record).map_err(|e| io_error(e.into()))? {
        out.read(index);
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != names.len() {
            let reason = format!("{} fields where the header has {}", record.len(), names.len());
            out.reject(index, line, None, reason);
        } else {
            match parse_record(|i| record.get(positions[i]), plan, &mut scratch, &mut row) {
                Ok(()) => out.accept(index, &mut row),
                Err(r) => out.reject(index, line, r.column.map(|c| plan.source(c)), r.reason),
            }
        }
        out.progress(csv.get_ref().bytes());
    }
    let reader = csv.into_inner();
    out.end_file(reader.bytes());
    Ok(reader.sha256())
}

/// Parses the named cells of a record (`field(i)` is the cell of the
/// dataset's column `i`) into `row`.
pub(super) fn parse_record<'r>(
    field: impl Fn(usize) -> Option<&'r [u8]>,
    plan: &Plan<'_>,
    scratch: &mut Scratch,
    row: &mut Vec<Value>,
) -> Result<(), Reject> {
    let cell = |i: usize| match field(i) {
        Some(bytes) => std::str::from_utf8(bytes).map(Some).map_err(|_| "not valid UTF-8".to_string()),
        None => Ok(None),
    };
    plan.parse_row(cell, row, scratch)
}

/// The header position of each of the dataset's columns (the first, if a
/// name repeats). Header names are compared without surrounding whitespace.
fn column_positions(file: &SourceFile, plan: &Plan<'_>, names: &[String]) -> Result<Vec<usize>, LoadError> {
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
                suggestion: did_you_mean(wanted, names.iter().map(String::as_str)).map(str::to_string),
            })
        })
        .collect()
}
