//! Reading one sheet of an Excel workbook (`from xlsx`, §5 v2).
//!
//! The sheet is streamed cell by cell (`calamine`'s cell reader), one row
//! held at a time, so memory stays bounded whatever the number of rows
//! (the shared strings table is held whole, as Excel's format requires).
//! The header is the first non-empty row; `skip N rows` skips the next N
//! non-empty rows; empty rows are not rows. Rows are numbered as Excel
//! numbers them. Numbers are read through the shortest decimal text that
//! reads back as the stored double; date and date-time cells are local
//! date-times; duration cells (`[h]:mm`) are ISO 8601 durations, exact to
//! the millisecond Excel keeps; text cells are parsed as CSV cells.

use super::collect::Collector;
use super::files::SourceFile;
use super::plan::{Cell, Plan};
use super::LoadError;
use calamine::{open_workbook, DataRef, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufReader};

/// Excel's number of columns (A to XFD).
const MAX_COLUMNS: usize = 16_384;

/// One row's cells as read: by column, the text (or the error) of each.
#[derive(Default)]
struct Row {
    /// The Excel row number (1-based).
    number: u32,
    /// Per column: its cell's text, reused from row to row.
    texts: Vec<String>,
    /// Per column: what the cell holds.
    kinds: Vec<Kind>,
}

/// What a cell holds.
#[derive(Clone, Copy, Default, PartialEq)]
enum Kind {
    #[default]
    Empty,
    /// Its text is in `Row::texts`.
    Text,
    /// A date or date-time cell.
    Local(NaiveDateTime),
    /// A cell Excel could not compute (`#N/A`…), or a date Excel invents (1900-02-29).
    Error,
}

impl Row {
    fn clear(&mut self) {
        self.kinds.iter_mut().for_each(|k| *k = Kind::Empty);
    }

    fn is_empty(&self) -> bool {
        self.kinds.iter().all(|k| *k == Kind::Empty)
    }

    /// Sets column `column` from `data`; a cell beyond Excel's last column
    /// (which only a damaged or hostile file holds) is ignored.
    fn set(&mut self, column: usize, data: &DataRef<'_>) {
        if column >= MAX_COLUMNS {
            return;
        }
        if self.texts.len() <= column {
            self.texts.resize_with(column + 1, String::new);
            self.kinds.resize(column + 1, Kind::Empty);
        }
        let text = &mut self.texts[column];
        text.clear();
        let kind = match data {
            DataRef::Empty => Kind::Empty,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                text.push_str(s);
                Kind::Text
            }
            DataRef::SharedString(s) => {
                text.push_str(s);
                Kind::Text
            }
            DataRef::Int(i) => {
                let _ = write!(text, "{i}");
                Kind::Text
            }
            // Rust prints the shortest decimal that reads back as the same double.
            DataRef::Float(f) => {
                let _ = write!(text, "{f}");
                Kind::Text
            }
            DataRef::Bool(b) => {
                text.push_str(if *b { "true" } else { "false" });
                Kind::Text
            }
            DataRef::DateTime(dt) if dt.is_duration() => {
                let millis = (dt.as_f64() * 86_400_000.0).round();
                let _ = write!(text, "PT{}S", Decimal::new(millis as i64, 3).normalize());
                Kind::Text
            }
            DataRef::DateTime(dt) => {
                let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
                let local = NaiveDate::from_ymd_opt(i32::from(y), u32::from(mo), u32::from(d))
                    .and_then(|date| date.and_hms_milli_opt(u32::from(h), u32::from(mi), u32::from(s), u32::from(ms)));
                match local {
                    Some(local) => Kind::Local(local),
                    None => {
                        let _ = write!(text, "{y:04}-{mo:02}-{d:02} is not a real date");
                        Kind::Error
                    }
                }
            }
            DataRef::Error(e) => {
                let _ = write!(text, "the cell holds the Excel error {e}");
                Kind::Error
            }
        };
        self.kinds[column] = kind;
    }

    /// The cell of `column`, for the plan.
    fn cell(&self, column: usize) -> Result<Option<Cell<'_>>, String> {
        match self.kinds.get(column).copied().unwrap_or_default() {
            Kind::Empty => Ok(None),
            Kind::Text => Ok(Some(Cell::Text(&self.texts[column]))),
            Kind::Local(local) => Ok(Some(Cell::Local(local))),
            Kind::Error => Err(self.texts[column].clone()),
        }
    }

    /// The text of `column` as a header name (trimmed).
    fn name(&self, column: usize) -> String {
        match self.kinds[column] {
            Kind::Local(local) => local.to_string(),
            Kind::Empty => String::new(),
            Kind::Text | Kind::Error => self.texts[column].trim().to_string(),
        }
    }
}

/// Reads `file` (number `index`) into `out`; returns its SHA-256.
pub(super) fn read(
    file: &SourceFile,
    index: usize,
    plan: &Plan<'_>,
    out: &mut Collector<'_>,
) -> Result<String, LoadError> {
    let dataset = plan.dataset();
    let (sha256, bytes) = hash(file)?;
    let workbook_error =
        |message: String| LoadError::Workbook { dataset: dataset.name.clone(), file: file.name.clone(), message };
    let mut workbook: Xlsx<BufReader<File>> =
        open_workbook(&file.path).map_err(|e: calamine::XlsxError| workbook_error(e.to_string()))?;
    let names = workbook.sheet_names();
    let sheet = match &dataset.sheet {
        Some(wanted) if names.contains(wanted) => wanted.clone(),
        None if !names.is_empty() => names[0].clone(),
        wanted => {
            return Err(LoadError::NoSheet {
                dataset: dataset.name.clone(),
                file: file.name.clone(),
                sheet: wanted.as_deref().map(Box::from),
                sheets: names,
            })
        }
    };
    out.sheet(index, &sheet);
    let cells = workbook.worksheet_cells_reader(&sheet).map_err(|e| workbook_error(e.to_string()))?;
    let mut rows = Rows { cells, pending: None, done: false };
    let mut next = |row: &mut Row| rows.next(row).map_err(&workbook_error);

    let mut row = Row::default();
    let mut started = false;
    while next(&mut row)? {
        if !row.is_empty() {
            started = true;
            break;
        }
    }
    if !started {
        return Err(LoadError::MissingHeader {
            dataset: dataset.name.clone(),
            file: format!("{} (sheet {sheet})", file.name),
        });
    }
    let header: Vec<String> = (0..row.kinds.len()).map(|c| row.name(c)).collect();
    let positions = super::csv_file::column_positions(file, plan, &header)?;
    let mut skipped = 0;
    while skipped < dataset.skip_rows && next(&mut row)? {
        skipped += u32::from(!row.is_empty());
    }
    let mut scratch = plan.scratch();
    let mut values = Vec::with_capacity(positions.len());
    while next(&mut row)? {
        if row.is_empty() {
            continue;
        }
        out.read(index, 1, 1);
        match plan.parse_cells(|i| row.cell(positions[i]), &mut values, &mut scratch) {
            Ok(()) => out.accept(index, &mut values),
            Err(r) => out.reject(index, u64::from(row.number), 1, r.column.map(|c| plan.source(c)), r.reason),
        }
    }
    out.end_file(bytes);
    Ok(sha256)
}

/// The rows of one sheet, read cell by cell.
struct Rows<'a> {
    cells: calamine::XlsxCellReader<'a, BufReader<File>>,
    /// The first cell of the next row, read to see that the row before had ended.
    pending: Option<calamine::Cell<DataRef<'a>>>,
    /// Whether the last cell has been read (the reader must not be asked again).
    done: bool,
}

impl<'a> Rows<'a> {
    /// The next cell, none at the end of the sheet.
    fn cell(&mut self) -> Result<Option<calamine::Cell<DataRef<'a>>>, String> {
        if self.done {
            return Ok(None);
        }
        let cell = self.cells.next_cell().map_err(|e| e.to_string())?;
        self.done = cell.is_none();
        Ok(cell)
    }

    /// Reads the next row that has cells into `row`; false at the end of the sheet.
    fn next(&mut self, row: &mut Row) -> Result<bool, String> {
        row.clear();
        let first = match self.pending.take() {
            Some(cell) => cell,
            None => match self.cell()? {
                Some(cell) => cell,
                None => return Ok(false),
            },
        };
        let (number, column) = first.get_position();
        row.number = number.saturating_add(1);
        row.set(column as usize, first.get_value());
        loop {
            match self.cell()? {
                None => return Ok(true),
                Some(cell) if cell.get_position().0 == number => {
                    row.set(cell.get_position().1 as usize, cell.get_value())
                }
                Some(cell) => {
                    self.pending = Some(cell);
                    return Ok(true);
                }
            }
        }
    }
}

/// The SHA-256 of `file`'s bytes, and their number.
fn hash(file: &SourceFile) -> Result<(String, u64), LoadError> {
    let mut sha = Sha256::new();
    let bytes =
        File::open(&file.path).and_then(|mut reader| io::copy(&mut reader, &mut sha)).map_err(|e| file.io_error(e))?;
    Ok((format!("{:x}", sha.finalize()), bytes))
}
