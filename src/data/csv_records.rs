//! Splitting CSV text into records, one physical line at a time.
//!
//! RFC 4180 quoting, as the `csv` crate reads it: a field that starts with
//! `"` is quoted, `""` inside it is one quote, and text after its closing
//! quote is kept as it is; a quote elsewhere is an ordinary character.
//! Physical lines end at LF (a CR before it is part of the line end); a
//! line that is empty is not a record. Every record knows the physical
//! line it starts on and how many it spans (LANGUAGE.md §5, physical lines).

use super::text::Text;
use std::io::{self, BufRead, BufReader};

/// Buffer size for reading CSV.
const BUFFER: usize = 64 * 1024;

/// One record: its fields, unquoted, and where it was in the file.
#[derive(Default)]
pub(super) struct Record {
    /// The fields' bytes (those of an unquoted line are the line itself).
    bytes: Vec<u8>,
    /// Where each field is in `bytes`.
    bounds: Vec<(usize, usize)>,
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

    /// Field `i`, if there is one.
    pub(super) fn get(&self, i: usize) -> Option<&[u8]> {
        self.bounds.get(i).map(|&(from, to)| &self.bytes[from..to])
    }

    /// Every field, in order.
    pub(super) fn fields(&self) -> impl Iterator<Item = &[u8]> {
        self.bounds.iter().map(|&(from, to)| &self.bytes[from..to])
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

/// The records of one CSV text.
pub(super) struct Records {
    input: BufReader<Text>,
    line: Vec<u8>,
    delimiter: u8,
    /// The number of the next physical line.
    next_line: u64,
    /// The offset, in the text as read, of the next physical line.
    offset: u64,
}

impl Records {
    /// Records of `input`, fields separated by `delimiter`.
    pub(super) fn new(input: Text, delimiter: u8) -> Records {
        Records {
            input: BufReader::with_capacity(BUFFER, input),
            line: Vec::with_capacity(256),
            delimiter,
            next_line: 1,
            offset: 0,
        }
    }

    /// The text being read.
    pub(super) fn text(&self) -> &Text {
        self.input.get_ref()
    }

    /// The text, once read to its end.
    pub(super) fn into_text(self) -> Text {
        self.input.into_inner()
    }

    /// Reads the next physical line (with its end) into `self.line`; false at the end.
    fn read_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        let n = self.input.read_until(b'\n', &mut self.line)?;
        if n == 0 {
            return Ok(false);
        }
        self.next_line += 1;
        Ok(true)
    }

    /// Checks the line just read against its encoding and moves past it.
    fn check_line(&mut self, record: &mut Record) {
        if record.invalid.is_none() {
            record.invalid = self.input.get_mut().invalid(&self.line, self.offset);
        }
        self.offset += self.line.len() as u64;
    }

    /// Reads the next record into `record`, skipping empty lines; false at the end.
    pub(super) fn read(&mut self, record: &mut Record) -> io::Result<bool> {
        loop {
            if !self.read_line()? {
                return Ok(false);
            }
            if !content(&self.line).is_empty() {
                break;
            }
            self.offset += self.line.len() as u64;
        }
        record.bounds.clear();
        record.line = self.next_line - 1;
        record.lines = 1;
        record.open_quote = None;
        record.invalid = None;
        match self.split_in_place(record) {
            // An ASCII line is valid in every encoding read (a decoded line
            // with an invalid sequence holds U+FFFD): only others are checked.
            Some(ascii) => {
                if !ascii {
                    record.invalid = self.input.get_mut().invalid(&record.bytes, self.offset);
                }
                self.offset += record.bytes.len() as u64;
            }
            None => {
                self.check_line(record);
                self.split_quoted(record)?;
            }
        }
        Ok(true)
    }

    /// Splits a line whose fields are plain or simply quoted, in one pass:
    /// its fields are slices of the line (moved into `record`), and whether
    /// it is all ASCII. A simply quoted field opens with a quote, holds no
    /// other quote, and closes at the end of the line or just before a
    /// delimiter: its text is the bytes between the quotes, as
    /// [`Split::line`] reads it. Any other quoting (`""` inside, text after
    /// the closing quote, a quote left open) gives None, leaving `record`
    /// without fields and the line in place for [`Records::split_quoted`].
    fn split_in_place(&mut self, record: &mut Record) -> Option<bool> {
        let line = content(&self.line);
        let delimiter = self.delimiter;
        // Every delimiter and quote of the line, found a vector at a time.
        let mut hits = memchr::memchr2_iter(delimiter, b'"', line);
        let mut from = 0;
        loop {
            if line.get(from) == Some(&b'"') {
                let close = hits.find(|&at| at > from && line[at] == b'"');
                match close.map(|close| (close, line.get(close + 1))) {
                    Some((close, None)) => {
                        record.bounds.push((from + 1, close));
                        break;
                    }
                    Some((close, Some(&b))) if b == delimiter => {
                        record.bounds.push((from + 1, close));
                        // The delimiter just after the quote is the next hit.
                        hits.next();
                        from = close + 2;
                    }
                    _ => {
                        record.bounds.clear();
                        return None;
                    }
                }
            } else {
                // A quote inside an unquoted field is text.
                match hits.find(|&at| line[at] == delimiter) {
                    Some(end) => {
                        record.bounds.push((from, end));
                        from = end + 1;
                    }
                    None => {
                        record.bounds.push((from, line.len()));
                        break;
                    }
                }
            }
        }
        let ascii = line.is_ascii();
        std::mem::swap(&mut record.bytes, &mut self.line);
        Some(ascii)
    }

    /// Splits a record with quotes, reading more lines while a quoted field is open.
    fn split_quoted(&mut self, record: &mut Record) -> io::Result<()> {
        record.bytes.clear();
        let mut split = Split { state: State::FieldStart, from: 0, quote_line: record.line };
        loop {
            let end = content(&self.line).len();
            split.line(&self.line[..end], self.delimiter, self.next_line - 1, record);
            if split.state != State::Quoted || end == self.line.len() {
                record.bounds.push((split.from, record.bytes.len()));
                return Ok(());
            }
            // The quoted field holds the line break: it goes on on the next line.
            record.bytes.extend_from_slice(&self.line[end..]);
            record.open_quote.get_or_insert((split.quote_line, record.bounds.len()));
            if !self.read_line()? {
                record.bounds.push((split.from, record.bytes.len()));
                return Ok(());
            }
            record.lines += 1;
            self.check_line(record);
        }
    }
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
                    record.bytes.extend_from_slice(&line[at..run]);
                    self.state = State::Unquoted;
                    at = run;
                }
                State::Quoted => {
                    let run = next(at, b'"');
                    record.bytes.extend_from_slice(&line[at..run]);
                    if run < line.len() {
                        self.state = State::QuoteInQuoted;
                    }
                    at = run + 1;
                }
                State::QuoteInQuoted => {
                    if b == b'"' {
                        record.bytes.push(b'"');
                        self.state = State::Quoted;
                    } else if b == delimiter {
                        self.end_field(record);
                    } else {
                        record.bytes.push(b);
                        self.state = State::Unquoted;
                    }
                    at += 1;
                }
            }
        }
    }

    /// Ends the current field at a delimiter.
    fn end_field(&mut self, record: &mut Record) {
        record.bounds.push((self.from, record.bytes.len()));
        self.from = record.bytes.len();
        self.state = State::FieldStart;
    }
}

/// A physical line without its end (LF or CR LF).
fn content(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::text::Text;
    use crate::ir::TextEncoding;

    /// A record as the tests see it: line, lines spanned, opening quote, fields.
    type Seen = (u64, u64, Option<(u64, usize)>, Vec<String>);

    fn records(input: &str, delimiter: u8) -> Vec<Seen> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, input).unwrap();
        let mut records = Records::new(Text::open(&path, TextEncoding::Utf8).unwrap(), delimiter);
        let mut record = Record::default();
        let mut out = Vec::new();
        while records.read(&mut record).unwrap() {
            let fields = record.fields().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            out.push((record.line, record.lines, record.open_quote, fields));
        }
        out
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
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, b"\xEF\xBB\xBFa,b\n1,\xFF\n\"\xFF\",2\n").unwrap();
        let mut records = Records::new(Text::open(&path, TextEncoding::Utf8).unwrap(), b',');
        let mut record = Record::default();
        assert!(records.read(&mut record).unwrap());
        assert_eq!((record.get(0), record.invalid), (Some(&b"a"[..]), None));
        assert!(records.read(&mut record).unwrap());
        assert_eq!(record.invalid, Some(9));
        // In a quoted field too (split in one pass: the quotes are simple).
        assert!(records.read(&mut record).unwrap());
        assert_eq!((record.get(0), record.get(1), record.invalid), (Some(&b"\xFF"[..]), Some(&b"2"[..]), Some(12)));
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
        #[test]
        fn runs_split_as_the_byte_by_byte_rules_do(line in "[a;,\"x ]{1,24}", semicolon in proptest::bool::ANY) {
            let delimiter = if semicolon { b';' } else { b',' };
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.csv");
            std::fs::write(&path, format!("{line}\n")).unwrap();
            let mut records = Records::new(Text::open(&path, TextEncoding::Utf8).unwrap(), delimiter);
            let mut record = Record::default();
            proptest::prop_assert!(records.read(&mut record).unwrap());
            // A quote left open takes the line end into its field: one line is not enough for the oracle.
            proptest::prop_assume!(record.open_quote.is_none());
            let fields: Vec<Vec<u8>> = record.fields().map(<[u8]>::to_vec).collect();
            proptest::prop_assert_eq!(fields, fields_byte_by_byte(line.as_bytes(), delimiter));
        }
    }

    #[test]
    fn quotes_inside_unquoted_fields_are_text() {
        let got = records("a\"b,\"c\"d\n", b',');
        assert_eq!(got[0].3, strings(&["a\"b", "cd"]));
    }
}
