//! `xla diff`: what changed in substance between two versions of a
//! schedule, and with `--data`, what the change would have done to the
//! money over the same months. Exit 0 either way (a difference is the
//! answer, not an error); 1 if a version or the data has errors; 2 on a
//! usage or I/O error.

use super::format::Format;
use super::settle::contract;
use super::{SUCCESS, USAGE};
use std::io::Write;
use std::path::PathBuf;
use xla::diff::{self, Settled};
use xla::eval::Period;

/// Arguments of `xla diff`.
#[derive(clap::Args)]
pub struct Args {
    /// The old version's root `.xla` file.
    old: PathBuf,
    /// The new version's root `.xla` file.
    new: PathBuf,
    /// Replay both versions over the data in this directory.
    #[arg(long, value_name = "DIR", requires = "period")]
    data: Option<PathBuf>,
    /// The first month of the replay.
    #[arg(long, value_name = "YYYY-MM", value_parser = contract::parse_period, requires = "data")]
    period: Option<Period>,
    /// The last month of the replay (default: --period).
    #[arg(long, value_name = "YYYY-MM", value_parser = contract::parse_period, requires = "period")]
    through: Option<Period>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Runs `xla diff`.
pub fn run(args: &Args) -> i32 {
    match run_diff(args) {
        Ok(()) => SUCCESS,
        Err(code) => code,
    }
}

fn run_diff(args: &Args) -> Result<(), i32> {
    let old = contract::load(&args.old)?;
    let new = contract::load(&args.new)?;
    let changes = diff::changes(&old.program, &new.program);
    let replay = match (&args.data, args.period) {
        (Some(data), Some(from)) => {
            let through = args.through.unwrap_or(from);
            contract::check_months(&old.program, from, through)?;
            contract::check_months(&new.program, from, through)?;
            let old_eval = contract::evaluate(&old.program, data, through)?;
            let new_eval = contract::evaluate(&new.program, data, through)?;
            let (old_settled, new_settled) = (contract::settle(&old_eval)?, contract::settle(&new_eval)?);
            Some(diff::replay(
                Settled { program: &old.program, settlement: &old_settled },
                Settled { program: &new.program, settlement: &new_settled },
                from,
                through,
            ))
        }
        _ => None,
    };
    let text = match args.format {
        Format::Human => diff::human(&changes, replay.as_ref()),
        Format::Json => diff::json(&changes, replay.as_ref()).map_err(|e| {
            errln!("error: cannot write JSON: {e}");
            USAGE
        })?,
    };
    let _ = write!(std::io::stdout().lock(), "{text}");
    Ok(())
}
