//! `xla-csv2xlsx`: writes CSV files as one sheet of an Excel workbook, with
//! the cells typed as Excel would type them on import — numbers, dates and
//! date-times as such, the rest as text in a shared-strings table, as
//! Excel saves it — for the sample sources and the
//! benchmark. Usage: `xla-csv2xlsx OUT.xlsx SHEET IN.csv...`; the header is
//! the first file's first line, and the other files' first lines are
//! skipped. Fields may be quoted (RFC 4180) but not span lines.

use chrono::{NaiveDate, NaiveDateTime};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use xla_gen::xlsx::{self, Cell, Sheet};

/// Local date-time layouts read as date-time cells.
const DATE_TIMES: &[&str] =
    &["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"];

/// Date layouts read as date cells.
const DATES: &[&str] = &["%Y-%m-%d", "%d/%m/%Y"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, sheet, inputs @ ..] = args.as_slice() else {
        eprintln!("usage: xla-csv2xlsx OUT.xlsx SHEET IN.csv...");
        return ExitCode::from(2);
    };
    match convert(out, sheet, inputs) {
        Ok(rows) => {
            println!("wrote {rows} rows to {out} (sheet {sheet})");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn convert(out: &str, name: &str, inputs: &[String]) -> std::io::Result<u64> {
    let mut sheet = Sheet::shared(name);
    let mut rows = 0;
    for (n, input) in inputs.iter().enumerate() {
        let text = fs::read_to_string(input)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        for (i, line) in text.lines().enumerate() {
            if i == 0 && n > 0 || line.is_empty() {
                continue;
            }
            let fields = split(line);
            let cells: Vec<Cell> = if i == 0 {
                fields.into_iter().map(Cell::Text).collect()
            } else {
                fields.into_iter().map(typed).collect()
            };
            sheet.row(&cells);
            rows += u64::from(i > 0);
        }
    }
    let mut file = BufWriter::new(File::create(out)?);
    xlsx::write(&mut file, vec![sheet])?;
    file.flush()?;
    Ok(rows)
}

/// The cell Excel makes of `text`.
fn typed(text: String) -> Cell {
    if text.is_empty() {
        return Cell::Empty;
    }
    let leading_zero = text.len() > 1 && text.starts_with('0') && !text.starts_with("0.");
    let numeric =
        text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') && text.bytes().any(|b| b.is_ascii_digit());
    if numeric && !leading_zero {
        if let Ok(n) = text.parse::<f64>() {
            return Cell::Number(n);
        }
    }
    if let Some(local) = DATE_TIMES.iter().find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok()) {
        return Cell::DateTime(local);
    }
    if let Some(date) = DATES.iter().find_map(|f| NaiveDate::parse_from_str(&text, f).ok()) {
        return Cell::Date(date);
    }
    Cell::Text(text)
}

/// The fields of one CSV line.
fn split(line: &str) -> Vec<String> {
    let (mut fields, mut field) = (Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if field.is_empty() => quoted = true,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}
