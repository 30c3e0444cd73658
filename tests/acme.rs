//! The Acme example (LANGUAGE.md §2) settled over 2026 against the data of
//! `examples/acme/data/`, made by `examples/acme/generate.py`.
//!
//! Every expected value here restates the design table in the generator's
//! docstring: it was written down before the settlement was run, from the
//! contract's rules and the monthly parameters the data was built to have.
//! A failure means the data, the design or the evaluator is wrong, not that
//! the expectations need refreshing.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use xla::check::{check_file, RealFs};
use xla::eval::{evaluate, DatasetInput, Period};
use xla::ir::Program;
use xla::settle::{settle, MonthSettlement, Settlement};
use xla::value::Decimal;

const MONTHS: [&str; 12] = [
    "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
    "2026-11", "2026-12",
];

/// Intended statuses, clause by clause (file order: p1, email, happy,
/// repeat, lost_time), month by month.
const STATUSES: [[&str; 5]; 12] = [
    ["met", "met", "baselining", "met", "met"],         // Jan
    ["met", "met", "baselining", "met", "met"],         // Feb: planned maintenance excluded
    ["missed", "met", "baselining", "met", "met"],      // Mar
    ["met", "met", "met", "met", "met"],                // Apr
    ["missed", "missed", "met", "met", "met"],          // May: outage into June
    ["failed", "missed", "failed", "failed", "failed"], // Jun
    ["failed", "failed", "failed", "failed", "met"],    // Jul: 3rd missed P1 month, cap
    ["met", "met", "met", "met", "met"],                // Aug
    ["met", "met", "met", "met", "met"],                // Sep
    ["met", "met", "met", "met", "met"],                // Oct: earnback, review reset
    ["met", "met", "failed", "met", "met"],             // Nov: watermelon
    ["not_measured", "met", "met", "met", "met"],       // Dec: 8 P1 < min_volume 10
];

const CLAUSES: [&str; 5] = ["p1", "email", "happy", "repeat", "lost_time"];

struct Acme {
    program: Program,
    settlement: Settlement,
    inputs: Vec<DatasetInput>,
}

fn acme_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme")
}

fn settle_acme() -> Acme {
    let dir = acme_dir();
    let checked = check_file(&dir.join("contract.xla"), &RealFs).expect("contract.xla is readable");
    assert!(!checked.has_errors(), "contract.xla has errors: {:#?}", checked.diagnostics);
    let program = checked.program.expect("a program when there are no errors");
    let through: Period = "2026-12".parse().unwrap();
    let (settlement, inputs) = {
        let eval = evaluate(&program, &dir.join("data"), through, &mut |_: &str, _: u64| {}).expect("data loads");
        assert_eq!(eval.rejected_total, 2, "the two malformed survey rows, and nothing else: {:#?}", eval.rejections);
        (settle(&eval).expect("acme settles"), eval.inputs.clone())
    };
    Acme { program, settlement, inputs }
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

impl Acme {
    fn month(&self, period: &str) -> &MonthSettlement {
        self.settlement.months.iter().find(|m| m.period.to_string() == period).expect("a settled month")
    }

    fn clause_index(&self, id: &str) -> usize {
        self.program.clauses.iter().position(|c| c.id == id).expect("a clause")
    }

    fn status(&self, period: &str, id: &str) -> &'static str {
        self.month(period).clauses[self.clause_index(id)].status.as_str()
    }

    fn value(&self, period: &str, id: &str) -> Option<Decimal> {
        self.month(period).clauses[self.clause_index(id)].value.value.decimal()
    }

    fn target(&self, period: &str, id: &str) -> Option<Decimal> {
        self.month(period).clauses[self.clause_index(id)].target.map(|t| t.value)
    }

    fn credit(&self, period: &str, id: &str) -> (Decimal, Decimal) {
        let c = &self.month(period).clauses[self.clause_index(id)];
        (c.credit_before_cap, c.credit)
    }

    fn bonus(&self, period: &str, id: &str) -> Decimal {
        self.month(period).clauses[self.clause_index(id)].bonus
    }
}

#[test]
fn acme_year_statuses_follow_the_design_table() {
    let acme = settle_acme();
    assert_eq!(acme.program.clauses.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), CLAUSES);
    assert_eq!(acme.settlement.months.len(), 12, "January through December 2026");
    let mut wrong = Vec::new();
    for (period, statuses) in MONTHS.iter().zip(STATUSES) {
        for (id, want) in CLAUSES.iter().zip(statuses) {
            let got = acme.status(period, id);
            if got != want {
                wrong.push(format!("{period} {id}: got {got}, designed {want} (value {:?})", acme.value(period, id)));
            }
        }
    }
    assert!(wrong.is_empty(), "statuses differ from the design:\n{}", wrong.join("\n"));
}

#[test]
fn acme_metric_values_are_the_designed_ones() {
    let acme = settle_acme();
    // P1 resolution: on time / P1 resolved in the month. January holds a
    // P1 of exactly 4 business hours (`<= 4h`: on time); December 7 of 8
    // only because 24 and 28 December are closed.
    let p1 = ["95", "100", "90", "100", "90", "85", "80", "95", "100", "95", "100", "87.5"];
    // Repeat rate: reopened / resolved tickets.
    let repeat = ["6", "7", "6", "6", "7", "10", "16", "6", "5", "6", "7", "8"];
    // Mean happiness (the April and October means include a survey written
    // in UTC as the last day of the month before).
    let happy = ["68", "70", "72", "74", "75", "70", "64", "80", "87", "78", "74", "79"];
    // Mean lost time, minutes.
    let lost = [110, 105, 100, 106, 110, 130, 115, 105, 95, 90, 88, 84];
    for (i, period) in MONTHS.iter().enumerate() {
        assert_eq!(acme.value(period, "p1"), Some(d(p1[i])), "{period} p1");
        assert_eq!(acme.value(period, "repeat"), Some(d(repeat[i])), "{period} repeat");
        assert_eq!(acme.value(period, "happy"), Some(d(happy[i])), "{period} happy");
        assert_eq!(acme.value(period, "lost_time"), Some(Decimal::from(lost[i] * 60)), "{period} lost (s)");
    }
    // E-mail: the outage of 31 May 22:08:24 to 1 June 01:48 BST is 0.25% of
    // each month; July's 5 h 34 min 48 s is 0.75%; February's 6 h planned
    // maintenance does not count.
    assert_eq!(acme.value("2026-05", "email"), Some(d("99.75")));
    assert_eq!(acme.value("2026-06", "email"), Some(d("99.75")));
    assert_eq!(acme.value("2026-07", "email"), Some(d("99.25")));
    let feb = acme.value("2026-02", "email").unwrap();
    assert!(feb > d("99.9"), "February e-mail {feb}: the planned maintenance must be excluded");
    // December: the e-mail outage still open at 23:45 counts its last 15
    // minutes. March and October: `scheduled(always)` is a month of real
    // time, 1 hour short in March and 1 hour long in October.
    for (period, down, scheduled) in
        [("2026-12", "900", "2678400"), ("2026-03", "1200", "2674800"), ("2026-10", "1800", "2682000")]
    {
        let got = acme.value(period, "email").unwrap();
        let expected = d("100") - d("100") * d(down) / d(scheduled);
        assert!((got - expected).abs() < d("0.0000000001"), "{period} e-mail {got}, expected {expected}");
    }
}

#[test]
fn acme_happy_targets_baseline_then_review_reset() {
    let acme = settle_acme();
    for period in &MONTHS[..3] {
        assert_eq!(acme.target(period, "happy"), None, "{period}: baselining, no target yet");
    }
    // Baseline mean(68, 70, 72) = 70, target 70 + 2 from April to September.
    for period in &MONTHS[3..9] {
        assert_eq!(acme.target(period, "happy"), Some(d("72")), "{period}");
    }
    // Review: mean(74, 75, 70, 64, 80, 87) = 75, target 77 from October.
    for period in &MONTHS[9..] {
        assert_eq!(acme.target(period, "happy"), Some(d("77")), "{period}");
    }
}

#[test]
fn acme_escalations_and_chronic_failure() {
    let acme = settle_acme();
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    // (month, clause, level, condition, due)
    let designed = [
        ("2026-03", "p1", 1, "missed", "2026-04-09"), // 5 business days, Good Friday and Easter Monday skipped
        ("2026-05", "p1", 1, "missed", "2026-06-05"),
        ("2026-06", "p1", 2, "failed", "2026-07-14"),
        ("2026-07", "p1", 3, "missed 3 consecutive months", "2026-08-28"),
        ("2026-07", "happy", 2, "missed 2 consecutive months", "2026-08-14"),
    ];
    let mut got = Vec::new();
    for m in &acme.settlement.months {
        for e in &m.escalations {
            got.push((m.period.to_string(), e.clause.clone(), e.level, e.condition.clone(), e.due));
        }
    }
    let want: Vec<_> = designed
        .iter()
        .map(|&(p, c, l, cond, due)| (p.to_string(), c.to_string(), l, cond.to_string(), date(due)))
        .collect();
    assert_eq!(got, want);
    // p1 missed in March, May, June, July: 4 of the 6 months Feb–Jul and Mar–Aug.
    let chronic: Vec<(String, Vec<String>)> = acme
        .settlement
        .months
        .iter()
        .filter(|m| !m.chronic_failure.is_empty())
        .map(|m| (m.period.to_string(), m.chronic_failure.clone()))
        .collect();
    assert_eq!(chronic, vec![("2026-07".into(), vec!["p1".into()]), ("2026-08".into(), vec!["p1".into()])]);
}

#[test]
fn acme_credits_multiplier_and_cap() {
    let acme = settle_acme();
    // June: failed P1 12000 (40% of 30000), happy below target 2500,
    // repeat above 8% 1250, lost time failed 9000 (30%): 24750, under the cap.
    assert_eq!(acme.credit("2026-06", "p1"), (d("12000.00"), d("12000.00")));
    assert_eq!(acme.credit("2026-06", "happy"), (d("2500.00"), d("2500.00")));
    assert_eq!(acme.credit("2026-06", "repeat"), (d("1250.00"), d("1250.00")));
    assert_eq!(acme.credit("2026-06", "lost_time"), (d("9000.00"), d("9000.00")));
    assert_eq!(acme.month("2026-06").totals.credits, d("24750.00"));
    // July: the third missed month multiplies P1's line by 1.5 (18000);
    // e-mail failed 9000; happy below target − 5: 7500; repeat above 15%:
    // 2500. 37000 over the 30000 cap: each line × 30000/37000.
    assert_eq!(acme.credit("2026-07", "p1"), (d("18000.00"), d("14594.59")));
    assert_eq!(acme.credit("2026-07", "email"), (d("9000.00"), d("7297.30")));
    assert_eq!(acme.credit("2026-07", "happy"), (d("7500.00"), d("6081.08")));
    assert_eq!(acme.credit("2026-07", "repeat"), (d("2500.00"), d("2027.03")));
    assert_eq!(acme.credit("2026-07", "lost_time"), (d("0.00"), d("0.00")));
    assert_eq!(acme.month("2026-07").totals.credits, d("30000.00"));
    // Missed months (March, May) create no allocation credit.
    assert_eq!(acme.credit("2026-03", "p1"), (d("0"), d("0")));
    assert_eq!(acme.credit("2026-05", "p1"), (d("0"), d("0")));
    assert_eq!(acme.credit("2026-05", "email"), (d("0"), d("0")));
    // November: happy below the reviewed target 77.
    assert_eq!(acme.credit("2026-11", "happy"), (d("2500.00"), d("2500.00")));
    // The cap binds only in July.
    for m in &acme.settlement.months {
        if m.period.to_string() != "2026-07" {
            assert!(m.totals.credits < d("30000.00"), "{}", m.period);
        }
    }
}

#[test]
fn acme_earnback_after_three_months_met() {
    let acme = settle_acme();
    let earnbacks: Vec<(String, String, String, Decimal)> = acme
        .settlement
        .months
        .iter()
        .flat_map(|m| {
            m.earnbacks
                .iter()
                .map(move |e| (m.period.to_string(), e.clause.clone(), e.charged_in.to_string(), e.amount))
        })
        .collect();
    // P1 met in August, September, October: June's and July's (capped) credits return in October.
    assert_eq!(
        earnbacks,
        vec![
            ("2026-10".into(), "p1".into(), "2026-06".into(), d("12000.00")),
            ("2026-10".into(), "p1".into(), "2026-07".into(), d("14594.59")),
        ]
    );
}

#[test]
fn acme_watermelon_only_in_november() {
    let acme = settle_acme();
    let flagged: Vec<String> =
        acme.settlement.months.iter().filter(|m| m.watermelon).map(|m| m.period.to_string()).collect();
    assert_eq!(flagged, vec!["2026-11"]);
    // Under the first review period's target (72) November's 74 would be met:
    // the flag shows because the target was raised.
    assert!(acme.value("2026-11", "happy").unwrap() >= d("72"));
}

#[test]
fn acme_bonuses_gains_and_totals() {
    let acme = settle_acme();
    // Happy bonus above target + 5 in met months: August (80) and September (87).
    for period in MONTHS {
        let want = if period == "2026-08" || period == "2026-09" { d("2500.00") } else { d("0") };
        assert_eq!(acme.bonus(period, "happy"), want, "{period} happy bonus");
    }
    // Gain: (105 min − lost) × surveys × 55 EUR/h × 30%; no line in the
    // baseline window (§7.6: listed with null amounts, §8.4), 0 when lost
    // time is not below the baseline.
    let gains = ["", "", "", "0", "0", "0", "0", "0", "330.00", "495.00", "561.00", "693.00"];
    for (period, want) in MONTHS.iter().zip(gains) {
        let g = &acme.month(period).gains;
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].id, "productivity");
        if want.is_empty() {
            assert_eq!((g[0].amount_before_cap, g[0].amount), (None, None), "{period}: no line in the window");
        } else {
            assert_eq!(g[0].amount, Some(d(want)), "{period} gain (value {:?})", g[0].value);
        }
    }
    // August: lost time equals the baseline, the value is exactly zero.
    assert_eq!(acme.month("2026-08").gains[0].value.decimal(), Some(d("0")));
    // Net = 250000 − credits + earnbacks + bonuses and gains.
    let net = [
        "250000.00",
        "250000.00",
        "250000.00",
        "250000.00",
        "250000.00",
        "225250.00",
        "220000.00",
        "252500.00",
        "252830.00",
        "277089.59",
        "248061.00",
        "250693.00",
    ];
    for (period, want) in MONTHS.iter().zip(net) {
        assert_eq!(acme.month(period).totals.net, d(want), "{period} net: {:?}", acme.month(period).totals);
    }
}

#[test]
fn acme_inputs_rows_read_rejected_and_without_period() {
    let acme = settle_acme();
    let totals = |name: &str| {
        let input = acme.inputs.iter().find(|i| i.dataset == name).expect("a dataset");
        let sum = |f: fn(&xla::eval::FileInput) -> u64| input.files.iter().map(f).sum::<u64>();
        (input.files.len(), sum(|f| f.rows_read), sum(|f| f.rows_rejected), sum(|f| f.rows_without_period))
    };
    // 3850 resolved tickets in twelve monthly files, and 14 still open (no period).
    assert_eq!(totals("tickets"), (12, 3864, 0, 14));
    // 1440 surveys in the year, 2 answered on 31 December 2025, 2 malformed.
    assert_eq!(totals("surveys"), (1, 1444, 2, 2));
    // 17 outages, every one in 2026 (the two open ones run to the end of December).
    assert_eq!(totals("outages"), (1, 17, 0, 0));
}
