//! A dataset's columns compiled for loading, and the parsing of one row.

use super::{cell, duration, time, LoadError};
use crate::ir::{ColumnKind, Dataset, DatasetColumn, DurationUnit};
use crate::value::Value;
use chrono::format::{Item, StrftimeItems};
use chrono_tz::Tz;
use std::sync::Arc;

/// The date format when a `date` column has none.
const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// How the cells of one column are parsed.
enum CellParser<'d> {
    Text,
    TextIn(Vec<Arc<str>>),
    Number,
    Count,
    Percent,
    Bool,
    Date { items: Vec<Item<'d>>, pattern: &'d str },
    Timestamp,
    TimestampIn { items: Vec<Item<'d>>, pattern: &'d str },
    Duration(DurationUnit),
}

/// Why a row was rejected.
pub(super) struct Reject {
    /// The index of the column at fault, if one is.
    pub column: Option<usize>,
    /// Why.
    pub reason: String,
}

/// The compiled dataset.
pub(super) struct Plan<'d> {
    dataset: &'d Dataset,
    parsers: Vec<CellParser<'d>>,
    missing: Vec<&'d str>,
}

impl<'d> Plan<'d> {
    /// Compiles the columns' formats once for all rows.
    pub(super) fn new(dataset: &'d Dataset) -> Result<Self, LoadError> {
        let parsers = dataset.columns.iter().map(|c| compile(dataset, c)).collect::<Result<_, _>>()?;
        let missing = dataset.missing.iter().map(|m| m.trim()).collect();
        Ok(Plan { dataset, parsers, missing })
    }

    /// The dataset.
    pub(super) fn dataset(&self) -> &'d Dataset {
        self.dataset
    }

    /// The source name of column `index`.
    pub(super) fn source(&self, index: usize) -> &'d str {
        &self.dataset.columns[index].source
    }

    /// Parses a row into `out` (cleared first). `cell(i)` gives the text of
    /// column `i`: `Ok(None)` for an absent value, `Err` for a cell that
    /// cannot be text at all.
    pub(super) fn parse_row<'r>(
        &self,
        mut cell: impl FnMut(usize) -> Result<Option<&'r str>, String>,
        out: &mut Vec<Value>,
    ) -> Result<(), Reject> {
        out.clear();
        let tz = self.dataset.timezone;
        for (i, (column, parser)) in self.dataset.columns.iter().zip(&self.parsers).enumerate() {
            let reject = |reason| Reject { column: Some(i), reason };
            let text = cell(i).map_err(reject)?.filter(|t| !self.is_missing(t));
            let value = match text {
                Some(text) => parser.parse(text, tz).map_err(reject)?,
                None if column.optional => Value::None,
                None => return Err(reject(format!("empty value in required column `{}`", column.source))),
            };
            out.push(value);
        }
        Ok(())
    }

    /// Whether a cell means none: blank, or a `missing` marker.
    fn is_missing(&self, text: &str) -> bool {
        let text = text.trim();
        text.is_empty() || self.missing.contains(&text)
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
        ColumnKind::TextIn(allowed) => CellParser::TextIn(allowed.iter().map(|a| Arc::from(a.as_str())).collect()),
        ColumnKind::Number => CellParser::Number,
        ColumnKind::Count => CellParser::Count,
        ColumnKind::Percent => CellParser::Percent,
        ColumnKind::Bool => CellParser::Bool,
        ColumnKind::Date { format } => {
            let pattern = format.as_deref().unwrap_or(DEFAULT_DATE_FORMAT);
            CellParser::Date { items: items(pattern)?, pattern }
        }
        ColumnKind::Timestamp { format: None } => CellParser::Timestamp,
        ColumnKind::Timestamp { format: Some(pattern) } => CellParser::TimestampIn { items: items(pattern)?, pattern },
        ColumnKind::Duration { unit } => CellParser::Duration(*unit),
    })
}

impl CellParser<'_> {
    /// Parses a cell that is not blank. Text is kept as is; other types
    /// ignore surrounding whitespace.
    fn parse(&self, text: &str, tz: Tz) -> Result<Value, String> {
        let trimmed = text.trim();
        match self {
            CellParser::Text => Ok(Value::Text(Arc::from(text))),
            CellParser::TextIn(allowed) => cell::text_in(text, allowed),
            CellParser::Number => cell::number(trimmed),
            CellParser::Count => cell::count(trimmed),
            CellParser::Percent => cell::percent(trimmed),
            CellParser::Bool => cell::boolean(trimmed),
            CellParser::Date { items, pattern } => time::date(trimmed, items, pattern).map(Value::Date),
            CellParser::Timestamp => time::timestamp(trimmed, tz).map(Value::Timestamp),
            CellParser::TimestampIn { items, pattern } => {
                time::timestamp_in(trimmed, items, pattern, tz).map(Value::Timestamp)
            }
            CellParser::Duration(unit) => duration::duration(trimmed, *unit).map(Value::Duration),
        }
    }
}
