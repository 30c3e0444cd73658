//! Reading one CSV file of a dataset.

use super::buffer::{self, Buffer};
use super::collect::{Collector, RecordsOut, ToCollector};
use super::csv_chunks::{Chunk, Chunks};
use super::csv_records::{Record, Records};
use super::files::SourceFile;
use super::plan::{Plan, Scratch};
use super::text::Text;
use super::LoadError;
use crate::value::Value;
use std::io;

/// A CSV file opened past its header and skipped rows.
pub(super) struct Opened {
    /// The chunks after `first`.
    pub chunks: Chunks,
    /// The chunk holding the first data row, from its `at` (none left if
    /// the file holds no more than its header and skipped rows).
    pub first: Chunk,
    /// The header, and where the dataset's columns are in it.
    pub header: Header,
}

/// A file's header, and where the dataset's columns are in it.
#[derive(Clone)]
pub(super) struct Header {
    /// The header's column names, trimmed.
    pub names: Vec<String>,
    /// Where each of the dataset's columns is in a record.
    pub positions: Vec<usize>,
}

/// Opens `file`, reads its header, finds the dataset's columns in it, and
/// skips the dataset's `skip N rows`.
pub(super) fn open(file: &SourceFile, plan: &Plan<'_>) -> Result<Opened, LoadError> {
    let io_error = |source: io::Error| file.io_error(source);
    let options = plan.dataset().csv;
    let text = Text::open(&file.path, options.encoding).map_err(io_error)?;
    let mut chunks = Chunks::new(text, options.delimiter);
    let missing_header = || LoadError::MissingHeader { dataset: plan.dataset().name.clone(), file: file.name.clone() };
    let mut first = chunks.next(Buffer::default()).map_err(io_error)?.ok_or_else(missing_header)?;
    let mut record = Record::default();
    if !next_record(&mut chunks, &mut first, options.delimiter, &mut record).map_err(io_error)? {
        return Err(missing_header());
    }
    let names: Vec<String> =
        record.fields(&first.bytes).map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
    let positions = column_positions(file, plan, &names)?;
    for _ in 0..plan.dataset().skip_rows {
        if !next_record(&mut chunks, &mut first, options.delimiter, &mut record).map_err(io_error)? {
            break;
        }
    }
    Ok(Opened { chunks, first, header: Header { names, positions } })
}

/// Splits the next record into `record`, moving `chunk` on to the next
/// chunk when it has no more (hashed: its records are all read here);
/// false at the end of the text.
fn next_record(chunks: &mut Chunks, chunk: &mut Chunk, delimiter: u8, record: &mut Record) -> io::Result<bool> {
    loop {
        let mut records = Records::new(chunk, delimiter, false);
        let found = records.next(record);
        (chunk.at, chunk.line) = records.position();
        if found {
            return Ok(true);
        }
        chunk.hash();
        match chunks.next(buffer::reclaim(std::mem::take(&mut chunk.bytes)))? {
            Some(next) => *chunk = next,
            None => return Ok(false),
        }
    }
}

/// Parses every record of `chunk` from its `at`, a record of `header`,
/// and hands each to `out`.
pub(super) fn parse_chunk(
    chunk: &Chunk,
    header: &Header,
    plan: &Plan<'_>,
    scratch: &mut Scratch,
    row: &mut Vec<Value>,
    record: &mut Record,
    out: &mut impl RecordsOut,
) {
    let options = plan.dataset().csv;
    // Checked as a whole once: then neither a line nor a cell needs a check of its own.
    let valid = chunk.check.valid(&chunk.bytes);
    let mut records = Records::new(chunk, options.delimiter, valid.is_some());
    while records.next(record) {
        if let Some(whole) = whole_record_reject(record, &header.names, options.multiline) {
            out.read(whole.rows, record.lines);
            out.reject(record.line, whole.rows, whole.column.as_deref(), whole.reason);
            continue;
        }
        out.read(1, record.lines);
        let cell = |i: usize| record.text(&chunk.bytes, valid, header.positions[i]).transpose();
        match plan.parse_row(cell, row, scratch) {
            Ok(()) => out.accept(row),
            Err(r) => out.reject(record.line, 1, r.column.map(|c| plan.source(c)), r.reason),
        }
    }
}

/// A record rejected as a whole, before its cells are looked at.
struct WholeReject {
    /// How many rows it counts as (a record spanning lines: one per line).
    rows: u64,
    /// The header's name of the field at fault, if one is.
    column: Option<String>,
    /// Why.
    reason: String,
}

/// Why `record` is rejected as a whole, if it is: it spans physical lines
/// in a dataset that is not `multiline` (§5 v2), has another number of
/// fields than the header (`names`), or holds bytes not valid in the file's
/// encoding.
fn whole_record_reject(record: &Record, names: &[String], multiline: bool) -> Option<WholeReject> {
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

/// Reads `file` (number `index`) into `out` on this thread; returns its SHA-256.
pub(super) fn read(
    file: &SourceFile,
    index: usize,
    plan: &Plan<'_>,
    out: &mut Collector<'_>,
) -> Result<String, LoadError> {
    let Opened { mut chunks, first, header } = open(file, plan)?;
    let mut scratch = plan.scratch();
    let mut row = Vec::with_capacity(header.positions.len());
    let mut record = Record::default();
    let mut chunk = first;
    loop {
        parse_chunk(
            &chunk,
            &header,
            plan,
            &mut scratch,
            &mut row,
            &mut record,
            &mut ToCollector { collector: out, file: index },
        );
        chunk.hash();
        out.progress(chunks.text().bytes());
        match chunks.next(buffer::reclaim(chunk.bytes)).map_err(|e| file.io_error(e))? {
            Some(next) => chunk = next,
            None => break,
        }
    }
    let text = chunks.into_text();
    out.end_file(text.bytes());
    text.sha256().finish().map_err(|e| file.io_error(e))
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
