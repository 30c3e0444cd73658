//! `xla explain`: how one clause's figure in one month came about; without
//! an id, the ids that can be explained.

use super::settle::contract::{self, parse_period};
use super::{FAILURE, SUCCESS, USAGE};
use std::io::Write;
use std::path::PathBuf;
use xla::eval::Period;
use xla::ir::Program;
use xla::report::explain::{self, ExplainError};
use xla::report::{ContractFiles, Inputs};

/// Arguments of `xla explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The contract's root `.xla` file.
    contract: PathBuf,
    /// The clause's id (`p1` in `sla p1 "…" { … }`); without it, the
    /// contract's clause and gain ids are listed.
    #[arg(requires_all = ["data", "period"])]
    clause: Option<String>,
    /// The directory the datasets' paths are relative to.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_period)]
    period: Option<Period>,
    /// A states file an engine computed (`xla sql`; see docs/states.md):
    /// the datasets it covers are settled from it, not read from --data.
    /// Repeatable.
    #[arg(long = "states", value_name = "FILE", requires = "clause")]
    states: Vec<PathBuf>,
}

/// Runs `xla explain`.
pub fn run(args: &Args) -> i32 {
    let result = match (&args.clause, &args.data, args.period) {
        (Some(clause), Some(data), Some(period)) => explain(args, clause, data, period),
        _ => list_ids(args),
    };
    match result {
        Ok(()) => SUCCESS,
        Err(code) => code,
    }
}

/// Prints the clause and gain ids, each with its kind and title.
fn list_ids(args: &Args) -> Result<(), i32> {
    let loaded = contract::load(&args.contract)?;
    let _ = write!(std::io::stdout().lock(), "{}", id_list(&loaded.program));
    Ok(())
}

/// The ids `explain` takes, one a line, aligned, then how to use one.
fn id_list(program: &Program) -> String {
    let rows: Vec<(&str, &str, &str)> = program
        .clauses
        .iter()
        .map(|c| (c.id.as_str(), c.kind.keyword(), c.title.as_str()))
        .chain(program.gains.iter().map(|g| (g.id.as_str(), "gain", g.title.as_str())))
        .collect();
    if rows.is_empty() {
        return "the contract has no clauses or gains to explain\n".to_string();
    }
    let width = rows.iter().map(|(id, _, _)| id.len()).max().unwrap_or(0);
    let mut text = String::from("ids to explain:\n");
    for (id, kind, title) in rows {
        let title = if title == id { String::new() } else { format!("  \"{title}\"") };
        text.push_str(&format!("  {id:<width$}  {kind:<4}{title}\n"));
    }
    text.push_str("explain one with: xla explain CONTRACT --data DIR --period YYYY-MM ID\n");
    text
}

fn explain(args: &Args, clause: &str, data: &std::path::Path, period: Period) -> Result<(), i32> {
    let loaded = contract::load(&args.contract)?;
    let program = &loaded.program;
    explain::find_subject(program, clause).map_err(|e| {
        errln!("error: {e}");
        USAGE
    })?;
    contract::check_months(program, period, period)?;
    let evaluation = contract::evaluate(&loaded, data, period, &args.states)?;
    let settlement = contract::settle(&evaluation)?;
    let files = ContractFiles::new(&loaded.checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    let explanation = explain::explain(inputs, &loaded.checked, data, clause, period).map_err(|e| {
        errln!("error: {e}");
        match e {
            ExplainError::Load { .. } => FAILURE,
            ExplainError::UnknownClause { .. } | ExplainError::NotSettled(_) => USAGE,
        }
    })?;
    let _ = write!(std::io::stdout().lock(), "{explanation}");
    Ok(())
}
