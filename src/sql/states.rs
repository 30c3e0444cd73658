//! The states file (`xla-states/1`): what an engine returns for the
//! row-level work of a contract, read back into the evaluator's
//! per-month aggregate states (`docs/states.md` describes the format).
//!
//! [`StatesFile::read`] reads one file's CSV into records, checking each on
//! its own; [`EngineStates::build`] checks the records of one or more files
//! against the contract being settled — its fingerprint ([`fingerprint`]),
//! term, datasets and aggregates — and turns them into accumulators that
//! [`crate::eval::evaluate_with_states`] settles from instead of reading
//! the datasets' files. Every error names the file, the line and what is
//! wrong.

mod build;
pub(crate) use build::source_name;
mod key;

pub(crate) use key::KeyKind;
mod record;
mod state;

#[cfg(test)]
mod tests;

use crate::data::Rejection;
use crate::eval::{Accumulator, FileInput, MonthSpan, Period};
use crate::ir::{AggregateId, DatasetId, Program};
use crate::report::{sha256_hex, ContractFiles};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// The format a states file declares in its `header` `format` record.
pub const FORMAT: &str = "xla-states/1";

/// A states file that could not be read, or does not fit the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatesError {
    /// The file, as given on the command line.
    pub file: String,
    /// The 1-based line of the record at fault, if one is.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl StatesError {
    fn at(file: &str, line: u64, message: impl Into<String>) -> Self {
        StatesError { file: file.to_string(), line: Some(line), message: message.into() }
    }

    fn whole(file: &str, message: impl Into<String>) -> Self {
        StatesError { file: file.to_string(), line: None, message: message.into() }
    }
}

impl fmt::Display for StatesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for StatesError {}

/// One states file, read and checked record by record.
#[derive(Clone, Debug)]
pub struct StatesFile {
    /// The file, as given on the command line.
    name: String,
    /// SHA-256 of its bytes, lowercase hex.
    sha256: String,
    /// Its records, in file order.
    records: Vec<record::Line>,
}

impl StatesFile {
    /// Reads and parses the states file at `path`.
    pub fn read(path: &Path) -> Result<StatesFile, StatesError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| StatesError::whole(&name, format!("cannot read it: {e}")))?;
        StatesFile::parse(&name, &bytes)
    }

    /// Parses the bytes of a states file called `name` (in messages).
    pub fn parse(name: &str, bytes: &[u8]) -> Result<StatesFile, StatesError> {
        let records = record::read(name, bytes)?;
        Ok(StatesFile { name: name.to_string(), sha256: sha256_hex(bytes), records })
    }

    /// The file's name, as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The contract fingerprint its header names, if it names one (to tell
    /// which of two contracts a file belongs to, as `xla diff` must).
    pub fn contract_sha256(&self) -> Option<&str> {
        self.records.iter().find_map(|l| match &l.record {
            record::Record::ContractSha256(sha) => Some(sha.as_str()),
            _ => None,
        })
    }
}

/// The fingerprint of a contract that ties a states file to it: SHA-256,
/// lowercase hex, of the lines `PATH\0SHA256\n` of the root file and then
/// each include, in order, where PATH and SHA256 are those the settlement
/// JSON gives (`contract.file`/`sha256`, `contract.includes`). Aggregate
/// indexes in a states file are those of the contract with this fingerprint.
pub fn fingerprint(files: &ContractFiles) -> String {
    let mut text = Vec::new();
    for file in std::iter::once(&files.root).chain(&files.includes) {
        text.extend_from_slice(file.path.as_bytes());
        text.push(0);
        text.extend_from_slice(file.sha256.as_bytes());
        text.push(b'\n');
    }
    sha256_hex(&text)
}

/// The states of the datasets that engines computed, ready to be settled
/// from ([`crate::eval::evaluate_with_states`]).
#[derive(Debug, Default)]
pub struct EngineStates {
    datasets: Vec<EngineDataset>,
}

/// One dataset's states, as an engine computed them.
#[derive(Debug)]
pub(crate) struct EngineDataset {
    /// The dataset.
    pub(crate) dataset: DatasetId,
    /// The engine that computed it (the states file's `engine`).
    pub(crate) engine: String,
    /// What it read: one entry, the source, with the states file's SHA-256.
    pub(crate) input: FileInput,
    /// Rows rejected in all.
    pub(crate) rejected_total: u64,
    /// The rejected rows the file names by key.
    pub(crate) rejections: Vec<Rejection>,
    /// Month states of the aggregates over the dataset: `months[a][m]`.
    pub(crate) months: HashMap<AggregateId, Vec<Accumulator>>,
    /// Window states the file gives (aggregates fed once per window).
    pub(crate) windows: HashMap<(AggregateId, MonthSpan), Accumulator>,
}

impl EngineStates {
    /// Checks `files` against `program` settled through `through` (the
    /// contract whose [`fingerprint`] is `fingerprint`) and builds the
    /// states they give. No dataset may be in two files.
    pub fn build(
        program: &Program,
        through: Period,
        fingerprint: &str,
        files: &[StatesFile],
    ) -> Result<EngineStates, StatesError> {
        build::build(program, through, fingerprint, files)
    }

    /// The names of the datasets the states cover, with their engines.
    pub fn datasets<'p>(&self, program: &'p Program) -> Vec<(&'p str, &str)> {
        self.datasets.iter().map(|d| (program.datasets[d.dataset].name.as_str(), d.engine.as_str())).collect()
    }

    /// Whether the states of `dataset` are here.
    pub(crate) fn covers(&self, dataset: DatasetId) -> bool {
        self.datasets.iter().any(|d| d.dataset == dataset)
    }

    /// Takes out the states of `dataset`, if they are here.
    pub(crate) fn take(&mut self, dataset: DatasetId) -> Option<EngineDataset> {
        let at = self.datasets.iter().position(|d| d.dataset == dataset)?;
        Some(self.datasets.swap_remove(at))
    }
}
