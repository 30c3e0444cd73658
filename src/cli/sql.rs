//! `xla sql`: the row-level work of a contract's datasets (tables, and CSV
//! files the engine reads itself) as one SQL script for an engine
//! (`docs/warehouse.md`).

use super::settle::contract::{self, parse_period};
use super::{FAILURE, SUCCESS, USAGE};
use std::path::PathBuf;
use xla::eval::Period;
use xla::report::ContractFiles;
use xla::sql::{self, Dialect, SqlOptions};

/// Arguments of `xla sql`.
#[derive(clap::Args)]
pub struct Args {
    /// The contract's root `.xla` file.
    contract: PathBuf,
    /// The engine's dialect: duckdb, postgres or spark.
    #[arg(long, value_name = "DIALECT", value_parser = parse_dialect)]
    dialect: Dialect,
    /// The month to be settled, YYYY-MM (the states cover the term from its
    /// start through this month, or through `--through`).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_period)]
    period: Period,
    /// The last month, YYYY-MM, to settle a run of months from one script.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_period)]
    through: Option<Period>,
    /// The directory the datasets' files are in, as for `xla settle`: the
    /// script names each file a CSV dataset reads (DuckDB, Spark).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Leave the file dataset NAME to `xla settle`, which reads its files
    /// from --data, instead of the engine. Repeatable.
    #[arg(long = "local", value_name = "NAME")]
    local: Vec<String>,
    /// Write the script to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn parse_dialect(text: &str) -> Result<Dialect, String> {
    Dialect::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.name()).collect();
        format!("`{text}` is not a dialect xla writes; use one of {}", names.join(", "))
    })
}

/// Runs `xla sql`.
pub fn run(args: &Args) -> i32 {
    match write_script(args) {
        Ok(()) => SUCCESS,
        Err(code) => code,
    }
}

fn write_script(args: &Args) -> Result<(), i32> {
    let loaded = contract::load(&args.contract)?;
    let through = args.through.unwrap_or(args.period);
    contract::check_months(&loaded.program, args.period, through)?;
    let files = ContractFiles::new(&loaded.checked.sources);
    let options = SqlOptions {
        dialect: args.dialect,
        through,
        contract_fingerprint: sql::states::fingerprint(&files),
        data_dir: args.data.clone(),
        local: args.local.clone(),
    };
    let script = sql::compile(&loaded.program, &options).map_err(|errors| {
        for e in &errors {
            errln!("{e}");
        }
        let plural = if errors.len() == 1 { "" } else { "s" };
        errln!(
            "error: {} cannot be pushed down to {} ({} error{plural}); nothing was written",
            args.contract.display(),
            args.dialect,
            errors.len()
        );
        FAILURE
    })?;
    match &args.out {
        Some(path) => std::fs::write(path, script).map_err(|e| {
            errln!("error: cannot write {}: {e}", path.display());
            USAGE
        }),
        None => {
            outln!("{}", script.trim_end());
            Ok(())
        }
    }
}
