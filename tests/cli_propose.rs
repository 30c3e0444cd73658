//! `xla propose` on `tests/trust_fixtures/propose`: ten months of one
//! survey score each, chosen so that every figure is known by hand.
//!
//! Sorted values: 70 72 75 78 80 81 83 85 88 90 (n = 10). Nearest rank
//! ⌈P/100 × 10⌉: p10 → 1st = 70, p25 → 3rd = 75, median → 5th = 80,
//! p75 → 8th = 85, p90 → 9th = 88. Met in 50% of months: the 5th best =
//! 81; in 80%: the 8th best = 75; in 95%: the ⌈9.5⌉ = 10th best = 70.
//!
//! Money (fee 100,000.00; bands below target 1,000.00, below target − 5
//! 3,000.00; `when failed escalate level 1`; no minimum, so every month
//! below target fails):
//! - `>= 80` (the contract): 78 and 75 give 1,000.00 each, 72 and 70
//!   (below 75) 3,000.00 each: 8,000.00, 4 failed, 4 escalations.
//! - `>= 81`: 80, 78 give 1,000.00; 75, 72, 70 (below 76) 3,000.00 each:
//!   11,000.00, 5 failed.
//! - `>= 75`: 72, 70 give 1,000.00 each (neither below 70): 2,000.00.
//! - `>= 70`: nothing.
//!
//! Net payable over the twelve months: 12 × 100,000.00 less the credits.

mod trust_support;

use serde_json::Value;
use std::path::Path;
use trust_support::{stderr, stdout, xla};

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/trust_fixtures/propose")
}

fn propose(args: &[&str]) -> std::process::Output {
    let mut all = vec!["propose", "contract.xla", "--data", "data"];
    all.extend_from_slice(args);
    xla(&fixture(), &all)
}

#[test]
fn percentiles_and_candidates_are_the_hand_worked_ones() {
    let o = propose(&["--period", "2026-01", "--through", "2026-12", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let csat = &doc["clauses"][0];
    assert_eq!(csat["clause"], "csat");
    assert_eq!(csat["months"], 12);
    assert_eq!(csat["measured"], 10);
    assert_eq!(csat["enough_history"], true);
    let spread = &csat["spread"];
    assert_eq!(spread["min"], "70");
    assert_eq!(spread["max"], "90");
    let percentiles: Vec<(u64, String)> = spread["percentiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_u64().unwrap(), p[1].as_str().unwrap().to_string()))
        .collect();
    let expected = [(10, "70"), (25, "75"), (50, "80"), (75, "85"), (90, "88")];
    assert_eq!(percentiles, expected.map(|(p, v)| (p, v.to_string())));
    // Width (90 − 70) / 5 = 4: [70,74) 70 72; [74,78) 75; [78,82) 78 80 81;
    // [82,86) 83 85; [86,90] 88 90.
    let counts: Vec<u64> =
        spread["histogram"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).collect();
    assert_eq!(counts, [2, 1, 3, 2, 2]);
    let outcomes = csat["outcomes"].as_array().unwrap();
    let row = |o: &Value| {
        (
            o["target"].as_str().unwrap().to_string(),
            o["met"].as_u64().unwrap(),
            o["failed"].as_u64().unwrap(),
            o["credits"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap(),
            o["escalations"].as_u64().unwrap(),
            o["net_payable"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap(),
        )
    };
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    assert_eq!(outcomes[0]["label"], "current");
    assert_eq!(row(&outcomes[0]), (">= 80".to_string(), 6, 4, d("8000"), 4, d("1192000")));
    assert_eq!(outcomes[1]["label"], "met in 50% of months");
    assert_eq!(row(&outcomes[1]), (">= 81".to_string(), 5, 5, d("11000"), 5, d("1189000")));
    assert_eq!(row(&outcomes[2]), (">= 75".to_string(), 8, 2, d("2000"), 2, d("1198000")));
    assert_eq!(row(&outcomes[3]), (">= 70".to_string(), 10, 0, d("0"), 0, d("1200000")));
}

#[test]
fn the_advice_in_words_has_a_histogram_and_never_edits_the_contract() {
    let before = std::fs::read(fixture().join("contract.xla")).unwrap();
    let o = propose(&["--period", "2026-01", "--through", "2026-12", "csat"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("history: 10 of 12 months from 2026-01 to 2026-12 have a value"), "{out}");
    assert!(out.contains("values: min 70, p10 70, p25 75, median 80, p75 85, p90 88, max 90"), "{out}");
    assert!(out.contains("78 – 82  ####################  3"), "{out}");
    assert!(out.contains(">= 81   met in 50% of months    5      0      5       11,000.00"), "{out}");
    assert!(out.contains("the contract is not changed"), "{out}");
    assert!(!out.contains("warning"), "{out}");
    assert_eq!(std::fs::read(fixture().join("contract.xla")).unwrap(), before);
}

#[test]
fn fewer_than_six_months_are_warned_about() {
    // January to April: 81 70 90 72.
    let o = propose(&["--period", "2026-01", "--through", "2026-04"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("warning: 4 months of history; fewer than 6 say little"), "{}", stdout(&o));
    assert!(stderr(&o).contains("warning: `csat` rests on 4 months of history, fewer than 6"), "{}", stderr(&o));
}

#[test]
fn an_unknown_clause_is_a_usage_error_with_a_suggestion() {
    let o = propose(&["--period", "2026-01", "--through", "2026-12", "csta"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `csat`?"), "{}", stderr(&o));
}
