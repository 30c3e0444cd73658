//! Reading one JSON Lines file of a dataset.

use super::collect::Collector;
use super::files::SourceFile;
use super::hashing::HashingReader;
use super::plan::{Plan, Reject, Scratch};
use super::LoadError;
use crate::value::Value;
use serde_json::{Map, Value as Json};
use std::io::{BufRead, BufReader};

/// Buffer size for reading JSON Lines.
pub(super) const BUFFER: usize = 64 * 1024;

/// The UTF-8 byte order mark.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads `file` (number `index`) into `out`; returns its SHA-256.
pub(super) fn read(
    file: &SourceFile,
    index: usize,
    plan: &Plan<'_>,
    out: &mut Collector<'_>,
) -> Result<String, LoadError> {
    let io_error = |source| LoadError::Io { path: file.path.display().to_string(), source };
    let mut reader = BufReader::with_capacity(BUFFER, HashingReader::open(&file.path).map_err(io_error)?);
    let mut buffer = Vec::new();
    let mut scratch = plan.scratch();
    let mut row = Vec::with_capacity(plan.dataset().columns.len());
    let mut line = 0u64;
    loop {
        buffer.clear();
        if reader.read_until(b'\n', &mut buffer).map_err(io_error)? == 0 {
            break;
        }
        line += 1;
        let text = match line {
            1 => buffer.strip_prefix(BOM).unwrap_or(&buffer),
            _ => &buffer,
        };
        if text.trim_ascii().is_empty() {
            continue;
        }
        out.read(index);
        match parse_line(text, plan, &mut scratch, &mut row) {
            Ok(()) => out.accept(index, &mut row),
            Err(r) => out.reject(index, line, r.column.map(|c| plan.source(c)), r.reason),
        }
        out.progress(reader.get_ref().bytes());
    }
    let reader = reader.into_inner();
    out.end_file(reader.bytes());
    Ok(reader.sha256())
}

/// Parses one JSON line (not blank) into `row`.
pub(super) fn parse_line(
    text: &[u8],
    plan: &Plan<'_>,
    scratch: &mut Scratch,
    row: &mut Vec<Value>,
) -> Result<(), Reject> {
    match serde_json::from_slice::<Json>(text) {
        Ok(Json::Object(object)) => {
            let cell = |i: usize| scalar(lookup(&object, plan.source(i)));
            plan.parse_row(cell, row, scratch)
        }
        Ok(other) => Err(Reject { column: None, reason: format!("not a JSON object but {}", kind(&other)) }),
        Err(e) => Err(Reject { column: None, reason: format!("not a JSON object: {e}") }),
    }
}

/// The value at `path`: the key itself if the object has it, else a dotted
/// path through nested objects.
fn lookup<'j>(object: &'j Map<String, Json>, path: &str) -> Option<&'j Json> {
    if let Some(value) = object.get(path) {
        return Some(value);
    }
    let mut keys = path.split('.');
    let first = object.get(keys.next()?)?;
    keys.try_fold(first, |value, key| value.as_object()?.get(key))
}

/// The text of a scalar: numbers as written, bools as `true`/`false`; null
/// and absent are none; arrays and objects cannot be cells.
fn scalar(value: Option<&Json>) -> Result<Option<&str>, String> {
    match value {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(Json::Number(n)) => Ok(Some(n.as_str())),
        Some(Json::Bool(b)) => Ok(Some(if *b { "true" } else { "false" })),
        Some(other) => Err(format!("{} where a single value is expected", kind(other))),
    }
}

/// What a JSON value is, for messages.
fn kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a bool",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}
