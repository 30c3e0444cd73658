//! Money rules: band selection (§7.2, §7.6) and pro-rata caps with the
//! rounding rule (§7.2, §8.2).

use crate::ir::{Band, BandAmount, BandLevel, PointsBand, Threshold};
use crate::syntax::ast::BandSide;
use crate::value::{add, checked_div_round, mul, sub, Currency, Decimal, Money, OutOfRange};

/// The sum of amounts, or the index of the amount at which the sum left the
/// decimal range (amounts come from contract literals and data, which a
/// user controls; §8.2 v2: nothing saturates).
pub fn total(amounts: impl IntoIterator<Item = Decimal>) -> Result<Decimal, usize> {
    amounts.into_iter().enumerate().try_fold(Decimal::ZERO, |sum, (i, a)| add(sum, a).map_err(|_| i))
}

/// Rounds an amount to the currency's minor units, half away from zero.
pub fn round(amount: Decimal, currency: Currency) -> Decimal {
    Money::new(amount, currency).rounded().amount
}

/// The amount of a band, unrounded.
pub fn band_amount(amount: BandAmount, fee: Decimal) -> Result<Decimal, OutOfRange> {
    match amount {
        BandAmount::Money(m) => Ok(m),
        BandAmount::OfFee(p) => p.of(fee),
    }
}

/// A band level given the target in force (`None` if it is relative to a
/// target that is not known).
pub fn level_value(level: BandLevel, target: Option<Threshold>) -> Result<Option<Decimal>, OutOfRange> {
    match level {
        BandLevel::Value(v) => Ok(Some(v)),
        BandLevel::Target(offset) => target.map(|t| add(t.value, offset)).transpose(),
    }
}

/// The band reached by `value` that lies furthest out (the worst for
/// credits, the best for bonuses): among the bands whose level the value is
/// past (`below L`: value < L; `above L`: value > L), the one with the lowest
/// (below) or highest (above) level.
pub fn furthest_band(bands: &[Band], value: Decimal, target: Option<Threshold>) -> Result<Option<&Band>, OutOfRange> {
    furthest(bands, |b| (b.side, b.level), value, target)
}

/// The points band reached by `value` that lies furthest out (§7.2b).
pub fn furthest_points(
    bands: &[PointsBand],
    value: Decimal,
    target: Option<Threshold>,
) -> Result<Option<&PointsBand>, OutOfRange> {
    furthest(bands, |b| (b.side, b.level), value, target)
}

fn furthest<B>(
    bands: &[B],
    side_level: impl Fn(&B) -> (BandSide, BandLevel),
    value: Decimal,
    target: Option<Threshold>,
) -> Result<Option<&B>, OutOfRange> {
    let mut levels = Vec::with_capacity(bands.len());
    for b in bands {
        let (side, level) = side_level(b);
        if let Some(l) = level_value(level, target)? {
            levels.push((side, b, l));
        }
    }
    Ok(levels
        .into_iter()
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
        .map(|(_, b, _)| b))
}

/// Scales `lines` (rounded amounts) so that they add up to exactly `cap`
/// when their total exceeds it: each line becomes `line × cap / total`,
/// rounded, and the rounding difference goes to the largest line (the first
/// of equals). Lines within the cap are returned unchanged. An error names
/// the index of a line whose figures left the decimal range.
pub fn cap_lines(lines: &[Decimal], cap: Decimal, currency: Currency) -> Result<Vec<Decimal>, usize> {
    let sum = total(lines.iter().copied())?;
    let cap = cap.max(Decimal::ZERO);
    if sum <= cap {
        return Ok(lines.to_vec());
    }
    let mut scaled = Vec::with_capacity(lines.len());
    for (i, &line) in lines.iter().enumerate() {
        let share = mul(line, cap).and_then(|product| checked_div_round(product, sum)).map_err(|_| i)?;
        scaled.push(round(share.unwrap_or(Decimal::ZERO), currency));
    }
    let largest = lines
        .iter()
        .enumerate()
        .fold(None::<(usize, Decimal)>, |best, (i, &l)| match best {
            Some((_, b)) if b >= l => best,
            _ => Some((i, l)),
        })
        .map_or(0, |(i, _)| i);
    let difference = total(scaled.iter().copied()).and_then(|t| sub(cap, t).map_err(|_| largest))?;
    if !difference.is_zero() {
        if let Some(line) = scaled.get_mut(largest) {
            *line = add(*line, difference).map_err(|_| largest)?;
        }
    }
    Ok(scaled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::fixtures::{d, eur};

    #[test]
    fn cap_scales_pro_rata_and_gives_the_difference_to_the_largest() {
        // 12000 and 7000 against a cap of 10000: 12000 × 10000 / 19000 =
        // 6315.789… → 6315.79; 7000 × 10000 / 19000 = 3684.210… → 3684.21;
        // they add up to 10000.00 exactly, so no difference to place.
        assert_eq!(cap_lines(&[d("12000"), d("7000")], d("10000"), eur()), Ok(vec![d("6315.79"), d("3684.21")]));
        // Three equal lines of 100 against 200: 66.666… → 66.67 each = 200.01;
        // the difference −0.01 goes to the first of the equal largest lines.
        assert_eq!(
            cap_lines(&[d("100"), d("100"), d("100")], d("200"), eur()),
            Ok(vec![d("66.66"), d("66.67"), d("66.67")])
        );
    }

    #[test]
    fn a_cap_whose_figures_leave_the_range_names_the_line() {
        // 1e26 × 1e26 cannot be formed: the first line's share is refused,
        // not scaled to nonsense.
        let huge = Decimal::from_i128_with_scale(10_i128.pow(26), 0);
        assert_eq!(cap_lines(&[huge, huge], huge, eur()), Err(0));
        // The sum of the lines itself leaves the range at the second line.
        assert_eq!(cap_lines(&[Decimal::MAX, Decimal::MAX], d("1"), eur()), Err(1));
    }

    #[test]
    fn lines_within_the_cap_are_unchanged() {
        assert_eq!(cap_lines(&[d("10"), d("20")], d("30"), eur()), Ok(vec![d("10"), d("20")]));
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
        assert_eq!(furthest_band(&bands, d("64"), target).unwrap().unwrap().amount, BandAmount::OfFee(Percent(d("3"))));
        // 66 < 70 only.
        assert_eq!(furthest_band(&bands, d("66"), target).unwrap().unwrap().amount, BandAmount::OfFee(Percent(d("1"))));
        assert!(furthest_band(&bands, d("70"), target).unwrap().is_none());
    }
}
