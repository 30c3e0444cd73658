//! Reading one JSON Lines file of a dataset.

use super::buffer::{self, Buffer, CHUNK};
use super::collect::{Collector, RecordsOut, ToCollector};
use super::files::SourceFile;
use super::hashing::{ChunkDigest, FileDigest, HashingReader, Piece};
use super::plan::{Plan, Reject, Scratch};
use super::text::BOM;
use super::LoadError;
use crate::value::Value;
use serde_json::{Map, Value as Json};
use std::sync::Arc;

/// Where the text of line `number` starts in `raw`, the line as read (with
/// its line end): past the byte order mark before the first line; none if
/// the line is blank.
fn content(number: u64, raw: &[u8]) -> Option<usize> {
    let start = if number == 1 && raw.starts_with(BOM) { BOM.len() } else { 0 };
    (!raw[start..].trim_ascii().is_empty()).then_some(start)
}

/// Whole lines of a JSON Lines file, as read, and the line they start on.
pub(super) struct LineChunk {
    /// The lines, each with its line feed (the last one's may be missing);
    /// the file's digest holds them too while they wait their turn to be
    /// hashed.
    pub bytes: Arc<Buffer>,
    /// The one-based number of the first line.
    pub line: u64,
    /// The piece of the file's digest that `bytes` are, until hashed.
    piece: Option<Piece>,
}

impl LineChunk {
    /// Hashes the chunk into its file's digest, if it is not yet: whoever
    /// reads a chunk's lines does, once they are read, while the bytes are
    /// in that core's cache.
    pub(super) fn hash(&mut self) {
        if let Some(piece) = self.piece.take() {
            piece.hash(&self.bytes);
        }
    }

    /// Each line that is not blank, with its one-based number; a byte
    /// order mark before the file's first line is skipped.
    pub(super) fn lines(&self) -> impl Iterator<Item = (u64, &[u8])> {
        let bytes = &self.bytes[..];
        let ends = memchr::memchr_iter(b'\n', bytes).map(|at| at + 1);
        // The file's last line may have no line feed.
        let last = (!bytes.is_empty() && !bytes.ends_with(b"\n")).then_some(bytes.len());
        let mut start = 0;
        let raw = ends.chain(last).map(move |end| {
            let line = &bytes[start..end];
            start = end;
            line
        });
        (self.line..).zip(raw).filter_map(|(number, raw)| content(number, raw).map(|start| (number, &raw[start..])))
    }
}

/// A JSON Lines file cut into chunks of whole lines, to be parsed on other
/// threads. Every line feed ends a line (JSON writes one inside a string
/// as `\n`), so a chunk ends after its last line feed, with no scan of
/// the lines on the reading thread. The chunks are the file's bytes in
/// order, each once: each is a piece of the file's digest, hashed by
/// whoever reads its lines.
pub(super) struct LineChunks {
    reader: HashingReader,
    digest: Arc<ChunkDigest>,
    /// Bytes read after the last cut: the start of the next chunk.
    rest: Buffer,
    /// How much of `rest` is known to hold no line feed.
    scanned: usize,
    /// The line `rest` starts on.
    line: u64,
    /// Whether the file has been read to its end.
    end: bool,
}

impl LineChunks {
    /// Opens `file` for reading.
    pub(super) fn open(file: &SourceFile) -> Result<LineChunks, LoadError> {
        let reader = HashingReader::open(&file.path).map_err(|e| file.io_error(e))?;
        Ok(LineChunks { reader, digest: ChunkDigest::new(), rest: Buffer::default(), scanned: 0, line: 1, end: false })
    }

    /// The next chunk, in `buffer` (a spent chunk's, for reuse); None at the end.
    pub(super) fn next(&mut self, file: &SourceFile, mut buffer: Buffer) -> Result<Option<LineChunk>, LoadError> {
        loop {
            if let Some(last) = memchr::memrchr(b'\n', &self.rest[self.scanned..]) {
                let cut = self.scanned + last + 1;
                buffer.clear();
                buffer.extend_from_slice(&self.rest[cut..]);
                self.rest.truncate(cut);
                return Ok(Some(self.take(buffer)));
            }
            if self.end {
                // The last line, without a line end.
                buffer.clear();
                return Ok((!self.rest.is_empty()).then(|| self.take(buffer)));
            }
            self.scanned = self.rest.len();
            self.end = self.rest.read_more(&mut self.reader, CHUNK).map_err(|e| file.io_error(e))?;
        }
    }

    /// Makes `rest` a chunk, the next piece of the file's digest, and
    /// `remainder` the new `rest`.
    fn take(&mut self, remainder: Buffer) -> LineChunk {
        let bytes = Arc::new(std::mem::replace(&mut self.rest, remainder));
        let line = self.line;
        self.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        self.scanned = 0;
        LineChunk { bytes, line, piece: Some(Piece::next(&self.digest)) }
    }

    /// Bytes read so far.
    pub(super) fn bytes(&self) -> u64 {
        self.reader.bytes()
    }

    /// Ends the file: reports its size to `out` and returns its SHA-256,
    /// complete once every chunk is hashed.
    pub(super) fn finish(self, out: &mut Collector<'_>) -> FileDigest {
        out.end_file(self.reader.bytes());
        FileDigest::Chunks(self.digest)
    }
}

/// Reads `file` (number `index`) into `out`; returns its SHA-256.
pub(super) fn read(
    file: &SourceFile,
    index: usize,
    plan: &Plan<'_>,
    out: &mut Collector<'_>,
) -> Result<String, LoadError> {
    let mut chunks = LineChunks::open(file)?;
    let mut scratch = plan.scratch();
    let mut row = Vec::with_capacity(plan.dataset().columns.len());
    let mut buffer = Buffer::default();
    while let Some(mut chunk) = chunks.next(file, buffer)? {
        parse_chunk(&chunk, plan, &mut scratch, &mut row, &mut ToCollector { collector: out, file: index });
        chunk.hash();
        out.progress(chunks.bytes());
        buffer = buffer::reclaim(chunk.bytes);
    }
    chunks.finish(out).finish().map_err(|e| file.io_error(e))
}

/// Parses every line of `chunk` and hands each to `out`.
pub(super) fn parse_chunk(
    chunk: &LineChunk,
    plan: &Plan<'_>,
    scratch: &mut Scratch,
    row: &mut Vec<Value>,
    out: &mut impl RecordsOut,
) {
    for (line, text) in chunk.lines() {
        out.read(1, 1);
        match parse_line(text, plan, scratch, row) {
            Ok(()) => out.accept(row),
            Err(r) => out.reject(line, 1, r.column.map(|c| plan.source(c)), r.reason),
        }
    }
}

/// Parses one JSON line (not blank) into `row`.
fn parse_line(text: &[u8], plan: &Plan<'_>, scratch: &mut Scratch, row: &mut Vec<Value>) -> Result<(), Reject> {
    let columns = plan.dataset().columns.len();
    if columns <= FAST_COLUMNS {
        let mut cells = [Scalar::Absent; FAST_COLUMNS];
        if flat_object(text, |key, value| {
            for (i, cell) in cells.iter_mut().enumerate().take(columns) {
                if plan.source(i) == key {
                    *cell = value;
                }
            }
        }) {
            return plan.parse_row(|i| Ok(cells[i].text()), row, scratch);
        }
    }
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

/// Columns a line can have for [`flat_object`] to read it.
const FAST_COLUMNS: usize = 16;

/// A scalar of a flat JSON object, borrowed from the line.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Scalar<'t> {
    Absent,
    Null,
    Bool(bool),
    /// A number, exactly as written.
    Number(&'t str),
    /// A string without escapes.
    String(&'t str),
}

impl<'t> Scalar<'t> {
    /// The cell text, as [`scalar`] gives it.
    fn text(self) -> Option<&'t str> {
        match self {
            Scalar::Absent | Scalar::Null => None,
            Scalar::Bool(b) => Some(if b { "true" } else { "false" }),
            Scalar::Number(n) | Scalar::String(n) => Some(n),
        }
    }
}

/// Reads a line that is one JSON object of scalars (no nested object or
/// array, no escape in a string), calling `found` with each key and value
/// in order (so a repeated key's last value comes last, as serde_json keeps
/// it). Returns false, having perhaps called `found`, for any other line,
/// valid or not: serde_json then reads it, or says why it cannot. What it
/// accepts, serde_json accepts with the same values.
fn flat_object<'t>(line: &'t [u8], mut found: impl FnMut(&'t str, Scalar<'t>)) -> bool {
    let Ok(text) = simdutf8::basic::from_utf8(line) else {
        return false;
    };
    let b = text.as_bytes();
    let ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    };
    // A string without escapes or control characters: the index after its closing quote.
    let string = |i: usize| -> Option<usize> {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let mut j = i + 1;
        loop {
            match *b.get(j)? {
                b'"' => return Some(j + 1),
                b'\\' | 0..=0x1f => return None,
                _ => j += 1,
            }
        }
    };
    let digits = |mut i: usize| {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        (i > start).then_some(i)
    };
    // -?(0|[1-9][0-9]*)(.[0-9]+)?, kept exactly as written as serde_json keeps it.
    let number = |i: usize| -> Option<usize> {
        let mut j = i + usize::from(b.get(i) == Some(&b'-'));
        j = match b.get(j)? {
            b'0' => j + 1,
            b'1'..=b'9' => digits(j)?,
            _ => return None,
        };
        if b.get(j) == Some(&b'.') {
            j = digits(j + 1)?;
        }
        // serde_json rewrites exponents (1E5 as 1e+5): left to it.
        (!matches!(b.get(j), Some(b'e' | b'E'))).then_some(j)
    };
    let mut i = ws(0);
    if b.get(i) != Some(&b'{') {
        return false;
    }
    i = ws(i + 1);
    if b.get(i) == Some(&b'}') {
        return ws(i + 1) == b.len();
    }
    loop {
        let Some(end) = string(i) else { return false };
        let key = &text[i + 1..end - 1];
        i = ws(end);
        if b.get(i) != Some(&b':') {
            return false;
        }
        i = ws(i + 1);
        let (value, end) = match b.get(i) {
            Some(b'"') => match string(i) {
                Some(end) => (Scalar::String(&text[i + 1..end - 1]), end),
                None => return false,
            },
            Some(b'-' | b'0'..=b'9') => match number(i) {
                Some(end) => (Scalar::Number(&text[i..end]), end),
                None => return false,
            },
            _ if b[i..].starts_with(b"null") => (Scalar::Null, i + 4),
            _ if b[i..].starts_with(b"true") => (Scalar::Bool(true), i + 4),
            _ if b[i..].starts_with(b"false") => (Scalar::Bool(false), i + 5),
            _ => return false,
        };
        found(key, value);
        i = ws(end);
        match b.get(i) {
            Some(b',') => i = ws(i + 1),
            Some(b'}') => return ws(i + 1) == b.len(),
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Cells = Vec<(String, Result<Option<String>, String>)>;

    /// What serde_json makes of a line, as (key, cell) pairs, if it is an object.
    fn slow(line: &str) -> Option<Cells> {
        match serde_json::from_slice::<Json>(line.as_bytes()) {
            Ok(Json::Object(o)) => {
                Some(o.iter().map(|(k, v)| (k.clone(), scalar(Some(v)).map(|c| c.map(str::to_string)))).collect())
            }
            _ => None,
        }
    }

    fn fast(line: &str) -> Option<Cells> {
        let mut out: Cells = Vec::new();
        let ok = flat_object(line.as_bytes(), |k, v| {
            let cell = Ok(v.text().map(str::to_string));
            match out.iter_mut().find(|(key, _)| key == k) {
                Some(slot) => slot.1 = cell,
                None => out.push((k.to_string(), cell)),
            }
        });
        ok.then_some(out)
    }

    /// Whatever the fast reader accepts, serde_json accepts with the same cells.
    #[test]
    fn flat_objects_read_as_serde_json_reads_them() {
        let lines = [
            r#"{"ticket_id":"INC0000004","happiness":-15,"lost_minutes":null,"answered_at":"2026-02-03T20:07:08Z"}"#,
            r#" { "a" : 1.50 , "b" : true, "c": false ,"d":null} "#,
            "{\"a\":\"x\"}\r\n",
            r#"{}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"n":-0,"m":0.5,"big":123456789012345678901234567890.123}"#,
            r#"{"a":"é ü 😀"}"#,
            r#"{"a.b":"dots"}"#,
        ];
        for line in lines {
            assert_eq!(fast(line), slow(line), "{line}");
            assert!(fast(line).is_some(), "{line}");
        }
        let refused = [
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":-}"#,
            r#"{"a":1,}"#,
            r#"{"a":1E5}"#,
            r#"{"a":1} x"#,
            r#"{"a":"x\ny"}"#,
            r#"{"a":{"b":1}}"#,
            r#"{"a":[1]}"#,
            r#"[1]"#,
            r#"{"a":nul}"#,
            "{\"a\":\"tab\tin\"}",
            r#"{"a" 1}"#,
            r#"{"ticket_id":"INC0004824","happiness":-2,"lost_minutes":null,"an"#,
            "{\"a\":1}\u{b}",
        ];
        for line in refused {
            assert_eq!(fast(line), None, "{line}");
        }
    }

    /// Random lines made of JSON pieces: the fast reader never accepts one
    /// serde_json refuses, nor reads one differently.
    #[test]
    fn random_lines_never_disagree() {
        let pieces = [
            "{", "}", "\"a\"", "\"b\"", ":", ",", " ", "1", "-", "0", ".", "5", "e", "+", "null", "true", "\"x y\"",
            "[", "]", "\\", "\"", "\u{7f}",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut accepted = 0;
        for _ in 0..50_000 {
            let mut line = String::new();
            for _ in 0..(seed % 12 + 2) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                line.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            if let Some(cells) = fast(&line) {
                accepted += 1;
                assert_eq!(Some(cells), slow(&line), "{line}");
            }
        }
        assert!(accepted > 10, "{accepted}");
    }
}
