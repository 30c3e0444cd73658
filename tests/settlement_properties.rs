//! Property tests of settlement invariants (LANGUAGE.md §7.2, §7.6, §8.3):
//! generated contracts and a year of generated metric values, settled and
//! checked against the rules that must hold whatever the figures.
//!
//! Each case writes a contract with four clauses over one dataset whose rows
//! carry two metrics' monthly values directly (`mean(v of scores where
//! clause == "a")`), so a case controls every metric value exactly. The
//! clauses cover every credit regime: an allocation (`a`), bands (`b`),
//! service points with a repeat multiplier (`c`, on b's metric) and a
//! per-unit credit expression (`d`, on a's metric). The term runs 18 months,
//! so that contract years and rolling annual caps both have something to cap.

use proptest::prelude::*;
use std::fmt::Write as _;
use xla::check::{check_file, RealFs};
use xla::eval::{evaluate, Period};
use xla::settle::{settle, Settlement};
use xla::value::Decimal;

/// One generated case.
#[derive(Clone, Debug)]
struct Case {
    fee_cents: u64,
    at_risk: u32,
    gain_cap: u32,
    /// Percent of 12 fees; written as Money when `.1`; `rolling` when `.2`.
    annual_cap: Option<(u32, bool, bool)>,
    target_a: u32,
    minimum_a: Option<u32>,
    allocation_a: u32,
    target_b: u32,
    band_near: u32,
    band_far: u32,
    bonus: u32,
    /// Monthly values of clause a and b (none = no row that month).
    values_a: Vec<Option<u32>>,
    values_b: Vec<Option<u32>>,
}

/// Months in the generated term (2026-01 to 2027-06).
const MONTHS: usize = 18;

fn arb_case() -> impl Strategy<Value = Case> {
    (
        (100_000u64..100_000_000, 0u32..=20, 0u32..=10, prop::option::of((1u32..=15, any::<bool>(), any::<bool>()))),
        (50u32..=99, prop::option::of(0u32..=40), 1u32..=100, 50u32..=99),
        (1u32..=5, 0u32..=5, 0u32..=3),
        prop::collection::vec(prop::option::weighted(0.9, 0u32..=100), MONTHS),
        prop::collection::vec(prop::option::weighted(0.9, 0u32..=100), MONTHS),
    )
        .prop_map(|(money, clauses, bands, values_a, values_b)| Case {
            fee_cents: money.0,
            at_risk: money.1,
            gain_cap: money.2,
            annual_cap: money.3,
            target_a: clauses.0,
            minimum_a: clauses.1.map(|below| clauses.0.saturating_sub(below)),
            allocation_a: clauses.2,
            target_b: clauses.3,
            band_near: bands.0,
            band_far: bands.0 + bands.1,
            bonus: bands.2,
            values_a,
            values_b,
        })
}

fn contract(case: &Case) -> String {
    let fee = Decimal::new(case.fee_cents as i64, 2);
    let annual = case
        .annual_cap
        .map(|(a, money, rolling)| {
            let amount = if money { format!("{} EUR", cents(case, a, 12)) } else { format!("{a}%") };
            format!("  annual_cap {amount}{}\n", if rolling { " rolling" } else { "" })
        })
        .unwrap_or_default();
    let minimum = case.minimum_a.map(|m| format!("  minimum >= {m}\n")).unwrap_or_default();
    format!(
        r#"contract "Properties" {{
  client "C"
  provider "P"
  start 2026-01-01
  end 2027-06-30
  timezone "UTC"
  currency EUR
  monthly_fee {fee} EUR
  at_risk {at_risk}%
  gain_cap {gain_cap}%
  pool 1000%
  point_value 0.25% of monthly_fee
{annual}}}

dataset scores from csv "scores.csv" {{
  clause text = "clause"
  v number = "v"
  at timestamp = "at"
  period by at
}}

metric a_value = mean(v of scores where clause == "a")
metric b_value = mean(v of scores where clause == "b")

sla a {{
  metric a_value
  target >= {target_a}
{minimum}  allocation {allocation_a}%
  when missed 2 consecutive months credit x 1.5
  earnback after 2 consecutive months met
}}

xla b {{
  metric b_value
  target >= {target_b}
  credit {{
    below target : {band_near}% of monthly_fee
    below target - 10 : {band_far}% of monthly_fee
  }}
  bonus {{
    above target + 1 : {bonus}% of monthly_fee
  }}
}}

sla c {{
  metric b_value
  target >= {target_b}
  points {{
    below target : 1
    below target - 5 : {band_far}
  }}
  when missed 2 consecutive months points x 2
}}

sla d {{
  metric a_value
  target >= {target_a}
  credit 0.1% * monthly_fee * floor((target - value) / 2)
  when failed 2 of 3 months credit x 1.5
}}

gain g {{
  value (b_value - 50) * 100.00 EUR
  share 50%
}}
"#,
        at_risk = case.at_risk,
        gain_cap = case.gain_cap,
        target_a = case.target_a,
        allocation_a = case.allocation_a,
        target_b = case.target_b,
        band_near = case.band_near,
        band_far = case.band_far,
        bonus = case.bonus,
    )
}

fn data(case: &Case) -> String {
    let mut csv = String::from("clause,v,at\n");
    for (month, (a, b)) in case.values_a.iter().zip(&case.values_b).enumerate() {
        for (clause, value) in [("a", a), ("b", b)] {
            if let Some(v) = value {
                let _ = writeln!(csv, "{clause},{v},{}-{:02}-15T12:00:00Z", 2026 + month / 12, month % 12 + 1);
            }
        }
    }
    csv
}

fn run(case: &Case) -> Settlement {
    let dir = tempfile::tempdir().expect("temp dir");
    let contract_path = dir.path().join("contract.xla");
    std::fs::write(&contract_path, contract(case)).expect("write contract");
    std::fs::write(dir.path().join("scores.csv"), data(case)).expect("write data");
    let checked = check_file(&contract_path, &RealFs).expect("read contract");
    let program = checked.program.unwrap_or_else(|| panic!("contract does not check: {:?}", checked.diagnostics));
    let through: Period = "2027-06".parse().expect("period");
    let evaluation = evaluate(&program, dir.path(), through, &mut |_: &str, _: u64| {}).expect("evaluate");
    settle(&evaluation).expect("generated contracts stay in range")
}

fn cents(case: &Case, percent: u32, times: i64) -> Decimal {
    // percent × fee, rounded half away from zero to cents.
    let amount = Decimal::new(case.fee_cents as i64 * times, 2) * Decimal::from(percent) / Decimal::ONE_HUNDRED;
    amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Caps bound every month, the annual cap every contract year (or, when
    /// rolling, every 12 consecutive months), and the net is the fee less
    /// credits plus earnbacks, bonuses and gains.
    #[test]
    fn caps_bound_and_net_adds_up(case in arb_case()) {
        let settlement = run(&case);
        let credit_cap = cents(&case, case.at_risk, 1);
        let gain_cap = cents(&case, case.gain_cap, 1);
        for month in &settlement.months {
            let t = &month.totals;
            prop_assert!(t.credits <= credit_cap, "{}: credits {} over the cap {}", month.period, t.credits, credit_cap);
            prop_assert!(t.bonuses_and_gains <= gain_cap, "{}: gains {} over the cap {}", month.period, t.bonuses_and_gains, gain_cap);
            prop_assert_eq!(t.net, t.monthly_fee - t.credits + t.earnbacks + t.bonuses_and_gains);
            let lines: Decimal = month.clauses.iter().map(|c| c.credit).sum();
            prop_assert_eq!(lines, t.credits);
            prop_assert!(month.clauses.iter().all(|c| c.credit <= c.credit_before_cap && c.credit >= Decimal::ZERO));
            prop_assert_eq!(t.points, month.clauses.iter().filter_map(|c| c.points).sum::<Decimal>());
        }
        // The caps are exact: a month's lines add up to the monthly cap when
        // they pass it, and then to what is left of the annual cap when they
        // pass that.
        let limit = case.annual_cap.map(|(annual, _, rolling)| (cents(&case, annual, 12), rolling));
        let mut charged: Vec<Decimal> = Vec::new();
        for (m, month) in settlement.months.iter().enumerate() {
            let before: Decimal = month.clauses.iter().map(|c| c.credit_before_cap).sum();
            let after_monthly: Decimal = month.clauses.iter().map(|c| c.credit_after_monthly_cap).sum();
            prop_assert_eq!(after_monthly, before.min(credit_cap), "{}: monthly cap", month.period);
            let expected = match limit {
                Some((limit, rolling)) => {
                    let from = if rolling { m.saturating_sub(11) } else { m - m % 12 };
                    let taken: Decimal = charged[from..m].iter().sum();
                    after_monthly.min((limit - taken).max(Decimal::ZERO))
                }
                None => after_monthly,
            };
            prop_assert_eq!(month.totals.credits, expected, "{}: annual cap", month.period);
            charged.push(month.totals.credits);
        }
        if let Some((annual, _, rolling)) = case.annual_cap {
            let limit = cents(&case, annual, 12);
            let credits: Vec<Decimal> = settlement.months.iter().map(|m| m.totals.credits).collect();
            let windows: Vec<&[Decimal]> =
                if rolling { credits.windows(12).collect() } else { credits.chunks(12).collect() };
            for window in windows {
                let taken: Decimal = window.iter().sum();
                prop_assert!(taken <= limit, "12 months' credits {} over the annual cap {}", taken, limit);
            }
        }
    }

    /// Settling is a pure function: the same inputs give the same settlement.
    #[test]
    fn settling_twice_gives_the_same_result(case in arb_case()) {
        prop_assert_eq!(format!("{:?}", run(&case).months), format!("{:?}", run(&case).months));
    }

    /// A strictly better value in one month never raises a credit: not the
    /// clause's line before the cap in any month (fewer misses mean fewer
    /// multipliers), and, without an annual cap, not the month's credits.
    #[test]
    fn a_better_value_never_raises_a_credit(case in arb_case(), month in 0usize..MONTHS, gain in 1u32..=30, clause_b in any::<bool>()) {
        let mut better = case.clone();
        better.annual_cap = None;
        let worse = better.clone();
        let values = if clause_b { &mut better.values_b } else { &mut better.values_a };
        let Some(v) = values[month] else { return Ok(()); };
        values[month] = Some(v + gain);
        let (before, after) = (run(&worse), run(&better));
        // The clauses on the changed metric: a and d on a's, b and c on b's.
        let indices = if clause_b { [1, 2] } else { [0, 3] };
        for (b, a) in before.months.iter().zip(&after.months) {
            for index in indices {
                prop_assert!(
                    a.clauses[index].credit_before_cap <= b.clauses[index].credit_before_cap,
                    "{}: line of clause {} rose from {} to {}", b.period, index, b.clauses[index].credit_before_cap, a.clauses[index].credit_before_cap
                );
                prop_assert!(a.clauses[index].points <= b.clauses[index].points, "{}: points rose", b.period);
            }
            prop_assert!(a.totals.credits <= b.totals.credits, "{}: credits rose", b.period);
        }
    }
}
