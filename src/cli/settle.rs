//! `xla settle`: evaluate a month of data and write the settlement outputs
//! of LANGUAGE.md §8.4.
//!
//! Everything is computed before anything is written: a contract error, a
//! data error or an output directory that cannot be written leaves the
//! output directory as it was.

pub mod contract;
mod progress;
mod summary;

use super::{SUCCESS, USAGE};
use std::io::Write;
use std::path::{Path, PathBuf};
use xla::eval::Period;
use xla::report::{self, ContractFiles, Inputs};

/// Arguments of `xla settle`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: contract::Input,
    /// Settle every month from --period through this one (default: --period only).
    #[arg(long, value_name = "YYYY-MM", value_parser = contract::parse_period)]
    through: Option<Period>,
    /// Where to write the outputs (default: `settlements/` beside the contract).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Runs `xla settle`.
pub fn run(args: &Args) -> i32 {
    match settle(args) {
        Ok(()) => SUCCESS,
        Err(code) => code,
    }
}

fn settle(args: &Args) -> Result<(), i32> {
    let through = args.through.unwrap_or(args.input.period);
    let out = args.out.clone().unwrap_or_else(|| default_out(&args.input.contract));
    let loaded = contract::load(&args.input.contract)?;
    let program = &loaded.program;
    contract::check_months(program, args.input.period, through)?;
    if out.exists() && !out.is_dir() {
        errln!("error: cannot write the outputs to {}: it is not a directory", out.display());
        return Err(USAGE);
    }
    let (evaluation, settlement) =
        contract::evaluate_and_settle(&loaded, &args.input.data, through, &args.input.states)?;
    let files = ContractFiles::new(&loaded.checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    let outputs = report::outputs(inputs, args.input.period, through).map_err(|e| {
        errln!("error: {e}");
        USAGE
    })?;
    report::write_atomically(&out, &outputs).map_err(|e| {
        errln!("error: {e}");
        if e.written.is_empty() {
            errln!("nothing was written");
        } else {
            errln!("already replaced in {}: {}; the other outputs are unchanged", out.display(), e.written.join(", "));
        }
        USAGE
    })?;
    let first = inputs.month_index(args.input.period).unwrap_or(0);
    let text = summary::summary(program, &settlement.months[first..]);
    let names: Vec<&str> = outputs.iter().map(|f| f.name.as_str()).collect();
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{text}");
    let _ = writeln!(stdout, "wrote {} to {}", names.join(", "), out.display());
    Ok(())
}

/// `settlements/` in the contract's directory.
fn default_out(contract: &Path) -> PathBuf {
    contract.parent().map_or_else(|| PathBuf::from("settlements"), |dir| dir.join("settlements"))
}
