//! Datasets as the loader runs them (LANGUAGE.md §5).

use chrono_tz::Tz;
use rust_decimal::Decimal;

/// Where a dataset's rows come from: a kind of file, or a SQL table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// A sheet of an Excel workbook (`.xlsx`).
    Xlsx,
    /// A table in a SQL engine (`from table "schema.table"`, §5 v2): its
    /// rows are read by the engine (`xla sql`), never by the local loader.
    Table,
}

impl DataFormat {
    /// The format as a reader names it: "CSV", "JSON Lines", "xlsx", "table".
    pub fn describe(self) -> &'static str {
        match self {
            DataFormat::Csv => "CSV",
            DataFormat::Jsonl => "JSON Lines",
            DataFormat::Xlsx => "xlsx",
            DataFormat::Table => "table",
        }
    }
}

/// The unit a duration column's numbers are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    /// Seconds (the default).
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
}

impl DurationUnit {
    /// Seconds in one unit.
    pub fn seconds(self) -> u32 {
        match self {
            DurationUnit::Seconds => 1,
            DurationUnit::Minutes => 60,
            DurationUnit::Hours => 3600,
        }
    }

    /// The unit's name in the plural, for messages: "seconds", "minutes", "hours".
    pub fn plural(self) -> &'static str {
        match self {
            DurationUnit::Seconds => "seconds",
            DurationUnit::Minutes => "minutes",
            DurationUnit::Hours => "hours",
        }
    }
}

/// The type of a column and how its cells are parsed.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnKind {
    /// Any text.
    Text,
    /// Text from a closed set; other values reject the row.
    TextIn(Vec<String>),
    /// A decimal number.
    Number,
    /// A whole number ≥ 0.
    Count,
    /// A percentage 0–100 (the source holds 0–100).
    Percent,
    /// `true/false/yes/no/1/0`, any case.
    Bool,
    /// A date; `format` is a strftime pattern, default `%Y-%m-%d`.
    Date {
        /// The strftime pattern, if not the default.
        format: Option<String>,
    },
    /// An instant; without `format` RFC 3339, with it a local time in the
    /// dataset's timezone.
    Timestamp {
        /// The strftime pattern of a local time, if given.
        format: Option<String>,
    },
    /// A duration: a number in `unit`, or ISO 8601 (`PT1H30M`).
    Duration {
        /// The unit plain numbers are in.
        unit: DurationUnit,
    },
}

/// The closed range of a `number in LO..HI`, `count in LO..HI` or
/// `duration in LO..HI` column (LANGUAGE.md §5 v2): a value outside it
/// rejects the row. The checker builds one only for those three types, with
/// `low <= high`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRange {
    /// The low bound, included: a number, or a duration in seconds.
    pub low: Decimal,
    /// The high bound, included, in the same unit as `low`.
    pub high: Decimal,
    /// The range as the contract writes it (`-100..100`, `0s..8h`), for messages.
    pub written: String,
}

impl ValueRange {
    /// Whether `value` (a number, or a duration in seconds) lies within the bounds.
    pub fn contains(&self, value: Decimal) -> bool {
        self.low <= value && value <= self.high
    }
}

/// A column of a dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetColumn {
    /// The name used in expressions.
    pub name: String,
    /// The column (CSV header) or key path (JSON, dotted) in the source.
    pub source: String,
    /// Its type.
    pub kind: ColumnKind,
    /// The values a `number`, `count` or `duration` column may hold, if it declares a range.
    pub range: Option<ValueRange>,
    /// Whether empty cells (and missing markers) are `none` rather than a rejection.
    pub optional: bool,
}

/// How rows are assigned to months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodBy {
    /// The month of this column's value.
    Instant(usize),
    /// Every month that `[start, end)` overlaps; `end` none means still open.
    Interval {
        /// Index of the start column.
        start: usize,
        /// Index of the end column.
        end: usize,
    },
}

/// `unique by KEY [latest by COL]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UniqueBy {
    /// Index of the key column.
    pub key: usize,
    /// Index of the column whose greatest value wins; without it the last row read wins.
    pub latest: Option<usize>,
}

/// A checked dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Its name.
    pub name: String,
    /// The kind of file, or a SQL table.
    pub format: DataFormat,
    /// The path or glob, relative to the data directory; for a
    /// [`DataFormat::Table`], the table's name (`schema.table`: one to three
    /// dot-separated SQL identifiers, checked).
    pub path: String,
    /// The columns, in declaration order; rows are delivered in this order.
    pub columns: Vec<DatasetColumn>,
    /// Period assignment.
    pub period: PeriodBy,
    /// The timezone local timestamps are read in.
    pub timezone: Tz,
    /// The most rejected rows allowed, in percent of rows read.
    pub reject_up_to: Decimal,
    /// Rows to skip after the CSV header.
    pub skip_rows: u32,
    /// Cell values that mean none, besides the empty cell.
    pub missing: Vec<String>,
    /// Collapsing of change logs to one row per key.
    pub unique_by: Option<UniqueBy>,
    /// How a CSV file is written (the defaults for other formats).
    pub csv: CsvOptions,
    /// The sheet of an xlsx dataset (`sheet`); none: the first.
    pub sheet: Option<String>,
}

/// How a CSV dataset's files are written (§5 v2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field separator (`delimiter`), one ASCII character.
    pub delimiter: u8,
    /// Whether numbers are written with a decimal comma (`decimal ","`).
    pub decimal_comma: bool,
    /// The files' character encoding.
    pub encoding: TextEncoding,
    /// Whether a record may span several physical lines (`multiline`).
    pub multiline: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { delimiter: b',', decimal_comma: false, encoding: TextEncoding::Utf8, multiline: false }
    }
}

/// The character encoding of a CSV dataset's files (`encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (the default).
    Utf8,
    /// Windows-1252; `latin1` means it too, as in web browsers (WHATWG).
    Windows1252,
    /// UTF-16, little-endian unless a byte order mark says otherwise.
    Utf16,
}
