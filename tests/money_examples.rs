//! The money-regime examples settled over their designed year:
//! `examples/per-incident/` (per-unit and per-incident credit expressions,
//! a repeat multiplier, the monthly cap and an annual cap as an amount) and
//! `examples/uk-service-points/` (service points with repeat multipliers, a
//! critical failure by value, a rolling annual cap).
//!
//! Every expected figure restates the design table of the example's
//! README.md, worked out by hand from LANGUAGE.md before the settlement was
//! run. A failure means the data, the design or the evaluator is wrong, not
//! that the expectations need refreshing.

use std::path::Path;
use xla::check::{check_file, Checked, RealFs};
use xla::eval::{evaluate, Period};
use xla::report::{explain, settlement_json, settlement_markdown, ContractFiles, Inputs};
use xla::settle::{settle, Settlement};
use xla::value::{canonical, Decimal};

/// Checks and settles `examples/NAME` through `through`.
fn settle_example(name: &str, through: &str) -> (xla::ir::Program, Settlement) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
    let checked = check_file(&dir.join("contract.xla"), &RealFs).expect("contract.xla is readable");
    assert!(checked.diagnostics.is_empty(), "{name}: {:#?}", checked.diagnostics);
    let program = checked.program.expect("a program when there are no errors");
    let through: Period = through.parse().expect("a period");
    let settlement = {
        let eval = evaluate(&program, &dir.join("data"), through, &mut |_: &str, _: u64| {}).expect("data loads");
        assert_eq!(eval.rejected_total, 0, "{name}: {:#?}", eval.rejections);
        settle(&eval).expect("the example settles")
    };
    (program, settlement)
}

fn money(d: Decimal) -> String {
    format!("{:.2}", d)
}

/// One clause in one month: status, points ("-" without a points regime),
/// line before the caps, line after them.
type Line = (&'static str, &'static str, &'static str, &'static str);

/// Asserts every clause of every month, and the month's total credits.
fn assert_year(settlement: &Settlement, months: &[(&str, &[Line], &str)]) {
    assert_eq!(settlement.months.len(), months.len());
    for (month, (period, lines, credits)) in settlement.months.iter().zip(months) {
        assert_eq!(month.period.to_string(), *period);
        for (ci, (cm, (status, points, before, after))) in month.clauses.iter().zip(*lines).enumerate() {
            let got = (
                cm.status.as_str(),
                cm.points.map_or_else(|| "-".to_string(), canonical),
                money(cm.credit_before_cap),
                money(cm.credit),
            );
            let want = (*status, points.to_string(), before.to_string(), after.to_string());
            assert_eq!(got, want, "{period} clause {ci}");
        }
        assert_eq!(money(month.totals.credits), *credits, "{period} credits");
    }
}

#[test]
fn per_incident_year_matches_the_design_table() {
    let (_, settlement) = settle_example("per-incident", "2026-12");
    // (availability, p1_late); see examples/per-incident/README.md.
    let months: [(&str, &[Line], &str); 12] = [
        ("2026-01", &[("met", "-", "0.00", "0.00"), ("met", "-", "0.00", "0.00")], "0.00"),
        ("2026-02", &[("failed", "-", "0.00", "0.00"), ("failed", "-", "1000.00", "1000.00")], "1000.00"),
        ("2026-03", &[("failed", "-", "4500.00", "4500.00"), ("failed", "-", "500.00", "500.00")], "5000.00"),
        ("2026-04", &[("met", "-", "0.00", "0.00"), ("met", "-", "0.00", "0.00")], "0.00"),
        ("2026-05", &[("failed", "-", "5000.00", "5000.00"), ("failed", "-", "1500.00", "1500.00")], "6500.00"),
        ("2026-06", &[("failed", "-", "19500.00", "10883.72"), ("failed", "-", "2000.00", "1116.28")], "12000.00"),
        ("2026-07", &[("met", "-", "0.00", "0.00"), ("met", "-", "0.00", "0.00")], "0.00"),
        ("2026-08", &[("failed", "-", "0.00", "0.00"), ("failed", "-", "500.00", "500.00")], "500.00"),
        ("2026-09", &[("failed", "-", "1500.00", "1500.00"), ("met", "-", "0.00", "0.00")], "1500.00"),
        ("2026-10", &[("met", "-", "0.00", "0.00"), ("failed", "-", "2500.00", "2500.00")], "2500.00"),
        ("2026-11", &[("met", "-", "0.00", "0.00"), ("met", "-", "0.00", "0.00")], "0.00"),
        ("2026-12", &[("failed", "-", "4000.00", "800.00"), ("failed", "-", "1000.00", "200.00")], "1000.00"),
    ];
    assert_year(&settlement, &months);
    // December counts the incident still open at the end of the export.
    assert_eq!(canonical(settlement.months[11].clauses[1].value.value.decimal().unwrap()), "2");
}

#[test]
fn uk_service_points_year_matches_the_design_table() {
    let (_, settlement) = settle_example("uk-service-points", "2027-03");
    let met = ("met", "0", "0.00", "0.00");
    // (kpi1, kpi2, kpi3, kpi4); see examples/uk-service-points/README.md.
    let months: [(&str, &[Line], &str); 12] = [
        ("2026-04", &[met, met, met, met], "0.00"),
        (
            "2026-05",
            &[("failed", "1", "2000.00", "2000.00"), ("failed", "1", "2000.00", "2000.00"), met, met],
            "4000.00",
        ),
        (
            "2026-06",
            &[
                ("failed", "4", "8000.00", "8000.00"),
                met,
                ("failed", "1", "2000.00", "2000.00"),
                ("failed", "1", "2000.00", "2000.00"),
            ],
            "12000.00",
        ),
        (
            "2026-07",
            &[
                met,
                ("failed", "3", "6000.00", "6000.00"),
                ("failed", "2", "4000.00", "4000.00"),
                ("failed", "4", "8000.00", "8000.00"),
            ],
            "18000.00",
        ),
        (
            "2026-08",
            &[("failed", "4", "8000.00", "8000.00"), ("failed", "4", "8000.00", "8000.00"), met, met],
            "16000.00",
        ),
        ("2026-09", &[("failed", "8", "16000.00", "16000.00"), met, met, met], "16000.00"),
        ("2026-10", &[met, met, ("failed", "3", "6000.00", "6000.00"), met], "6000.00"),
        (
            "2026-11",
            &[
                met,
                ("failed", "4", "8000.00", "6000.00"),
                ("failed", "8", "16000.00", "12000.00"),
                ("failed", "4", "8000.00", "6000.00"),
            ],
            "24000.00",
        ),
        ("2026-12", &[("failed", "1", "2000.00", "0.00"), met, met, met], "0.00"),
        ("2027-01", &[met, met, met, met], "0.00"),
        ("2027-02", &[("failed", "2", "4000.00", "0.00"), met, met, met], "0.00"),
        ("2027-03", &[("failed", "2", "4000.00", "0.00"), met, met, met], "0.00"),
    ];
    assert_year(&settlement, &months);
    let points: Vec<String> = settlement.months.iter().map(|m| canonical(m.totals.points)).collect();
    assert_eq!(points, ["0", "2", "6", "9", "8", "8", "3", "16", "1", "0", "2", "2"]);
    // The critical service level failure: August only (96.5% < 97%; not September's 97.8%).
    let chronic: Vec<&str> = settlement
        .months
        .iter()
        .filter(|m| !m.chronic_failure.is_empty())
        .map(|m| m.chronic_failure[0].as_str())
        .collect();
    assert_eq!(chronic, ["kpi1"]);
    assert_eq!(settlement.months[4].chronic_failure, ["kpi1"]);
}

/// Runs `f` on the report inputs of `examples/NAME` settled through `period`.
fn with_inputs<T>(name: &str, period: &str, f: impl FnOnce(Inputs, &Checked, &Path, Period) -> T) -> T {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
    let checked = check_file(&dir.join("contract.xla"), &RealFs).expect("readable");
    let program = checked.program.clone().expect("checks");
    let through: Period = period.parse().expect("a period");
    let eval = evaluate(&program, &dir.join("data"), through, &mut |_: &str, _: u64| {}).expect("loads");
    let settlement = settle(&eval).expect("the example settles");
    let files = ContractFiles::new(&checked.sources);
    f(Inputs { eval: &eval, settlement: &settlement, contract: &files }, &checked, &dir.join("data"), through)
}

/// `xla explain` of clause `id` of `examples/NAME` in `period`, as text.
fn explained(name: &str, id: &str, period: &str) -> String {
    with_inputs(name, period, |inputs, checked, data, through| {
        explain::explain(inputs, checked, data, id, through).expect("explains").to_string()
    })
}

#[test]
fn json_and_markdown_report_points_and_pricing() {
    let (json, markdown) = with_inputs("uk-service-points", "2026-06", |inputs, _, _, _| {
        let json: serde_json::Value =
            serde_json::from_slice(&settlement_json(inputs, 2).expect("renders")).expect("JSON");
        (json, settlement_markdown(inputs, 2))
    });
    let points: Vec<&serde_json::Value> =
        json["clauses"].as_array().expect("clauses").iter().map(|c| &c["points"]).collect();
    assert_eq!(points, ["4", "0", "1", "1"]);
    assert_eq!(json["totals"]["points"], "6");
    assert_eq!(json["totals"]["credits"], "12000.00");
    assert!(markdown.contains("## How each credit was priced\n"), "{markdown}");
    assert!(markdown.contains(
        "- credit: band `below 99% : 2` reached = 2 points × 2 (when missed 2 consecutive months) = 4 points × point_value 2,000.00 GBP = 8,000.00 GBP\n"
    ), "{markdown}");
    // A clause without a points regime reports null.
    let json = with_inputs("per-incident", "2026-01", |inputs, _, _, _| {
        serde_json::from_slice::<serde_json::Value>(&settlement_json(inputs, 0).expect("renders")).expect("JSON")
    });
    assert_eq!(json["clauses"][0]["points"], serde_json::Value::Null);
    assert_eq!(json["totals"]["points"], "0");
}

#[test]
fn explain_shows_the_expression_points_and_caps() {
    let june = explained("per-incident", "availability", "2026-06");
    for line in [
        "  credit: 1,000.00 EUR * floor((99.5% - 98.2%) / 0.1%) = 13,000.00 EUR\n",
        "    × 1.5 (when failed 2 consecutive months)\n",
        "    the monthly cap (at_risk 10% = 12,000.00 EUR) scaled the month's credit lines pro rata: this one by −8,616.28 EUR to 10,883.72 EUR\n",
    ] {
        assert!(june.contains(line), "{line:?} not in\n{june}");
    }
    let december = explained("per-incident", "p1_late", "2026-12");
    assert!(december.contains("  credit: 500.00 EUR * 2 = 1,000.00 EUR\n"), "{december}");
    assert!(
        december.contains("    the annual cap (30,000.00 EUR a contract year) scaled the month's credit lines pro rata again: this one by −800.00 EUR to 200.00 EUR\n"),
        "{december}"
    );
    let november = explained("uk-service-points", "kpi3", "2026-11");
    for line in [
        "  credit: band `below 75% : 4` reached = 4 points × 2 (when missed 2 consecutive months) = 8 points × point_value 2,000.00 GBP = 16,000.00 GBP\n",
        "    the annual cap (2% of 12 monthly fees in any 12 consecutive months) scaled the month's credit lines pro rata again: this one by −4,000.00 GBP to 12,000.00 GBP\n",
    ] {
        assert!(november.contains(line), "{line:?} not in\n{november}");
    }
}
