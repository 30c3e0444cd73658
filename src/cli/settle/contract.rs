//! What `settle` and `explain` share: checking the contract, checking the
//! months asked for against its term, and evaluating the data. Each step
//! prints its own error and hands back the exit code on failure.

use super::progress::Progress;
use crate::cli::{FAILURE, USAGE};
use std::path::{Path, PathBuf};
use xla::check::{self, Checked, RealFs};
use xla::diagnostic::{render_human, Severity};
use xla::eval::{self, Evaluation, Period};
use xla::ir::Program;
use xla::report::ContractFiles;
use xla::settle::Settlement;
use xla::sql::states::{self, EngineStates, StatesFile};

/// The contract, data and month that `settle` and `explain` both take.
#[derive(clap::Args)]
pub struct Input {
    /// The contract's root `.xla` file.
    pub contract: PathBuf,
    /// The directory the datasets' paths are relative to.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_period)]
    pub period: Period,
    /// A states file an engine computed (`xla sql`; see docs/states.md):
    /// the datasets it covers are settled from it, not read from --data.
    /// Repeatable.
    #[arg(long = "states", value_name = "FILE")]
    pub states: Vec<PathBuf>,
}

/// Parses a `YYYY-MM` argument.
pub fn parse_period(text: &str) -> Result<Period, String> {
    text.parse()
}

/// A contract that checked without errors.
pub struct Contract {
    /// Sources, ASTs and diagnostics (the program taken out).
    pub checked: Checked,
    /// The checked program.
    pub program: Program,
}

/// Reads and checks the contract at `path`, printing its diagnostics on
/// stderr the way `xla check` does. Exit 1 on errors, 2 if it cannot be read.
pub fn load(path: &Path) -> Result<Contract, i32> {
    let path = relative_to_cwd(path);
    let mut checked = match check::check_file(&path, &RealFs) {
        Ok(checked) => checked,
        Err(e) => {
            errln!("error: cannot read {}: {e}", path.display());
            return Err(USAGE);
        }
    };
    let color = crate::cli::color();
    for d in &checked.diagnostics {
        err!("{}", render_human(d, &checked.sources, color));
    }
    let errors = checked.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    match checked.program.take() {
        Some(program) if errors == 0 => Ok(Contract { checked, program }),
        _ => {
            let plural = if errors == 1 { "" } else { "s" };
            errln!("error: {} has {errors} error{plural}; fix them and run again", path.display());
            Err(FAILURE)
        }
    }
}

/// Checks that `from` through `through` lie within the contract term.
pub fn check_months(program: &Program, from: Period, through: Period) -> Result<(), i32> {
    let first = Period::of(program.contract.start);
    let last = Period::of(program.contract.end);
    if through < from {
        errln!("error: --through {through} is before --period {from}");
        return Err(USAGE);
    }
    for p in [from, through] {
        if p < first || p > last {
            errln!(
                "error: {p} is outside the contract term: its months run from {first} to {last} \
                 (start {}, end {})",
                program.contract.start.format("%Y-%m-%d"),
                program.contract.end.format("%Y-%m-%d")
            );
            return Err(USAGE);
        }
    }
    Ok(())
}

/// Evaluates the data in `data_dir` through `through`, the datasets that
/// the states files at `states` cover excepted, with a progress display on
/// a terminal. Exit 1 if the data or a states file cannot be read or has
/// errors.
pub fn evaluate<'p>(
    contract: &'p Contract,
    data_dir: &Path,
    through: Period,
    states: &[PathBuf],
) -> Result<Evaluation<'p>, i32> {
    let files = read_states(states)?;
    let states = engine_states(contract, through, &files)?;
    evaluate_with(&contract.program, data_dir, through, states)
}

/// Reads the states files at `paths`. Exit 1 if one cannot be read or is malformed.
pub fn read_states(paths: &[PathBuf]) -> Result<Vec<StatesFile>, i32> {
    paths
        .iter()
        .map(|p| {
            StatesFile::read(p).map_err(|e| {
                errln!("error: {e}");
                FAILURE
            })
        })
        .collect()
}

/// The fingerprint of a contract that its states files name (docs/states.md).
pub fn fingerprint(contract: &Contract) -> String {
    states::fingerprint(&ContractFiles::new(&contract.checked.sources))
}

/// The states `files` give for `contract` settled through `through`.
/// Exit 1 if they do not fit it.
pub fn engine_states(contract: &Contract, through: Period, files: &[StatesFile]) -> Result<EngineStates, i32> {
    if files.is_empty() {
        return Ok(EngineStates::default());
    }
    EngineStates::build(&contract.program, through, &fingerprint(contract), files).map_err(|e| {
        errln!("error: {e}");
        FAILURE
    })
}

/// Evaluates `program` through `through`: the datasets `states` covers
/// from them, the others from the files in `data_dir`.
pub fn evaluate_with<'p>(
    program: &'p Program,
    data_dir: &Path,
    through: Period,
    states: EngineStates,
) -> Result<Evaluation<'p>, i32> {
    let reads_files = states.datasets(program).len() < program.datasets.len();
    if reads_files && !data_dir.is_dir() {
        errln!("error: the data directory {} does not exist or is not a directory", data_dir.display());
        return Err(FAILURE);
    }
    let mut progress = Progress::on_terminal();
    let threads = eval::threads();
    let result = eval::evaluate_with_states(
        program,
        data_dir,
        through,
        &mut |dataset: &str, bytes: u64| {
            progress.bytes(dataset, bytes);
        },
        threads,
        states,
    );
    progress.finish();
    let evaluation = result.map_err(|e| {
        errln!("error: {e}");
        FAILURE
    })?;
    warn_rejections(&evaluation);
    Ok(evaluation)
}

/// Settles an evaluation. Exit 1 when a figure leaves the decimal range
/// (the error names the clause, metric, gain or cap and the month).
pub fn settle(evaluation: &Evaluation) -> Result<Settlement, i32> {
    xla::settle::settle(evaluation).map_err(|e| {
        errln!("error: {e}");
        FAILURE
    })
}

/// Evaluates (with the states files at `states`) and settles for a command
/// that then writes files (`settle`, `report`): on a failure, after its
/// error, it says that nothing was written.
pub fn evaluate_and_settle<'p>(
    contract: &'p Contract,
    data_dir: &Path,
    through: Period,
    states: &[PathBuf],
) -> Result<(Evaluation<'p>, Settlement), i32> {
    let nothing_written = |_: &i32| {
        errln!("nothing was written");
    };
    let evaluation = evaluate(contract, data_dir, through, states).inspect_err(nothing_written)?;
    let settlement = settle(&evaluation).inspect_err(nothing_written)?;
    Ok((evaluation, settlement))
}

/// Rows rejected within `reject up to`: a warning, with the first few.
fn warn_rejections(evaluation: &Evaluation) {
    const SHOWN: usize = 5;
    let total = evaluation.rejected_total;
    if total == 0 {
        return;
    }
    let rows = if total == 1 { "row" } else { "rows" };
    errln!("warning: {total} {rows} rejected (within `reject up to`; they count in no month):");
    for r in evaluation.rejections.iter().take(SHOWN) {
        errln!("  {r}");
    }
    if total > SHOWN as u64 {
        errln!("  … and {} more, listed in the settlement files", total - SHOWN as u64);
    }
}

/// `path` relative to the current directory when it is an absolute path
/// inside it, so that outputs name the contract the same way wherever the
/// checkout lives.
fn relative_to_cwd(path: &Path) -> PathBuf {
    if path.is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(rest) = path.strip_prefix(&cwd) {
                return rest.to_path_buf();
            }
        }
    }
    path.to_path_buf()
}
