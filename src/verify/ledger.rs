//! `ledger.csv` compared line by line (LANGUAGE.md §8.4: columns
//! `period,kind,id,amount_before_cap,amount`).
//!
//! A line is named by its month, kind and id (`2026-03 credit p1`); when a
//! month has several lines of the same kind and id (earnbacks of several
//! earlier credits), they are compared in order and numbered from the
//! second (`2026-03 earnback p1 #2`). Amounts are compared as decimals.
//! The money consequence is the sum of the lines, credits taken off.

use super::{DocumentCheck, DocumentKind, FieldDifference, NetPayable};
use rust_decimal::Decimal;

/// The columns of a ledger, in order.
const HEADER: [&str; 5] = ["period", "kind", "id", "amount_before_cap", "amount"];

/// Why a ledger could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// Not CSV.
    #[error("{0}")]
    Csv(#[from] csv::Error),
    /// The header is not the ledger's.
    #[error("the header is `{found}`, not `{}`", HEADER.join(","))]
    Header {
        /// The header found.
        found: String,
    },
    /// A row without five fields.
    #[error("line {line} does not have the five fields {}", HEADER.join(","))]
    Row {
        /// The line number.
        line: u64,
    },
}

/// One money line.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Line {
    period: String,
    kind: String,
    id: String,
    before_cap: String,
    amount: String,
}

/// A parsed ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    lines: Vec<Line>,
}

impl Ledger {
    /// Reads a ledger from its text.
    pub fn parse(text: &str) -> Result<Ledger, LedgerError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
        if header != HEADER {
            return Err(LedgerError::Header { found: header.join(",") });
        }
        let mut lines = Vec::new();
        for record in reader.records() {
            let record = record?;
            let field = |i: usize| record.get(i).map(str::to_string);
            let line = record.position().map_or(0, csv::Position::line);
            match (field(0), field(1), field(2), field(3), field(4)) {
                (Some(period), Some(kind), Some(id), Some(before_cap), Some(amount)) if record.len() == 5 => {
                    lines.push(Line { period, kind, id, before_cap, amount })
                }
                _ => return Err(LedgerError::Row { line }),
            }
        }
        Ok(Ledger { lines })
    }

    /// The last month with a line, as written (`2026-03`).
    pub fn last_period(&self) -> Option<&str> {
        self.lines.iter().map(|l| l.period.as_str()).max()
    }

    /// The ledger cut after `period` (months compare as `YYYY-MM` text).
    pub fn through(&self, period: &str) -> Ledger {
        Ledger { lines: self.lines.iter().filter(|l| l.period.as_str() <= period).cloned().collect() }
    }

    /// The lines named for comparison, in order.
    fn named(&self) -> Vec<(String, &Line)> {
        let mut out: Vec<(String, &Line)> = Vec::new();
        for line in &self.lines {
            let base = format!("{} {} {}", line.period, line.kind, line.id);
            let seen =
                out.iter().filter(|(_, l)| (&l.period, &l.kind, &l.id) == (&line.period, &line.kind, &line.id)).count();
            let name = if seen == 0 { base } else { format!("{base} #{}", seen + 1) };
            out.push((name, line));
        }
        out
    }

    /// The sum of the lines, credits taken off.
    fn net(&self) -> Option<Decimal> {
        self.lines.iter().try_fold(Decimal::ZERO, |sum, l| {
            let amount: Decimal = l.amount.parse().ok()?;
            if l.kind == "credit" {
                sum.checked_sub(amount)
            } else {
                sum.checked_add(amount)
            }
        })
    }
}

/// Compares a received ledger with the one rendered here through `period`
/// (the last month compared). `currency` is the contract's.
pub fn ledger(name: &str, period: &str, theirs: &Ledger, ours: &Ledger, currency: &str) -> DocumentCheck {
    let (t, o) = (theirs.named(), ours.named());
    let amounts = |l: &Line| serde_json::json!({ "amount_before_cap": l.before_cap, "amount": l.amount });
    let mut fields = Vec::new();
    let names = o.iter().map(|(n, _)| n).chain(t.iter().map(|(n, _)| n).filter(|n| !o.iter().any(|(m, _)| m == *n)));
    for name in names {
        let find = |side: &[(String, &Line)]| side.iter().find(|(n, _)| n == name).map(|(_, l)| amounts(l));
        let path = format!("ledger[{name}]");
        match (find(&t), find(&o)) {
            (Some(a), Some(b)) => fields.extend(
                super::differences(&a, &b)
                    .into_iter()
                    .map(|d| FieldDifference { path: format!("{path}.{}", d.path), ..d }),
            ),
            (a, b) => fields.push(FieldDifference { path, theirs: a, ours: b }),
        }
    }
    DocumentCheck {
        name: name.to_string(),
        kind: DocumentKind::Ledger,
        period: period.to_string(),
        files: Vec::new(),
        fields,
        net_payable: NetPayable { currency: Some(currency.to_string()), theirs: theirs.net(), ours: ours.net() },
        digest: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "period,kind,id,amount_before_cap,amount\n";

    #[test]
    fn a_changed_amount_and_a_missing_line_are_named() {
        let theirs =
            Ledger::parse(&format!("{HEAD}2026-01,credit,p1,100.00,100.00\n2026-02,bonus,h,5.00,5.00\n")).unwrap();
        let ours = Ledger::parse(&format!("{HEAD}2026-01,credit,p1,100.00,90.00\n")).unwrap();
        let check = ledger("ledger.csv", "2026-02", &theirs, &ours, "EUR");
        let paths: Vec<&str> = check.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["ledger[2026-01 credit p1].amount", "ledger[2026-02 bonus h]"]);
        // theirs: −100 + 5 = −95; ours: −90.
        assert_eq!(check.net_payable.theirs, Some(Decimal::from(-95)));
        assert_eq!(check.net_payable.ours, Some(Decimal::from(-90)));
    }

    #[test]
    fn a_wrong_header_is_an_error() {
        assert!(matches!(Ledger::parse("a,b\n1,2\n"), Err(LedgerError::Header { .. })));
    }
}
