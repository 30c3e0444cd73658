//! What a clause's monthly values say: their spread (minimum, percentiles
//! by nearest rank as `percentile(..)` computes them, maximum), a small
//! text histogram, and the strictest target the history meets in a given
//! share of months.

use crate::eval::nearest_rank;
use crate::ir::Direction;
use rust_decimal::Decimal;
use serde::Serialize;

/// The percentiles reported, 0–100.
pub const PERCENTILES: [u32; 5] = [10, 25, 50, 75, 90];

/// The shares of months a proposed target is met in, 0–100.
pub const MET_IN: [u32; 3] = [50, 80, 95];

/// How many bars a histogram has at most.
const BARS: usize = 5;

/// The spread of a clause's monthly values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Spread {
    /// The smallest value.
    pub min: Decimal,
    /// `(P, value)` for each of [`PERCENTILES`], nearest rank.
    pub percentiles: Vec<(u32, Decimal)>,
    /// The largest value.
    pub max: Decimal,
    /// Equal-width bins from `min` to `max`, each `[from, to)` (the last
    /// closed), with how many values fall in it.
    pub histogram: Vec<Bin>,
}

/// One bar of a histogram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bin {
    /// The lower bound (included).
    pub from: Decimal,
    /// The upper bound (excluded, but for the last bin).
    pub to: Decimal,
    /// The values in the bin.
    pub count: usize,
}

/// The spread of `values`; `None` when there are none.
pub fn spread(values: &[Decimal]) -> Option<Spread> {
    let mut sorted = values.to_vec();
    sorted.sort();
    let (&min, &max) = (sorted.first()?, sorted.last()?);
    let at = |p: u32| sorted[rank_index(Decimal::from(p), sorted.len())];
    Some(Spread {
        min,
        percentiles: PERCENTILES.iter().map(|&p| (p, at(p))).collect(),
        max,
        histogram: histogram(&sorted),
    })
}

fn histogram(sorted: &[Decimal]) -> Vec<Bin> {
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else { return Vec::new() };
    let distinct = {
        let mut d = sorted.to_vec();
        d.dedup();
        d.len()
    };
    let bars = distinct.clamp(1, BARS);
    // Saturating: metric values a user's data produces may be extreme.
    let width = max.saturating_sub(min) / Decimal::from(bars as u64);
    let bound = |i: usize| min.saturating_add(width.saturating_mul(Decimal::from(i as u64)));
    (0..bars)
        .map(|i| {
            let from = bound(i);
            let last = i + 1 == bars;
            let to = if last { max } else { bound(i + 1) };
            let count = sorted.iter().filter(|&&v| v >= from && (v < to || (last && v <= to))).count();
            Bin { from, to, count }
        })
        .collect()
}

/// The strictest target met in at least `share` percent of the months
/// whose values are `values`: the value at the nearest rank of `share`
/// counted from the best month, to be used with `>=` when higher is better
/// and `<=` when lower is.
pub fn met_in(values: &[Decimal], share: u32, direction: Direction) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort();
    if direction == Direction::HigherIsBetter {
        sorted.reverse();
    }
    sorted.get(rank_index(Decimal::from(share), sorted.len())).copied()
}

/// The 0-based index of the nearest rank of `p` among `len` sorted values
/// (`len` at least 1; the rank is at most `len`, so it fits a `usize`).
fn rank_index(p: Decimal, len: usize) -> usize {
    usize::try_from(nearest_rank(p, len as u64)).unwrap_or(len) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(values: &[i64]) -> Vec<Decimal> {
        values.iter().map(|&v| Decimal::from(v)).collect()
    }

    #[test]
    fn met_in_counts_from_the_best_month() {
        // Ten months 70..90: met in 80% = 8 months → the 8th best.
        let v = d(&[81, 70, 90, 72, 85, 75, 88, 78, 83, 80]);
        assert_eq!(met_in(&v, 80, Direction::HigherIsBetter), Some(Decimal::from(75)));
        assert_eq!(met_in(&v, 50, Direction::HigherIsBetter), Some(Decimal::from(81)));
        // ⌈0.95 × 10⌉ = 10: the worst month.
        assert_eq!(met_in(&v, 95, Direction::HigherIsBetter), Some(Decimal::from(70)));
        assert_eq!(met_in(&v, 80, Direction::LowerIsBetter), Some(Decimal::from(85)));
        assert_eq!(met_in(&[], 80, Direction::LowerIsBetter), None);
    }

    #[test]
    fn histogram_bins_cover_every_value_once() {
        let v = d(&[70, 72, 75, 78, 80, 81, 83, 85, 88, 90]);
        let s = spread(&v).unwrap();
        // Width (90 − 70) / 5 = 4: [70,74) [74,78) [78,82) [82,86) [86,90].
        let counts: Vec<usize> = s.histogram.iter().map(|b| b.count).collect();
        assert_eq!(counts, [2, 1, 3, 2, 2]);
        assert_eq!(s.percentiles[2], (50, Decimal::from(80)));
        let extreme = spread(&[Decimal::MIN, Decimal::MAX]).unwrap();
        assert_eq!(extreme.histogram.iter().map(|b| b.count).sum::<usize>(), 2);
        let one = spread(&d(&[5, 5])).unwrap();
        assert_eq!(one.histogram, [Bin { from: Decimal::from(5), to: Decimal::from(5), count: 2 }]);
    }
}
