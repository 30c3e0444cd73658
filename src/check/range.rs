//! Range-checked columns (LANGUAGE.md §5 v2): `number in LO..HI`,
//! `count in LO..HI` and `duration in LO..HI`, bounds included.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::ValueRange;
use crate::syntax::ast::{self, LitKind, Literal};
use rust_decimal::Decimal;

/// The column types that may declare a range.
const RANGED_TYPES: &[&str] = &["number", "count", "duration"];

impl Checker<'_> {
    /// The range `column` (of type `ty`) declares, if any; `Err` once the
    /// reasons it cannot be used are reported.
    pub(super) fn column_range(&mut self, column: &ast::Column, ty: &str) -> Result<Option<ValueRange>, ()> {
        let Some(range) = &column.range else {
            return Ok(None);
        };
        if !RANGED_TYPES.contains(&ty) {
            self.report(
                Diagnostic::new(
                    Code::ColumnOption,
                    range.span,
                    format!("a `{ty}` column cannot declare a range: only `number`, `count` and `duration` can"),
                )
                .with_label("does not fit the column's type")
                .with_help("remove the range, or change the column's type, as in `number in -100..100`"),
            );
            return Err(());
        }
        let (low, high) = (self.bound(&range.low, ty), self.bound(&range.high, ty));
        let (Some(low), Some(high)) = (low, high) else {
            return Err(());
        };
        let written = range.written.clone();
        if low > high {
            let slice = |lit: &Literal| self.files.sources.get(lit.span.file).slice(lit.span).to_string();
            let swapped = format!("{}..{}", slice(&range.high), slice(&range.low));
            self.report(
                Diagnostic::new(
                    Code::RangeOrder,
                    range.span,
                    format!("the range `{written}` holds no value: its low bound is above its high bound"),
                )
                .with_label("low bound above high bound")
                .with_help(format!("write the low bound first: `{swapped}`"))
                .with_fix(swapped),
            );
            return Err(());
        }
        Ok(Some(ValueRange { low, high, written }))
    }

    /// A bound's value in the column's unit (seconds for a duration), or
    /// `None` once the reason it does not fit `ty` is reported.
    fn bound(&mut self, lit: &Literal, ty: &str) -> Option<Decimal> {
        let value = match (ty, &lit.kind) {
            ("number", LitKind::Number(d)) | ("duration", LitKind::Duration(d)) => Some(*d),
            ("count", LitKind::Number(d)) if d.fract().is_zero() && !d.is_sign_negative() => Some(*d),
            _ => None,
        };
        if value.is_none() {
            let (what, example) = match ty {
                "count" => ("whole numbers ≥ 0", "0..50"),
                "duration" => ("durations", "0s..8h"),
                _ => ("numbers", "-100..100"),
            };
            self.report(
                Diagnostic::new(Code::ColumnOption, lit.span, format!("a `{ty}` range is bounded by {what}"))
                    .with_label("does not fit the column's type")
                    .with_help(format!("write the bounds as {what}, such as `{ty} in {example}`")),
            );
        }
        value
    }
}
