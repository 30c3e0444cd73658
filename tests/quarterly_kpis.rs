//! The quarterly-KPIs example (`examples/quarterly-kpis/`): a KPI measured
//! every 3 months and a rolling three-month repeat rate, settled over 2026.
//!
//! Every expected figure restates the design table of the example's
//! README.md, worked out by hand from the contract before the settlement
//! was run: a failure means the data, the design or the evaluator is wrong.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use xla::check::{check_file, RealFs};
use xla::eval::{evaluate, Period};
use xla::settle::{settle, Settlement};
use xla::value::canonical;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quarterly-kpis")
}

/// month, p1 status, p1 value, repeat status, repeat value, credits, net.
const DESIGN: [(&str, &str, &str, &str, &str, &str, &str); 12] = [
    ("2026-01", "not_assessed", "none", "met", "4", "0.00", "50000.00"),
    ("2026-02", "not_assessed", "none", "met", "5", "0.00", "50000.00"),
    ("2026-03", "met", "90", "met", "6", "0.00", "50000.00"),
    ("2026-04", "not_assessed", "none", "failed", "10", "500.00", "49500.00"),
    ("2026-05", "not_assessed", "none", "failed", "14", "1000.00", "49000.00"),
    ("2026-06", "missed", "80", "failed", "13.3333333333333333", "1000.00", "49000.00"),
    ("2026-07", "not_assessed", "none", "failed", "9.3333333333333333", "500.00", "49500.00"),
    ("2026-08", "not_assessed", "none", "met", "4.6666666666666667", "0.00", "50000.00"),
    ("2026-09", "failed", "73.3333333333333333", "met", "4.6666666666666667", "3000.00", "47000.00"),
    ("2026-10", "not_assessed", "none", "met", "6", "0.00", "50000.00"),
    ("2026-11", "not_assessed", "none", "met", "8", "0.00", "50000.00"),
    ("2026-12", "met", "96.6666666666666667", "failed", "10", "500.00", "49500.00"),
];

/// The volume of `p1` in the months that close a quarter (30 P1 incidents
/// each), and of `repeat` (the rows of its window: 50, 100, then 150).
const REPEAT_VOLUMES: [u64; 12] = [50, 100, 150, 150, 150, 150, 150, 150, 150, 150, 150, 150];

fn settle_example() -> Settlement {
    let dir = example();
    let checked = check_file(&dir.join("contract.xla"), &RealFs).expect("contract.xla is readable");
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let program = checked.program.expect("a program");
    let through: Period = "2026-12".parse().unwrap();
    let eval = evaluate(&program, &dir.join("data"), through, &mut |_: &str, _: u64| {}).expect("data loads");
    assert_eq!(eval.inputs[0].files[0].rows_without_period, 2, "the two December 2025 incidents");
    settle(&eval).expect("the example stays in range")
}

#[test]
fn every_month_follows_the_design_table() {
    let settlement = settle_example();
    assert_eq!(settlement.months.len(), 12);
    for (month, row) in settlement.months.iter().zip(DESIGN) {
        let (period, p1_status, p1_value, repeat_status, repeat_value, credits, net) = row;
        assert_eq!(month.period.to_string(), period);
        let (p1, repeat) = (&month.clauses[0], &month.clauses[1]);
        let value = |v: &xla::value::Value| v.decimal().map_or_else(|| "none".to_string(), canonical);
        assert_eq!(p1.status.as_str(), p1_status, "{period} p1 status");
        assert_eq!(value(&p1.value.value), p1_value, "{period} p1 value");
        assert_eq!(repeat.status.as_str(), repeat_status, "{period} repeat status");
        assert_eq!(value(&repeat.value.value), repeat_value, "{period} repeat value");
        assert_eq!(format!("{:.2}", month.totals.credits), credits, "{period} credits");
        assert_eq!(format!("{:.2}", month.totals.net), net, "{period} net");
    }
}

#[test]
fn volumes_count_the_rows_of_the_quarter_and_of_the_window() {
    let settlement = settle_example();
    for (m, month) in settlement.months.iter().enumerate() {
        let p1_volume = month.clauses[0].value.volume;
        let closes_quarter = m % 3 == 2;
        assert_eq!(p1_volume, closes_quarter.then_some(30), "{} p1 volume", month.period);
        assert_eq!(month.clauses[1].value.volume, Some(REPEAT_VOLUMES[m]), "{} repeat volume", month.period);
    }
}

#[test]
fn credits_fall_where_the_design_puts_them() {
    let settlement = settle_example();
    let credit = |m: usize, c: usize| format!("{:.2}", settlement.months[m].clauses[c].credit);
    // p1 pays only in September (failed quarter); June is missed: nothing.
    for m in 0..12 {
        assert_eq!(credit(m, 0), if m == 8 { "3000.00" } else { "0.00" }, "p1 in month {}", m + 1);
    }
    // repeat: 1% of the fee above 8%, 2% above 12%.
    let repeat: Vec<String> = (0..12).map(|m| credit(m, 1)).collect();
    assert_eq!(
        repeat,
        ["0.00", "0.00", "0.00", "500.00", "1000.00", "1000.00", "500.00", "0.00", "0.00", "0.00", "0.00", "500.00"]
    );
}

#[test]
fn two_missed_quarters_escalate_in_september_only() {
    let settlement = settle_example();
    for month in &settlement.months {
        if month.period.to_string() == "2026-09" {
            assert_eq!(month.escalations.len(), 1);
            let e = &month.escalations[0];
            assert_eq!((e.clause.as_str(), e.level), ("p1", 1));
            assert_eq!(e.due.to_string(), "2026-10-05");
            assert_eq!(e.condition, "missed 2 consecutive periods");
        } else {
            assert!(month.escalations.is_empty(), "{}: {:?}", month.period, month.escalations);
        }
    }
}

#[test]
fn only_december_is_a_watermelon() {
    // December: the SLA p1 is met, the XLA repeat failed. In April, May and
    // July the SLA is not assessed, so no SLA is green.
    let settlement = settle_example();
    let flagged: Vec<String> =
        settlement.months.iter().filter(|m| m.watermelon).map(|m| m.period.to_string()).collect();
    assert_eq!(flagged, ["2026-12"]);
}

#[test]
fn the_command_line_writes_not_assessed_months() {
    let out = tempfile::tempdir().unwrap();
    let dir = example();
    let o = Command::new(env!("CARGO_BIN_EXE_xla"))
        .args(["settle", "contract.xla", "--data", "data", "--period", "2026-01", "--through", "2026-06", "--out"])
        .arg(out.path())
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("settlement-2026-05.json")).unwrap()).unwrap();
    assert_eq!(json["clauses"][0]["status"], "not_assessed");
    assert_eq!(json["clauses"][0]["value"], serde_json::Value::Null);
    assert_eq!(json["clauses"][0]["credit"], "0.00");
    assert_eq!(json["clauses"][0]["measured_over"], serde_json::Value::Null);
    assert_eq!(json["clauses"][1]["value"], "14");
    assert!(json["clauses"][1].get("measured_over").is_none(), "a monthly clause has no measured_over");
    let june: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("settlement-2026-06.json")).unwrap()).unwrap();
    assert_eq!(june["clauses"][0]["measured_over"], serde_json::json!({"from": "2026-04", "through": "2026-06"}));
    assert_eq!(june["clauses"][0]["volume"], 30);
    let markdown = fs::read_to_string(out.path().join("settlement-2026-05.md")).unwrap();
    assert!(markdown.contains("| not_assessed |"), "{markdown}");
    assert!(
        markdown.contains("- `p1` is measured every 3 months: this month belongs to the period 2026-04 to 2026-06, assessed in 2026-06."),
        "{markdown}"
    );
    let june_md = fs::read_to_string(out.path().join("settlement-2026-06.md")).unwrap();
    assert!(june_md.contains("its figures are over 2026-04 to 2026-06, assessed this month"), "{june_md}");
    let explain = |period: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_xla"))
            .args(["explain", "contract.xla", "--data", "data", "--period", period, "p1"])
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let text = explain("2026-06");
    assert!(text.contains("population: 30 rows of `tickets` in 2026-04 to 2026-06 that pass `where`"), "{text}");
    assert!(text.contains("meeting: 24; not meeting: 6"), "{text}");
    let text = explain("2026-05");
    assert!(text.contains("not_assessed: rule 1: the clause is measured every 3 months"), "{text}");
    assert!(text.contains("the period 2026-04 to 2026-06 is assessed in 2026-06"), "{text}");
    assert!(text.contains("does not hold (nothing fires in a month that is not assessed)"), "{text}");
}
