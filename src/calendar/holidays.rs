//! Reading a holidays file (`holidays "file.toml"`, LANGUAGE.md §4).
//!
//! ```toml
//! [[holiday]]
//! date = 2026-12-25
//! name = "Christmas Day"
//! ```

use chrono::NaiveDate;
use toml::Value;

/// The name given to a holiday that has none.
const DEFAULT_NAME: &str = "holiday";

/// Why a holidays file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HolidaysError {
    /// The text is not TOML at all.
    #[error("the holidays file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// A top-level key other than `holiday`.
    #[error("unknown key `{0}` in the holidays file: it may only hold [[holiday]] entries")]
    UnknownKey(String),
    /// `holiday` is not a list of tables.
    #[error("`holiday` must be a list of entries, each starting with a [[holiday]] line")]
    NotAList,
    /// One entry is wrong.
    #[error("holiday entry {entry}: {problem}")]
    Entry {
        /// Which entry, counting from 1 in file order.
        entry: usize,
        /// What is wrong with it.
        problem: EntryProblem,
    },
}

/// What is wrong with one `[[holiday]]` entry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntryProblem {
    /// The entry is not a table (it holds the kind of value found).
    #[error("expected a table with `date` and `name`, found {0}")]
    NotATable(&'static str),
    /// A key other than `date` and `name`.
    #[error("unknown key `{0}` (an entry has only `date` and `name`)")]
    UnknownKey(String),
    /// No `date`.
    #[error("`date` is missing (write it as `date = 2026-12-25`)")]
    MissingDate,
    /// A `date` that is not a date.
    #[error("`date` must be a date such as 2026-12-25, found {0}")]
    BadDate(String),
    /// A `name` that is not a string.
    #[error("`name` must be a string in double quotes, found {0}")]
    BadName(String),
}

/// The holidays listed in a holidays file, in file order, each with its
/// name (`"holiday"` when it has none). `date` is a TOML local date
/// (`2026-12-25`) or a string holding one (`"2026-12-25"`). A file without
/// entries lists no holidays.
pub fn parse_holidays_toml(text: &str) -> Result<Vec<(NaiveDate, String)>, HolidaysError> {
    let table: toml::Table = text.parse()?;
    let mut holidays = Vec::new();
    for (key, value) in table {
        if key != "holiday" {
            return Err(HolidaysError::UnknownKey(key));
        }
        let Value::Array(entries) = value else {
            return Err(HolidaysError::NotAList);
        };
        for (index, entry) in entries.iter().enumerate() {
            let holiday = parse_entry(entry).map_err(|problem| HolidaysError::Entry { entry: index + 1, problem })?;
            holidays.push(holiday);
        }
    }
    Ok(holidays)
}

/// One `[[holiday]]` entry.
fn parse_entry(entry: &Value) -> Result<(NaiveDate, String), EntryProblem> {
    let Value::Table(fields) = entry else {
        return Err(EntryProblem::NotATable(kind(entry)));
    };
    if let Some(key) = fields.keys().find(|key| *key != "date" && *key != "name") {
        return Err(EntryProblem::UnknownKey(key.clone()));
    }
    let date = parse_date(fields.get("date").ok_or(EntryProblem::MissingDate)?)?;
    let name = match fields.get("name") {
        None => DEFAULT_NAME.to_string(),
        Some(Value::String(name)) if name.trim().is_empty() => DEFAULT_NAME.to_string(),
        Some(Value::String(name)) => name.clone(),
        Some(other) => return Err(EntryProblem::BadName(other.to_string())),
    };
    Ok((date, name))
}

/// The kind of a TOML value, with its article, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date or time",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

/// A `date` value: a TOML local date or a `YYYY-MM-DD` string.
fn parse_date(value: &Value) -> Result<NaiveDate, EntryProblem> {
    let date = match value {
        Value::Datetime(datetime) => match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
            }
            _ => None,
        },
        Value::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok(),
        _ => None,
    };
    date.ok_or_else(|| EntryProblem::BadDate(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn entries_are_read_in_file_order() {
        let text = r#"
            # England and Wales, end of 2026
            [[holiday]]
            date = 2026-12-25
            name = "Christmas Day"

            [[holiday]]
            date = "2026-12-28"
            name = "Boxing Day (substitute day)"

            [[holiday]]
            date = 2026-08-31

            [[holiday]]
            date = 2026-05-04
            name = ""
        "#;
        assert_eq!(
            parse_holidays_toml(text),
            Ok(vec![
                (date(2026, 12, 25), "Christmas Day".to_string()),
                (date(2026, 12, 28), "Boxing Day (substitute day)".to_string()),
                (date(2026, 8, 31), "holiday".to_string()),
                (date(2026, 5, 4), "holiday".to_string()),
            ])
        );
    }

    #[test]
    fn inline_tables_are_entries_too() {
        let text = r#"holiday = [{ date = 2026-01-01, name = "New Year's Day" }]"#;
        assert_eq!(parse_holidays_toml(text), Ok(vec![(date(2026, 1, 1), "New Year's Day".to_string())]));
    }

    #[test]
    fn a_file_without_entries_lists_no_holidays() {
        assert_eq!(parse_holidays_toml(""), Ok(vec![]));
        assert_eq!(parse_holidays_toml("# none agreed yet\n"), Ok(vec![]));
        assert_eq!(parse_holidays_toml("holiday = []"), Ok(vec![]));
    }

    /// The message of the error `text` fails with.
    fn error(text: &str) -> String {
        parse_holidays_toml(text).expect_err("invalid holidays file").to_string()
    }

    #[test]
    fn a_missing_date_names_the_entry() {
        let text = r#"
            [[holiday]]
            date = 2026-12-25
            [[holiday]]
            name = "Boxing Day"
        "#;
        assert_eq!(
            parse_holidays_toml(text),
            Err(HolidaysError::Entry { entry: 2, problem: EntryProblem::MissingDate })
        );
        assert_eq!(error(text), "holiday entry 2: `date` is missing (write it as `date = 2026-12-25`)");
    }

    #[test]
    fn an_unknown_key_names_the_entry_and_the_key() {
        let text = "[[holiday]]\ndate = 2026-12-25\nregion = \"england\"\n";
        assert_eq!(error(text), "holiday entry 1: unknown key `region` (an entry has only `date` and `name`)");
    }

    #[test]
    fn dates_must_be_dates() {
        assert_eq!(
            error("[[holiday]]\ndate = 2026-12-25T09:00:00\n"),
            "holiday entry 1: `date` must be a date such as 2026-12-25, found 2026-12-25T09:00:00"
        );
        assert_eq!(
            error("[[holiday]]\ndate = \"25/12/2026\"\n"),
            "holiday entry 1: `date` must be a date such as 2026-12-25, found \"25/12/2026\""
        );
        assert_eq!(
            error("[[holiday]]\ndate = \"2026-02-30\"\n"),
            "holiday entry 1: `date` must be a date such as 2026-12-25, found \"2026-02-30\""
        );
        assert_eq!(
            error("[[holiday]]\ndate = 20261225\n"),
            "holiday entry 1: `date` must be a date such as 2026-12-25, found 20261225"
        );
    }

    #[test]
    fn names_must_be_strings() {
        assert_eq!(
            error("[[holiday]]\ndate = 2026-12-25\nname = 25\n"),
            "holiday entry 1: `name` must be a string in double quotes, found 25"
        );
    }

    #[test]
    fn the_file_may_only_hold_holidays() {
        assert_eq!(
            error("country = \"England\"\n"),
            "unknown key `country` in the holidays file: it may only hold [[holiday]] entries"
        );
        assert_eq!(
            error("[holiday]\ndate = 2026-12-25\n"),
            "`holiday` must be a list of entries, each starting with a [[holiday]] line"
        );
        assert_eq!(
            error("holiday = [2026-12-25]\n"),
            "holiday entry 1: expected a table with `date` and `name`, found a date or time"
        );
    }

    #[test]
    fn broken_toml_is_reported_as_such() {
        let message = error("[[holiday]\ndate = 2026-12-25\n");
        assert!(message.starts_with("the holidays file is not valid TOML: "), "{message}");
        assert!(message.contains("line 1"), "{message}");
    }
}
