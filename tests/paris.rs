//! `examples/paris-service-desk/`: the contract written from `docs/` alone
//! settles to the figures of the design table in its README, worked out by
//! hand (the test reads the table, so the README and the test cannot
//! drift apart); its data is what `generate.py` makes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/paris-service-desk")
}

/// The rows of the README's design table, as header → cell maps.
fn design_table() -> Vec<Vec<(String, String)>> {
    let readme = std::fs::read_to_string(example().join("README.md")).unwrap();
    let section = readme.split("## Design table").nth(1).expect("a design table section");
    let rows: Vec<Vec<String>> = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect())
        .collect();
    let header = &rows[0];
    rows[2..].iter().map(|row| header.iter().cloned().zip(row.iter().cloned()).collect()).collect()
}

fn clause<'j>(json: &'j Value, id: &str) -> &'j Value {
    json["clauses"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

/// The escalations of a month as the table writes them: `p1 1 2026-05-08; …`.
fn escalations(json: &Value) -> String {
    let list: Vec<String> = json["escalations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{} {} {}", e["clause"].as_str().unwrap(), e["level"], e["due"].as_str().unwrap()))
        .collect();
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join("; ")
    }
}

#[test]
fn settles_to_the_hand_worked_design_table() {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["settle", "contract.xla", "--data", "data", "--period", "2026-01", "--through", "2026-05", "--out"])
        .arg(out.path())
        .current_dir(example())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "no row is rejected: {}", String::from_utf8_lossy(&o.stderr));
    let table = design_table();
    assert_eq!(table.len(), 5);
    let mut mismatches = Vec::new();
    for row in &table {
        let cell = |name: &str| row.iter().find(|(h, _)| h == name).map(|(_, c)| c.clone()).unwrap();
        let month = cell("month");
        let path = out.path().join(format!("settlement-{month}.json"));
        let json: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let watermelon = if json["flags"]["watermelon"] == true { "yes" } else { "no" };
        let actual = [
            ("p1", clause(&json, "p1")["value"].as_str().unwrap().to_string()),
            ("p1 status", clause(&json, "p1")["status"].as_str().unwrap().to_string()),
            ("happiness", clause(&json, "happy")["value"].as_str().unwrap().to_string()),
            ("happy status", clause(&json, "happy")["status"].as_str().unwrap().to_string()),
            ("repeat", clause(&json, "repeat")["value"].as_str().unwrap().to_string()),
            ("repeat status", clause(&json, "repeat")["status"].as_str().unwrap().to_string()),
            ("credits", json["totals"]["credits"].as_str().unwrap().to_string()),
            ("gains", json["totals"]["bonuses_and_gains"].as_str().unwrap().to_string()),
            ("net", json["totals"]["net"].as_str().unwrap().to_string()),
            ("watermelon", watermelon.to_string()),
            ("escalations", escalations(&json)),
        ];
        for (name, value) in actual {
            if cell(name) != value {
                mismatches.push(format!("{month} {name}: the README says {}, the settlement {value}", cell(name)));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_contract_checks_without_warnings() {
    let o = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["check", "--deny-warnings", "contract.xla"])
        .current_dir(example())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Runs a copy of `generate.py` in a temporary folder and compares what it
/// writes with the committed data. Skipped, with a message, without python3.
#[test]
fn the_data_is_what_the_generator_makes() {
    if !Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 is not available");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example().join("generate.py"), dir.path().join("generate.py")).unwrap();
    let o = Command::new("python3").arg(dir.path().join("generate.py")).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut files = vec!["surveys.jsonl".to_string()];
    files.extend((1..=5).map(|m| format!("tickets/2026-{m:02}.csv")));
    for file in files {
        let made = std::fs::read(dir.path().join("data").join(&file)).unwrap();
        let committed = std::fs::read(example().join("data").join(&file)).unwrap();
        assert!(made == committed, "data/{file} differs from what generate.py makes");
    }
}
