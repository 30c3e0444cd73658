//! `xla explain`: how one clause's figure in one month came about.

use super::settle::contract;
use super::{FAILURE, SUCCESS, USAGE};
use std::io::Write;
use xla::report::explain::{self, ExplainError};
use xla::report::{ContractFiles, Inputs};
use xla::settle;

/// Arguments of `xla explain`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: contract::Input,
    /// The clause's id (`p1` in `sla p1 "…" { … }`).
    clause: String,
}

/// Runs `xla explain`.
pub fn run(args: &Args) -> i32 {
    match explain(args) {
        Ok(()) => SUCCESS,
        Err(code) => code,
    }
}

fn explain(args: &Args) -> Result<(), i32> {
    let loaded = contract::load(&args.input.contract)?;
    let program = &loaded.program;
    explain::find_clause(program, &args.clause).map_err(|e| {
        eprintln!("error: {e}");
        USAGE
    })?;
    contract::check_months(program, args.input.period, args.input.period)?;
    let evaluation = contract::evaluate(program, &args.input.data, args.input.period)?;
    let settlement = settle::settle(&evaluation).map_err(|e| {
        eprintln!("error: {e}");
        FAILURE
    })?;
    let files = ContractFiles::new(&loaded.checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    let explanation = explain::explain(inputs, &loaded.checked, &args.input.data, &args.clause, args.input.period)
        .map_err(|e| {
            eprintln!("error: {e}");
            match e {
                ExplainError::Load { .. } => FAILURE,
                ExplainError::UnknownClause { .. } | ExplainError::NotSettled(_) => USAGE,
            }
        })?;
    let _ = write!(std::io::stdout().lock(), "{explanation}");
    Ok(())
}
