//! The verification report: in words for the person who signs
//! (inputs first, then figures, then the money), and as JSON for tools.

use super::{DocumentCheck, DocumentKind, FileProblem};
use crate::report::human;
use crate::value::Currency;
use rust_decimal::Decimal;
use serde_json::Value;
use std::fmt::Write as _;

/// The report in words, one block per document, then a closing line.
pub fn human(checks: &[DocumentCheck]) -> String {
    let mut out = String::new();
    for check in checks {
        document(&mut out, check);
    }
    let differing = checks.iter().filter(|c| !c.matches()).count();
    let plural = if checks.len() == 1 { "" } else { "s" };
    let _ = match differing {
        0 => writeln!(out, "verified {} document{plural}: every figure matches", checks.len()),
        n => writeln!(out, "verified {} document{plural}: {n} differ{}", checks.len(), if n == 1 { "s" } else { "" }),
    };
    out
}

/// The report as a JSON document: `matches` and, per document, its files,
/// fields and net payable.
pub fn json(checks: &[DocumentCheck]) -> Result<String, serde_json::Error> {
    let documents: Vec<Value> = checks
        .iter()
        .map(|c| {
            let mut v = serde_json::to_value(c)?;
            if let Some(o) = v.as_object_mut() {
                o.insert("matches".to_string(), Value::Bool(c.matches()));
                let difference = c.net_payable.difference().map(|d| Value::String(d.to_string()));
                if let Some(net) = o.get_mut("net_payable").and_then(Value::as_object_mut) {
                    net.insert("difference".to_string(), difference.unwrap_or(Value::Null));
                }
            }
            Ok(v)
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let report = serde_json::json!({ "matches": checks.iter().all(DocumentCheck::matches), "documents": documents });
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}

/// The received file's digest line, to compare with the one signed.
fn digest(out: &mut String, check: &DocumentCheck) {
    if let Some(line) = &check.digest {
        let _ = writeln!(out, "  {line}");
    }
}

fn document(out: &mut String, check: &DocumentCheck) {
    let currency = check.net_payable.currency.as_deref().and_then(Currency::from_code);
    let money = |d: Option<Decimal>| match (d, currency) {
        (Some(d), Some(c)) => human::money(d, c),
        (Some(d), None) => d.to_string(),
        (None, _) => "unknown".to_string(),
    };
    let what = match check.kind {
        DocumentKind::Settlement => "net payable",
        DocumentKind::Ledger => "net of the money lines",
    };
    if check.matches() {
        let _ = writeln!(
            out,
            "{} ({}): every figure matches; {what} {}",
            check.name,
            check.period,
            money(check.net_payable.ours)
        );
        digest(out, check);
        return;
    }
    let _ = writeln!(out, "{} ({}): DIFFERS", check.name, check.period);
    digest(out, check);
    if !check.files.is_empty() {
        let _ = writeln!(out, "  Inputs: we are not looking at the same data");
        for f in &check.files {
            let owner = f.dataset.as_ref().map_or_else(|| "contract file".to_string(), |d| format!("dataset `{d}`"));
            let sha = |s: &Option<String>| s.as_deref().unwrap_or("—").to_string();
            let problem = match f.problem {
                FileProblem::Missing => "missing here (listed in theirs, not read here)".to_string(),
                FileProblem::Extra => "extra here (read here, not listed in theirs)".to_string(),
                FileProblem::Changed => {
                    format!("another SHA-256: theirs {}, ours {}", sha(&f.theirs_sha256), sha(&f.ours_sha256))
                }
            };
            let _ = writeln!(out, "    {} ({owner}): {problem}", f.path);
        }
    }
    if !check.fields.is_empty() {
        let _ = writeln!(
            out,
            "  Figures: {} field{} differ",
            check.fields.len(),
            if check.fields.len() == 1 { "" } else { "s" }
        );
        for f in &check.fields {
            let shown = |v: &Option<Value>| v.as_ref().map_or_else(|| "absent".to_string(), Value::to_string);
            let _ = writeln!(out, "    {}: theirs {}, ours {}", f.path, shown(&f.theirs), shown(&f.ours));
        }
    }
    let net = &check.net_payable;
    let consequence = match net.difference() {
        Some(d) if d.is_zero() => "no difference".to_string(),
        Some(d) => format!("ours − theirs = {}", money(Some(d))),
        None => "cannot be compared".to_string(),
    };
    let _ = writeln!(out, "  Money: {what} theirs {}, ours {}; {consequence}", money(net.theirs), money(net.ours));
}
