//! `when` rules: conditions over statuses and what they fire (§7.1, §7.3).

use super::money::level_value;
use super::{Status, Track};
use crate::ir::{Action, Clause, Condition, StatusTest, Threshold, Window};
use crate::value::Decimal;

/// What a clause's rules fired in one month.
#[derive(Debug, Default)]
pub struct Fired {
    /// The highest escalation level fired, with the condition that fired it.
    pub escalation: Option<(u32, String)>,
    /// Credit multipliers, to be multiplied together.
    pub multipliers: Vec<Decimal>,
    /// Points multipliers (§7.2b), to be multiplied together.
    pub points_multipliers: Vec<u32>,
    /// Whether a chronic failure was flagged.
    pub chronic_failure: bool,
}

/// Whether the test holds in month `m` alone.
fn test(t: StatusTest, track: &Track, m: usize) -> bool {
    let s = track.statuses[m];
    match t {
        StatusTest::Missed => s.is_missed(),
        StatusTest::Failed => s == Status::Failed,
        StatusTest::Met => s == Status::Met,
        // §7.1 v2: false unless the month is measured (missed, failed or met).
        StatusTest::Value(v) => {
            let value = track.values[m].value.decimal().filter(|_| s.is_measured());
            // A level out of the decimal range is past no value.
            let level = level_value(v.level, track.targets[m]).ok().flatten();
            match (value, level) {
                (Some(x), Some(l)) => Threshold { op: v.op, value: l }.holds(x),
                _ => false,
            }
        }
    }
}

/// Whether a condition holds in month `m`, given the clause's track up to
/// it. Months before the first settled month do not exist: they break a
/// run and do not count towards `N of M`.
pub fn holds(condition: &Condition, track: &Track, m: usize) -> bool {
    match condition.window {
        Window::ThisMonth => test(condition.test, track, m),
        Window::Consecutive(n) => {
            let n = n as usize;
            m + 1 >= n && (m + 1 - n..=m).all(|t| test(condition.test, track, t))
        }
        Window::OfLast(n, of) => {
            let from = (m + 1).saturating_sub(of as usize);
            (from..=m).filter(|&t| test(condition.test, track, t)).count() >= n as usize
        }
    }
}

/// Fires the rules of `clause` in month `m`.
pub fn fire(clause: &Clause, track: &Track, m: usize) -> Fired {
    let mut fired = Fired::default();
    for rule in &clause.rules {
        if !holds(&rule.condition, track, m) {
            continue;
        }
        for action in &rule.actions {
            match action {
                Action::Escalate(level) => {
                    if fired.escalation.as_ref().is_none_or(|(l, _)| level > l) {
                        fired.escalation = Some((*level, rule.condition.text.clone()));
                    }
                }
                Action::CreditMultiplier(f) => fired.multipliers.push(*f),
                Action::PointsMultiplier(f) => fired.points_multipliers.push(*f),
                Action::ChronicFailure => fired.chronic_failure = true,
            }
        }
    }
    fired
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::MetricValue;
    use crate::ir::{BandLevel, ValueTest};
    use crate::syntax::ast::CmpOp;
    use crate::value::Value;
    use Status::*;

    fn track(statuses: &[Status]) -> Track {
        Track {
            values: statuses.iter().map(|_| MetricValue { value: Value::None, volume: None }).collect(),
            targets: vec![None; statuses.len()],
            statuses: statuses.to_vec(),
            window: None,
        }
    }

    fn cond(test: StatusTest, window: Window) -> Condition {
        Condition { test, window, text: String::new() }
    }

    #[test]
    fn consecutive_runs_are_broken_by_any_other_status() {
        let s = track(&[Missed, Failed, Missed, NotMeasured, Missed, Missed]);
        let c = |n| cond(StatusTest::Missed, Window::Consecutive(n));
        assert!(holds(&c(3), &s, 2));
        assert!(!holds(&c(3), &s, 5));
        assert!(holds(&c(2), &s, 5));
        // Not enough months yet.
        assert!(!holds(&c(3), &s, 1));
        // `failed 2 consecutive months`: only failed months count.
        assert!(!holds(&cond(StatusTest::Failed, Window::Consecutive(2)), &s, 2));
    }

    #[test]
    fn n_of_m_counts_the_last_m_months() {
        let s = track(&[Missed, Met, Missed, Missed, Met, Met]);
        // Months 0..=3: 3 missed of the last 4 → holds for 3 of 4.
        assert!(holds(&cond(StatusTest::Missed, Window::OfLast(3, 4)), &s, 3));
        // Months 2..=5: 2 missed.
        assert!(!holds(&cond(StatusTest::Missed, Window::OfLast(3, 4)), &s, 5));
        // Early months: only the months that exist count.
        assert!(holds(&cond(StatusTest::Missed, Window::OfLast(1, 6)), &s, 0));
    }

    #[test]
    fn value_conditions_hold_only_in_measured_months() {
        let d = |x: &str| x.parse::<Decimal>().unwrap();
        let mut t = track(&[Failed, NotMeasured, Met]);
        t.values =
            ["85", "80", "95"].iter().map(|v| MetricValue { value: Value::Percent(d(v)), volume: Some(10) }).collect();
        t.targets = vec![Some(Threshold { op: CmpOp::Ge, value: d("95") }); 3];
        let below_90 =
            cond(StatusTest::Value(ValueTest { op: CmpOp::Lt, level: BandLevel::Value(d("90")) }), Window::ThisMonth);
        assert!(holds(&below_90, &t, 0));
        // 80 < 90, but the month is not measured: false (§7.1 v2).
        assert!(!holds(&below_90, &t, 1));
        assert!(!holds(&below_90, &t, 2));
        // `value <= target - 5%`: 95 − 5 = 90; 85 ≤ 90.
        let relative =
            cond(StatusTest::Value(ValueTest { op: CmpOp::Le, level: BandLevel::Target(d("-5")) }), Window::ThisMonth);
        assert!(holds(&relative, &t, 0));
        assert!(!holds(&relative, &t, 2));
    }
}
