//! Credit and bonus bands: which way they face, and that they are monotone
//! (LANGUAGE.md §7.2, §7.6).

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Band, BandAmount, BandLevel, Direction};
use crate::source::Span;
use crate::syntax::ast::{self, Amount, BandSide, LitKind, Sign};
use crate::value::{Percent, Type};
use rust_decimal::Decimal;

impl Checker<'_> {
    /// Checks the bands of a clause whose target faces `direction`; `None`
    /// (after reporting) if any band is wrong.
    pub(super) fn bands(
        &mut self,
        bands: &[ast::Band],
        ty: Option<&Type>,
        direction: Direction,
        is_credit: bool,
        metric: &str,
    ) -> Option<Vec<Band>> {
        let expected_side = match (direction, is_credit) {
            (Direction::HigherIsBetter, true) | (Direction::LowerIsBetter, false) => BandSide::Below,
            _ => BandSide::Above,
        };
        let fee = self.facts.fee;
        let mut out: Vec<(Band, &ast::Band, Option<Decimal>)> = Vec::new();
        let mut ok = true;
        for band in bands {
            let kind = if is_credit { "credit" } else { "bonus" };
            if !self.band_faces(band.side, band.side_span, expected_side, direction, kind) {
                ok = false;
                continue;
            }
            let level = self.band_level(&band.level, ty, metric);
            let amount = match &band.amount {
                Amount::OfFee(lit) => match lit.kind {
                    LitKind::Percent(p) => self.not_negative(p, lit.span).map(|p| BandAmount::OfFee(Percent(p))),
                    _ => None,
                },
                Amount::Money(lit) => match &lit.kind {
                    LitKind::Money { amount, currency } => self
                        .money_currency(lit, currency)
                        .and_then(|_| self.not_negative(*amount, lit.span))
                        .map(BandAmount::Money),
                    _ => None,
                },
            };
            let (Some(level), Some(amount)) = (level, amount) else {
                ok = false;
                continue;
            };
            let money = match amount {
                BandAmount::Money(m) => Some(m),
                // Checked: absurd percentages of an absurd fee must not
                // overflow here; such a band is then not compared.
                BandAmount::OfFee(p) => fee.and_then(|f| f.checked_mul(p.0)).map(|x| x / Decimal::ONE_HUNDRED),
            };
            out.push((Band { side: band.side, level, amount }, band, money));
        }
        // Monotone: a band further from the target pays at least as much.
        let place = |(b, b_ast, _): &(Band, &ast::Band, Option<Decimal>)| (b.side, b.level, b_ast.level_span);
        ok &= self.bands_in_order(&out, place, |checker, (_, outer_ast, outer_money), (_, inner_ast, inner_money)| {
            let (Some(o), Some(n)) = (outer_money, inner_money) else { return true };
            if o >= n {
                return true;
            }
            checker.report(
                Diagnostic::new(
                    Code::Bands,
                    outer_ast.amount_span,
                    "bands are not monotone: a band further from the target pays less than a nearer one",
                )
                .with_label("pays less")
                .with_secondary(inner_ast.amount_span, "than this nearer band")
                .with_help("order the amounts so that the further a value is past a level, the more the band pays"),
            );
            false
        });
        ok.then(|| out.into_iter().map(|(b, _, _)| b).collect())
    }

    /// The order every kind of band obeys (§7.2, §7.2b), checked pair by
    /// pair for credit, bonus and points bands alike: no two bands share a
    /// level (reported at the later one), and for two bands of the same
    /// kind of level, `outer_is_enough(checker, outer, inner)` says (after
    /// reporting if not) whether the band further from the target gives
    /// at least what the nearer one does. `place` is a band's side, level
    /// and the span of its level. Whether all pairs passed.
    pub(super) fn bands_in_order<B>(
        &mut self,
        bands: &[B],
        place: impl Fn(&B) -> (BandSide, BandLevel, Span),
        mut outer_is_enough: impl FnMut(&mut Self, &B, &B) -> bool,
    ) -> bool {
        let mut ok = true;
        for (i, a) in bands.iter().enumerate() {
            let (side, a_level, a_span) = place(a);
            for b in &bands[i + 1..] {
                let (_, b_level, b_span) = place(b);
                let (la, lb) = match (a_level, b_level) {
                    (BandLevel::Value(x), BandLevel::Value(y)) | (BandLevel::Target(x), BandLevel::Target(y)) => (x, y),
                    _ => continue,
                };
                if la == lb {
                    self.report(
                        Diagnostic::new(Code::Bands, b_span, "two bands at the same level")
                            .with_label("same level")
                            .with_secondary(a_span, "as this one")
                            .with_help("each band needs its own level; merge them"),
                    );
                    ok = false;
                    continue;
                }
                // Which of the two lies further out (worse for credits, better for bonuses)?
                let a_further = match side {
                    BandSide::Below => la < lb,
                    BandSide::Above => la > lb,
                };
                let (outer, inner) = if a_further { (a, b) } else { (b, a) };
                ok &= outer_is_enough(self, outer, inner);
            }
        }
        ok
    }

    /// Whether a band uses the side its clause's direction calls for
    /// (`expected`); reports it if not. `kind` is `credit`, `bonus` or `points`.
    pub(super) fn band_faces(
        &mut self,
        side: BandSide,
        span: Span,
        expected: BandSide,
        direction: Direction,
        kind: &str,
    ) -> bool {
        if side == expected {
            return true;
        }
        let (word, wrong) = match expected {
            BandSide::Below => ("below", "above"),
            BandSide::Above => ("above", "below"),
        };
        let better = if direction == Direction::HigherIsBetter { "higher" } else { "lower" };
        let applies = if kind == "points" { "points apply".to_string() } else { format!("a {kind} applies") };
        self.report(
            Diagnostic::new(
                Code::Bands,
                span,
                format!("the {kind} bands of this clause must use `{word}`, not `{wrong}`"),
            )
            .with_label("faces the wrong way")
            .with_help(format!("the target says {better} is better, so {applies} when the value is {word} a level"))
            .with_fix(word),
        );
        false
    }

    /// A band level (`95%`, `target - 5%`) in the metric's unit.
    pub(super) fn band_level(&mut self, level: &ast::BandLevel, ty: Option<&Type>, metric: &str) -> Option<BandLevel> {
        match level {
            ast::BandLevel::Value(lit) => self.threshold_value(lit, ty, metric, "band level").map(BandLevel::Value),
            ast::BandLevel::Target { offset, .. } => match offset {
                Some((sign, lit)) => self
                    .offset_value(lit, ty, metric)
                    .map(|v| BandLevel::Target(if *sign == Sign::Minus { -v } else { v })),
                None => Some(BandLevel::Target(Decimal::ZERO)),
            },
        }
    }

    /// A band amount, which cannot be negative.
    fn not_negative(&mut self, amount: Decimal, span: Span) -> Option<Decimal> {
        if amount.is_sign_negative() && !amount.is_zero() {
            self.report(
                Diagnostic::new(Code::FieldValue, span, "a band cannot pay a negative amount")
                    .with_label("negative")
                    .with_help(
                        "credits go to the client and bonuses to the provider; write the amount as a positive number",
                    ),
            );
            return None;
        }
        Some(amount)
    }
}
