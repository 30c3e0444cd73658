//! Replaying both versions over the same months of data: per month and
//! clause, the status and money under each, and the net payable under
//! each ("what this amendment would have cost").
//!
//! Each version is settled on its own by the ordinary pipeline (so each
//! has its own caps, earnbacks and baselines from the start of its term);
//! the replay only sets the months asked for side by side.

use crate::eval::Period;
use crate::ir::Program;
use crate::report::human;
use crate::settle::{MonthSettlement, Settlement};
use rust_decimal::Decimal;
use serde::Serialize;

/// One clause in one month under one version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClauseOutcome {
    /// The status (`met`, `missed`, `failed`, …).
    pub status: &'static str,
    /// The metric's value as people read it (`95%`, `3h12m`, `—` for none).
    pub value: String,
    /// The credit after the caps.
    pub credit: Decimal,
    /// The bonus after the gain cap.
    pub bonus: Decimal,
}

/// One clause in one month under both versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClauseReplay {
    /// The clause id.
    pub id: String,
    /// Under the old version; `None` if it has no such clause.
    pub old: Option<ClauseOutcome>,
    /// Under the new version; `None` if it has no such clause.
    pub new: Option<ClauseOutcome>,
}

/// One month under both versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthReplay {
    /// The month, `YYYY-MM`.
    pub period: String,
    /// Every clause of either version (old order, then clauses only the new one has).
    pub clauses: Vec<ClauseReplay>,
    /// The net payable under the old version.
    pub old_net: Decimal,
    /// The net payable under the new version.
    pub new_net: Decimal,
}

/// The replay of the months asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replay {
    /// The new version's currency code.
    pub currency: String,
    /// The months, in order.
    pub months: Vec<MonthReplay>,
    /// The sum of the old version's net payable over the months.
    pub old_total: Decimal,
    /// The sum of the new version's net payable over the months.
    pub new_total: Decimal,
}

/// A version settled: its program and the settlement of every month from
/// the start of its term.
#[derive(Clone, Copy, Debug)]
pub struct Settled<'a> {
    /// The checked program.
    pub program: &'a Program,
    /// Its settlement.
    pub settlement: &'a Settlement,
}

impl<'a> Settled<'a> {
    /// The settlement of `period`, if settled.
    fn month(self, period: Period) -> Option<&'a MonthSettlement> {
        self.settlement.months.iter().find(|m| m.period == period)
    }
}

/// Sets `old` and `new` side by side for every month from `from` through
/// `through` that both have settled.
pub fn replay(old: Settled, new: Settled, from: Period, through: Period) -> Replay {
    let mut months = Vec::new();
    let mut period = from;
    while period <= through {
        if let (Some(o), Some(n)) = (old.month(period), new.month(period)) {
            months.push(side_by_side(old.program, o, new.program, n));
        }
        period = period.next();
    }
    let total = |f: fn(&MonthReplay) -> Decimal| months.iter().map(f).fold(Decimal::ZERO, Decimal::saturating_add);
    Replay {
        currency: new.program.contract.currency.code().to_string(),
        old_total: total(|m| m.old_net),
        new_total: total(|m| m.new_net),
        months,
    }
}

fn side_by_side(old: &Program, o: &MonthSettlement, new: &Program, n: &MonthSettlement) -> MonthReplay {
    let outcome = |p: &Program, m: &MonthSettlement, id: &str| {
        m.clauses.iter().find(|cm| p.clauses.get(cm.clause).is_some_and(|c| c.id == id)).map(|cm| ClauseOutcome {
            status: cm.status.as_str(),
            value: human::value(&cm.value.value, cm.target.map(|t| t.value)),
            credit: cm.credit,
            bonus: cm.bonus,
        })
    };
    let mut ids: Vec<&str> = old.clauses.iter().map(|c| c.id.as_str()).collect();
    ids.extend(new.clauses.iter().map(|c| c.id.as_str()).filter(|id| !old.clauses.iter().any(|c| c.id == *id)));
    MonthReplay {
        period: o.period.to_string(),
        clauses: ids
            .into_iter()
            .map(|id| ClauseReplay { id: id.to_string(), old: outcome(old, o, id), new: outcome(new, n, id) })
            .collect(),
        old_net: o.totals.net,
        new_net: n.totals.net,
    }
}
