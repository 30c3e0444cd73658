//! `ledger.csv`: every money line of every settled month, from the start of
//! the term (LANGUAGE.md §8.4).
//!
//! Columns `period,kind,id,amount_before_cap,amount`; one row per line
//! whose amount before or after the caps is not zero. Rows run month by
//! month; within a month, each clause in file order gives its credit, the
//! earnbacks of its earlier credits (oldest first) and its bonus, then each
//! gain in file order gives its line. An earnback is never capped, so both
//! of its amounts are the amount returned.

use super::{text, Inputs, ReportError};
use crate::value::Decimal;

/// The ledger of every month from the first through `last` (an index into
/// the settled months).
pub fn ledger_csv(inputs: Inputs, last: usize) -> Result<Vec<u8>, ReportError> {
    let program = inputs.eval.program;
    let currency = program.contract.currency;
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    out.write_record(["period", "kind", "id", "amount_before_cap", "amount"])?;
    for month in inputs.settlement.months.iter().take(last + 1) {
        let period = month.period.to_string();
        let mut line = |kind: &str, id: &str, before: Decimal, after: Decimal| {
            if before.is_zero() && after.is_zero() {
                return Ok(());
            }
            out.write_record([period.as_str(), kind, id, &text::money(before, currency), &text::money(after, currency)])
        };
        for cm in &month.clauses {
            let id = &program.clauses[cm.clause].id;
            line("credit", id, cm.credit_before_cap, cm.credit)?;
            for e in month.earnbacks.iter().filter(|e| e.clause == *id) {
                line("earnback", id, e.amount, e.amount)?;
            }
            line("bonus", id, cm.bonus_before_cap, cm.bonus)?;
        }
        // A gain without a line this month has no money line.
        for g in &month.gains {
            if let (Some(before), Some(after)) = (g.amount_before_cap, g.amount) {
                line("gain", &g.id, before, after)?;
            }
        }
    }
    out.into_inner().map_err(|e| ReportError::Csv(e.into_error().into()))
}
