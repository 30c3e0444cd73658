//! Targeted help for the unit mistakes people make most: a bare number
//! where a percentage or duration is meant, money times a duration, a
//! timestamp compared with a date.

use super::Checker;
use crate::ir::ArithOp;
use crate::source::Span;
use crate::value::Type;

impl Checker<'_> {
    /// Help for `lhs OP rhs` (a comparison when `op` is `None`) whose units
    /// do not fit, when the likely intent is clear.
    pub(super) fn unit_hint(&self, op: Option<ArithOp>, lt: &Type, rt: &Type, l: Span, r: Span) -> Option<String> {
        let adds = matches!(op, None | Some(ArithOp::Add | ArithOp::Sub));
        for (this, other, other_span) in [(lt, rt, r), (rt, lt, l)] {
            let number = self.plain_number(other_span).filter(|_| adds && other.is_number());
            match (this, number) {
                (Type::Percent, Some(n)) => {
                    return Some(format!("did you mean `{n}%`? Percentages are written with `%`"))
                }
                (Type::Duration, Some(n)) => {
                    return Some(format!("write the number as a duration, such as `{n}h`, `{n}m` or `{n}d`"))
                }
                (Type::Money(c), Some(n)) => return Some(format!("write the amount with its currency: `{n} {c}`")),
                _ => {}
            }
            match (op, this, other) {
                (Some(ArithOp::Mul), Type::Duration, Type::Money(c)) => {
                    return Some(format!(
                    "a duration times money has no meaning; to price time, multiply by a rate such as `55.00 {c}/h`"
                ))
                }
                (None, Type::Timestamp, Type::Date) => {
                    return Some(
                        "`date(…)` gives the day of a timestamp: compare `date(COLUMN)` with the date".to_string(),
                    )
                }
                _ => {}
            }
        }
        None
    }

    /// The text at `span` if it is a plain number literal such as `5` or `2.5`.
    fn plain_number(&self, span: Span) -> Option<&str> {
        let text = self.files.sources.get(span.file).slice(span);
        let digits = text.strip_prefix('-').unwrap_or(text);
        let plain = !digits.is_empty()
            && digits.starts_with(|c: char| c.is_ascii_digit())
            && digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_');
        plain.then_some(text)
    }
}
