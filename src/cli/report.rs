//! `xla report`: the service review pack, one self-contained HTML file over
//! a run of months (default `settlements/review-FROM-TO.html` beside the
//! contract). It checks, evaluates and settles exactly as `xla settle`
//! does, then renders the settlement; nothing is written on an error.

use super::settle::contract;
use super::{SUCCESS, USAGE};
use std::path::{Path, PathBuf};
use xla::eval::Period;
use xla::report::{self, ContractFiles, Inputs, OutputFile};

/// Arguments of `xla report`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: contract::Input,
    /// The last month of the review (default: --period only).
    #[arg(long, value_name = "YYYY-MM", value_parser = contract::parse_period)]
    through: Option<Period>,
    /// The HTML file to write (default: `settlements/review-FROM-TO.html` beside the contract).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs `xla report`.
pub fn run(args: &Args) -> i32 {
    match report(args) {
        Ok(()) => SUCCESS,
        Err(code) => code,
    }
}

fn report(args: &Args) -> Result<(), i32> {
    let from = args.input.period;
    let through = args.through.unwrap_or(from);
    let out = args.out.clone().unwrap_or_else(|| default_out(&args.input.contract, from, through));
    let (dir, name) = split(&out)?;
    let loaded = contract::load(&args.input.contract)?;
    let program = &loaded.program;
    contract::check_months(program, from, through)?;
    let (evaluation, settlement) =
        contract::evaluate_and_settle(&loaded, &args.input.data, through, &args.input.states)?;
    let files = ContractFiles::new(&loaded.checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    let html = report::review_html(inputs, from, through).map_err(|e| {
        errln!("error: {e}");
        USAGE
    })?;
    report::write_atomically(&dir, &[OutputFile { name, bytes: html.into_bytes() }]).map_err(|e| {
        errln!("error: {e}");
        errln!("nothing was written");
        USAGE
    })?;
    println!("wrote {}", out.display());
    Ok(())
}

/// `settlements/review-FROM-TO.html` in the contract's directory.
fn default_out(contract: &Path, from: Period, through: Period) -> PathBuf {
    let dir = contract.parent().map_or_else(|| PathBuf::from("settlements"), |dir| dir.join("settlements"));
    dir.join(report::review_file_name(from, through))
}

/// The directory and file name of `out`; exit 2 if it names no file.
fn split(out: &Path) -> Result<(PathBuf, String), i32> {
    let Some(name) = out.file_name().and_then(|n| n.to_str()) else {
        errln!("error: --out {} does not name a file", out.display());
        return Err(USAGE);
    };
    if out.is_dir() {
        errln!("error: cannot write {}: it is a directory", out.display());
        return Err(USAGE);
    }
    let dir = out.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok((dir, name.to_string()))
}
