//! Where the money stands at the end of a month, from the settlement alone
//! (nothing is priced again): the credits of the contract year so far
//! against the annual cap, how much of the monthly cap the credits used,
//! and the credits that can still be earned back (LANGUAGE.md §7.2, §7.5).

use super::{human, Inputs};
use crate::eval::Period;
use crate::ir::CapAmount;
use crate::settle::{contract_year_start, monthly_cap, AnnualLimit};
use crate::value::{div_round, Decimal};

/// The contract year up to a month.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Where the annual cap stands, if the contract has one.
    pub annual: Option<AnnualStanding>,
}

/// The annual cap at the end of a month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnualStanding {
    /// The cap as written: `1.5% of 12 monthly fees`, `50,000.00 EUR`, with
    /// `, rolling over any 12 consecutive months` when it is rolling.
    pub written: String,
    /// The cap as an amount.
    pub cap: Decimal,
    /// What the credits (after all caps) of its window so far took: the
    /// contract year, or the 12 months ending with the month when rolling.
    pub used: Decimal,
    /// What is left of it in that window; earnbacks do not restore it.
    pub left: Decimal,
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
        annual: annual_standing(inputs, m),
    }
}

/// The annual cap after month `m`, counted by the settlement's own
/// [`AnnualLimit`] over the credits charged; none without an annual cap.
fn annual_standing(inputs: Inputs, m: usize) -> Option<AnnualStanding> {
    let contract = &inputs.eval.program.contract;
    let cap = contract.annual_cap?;
    let mut limit = AnnualLimit::new(cap, contract.monthly_fee.amount, contract.currency).ok()?;
    let full = limit.left(0).ok()?;
    for month in &inputs.settlement.months[..m] {
        limit.charge(month.totals.credits);
    }
    let left = limit.left(m).ok()?.saturating_sub(inputs.settlement.months[m].totals.credits).max(Decimal::ZERO);
    let amount = match cap.amount {
        CapAmount::OfTwelveFees(p) => format!("{p} of 12 monthly fees"),
        CapAmount::Money(amount) => human::money(amount, contract.currency),
    };
    let rolling = if cap.rolling { ", rolling over any 12 consecutive months" } else { " a contract year" };
    Some(AnnualStanding { written: format!("{amount}{rolling}"), cap: full, used: full.saturating_sub(left), left })
}

/// The share of the monthly cap (`at_risk × monthly_fee`) that the credits
/// of month `m` took, in percent; none when the cap is zero.
pub fn monthly_cap_use(inputs: Inputs, m: usize) -> Option<Decimal> {
    let cap = monthly_cap(&inputs.eval.program.contract).ok()?;
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

/// The caps that scaled month `m`'s lines, from the settlement's totals
/// before and after each cap.
pub fn caps_applied(inputs: Inputs, m: usize) -> CapsApplied {
    let month = &inputs.settlement.months[m];
    let add = |it: &mut dyn Iterator<Item = Decimal>| it.fold(Decimal::ZERO, |acc, d| acc.saturating_add(d));
    let scaled = |from: Decimal, to: Decimal| (to < from).then_some(Scaled { from, to });
    let before = add(&mut month.clauses.iter().map(|c| c.credit_before_cap));
    let after_monthly = add(&mut month.clauses.iter().map(|c| c.credit_after_monthly_cap));
    let after = add(&mut month.clauses.iter().map(|c| c.credit));
    let positive_before = add(&mut month
        .clauses
        .iter()
        .map(|c| c.bonus_before_cap)
        .chain(month.gains.iter().filter_map(|g| g.amount_before_cap)));
    let positive_after =
        add(&mut month.clauses.iter().map(|c| c.bonus).chain(month.gains.iter().filter_map(|g| g.amount)));
    CapsApplied {
        monthly: scaled(before, after_monthly),
        annual: scaled(after_monthly, after),
        gain: scaled(positive_before, positive_after),
    }
}
