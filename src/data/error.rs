//! Why a dataset could not be loaded.

use super::Rejection;
use crate::value::{canonical, div_round};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

/// How many rejections the message of [`LoadError::TooManyRejected`] lists.
const REJECTIONS_SHOWN: usize = 10;

/// A load that failed; the caller writes nothing.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The dataset's path or glob matches no file.
    #[error("dataset `{dataset}`: no file matches `{pattern}` in {}", data_dir.display())]
    NoFiles {
        /// The dataset.
        dataset: String,
        /// Its path or glob.
        pattern: String,
        /// The data directory it was expanded in.
        data_dir: PathBuf,
    },
    /// The dataset's path or glob is absolute or climbs out of the data
    /// directory (LANGUAGE.md §5 v2).
    #[error("dataset `{dataset}`: the path `{pattern}` {reason}")]
    OutsideData {
        /// The dataset.
        dataset: String,
        /// Its path or glob.
        pattern: String,
        /// How it leaves the data directory.
        reason: String,
    },
    /// The glob matched something that is not a regular file.
    #[error("dataset `{dataset}`: {file} is {kind}, not a regular file; only regular files are read")]
    NotRegular {
        /// The dataset.
        dataset: String,
        /// The match, relative to the data directory.
        file: String,
        /// What it is instead.
        kind: &'static str,
    },
    /// The dataset's path is not a valid glob.
    #[error("dataset `{dataset}`: `{pattern}` is not a valid glob: {message}")]
    InvalidPattern {
        /// The dataset.
        dataset: String,
        /// Its path or glob.
        pattern: String,
        /// What is wrong with it.
        message: String,
    },
    /// A column's strftime `format` cannot be used.
    #[error("dataset `{dataset}`: column `{column}` has an invalid format \"{format}\"")]
    InvalidFormat {
        /// The dataset.
        dataset: String,
        /// The column's name.
        column: String,
        /// The format.
        format: String,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file (or directory) that failed.
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A CSV file has no header row.
    #[error("dataset `{dataset}`: {file} has no header row")]
    MissingHeader {
        /// The dataset.
        dataset: String,
        /// The file, relative to the data directory.
        file: String,
    },
    /// A column named in the dataset is not in a file's header.
    #[error("dataset `{dataset}`: {file} has no column `{column}`{}{}", closest(column.trim(), header), header_hint(header))]
    MissingColumn {
        /// The dataset.
        dataset: String,
        /// The file, relative to the data directory.
        file: String,
        /// The source column that is missing.
        column: String,
        /// The header's column names (the closest to `column` is suggested).
        header: Vec<String>,
    },
    /// A workbook that cannot be opened or read as `.xlsx`.
    #[error("dataset `{dataset}`: cannot read {file} as an Excel workbook: {message}")]
    Workbook {
        /// The dataset.
        dataset: String,
        /// The file, relative to the data directory.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// A workbook without the sheet the dataset names (or without any sheet).
    #[error("dataset `{dataset}`: {file} has no sheet{}; its sheets are {}", sheet.as_ref().map_or_else(String::new, |s| format!(" `{s}`{}", closest(s, sheets))), quoted(sheets))]
    NoSheet {
        /// The dataset.
        dataset: String,
        /// The file, relative to the data directory.
        file: String,
        /// The sheet wanted (`sheet`), none for the first.
        sheet: Option<Box<str>>,
        /// The workbook's sheets (the closest to `sheet` is suggested).
        sheets: Vec<String>,
    },
    /// The dataset lives in a SQL table (`from table`, §5 v2): the engine
    /// reads it (`xla sql`), the local loader never does.
    #[error("dataset `{dataset}` lives in the SQL table `{table}`, which only `xla sql` reads, on its engine")]
    InTable {
        /// The dataset.
        dataset: String,
        /// The table's name.
        table: String,
    },
    /// More rows were rejected than `reject up to` allows.
    #[error(
        "dataset `{dataset}`: {rejected} of {read} rows rejected ({}), more than the {}% allowed by `reject up to`{}",
        share(*rejected, *read),
        canonical(*allowed),
        listing(*rejected, rejections)
    )]
    TooManyRejected {
        /// The dataset.
        dataset: String,
        /// Rows rejected.
        rejected: u64,
        /// Rows read.
        read: u64,
        /// The allowed share, in percent.
        allowed: Decimal,
        /// The first rejections (at most [`REJECTIONS_KEPT`](super::REJECTIONS_KEPT)).
        rejections: Vec<Rejection>,
    },
}

/// " (did you mean `NAME`?)" for the name of `names` closest to `wanted`, if one is close.
fn closest(wanted: &str, names: &[String]) -> String {
    crate::diagnostic::did_you_mean(wanted, names.iter().map(String::as_str))
        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

/// Names in backquotes, separated by commas; "none" for no names.
fn quoted(names: &[String]) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// How many header columns a missing-column error lists.
const HEADER_SHOWN: usize = 40;

/// The header's columns, and, when it is one column holding a likely
/// separator, the `delimiter` to add (§5).
fn header_hint(header: &[String]) -> String {
    let mut out = String::from("; its header has ");
    match header {
        [] => out.push_str("no columns"),
        [only] => {
            let _ = write!(out, "one column, `{only}`");
            let separator = [(';', ";"), ('\t', "\\t"), ('|', "|")].into_iter().find(|(c, _)| only.contains(*c));
            if let Some((_, written)) = separator {
                let _ = write!(
                    out,
                    ": the file looks separated by `{written}`, so add `delimiter \"{written}\"` to the dataset"
                );
            }
        }
        _ => {
            let shown: Vec<String> = header.iter().take(HEADER_SHOWN).map(|h| format!("`{h}`")).collect();
            let _ = write!(out, "{}", shown.join(", "));
            if header.len() > HEADER_SHOWN {
                let _ = write!(out, " and {} more", header.len() - HEADER_SHOWN);
            }
        }
    }
    out
}

/// `rejected / read` in percent, to two places.
fn share(rejected: u64, read: u64) -> String {
    let percent = div_round(Decimal::from(rejected) * Decimal::ONE_HUNDRED, Decimal::from(read));
    percent.map_or_else(|| "all".to_string(), |p| format!("{}%", canonical(p.round_dp(2))))
}

fn listing(rejected: u64, rejections: &[Rejection]) -> String {
    let mut out = String::new();
    for r in rejections.iter().take(REJECTIONS_SHOWN) {
        let _ = write!(out, "\n  {r}");
    }
    let shown = rejections.len().min(REJECTIONS_SHOWN) as u64;
    if rejected > shown {
        let _ = write!(out, "\n  … and {} more", rejected - shown);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_rejected_lists_the_first_rejections() {
        let rejections: Vec<Rejection> = (1..=12)
            .map(|line| Rejection {
                file: "t.csv".into(),
                at: super::super::RowLocation::Line(line),
                column: None,
                reason: "bad".into(),
            })
            .collect();
        let e = LoadError::TooManyRejected {
            dataset: "tickets".into(),
            rejected: 12,
            read: 36,
            allowed: Decimal::from(5),
            rejections,
        };
        let text = e.to_string();
        assert!(text.starts_with(
            "dataset `tickets`: 12 of 36 rows rejected (33.33%), more than the 5% allowed by `reject up to`\n  t.csv:1: bad"
        ));
        assert!(text.ends_with("t.csv:10: bad\n  … and 2 more"));
    }

    #[test]
    fn missing_column_suggests() {
        let e = LoadError::MissingColumn {
            dataset: "tickets".into(),
            file: "t.csv".into(),
            column: "Priorty".into(),
            header: vec!["Number".into(), "Priority".into()],
        };
        assert_eq!(
            e.to_string(),
            "dataset `tickets`: t.csv has no column `Priorty` (did you mean `Priority`?); its header has `Number`, `Priority`"
        );
    }

    #[test]
    fn a_one_column_header_holding_a_separator_suggests_delimiter() {
        let e = |header: &str| {
            LoadError::MissingColumn {
                dataset: "tickets".into(),
                file: "t.csv".into(),
                column: "Priority".into(),
                header: vec![header.into()],
            }
            .to_string()
        };
        assert!(e("Number;Priority").ends_with(
            "its header has one column, `Number;Priority`: the file looks separated by `;`, so add `delimiter \";\"` to the dataset"
        ));
        assert!(e("Number\tPriority").ends_with("so add `delimiter \"\\t\"` to the dataset"));
        assert!(e("Number|Priority").ends_with("so add `delimiter \"|\"` to the dataset"));
        assert!(e("Number").ends_with("its header has one column, `Number`"));
    }
}
