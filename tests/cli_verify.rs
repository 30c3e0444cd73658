//! `xla verify` over the `acme` example: a settlement recomputed by the
//! other party matches; a changed figure, a changed input file, a changed
//! ledger line are each reported in that order (inputs, figures, money);
//! a reordered but equal JSON and paths written on another machine still
//! verify.
//!
//! Figures of acme 2026-07 (tests/acme.rs works them out): p1 credit
//! 14,594.59 EUR, net payable 220,000.00 EUR.

mod trust_support;

use serde_json::Value;
use std::fs;
use std::path::Path;
use trust_support::{copy_of, read_json, settle, stderr, stdout, write_json, xla};

/// A copy of acme settled from January through July into `received/`.
fn settled() -> tempfile::TempDir {
    let dir = copy_of("acme");
    settle(dir.path(), "data", "2026-01", "2026-07", "received");
    dir
}

fn verify(dir: &Path, received: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["verify", received, "contract.xla", "--data", "data"];
    args.extend_from_slice(extra);
    xla(dir, &args)
}

#[test]
fn a_directory_of_untouched_settlements_and_its_ledger_verify() {
    let dir = settled();
    let o = verify(dir.path(), "received", &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("settlement-2026-07.json (2026-07): every figure matches; net payable 220,000.00 EUR"),
        "{out}"
    );
    assert!(out.contains("ledger.csv (2026-07): every figure matches"), "{out}");
    assert!(out.contains("verified 8 documents: every figure matches"), "{out}");
    // The digest line of the file verified is the one the report closes with.
    let report = fs::read_to_string(dir.path().join("received/settlement-2026-07.md")).unwrap();
    let signed = report.lines().find_map(|l| l.trim().strip_prefix("Digest: ")).expect(&report);
    assert!(signed.starts_with("settlement-2026-07.json SHA-256 "), "{signed}");
    assert!(out.contains(&format!("  Digest: {signed}\n")), "{out}");
}

#[test]
fn one_changed_figure_is_named_with_both_values_and_the_money() {
    let dir = settled();
    let path = dir.path().join("received/settlement-2026-07.json");
    let mut json = read_json(&path);
    // The provider "forgets" p1's credit: 14,594.59 less taken off.
    json["clauses"][0]["credit"] = Value::from("0.00");
    json["totals"]["net"] = Value::from("234594.59");
    write_json(&path, &json);
    let o = verify(dir.path(), "received", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("settlement-2026-07.json (2026-07): DIFFERS"), "{out}");
    assert!(!out.contains("Inputs:"), "the inputs are the same: {out}");
    assert!(out.contains("clauses[p1].credit: theirs \"0.00\", ours \"14594.59\""), "{out}");
    assert!(out.contains("totals.net: theirs \"234594.59\", ours \"220000.00\""), "{out}");
    // 220,000.00 − 234,594.59 = −14,594.59.
    assert!(
        out.contains("Money: net payable theirs 234,594.59 EUR, ours 220,000.00 EUR; ours − theirs = -14,594.59 EUR"),
        "{out}"
    );
    assert!(out.contains("settlement-2026-06.json (2026-06): every figure matches"), "{out}");
    assert!(out.contains("verified 8 documents: 1 differs"), "{out}");
}

#[test]
fn one_changed_input_file_is_said_before_any_figure() {
    let dir = settled();
    // Here the March e-mail outage lasted three hours longer.
    let outages = dir.path().join("data/outages.csv");
    let text = fs::read_to_string(&outages).unwrap();
    fs::write(&outages, text.replace("2026-03-11T13:30:00+00:00", "2026-03-11T16:30:00+00:00")).unwrap();
    let o = verify(dir.path(), "received/settlement-2026-03.json", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let inputs = out.find("Inputs: we are not looking at the same data").expect(&out);
    let changed = out.find("outages.csv (dataset `outages`): another SHA-256: theirs ").expect(&out);
    let figures = out.find("Figures:").expect(&out);
    assert!(inputs < changed && changed < figures, "{out}");
    assert!(out.contains("clauses[email].status: theirs \"met\", ours \"missed\""), "{out}");
    assert!(out.contains("no difference"), "missed carries no credit: {out}");
}

#[test]
fn a_reordered_but_equal_json_verifies() {
    let dir = settled();
    let path = dir.path().join("received/settlement-2026-07.json");
    let json = read_json(&path);
    let reordered = reorder(&json);
    assert_ne!(serde_json::to_string(&reordered).unwrap(), serde_json::to_string(&json).unwrap());
    write_json(&path, &reordered);
    let o = verify(dir.path(), "received/settlement-2026-07.json", &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// Every object's keys and every array of identified entries in reverse
/// order; money written with one more zero.
fn reorder(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(map.iter().rev().map(|(k, v)| (k.clone(), reorder(v))).collect()),
        Value::Array(items) if items.iter().all(|i| i.get("id").is_some()) => {
            Value::Array(items.iter().rev().map(reorder).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(reorder).collect()),
        Value::String(s) if s == "220000.00" => Value::from("220000.000"),
        other => other.clone(),
    }
}

#[test]
fn paths_written_on_another_machine_verify() {
    let dir = settled();
    let path = dir.path().join("received/settlement-2026-07.json");
    let mut json = read_json(&path);
    json["contract"]["file"] = Value::from("C:\\Users\\provider\\acme\\contract.xla");
    for dataset in json["inputs"].as_array_mut().unwrap() {
        for file in dataset["files"].as_array_mut().unwrap() {
            let p = file["path"].as_str().unwrap().to_string();
            // Under another data directory, with Windows separators.
            file["path"] = Value::from(format!("D:\\provider-exports\\{}", p.replace('/', "\\")));
        }
    }
    write_json(&path, &json);
    let elsewhere = tempfile::tempdir().unwrap();
    let received = path.to_string_lossy().into_owned();
    let contract = dir.path().join("contract.xla").to_string_lossy().into_owned();
    let data = dir.path().join("data").to_string_lossy().into_owned();
    let o = xla(elsewhere.path(), &["verify", &received, &contract, "--data", &data]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn a_changed_ledger_line_is_named_by_month_kind_and_id() {
    let dir = settled();
    let path = dir.path().join("received/ledger.csv");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("2026-07,credit,email,9000.00,7297.30"), "{text}");
    fs::write(&path, text.replace("2026-07,credit,email,9000.00,7297.30", "2026-07,credit,email,9000.00,7000.00"))
        .unwrap();
    let o = verify(dir.path(), "received/ledger.csv", &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["matches"], false);
    let doc = &report["documents"][0];
    assert_eq!(doc["kind"], "ledger");
    assert_eq!(doc["fields"][0]["path"], "ledger[2026-07 credit email].amount");
    assert_eq!(doc["fields"][0]["theirs"], "7000.00");
    assert_eq!(doc["fields"][0]["ours"], "7297.30");
    // They took off 297.30 less: ours − theirs = −297.30.
    assert_eq!(doc["net_payable"]["difference"], "-297.30");
}

#[test]
fn a_file_that_is_not_a_settlement_is_a_usage_error() {
    let dir = settled();
    fs::write(dir.path().join("bad.json"), "{ not json").unwrap();
    let o = verify(dir.path(), "bad.json", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.json is not a settlement JSON"), "{}", stderr(&o));
}

#[test]
fn another_contract_text_is_an_input_difference_even_with_equal_figures() {
    let dir = settled();
    let contract = dir.path().join("contract.xla");
    let text = fs::read_to_string(&contract).unwrap();
    fs::write(&contract, format!("// our copy, annotated\n{text}")).unwrap();
    let o = verify(dir.path(), "received/settlement-2026-07.json", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Inputs: we are not looking at the same data"), "{out}");
    assert!(out.contains("contract.xla (contract file): another SHA-256: theirs "), "{out}");
    assert!(!out.contains("Figures:"), "{out}");
    assert!(out.contains("no difference"), "{out}");
}
