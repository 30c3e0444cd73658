//! SQL push-down (`xla sql`): the row-level work of a contract's datasets
//! (tables, and CSV files the engine reads itself) as one SQL script, whose result set is the per-month aggregate
//! states (the *states file*, `xla-states/1`) that `xla settle --states`
//! settles from.
//!
//! The stages, one file each: [`source`] says where a dataset's rows are
//! read from; [`cells`] reads a column's text under its
//! declared type; [`expr`] compiles `where`, `meeting` and values; [`time`]
//! builds the time-zone and calendar tables the script carries; [`dataset`]
//! chains a dataset's common table expressions (read, check, zone, place in
//! months); [`emit`] turns them into state records; [`states`] reads the
//! engine's result back into [`crate::eval`]'s accumulators. Money never
//! enters the engine: the settlement is finished by [`crate::settle`],
//! exactly as after a local evaluation.

mod cells;
mod civil;
mod dataset;
pub mod dialect;
mod emit;
mod expr;
mod source;
pub mod states;
mod tables;
pub mod time;

pub use dialect::Dialect;

use crate::diagnostic::Code;
use crate::eval::{Period, Term};
use crate::ir::Program;
use std::fmt;
use std::path::PathBuf;

/// What `xla sql` compiles, besides the contract.
#[derive(Clone, Debug)]
pub struct SqlOptions {
    /// The dialect to write.
    pub dialect: Dialect,
    /// The last month to compute states for.
    pub through: Period,
    /// The fingerprint of the contract's files, written into the states so
    /// that they cannot be settled against another version of it.
    pub contract_fingerprint: String,
    /// The directory file datasets' paths are relative to (`--data`), as
    /// for `xla settle`; none if not given.
    pub data_dir: Option<PathBuf>,
    /// File datasets left to the local evaluator (`--local NAME`): the
    /// script has no states for them, and `xla settle --states` reads
    /// their files itself.
    pub local: Vec<String>,
}

/// A construct `xla sql` cannot push down to the dialect, found at compile
/// time: the script is not written, so no figure can differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlError {
    /// The stable code (XLA05xx).
    pub code: Code,
    /// What cannot be pushed down, and where in the contract.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}]: {}\n  = help: {}", self.code, self.message, self.help)
    }
}

/// The script for `program`'s datasets but those `options.local` names:
/// one query whose result set is the states file. A table is read by name;
/// CSV files by the engine's own reader, listed from `options.data_dir`
/// now (see [`source`]).
pub fn compile(program: &Program, options: &SqlOptions) -> Result<String, Vec<SqlError>> {
    let term = Term::new(&program.contract, options.through);
    if program.datasets.is_empty() {
        return Err(vec![SqlError {
            code: Code::SqlNoTable,
            message: "the contract reads no data: there is nothing to push down".into(),
            help: "settle it with `xla settle`; `xla sql` compiles the row-level work of datasets".into(),
        }]);
    }
    let d = options.dialect;
    let mut errors = local_errors(program, &options.local);
    let mut ctes = tables::Tables::new(d, program, &term);
    let mut parts = vec![emit::header(d, options, &term)];
    let pushed = (0..program.datasets.len()).filter(|&id| !options.local.contains(&program.datasets[id].name));
    for id in pushed {
        match dataset::DatasetSql::new(d, program, &term, id, options.data_dir.as_deref()) {
            Ok(sql) => {
                let names = sql.ctes(&mut ctes);
                parts.extend(emit::records(d, program, &term, &sql, &names));
            }
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(emit::script(d, program, options, ctes.finish()?, &parts))
}

/// Names in `--local` that are not file datasets of `program`.
fn local_errors(program: &Program, local: &[String]) -> Vec<SqlError> {
    let mut errors = Vec::new();
    for name in local {
        match program.datasets.iter().find(|d| &d.name == name) {
            None => errors.push(SqlError {
                code: Code::SqlFileReader,
                message: format!("`--local {name}`: the contract has no dataset `{name}`"),
                help: format!(
                    "name one of its file datasets: {}",
                    program.datasets.iter().map(|d| format!("`{}`", d.name)).collect::<Vec<_>>().join(", ")
                ),
            }),
            Some(d) if d.format == crate::ir::DataFormat::Table => errors.push(SqlError {
                code: Code::SqlFileReader,
                message: format!("`--local {name}`: dataset `{name}` is a table, which only the engine reads"),
                help: "leave it out of `--local`: a table's states come from the engine".into(),
            }),
            Some(_) => {}
        }
    }
    errors
}
