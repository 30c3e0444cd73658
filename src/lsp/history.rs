//! What the settled months say, shown in the editor: a code lens over each
//! clause with its last settled status and value, and on a clause's
//! `target`, the targets its history would have met in 50%, 80% and 95% of
//! the months (the figures of `xla propose`, without re-settling: that is
//! the command's job). Both read only the settlements beside the contract
//! ([`super::settled`]); without them nothing is shown.

use super::convert;
use super::settled::{History, SettledClause};
use super::world::DocView;
use crate::ir::{Direction, Threshold};
use crate::propose::stats;
use crate::report::human;
use crate::syntax::ast::{self, CmpOp};
use crate::value::{Currency, Decimal, Type};
use lsp_types::{CodeLens, Command, Hover, HoverContents, MarkupContent, MarkupKind};

/// One code lens per clause of the document that has a settled month.
pub fn lenses(view: &DocView, history: &History) -> Vec<CodeLens> {
    let Some(ast) = view.analysis.ast(view.file) else { return Vec::new() };
    clauses(ast)
        .filter_map(|(item, clause)| {
            let last = history.clause(&clause.id.name).last()?;
            let start = convert::position(view.source(), item.span.start as usize);
            Some(CodeLens {
                range: lsp_types::Range { start, end: start },
                command: Some(Command { title: summary(last), command: String::new(), arguments: None }),
                data: None,
            })
        })
        .collect()
}

/// The hover over a clause's `target` field at byte `offset`, if the
/// clause has settled months with values.
pub fn target_hover(view: &DocView, offset: usize, history: &History) -> Option<Hover> {
    let ast = view.analysis.ast(view.file)?;
    let (clause, field, target) = clauses(ast).find_map(|(_, c)| {
        c.fields.iter().find_map(|f| match &f.kind {
            ast::ClauseFieldKind::Target(t) if f.span.contains(offset) => Some((c, f, t)),
            _ => None,
        })
    })?;
    let months: Vec<&SettledClause> = history
        .clause(&clause.id.name)
        .iter()
        .filter(|m| !matches!(m.status.as_str(), "not_started" | "not_measured"))
        .collect();
    let values: Vec<Decimal> = months.iter().filter_map(|m| m.value.as_deref()?.parse().ok()).collect();
    let first = months.first()?;
    let ty = unit_type(first);
    let direction = match target.op {
        CmpOp::Le | CmpOp::Lt => Direction::LowerIsBetter,
        _ => Direction::HigherIsBetter,
    };
    let op = if direction == Direction::HigherIsBetter { CmpOp::Ge } else { CmpOp::Le };
    let spread = stats::spread(&values)?;
    let median = spread.percentiles.iter().find(|(p, _)| *p == 50).map_or(spread.min, |(_, v)| *v);
    let in_unit = |d| human::in_unit(d, &ty);
    let mut text = format!(
        "**History** in `settlements/`: {} month{} with a value, {} to {}\n\nvalues: min {}, median {}, max {}\n\n",
        values.len(),
        if values.len() == 1 { "" } else { "s" },
        first.period,
        months.last().map_or("", |m| m.period.as_str()),
        in_unit(spread.min),
        in_unit(median),
        in_unit(spread.max)
    );
    for share in stats::MET_IN {
        if let Some(value) = stats::met_in(&values, share, direction) {
            text.push_str(&format!(
                "- met in {share}% of months: `{}`\n",
                human::threshold(Threshold { op, value }, &ty)
            ));
        }
    }
    if values.len() < crate::propose::ENOUGH_MONTHS {
        text.push_str(&format!("\n⚠ fewer than {} months: little to go on\n", crate::propose::ENOUGH_MONTHS));
    }
    text.push_str("\n`xla propose` prices each under the contract's money rules.");
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
        range: Some(convert::range(view.source(), field.span)),
    })
}

/// The clauses of a file, with their items.
fn clauses(ast: &ast::File) -> impl Iterator<Item = (&ast::Item, &ast::Clause)> {
    ast.items.iter().filter_map(|item| match &item.kind {
        ast::ItemKind::Clause(c) => Some((item, c)),
        _ => None,
    })
}

/// `2026-12: met · 95% (target >= 95%) · credit 1,000.00 EUR`.
fn summary(m: &SettledClause) -> String {
    let ty = unit_type(m);
    let shown = |v: &str| v.parse::<Decimal>().map_or_else(|_| v.to_string(), |d| human::in_unit(d, &ty));
    let mut text = format!("{}: {}", m.period, m.status);
    if let Some(v) = &m.value {
        text.push_str(&format!(" · {}", shown(v)));
    }
    if let Some((op, v)) = &m.target {
        text.push_str(&format!(" (target {op} {})", shown(v)));
    }
    let currency = Currency::from_code(&m.currency);
    for (what, amount) in [("credit", &m.credit), ("bonus", &m.bonus)] {
        if let (Ok(d), Some(c)) = (amount.parse::<Decimal>(), currency) {
            if !d.is_zero() {
                text.push_str(&format!(" · {what} {}", human::money(d, c)));
            }
        }
    }
    text
}

/// The type whose unit a settled value is written in.
fn unit_type(m: &SettledClause) -> Type {
    match (m.unit.as_str(), Currency::from_code(&m.currency)) {
        ("percent", _) => Type::Percent,
        ("duration", _) => Type::Duration,
        ("money", Some(c)) => Type::Money(c),
        _ => Type::Number,
    }
}
