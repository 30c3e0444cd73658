//! What a load read, rejected and collapsed.

use rust_decimal::Decimal;
use std::fmt;

/// How many rejections a [`LoadReport`] keeps in full; the rest are only counted.
pub const REJECTIONS_KEPT: usize = 1000;

/// One file of a dataset, as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedFile {
    /// The path relative to the data directory, with forward slashes.
    pub path: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Data rows read (after the header and skipped rows; blank lines are
    /// not rows). A CSV record rejected for spanning several physical lines
    /// counts as one row per line.
    pub rows_read: u64,
    /// Physical lines of the rows read (CSV: a record spanning several
    /// lines counts each; JSON Lines: one per row). It differs from
    /// `rows_read` only when a `multiline` dataset has records spanning lines.
    pub lines: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Accepted rows dropped by `unique by` because a later or greater row
    /// had the same key.
    pub rows_collapsed: u64,
}

/// Where a rejected row is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowLocation {
    /// The 1-based physical line a row of a text file starts on.
    Line(u64),
    /// A row of a workbook's sheet, numbered as Excel shows it.
    SheetRow {
        /// The sheet.
        sheet: String,
        /// The row number.
        row: u64,
    },
    /// A row an engine rejected (`xla settle --states`), by its key: an
    /// engine reports no lines.
    Key(String),
}

/// A row that could not be loaded, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The file, relative to the data directory; for a row an engine
    /// rejected, the dataset's source as the states file names it
    /// (`table:schema.t`, `file:tickets.csv`).
    pub file: String,
    /// Where in it the row is.
    pub at: RowLocation,
    /// The source column at fault, if the fault is in one cell.
    pub column: Option<String>,
    /// Why the row was rejected.
    pub reason: String,
}

impl Rejection {
    /// The physical line (text files) or row number (workbooks) of the row;
    /// none for a row an engine rejected.
    pub fn line(&self) -> Option<u64> {
        match self.at {
            RowLocation::Line(line) | RowLocation::SheetRow { row: line, .. } => Some(line),
            RowLocation::Key(_) => None,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            RowLocation::Line(line) => write!(f, "{}:{line}: ", self.file)?,
            RowLocation::SheetRow { sheet, row } => write!(f, "{}, sheet `{sheet}`, row {row}: ", self.file)?,
            RowLocation::Key(key) => write!(f, "{}, row with key `{key}`: ", self.file)?,
        }
        if let Some(column) = &self.column {
            write!(f, "column `{column}`: ")?;
        }
        f.write_str(&self.reason)
    }
}

/// The outcome of loading a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadReport {
    /// The files read, in the order they were read.
    pub files: Vec<LoadedFile>,
    /// The first [`REJECTIONS_KEPT`] rejected rows, in the order read.
    pub rejections: Vec<Rejection>,
    /// All rejected rows.
    pub rejected_total: u64,
    /// All rows read, accepted or not.
    pub rows_read: u64,
}

impl LoadReport {
    /// Whether the rejected rows are more than `percent` of the rows read
    /// (`reject up to`; 0% allows none).
    pub fn rejects_exceed(&self, percent: Decimal) -> bool {
        let rejected = Decimal::from(self.rejected_total) * Decimal::ONE_HUNDRED;
        match percent.checked_mul(Decimal::from(self.rows_read)) {
            Some(allowed) => rejected > allowed,
            // Only a limit far above 100% overflows, and it allows everything.
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(rejected: u64, read: u64) -> LoadReport {
        LoadReport { files: Vec::new(), rejections: Vec::new(), rejected_total: rejected, rows_read: read }
    }

    #[test]
    fn limit_is_a_share_of_rows_read() {
        assert!(!report(0, 0).rejects_exceed(Decimal::ZERO));
        assert!(report(1, 1000).rejects_exceed(Decimal::ZERO));
        assert!(!report(5, 100).rejects_exceed(Decimal::from(5)));
        assert!(report(6, 100).rejects_exceed(Decimal::from(5)));
        assert!(!report(1, 200).rejects_exceed(Decimal::new(5, 1)));
        assert!(report(2, 200).rejects_exceed(Decimal::new(4, 1)));
        assert!(!report(u64::MAX, u64::MAX).rejects_exceed(Decimal::MAX));
    }

    #[test]
    fn rejection_names_file_line_and_column() {
        let r = Rejection {
            file: "t.csv".into(),
            at: RowLocation::Line(4),
            column: Some("Priority".into()),
            reason: "bad".into(),
        };
        assert_eq!(r.to_string(), "t.csv:4: column `Priority`: bad");
        let r = Rejection { at: RowLocation::SheetRow { sheet: "Incidents".into(), row: 4 }, ..r };
        assert_eq!(r.to_string(), "t.csv, sheet `Incidents`, row 4: column `Priority`: bad");
        let r = Rejection { file: "table:itsm.incidents".into(), at: RowLocation::Key("INC0042".into()), ..r };
        assert_eq!(r.to_string(), "table:itsm.incidents, row with key `INC0042`: column `Priority`: bad");
        assert_eq!(r.line(), None);
    }
}
