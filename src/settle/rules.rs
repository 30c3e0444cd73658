//! `when` rules: conditions over statuses and what they fire (§7.1, §7.3).

use super::Status;
use crate::ir::{Action, Clause, StatusTest, Window};
use crate::value::Decimal;

/// What a clause's rules fired in one month.
#[derive(Debug, Default)]
pub struct Fired {
    /// The highest escalation level fired, with the condition that fired it.
    pub escalation: Option<(u32, String)>,
    /// Credit multipliers, to be multiplied together.
    pub multipliers: Vec<Decimal>,
    /// Whether a chronic failure was flagged.
    pub chronic_failure: bool,
}

fn test(t: StatusTest, s: Status) -> bool {
    match t {
        StatusTest::Missed => s.is_missed(),
        StatusTest::Failed => s == Status::Failed,
        StatusTest::Met => s == Status::Met,
    }
}

/// Whether a condition holds in month `m`, given the statuses of every
/// month so far. It counts assessed months (periods, §7.7): `not_assessed`
/// months are skipped, and nothing holds in one. Months before the first
/// settled month do not exist: they break a run and do not count towards
/// `N of M`.
pub fn holds(test_status: StatusTest, window: Window, statuses: &[Status], m: usize) -> bool {
    if statuses[m] == Status::NotAssessed {
        return false;
    }
    let mut latest = assessed(statuses, m).map(|(_, s)| s);
    match window {
        Window::ThisMonth => test(test_status, statuses[m]),
        Window::Consecutive(n) => {
            let run: Vec<Status> = latest.by_ref().take(n as usize).collect();
            run.len() == n as usize && run.iter().all(|s| test(test_status, *s))
        }
        Window::OfLast(n, of) => latest.take(of as usize).filter(|s| test(test_status, *s)).count() >= n as usize,
    }
}

/// The assessed months up to `m`, latest first, with their indices.
fn assessed(statuses: &[Status], m: usize) -> impl Iterator<Item = (usize, Status)> + '_ {
    statuses[..=m].iter().copied().enumerate().rev().filter(|(_, s)| *s != Status::NotAssessed)
}

/// The first month of a run of `n` assessed months, all `met`, that ends
/// with month `m` (`earnback after N consecutive months|periods met`, §7.5).
pub fn met_run(statuses: &[Status], m: usize, n: u32) -> Option<usize> {
    if statuses[m] == Status::NotAssessed {
        return None;
    }
    let run: Vec<(usize, Status)> = assessed(statuses, m).take(n as usize).collect();
    let complete = run.len() == n as usize && run.iter().all(|(_, s)| *s == Status::Met);
    run.last().filter(|_| complete).map(|(first, _)| *first)
}

/// Fires the rules of `clause` in month `m`.
pub fn fire(clause: &Clause, statuses: &[Status], m: usize) -> Fired {
    let mut fired = Fired::default();
    for rule in &clause.rules {
        if !holds(rule.condition.test, rule.condition.window, statuses, m) {
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
                Action::ChronicFailure => fired.chronic_failure = true,
            }
        }
    }
    fired
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn consecutive_runs_are_broken_by_any_other_status() {
        let s = [Missed, Failed, Missed, NotMeasured, Missed, Missed];
        assert!(holds(StatusTest::Missed, Window::Consecutive(3), &s, 2));
        assert!(!holds(StatusTest::Missed, Window::Consecutive(3), &s, 5));
        assert!(holds(StatusTest::Missed, Window::Consecutive(2), &s, 5));
        // Not enough months yet.
        assert!(!holds(StatusTest::Missed, Window::Consecutive(3), &s, 1));
    }

    #[test]
    fn n_of_m_counts_the_last_m_months() {
        let s = [Missed, Met, Missed, Missed, Met, Met];
        // Months 0..=3: 3 missed of the last 4 → holds for 3 of 4.
        assert!(holds(StatusTest::Missed, Window::OfLast(3, 4), &s, 3));
        // Months 2..=5: 2 missed.
        assert!(!holds(StatusTest::Missed, Window::OfLast(3, 4), &s, 5));
        // Early months: only the months that exist count.
        assert!(holds(StatusTest::Missed, Window::OfLast(1, 6), &s, 0));
    }

    #[test]
    fn periods_skip_months_not_assessed() {
        let s = [NotAssessed, NotAssessed, Missed, NotAssessed, NotAssessed, Missed, NotAssessed];
        // Two quarters missed in a row, the months between them skipped.
        assert!(holds(StatusTest::Missed, Window::Consecutive(2), &s, 5));
        assert!(!holds(StatusTest::Missed, Window::Consecutive(3), &s, 5));
        assert!(holds(StatusTest::Missed, Window::OfLast(2, 2), &s, 5));
        // Nothing holds in a month that is not assessed.
        assert!(!holds(StatusTest::Missed, Window::ThisMonth, &s, 6));
        assert!(!holds(StatusTest::Missed, Window::Consecutive(2), &s, 6));
    }

    #[test]
    fn a_met_run_counts_periods() {
        let s = [NotAssessed, NotAssessed, Failed, NotAssessed, NotAssessed, Met, NotAssessed, NotAssessed, Met];
        assert_eq!(met_run(&s, 5, 2), None);
        assert_eq!(met_run(&s, 8, 2), Some(5));
        assert_eq!(met_run(&s, 7, 1), None);
        assert_eq!(met_run(&[Met, Met, Met], 2, 3), Some(0));
    }
}
