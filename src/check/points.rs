//! Service points (LANGUAGE.md §7.2b): the bands of a `points` regime face
//! the way the target does, give whole points, and give at least as many
//! points the further out they lie; the contract must say what a point costs.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Direction, PointsBand};
use crate::source::Span;
use crate::syntax::ast::{self, BandSide};
use crate::value::Type;

impl Checker<'_> {
    /// Checks `points { … }` of a clause whose target faces `direction`;
    /// `None` (after reporting) if any band is wrong or the contract has no
    /// `point_value`.
    pub(super) fn points(
        &mut self,
        keyword: Span,
        bands: &[ast::PointsBand],
        ty: Option<&Type>,
        direction: Direction,
        metric: &str,
    ) -> Option<Vec<PointsBand>> {
        let mut ok = self.has_point_value(keyword);
        let expected = match direction {
            Direction::HigherIsBetter => BandSide::Below,
            Direction::LowerIsBetter => BandSide::Above,
        };
        let mut out: Vec<(PointsBand, &ast::PointsBand)> = Vec::new();
        for band in bands {
            if !self.band_faces(band.side, band.side_span, expected, direction, "points") {
                ok = false;
                continue;
            }
            match self.band_level(&band.level, ty, metric) {
                Some(level) => out.push((PointsBand { side: band.side, level, points: band.points.value }, band)),
                None => ok = false,
            }
        }
        ok &= self.points_monotone(&out);
        ok.then(|| out.into_iter().map(|(b, _)| b).collect())
    }

    /// Whether the contract sets `point_value`; reports `points` at
    /// `keyword` if not.
    fn has_point_value(&mut self, keyword: Span) -> bool {
        let declared = self.scope.contract.is_some_and(|c| c.node.fields.iter().any(|f| f.key.name == "point_value"));
        if !declared && self.scope.contract.is_some() {
            self.report(
                Diagnostic::new(Code::NoPointValue, keyword, "this clause prices failures in service points, but the contract does not say what a point costs")
                    .with_label("points without a price")
                    .with_help("add `point_value` to the contract, as an amount (`point_value 500.00 EUR`) or a share of the fee (`point_value 0.5% of monthly_fee`)"),
            );
        }
        declared || self.scope.contract.is_none()
    }

    /// A band further from the target gives at least as many points as a
    /// nearer one, and no two bands share a level (§9).
    fn points_monotone(&mut self, bands: &[(PointsBand, &ast::PointsBand)]) -> bool {
        let place = |(b, b_ast): &(PointsBand, &ast::PointsBand)| (b.side, b.level, b_ast.level_span);
        self.bands_in_order(bands, place, |checker, (outer, outer_ast), (inner, inner_ast)| {
            if outer.points >= inner.points {
                return true;
            }
            checker.report(
                Diagnostic::new(
                    Code::Bands,
                    outer_ast.points.span,
                    "bands are not monotone: a band further from the target gives fewer points than a nearer one",
                )
                .with_label(points(outer.points))
                .with_secondary(inner_ast.points.span, format!("{} at a nearer level", points(inner.points)))
                .with_help("the further a value is past a level, the more points a band gives"),
            );
            false
        })
    }
}

/// `1 point`, `2 points`.
fn points(n: u32) -> String {
    format!("{n} point{}", if n == 1 { "" } else { "s" })
}
