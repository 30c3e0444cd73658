//! The rows of a states file as typed records, each checked on its own
//! (names, months, numbers); [`super::build`] checks them against the
//! contract.

use super::StatesError;
use crate::eval::Period;

/// The columns of a states file, in order.
pub(super) const COLUMNS: [&str; 8] =
    ["record", "dataset", "aggregate", "first_month", "last_month", "field", "value", "weight"];

/// A record and the line it starts on.
#[derive(Clone, Debug)]
pub(super) struct Line {
    /// The 1-based line of the file the record starts on.
    pub line: u64,
    /// The record.
    pub record: Record,
}

/// One row of a states file.
#[derive(Clone, Debug)]
pub(super) enum Record {
    /// `header`, `format`.
    Format(String),
    /// `header`, `contract_sha256`.
    ContractSha256(String),
    /// `header`, `engine`.
    Engine(String),
    /// `header`, `term`: the first month of the contract term and the last month settled.
    Term(Period, Period),
    /// `input`, `source`.
    Source { dataset: String, source: String },
    /// `input`, `rows_read`, `rows_rejected`, `rows_without_period` or `rows_collapsed`.
    Count { dataset: String, count: InputCount, rows: u64 },
    /// `input`, `rows_used` in one month.
    RowsUsed { dataset: String, month: Period, rows: u64 },
    /// `reject`: rows rejected for one reason.
    Reject { dataset: String, reason: u64, column: Option<String>, text: String, rows: u64 },
    /// `reject_key`: the key of one row rejected for a reason.
    RejectKey { dataset: String, reason: u64, column: Option<String>, key: String },
    /// `state`: one field of an aggregate's state over a span of months.
    State { dataset: String, aggregate: usize, span: (Period, Period), field: StateField },
}

/// The per-dataset row counts of `input` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum InputCount {
    /// `rows_read`.
    Read,
    /// `rows_rejected`.
    Rejected,
    /// `rows_without_period`.
    WithoutPeriod,
    /// `rows_collapsed` (optional; 0 when absent).
    Collapsed,
}

impl InputCount {
    /// The field's name.
    pub(super) fn name(self) -> &'static str {
        match self {
            InputCount::Read => "rows_read",
            InputCount::Rejected => "rows_rejected",
            InputCount::WithoutPeriod => "rows_without_period",
            InputCount::Collapsed => "rows_collapsed",
        }
    }
}

/// One field of a `state` record, with its value or weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum StateField {
    /// `rows` (count).
    Rows(u64),
    /// `population` (percent).
    Population(u64),
    /// `meeting` (percent).
    Meeting(u64),
    /// `total` (sum, mean): the exact sum, as written.
    Total(String),
    /// `n` (sum, mean, min, max).
    N(u64),
    /// `best` (min, max).
    Best(String),
    /// `value` (median, percentile): a value and how many rows hold it.
    Value(String, u64),
    /// `key` (distinct): one distinct value, as text.
    Key(String),
}

impl StateField {
    /// The field's name.
    pub(super) fn name(&self) -> &'static str {
        match self {
            StateField::Rows(_) => "rows",
            StateField::Population(_) => "population",
            StateField::Meeting(_) => "meeting",
            StateField::Total(_) => "total",
            StateField::N(_) => "n",
            StateField::Best(_) => "best",
            StateField::Value(..) => "value",
            StateField::Key(_) => "key",
        }
    }
}

/// The cells of one row, by column.
struct Cells<'a> {
    cells: [&'a str; 8],
    record: &'a str,
}

impl<'a> Cells<'a> {
    fn get(&self, column: usize) -> Option<&'a str> {
        Some(self.cells[column]).filter(|c| !c.is_empty())
    }

    fn required(&self, column: usize) -> Result<&'a str, String> {
        self.get(column).ok_or_else(|| format!("a `{}` record needs a `{}`", self.record, COLUMNS[column]))
    }

    /// Fails if any of `columns` is not empty.
    fn empty(&self, columns: &[usize]) -> Result<(), String> {
        match columns.iter().find(|&&c| self.get(c).is_some()) {
            Some(&c) => {
                Err(format!("a `{}` record has no `{}`, but this one has `{}`", self.record, COLUMNS[c], self.cells[c]))
            }
            None => Ok(()),
        }
    }

    fn weight(&self) -> Result<u64, String> {
        whole(self.required(WEIGHT)?, "weight")
    }

    fn month(&self, column: usize) -> Result<Period, String> {
        let text = self.required(column)?;
        text.parse().map_err(|e| format!("`{}`: {e}", COLUMNS[column]))
    }
}

const DATASET: usize = 1;
const AGGREGATE: usize = 2;
const FIRST: usize = 3;
const LAST: usize = 4;
const FIELD: usize = 5;
const VALUE: usize = 6;
const WEIGHT: usize = 7;

/// A whole number ≥ 0 written in digits.
fn whole(text: &str, what: &str) -> Result<u64, String> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {what} `{text}` is not a whole number ≥ 0"));
    }
    text.parse().map_err(|_| format!("the {what} `{text}` is too large"))
}

/// Whether `text` is a decimal in plain notation: an optional `-`, digits,
/// and optionally `.` and more digits (no exponent, no `+`, no separators).
pub(super) fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac)
}

fn plain_decimal(text: &str) -> Result<String, String> {
    if is_plain_decimal(text) {
        Ok(text.to_string())
    } else {
        Err(format!("the value `{text}` is not a decimal in plain notation (such as -12.5)"))
    }
}

/// The record of one row, or why it is wrong.
pub(super) fn parse(cells: [&str; 8]) -> Result<Record, String> {
    let record = cells[0];
    let c = Cells { cells, record };
    match record {
        "header" => header(&c),
        "input" => input(&c),
        "reject" | "reject_key" => reject(&c),
        "state" => state(&c),
        "" => Err("the `record` is empty".to_string()),
        other => Err(format!(
            "unknown record `{other}`; the records are `header`, `input`, `reject`, `reject_key` and `state`"
        )),
    }
}

fn header(c: &Cells) -> Result<Record, String> {
    c.empty(&[DATASET, AGGREGATE, WEIGHT])?;
    let field = c.required(FIELD)?;
    if field == "term" {
        c.empty(&[VALUE])?;
        return Ok(Record::Term(c.month(FIRST)?, c.month(LAST)?));
    }
    c.empty(&[FIRST, LAST])?;
    let value = c.required(VALUE)?.to_string();
    match field {
        "format" => Ok(Record::Format(value)),
        "contract_sha256" => Ok(Record::ContractSha256(value)),
        "engine" => Ok(Record::Engine(value)),
        other => Err(format!(
            "unknown `header` field `{other}`; the fields are `format`, `contract_sha256`, `engine` and `term`"
        )),
    }
}

fn input(c: &Cells) -> Result<Record, String> {
    c.empty(&[AGGREGATE])?;
    let dataset = c.required(DATASET)?.to_string();
    let field = c.required(FIELD)?;
    if field == "rows_used" {
        c.empty(&[VALUE])?;
        let (first, last) = (c.month(FIRST)?, c.month(LAST)?);
        if first != last {
            return Err(format!("`rows_used` is counted by month, but this record spans {first} to {last}"));
        }
        return Ok(Record::RowsUsed { dataset, month: first, rows: c.weight()? });
    }
    c.empty(&[FIRST, LAST])?;
    if field == "source" {
        c.empty(&[WEIGHT])?;
        return Ok(Record::Source { dataset, source: c.required(VALUE)?.to_string() });
    }
    let count = match field {
        "rows_read" => InputCount::Read,
        "rows_rejected" => InputCount::Rejected,
        "rows_without_period" => InputCount::WithoutPeriod,
        "rows_collapsed" => InputCount::Collapsed,
        other => {
            return Err(format!(
                "unknown `input` field `{other}`; the fields are `source`, `rows_read`, `rows_rejected`, \
                 `rows_without_period`, `rows_collapsed` and `rows_used`"
            ))
        }
    };
    c.empty(&[VALUE])?;
    Ok(Record::Count { dataset, count, rows: c.weight()? })
}

fn reject(c: &Cells) -> Result<Record, String> {
    c.empty(&[FIRST, LAST])?;
    let dataset = c.required(DATASET)?.to_string();
    let reason = whole(c.required(AGGREGATE)?, "reason number (in `aggregate`)")?;
    let column = c.get(FIELD).map(str::to_string);
    if c.record == "reject" {
        let text = c.required(VALUE)?.to_string();
        let rows = c.weight()?;
        if rows == 0 {
            return Err("a `reject` record counts at least one row; this one has weight 0".to_string());
        }
        return Ok(Record::Reject { dataset, reason, column, text, rows });
    }
    c.empty(&[WEIGHT])?;
    Ok(Record::RejectKey { dataset, reason, column, key: c.required(VALUE)?.to_string() })
}

fn state(c: &Cells) -> Result<Record, String> {
    let dataset = c.required(DATASET)?.to_string();
    let aggregate = c.required(AGGREGATE)?;
    let aggregate = whole(aggregate, "aggregate index")
        .and_then(|a| usize::try_from(a).map_err(|_| format!("the aggregate index `{aggregate}` is too large")))?;
    let span = (c.month(FIRST)?, c.month(LAST)?);
    if span.1 < span.0 {
        return Err(format!("the span {} to {} ends before it starts", span.0, span.1));
    }
    let field = c.required(FIELD)?;
    let weight_only = |make: fn(u64) -> StateField| -> Result<StateField, String> {
        c.empty(&[VALUE])?;
        Ok(make(c.weight()?))
    };
    let value_only = |make: fn(String) -> StateField| -> Result<StateField, String> {
        c.empty(&[WEIGHT])?;
        Ok(make(plain_decimal(c.required(VALUE)?)?))
    };
    let field = match field {
        "rows" => weight_only(StateField::Rows)?,
        "population" => weight_only(StateField::Population)?,
        "meeting" => weight_only(StateField::Meeting)?,
        "n" => weight_only(StateField::N)?,
        "total" => value_only(StateField::Total)?,
        "best" => value_only(StateField::Best)?,
        "value" => {
            let value = plain_decimal(c.required(VALUE)?)?;
            match c.weight()? {
                0 => return Err("a `value` record gives how many rows hold the value; this one has weight 0".into()),
                rows => StateField::Value(value, rows),
            }
        }
        "key" => {
            let key = c.required(VALUE)?.to_string();
            match c.weight()? {
                1 => StateField::Key(key),
                w => return Err(format!("a `key` record has weight 1 (each distinct value once); this one has {w}")),
            }
        }
        other => {
            return Err(format!(
                "unknown `state` field `{other}`; the fields are `rows`, `population`, `meeting`, `total`, `n`, \
                 `best`, `value` and `key`"
            ))
        }
    };
    Ok(Record::State { dataset, aggregate, span, field })
}

/// Reads the CSV text of a states file into records.
pub(super) fn read(name: &str, bytes: &[u8]) -> Result<Vec<Line>, StatesError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes);
    let header = reader.headers().map_err(|e| csv_error(name, bytes, &e))?;
    if header.iter().ne(COLUMNS) {
        let found: Vec<&str> = header.iter().collect();
        return Err(StatesError::at(
            name,
            1,
            format!("the header is `{}`; a states file's header is `{}`", found.join(","), COLUMNS.join(",")),
        ));
    }
    let mut lines = Vec::new();
    let mut counter = LineCounter { bytes, at: 0, line: 1 };
    for row in reader.records() {
        let row = row.map_err(|e| csv_error(name, bytes, &e))?;
        let line = counter.line_of(row.position().map_or(0, csv::Position::byte));
        let mut cells = [""; 8];
        for (cell, text) in cells.iter_mut().zip(row.iter()) {
            *cell = text;
        }
        let record = parse(cells).map_err(|message| StatesError::at(name, line, message))?;
        lines.push(Line { line, record });
    }
    Ok(lines)
}

/// The lines records start on. The CSV reader's own line numbers lag one
/// behind after a CR LF line end (a record's position is that of the LF
/// before it), so lines are counted here from the records' byte offsets,
/// the line ends and blank lines before a record skipped.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// The offset counted up to.
    at: usize,
    /// The line at `at`.
    line: u64,
}

impl LineCounter<'_> {
    /// The line of the record whose position is `byte` (records come in order).
    fn line_of(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.bytes.len()).max(self.at);
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        self.line += self.bytes[self.at..start].iter().filter(|&&b| b == b'\n').count() as u64;
        self.at = start;
        self.line
    }
}

fn csv_error(name: &str, bytes: &[u8], e: &csv::Error) -> StatesError {
    let line = e.position().map(|p| LineCounter { bytes, at: 0, line: 1 }.line_of(p.byte()));
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { len, expected_len, .. } => {
            format!("a record has {len} fields; a states file's records have {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8".to_string(),
        _ => format!("cannot read the CSV: {e}"),
    };
    StatesError { file: name.to_string(), line, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_have_no_exponent_plus_or_separators() {
        for ok in ["0", "-12.5", "100", "0.000001"] {
            assert!(is_plain_decimal(ok), "{ok}");
        }
        for bad in ["", "-", "1e3", "+1", "1.", ".5", "1,5", "1_000", " 1", "NaN"] {
            assert!(!is_plain_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_read() {
        let text = "\u{feff}record,dataset,aggregate,first_month,last_month,field,value,weight\r\n\
                    header,,,,,engine,duckdb,\r\n\r\n\
                    header,,,,,format,\"two\r\nlines\",\r\n\
                    header,,,,,engine,spark,\r\n\
                    header,,,,,engine\r\n";
        let lines = read("s.csv", text.as_bytes()).map(|_| ()).unwrap_err();
        assert_eq!(lines.to_string(), "s.csv:7: a record has 6 fields; a states file's records have 8");
        let text = text.rsplit_once("header,,,,,engine\r\n").unwrap().0;
        let lines = read("s.csv", text.as_bytes()).unwrap();
        assert_eq!(lines.iter().map(|l| l.line).collect::<Vec<_>>(), [2, 4, 6]);
        assert!(matches!(&lines[0].record, Record::Engine(e) if e == "duckdb"));
    }
}
