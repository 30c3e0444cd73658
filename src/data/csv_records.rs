//! Splitting CSV text into records, one physical line at a time.
//!
//! RFC 4180 quoting, as the `csv` crate reads it: a field that starts with
//! `"` is quoted, `""` inside it is one quote, and text after its closing
//! quote is kept as it is; a quote elsewhere is an ordinary character.
//! Physical lines end at LF (a CR before it is part of the line end); a
//! line that is empty is not a record. Every record knows the physical
//! line it starts on and how many it spans (LANGUAGE.md §5, physical lines).
//!
//! Records are split within a [`Chunk`] of whole records: the fields of a
//! record whose quoting is simple are where they lie in the chunk; a
//! record with `""` in a field or text after a closing quote has its fields
//! copied out, unescaped, once it is split; only a record with a line break
//! in a quoted field (or a quote left open) is split again field by field.

use super::bytes_at;
use super::csv_chunks::Chunk;

/// One record: where its fields are, and where it was in the file.
#[derive(Default)]
pub(super) struct Record {
    /// The fields' bytes, for a record whose fields are not in the chunk as they are.
    unescaped: Vec<u8>,
    /// Whether the fields are in `unescaped` (else in the chunk).
    copied: bool,
    /// Where each field is, in the chunk or in `unescaped`.
    bounds: Vec<(usize, usize)>,
    /// The fields [`split_in_place`] left escaped: for each, its index in
    /// `bounds`, whose bounds are then those of its quoted text in the chunk.
    escaped: Vec<usize>,
    /// The 1-based physical line the record starts on.
    pub line: u64,
    /// How many physical lines it spans (1 unless a quoted field holds a line break).
    pub lines: u64,
    /// For a record spanning lines: the line of the quote that opened the
    /// first field holding a line break, and that field's index.
    pub open_quote: Option<(u64, usize)>,
    /// The byte offset in the file of the first byte not valid in its encoding.
    pub invalid: Option<u64>,
}

impl Record {
    /// Number of fields.
    pub(super) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// The text of field `i`, if there is one. A field in the chunk is
    /// taken from `valid` (the chunk's text, when all of it is known valid
    /// UTF-8) without a check of its own: fields are cut at ASCII bytes, so
    /// on character boundaries. Any other is checked.
    pub(super) fn text<'a>(
        &'a self,
        chunk: &'a [u8],
        valid: Option<&'a str>,
        i: usize,
    ) -> Option<Result<&'a str, String>> {
        let (from, to) = *self.bounds.get(i)?;
        if self.copied {
            return Some(utf8(&self.unescaped[from..to]));
        }
        Some(match valid.and_then(|text| text.get(from..to)) {
            Some(text) => Ok(text),
            None => utf8(&chunk[from..to]),
        })
    }

    /// Copies every field of a record [`split_in_place`] split from `chunk`
    /// into `unescaped`: each escaped one without its quoting (as
    /// [`Split::line`] reads it), the others as they are.
    fn unescape(&mut self, chunk: &[u8]) {
        self.unescaped.clear();
        let mut escaped = self.escaped.iter().copied().peekable();
        for (i, bound) in self.bounds.iter_mut().enumerate() {
            let (from, to) = *bound;
            let start = self.unescaped.len();
            if escaped.next_if_eq(&i).is_some() {
                unescape_quoted(&chunk[from..to], &mut self.unescaped);
            } else {
                self.unescaped.extend_from_slice(&chunk[from..to]);
            }
            *bound = (start, self.unescaped.len());
        }
        self.copied = true;
    }

    /// Every field of the record split from `chunk`, in order.
    pub(super) fn fields<'a>(&'a self, chunk: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
        let bytes = if self.copied { &self.unescaped } else { chunk };
        self.bounds.iter().map(move |&(from, to)| &bytes[from..to])
    }
}

/// Where the parser is within a quoted or unquoted field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// The records of a chunk, split one by one.
pub(super) struct Records<'c> {
    chunk: &'c Chunk,
    delimiter: u8,
    /// Where the next record (or blank line) starts in the chunk.
    at: usize,
    /// The physical line at `at`.
    line: u64,
    /// Whether the chunk is known to hold no byte invalid in its encoding.
    valid: bool,
}

impl<'c> Records<'c> {
    /// The records of `chunk` from its `at` on, fields separated by
    /// `delimiter`. `valid`: the chunk is known to hold no invalid byte
    /// (else each record is checked).
    pub(super) fn new(chunk: &'c Chunk, delimiter: u8, valid: bool) -> Records<'c> {
        Records { chunk, delimiter, at: chunk.at, line: chunk.line, valid }
    }

    /// Where the records not yet split start, and the line there.
    pub(super) fn position(&self) -> (usize, u64) {
        (self.at, self.line)
    }

    /// The next physical line from `at`, with its end.
    fn physical_line(&self, at: usize) -> &'c [u8] {
        let text = &self.chunk.bytes[at..];
        memchr::memchr(b'\n', text).map_or(text, |p| &text[..=p])
    }

    /// The file offset of the first invalid byte of the physical line at `at`.
    fn invalid(&self, at: usize, line: &[u8]) -> Option<u64> {
        if self.valid {
            return None;
        }
        self.chunk.check.invalid(line, self.chunk.offset + at as u64)
    }

    /// Splits the next record into `record`, skipping blank lines; false at the chunk's end.
    pub(super) fn next(&mut self, record: &mut Record) -> bool {
        let bytes = &self.chunk.bytes[..];
        loop {
            let blank = match bytes.get(self.at..) {
                None | Some([]) => return false,
                Some([b'\n', ..] | [b'\r']) => 1,
                Some([b'\r', b'\n', ..]) => 2,
                Some(_) => break,
            };
            self.at += blank;
            self.line += 1;
        }
        let start = self.at;
        record.line = self.line;
        record.lines = 1;
        record.open_quote = None;
        if let Some(end) = split_in_place(bytes, start, self.delimiter, &mut record.bounds, &mut record.escaped) {
            record.copied = false;
            if !record.escaped.is_empty() {
                record.unescape(bytes);
            }
            record.invalid = self.invalid(start, &bytes[start..end]);
            self.at = end;
            self.line += 1;
        } else {
            let line = self.physical_line(start);
            record.invalid = self.invalid(start, line);
            self.split_quoted(line, record);
        }
        true
    }

    /// Splits a record with quotes, taking more lines while a quoted field
    /// is open (the chunk holds the whole record).
    fn split_quoted(&mut self, first: &'c [u8], record: &mut Record) {
        record.copied = true;
        record.unescaped.clear();
        let mut split = Split { state: State::FieldStart, from: 0, quote_line: record.line };
        let mut line = first;
        loop {
            let end = content(line).len();
            split.line(&line[..end], self.delimiter, self.line, record);
            self.at += line.len();
            self.line += 1;
            if split.state != State::Quoted || end == line.len() {
                record.bounds.push((split.from, record.unescaped.len()));
                return;
            }
            // The quoted field holds the line break: it goes on on the next line.
            record.unescaped.extend_from_slice(&line[end..]);
            record.open_quote.get_or_insert((split.quote_line, record.bounds.len()));
            if self.at == self.chunk.bytes.len() {
                record.bounds.push((split.from, record.unescaped.len()));
                return;
            }
            line = self.physical_line(self.at);
            record.lines += 1;
            if record.invalid.is_none() {
                record.invalid = self.invalid(self.at, line);
            }
        }
    }
}

/// Where [`split_in_place`] is within a field.
#[derive(Clone, Copy)]
enum InPlace {
    /// In an unquoted field, or at a field's start.
    Plain,
    /// In a quoted field (its quote at the field's start).
    Quoted,
    /// Just after the quote at this index, which closes the quoted field
    /// unless a second quote follows it (`""`).
    Closed(usize),
    /// In text after a quoted field's closing quote, kept as it is (a quote
    /// there is text), up to the next delimiter.
    Trailing,
}

/// Splits the record at `start` of `bytes` into `bounds` in one pass, if
/// it is one physical line whose quoted fields close on it, and returns
/// where the next line starts; None (with `bounds` cleared) if not. A
/// field that is not quoted, or quoted simply (its text between its quotes,
/// no other quote), is bounded where its text lies; a quoted field holding
/// `""` or followed by text is bounded from its opening quote to its end,
/// and its index is pushed to `escaped`, for [`Record::unescape`]. A quoted
/// field holding a line break or left open needs [`Records::split_quoted`].
///
/// The delimiters, quotes and line feeds are found sixteen bytes at a time
/// ([`bytes_at::block_hits`]) and visited in order: rows of short fields have
/// one every ten bytes or so, and a search started again after each cost
/// more than the fields' bytes.
fn split_in_place(
    bytes: &[u8],
    start: usize,
    delimiter: u8,
    bounds: &mut Vec<(usize, usize)>,
    escaped: &mut Vec<usize>,
) -> Option<usize> {
    bounds.clear();
    escaped.clear();
    let mut from = start;
    let mut state = InPlace::Plain;
    // Whether the quoted field being split holds `""`.
    let mut doubled = false;
    let mut block = start;
    while block < bytes.len() {
        let mut hits = bytes_at::block_hits(&bytes[block..], [delimiter, b'"', b'\n']);
        while hits != 0 {
            let (offset, rest) = bytes_at::first_hit(hits);
            let at = block + offset;
            hits = rest;
            let b = bytes[at];
            if b == b'\n' {
                return last_field(bytes, state, doubled, from, at, bounds, escaped).map(|()| at + 1);
            }
            // Text between a closing quote and this hit follows the quoted field.
            if let InPlace::Closed(close) = state {
                if at > close + 1 {
                    state = InPlace::Trailing;
                }
            }
            match state {
                InPlace::Plain if b == delimiter => {
                    bounds.push((from, at));
                    from = at + 1;
                }
                // A quote opens a field only at its start; elsewhere it is text.
                InPlace::Plain => {
                    if at == from {
                        state = InPlace::Quoted;
                    }
                }
                InPlace::Quoted if b == b'"' => state = InPlace::Closed(at),
                InPlace::Quoted => {}
                // `""`: one quote, and the field goes on.
                InPlace::Closed(_) if b == b'"' => {
                    doubled = true;
                    state = InPlace::Quoted;
                }
                InPlace::Closed(close) => {
                    push_quoted(bounds, escaped, from, close, doubled);
                    (from, state, doubled) = (at + 1, InPlace::Plain, false);
                }
                InPlace::Trailing if b == delimiter => {
                    push_escaped(bounds, escaped, from, at);
                    (from, state, doubled) = (at + 1, InPlace::Plain, false);
                }
                InPlace::Trailing => {}
            }
        }
        block += bytes_at::BLOCK;
    }
    // The chunk ends without a line end: its last record ends with it.
    last_field(bytes, state, doubled, from, bytes.len(), bounds, escaped).map(|()| bytes.len())
}

/// Ends [`split_in_place`]'s record with its last field, which started at
/// `from` and is in `state` at `end` (the line feed, or the chunk's end):
/// a CR before `end` is part of the line end. None (with `bounds` cleared)
/// for a quoted field that holds the line break or is left open.
fn last_field(
    bytes: &[u8],
    state: InPlace,
    doubled: bool,
    from: usize,
    end: usize,
    bounds: &mut Vec<(usize, usize)>,
    escaped: &mut Vec<usize>,
) -> Option<()> {
    let end = if end > from && bytes[end - 1] == b'\r' { end - 1 } else { end };
    match state {
        InPlace::Plain => bounds.push((from, end)),
        InPlace::Closed(close) if end == close + 1 => push_quoted(bounds, escaped, from, close, doubled),
        InPlace::Closed(_) | InPlace::Trailing => push_escaped(bounds, escaped, from, end),
        InPlace::Quoted => return not_in_place(bounds),
    }
    Some(())
}

/// Bounds the quoted field from the quote at `from` to the one at `close`:
/// its text between them, or the whole if it holds `""` (`doubled`).
fn push_quoted(bounds: &mut Vec<(usize, usize)>, escaped: &mut Vec<usize>, from: usize, close: usize, doubled: bool) {
    if doubled {
        push_escaped(bounds, escaped, from, close + 1);
    } else {
        bounds.push((from + 1, close));
    }
}

/// Bounds a quoted field to unescape, from its opening quote at `from` to `end`.
fn push_escaped(bounds: &mut Vec<(usize, usize)>, escaped: &mut Vec<usize>, from: usize, end: usize) {
    escaped.push(bounds.len());
    bounds.push((from, end));
}

/// Appends the text of the quoted field `raw` (from its opening quote to
/// the field's end) to `out`, as [`Split::line`] reads it: `""` is one
/// quote, and text after the closing quote is kept as it is.
fn unescape_quoted(raw: &[u8], out: &mut Vec<u8>) {
    let mut rest = raw.strip_prefix(b"\"").unwrap_or(raw);
    while let Some(quote) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..quote]);
        rest = &rest[quote + 1..];
        match rest.split_first() {
            Some((b'"', after)) => {
                out.push(b'"');
                rest = after;
            }
            // The closing quote: what follows is text.
            _ => break,
        }
    }
    out.extend_from_slice(rest);
}

/// [`split_in_place`]'s answer for a record it does not split.
fn not_in_place<T>(bounds: &mut Vec<(usize, usize)>) -> Option<T> {
    bounds.clear();
    None
}

/// Where the splitting of a record with quotes is, between its lines.
struct Split {
    state: State,
    /// Where the current field starts in the record's bytes.
    from: usize,
    /// The line of the quote that opened the last quoted field.
    quote_line: u64,
}

impl Split {
    /// Splits `line` (physical line `number`, without its end) into
    /// `record`'s fields, a run of plain bytes at a time: the bytes of an
    /// unquoted field up to the next delimiter, those of a quoted field up to
    /// the next quote.
    fn line(&mut self, line: &[u8], delimiter: u8, number: u64, record: &mut Record) {
        let next =
            |from: usize, byte: u8| line[from..].iter().position(|&b| b == byte).map_or(line.len(), |p| from + p);
        let mut at = 0;
        while at < line.len() {
            let b = line[at];
            match self.state {
                State::FieldStart | State::Unquoted if b == delimiter => {
                    self.end_field(record);
                    at += 1;
                }
                State::FieldStart if b == b'"' => {
                    self.quote_line = number;
                    self.state = State::Quoted;
                    at += 1;
                }
                State::FieldStart | State::Unquoted => {
                    let run = next(at, delimiter);
                    record.unescaped.extend_from_slice(&line[at..run]);
                    self.state = State::Unquoted;
                    at = run;
                }
                State::Quoted => {
                    let run = next(at, b'"');
                    record.unescaped.extend_from_slice(&line[at..run]);
                    if run < line.len() {
                        self.state = State::QuoteInQuoted;
                    }
                    at = run + 1;
                }
                State::QuoteInQuoted => {
                    if b == b'"' {
                        record.unescaped.push(b'"');
                        self.state = State::Quoted;
                    } else if b == delimiter {
                        self.end_field(record);
                    } else {
                        record.unescaped.push(b);
                        self.state = State::Unquoted;
                    }
                    at += 1;
                }
            }
        }
    }

    /// Ends the current field at a delimiter.
    fn end_field(&mut self, record: &mut Record) {
        record.bounds.push((self.from, record.unescaped.len()));
        self.from = record.unescaped.len();
        self.state = State::FieldStart;
    }
}

/// The text of a cell, or why it has none.
pub(super) fn utf8(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())
}

/// A physical line without its end (LF or CR LF).
fn content(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::csv_chunks::Chunks;
    use crate::data::text::{EncodingCheck, Text};
    use crate::ir::TextEncoding;
    use std::sync::Arc;

    /// A record as the tests see it: line, lines spanned, opening quote, fields.
    type Seen = (u64, u64, Option<(u64, usize)>, Vec<String>);

    /// Every record of `input`, read through chunks as a load reads it
    /// (chunks of 16 bytes in tests, so records meet chunk ends), with
    /// the offset of its first invalid byte.
    fn read(input: &[u8], delimiter: u8) -> Vec<(Seen, Option<u64>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, input).unwrap();
        let mut chunks = Chunks::new(Text::open(&path, TextEncoding::Utf8).unwrap(), delimiter);
        let mut out = Vec::new();
        while let Some(chunk) = chunks.next(Default::default()).unwrap() {
            out.extend(split(&chunk, delimiter));
        }
        out
    }

    /// Every record of `chunk`, with the offset of its first invalid byte.
    fn split(chunk: &Chunk, delimiter: u8) -> Vec<(Seen, Option<u64>)> {
        let mut records = Records::new(chunk, delimiter, false);
        let mut record = Record::default();
        let mut out = Vec::new();
        while records.next(&mut record) {
            let fields = record.fields(&chunk.bytes).map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            out.push(((record.line, record.lines, record.open_quote, fields), record.invalid));
        }
        out
    }

    fn records(input: &str, delimiter: u8) -> Vec<Seen> {
        read(input.as_bytes(), delimiter).into_iter().map(|(seen, _)| seen).collect()
    }

    fn strings(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn lines_are_counted_through_crlf_lf_and_blank_lines() {
        let got = records("a,b\r\n1,2\r\n\r\n3,4\n\n5,6", b',');
        let lines: Vec<u64> = got.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 4, 6]);
        assert_eq!(got[3].3, strings(&["5", "6"]));
    }

    #[test]
    fn quoted_fields_unescape_and_may_span_lines() {
        let got = records("x;\"a;b\";\"say \"\"hi\"\"\"\n1;\"two\r\nlines\";z\n2;ok;\"\"\n", b';');
        assert_eq!(got[0].3, strings(&["x", "a;b", "say \"hi\""]));
        assert_eq!(got[1], (2, 2, Some((2, 1)), strings(&["1", "two\r\nlines", "z"])));
        assert_eq!(got[2], (4, 1, None, strings(&["2", "ok", ""])));
    }

    #[test]
    fn a_stray_quote_swallows_lines_until_it_closes_or_the_text_ends() {
        let got = records("1,\"oops\n2,b\n3,c\n", b',');
        assert_eq!(got, [(1, 3, Some((1, 1)), strings(&["1", "oops\n2,b\n3,c\n"]))]);
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_invalid_bytes_located() {
        let got = read(b"\xEF\xBB\xBFa,b\n1,\xFF\n\"\xFF\",2\n", b',');
        assert_eq!((&got[0].0 .3, got[0].1), (&strings(&["a", "b"]), None));
        assert_eq!(got[1].1, Some(9));
        // In a quoted field too (split in one pass: the quotes are simple).
        assert_eq!((&got[2].0 .3, got[2].1), (&vec!["\u{FFFD}".to_string(), "2".to_string()], Some(12)));
    }

    /// The quoting rules byte by byte, as the module header states them:
    /// the oracle for the run-at-a-time split (one line, no line break).
    fn fields_byte_by_byte(line: &[u8], delimiter: u8) -> Vec<Vec<u8>> {
        let (mut fields, mut field, mut state) = (Vec::new(), Vec::new(), State::FieldStart);
        for &b in line {
            state = match (state, b) {
                (State::FieldStart | State::Unquoted, d) if d == delimiter => {
                    fields.push(std::mem::take(&mut field));
                    State::FieldStart
                }
                (State::FieldStart, b'"') => State::Quoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::QuoteInQuoted, b'"') => {
                    field.push(b'"');
                    State::Quoted
                }
                (State::QuoteInQuoted, d) if d == delimiter => {
                    fields.push(std::mem::take(&mut field));
                    State::FieldStart
                }
                (State::Quoted, b) => {
                    field.push(b);
                    State::Quoted
                }
                (_, b) => {
                    field.push(b);
                    State::Unquoted
                }
            };
        }
        fields.push(field);
        fields
    }

    proptest::proptest! {
        /// Lines long enough to span several of [`bytes_at::block_hits`]' blocks,
        /// with and without a line end (CR LF too), split in place or not.
        #[test]
        fn runs_split_as_the_byte_by_byte_rules_do(
            line in "[a;,\"x \r]{1,60}",
            end in proptest::sample::select(vec!["\n", "\r\n", ""]),
            semicolon in proptest::bool::ANY,
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let text = format!("{line}{end}");
            let content = content(text.as_bytes());
            proptest::prop_assume!(!content.is_empty());
            let chunk = Chunk { bytes: Arc::new(text.clone().into_bytes().into()), at: 0, line: 1, offset: 0, check: EncodingCheck::Utf8 { skipped: 0 }, piece: None };
            let mut records = Records::new(&chunk, delimiter, true);
            let mut record = Record::default();
            proptest::prop_assert!(records.next(&mut record));
            // A quote left open takes the line end into its field: one line is not enough for the oracle.
            proptest::prop_assume!(record.open_quote.is_none());
            let fields: Vec<Vec<u8>> = record.fields(&chunk.bytes).map(<[u8]>::to_vec).collect();
            proptest::prop_assert_eq!(fields, fields_byte_by_byte(content, delimiter));
            proptest::prop_assert_eq!(records.position(), (text.len(), 2));
        }

        /// Cutting the text into chunks (of 16 bytes in tests) never cuts
        /// a record: the records, their lines and their fields are those
        /// of the text split as one chunk.
        #[test]
        fn chunks_are_cut_only_between_records(text in "[a;,\"\r\n]{0,80}", semicolon in proptest::bool::ANY) {
            let delimiter = if semicolon { b';' } else { b',' };
            let whole = Chunk { bytes: Arc::new(text.clone().into_bytes().into()), at: 0, line: 1, offset: 0, check: EncodingCheck::Utf8 { skipped: 0 }, piece: None };
            proptest::prop_assert_eq!(read(text.as_bytes(), delimiter), split(&whole, delimiter));
        }
    }

    #[test]
    fn doubled_quotes_and_text_after_a_closing_quote_are_read_on_one_line() {
        let got = records("1,\"say \"\"hi\"\"\",\"ab\"c\"d\r\n2,\"x\",\"\"\"\"\n\"e\"\"\"", b',');
        assert_eq!(got[0], (1, 1, None, strings(&["1", "say \"hi\"", "abc\"d"])));
        // The record after one unescaped is in place again.
        assert_eq!(got[1], (2, 1, None, strings(&["2", "x", "\""])));
        // At the text's end, with no line end.
        assert_eq!(got[2], (3, 1, None, strings(&["e\""])));
    }

    #[test]
    fn quotes_inside_unquoted_fields_are_text() {
        let got = records("a\"b,\"c\"d\n", b',');
        assert_eq!(got[0].3, strings(&["a\"b", "cd"]));
    }
}
