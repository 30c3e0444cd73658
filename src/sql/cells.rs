//! Reading one column of a row in SQL: the checks of LANGUAGE.md §5 on the
//! cell's text, the reason a bad cell rejects its row, and the typed value.
//!
//! Every source column is first cast to text by the engine (so a table's own
//! types only decide how its values are written), then read here under the
//! column's declared type. The forms accepted are those of the local loader
//! that an engine writes, within what `DECIMAL(38, 16)` and whole seconds
//! hold (`docs/warehouse.md` lists the differences); anything else rejects
//! the row with a reason, never a rounded value.
//!
//! Types in SQL: text as text; numbers, counts, percents and durations (in
//! seconds) as `DECIMAL(38, 16)`; bools as `BOOLEAN`; dates as day numbers
//! and timestamps as seconds since 1970-01-01 UTC (`BIGINT`).

use super::civil::{days_from_civil, is_date, is_time};
use super::dialect::DECIMAL;
use super::Dialect;
use crate::ir::{ColumnKind, DatasetColumn};

/// A plain decimal: sign, digits, optional fraction (no exponent).
const NUMBER: &str = "^[+-]?([0-9]+([.][0-9]+)?|[.][0-9]+)$";
/// A decimal `DECIMAL(38, 16)` holds exactly: at most 22 digits before the
/// point and 16 after it (trailing zeros aside): the 16 places of
/// xla's own divisions, and sums far beyond any ticket export.
const FITS: &str = "^[+-]?[0-9]{0,22}([.][0-9]{0,16}0*)?$";
/// An ISO 8601 duration in whole weeks, days, hours and minutes and
/// (possibly fractional) seconds.
const ISO_DURATION: &str =
    "^[Pp]([0-9]+[Ww])?([0-9]+[Dd])?([Tt]([0-9]+[Hh])?([0-9]+[Mm])?([0-9]+([.,][0-9]+)?[Ss])?)?$";
/// A date, `YYYY-MM-DD`.
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// A date-time with optional seconds and an optional offset.
const TIMESTAMP: &str =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2})?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$";
/// The same with a fraction of a second, which `xla sql` does not hold.
const FRACTIONAL_TIMESTAMP: &str =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]+([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$";
/// The offset at the end of a timestamp.
const OFFSET: &str = "([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$";

/// How the script reads one column.
pub struct ColumnSql {
    /// Why the row is rejected because of this cell (text), or null.
    pub reason: String,
    /// The typed value, read only where `reason` is null and the cell is not
    /// missing. For a timestamp: the wall-clock time as seconds since
    /// 1970-01-01 read as if UTC (the offset, if any, is `offset`).
    pub value: String,
    /// For a timestamp: the offset the text gives, in seconds, or null for
    /// a local time.
    pub offset: Option<String>,
}

/// The names of a column's text in the staging query: `raw` as the engine
/// wrote it, `text` trimmed, `missing` whether it means none.
pub struct CellNames<'a> {
    /// The text as written.
    pub raw: &'a str,
    /// The text without surrounding spaces.
    pub text: &'a str,
    /// Whether the cell is blank or a `missing` marker.
    pub missing: &'a str,
}

/// The SQL that reads `column` from the cell named by `cell`.
pub fn column(d: Dialect, column: &DatasetColumn, cell: &CellNames<'_>) -> ColumnSql {
    let s = cell.text;
    let shown = format!("'\"' || {s} || '\"'");
    let empty = if column.optional {
        "NULL".to_string()
    } else {
        d.string(&format!("empty value in required column `{}`", column.source))
    };
    let decimal = |text: &str| format!("CAST({text} AS {DECIMAL})");
    let range = |value: &str| {
        column.range.as_ref().map(|r| {
            let outside = format!("{value} < {} OR {value} > {}", r.low, r.high);
            let why = format!("{shown} || {}", d.string(&format!(" is outside the column's range {}", r.written)));
            (outside, why)
        })
    };
    let too_precise = format!(
        "{shown} || {}",
        d.string(" has more digits than DECIMAL(38, 16) holds (22 before the point, 16 after)")
    );
    // (condition that rejects, reason), in the order they are tested.
    let mut checks: Vec<(String, String)> = Vec::new();
    let mut offset = None;
    let value = match &column.kind {
        ColumnKind::Text => cell.raw.to_string(),
        ColumnKind::TextIn(allowed) => {
            let list = allowed.iter().map(|a| d.string(a)).collect::<Vec<_>>().join(", ");
            let names = allowed.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>().join(", ");
            checks.push((
                format!("{} NOT IN ({list})", cell.raw),
                format!("'\"' || {} || {}", cell.raw, d.string(&format!("\" is not one of {names}"))),
            ));
            cell.raw.to_string()
        }
        ColumnKind::Number | ColumnKind::Count => {
            let count = column.kind == ColumnKind::Count;
            let noun = if count { " is not a whole number ≥ 0" } else { " is not a number" };
            checks.push((format!("NOT {}", d.matches(s, NUMBER)), format!("{shown} || {}", d.string(noun))));
            checks.push((format!("NOT {}", d.matches(s, FITS)), too_precise));
            let value = decimal(s);
            if count {
                checks.push((
                    format!("{value} < 0 OR {value} <> FLOOR({value})"),
                    format!("{shown} || {}", d.string(noun)),
                ));
            }
            checks.extend(range(&value));
            value
        }
        ColumnKind::Percent => {
            let number = d.strip(s, "[ \t]*%$");
            checks.push((
                format!("NOT {}", d.matches(&number, NUMBER)),
                format!("{shown} || {}", d.string(" is not a percent")),
            ));
            checks.push((format!("NOT {}", d.matches(&number, FITS)), too_precise));
            let value = decimal(&number);
            checks.push((
                format!("{value} < 0 OR {value} > 100"),
                format!("{shown} || {}", d.string(" is outside 0–100%")),
            ));
            value
        }
        ColumnKind::Bool => {
            checks.push((
                format!("lower({s}) NOT IN ('true', 'false', 'yes', 'no', '1', '0')"),
                format!("{shown} || {}", d.string(" is not a bool (true/false, yes/no, 1/0)")),
            ));
            format!("(lower({s}) IN ('true', 'yes', '1'))")
        }
        ColumnKind::Duration { unit } => {
            let iso = d.matches(s, ISO_DURATION);
            let plain = d.matches(s, NUMBER);
            checks.push((
                format!("NOT ({iso} OR {plain})"),
                format!(
                    "{shown} || {}",
                    d.string(&format!(" is not a duration (a number of {} or ISO 8601 like PT1H30M)", unit.plural()))
                ),
            ));
            checks.push((format!("{s} IN ('P', 'p') OR {}", d.matches(s, "[Tt]$")), iso_empty(d, &shown)));
            checks.push((
                format!("({plain} AND NOT {}) OR {}", d.matches(s, FITS), d.matches(s, "[.,][0-9]{17,}[Ss]$")),
                too_precise,
            ));
            let value =
                format!("CASE WHEN {plain} THEN {} * {} ELSE {} END", decimal(s), unit.seconds(), iso_seconds(d, s));
            checks.push((format!("{value} < 0"), format!("{shown} || {}", d.string(" is a negative duration"))));
            checks.extend(range(&value));
            value
        }
        ColumnKind::Date { .. } => {
            let (y, m, day) = (part(s, 1, 4), part(s, 6, 2), part(s, 9, 2));
            let bad = format!("{shown} || {}", d.string(" is not a date (%Y-%m-%d)"));
            checks.push((format!("NOT {}", d.matches(s, DATE)), bad.clone()));
            checks.push((format!("NOT {}", is_date(&y, &m, &day)), bad));
            days_from_civil(d, &y, &m, &day)
        }
        ColumnKind::Timestamp { .. } => {
            let (y, m, day) = (part(s, 1, 4), part(s, 6, 2), part(s, 9, 2));
            let (hour, minute) = (part(s, 12, 2), part(s, 15, 2));
            let second = format!("CASE WHEN substr({s}, 17, 1) = ':' THEN {} ELSE 0 END", part(s, 18, 2));
            checks.push((
                d.matches(s, FRACTIONAL_TIMESTAMP),
                format!("{shown} || {}", d.string(" has a fraction of a second: xla sql counts whole seconds")),
            ));
            let bad = format!(
                "{shown} || {}",
                d.string(
                    " is not an RFC 3339 timestamp (2026-03-01T10:00:00Z) or a local date-time (2026-03-01T10:00)"
                )
            );
            checks.push((format!("NOT {}", d.matches(s, TIMESTAMP)), bad.clone()));
            checks.push((format!("NOT ({} AND {})", is_date(&y, &m, &day), is_time(&hour, &minute, &second)), bad));
            let zone = d.group(s, OFFSET, 1);
            offset = Some(format!(
                "CASE WHEN {zone} IS NULL OR {zone} = '' THEN NULL WHEN {zone} IN ('Z', 'z') THEN 0 \
                 ELSE (CASE WHEN substr({zone}, 1, 1) = '-' THEN -1 ELSE 1 END) * \
                 ({} * 3600 + CASE WHEN length({zone}) > 3 THEN {} ELSE 0 END * 60) END",
                int(&format!("substr({zone}, 2, 2)")),
                int(&format!("substr({zone}, length({zone}) - 1, 2)"))
            ));
            format!("({} * 86400 + {hour} * 3600 + {minute} * 60 + {second})", days_from_civil(d, &y, &m, &day))
        }
    };
    let mut reason = format!("CASE WHEN {} THEN {empty}", cell.missing);
    for (condition, why) in checks {
        reason.push_str(&format!(" WHEN {condition} THEN {why}"));
    }
    reason.push_str(" ELSE NULL END");
    ColumnSql { reason, value, offset }
}

/// `substr(text, from, len)` as a `BIGINT` (digits already checked).
fn part(text: &str, from: u32, len: u32) -> String {
    int(&format!("substr({text}, {from}, {len})"))
}

/// Digits as a `BIGINT`.
fn int(digits: &str) -> String {
    format!("CAST({digits} AS BIGINT)")
}

/// The reason for `P` or `…T` with nothing after it.
fn iso_empty(d: Dialect, shown: &str) -> String {
    format!("{shown} || {}", d.string(" is not an ISO 8601 duration: nothing after P or T"))
}

/// The seconds of an ISO 8601 duration that matched [`ISO_DURATION`].
fn iso_seconds(d: Dialect, s: &str) -> String {
    let component = |group: u32, designator: &str| {
        let g = d.group(s, ISO_DURATION, group);
        let digits = d.strip(&g, &format!("[{designator}]$"));
        format!("CASE WHEN {g} IS NULL OR {g} = '' THEN 0 ELSE CAST({digits} AS {DECIMAL}) END")
    };
    let seconds = {
        let g = d.group(s, ISO_DURATION, 6);
        let digits = format!("replace({}, ',', '.')", d.strip(&g, "[Ss]$"));
        format!("CASE WHEN {g} IS NULL OR {g} = '' THEN 0 ELSE CAST({digits} AS {DECIMAL}) END")
    };
    format!(
        "({} * 604800 + {} * 86400 + {} * 3600 + {} * 60 + {seconds})",
        component(1, "Ww"),
        component(2, "Dd"),
        component(4, "Hh"),
        component(5, "Mm")
    )
}
