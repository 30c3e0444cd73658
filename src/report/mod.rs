//! What `xla settle` and `xla explain` produce from a settlement
//! (LANGUAGE.md §8.4): the machine-readable `settlement-YYYY-MM.json`, the
//! Markdown report a contract manager reads (closed by the digest line
//! both parties sign), the `ledger.csv` of every money line, and the
//! explanation of one clause's figure.
//!
//! Everything is computed in memory first ([`outputs`]) and then written in
//! one go ([`write_atomically`]): a failure before the last rename leaves
//! the output directory as it was. Outputs are a pure function of the
//! contract and the data: no clock, no hash-map order, no absolute paths
//! beyond those the caller passes in.
//!
//! The layout, one job per file: `contract` (the contract files and their
//! digests), `text` (decimals as outputs write them), `human` (values in
//! the units people read), `json`, `markdown`, `digest`, `ledger`, `write`
//! (atomic writes), `explain`, `standing` (year to date, caps, open
//! credits) and `html` (the review pack of `xla report`).

mod contract;
mod digest;
pub mod explain;
mod html;
pub mod human;
mod json;
mod ledger;
mod markdown;
mod preview;
pub mod pricing;
pub mod standing;
mod text;
mod write;

pub use contract::{sha256_hex, ContractFiles, FileDigest};
pub use digest::digest_line;
pub use html::{review_file_name, review_html};
pub use json::{settlement_json, SCHEMA};
pub use ledger::ledger_csv;
pub use markdown::settlement_markdown;
pub use preview::{preview_json, preview_text, PREVIEW_SCHEMA};
pub use write::{write_atomically, WriteError};

use crate::eval::{Evaluation, Period};
use crate::settle::Settlement;

/// How many rejected rows the JSON output lists in `rejected_rows.first`.
pub const REJECTED_ROWS_IN_JSON: usize = 100;
/// How many rejected rows the Markdown report lists.
pub const REJECTED_ROWS_IN_MARKDOWN: usize = 20;

/// One output file, rendered: its name inside the output directory and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// The file name, e.g. `settlement-2026-03.json`.
    pub name: String,
    /// The complete contents.
    pub bytes: Vec<u8>,
}

/// Everything the outputs are rendered from.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The evaluation (term, aggregates, files read, rejections).
    pub eval: &'a Evaluation<'a>,
    /// The settlement of every month of the evaluation.
    pub settlement: &'a Settlement,
    /// The contract's files and digests.
    pub contract: &'a ContractFiles,
}

/// Why outputs could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A month asked for is not among the settled months.
    #[error("{period} was not settled (settled months: {settled})")]
    NotSettled {
        /// The month asked for.
        period: Period,
        /// The settled months, as `first to last`.
        settled: String,
    },
    /// The months asked for run backwards.
    #[error("--through {through} is before --period {from}")]
    Backwards {
        /// The first month.
        from: Period,
        /// The last month.
        through: Period,
    },
    /// A JSON document could not be serialised.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The ledger could not be written.
    #[error("cannot write the ledger: {0}")]
    Csv(#[from] csv::Error),
}

impl Inputs<'_> {
    /// The index of `period` among the settled months.
    pub fn month_index(&self, period: Period) -> Result<usize, ReportError> {
        let months = &self.eval.term.months;
        months.iter().position(|p| *p == period).filter(|&m| m < self.settlement.months.len()).ok_or_else(|| {
            let settled = match (months.first(), months.last()) {
                (Some(first), Some(last)) => format!("{first} to {last}"),
                _ => "none".to_string(),
            };
            ReportError::NotSettled { period, settled }
        })
    }
}

/// Renders the outputs of `settle` for the months `from` through `through`:
/// a JSON and a Markdown file per month, then `ledger.csv` covering every
/// settled month from the start of the term.
pub fn outputs(inputs: Inputs, from: Period, through: Period) -> Result<Vec<OutputFile>, ReportError> {
    if through < from {
        return Err(ReportError::Backwards { from, through });
    }
    let first = inputs.month_index(from)?;
    let last = inputs.month_index(through)?;
    let mut files = Vec::new();
    for m in first..=last {
        let period = inputs.eval.term.months[m];
        let json_name = format!("settlement-{period}.json");
        let json = settlement_json(inputs, m)?;
        let mut markdown = settlement_markdown(inputs, m);
        markdown.push('\n');
        markdown.push_str(&digest::digest_section(&json_name, &json));
        files.push(OutputFile { name: json_name, bytes: json });
        files.push(OutputFile { name: format!("settlement-{period}.md"), bytes: markdown.into_bytes() });
    }
    files.push(OutputFile { name: "ledger.csv".to_string(), bytes: ledger_csv(inputs, last)? });
    Ok(files)
}
