//! Verification: the other party recomputes a settlement it received and
//! compares it with its own, figure by figure (issue 16, `xla verify`).
//!
//! The comparison is a pure function of two documents: the one received
//! and the one this machine rendered from the contract and the data with
//! the ordinary pipeline (check → evaluate → settle → report). It says
//! first whether both sides looked at the same files ([`files`]), then
//! which fields differ ([`fields`]), then what that does to the net
//! payable. Nothing depends on the machine, working directory or operating
//! system that produced either document: paths are compared relative and
//! `/`-separated, JSON is compared as values (key order, array order of
//! identified entries and the spelling of equal decimals do not matter).
//!
//! The layout, one job per file: `files` (contract and data files, and how
//! their paths are matched), `fields` (the semantic JSON comparison),
//! `ledger` (`ledger.csv`), `render` (the report, in words and as JSON).

mod fields;
mod files;
mod ledger;
mod render;

pub use fields::{differences, FieldDifference};
pub use files::{FileDifference, FileProblem};
pub use ledger::{ledger, Ledger, LedgerError};
pub use render::{human, json};

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// The comparison of one received document with its recomputation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentCheck {
    /// The document's file name (`settlement-2026-03.json`, `ledger.csv`).
    pub name: String,
    /// A month's settlement or a ledger.
    pub kind: DocumentKind,
    /// The month it settles (the last month, for a ledger).
    pub period: String,
    /// Contract and data files that differ: missing, extra or changed.
    pub files: Vec<FileDifference>,
    /// Every field whose value differs, by JSON path.
    pub fields: Vec<FieldDifference>,
    /// The net payable in the received document and in ours, when known.
    pub net_payable: NetPayable,
    /// The digest line of the received file (`Digest: NAME SHA-256 HEX`),
    /// the line the Markdown report closes with, when the caller read
    /// the file's bytes.
    pub digest: Option<String>,
}

/// What a received document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// `settlement-YYYY-MM.json`: its net payable is the month's.
    Settlement,
    /// `ledger.csv`: its "net payable" is the sum of its money lines.
    Ledger,
}

/// The money consequence of the differences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NetPayable {
    /// The currency code, when the documents name one.
    pub currency: Option<String>,
    /// The received document's figure.
    pub theirs: Option<Decimal>,
    /// The recomputed figure.
    pub ours: Option<Decimal>,
}

impl NetPayable {
    /// `ours − theirs`, when both are known.
    pub fn difference(&self) -> Option<Decimal> {
        self.ours?.checked_sub(self.theirs?)
    }
}

impl DocumentCheck {
    /// Whether the received document matches its recomputation in every
    /// file and every figure.
    pub fn matches(&self) -> bool {
        self.files.is_empty() && self.fields.is_empty()
    }
}

/// Compares a received settlement JSON (`theirs`) with the one rendered
/// here for the same month (`ours`).
pub fn settlement(name: &str, theirs: &Value, ours: &Value) -> DocumentCheck {
    let (files, paths) = files::compare(theirs, ours);
    let theirs_figures = files::figures(theirs, &paths);
    let ours_figures = files::figures(ours, &files::PathMap::default());
    let net = |v: &Value| v.pointer("/totals/net").and_then(Value::as_str).and_then(|s| s.parse().ok());
    DocumentCheck {
        name: name.to_string(),
        kind: DocumentKind::Settlement,
        period: ours.get("period").and_then(Value::as_str).unwrap_or_default().to_string(),
        files,
        fields: differences(&theirs_figures, &ours_figures),
        net_payable: NetPayable {
            currency: ours.pointer("/contract/currency").and_then(Value::as_str).map(str::to_string),
            theirs: net(theirs),
            ours: net(ours),
        },
        digest: None,
    }
}
