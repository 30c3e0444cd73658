//! `xla diff` over two versions of `examples/acme`: the original and
//! `tests/trust_fixtures/acme-amended.xla` (Amendment 1: at risk 12% →
//! 15%, p1's target >= 95% → >= 93%, e-mail's allocation 30% → 35% and a
//! new escalation, `reject up to` of surveys 0.5% → 1%, clause
//! `lost_time` removed, clause `fcr` added; `repeat_rate` laid out anew
//! and comments changed, which are not changes). The money replay is
//! checked against two separate `xla settle` runs.

mod trust_support;

use serde_json::Value;
use std::fs;
use trust_support::{copy_of, read_json, settle_contract, stderr, stdout, xla};

const AMENDED: &str = include_str!("trust_fixtures/acme-amended.xla");

/// A copy of acme with the amended version beside the original.
fn versions() -> tempfile::TempDir {
    let dir = copy_of("acme");
    fs::write(dir.path().join("amended.xla"), AMENDED).unwrap();
    dir
}

#[test]
fn the_amendment_is_said_in_words_and_layout_is_not_a_change() {
    let dir = versions();
    let o = xla(dir.path(), &["diff", "contract.xla", "amended.xla"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "Contract terms\n  at risk: was 12% of the monthly fee; now 15% of the monthly fee\n",
        "Dataset `surveys`\n  reject up to: was 0.5%; now 1%\n",
        "Clause `lost_time`: removed\n  kind: xla\n  title: Perceived lost time per incident\n",
        "Clause `p1`\n  target: was >= 95%; now >= 93%\n",
        "Clause `email`\n  credit: was allocation 30%; now allocation 35%\n  escalation rules: was none; now when failed: escalate level 1\n",
        "Clause `fcr`: added\n  kind: xla\n  title: Repeat-free resolution\n  metric: repeat_rate = percent(tickets meeting reopens > 0)\n  target: <= 5%\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    // `repeat_rate` was laid out anew and commented: not a change.
    assert!(!out.contains("Clause `repeat`"), "{out}");
    assert!(!out.contains("Replay"), "no replay without --data: {out}");
}

#[test]
fn comments_and_layout_alone_are_no_change() {
    let dir = versions();
    let original = fs::read_to_string(dir.path().join("contract.xla")).unwrap();
    let stripped: String = original
        .lines()
        .map(|l| l.split("//").next().unwrap_or("").trim().replace("  ", " "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(dir.path().join("stripped.xla"), stripped).unwrap();
    let o = xla(dir.path(), &["diff", "contract.xla", "stripped.xla"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "No change in substance: the two versions say the same thing.\n");
}

#[test]
fn the_replay_money_is_that_of_two_separate_settlements() {
    let dir = versions();
    settle_contract(dir.path(), "contract.xla", "data", "2026-05", "2026-07", "old");
    settle_contract(dir.path(), "amended.xla", "data", "2026-05", "2026-07", "new");
    let o = xla(
        dir.path(),
        &[
            "diff",
            "contract.xla",
            "amended.xla",
            "--data",
            "data",
            "--period",
            "2026-05",
            "--through",
            "2026-07",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let replay = &report["replay"];
    let months = replay["months"].as_array().unwrap();
    assert_eq!(months.len(), 3);
    let dec = |v: &Value| v.as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap();
    let (mut old_total, mut new_total) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
    for (month, period) in months.iter().zip(["2026-05", "2026-06", "2026-07"]) {
        assert_eq!(month["period"], period);
        let old = read_json(&dir.path().join(format!("old/settlement-{period}.json")));
        let new = read_json(&dir.path().join(format!("new/settlement-{period}.json")));
        assert_eq!(dec(&month["old_net"]), dec(&old["totals"]["net"]), "{period}");
        assert_eq!(dec(&month["new_net"]), dec(&new["totals"]["net"]), "{period}");
        old_total += dec(&old["totals"]["net"]);
        new_total += dec(&new["totals"]["net"]);
        for clause in month["clauses"].as_array().unwrap() {
            for (side, settled) in [("old", &old), ("new", &new)] {
                let found = settled["clauses"].as_array().unwrap().iter().find(|c| c["id"] == clause["id"]);
                match found {
                    Some(c) => {
                        assert_eq!(clause[side]["status"], c["status"], "{period} {side} {}", clause["id"]);
                        assert_eq!(dec(&clause[side]["credit"]), dec(&c["credit"]), "{period} {side} {}", clause["id"]);
                        assert_eq!(dec(&clause[side]["bonus"]), dec(&c["bonus"]), "{period} {side} {}", clause["id"]);
                    }
                    None => assert_eq!(clause[side], Value::Null, "{period} {side} {}", clause["id"]),
                }
            }
        }
    }
    assert_eq!(dec(&replay["old_total"]), old_total);
    assert_eq!(dec(&replay["new_total"]), new_total);
    // By hand, July: the old version takes 30,000.00 (12% of 250,000.00,
    // the cap) and the new one 37,500.00 (15%): 220,000.00 → 212,500.00.
    assert_eq!(dec(&months[2]["old_net"]), "220000.00".parse().unwrap());
    assert_eq!(dec(&months[2]["new_net"]), "212500.00".parse().unwrap());
}

#[test]
fn the_replay_in_words_marks_what_changed() {
    let dir = versions();
    let o = xla(dir.path(), &["diff", "contract.xla", "amended.xla", "--data", "data", "--period", "2026-07"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("2026-07  net payable 220,000.00 EUR → 212,500.00 EUR (−7,500.00 EUR to the provider)"),
        "{out}"
    );
    assert!(out.contains(" * lost_time: met 1h55m → (no such clause)"), "{out}");
    assert!(out.contains("Over 1 month: net payable 220,000.00 EUR → 212,500.00 EUR"), "{out}");
}

#[test]
fn a_replay_month_outside_a_term_is_a_usage_error() {
    let dir = versions();
    let o = xla(dir.path(), &["diff", "contract.xla", "amended.xla", "--data", "data", "--period", "2025-12"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("outside the contract term"), "{}", stderr(&o));
}
