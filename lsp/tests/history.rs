//! Code lenses and target hovers from the settlements beside a contract
//! (`settlements/settlement-*.json`, as `xla settle` writes them by default).
//!
//! The settlements here are written by hand: clause `p1` settled six months
//! with the values 96, 90, 100, 94, 97, 99 (%). Sorted 90 94 96 97 99 100:
//! median by nearest rank ⌈0.5 × 6⌉ = 3rd = 96%; met in 50% of months: the
//! 3rd best = 97%; in 80%: the ⌈4.8⌉ = 5th best = 94%; in 95%: the 6th
//! best = 90%.

mod common;

use common::{pos, temp_dir, uri, Server};
use serde_json::{json, Value};

const P1_VALUES: [(&str, &str, &str); 6] = [
    ("2026-01", "96", "met"),
    ("2026-02", "90", "failed"),
    ("2026-03", "100", "met"),
    ("2026-04", "94", "missed"),
    ("2026-05", "97", "met"),
    ("2026-06", "99", "met"),
];

/// A contract with its settlements beside it (`with_settlements`) or not.
fn setup(name: &str, with_settlements: bool) -> (Server, String, String) {
    let dir = temp_dir(name);
    let path = dir.join("contract.xla");
    let text = common::fixture();
    std::fs::write(&path, &text).unwrap();
    if with_settlements {
        let settlements = dir.join("settlements");
        std::fs::create_dir_all(&settlements).unwrap();
        for (period, value, status) in P1_VALUES {
            let mut clauses = vec![json!({
                "id": "p1", "status": status, "unit": "percent", "value": value,
                "target": {"op": ">=", "value": "95"}, "credit": "0.00", "bonus": "0.00"
            })];
            if period == "2026-06" {
                clauses.push(json!({
                    "id": "happy", "status": "failed", "unit": "number", "value": "70",
                    "target": {"op": ">=", "value": "80"}, "credit": "1000.00", "bonus": "0.00"
                }));
            }
            let doc = json!({"schema": "xla-settlement/1", "period": period, "contract": {"currency": "EUR"}, "clauses": clauses});
            std::fs::write(settlements.join(format!("settlement-{period}.json")), doc.to_string()).unwrap();
        }
    }
    let mut server = Server::start();
    server.initialize(&dir);
    let uri = uri(&path);
    server.open(&uri, &text);
    (server, uri, text)
}

fn lens_titles(lenses: &Value) -> Vec<(u64, String)> {
    lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["range"]["start"]["line"].as_u64().unwrap(), l["command"]["title"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn each_clause_shows_its_last_settled_month() {
    let (mut server, uri, text) = setup("history-lens", true);
    let lenses = server.result("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    let line = |needle: &str| pos(&text, needle, 0)["line"].as_u64().unwrap();
    assert_eq!(
        lens_titles(&lenses),
        [
            (line("sla p1"), "2026-06: met · 99% (target >= 95%)".to_string()),
            (line("xla happy"), "2026-06: failed · 70 (target >= 80) · credit 1,000.00 EUR".to_string()),
        ]
    );
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn a_settlement_written_again_shows_at_once() {
    let (mut server, uri, _) = setup("history-rewrite", true);
    let before = server.result("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    assert_eq!(lens_titles(&before)[0].1, "2026-06: met · 99% (target >= 95%)");
    let dir = temp_dir_path("history-rewrite");
    let doc = json!({"period": "2026-07", "contract": {"currency": "EUR"}, "clauses": [{
        "id": "p1", "status": "missed", "unit": "percent", "value": "93.5",
        "target": {"op": ">=", "value": "95"}, "credit": "0.00", "bonus": "0.00"
    }]});
    std::fs::write(dir.join("settlements/settlement-2026-07.json"), doc.to_string()).unwrap();
    let after = server.result("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    assert_eq!(lens_titles(&after)[0].1, "2026-07: missed · 93.5% (target >= 95%)");
    assert!(server.shutdown_and_exit().success());
}

/// The directory `temp_dir(name)` made, without emptying it again.
fn temp_dir_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn a_target_shows_what_its_history_would_have_met() {
    let (mut server, uri, text) = setup("history-hover", true);
    let at = pos(&text, ">= 95%", 1);
    let hover = server.result("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at}));
    let value = hover["contents"]["value"].as_str().unwrap();
    for expected in [
        "6 months with a value, 2026-01 to 2026-06",
        "values: min 90%, median 96%, max 100%",
        "- met in 50% of months: `>= 97%`",
        "- met in 80% of months: `>= 94%`",
        "- met in 95% of months: `>= 90%`",
    ] {
        assert!(value.contains(expected), "missing {expected:?} in {value}");
    }
    assert!(!value.contains("fewer than"), "{value}");
    assert!(server.shutdown_and_exit().success());
}

#[test]
fn without_settlements_there_is_no_lens_and_no_target_hover() {
    let (mut server, uri, text) = setup("history-none", false);
    let lenses = server.result("textDocument/codeLens", json!({"textDocument": {"uri": uri}}));
    assert_eq!(lenses, json!([]));
    let at = pos(&text, ">= 95%", 1);
    let hover = server.result("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at}));
    assert_eq!(hover, Value::Null);
    assert!(server.shutdown_and_exit().success());
}
