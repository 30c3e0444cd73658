//! `xla propose`: the targets a clause's history supports, and what each
//! would have produced under the contract's money rules. It only advises:
//! the contract is never written.

use super::format::Format;
use super::settle::contract;
use super::{SUCCESS, USAGE};
use std::io::Write;
use xla::eval::Period;
use xla::propose;
use xla::report::explain;

/// Arguments of `xla propose`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: contract::Input,
    /// The last month of the history (default: --period alone).
    #[arg(long, value_name = "YYYY-MM", value_parser = contract::parse_period)]
    through: Option<Period>,
    /// The clauses to advise on (default: every clause).
    clauses: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Runs `xla propose`.
pub fn run(args: &Args) -> i32 {
    match run_propose(args) {
        Ok(()) => SUCCESS,
        Err(code) => code,
    }
}

fn run_propose(args: &Args) -> Result<(), i32> {
    let (from, through) = (args.input.period, args.through.unwrap_or(args.input.period));
    let loaded = contract::load(&args.input.contract)?;
    let program = &loaded.program;
    let clauses: Vec<usize> = if args.clauses.is_empty() {
        (0..program.clauses.len()).collect()
    } else {
        args.clauses
            .iter()
            .map(|id| match explain::find_subject(program, id) {
                Ok(explain::Subject::Clause(ci)) => Ok(ci),
                Ok(explain::Subject::Gain(_)) => {
                    Err(format!("`{id}` is a gain: xla propose proposes the targets of clauses"))
                }
                Err(e) => Err(e.to_string()),
            })
            .collect::<Result<_, _>>()
            .map_err(|e| {
                errln!("error: {e}");
                USAGE
            })?
    };
    contract::check_months(program, from, through)?;
    let evaluation = contract::evaluate(&loaded, &args.input.data, through, &args.input.states)?;
    let settlement = contract::settle(&evaluation)?;
    let index = |p: Period| evaluation.term.months.iter().position(|m| *m == p).unwrap_or(0);
    let proposals = propose::propose(&evaluation, &settlement, &clauses, index(from), index(through));
    let (first, last) = (from.to_string(), through.to_string());
    let text = match args.format {
        Format::Human => propose::human(&proposals, program.contract.currency, &first, &last),
        Format::Json => propose::json(&proposals, &first, &last).map_err(|e| {
            errln!("error: cannot write JSON: {e}");
            USAGE
        })?,
    };
    let _ = write!(std::io::stdout().lock(), "{text}");
    for p in proposals.iter().filter(|p| !p.enough_history()) {
        errln!(
            "warning: `{}` rests on {} month{} of history, fewer than {}",
            p.clause,
            p.measured,
            if p.measured == 1 { "" } else { "s" },
            propose::ENOUGH_MONTHS
        );
    }
    Ok(())
}
