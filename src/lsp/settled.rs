//! The settlements beside a contract (`settlements/` in the root file's
//! directory, where `xla settle` writes by default), read as history for
//! code lenses and hovers.
//!
//! Reading is cheap and cached: a directory is read again only when the
//! names, sizes or modification times of its `settlement-*.json` files
//! change. No directory, no history, and nothing is shown.

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

/// One clause in one settled month, as the settlement JSON says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettledClause {
    /// The month, `YYYY-MM`.
    pub period: String,
    /// The status.
    pub status: String,
    /// The metric's unit (`percent`, `duration`, …).
    pub unit: String,
    /// The value in that unit, as written (`"95.5"`), or none.
    pub value: Option<String>,
    /// The target in force: operator and value.
    pub target: Option<(String, String)>,
    /// The credit after the caps.
    pub credit: String,
    /// The bonus after the gain cap.
    pub bonus: String,
    /// The contract currency.
    pub currency: String,
}

/// Every settled month of every clause, months in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    clauses: HashMap<String, Vec<SettledClause>>,
}

impl History {
    /// The settled months of clause `id`, first to last.
    pub fn clause(&self, id: &str) -> &[SettledClause] {
        self.clauses.get(id).map_or(&[], Vec::as_slice)
    }

    /// Reads every `settlement-*.json` of `dir`, in month order; files that
    /// cannot be read or are not settlements are skipped.
    pub fn read(dir: &Path) -> History {
        let mut history = History::default();
        for path in settlement_files(dir) {
            let Some(doc) = std::fs::read(&path).ok().and_then(|b| serde_json::from_slice::<Value>(&b).ok()) else {
                continue;
            };
            let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
            let period = text(&doc, "period").unwrap_or_default();
            let currency = doc.pointer("/contract/currency").and_then(Value::as_str).unwrap_or_default().to_string();
            for c in doc.get("clauses").and_then(Value::as_array).into_iter().flatten() {
                let Some(id) = text(c, "id") else { continue };
                let target = c.get("target").and_then(|t| Some((text(t, "op")?, text(t, "value")?)));
                history.clauses.entry(id).or_default().push(SettledClause {
                    period: period.clone(),
                    status: text(c, "status").unwrap_or_default(),
                    unit: text(c, "unit").unwrap_or_default(),
                    value: text(c, "value"),
                    target,
                    credit: text(c, "credit").unwrap_or_default(),
                    bonus: text(c, "bonus").unwrap_or_default(),
                    currency: currency.clone(),
                });
            }
        }
        for months in history.clauses.values_mut() {
            months.sort_by(|a, b| a.period.cmp(&b.period));
        }
        history
    }
}

/// What a directory held when it was read: names, sizes, modification times.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// Histories by directory, read again only when their files change.
#[derive(Default)]
pub struct Cache {
    entries: HashMap<PathBuf, (Fingerprint, Rc<History>)>,
}

impl Cache {
    /// The history of the settlements beside `root` (the contract's root
    /// file); `None` when there is no such directory or it holds no
    /// settlement.
    pub fn beside(&mut self, root: &Path) -> Option<Rc<History>> {
        let dir = root.parent().unwrap_or(Path::new("")).join("settlements");
        let fingerprint: Fingerprint = settlement_files(&dir)
            .into_iter()
            .map(|p| {
                let meta = std::fs::metadata(&p).ok();
                let len = meta.as_ref().map_or(0, std::fs::Metadata::len);
                (p, len, meta.and_then(|m| m.modified().ok()))
            })
            .collect();
        if fingerprint.is_empty() {
            self.entries.remove(&dir);
            return None;
        }
        if let Some((seen, history)) = self.entries.get(&dir) {
            if *seen == fingerprint {
                return Some(Rc::clone(history));
            }
        }
        let history = Rc::new(History::read(&dir));
        self.entries.insert(dir, (fingerprint, Rc::clone(&history)));
        Some(history)
    }
}

/// The `settlement-*.json` files of `dir`, sorted by name (so by month).
fn settlement_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("settlement-") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    files
}
