//! `xla verify`: recompute a settlement received from the other party and
//! compare it, inputs first, then figures, then money. Exit 0 when every
//! figure matches, 1 when anything differs (or the contract or data has
//! errors), 2 on a usage or I/O error.

use super::format::Format;
use super::settle::contract;
use super::{FAILURE, SUCCESS, USAGE};
use std::io::Write;
use std::path::{Path, PathBuf};
use xla::eval::Period;
use xla::report::{self, ContractFiles, Inputs};
use xla::verify::{self, DocumentCheck, Ledger};

/// Arguments of `xla verify`.
#[derive(clap::Args)]
pub struct Args {
    /// A `settlement-YYYY-MM.json`, a `ledger.csv`, or a directory of them.
    received: PathBuf,
    /// The contract's root `.xla` file.
    contract: PathBuf,
    /// The directory the datasets' paths are relative to.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// A states file an engine computed (`xla sql`; see docs/states.md):
    /// the datasets it covers are settled from it, not read from --data.
    /// Repeatable.
    #[arg(long = "states", value_name = "FILE")]
    states: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// A document received, read and parsed.
enum Received {
    Settlement { name: String, period: Period, json: serde_json::Value, digest: String },
    Ledger { name: String, ledger: Ledger, digest: String },
}

/// Runs `xla verify`.
pub fn run(args: &Args) -> i32 {
    match verify(args) {
        Ok(true) => SUCCESS,
        Ok(false) => FAILURE,
        Err(code) => code,
    }
}

fn verify(args: &Args) -> Result<bool, i32> {
    let received = read_received(&args.received).map_err(|message| {
        errln!("error: {message}");
        USAGE
    })?;
    let loaded = contract::load(&args.contract)?;
    let program = &loaded.program;
    let months: Vec<Period> = received.iter().filter_map(months_of).collect();
    let (Some(&first), Some(&through)) = (months.iter().min(), months.iter().max()) else {
        errln!("error: {} names no month to verify", args.received.display());
        return Err(USAGE);
    };
    contract::check_months(program, first, through)?;
    let evaluation = contract::evaluate(&loaded, &args.data, through, &args.states)?;
    let settlement = contract::settle(&evaluation)?;
    let files = ContractFiles::new(&loaded.checked.sources);
    let inputs = Inputs { eval: &evaluation, settlement: &settlement, contract: &files };
    let currency = program.contract.currency.code().to_string();
    let report_error = |e: report::ReportError| {
        errln!("error: {e}");
        USAGE
    };
    let mut checks: Vec<DocumentCheck> = Vec::new();
    for r in &received {
        match r {
            Received::Settlement { name, period, json, digest } => {
                let m = inputs.month_index(*period).map_err(report_error)?;
                let ours = report::settlement_json(inputs, m).map_err(report_error)?;
                let ours: serde_json::Value = serde_json::from_slice(&ours).map_err(|e| report_error(e.into()))?;
                let mut check = verify::settlement(name, json, &ours);
                check.digest = Some(digest.clone());
                checks.push(check);
            }
            Received::Ledger { name, ledger, digest } => {
                let last = ledger.last_period().and_then(|p| p.parse::<Period>().ok()).unwrap_or(through).max(through);
                let m = inputs.month_index(last).map_err(report_error)?;
                let ours = report::ledger_csv(inputs, m).map_err(report_error)?;
                let ours = Ledger::parse(&String::from_utf8_lossy(&ours)).map_err(|e| {
                    errln!("error: cannot read the recomputed ledger: {e}");
                    USAGE
                })?;
                let last = last.to_string();
                let mut check = verify::ledger(name, &last, ledger, &ours.through(&last), &currency);
                check.digest = Some(digest.clone());
                checks.push(check);
            }
        }
    }
    let text = match args.format {
        Format::Human => verify::human(&checks),
        Format::Json => verify::json(&checks).map_err(|e| report_error(e.into()))?,
    };
    let _ = write!(std::io::stdout().lock(), "{text}");
    Ok(checks.iter().all(DocumentCheck::matches))
}

/// The months a received document covers: a settlement's month, a
/// ledger's last month.
fn months_of(r: &Received) -> Option<Period> {
    match r {
        Received::Settlement { period, .. } => Some(*period),
        Received::Ledger { ledger, .. } => ledger.last_period()?.parse().ok(),
    }
}

/// The documents at `path`: a file, or every `settlement-*.json` and the
/// `ledger.csv` of a directory.
fn read_received(path: &Path) -> Result<Vec<Received>, String> {
    if !path.is_dir() {
        return Ok(vec![read_one(path)?]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("cannot read directory {}: {e}", path.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name.starts_with("settlement-") && name.ends_with(".json")) || name == "ledger.csv"
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{} holds no settlement-*.json and no ledger.csv", path.display()));
    }
    paths.iter().map(|p| read_one(p)).collect()
}

fn read_one(path: &Path) -> Result<Received, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let digest = report::digest_line(&name, &bytes);
    if path.extension().is_some_and(|e| e == "csv") {
        let ledger = Ledger::parse(&text).map_err(|e| format!("{} is not a ledger: {e}", path.display()))?;
        return Ok(Received::Ledger { name, ledger, digest });
    }
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a settlement JSON: {e}", path.display()))?;
    let period = json
        .get("period")
        .and_then(serde_json::Value::as_str)
        .and_then(|p| p.parse::<Period>().ok())
        .ok_or_else(|| format!("{} has no `period` field of the form YYYY-MM", path.display()))?;
    Ok(Received::Settlement { name, period, json, digest })
}
