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
/// month so far. Months before the first settled month do not exist: they
/// break a run and do not count towards `N of M`.
pub fn holds(test_status: StatusTest, window: Window, statuses: &[Status], m: usize) -> bool {
    match window {
        Window::ThisMonth => test(test_status, statuses[m]),
        Window::Consecutive(n) => {
            let n = n as usize;
            m + 1 >= n && statuses[m + 1 - n..=m].iter().all(|s| test(test_status, *s))
        }
        Window::OfLast(n, of) => {
            let from = (m + 1).saturating_sub(of as usize);
            statuses[from..=m].iter().filter(|s| test(test_status, **s)).count() >= n as usize
        }
    }
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
}
