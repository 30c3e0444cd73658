//! Where a dataset's rows come from in the script: a table the engine
//! holds, or CSV files the engine reads with its own reader (DuckDB's
//! `read_csv`, Spark's CSV source). PostgreSQL has no reader for files the
//! server does not own, and no engine reads JSON Lines or xlsx the way the
//! local loader does, so those are compile errors that say what to do.
//!
//! An engine's reader reads a CSV file as xla's loader does only within
//! limits, and the script stays within them: every file the loader would
//! read, listed by xla (never the engine's own globbing); RFC 4180 quoting;
//! UTF-8; the header row first; every column as text. Options that would
//! make the two read differently are refused (XLA0505) rather than
//! approximated:
//! - `multiline` must be declared, because both engines read a quoted line
//!   break inside a record, which the loader rejects unless the dataset
//!   says `multiline`;
//! - `decimal ","`, `skip N` and a `format` on a column are read by the
//!   loader only;
//! - only UTF-8 files (the engines read Windows-1252 and UTF-16 differently,
//!   or not at all).
//!
//! A record whose number of fields differs from the header's is rejected by
//! the loader and stops the engine's reader (DuckDB in strict mode, Spark
//! in `FAILFAST` mode): the script fails with the engine's message, never
//! with other figures.

use super::{Dialect, SqlError};
use crate::diagnostic::Code;
use crate::ir::{ColumnKind, DataFormat, Dataset, TextEncoding};
use std::path::Path;

/// How the script reads one dataset's rows: the relations that hold them
/// (a table, or one per file), each read by column name so that files
/// whose columns are in another order line up.
pub struct Source {
    /// What the query selects from: a table, or one reader per file.
    pub relations: Vec<String>,
    /// Statements to run before the query (Spark: the temporary view over
    /// each file, `CREATE TEMPORARY VIEW … USING csv`).
    pub statements: Vec<String>,
}

/// How the rows of `dataset` (number `id`) are read in dialect `d`; file
/// paths are `data_dir` joined with each file's name, as `xla settle`
/// would read them.
pub fn of(d: Dialect, dataset: &Dataset, id: usize, data_dir: Option<&Path>) -> Result<Source, SqlError> {
    match dataset.format {
        DataFormat::Table => return Ok(Source { relations: vec![d.table(&dataset.path)], statements: Vec::new() }),
        DataFormat::Csv if d != Dialect::Postgres => {}
        _ => return Err(no_reader(d, dataset)),
    }
    csv_options(dataset)?;
    let Some(data_dir) = data_dir else {
        return Err(SqlError {
            code: Code::SqlFileReader,
            message: format!(
                "dataset `{}` is read from files, and the script names them: pass the directory they are in",
                dataset.name
            ),
            help: "add `--data DIR` (the directory `xla settle --data` would read)".into(),
        });
    };
    let files = crate::data::dataset_files(dataset, data_dir).map_err(|e| SqlError {
        code: Code::SqlFileReader,
        message: format!("dataset `{}`: {e}", dataset.name),
        help: "`xla sql` lists the files as `xla settle` would; they must be there when the script is written".into(),
    })?;
    let paths: Vec<String> = files.iter().map(|(path, _)| path.to_string_lossy().into_owned()).collect();
    // Both readers expand wildcards in the path they are given: a file
    // named `tickets[1].csv` would be read as a pattern.
    if let Some(path) = paths.iter().find(|p| p.contains(['*', '?', '[', ']', '{', '}'])) {
        return Err(SqlError {
            code: Code::SqlFileReader,
            message: format!(
                "dataset `{}`: the file {path} has a wildcard character in its path, which {d} would read as a pattern",
                dataset.name
            ),
            help: format!(
                "rename the file or its directory, or leave the dataset to `xla settle` with `--local {}`",
                dataset.name
            ),
        });
    }
    let delimiter = char::from(dataset.csv.delimiter).to_string();
    let mut source = Source { relations: Vec::new(), statements: Vec::new() };
    for (f, path) in paths.iter().enumerate() {
        let (path, delimiter) = (d.string(path), d.string(&delimiter));
        match d {
            Dialect::DuckDb => source.relations.push(format!(
                "read_csv({path}, header = true, all_varchar = true, delim = {delimiter}, quote = '\"', \
                 escape = '\"', strict_mode = true, null_padding = false, encoding = 'utf-8')"
            )),
            Dialect::Spark => {
                let name = format!("xla_d{id}_file{f}");
                source.statements.push(format!(
                    "CREATE OR REPLACE TEMPORARY VIEW {name} USING csv OPTIONS (path {path}, header 'true', \
                     inferSchema 'false', sep {delimiter}, quote '\"', escape '\"', multiLine 'true', \
                     encoding 'UTF-8', mode 'FAILFAST')"
                ));
                source.relations.push(name);
            }
            Dialect::Postgres => return Err(no_reader(d, dataset)),
        }
    }
    Ok(source)
}

/// The error for a file dataset the dialect has no reader for.
fn no_reader(d: Dialect, dataset: &Dataset) -> SqlError {
    let what = dataset.format.describe();
    let help = match d {
        Dialect::Postgres => format!(
            "load the files into a table (`\\copy schema.table FROM 'file.csv' CSV HEADER`, every column \
             `text`) and declare the dataset `from table \"schema.table\"`, or leave it to `xla settle` \
             with `--local {}`",
            dataset.name
        ),
        _ => format!(
            "load the files into a table with the engine's own tools and declare the dataset `from table`, \
             export them as CSV (`from csv`), which {d} reads itself, or leave it to `xla settle` with \
             `--local {}`",
            dataset.name
        ),
    };
    SqlError {
        code: Code::SqlFileReader,
        message: format!(
            "dataset `{}` is read from {what} files, and {d} has no reader for them in `xla sql`",
            dataset.name
        ),
        help,
    }
}

/// Refuses the CSV options the engines' readers would read otherwise than
/// the loader.
fn csv_options(dataset: &Dataset) -> Result<(), SqlError> {
    let refuse = |what: String, fix: &str| {
        Err(SqlError {
            code: Code::SqlCsvOption,
            message: format!("dataset `{}`: {what}", dataset.name),
            help: format!("{fix}, or leave the dataset to `xla settle` with `--local {}`", dataset.name),
        })
    };
    let to_table = "load the files into a table and declare the dataset `from table`";
    if !dataset.csv.multiline {
        return refuse(
            "the engines' CSV readers accept a record that spans lines, which xla rejects unless the dataset \
             says `multiline`"
                .into(),
            "add `multiline` to the dataset (then xla and the engine read the same records)",
        );
    }
    if dataset.csv.decimal_comma {
        return refuse("`decimal \",\"` is read by xla's loader only".into(), to_table);
    }
    if dataset.skip_rows > 0 {
        return refuse(format!("`skip {}` is read by xla's loader only", dataset.skip_rows), to_table);
    }
    if dataset.csv.encoding != TextEncoding::Utf8 {
        return refuse(
            "the engines read only UTF-8 files as xla does".into(),
            "convert the files to UTF-8 (and drop `encoding`), or load them into a table",
        );
    }
    let formatted = dataset
        .columns
        .iter()
        .find(|c| matches!(&c.kind, ColumnKind::Date { format: Some(_) } | ColumnKind::Timestamp { format: Some(_) }));
    if let Some(column) = formatted {
        return refuse(
            format!("column `{}` has a `format`, which xla's loader reads and the script does not", column.name),
            "have the export write dates as YYYY-MM-DD and timestamps as RFC 3339 or YYYY-MM-DDTHH:MM:SS",
        );
    }
    Ok(())
}
