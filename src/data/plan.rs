//! A dataset's columns compiled for loading, and the parsing of one row.

use super::intern::Interner;
use super::time::{FastFormat, Zone};
use super::{cell, duration, time, LoadError};
use crate::ir::{ColumnKind, DataFormat, Dataset, DatasetColumn, DurationUnit};
use crate::value::Value;
use chrono::format::{Item, StrftimeItems};
use chrono::NaiveDateTime;
use smol_str::SmolStr;

/// The date format when a `date` column has none.
const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// How the cells of one column are parsed.
#[derive(Clone)]
enum CellParser<'d> {
    Text,
    TextIn(Vec<SmolStr>),
    Number,
    Count,
    Percent,
    Bool,
    Date { items: Vec<Item<'d>>, pattern: &'d str, fast: Option<FastFormat> },
    Timestamp,
    TimestampIn { items: Vec<Item<'d>>, pattern: &'d str, fast: Option<FastFormat> },
    Duration(DurationUnit),
}

/// A cell as its source holds it.
#[derive(Clone, Copy)]
pub(super) enum Cell<'r> {
    /// Text, parsed as the column's type says.
    Text(&'r str),
    /// A local date-time (a spreadsheet's date cell): a `date` column takes
    /// its date, a `timestamp` column reads it in the dataset's timezone
    /// whatever its `format`, and other columns its ISO 8601 text.
    Local(NaiveDateTime),
}

/// Why a row was rejected.
pub(super) struct Reject {
    /// The index of the column at fault, if one is.
    pub column: Option<usize>,
    /// Why.
    pub reason: String,
}

/// The compiled dataset.
#[derive(Clone)]
pub(super) struct Plan<'d> {
    dataset: &'d Dataset,
    parsers: Vec<CellParser<'d>>,
    missing: Vec<&'d str>,
    /// Whether each column's values are needed.
    needed: Vec<bool>,
}

/// What one thread keeps while parsing rows: its own copies of the
/// closed-set values (a long one is shared by reference count, which
/// threads then never share), one copy of each long text it kept, and its
/// own cache of UTC offsets.
pub(super) struct Scratch {
    zone: Zone,
    allowed: Vec<Vec<SmolStr>>,
    /// Each column's texts handed out, by column (see [`Interner`]).
    texts: Vec<Interner>,
    marks: DecimalMarks,
    /// A numeric cell with its decimal comma made a point.
    numeral: String,
}

/// How numbers are written in a dataset's files.
#[derive(Clone, Copy)]
struct DecimalMarks {
    /// `decimal ","`: a comma is the decimal mark and a point is refused.
    comma: bool,
    /// A CSV dataset: a comma in a number suggests `decimal ","`.
    suggest_comma: bool,
}

impl<'d> Plan<'d> {
    /// Compiles the columns' formats once for all rows.
    pub(super) fn new(dataset: &'d Dataset) -> Result<Self, LoadError> {
        Plan::with_needed(dataset, None)
    }

    /// Like [`Plan::new`], but the values of text columns not `needed` are
    /// checked and then left out (none), saving an allocation per cell.
    /// A table dataset is refused: the loader reads files only.
    pub(super) fn with_needed(dataset: &'d Dataset, needed: Option<&[bool]>) -> Result<Self, LoadError> {
        if dataset.format == DataFormat::Table {
            return Err(in_table(dataset));
        }
        let parsers = dataset.columns.iter().map(|c| compile(dataset, c)).collect::<Result<_, _>>()?;
        let missing = dataset.missing.iter().map(|m| m.trim()).collect();
        let needed =
            (0..dataset.columns.len()).map(|i| needed.is_none_or(|n| n.get(i).copied().unwrap_or(true))).collect();
        Ok(Plan { dataset, parsers, missing, needed })
    }

    /// Scratch space for one thread.
    pub(super) fn scratch(&self) -> Scratch {
        let allowed = self
            .parsers
            .iter()
            .map(|p| match p {
                CellParser::TextIn(values) => values.iter().map(|v| SmolStr::from(v.as_str())).collect(),
                _ => Vec::new(),
            })
            .collect();
        let marks = DecimalMarks {
            comma: self.dataset.csv.decimal_comma,
            suggest_comma: self.dataset.format == DataFormat::Csv,
        };
        let texts = self.parsers.iter().map(|_| Interner::default()).collect();
        Scratch { zone: Zone::new(self.dataset.timezone), allowed, texts, marks, numeral: String::new() }
    }

    /// The dataset.
    pub(super) fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The source name of column `index`.
    pub(super) fn source(&self, index: usize) -> &'d str {
        &self.dataset.columns[index].source
    }

    /// Parses a row into `out` (one value per column). `cell(i)` gives the text of
    /// column `i`: `Ok(None)` for an absent value, `Err` for a cell that
    /// cannot be text at all.
    pub(super) fn parse_row<'r>(
        &self,
        mut cell: impl FnMut(usize) -> Result<Option<&'r str>, String>,
        out: &mut Vec<Value>,
        scratch: &mut Scratch,
    ) -> Result<(), Reject> {
        self.parse_cells(|i| cell(i).map(|text| text.map(Cell::Text)), out, scratch)
    }

    /// Like [`Plan::parse_row`], for sources whose cells may be typed (a
    /// spreadsheet's date cells).
    pub(super) fn parse_cells<'r>(
        &self,
        mut cell: impl FnMut(usize) -> Result<Option<Cell<'r>>, String>,
        out: &mut Vec<Value>,
        scratch: &mut Scratch,
    ) -> Result<(), Reject> {
        // Each cell is parsed over the last row's value in its place (see
        // `parse_into`): a none pushed for each cell was built on the stack
        // and read back whole to be copied into the row, a stall per cell.
        // A rejected row leaves its later cells as they were; it is not used.
        let columns = self.dataset.columns.len();
        if out.len() != columns {
            out.clear();
            out.resize(columns, Value::None);
        }
        let cells = self.dataset.columns.iter().zip(&self.parsers).zip(out.iter_mut());
        for (i, ((column, parser), slot)) in cells.enumerate() {
            let reject = |reason| Reject { column: Some(i), reason };
            match cell(i).map_err(reject)? {
                Some(Cell::Text(text)) if !self.is_missing(text) => {
                    // A text not needed is checked by now: valid UTF-8 (else
                    // `cell` said why) and not blank. It is left out (none).
                    if matches!(parser, CellParser::Text) && !self.needed[i] {
                        *slot = Value::None;
                        continue;
                    }
                    parser.parse_into(text, i, self.needed[i], scratch, slot).map_err(reject)?;
                    if let Some(range) = &column.range {
                        cell::within(slot, range, text).map_err(reject)?;
                    }
                }
                Some(Cell::Local(local)) => {
                    parser.parse_local_into(local, i, self.needed[i], scratch, slot).map_err(reject)?;
                }
                _ if column.optional => *slot = Value::None,
                _ => return Err(reject(format!("empty value in required column `{}`", column.source))),
            }
        }
        Ok(())
    }

    /// Whether a cell means none: blank, or a `missing` marker.
    fn is_missing(&self, text: &str) -> bool {
        let text = trim(text);
        text.is_empty() || self.missing.contains(&text)
    }
}

/// `text.trim()`, without a look at the characters when the first and the
/// last are visible ASCII (as nearly every cell's are).
fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

fn compile<'d>(dataset: &Dataset, column: &'d DatasetColumn) -> Result<CellParser<'d>, LoadError> {
    let items = |pattern: &'d str| {
        StrftimeItems::new(pattern).parse().map_err(|_| LoadError::InvalidFormat {
            dataset: dataset.name.clone(),
            column: column.name.clone(),
            format: pattern.to_string(),
        })
    };
    Ok(match &column.kind {
        ColumnKind::Text => CellParser::Text,
        ColumnKind::TextIn(allowed) => CellParser::TextIn(allowed.iter().map(|a| SmolStr::from(a.as_str())).collect()),
        ColumnKind::Number => CellParser::Number,
        ColumnKind::Count => CellParser::Count,
        ColumnKind::Percent => CellParser::Percent,
        ColumnKind::Bool => CellParser::Bool,
        ColumnKind::Date { format } => {
            let pattern = format.as_deref().unwrap_or(DEFAULT_DATE_FORMAT);
            let items = items(pattern)?;
            let fast = FastFormat::new(&items, false);
            CellParser::Date { items, pattern, fast }
        }
        ColumnKind::Timestamp { format: None } => CellParser::Timestamp,
        ColumnKind::Timestamp { format: Some(pattern) } => {
            let items = items(pattern)?;
            let fast = FastFormat::new(&items, true);
            CellParser::TimestampIn { items, pattern, fast }
        }
        ColumnKind::Duration { unit } => CellParser::Duration(*unit),
    })
}

impl CellParser<'_> {
    /// Parses cell `column`, which is not blank, into `slot`, where the row
    /// keeps it. Text is kept as is; other types ignore surrounding
    /// whitespace. A text cell that is not `needed` is checked but not kept.
    ///
    /// The value is written in place rather than returned: returned through
    /// memory, it was written a field at a time and read back whole to be
    /// moved into the row: a store-forwarding stall on every cell
    /// (`bench/changes.md`).
    fn parse_into(
        &self,
        text: &str,
        column: usize,
        needed: bool,
        scratch: &mut Scratch,
        slot: &mut Value,
    ) -> Result<(), String> {
        let trimmed = trim(text);
        *slot = match self {
            CellParser::Text if !needed => Value::None,
            CellParser::Text => Value::Text(scratch.texts[column].text(text)),
            CellParser::TextIn(_) => {
                let value = cell::text_in(text, &scratch.allowed[column])?;
                if needed {
                    value
                } else {
                    Value::None
                }
            }
            // Numeric cells are written into the slot by their parsers (see `cell::number`).
            CellParser::Number => return numeric(trimmed, scratch, slot, cell::number),
            CellParser::Count => return numeric(trimmed, scratch, slot, cell::count),
            CellParser::Percent => return numeric(trimmed, scratch, slot, cell::percent),
            CellParser::Bool => cell::boolean(trimmed)?,
            CellParser::Date { items, pattern, fast } => match fast.as_ref().and_then(|f| f.date(trimmed)) {
                Some(date) => Value::Date(date),
                None => Value::Date(time::date(trimmed, items, pattern)?),
            },
            CellParser::Timestamp => Value::Timestamp(time::timestamp(trimmed, scratch.zone.tz())?),
            CellParser::TimestampIn { items, pattern, fast } => {
                // Written into the slot where read at once (see `FastFormat::instant`).
                match fast.as_ref().and_then(|f| f.instant(trimmed, &mut scratch.zone, slot)) {
                    Some(placed) => return placed,
                    None => Value::Timestamp(time::timestamp_in(trimmed, items, pattern, scratch.zone.tz())?),
                }
            }
            CellParser::Duration(unit) => {
                let duration = |text: &str, slot: &mut Value| {
                    *slot = Value::Duration(duration::duration(text, *unit)?);
                    Ok(())
                };
                return numeric(trimmed, scratch, slot, duration);
            }
        };
        Ok(())
    }
}

impl CellParser<'_> {
    /// Parses a local date-time cell `column` into `slot`.
    fn parse_local_into(
        &self,
        local: NaiveDateTime,
        column: usize,
        needed: bool,
        scratch: &mut Scratch,
        slot: &mut Value,
    ) -> Result<(), String> {
        *slot = match self {
            CellParser::Date { .. } => Value::Date(local.date()),
            CellParser::Timestamp | CellParser::TimestampIn { .. } => Value::Timestamp(scratch.zone.localize(local)?),
            _ => {
                let text = local.format("%Y-%m-%dT%H:%M:%S%.f").to_string();
                return self.parse_into(&text, column, needed, scratch, slot);
            }
        };
        Ok(())
    }
}

/// Parses a numeric cell into `slot` with `parse`, after reading its
/// decimal mark as the dataset says (§5 v2): with `decimal ","` a comma is
/// the mark and a point (a grouping separator, or the other mark) rejects
/// the row; without it, a number with one comma is refused with a
/// suggestion.
fn numeric(
    text: &str,
    scratch: &mut Scratch,
    slot: &mut Value,
    parse: impl Fn(&str, &mut Value) -> Result<(), String>,
) -> Result<(), String> {
    let marks = scratch.marks;
    if !marks.comma {
        return parse(text, slot).map_err(|why| {
            let one_comma = text.bytes().filter(|&b| b == b',').count() == 1 && !text.contains('.');
            if one_comma && marks.suggest_comma {
                format!("{why}; if the file writes decimal commas (`99,5`), add `decimal \",\"` to the dataset")
            } else {
                why
            }
        });
    }
    if text.contains('.') {
        return Err(format!(
            "{} holds a `.`, but the dataset says `decimal \",\"` (grouping separators are not accepted)",
            cell::shown(text)
        ));
    }
    if !text.contains(',') {
        return parse(text, slot);
    }
    scratch.numeral.clear();
    scratch.numeral.extend(text.chars().map(|c| if c == ',' { '.' } else { c }));
    // On failure, the reason as the cell is written (a comma never reads as a number).
    parse(&scratch.numeral, slot)
        .map_err(|_| parse(text, slot).err().unwrap_or_else(|| format!("{} is not a number", cell::shown(text))))
}

/// The error for loading a dataset that lives in a SQL table.
pub(super) fn in_table(dataset: &Dataset) -> LoadError {
    LoadError::InTable { dataset: dataset.name.clone(), table: dataset.path.clone() }
}
