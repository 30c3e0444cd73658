//! `review-FROM-TO.html`: the service review pack — one self-contained HTML
//! file over a run of settled months, for the monthly review, the quarterly
//! business review and the steering committee.
//!
//! It is rendered from the settlement alone (no money is priced here) and
//! holds, one `<section>` each: the cover (what is payable, the caps, what
//! can still be earned back), the watermelon view (SLAs and XLAs side by
//! side), every clause month by month, experience triangulation, and data
//! provenance. Every chart is drawn by [`chart`] and has its numbers in a
//! table beside it. The file loads nothing: a Content-Security-Policy of
//! `default-src 'none'` forbids any request, styles are inline and charts
//! are inline SVG. Every data-derived string is escaped ([`escape`]). The
//! same inputs give the same bytes: no clock, no random ids.

mod chart;
mod clauses;
mod cover;
mod provenance;
mod table;
mod triangulation;
mod watermelon;

use super::{Inputs, ReportError};
use crate::eval::Period;
use crate::ir::Program;
use crate::value::{Decimal, Type, Value};
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write as _;

/// The stylesheet: screen and print (A4 and Letter alike: the page size is
/// the printer's, the margins fit both).
const STYLE: &str = include_str!("style.css");

/// The months a review covers, as indices into the settled months.
#[derive(Clone, Copy, Debug)]
struct Review<'a> {
    inputs: Inputs<'a>,
    /// The first month's index.
    first: usize,
    /// The last month's index.
    last: usize,
}

impl<'a> Review<'a> {
    fn program(&self) -> &'a Program {
        self.inputs.eval.program
    }

    fn months(&self) -> &'a [Period] {
        &self.inputs.eval.term.months[self.first..=self.last]
    }

    fn indices(&self) -> std::ops::RangeInclusive<usize> {
        self.first..=self.last
    }
}

/// The default file name of a review over `from` through `through`.
pub fn review_file_name(from: Period, through: Period) -> String {
    format!("review-{from}-{through}.html")
}

/// The review pack over the months `from` through `through`.
pub fn review_html(inputs: Inputs, from: Period, through: Period) -> Result<String, ReportError> {
    if through < from {
        return Err(ReportError::Backwards { from, through });
    }
    let review = Review { inputs, first: inputs.month_index(from)?, last: inputs.month_index(through)? };
    let contract = &inputs.eval.program.contract;
    let mut out = String::with_capacity(1 << 16);
    let title = format!("Service review {from} to {through}: {}", contract.name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"xla {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<nav aria-label=\"Sections\"><ol><li><a href=\"#cover\">Cover</a></li><li><a href=\"#watermelon\">SLAs and XLAs</a></li>\
         <li><a href=\"#clauses\">Clauses</a></li><li><a href=\"#triangulation\">Experience triangulation</a></li>\
         <li><a href=\"#provenance\">Data provenance</a></li></ol></nav>"
    );
    out.push_str("<main>\n");
    cover::section(&mut out, review);
    watermelon::section(&mut out, review);
    clauses::section(&mut out, review);
    triangulation::section(&mut out, review);
    provenance::section(&mut out, review);
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(out)
}

/// `text` with the five characters that mean something in HTML escaped.
fn escape(text: &dyn std::fmt::Display) -> String {
    let text = text.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value of type `ty` where a chart draws it: percents in percent,
/// durations in hours, numbers and money as they are.
fn plotted(d: Decimal, ty: &Type) -> Option<f64> {
    match ty {
        Type::Duration => (d / Decimal::from(3600)).to_f64(),
        _ => d.to_f64(),
    }
}

/// A metric value where a chart draws it (none for a value that is none
/// or that a chart cannot draw).
fn plotted_value(value: &Value, ty: &Type) -> Option<f64> {
    match value {
        Value::Percent(d) | Value::Number(d) | Value::Duration(d) => plotted(*d, ty),
        Value::Money(m) => m.amount.to_f64(),
        _ => None,
    }
}

/// The unit a chart's axis names for values of type `ty`.
fn axis_unit(ty: &Type) -> String {
    match ty {
        Type::Percent => "%".to_string(),
        Type::Duration => "hours".to_string(),
        Type::Money(c) => c.to_string(),
        _ => ty.unit_name().to_string(),
    }
}

/// The bounds a chart's axis keeps to for values of type `ty`: a percent
/// stays within 0..100 unless a value is outside.
fn axis_limits(ty: &Type) -> Option<(f64, f64)> {
    matches!(ty, Type::Percent).then_some((0.0, 100.0))
}

/// A clause's id with its title, when it has one: `p1 — P1 incident resolution`.
fn clause_name(program: &Program, ci: usize) -> String {
    let c = &program.clauses[ci];
    if c.title == c.id {
        c.id.clone()
    } else {
        format!("{} — {}", c.id, c.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(&"<b>\"A&B\"</b> 'x'"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;");
    }
}
