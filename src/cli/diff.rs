//! `xla diff`: what changed in substance between two versions of a
//! schedule, and with `--data`, what the change would have done to the
//! money over the same months. Exit 0 either way (a difference is the
//! answer, not an error); 1 if a version or the data has errors; 2 on a
//! usage or I/O error.

use super::format::Format;
use super::settle::contract;
use super::{FAILURE, SUCCESS, USAGE};
use std::io::Write;
use std::path::PathBuf;
use xla::diff::{self, Settled};
use xla::eval::Period;
use xla::sql::states::{EngineStates, StatesFile};

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
    /// A states file an engine computed for either version (`xla sql`; see
    /// docs/states.md): each is used for the version whose fingerprint it
    /// names. Repeatable.
    #[arg(long = "states", value_name = "FILE", requires = "data")]
    states: Vec<PathBuf>,
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
            let (old_states, new_states) = states_of_each(&old, &new, through, &args.states)?;
            let old_eval = contract::evaluate_with(&old.program, data, through, old_states)?;
            let new_eval = contract::evaluate_with(&new.program, data, through, new_states)?;
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

/// The states files at `paths`, each given to the version whose fingerprint
/// it names. Exit 1 if one names neither, or does not fit its version.
fn states_of_each(
    old: &contract::Contract,
    new: &contract::Contract,
    through: Period,
    paths: &[PathBuf],
) -> Result<(EngineStates, EngineStates), i32> {
    let files = contract::read_states(paths)?;
    let (old_print, new_print) = (contract::fingerprint(old), contract::fingerprint(new));
    if let Some(f) = files.iter().find(|f| f.contract_sha256().is_none_or(|s| s != old_print && s != new_print)) {
        errln!("error: {}: its states are for neither version (fingerprints {old_print} and {new_print})", f.name());
        return Err(FAILURE);
    }
    let of = |print: &str| -> Vec<StatesFile> {
        files.iter().filter(|f| f.contract_sha256() == Some(print)).cloned().collect()
    };
    Ok((
        contract::engine_states(old, through, &of(&old_print))?,
        contract::engine_states(new, through, &of(&new_print))?,
    ))
}
