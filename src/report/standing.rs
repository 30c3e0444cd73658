//! Where the money stands at the end of a month, from the settlement alone
//! (nothing is priced again): the credits of the contract year so far
//! against the annual cap, how much of the monthly cap the credits used,
//! and the credits that can still be earned back (LANGUAGE.md §7.2, §7.5).

use super::Inputs;
use crate::eval::Period;
use crate::settle::{caps, contract_year_start};
use crate::value::{div_round, Decimal};

/// The contract year up to a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearToDate {
    /// The first month of the contract year.
    pub first: Period,
    /// The month it runs to.
    pub last: Period,
    /// Credits (after the caps) charged from `first` through `last`.
    pub credits: Decimal,
    /// Earnbacks returned from `first` through `last`.
    pub earnbacks: Decimal,
    /// Bonuses and gains paid from `first` through `last`.
    pub bonuses_and_gains: Decimal,
    /// Net payable from `first` through `last`.
    pub net: Decimal,
    /// The annual cap, if the contract has one.
    pub annual_cap: Option<Decimal>,
}

impl YearToDate {
    /// What the annual cap still allows this contract year (earnbacks do
    /// not restore it); none without an annual cap.
    pub fn headroom(&self) -> Option<Decimal> {
        self.annual_cap.map(|cap| cap.saturating_sub(self.credits).max(Decimal::ZERO))
    }
}

/// The contract year of month `m` (an index into the settled months), through `m`.
pub fn year_to_date(inputs: Inputs, m: usize) -> YearToDate {
    let months = &inputs.settlement.months[contract_year_start(m)..=m];
    let sum = |f: fn(&crate::settle::Totals) -> Decimal| {
        months.iter().fold(Decimal::ZERO, |acc, month| acc.saturating_add(f(&month.totals)))
    };
    YearToDate {
        first: months.first().map_or(inputs.settlement.months[m].period, |s| s.period),
        last: inputs.settlement.months[m].period,
        credits: sum(|t| t.credits),
        earnbacks: sum(|t| t.earnbacks),
        bonuses_and_gains: sum(|t| t.bonuses_and_gains),
        net: sum(|t| t.net),
        annual_cap: caps(&inputs.eval.program.contract).annual,
    }
}

/// The share of the monthly cap (`at_risk × monthly_fee`) that the credits
/// of month `m` took, in percent; none when the cap is zero.
pub fn monthly_cap_use(inputs: Inputs, m: usize) -> Option<Decimal> {
    let cap = caps(&inputs.eval.program.contract).monthly;
    if cap.is_zero() {
        return None;
    }
    div_round(inputs.settlement.months[m].totals.credits.saturating_mul(Decimal::ONE_HUNDRED), cap)
}

/// A credit charged that a clause's `earnback after N consecutive months
/// met` may still return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenCredit {
    /// The clause's index in the program.
    pub clause: usize,
    /// The month it was charged in.
    pub charged_in: Period,
    /// The amount charged (after the caps).
    pub amount: Decimal,
    /// N: the consecutive met months that return it.
    pub after: u32,
    /// The clause's consecutive met months ending at the month asked for.
    pub met_so_far: u32,
}

/// The credits charged through month `m` that are not yet earned back, by
/// clause in file order, then by month.
pub fn open_credits(inputs: Inputs, m: usize) -> Vec<OpenCredit> {
    let program = inputs.eval.program;
    let months = &inputs.settlement.months[..=m];
    let mut open = Vec::new();
    for (ci, clause) in program.clauses.iter().enumerate() {
        let Some(after) = clause.earnback_after else { continue };
        let statuses = &inputs.settlement.tracks[ci].statuses[..=m];
        let met_so_far = statuses.iter().rev().take_while(|s| **s == crate::settle::Status::Met).count() as u32;
        let returned: Vec<Period> =
            months.iter().flat_map(|s| &s.earnbacks).filter(|e| e.clause == clause.id).map(|e| e.charged_in).collect();
        for s in months {
            let amount = s.clauses[ci].credit;
            if amount > Decimal::ZERO && !returned.contains(&s.period) {
                open.push(OpenCredit { clause: ci, charged_in: s.period, amount, after, met_so_far });
            }
        }
    }
    open
}

/// A cap that scaled a month's lines: what the lines added up to before
/// it, and what it allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scaled {
    /// The lines' total before this cap.
    pub from: Decimal,
    /// What the cap allowed.
    pub to: Decimal,
}

/// Which caps scaled the lines of a month, read from the settlement's
/// amounts before and after the caps (none is applied again).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapsApplied {
    /// The monthly cap scaled the credit lines.
    pub monthly: Option<Scaled>,
    /// The annual cap scaled them (after the monthly cap).
    pub annual: Option<Scaled>,
    /// The gain cap scaled the bonus and gain lines.
    pub gain: Option<Scaled>,
}

/// The caps that scaled month `m`'s lines.
pub fn caps_applied(inputs: Inputs, m: usize) -> CapsApplied {
    let caps = caps(&inputs.eval.program.contract);
    let month = &inputs.settlement.months[m];
    let add = |it: &mut dyn Iterator<Item = Decimal>| it.fold(Decimal::ZERO, |acc, d| acc.saturating_add(d));
    let before = add(&mut month.clauses.iter().map(|c| c.credit_before_cap));
    let monthly = (before > caps.monthly).then_some(Scaled { from: before, to: caps.monthly });
    let after_monthly = before.min(caps.monthly);
    let annual = caps.annual.and_then(|cap| {
        let earlier = &inputs.settlement.months[contract_year_start(m)..m];
        let left = cap.saturating_sub(add(&mut earlier.iter().map(|s| s.totals.credits))).max(Decimal::ZERO);
        (after_monthly > left).then_some(Scaled { from: after_monthly, to: left })
    });
    let positive = add(&mut month
        .clauses
        .iter()
        .map(|c| c.bonus_before_cap)
        .chain(month.gains.iter().filter_map(|g| g.amount_before_cap)));
    let gain = (positive > caps.gain).then_some(Scaled { from: positive, to: caps.gain });
    CapsApplied { monthly, annual, gain }
}
