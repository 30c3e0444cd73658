//! Money rules: band selection (§7.2, §7.6) and pro-rata caps with the
//! rounding rule (§7.2, §8.2).

use crate::ir::{Band, BandAmount, BandLevel, PointsBand, Threshold};
use crate::syntax::ast::BandSide;
use crate::value::{div_round, Currency, Decimal, Money};

/// The sum of amounts, saturating instead of overflowing (amounts come
/// from contract literals and data, which a user controls).
pub fn total(amounts: impl IntoIterator<Item = Decimal>) -> Decimal {
    amounts.into_iter().fold(Decimal::ZERO, Decimal::saturating_add)
}

/// Rounds an amount to the currency's minor units, half away from zero.
pub fn round(amount: Decimal, currency: Currency) -> Decimal {
    Money::new(amount, currency).rounded().amount
}

/// The amount of a band, unrounded.
pub fn band_amount(amount: BandAmount, fee: Decimal) -> Decimal {
    match amount {
        BandAmount::Money(m) => m,
        BandAmount::OfFee(p) => p.of(fee),
    }
}

/// A band level given the target in force (`None` if it is relative to a
/// target that is not known).
pub fn level_value(level: BandLevel, target: Option<Threshold>) -> Option<Decimal> {
    match level {
        BandLevel::Value(v) => Some(v),
        BandLevel::Target(offset) => target.map(|t| t.value.saturating_add(offset)),
    }
}

/// The band reached by `value` that lies furthest out (the worst for
/// credits, the best for bonuses): among the bands whose level the value is
/// past (`below L`: value < L; `above L`: value > L), the one with the lowest
/// (below) or highest (above) level.
pub fn furthest_band(bands: &[Band], value: Decimal, target: Option<Threshold>) -> Option<&Band> {
    furthest(bands, |b| (b.side, b.level), value, target)
}

/// The points band reached by `value` that lies furthest out (§7.2b).
pub fn furthest_points(bands: &[PointsBand], value: Decimal, target: Option<Threshold>) -> Option<&PointsBand> {
    furthest(bands, |b| (b.side, b.level), value, target)
}

fn furthest<B>(
    bands: &[B],
    side_level: impl Fn(&B) -> (BandSide, BandLevel),
    value: Decimal,
    target: Option<Threshold>,
) -> Option<&B> {
    bands
        .iter()
        .filter_map(|b| {
            let (side, level) = side_level(b);
            level_value(level, target).map(|l| (side, b, l))
        })
        .filter(|(side, _, l)| match side {
            BandSide::Below => value < *l,
            BandSide::Above => value > *l,
        })
        .max_by(|(side, _, la), (_, _, lb)| match side {
            // For `below`, further out is lower; max_by keeps the last of
            // equals, so compare reversed levels.
            BandSide::Below => lb.cmp(la),
            BandSide::Above => la.cmp(lb),
        })
        .map(|(_, b, _)| b)
}

/// Scales `lines` (rounded amounts) so that they add up to exactly `cap`
/// when their total exceeds it: each line becomes `line × cap / total`,
/// rounded, and the rounding difference goes to the largest line (the first
/// of equals). Lines within the cap are returned unchanged.
pub fn cap_lines(lines: &[Decimal], cap: Decimal, currency: Currency) -> Vec<Decimal> {
    let sum = total(lines.iter().copied());
    let cap = cap.max(Decimal::ZERO);
    if sum <= cap {
        return lines.to_vec();
    }
    let mut scaled: Vec<Decimal> = lines
        .iter()
        .map(|&line| {
            let share = div_round(line.saturating_mul(cap), sum).unwrap_or(Decimal::ZERO);
            round(share, currency)
        })
        .collect();
    let difference = cap.saturating_sub(total(scaled.iter().copied()));
    if !difference.is_zero() {
        let largest = lines
            .iter()
            .enumerate()
            .fold(None::<(usize, Decimal)>, |best, (i, &l)| match best {
                Some((_, b)) if b >= l => best,
                _ => Some((i, l)),
            })
            .map(|(i, _)| i);
        if let Some(i) = largest {
            scaled[i] = scaled[i].saturating_add(difference);
        }
    }
    scaled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn cap_scales_pro_rata_and_gives_the_difference_to_the_largest() {
        // 12000 and 7000 against a cap of 10000: 12000 × 10000 / 19000 =
        // 6315.789… → 6315.79; 7000 × 10000 / 19000 = 3684.210… → 3684.21;
        // they add up to 10000.00 exactly, so no difference to place.
        assert_eq!(cap_lines(&[d("12000"), d("7000")], d("10000"), eur()), vec![d("6315.79"), d("3684.21")]);
        // Three equal lines of 100 against 200: 66.666… → 66.67 each = 200.01;
        // the difference −0.01 goes to the first of the equal largest lines.
        assert_eq!(
            cap_lines(&[d("100"), d("100"), d("100")], d("200"), eur()),
            vec![d("66.66"), d("66.67"), d("66.67")]
        );
    }

    #[test]
    fn lines_within_the_cap_are_unchanged() {
        assert_eq!(cap_lines(&[d("10"), d("20")], d("30"), eur()), vec![d("10"), d("20")]);
    }

    #[test]
    fn worst_band_wins() {
        use crate::value::Percent;
        let bands = [
            Band {
                side: BandSide::Below,
                level: BandLevel::Target(d("0")),
                amount: BandAmount::OfFee(Percent(d("1"))),
            },
            Band {
                side: BandSide::Below,
                level: BandLevel::Target(d("-5")),
                amount: BandAmount::OfFee(Percent(d("3"))),
            },
        ];
        let target = Some(Threshold { op: crate::syntax::ast::CmpOp::Ge, value: d("70") });
        // 64 < 70 and 64 < 65: the worse band (target − 5) applies.
        assert_eq!(furthest_band(&bands, d("64"), target).unwrap().amount, BandAmount::OfFee(Percent(d("3"))));
        // 66 < 70 only.
        assert_eq!(furthest_band(&bands, d("66"), target).unwrap().amount, BandAmount::OfFee(Percent(d("1"))));
        assert!(furthest_band(&bands, d("70"), target).is_none());
    }
}
